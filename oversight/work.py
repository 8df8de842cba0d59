"""The work that waits on the start page (startside): how many, where, how urgent.

Each count comes from the selector of the queue it links to, so the start
page and the queue cannot disagree. A count says how many, never who: the
start page reads nobody's data and writes no read rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import ngettext

from accounts.actors import Viewer


@dataclass
class WorkItem:
    """«3 forslag venter på svar»: how much waits, where, and how urgent (tag colour)."""

    count: int
    text: str
    url_name: str
    kind: str  # danger | warning | info


_URGENCY = {"danger": 0, "warning": 1, "info": 2}


def _counted(count: int, text: Callable[[int], str], url_name: str, kind: str) -> list[WorkItem]:
    """One line of work when there is any; ``text`` picks the singular or plural."""
    if not count:
        return []
    return [WorkItem(count, text(count) % {"n": count}, url_name, kind)]


def waiting_for(user: Viewer, links: list[Any]) -> list[WorkItem]:
    """What waits behind a section's links, most urgent first: each queue counted by its selector."""
    return sorted(_work(user, links), key=lambda item: _URGENCY[item.kind])


def _work(user: Viewer, links: list[Any]) -> list[WorkItem]:
    names = {link.url_name for link in links}
    work: list[WorkItem] = []
    if "referrals:workbench" in names:
        work += _workbench_work(user)
    if "referrals:police_queue" in names:
        from referrals.selectors import police_queue_count

        work += _counted(
            police_queue_count(fetched_by=user),
            lambda n: ngettext(
                "%(n)s kartlegging venter på trusselvurdering",
                "%(n)s kartlegginger venter på trusselvurdering",
                n,
            ),
            "referrals:police_queue",
            "warning",
        )
    if "referrals:inbox" in names:
        from referrals.models import Allocation
        from referrals.selectors import inbox

        proposed = [a for a in inbox(fetched_by=user) if a.status == Allocation.Status.PROPOSED]
        work += _counted(
            len(proposed),
            lambda n: ngettext(
                "%(n)s forslag om tildeling venter på svar",
                "%(n)s forslag om tildeling venter på svar",
                n,
            ),
            "referrals:inbox",
            "warning",
        )
    if "reporting:inbox" in names:
        from reporting.selectors import late_reports, unread_report_count

        work += _counted(
            len(late_reports(fetched_by=user)),
            lambda n: ngettext(
                "%(n)s rapport er ikke sendt innen fristen",
                "%(n)s rapporter er ikke sendt innen fristen",
                n,
            ),
            "reporting:inbox",
            "danger",
        )
        work += _counted(
            unread_report_count(fetched_by=user),
            lambda n: ngettext(
                "%(n)s ny rapport fra kommunene", "%(n)s nye rapporter fra kommunene", n
            ),
            "reporting:inbox",
            "info",
        )
    if "reporting:my_deadlines" in names:
        work += _deadline_work(user)
    if "stays:security_list" in names:
        work += _security_conversation_work(user)
    if "routines:overview" in names:
        from routines.selectors import unread_count

        work += _counted(
            unread_count(fetched_by=user),
            lambda n: ngettext(
                "%(n)s rutine du ikke har bekreftet at du har lest",
                "%(n)s rutiner du ikke har bekreftet at du har lest",
                n,
            ),
            "routines:overview",
            "warning",
        )
    return work


def _security_conversation_work(user: Viewer) -> list[WorkItem]:
    """Residents in the police's reach who live there and have had no security conversation.

    Counted from the list the link opens (``stays.selectors.security_list``),
    without reading anyone: a count, not the list, so no read row is written.
    """
    from followup.models import SecurityConversation
    from stays.models import Stay
    from stays.selectors import security_list

    due = (
        security_list(fetched_by=user)
        .filter(status=Stay.Status.LIVING)
        .exclude(pk__in=SecurityConversation.objects.values("stay_id"))
        .count()
    )
    return _counted(
        due,
        lambda n: ngettext(
            "%(n)s beboer venter på sikkerhetssamtale",
            "%(n)s beboere venter på sikkerhetssamtale",
            n,
        ),
        "stays:security_list",
        "warning",
    )


def _workbench_work(user: Viewer) -> list[WorkItem]:
    from referrals.selectors import waiting_work

    bench = waiting_work(fetched_by=user)
    url = "referrals:workbench"
    return [
        *_counted(
            len(bench.holds_expiring),
            lambda n: ngettext(
                "%(n)s plass holdes bare noen dager til uten svar",
                "%(n)s plasser holdes bare noen dager til uten svar",
                n,
            ),
            url,
            "danger",
        ),
        *_counted(
            len(bench.open_inquiries),
            lambda n: ngettext("%(n)s åpen henvendelse", "%(n)s åpne henvendelser", n),
            url,
            "warning",
        ),
        *_counted(
            len(bench.ready_for_proposal),
            lambda n: ngettext(
                "%(n)s kartlegging er klar for forslag om plass",
                "%(n)s kartlegginger er klare for forslag om plass",
                n,
            ),
            url,
            "warning",
        ),
        *_counted(
            len(bench.waiting_for_consent),
            lambda n: ngettext(
                "%(n)s kartlegging venter på samtykke", "%(n)s kartlegginger venter på samtykke", n
            ),
            url,
            "info",
        ),
        *_counted(
            len(bench.waiting_for_threat_assessment),
            lambda n: ngettext(
                "%(n)s kartlegging venter på trusselvurdering",
                "%(n)s kartlegginger venter på trusselvurdering",
                n,
            ),
            url,
            "info",
        ),
        *_counted(
            len(bench.proposals_waiting),
            lambda n: ngettext(
                "%(n)s forslag venter på svar fra botilbudet",
                "%(n)s forslag venter på svar fra botilbudet",
                n,
            ),
            url,
            "info",
        ),
    ]


def _deadline_work(user: Viewer) -> list[WorkItem]:
    from reporting import deadlines as dl
    from reporting.selectors import my_deadlines

    tally = dl.counts(my_deadlines(fetched_by=user))
    url = "reporting:my_deadlines"
    return [
        *_counted(
            tally[dl.State.OVERDUE],
            lambda n: ngettext("%(n)s frist er passert", "%(n)s frister er passert", n),
            url,
            "danger",
        ),
        *_counted(
            tally[dl.State.DUE] + tally[dl.State.SOON],
            lambda n: ngettext("%(n)s frist snart", "%(n)s frister snart", n),
            url,
            "warning",
        ),
    ]
