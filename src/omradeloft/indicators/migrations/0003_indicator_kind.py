"""An indicator's fixed `unit` code becomes a kind, a rate's scale and a free unit label."""

from django.db import migrations, models

# old unit code -> (kind, rate scale, label, English label); as indicators.units.LEGACY_UNITS,
# copied so that the migration keeps meaning what it meant when it was written.
LEGACY_UNITS = {
    "percent": ("rate", 100, "prosent", "percent"),
    "per_1000": ("rate", 1000, "per 1000", "per 1,000"),
    "count": ("count", None, "antall", "count"),
    "nok": ("money", None, "kroner", "NOK"),
    "years": ("other", None, "år", "years"),
    "ratio": ("other", None, "forholdstall", "ratio"),
}


def forwards(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for indicator in Indicator.objects.all():
        kind, scale, label, label_en = LEGACY_UNITS[indicator.unit]
        indicator.kind, indicator.rate_scale = kind, scale
        indicator.unit_label, indicator.unit_label_en = label, label_en
        indicator.save(update_fields=["kind", "rate_scale", "unit_label", "unit_label_en"])


def backwards(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    by_kind = {"count": "count", "money": "nok", "index": "ratio", "other": "ratio"}
    for indicator in Indicator.objects.all():
        if indicator.kind == "rate":
            indicator.unit = "percent" if indicator.rate_scale == 100 else "per_1000"
        elif indicator.kind == "other" and indicator.unit_label == "år":
            indicator.unit = "years"
        else:
            indicator.unit = by_kind[indicator.kind]
        indicator.save(update_fields=["unit"])


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_additiverelation")]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="kind",
            field=models.CharField(
                choices=[
                    ("count", "count"),
                    ("rate", "rate"),
                    ("money", "amount of money"),
                    ("index", "index or score"),
                    ("other", "other measure"),
                ],
                default="other",
                help_text=(
                    "Counts and amounts of money add up; rates are aggregated from their "
                    "numerators and denominators; small counts are suppressed in counts and in "
                    "the numerators and denominators of rates."
                ),
                max_length=10,
                verbose_name="kind",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="indicator",
            name="rate_scale",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Rates only: 100 for percent, 1000 for per 1,000, 100000 for per 100,000.",
                null=True,
                verbose_name="scale",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="unit_label",
            field=models.CharField(
                default="",
                help_text="The unit as readers see it, in Norwegian.",
                max_length=60,
                verbose_name="unit",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="indicator",
            name="unit_label_en",
            field=models.CharField(
                blank=True,
                help_text="Leave empty if the same.",
                max_length=60,
                verbose_name="unit in English",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="indicator", name="unit"),
    ]
