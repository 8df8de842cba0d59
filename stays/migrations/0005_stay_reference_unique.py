"""Step 3 of 3: the reference is unique while set (and so indexed) and given to every new stay."""

from django.db import migrations, models

import stays.references


class Migration(migrations.Migration):
    dependencies = [
        ("stays", "0004_fill_stay_references"),
    ]

    operations = [
        migrations.AlterField(
            model_name="stay",
            name="reference",
            field=models.CharField(
                blank=True,
                default=stays.references.unused,
                editable=False,
                max_length=16,
                verbose_name="referanse",
            ),
        ),
        migrations.AddConstraint(
            model_name="stay",
            constraint=models.UniqueConstraint(
                condition=models.Q(("reference", ""), _negated=True),
                fields=("reference",),
                name="stay_unique_reference",
            ),
        ),
    ]
