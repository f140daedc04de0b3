from django.urls import path

from participants.views import dashboard, settings

app_name = "participants"

urlpatterns = [
    path("overzicht/", dashboard.dashboard, name="dashboard"),
    path("instellingen/", settings.settings_index, name="settings"),
    path("instellingen/organisatie/", settings.organisation_edit, name="organisation"),
    path("instellingen/organisatie/logo/", settings.organisation_logo, name="organisation_logo"),
    path("instellingen/locaties/", settings.location_list, name="location_list"),
    path("instellingen/locaties/nieuw/", settings.location_create_view, name="location_create"),
    path("instellingen/locaties/<int:pk>/", settings.location_edit, name="location_edit"),
    path("instellingen/locaties/<int:pk>/actief/", settings.location_set_active_view,
         name="location_set_active"),
    path("instellingen/locaties/<int:pk>/sluitingsdagen/", settings.closure_list_view,
         name="closure_list"),
    path("instellingen/locaties/<int:pk>/sluitingsdagen/toevoegen/", settings.closure_add_view,
         name="closure_add"),
    path("instellingen/locaties/<int:pk>/sluitingsdagen/<int:closure_pk>/verwijderen/",
         settings.closure_remove_view, name="closure_remove"),
    path("instellingen/activiteiten/", settings.activity_list, name="activity_list"),
    path("instellingen/activiteiten/nieuw/", settings.activity_create_view, name="activity_create"),
    path("instellingen/activiteiten/<int:pk>/", settings.activity_edit, name="activity_edit"),
    path("instellingen/activiteiten/<int:pk>/actief/", settings.activity_set_active_view,
         name="activity_set_active"),
    path("instellingen/gemeenten/", settings.municipality_list_view, name="municipality_list"),
    path("instellingen/gemeenten/nieuw/", settings.municipality_create_view, name="municipality_create"),
    path("instellingen/gemeenten/<int:pk>/", settings.municipality_edit, name="municipality_edit"),
    path("instellingen/gemeenten/<int:pk>/actief/", settings.municipality_set_active_view,
         name="municipality_set_active"),
    path("instellingen/medewerkers/", settings.staff_list_view, name="staff_list"),
    path("instellingen/medewerkers/nieuw/", settings.staff_create_view, name="staff_create"),
    path("instellingen/medewerkers/<int:pk>/", settings.staff_edit, name="staff_edit"),
    path("instellingen/medewerkers/<int:pk>/actief/", settings.staff_set_active_view,
         name="staff_set_active"),
]
