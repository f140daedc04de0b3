from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.officer_home, name="officer_home"),
    path("<int:pk>/pdf/", views.officer_pdf, name="officer_pdf"),
    path("<int:pk>/cijfers.csv", views.officer_csv, name="officer_csv"),
    path("afspraken/", views.arrangement_list, name="arrangement_list"),
    path("afspraken/<int:pk>/", views.arrangement_detail, name="arrangement_detail"),
    path("afspraken/<int:pk>/aanvragen/", views.report_request_view, name="report_request"),
    path("rapport/<int:pk>/status/", views.report_status, name="report_status"),
    path("rapport/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("rapport/<int:pk>/<str:action>/", views.report_action, name="report_action"),
]
