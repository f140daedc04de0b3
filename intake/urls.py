from django.urls import path

from intake import views

app_name = "intake"

board = "bord/<int:location_id>/<str:date>/<str:dagdeel>/"

urlpatterns = [
    path("", views.today, name="today"),
    path(board, views.board, name="board"),
    path(board + "zoeken/", views.search, name="search"),
    path(board + "aanmelden/", views.check_in, name="check_in"),
    path(board + "lijst/", views.paper_list, name="paper_list"),
    path(board + "anoniem/", views.anonymous, name="anonymous"),
    path(board + "nieuw/", views.newcomer, name="newcomer"),
    path("bezoek/<int:visit_id>/ongedaan-maken/", views.undo, name="undo"),
    path("deelnemer/<int:participant_id>/kennismaking/", views.kennismaking, name="kennismaking"),
    path("deelnemer/<int:participant_id>/toestemming/", views.sensitive_consent, name="sensitive_consent"),
]
