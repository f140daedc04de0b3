from django.db import migrations

DOMAINS = (
    "Werk en dagbesteding",
    "Sociaal netwerk",
    "Gezondheid",
    "Financiën",
    "Wonen",
    "Leren",
    "Zingeving",
)


def create_life_domains(apps, schema_editor):
    LifeDomain = apps.get_model("participants", "LifeDomain")
    for order, name in enumerate(DOMAINS):
        LifeDomain.objects.get_or_create(name=name, defaults={"order": order})


def remove_unused_life_domains(apps, schema_editor):
    LifeDomain = apps.get_model("participants", "LifeDomain")
    LifeDomain.objects.filter(name__in=DOMAINS, goals=None).delete()


class Migration(migrations.Migration):
    """The default, configurable list of life domains for goals."""

    dependencies = [("participants", "0004_progress")]

    operations = [migrations.RunPython(create_life_domains, remove_unused_life_domains)]
