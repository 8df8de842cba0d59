"""PostgreSQL only: no two held/occupied bookings of one place may overlap in time.

SQLite has no exclusion constraints; there ``services.place_book`` checks the
overlap under a lock of the place row (which it also does on PostgreSQL; the
constraint is the backstop against any other writer).
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT_SQL = """
ALTER TABLE housing_placebooking
ADD CONSTRAINT booking_no_overlap_per_place
EXCLUDE USING gist (
    place_id WITH =,
    daterange(starts_on, ends_on, '[)') WITH &&
) WHERE (status IN ('held', 'occupied'))
"""


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CONSTRAINT_SQL)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE housing_placebooking DROP CONSTRAINT IF EXISTS booking_no_overlap_per_place"
        )


class Migration(migrations.Migration):
    dependencies = [("housing", "0001_initial")]

    operations = [
        # CreateExtension does nothing on other databases.
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, drop_constraint),
    ]
