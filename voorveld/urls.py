from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from voorveld import account_views, views
from voorveld.roles import authenticated, public

handler403 = "voorveld.errors.permission_denied"
handler404 = "voorveld.errors.page_not_found"
handler500 = "voorveld.errors.server_error"

auth_patterns = [
    path("inloggen/", public(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
         name="login"),
    path("uitloggen/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("wachtwoord-vergeten/", public(auth_views.PasswordResetView.as_view()),
         name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", public(auth_views.PasswordResetDoneView.as_view()),
         name="password_reset_done"),
    path("wachtwoord-herstellen/<uidb64>/<token>/",
         public(auth_views.PasswordResetConfirmView.as_view()), name="password_reset_confirm"),
    path("wachtwoord-herstellen/klaar/", public(auth_views.PasswordResetCompleteView.as_view()),
         name="password_reset_complete"),
    path("wachtwoord-wijzigen/", authenticated(auth_views.PasswordChangeView.as_view()),
         name="password_change"),
    path("wachtwoord-wijzigen/klaar/", authenticated(auth_views.PasswordChangeDoneView.as_view()),
         name="password_change_done"),
    path("tweestapsverificatie/", account_views.two_factor_account, name="two_factor_account"),
    path("tweestapsverificatie/code/", account_views.two_factor_verify, name="two_factor_verify"),
    path("tweestapsverificatie/instellen/", account_views.two_factor_setup, name="two_factor_setup"),
    path("tweestapsverificatie/herstelcodes/", account_views.two_factor_recovery_codes,
         name="two_factor_recovery_codes"),
    path("tweestapsverificatie/uitzetten/", account_views.two_factor_disable, name="two_factor_disable"),
    path("tweestapsverificatie/<int:pk>/opnieuw/", account_views.two_factor_reset, name="two_factor_reset"),
    path("sessie-verlengen/", account_views.session_keepalive, name="session_keepalive"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("taal/", public(set_language), name="set_language"),
    path("account/", include(auth_patterns)),
    path("deur/", include("intake.urls")),
    path("deelnemers/", include("participants.urls")),
    path("rapportage/", include("reporting.urls")),
    path("beheer/", admin.site.urls),
]
