"""The admin app with the site of voorveld/admin_site.py (INSTALLED_APPS names this instead of
django.contrib.admin). Kept apart from admin_site.py: this module is imported before the models."""

from django.contrib.admin.apps import AdminConfig


class VoorveldAdminConfig(AdminConfig):
    default_site = "voorveld.admin_site.VerifiedAdminSite"
