"""The default hierarchy; levels are data and can be renamed, removed or added."""

from django.db import migrations

DEFAULT_LEVELS = [
    ("country", "Land", "Country"),
    ("municipality", "Kommune", "Municipality"),
    ("district", "Bydel", "District"),
    ("subdistrict", "Delbydel", "Subdistrict"),
    ("basic_unit", "Grunnkrets", "Basic statistical unit"),
]


def create_levels(apps, schema_editor):
    AreaLevel = apps.get_model("areas", "AreaLevel")
    for rank, (code, name, name_en) in enumerate(DEFAULT_LEVELS):
        AreaLevel.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "rank": rank * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]
    operations = [migrations.RunPython(create_levels, migrations.RunPython.noop)]
