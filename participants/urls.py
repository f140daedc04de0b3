from django.urls import path

from participants.views import dashboard, settings

app_name = "participants"

urlpatterns = [
    path("overzicht/", dashboard.dashboard, name="dashboard"),
    path("instellingen/", settings.settings_index, name="settings"),
]
