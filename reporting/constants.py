from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FunderKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    FUND = "fund", _("Fund")
