"""How a resident is named to one viewer (beboerens navn eller pseudonym): the one rule.

A resident is a person, never «Opphold 17» (UX.md). The name is shown to a
viewer who may read the person on that stay under the access table: the
offer's own staff (``view_residents``, also under break-the-glass) and the
district's local police (``view_stay_security``), the two permissions whose
pages already read ``person.name`` (``stays.reads.NAMED``). Everyone else
(the team, the directorate, the team's police on the follow-up pages) gets a
stable pseudonym made from the stay's id alone, never from personal data, so
the same resident reads the same on every page and nothing about the person
can be worked out from it. A stay with no person (imported, anonymised) has
only the pseudonym.

A shown name is a read of personal data: ``resident_labels`` records
``stays.reads.NAME`` for every name it returns, unless the page's own read
(``covered_by``) already names ``person.name``, as the lists and the overview
do. Call it only for what the page renders: a form shown back after a POST
shows the name too, so the row is written whatever the method.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from audit.services import Read
from stays import reads
from stays.models import Stay

# The permissions whose pages show the person's name on a stay (stays.reads.NAMED).
NAME_PERMS = (Perm.VIEW_RESIDENTS, Perm.VIEW_STAY_SECURITY)
NAME_FIELD = "person.name"


def pseudonym(stay_id: int) -> str:
    """«Beboer B-017»: from the stay's id only, the same on every page and for every role."""
    return _("Beboer %(code)s") % {"code": f"B-{stay_id:03d}"}


def named_stay_ids(stay_ids: Iterable[int], *, fetched_by: Viewer) -> set[int]:
    """The stays among ``stay_ids`` whose person ``fetched_by`` may read by name."""
    ids = set(stay_ids)
    if not ids:
        return set()
    found: set[int] = set()
    for perm in NAME_PERMS:
        found |= set(
            policy.visible(fetched_by, Stay, perm)
            .filter(pk__in=ids, person__isnull=False)
            .values_list("pk", flat=True)
        )
    return found


def resident_labels(
    stays: Iterable[Stay],
    *,
    fetched_by: Viewer,
    request: HttpRequest | None = None,
    covered_by: Read | None = None,
) -> dict[int, str]:
    """Stay pk -> how ``fetched_by`` sees the resident: the name or the pseudonym; names audited.

    ``stays`` are rows the caller fetched through the policy; the names come
    from their ``person`` (select it with the stay to save a query per row).
    ``covered_by``: the read the page records anyway; when it names
    ``person.name`` no second row is written.
    """
    stays = list(stays)
    named = named_stay_ids([s.pk for s in stays], fetched_by=fetched_by)
    # One query for the persons a caller did not select with its stays
    # (deadlines come from several sources), not one per resident.
    prefetch_related_objects([s for s in stays if s.pk in named], "person")
    labels = {
        s.pk: (s.person.name if s.pk in named and s.person is not None else pseudonym(s.pk))
        for s in stays
    }
    shown = [s for s in stays if s.pk in named]
    covered = covered_by is not None and NAME_FIELD in covered_by.fields
    if shown and not covered:
        reads.NAME.record(actor=fetched_by, objects=shown, request=request)
    return labels


def resident_label(
    stay: Stay,
    *,
    fetched_by: Viewer,
    request: HttpRequest | None = None,
    covered_by: Read | None = None,
) -> str:
    """One resident's label for ``fetched_by`` (``resident_labels`` for one stay)."""
    return resident_labels([stay], fetched_by=fetched_by, request=request, covered_by=covered_by)[
        stay.pk
    ]
