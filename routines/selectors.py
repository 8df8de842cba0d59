"""Reads of the routines app: an offer's checklist of routines, their versions, the status table.

Routines are the offer's documents, not personal data, so the staff's reads
are not audited (the directorate's reads of a shared offer are, in the view);
what each role sees is the access table's: the text only under READ_ROUTINES
(for the directorate only approved versions of offers that share them), the
status (which exist, approved when, review when) under VIEW_ROUTINE_STATUS,
where the text is not even loaded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from access import policy, scopes
from access.policy import Perm
from access.table import Reach, condition, reach
from accounts.actors import Viewer
from core import dates
from routines.models import (
    KIND_GROUPS,
    OfferInformation,
    RoutineKind,
    RoutineOffer,
    RoutineReading,
    RoutineSharing,
    RoutineVersion,
)


class State:
    MISSING = "missing"
    DRAFT = "draft"
    APPROVED = "approved"
    OVERDUE = "overdue"


STATE_TAGS = {
    State.MISSING: (_("Mangler"), "danger"),
    State.DRAFT: (_("Utkast, ikke godkjent"), "warning"),
    State.APPROVED: (_("Godkjent"), "success"),
    State.OVERDUE: (_("Gjennomgang forfalt"), "danger"),
}


@dataclass
class RoutineStatus:
    """One required routine of one offer: what is in force, what waits, and whether it is late."""

    kind: str
    label: str
    today: dt.date
    current: RoutineVersion | None = None
    draft: RoutineVersion | None = None
    read_by_me: bool = False

    @property
    def state(self) -> str:
        if self.current is None:
            return State.DRAFT if self.draft is not None else State.MISSING
        review = self.current.next_review_on
        return State.OVERDUE if review is not None and review < self.today else State.APPROVED

    @property
    def state_label(self) -> str:
        return str(STATE_TAGS[self.state][0])

    @property
    def tag_kind(self) -> str:
        return STATE_TAGS[self.state][1]


@dataclass
class OfferRoutines:
    offer: RoutineOffer
    groups: list[tuple[str, str, list[RoutineStatus]]] = field(default_factory=list)
    # May the user open the text (READ_ROUTINES): staff, or the directorate where shared.
    readable: bool = False

    @property
    def routines(self) -> list[RoutineStatus]:
        return [status for _letter, _heading, items in self.groups for status in items]

    def count(self, state: str) -> int:
        return sum(1 for status in self.routines if status.state == state)

    @property
    def counts(self) -> dict[str, int]:
        return {state: self.count(state) for state in STATE_TAGS}


def _pk(user: Viewer) -> int:
    """The user's id; 0 (nobody) for an anonymous viewer, who has read nothing."""
    return int(getattr(user, "pk", None) or 0)


def offer_get(*, fetched_by: Viewer, pk: Any, perm: Perm) -> RoutineOffer:
    """One offer as the routine pages see it, or 404 (hidden and missing alike)."""
    return policy.get_object_for(
        fetched_by, RoutineOffer.objects.select_related("municipality"), perm, pk=pk
    )


def kind_or_404(kind: str) -> RoutineKind:
    if kind not in RoutineKind.values:
        raise Http404
    return RoutineKind(kind)


def _statuses(
    offers: Iterable[RoutineOffer], versions: Iterable[RoutineVersion], read: set[int]
) -> list[OfferRoutines]:
    today = dates.today()
    """The checklist of every offer: the newest approved version in force, a newer draft waiting."""
    by_key: dict[tuple[int, str], list[RoutineVersion]] = defaultdict(list)
    for version in versions:  # newest first (the model's ordering)
        by_key[(version.offer_id, version.kind)].append(version)
    found = []
    for offer in offers:
        groups = []
        for letter, heading, kinds in KIND_GROUPS:
            items = []
            for kind in kinds:
                status = RoutineStatus(kind=kind, label=str(kind.label), today=today)
                for version in by_key.get((offer.pk, kind), []):
                    if version.is_approved:
                        status.current = version
                        break
                    if status.draft is None:
                        status.draft = version
                status.read_by_me = status.current is not None and status.current.pk in read
                items.append(status)
            groups.append((letter, str(heading), items))
        found.append(OfferRoutines(offer=offer, groups=groups))
    return found


def _versions(user: Viewer, perm: Perm, offers: list[RoutineOffer]) -> QuerySet[RoutineVersion]:
    return policy.visible(user, RoutineVersion, perm).filter(offer__in=[o.pk for o in offers])


def checklist(*, fetched_by: Viewer, offer: RoutineOffer) -> OfferRoutines:
    """The offer's required routines for its staff, with whether the user has read each."""
    versions = (
        _versions(fetched_by, Perm.READ_ROUTINES, [offer])
        .select_related("approved_by")
        .defer("file")
    )
    read = set(
        RoutineReading.objects.filter(user_id=_pk(fetched_by), version__offer=offer).values_list(
            "version_id", flat=True
        )
    )
    return _statuses([offer], versions, read)[0]


