"""What the start page (startside) shows each role: the next things to do.

One section per role the user holds: what the role works on, the work that
waits (how many, most urgent first, each a link to the queue it counts), the
links its permissions open, and warnings (dwellings whose clearance is
missing or runs out, break-the-glass reviews, approvals, locked accounts).

The counts come from the same selectors as the queues they link to
(``referrals.selectors.waiting_work``, ``police_queue_count``,
``referrals.selectors.inbox``, ``reporting`` deadlines and inbox), so the
start page and the queue cannot disagree. They say how many, never who, so
the start page reads nobody's data and writes no read rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from access import policy
from accounts.actors import Viewer
from accounts.models import Role
from oversight.work import WorkItem, waiting_for


@dataclass
class Link:
    label: str
    url_name: str


@dataclass
class StartSection:
    role_label: str
    organisation: str
    heading: str
    summary: str
    empty_text: str
    links: list[Link] = field(default_factory=list)
    work: list[WorkItem] = field(default_factory=list)
    # Warnings with text and a tag colour: (text, kind) for components/tag.html.
    notices: list[tuple[str, str]] = field(default_factory=list)


_ROLE_TEXT: dict[str, tuple[Any, Any, Any]] = {
    Role.COORDINATOR: (
        _("Henvendelser og tildeling"),
        _(
            "Her ser du nye henvendelser, kartlegginger som venter på samtykke eller trusselvurdering, og forslag som venter på svar."
        ),
        _("Ingen åpne henvendelser nå."),
    ),
    Role.POLICE_REPRESENTATIVE: (
        _("Trusselvurderinger"),
        _(
            "Her ser du kartlegginger som venter på trusselvurdering, og boliger som trenger sikkerhetsklarering."
        ),
        _("Ingen trusselvurderinger venter på deg."),
    ),
    Role.DIRECTORATE_REPRESENTATIVE: (
        _("Rapporter fra kommunene"),
        _("Her ser du nye rapporter fra botilbudene og hvilke rapporter som er forsinket."),
        _("Ingen nye rapporter."),
    ),
    Role.PROJECT_LEAD: (
        _("Botilbudet ditt"),
        _("Her ser du forslag om tildeling som venter på svar, beboere, boliger og frister."),
        _("Ingen forslag eller frister venter på deg."),
    ),
    Role.FOLLOWUP_WORKER: (
        _("Beboerne dine"),
        _("Her ser du beboerne du følger opp, neste frister og siste kontakt."),
        _("Du har ingen beboere å følge opp nå."),
    ),
    Role.LOCAL_POLICE: (
        _("Sikkerhet i botilbudet"),
        _(
            "Her ser du boliger som trenger sikkerhetsklarering og beboere som skal ha sikkerhetssamtale."
        ),
        _("Ingen oppgaver venter på deg."),
    ),
    Role.ANALYST: (
        _("Statistikk"),
        _("Her finner du statistikk for tjenesten. Små tall (1–4 personer) vises som «<5»."),
        _("Statistikken kommer når det finnes opphold å telle."),
    ),
    Role.SYSADMIN: (
        _("Brukere og organisasjoner"),
        _("Du administrerer brukere, roller og organisasjoner. Du har ikke tilgang til saker."),
        "",
    ),
}

# Every link a start page can show, in the order shown. A section shows a
# link when its membership's role grants what the link's route requires
# (policy.route_requirement, i.e. the access table) and the user may open it
# now (policy.route_allows); each link once per page, in the first section
# that grants it. There is no list of links per role to keep in step.
LINKS: tuple[Link, ...] = (
    Link(_("Mine frister"), "reporting:my_deadlines"),  # type: ignore[arg-type]
    Link(_("Rapporter fra kommunene"), "reporting:inbox"),  # type: ignore[arg-type]
    Link(_("Beboere"), "stays:resident_list"),  # type: ignore[arg-type]
    Link(_("Forslag om tildeling"), "referrals:inbox"),  # type: ignore[arg-type]
    Link(_("Gå til arbeidsbenken"), "referrals:workbench"),  # type: ignore[arg-type]
    Link(_("Trusselvurderinger"), "referrals:police_queue"),  # type: ignore[arg-type]
    Link(_("Råd og veiledning"), "advisory:contact_list"),  # type: ignore[arg-type]
    Link(_("Botilbud, boliger og sikkerhetsklarering"), "housing:offer_list"),  # type: ignore[arg-type]
    Link(_("Kapasitet og belegg"), "housing:capacity"),  # type: ignore[arg-type]
    Link(_("Beboere i distriktet"), "stays:security_list"),  # type: ignore[arg-type]
    Link(_("Opphold i alle botilbud"), "stays:summary_list"),  # type: ignore[arg-type]
    Link(_("Statistikk"), "reporting:statistics"),  # type: ignore[arg-type]
    Link(_("Rutiner i botilbudene"), "routines:overview"),  # type: ignore[arg-type]
    Link(_("Gå til administrasjon"), "admin:index"),  # type: ignore[arg-type]
    # Break-the-glass, two-person approval and art. 15 (access app).
    Link(_("Nødtilganger til gjennomgang"), "access:break_glass_queue"),  # type: ignore[arg-type]
    Link(_("Godkjenning av en annen person"), "access:approval_list"),  # type: ignore[arg-type]
    Link(_("Innsyn (GDPR artikkel 15)"), "access:access_report"),  # type: ignore[arg-type]
    Link(_("Nødtilgang"), "access:break_glass"),  # type: ignore[arg-type]
)


def route_requirement(url_name: str) -> Any:
    """What the route behind ``url_name`` requires, as the policy reads its view's tag."""
    return policy.url_requirement(url_name)


