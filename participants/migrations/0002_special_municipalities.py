from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

SPECIAL = [
    ("other", "Andere gemeente"),
    ("unknown", "Onbekend / geen vaste woonplaats"),
]


def create_special_municipalities(apps, schema_editor):
    Municipality = apps.get_model("participants", "Municipality")
    for kind, name in SPECIAL:
        Municipality.objects.get_or_create(kind=kind, defaults={"name": name})


def remove_special_municipalities(apps, schema_editor):
    Municipality = apps.get_model("participants", "Municipality")
    Municipality.objects.filter(kind__in=[kind for kind, _ in SPECIAL], participants=None).delete()


class Migration(migrations.Migration):
    """The two entries every gemeente list must offer, and the extensions the search needs."""

    dependencies = [("participants", "0001_initial")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(create_special_municipalities, remove_special_municipalities),
    ]
