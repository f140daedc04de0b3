from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoorveldConfig(AppConfig):
    name = "voorveld"
    verbose_name = _("Accounts and roles")