def _granted(membership: Any) -> frozenset[policy.Perm]:
    granted = policy.ROLE_PERMISSIONS.get(membership.role, frozenset())
    if membership.role == Role.COORDINATOR and membership.is_lead:
        granted |= policy.LEAD_PERMISSIONS
    return granted


def _links(user: Viewer, membership: Any, shown: set[str]) -> list[Link]:
    granted = _granted(membership)
    found = []
    for link in LINKS:
        requirement = route_requirement(link.url_name)
        if (
            link.url_name not in shown
            and isinstance(requirement, tuple)
            and set(requirement) <= granted
            and policy.route_allows(user, requirement)
        ):
            found.append(link)
    shown.update(link.url_name for link in found)
    return found


# Roles whose section lists dwellings with a missing or expiring clearance.
_CLEARANCE_NOTICE_ROLES = {
    Role.COORDINATOR,
    Role.POLICE_REPRESENTATIVE,
    Role.PROJECT_LEAD,
    Role.LOCAL_POLICE,
}


def start_page(*, user: Viewer) -> list[StartSection]:
    """One section per membership, in the order the roles are declared."""
    sections = []
    order = list(Role)
    shown: set[str] = set()  # a link is the user's, not the membership's: show it once
    for membership in sorted(policy.memberships(user), key=lambda m: order.index(Role(m.role))):
        heading, summary, empty = _ROLE_TEXT[membership.role]
        links = _links(user, membership, shown)
        notices = _clearance_notices(user) if membership.role in _CLEARANCE_NOTICE_ROLES else []
        notices += _access_notices(user, membership, links, shown)
        work = waiting_for(user, links)
        sections.append(
            StartSection(
                role_label=str(Role(membership.role).label),
                organisation=membership.organisation.name,
                heading=str(heading),
                summary=str(summary),
                # "Nothing waits" only when nothing does.
                empty_text="" if work or notices else str(empty),
                links=links,
                work=work,
                notices=notices,
            )
        )
    return sections


# Who is told when no lead can be alerted about break-the-glass: the team,
# who would expect the alert, and the administrator, who can fix it.
_NO_ALERT_WARNED_ROLES = {Role.COORDINATOR, Role.SYSADMIN}
_NO_ALERT = "break_glass_no_alert"
# Who sees the count of locked accounts: the lead approves unlocks, the
# administrator asks for them.
_LOCKED_ACCOUNTS = "locked_accounts"


def _access_notices(
    user: Viewer, membership: Any, links: list[Link], shown: set[str]
) -> list[tuple[str, str]]:
    """Counts of the break-the-glass, approval and sign-in-lock work; the no-alert warning."""
    from access import approvals
    from oversight import breakglass

    names = {link.url_name for link in links}
    notices: list[tuple[str, str]] = []
    if "access:break_glass_queue" in names:
        count = breakglass.pending_review_count(fetched_by=user)
        if count:
            notices.append(
                (str(_("%(n)s nødtilgang(er) venter på gjennomgang")) % {"n": count}, "warning")
            )
    if "access:approval_list" in names:
        waiting = len(approvals.waiting_for(fetched_by=user))
        if waiting:
            notices.append(
                (
                    str(_("%(n)s forespørsel(er) venter på din godkjenning")) % {"n": waiting},
                    "warning",
                )
            )
    if membership.role in _NO_ALERT_WARNED_ROLES and _NO_ALERT not in shown:
        shown.add(_NO_ALERT)
        if not breakglass.can_alert_a_lead():
            notices.append(
                (
                    str(
                        _(
                            "Nødtilgang varsler ingen på e-post: ingen aktiv leder i "
                            "Kompetanseteamet har e-postadresse. Administratoren legger den inn."
                        )
                    ),
                    "warning",
                )
            )
    lead = membership.role == Role.COORDINATOR and membership.is_lead
    if (lead or membership.role == Role.SYSADMIN) and _LOCKED_ACCOUNTS not in shown:
        shown.add(_LOCKED_ACCOUNTS)
        notices.extend(_locked_accounts_notice(user))
    return notices


def _locked_accounts_notice(user: Viewer) -> list[tuple[str, str]]:
    """Sign-in locks (access.signin.lockout): the lead approves unlocks, the administrator asks."""
    from access.signin.lockout import locked_count

    count = locked_count(fetched_by=user)
    if not count:
        return []
    return [(str(_("%(n)s konto(er) er sperret for innlogging")) % {"n": count}, "danger")]


def _clearance_notices(user: Viewer) -> list[tuple[str, str]]:
    from housing.selectors import clearance_warnings

    return [
        (
            f"{row.dwelling.offer.municipality.name}, {row.dwelling.label}: {row.state.label}",
            row.state.kind,
        )
        for row in clearance_warnings(fetched_by=user)
    ]