def status_table(*, fetched_by: Viewer) -> list[OfferRoutines]:
    """Every offer the user may see the status of, each with its checklist; never the text."""
    offers = list(
        policy.visible(fetched_by, RoutineOffer, Perm.VIEW_ROUTINE_STATUS).select_related(
            "municipality"
        )
    )
    versions = _versions(fetched_by, Perm.VIEW_ROUTINE_STATUS, offers).only(
        "pk", "offer_id", "kind", "number", "approved_on", "next_review_on", "approved_by_id"
    )
    readable = set(
        policy.visible(fetched_by, RoutineOffer, Perm.READ_ROUTINES)
        .filter(pk__in=[o.pk for o in offers])
        .values_list("pk", flat=True)
    )
    found = _statuses(offers, versions, set())
    for row in found:
        row.readable = row.offer.pk in readable
    return found


@dataclass
class RoutineHistory:
    status: RoutineStatus
    versions: list[RoutineVersion]


def routine_history(*, fetched_by: Viewer, offer: RoutineOffer, kind: str) -> RoutineHistory:
    """Every version of one routine, newest first, and which is in force."""
    kind = kind_or_404(kind)
    versions = list(
        _versions(fetched_by, Perm.READ_ROUTINES, [offer])
        .filter(kind=kind)
        .select_related("written_by", "approved_by")
        # The attached document is fetched only to be downloaded, never to list it.
        .defer("file")
    )
    read = set(
        RoutineReading.objects.filter(user_id=_pk(fetched_by), version__in=versions).values_list(
            "version_id", flat=True
        )
    )
    status = _statuses([offer], versions, read)[0]
    found = next(s for s in status.routines if s.kind == kind)
    return RoutineHistory(status=found, versions=versions)


def version_with_file(
    *, fetched_by: Viewer, offer: RoutineOffer, kind: str, pk: Any
) -> RoutineVersion:
    """One version of the routine with its attached document, or 404.

    Through the policy: the offer's staff any version, the directorate only an
    approved version of an offer that shares its routines; a version without a
    document, of another routine or of another offer is missing alike.
    """
    return policy.get_object_for(
        fetched_by,
        RoutineVersion.objects.filter(offer_id=offer.pk, kind=kind_or_404(kind)),
        Perm.READ_ROUTINES,
        pk=pk,
        file_size__isnull=False,
    )


def unread_count(*, fetched_by: Viewer) -> int:
    """Routines in force in the user's offers that the user has not confirmed reading.

    The project lead's own approvals count as read: whoever approved a text has read it.
    """
    # Only staff confirm reading; the directorate reading a shared offer has nothing to confirm.
    municipalities = _staff_municipalities(fetched_by)
    if not municipalities:
        return 0
    offers = list(
        policy.visible(fetched_by, RoutineOffer, Perm.READ_ROUTINES).filter(
            municipality_id__in=municipalities
        )
    )
    if not offers:
        return 0
    versions = _versions(fetched_by, Perm.READ_ROUTINES, offers).only(
        "pk", "offer_id", "kind", "number", "approved_on", "approved_by_id"
    )
    read = set(
        RoutineReading.objects.filter(user_id=_pk(fetched_by)).values_list("version_id", flat=True)
    )
    return sum(
        1
        for status in (s for o in _statuses(offers, versions, read) for s in o.routines)
        if status.current is not None
        and not status.read_by_me
        and status.current.approved_by_id != _pk(fetched_by)
    )


def reads_as_staff(*, fetched_by: Viewer, offer: Any) -> bool:
    """Does the user read this offer's routines as its staff, not only because it shares them?

    Staff read every version and confirm having read the one in force; the
    directorate (condition ``routines_shared``) only reads what is approved,
    each read audited. Decided per offer: a directorate representative who is
    also staff elsewhere reads a shared offer as the directorate. Only a
    membership in the offer's own municipality counts, so a reach the table
    may add later is read the directorate's way until this learns it (the
    stricter side).
    """
    return offer.municipality_id in _staff_municipalities(fetched_by)


def _staff_municipalities(fetched_by: Viewer) -> set[int]:
    """The municipalities whose offers' routines the user reads as staff (see reads_as_staff)."""
    return {
        organisation_id
        for role, organisation_id in scopes.holders(fetched_by)
        if reach(Perm.READ_ROUTINES, role) == Reach.OWN_MUNICIPALITY
        and condition(Perm.READ_ROUTINES, role) is None
    }


def shares_with_directorate(*, fetched_by: Viewer, offer: RoutineOffer) -> bool:
    """Whether the offer's project lead shares its approved routines with the directorate."""
    return (
        policy.visible(fetched_by, RoutineSharing, Perm.READ_ROUTINES)
        .filter(offer_id=offer.pk, shares=True)
        .exists()
    )


def information_for(*, fetched_by: Viewer, offer: RoutineOffer) -> OfferInformation | None:
    """The offer's information sheet, if written; read with the offer (VIEW_OFFERS)."""
    return (
        policy.visible(fetched_by, OfferInformation, Perm.VIEW_OFFERS)
        .filter(offer_id=offer.pk)
        .first()
    )
