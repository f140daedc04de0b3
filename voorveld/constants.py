from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    COACH = "coach", _("Coach")
    VOLUNTEER = "volunteer", _("Volunteer or intern")
    OFFICER = "officer", _("Municipal officer")
