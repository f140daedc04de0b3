from django.contrib import admin

from participants import models


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name",)


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code", "kind", "is_active")


class OpeningInline(admin.TabularInline):
    model = models.LocationOpening
    extra = 0


class ClosureInline(admin.TabularInline):
    model = models.LocationClosure
    extra = 0


@admin.register(models.Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "capacity", "is_active")
    inlines = [OpeningInline, ClosureInline]
    filter_horizontal = ("staff",)


@admin.register(models.Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active")
