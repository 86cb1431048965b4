"""Index scores remember which components rested on suppressed values and the step their
score is rounded to outside the analyst role. Scores computed before have no step: the
pages withhold their numbers until the index is computed again."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("targeting", "0002_classification_rules")]

    operations = [
        migrations.AddField(
            model_name="indexscore",
            name="score_step",
            field=models.FloatField(
                blank=True,
                help_text="Outside the analyst role a score resting on suppressed values is shown rounded to this step. Empty for scores computed before indices passed disclosure control: compute the index again.",
                null=True,
                verbose_name="rounding step",
            ),
        ),
        migrations.AddField(
            model_name="indexscore",
            name="suppressed_components",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Components whose value here, or whose reference value, was withheld by disclosure control when the index was computed; their contributions are not published.",
                verbose_name="components resting on suppressed values",
            ),
        ),
    ]
