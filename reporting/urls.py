from django.urls import path

from reporting.views import officer, settings, workflow

app_name = "reporting"

manage = "beheer/"

urlpatterns = [
    # The officer portal: the own funder's published reports only.
    path("", officer.officer_home, name="officer_home"),
    path("<int:pk>/", officer.officer_report, name="officer_report"),
    path("<int:pk>/pdf/", officer.officer_pdf, name="officer_pdf"),
    path("<int:pk>/cijfers.<str:fmt>", officer.officer_export, name="officer_export"),
    # Coordinators and admins: arrangements and the report workflow.
    path(manage, workflow.arrangement_list_view, name="arrangement_list"),
    path(manage + "afspraken/nieuw/", settings.arrangement_create_view, name="arrangement_create"),
    path(manage + "afspraken/<int:pk>/", workflow.arrangement_detail, name="arrangement_detail"),
    path(manage + "afspraken/<int:pk>/bewerken/", settings.arrangement_edit, name="arrangement_edit"),
    path(manage + "afspraken/<int:pk>/aanvragen/", workflow.report_request_view, name="report_request"),
    path(manage + "rapport/<int:pk>/", workflow.report_detail, name="report_detail"),
    path(manage + "rapport/<int:pk>/status/", workflow.report_status, name="report_status"),
    path(manage + "rapport/<int:pk>/pdf/", workflow.report_pdf, name="report_pdf"),
    path(manage + "rapport/<int:pk>/publiceren/", workflow.report_publish_view, name="report_publish"),
    path(manage + "rapport/<int:pk>/<str:action>/", workflow.report_action, name="report_action"),
    # Coordinators and admins: funders, officer accounts and stories.
    path(manage + "financiers/", settings.funder_list_view, name="funder_list"),
    path(manage + "financiers/nieuw/", settings.funder_create_view, name="funder_create"),
    path(manage + "financiers/<int:pk>/", settings.funder_edit, name="funder_edit"),
    path(manage + "financiers/<int:pk>/ambtenaar/", settings.officer_create_view, name="officer_create"),
    path(manage + "ambtenaren/", settings.officer_list_view, name="officer_list"),
    path(manage + "ambtenaren/<int:pk>/actief/", settings.officer_set_active_view, name="officer_set_active"),
    path(manage + "verhalen/", settings.story_list_view, name="story_list"),
    path(manage + "verhalen/nieuw/", settings.story_create_view, name="story_create"),
    path(manage + "verhalen/<int:pk>/", settings.story_edit, name="story_edit"),
    path(manage + "verhalen/<int:pk>/verwijderen/", settings.story_delete_view, name="story_delete"),
]
