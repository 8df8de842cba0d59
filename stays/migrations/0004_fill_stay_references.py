"""Step 2 of 3: give every existing stay a random reference.

Its own migration (not in 0003 or 0005): PostgreSQL refuses to alter a table
in the same transaction that has just updated its rows with pending triggers.
"""

from typing import Any

from django.db import migrations

from stays import references


def fill_references(apps: Any, schema_editor: Any) -> None:
    stay_model = apps.get_model("stays", "Stay")
    used = set(stay_model._base_manager.exclude(reference="").values_list("reference", flat=True))
    for pk in (
        stay_model._base_manager.filter(reference="").order_by("pk").values_list("pk", flat=True)
    ):
        candidate = references.generate()
        while candidate in used:
            candidate = references.generate()
        used.add(candidate)
        stay_model._base_manager.filter(pk=pk).update(reference=candidate)


class Migration(migrations.Migration):
    dependencies = [
        ("stays", "0003_stay_reference"),
    ]

    operations = [
        migrations.RunPython(fill_references, migrations.RunPython.noop),
    ]
