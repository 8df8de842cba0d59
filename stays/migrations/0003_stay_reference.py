"""Every stay gets a random reference (stays/references.py); step 1 of 3: the column."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stays", "0002_arrival_moveout_closure"),
    ]

    operations = [
        migrations.AddField(
            model_name="stay",
            name="reference",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=16, verbose_name="referanse"
            ),
        ),
    ]
