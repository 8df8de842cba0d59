"""What the start page shows each role: the next things to do.

Later issues add real work lists (inquiries, residents, deadlines) to the
sections; until they exist a section says what will appear there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from access import policy
from accounts.models import Role


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

_OFFERS_LINK = Link(_("Botilbud, boliger og sikkerhetsklarering"), "housing:offer_list")  # type: ignore[arg-type]
_CAPACITY_LINK = Link(_("Kapasitet og belegg"), "housing:capacity")  # type: ignore[arg-type]
# Intake and allocation (referrals).
_WORKBENCH_LINK = Link(_("Gå til arbeidsbenken"), "referrals:workbench")  # type: ignore[arg-type]
_THREAT_LINK = Link(_("Trusselvurderinger"), "referrals:police_queue")  # type: ignore[arg-type]
_INBOX_LINK = Link(_("Forslag om tildeling"), "referrals:inbox")  # type: ignore[arg-type]
_ROLE_LINKS: dict[str, list[Link]] = {
    Role.SYSADMIN: [Link(str(_("Gå til administrasjon")), "admin:index")],
    Role.COORDINATOR: [_WORKBENCH_LINK, _CAPACITY_LINK, _OFFERS_LINK],
    Role.POLICE_REPRESENTATIVE: [_THREAT_LINK, _OFFERS_LINK, _CAPACITY_LINK],
    Role.DIRECTORATE_REPRESENTATIVE: [_CAPACITY_LINK, _OFFERS_LINK],
    Role.PROJECT_LEAD: [_INBOX_LINK, _OFFERS_LINK, _CAPACITY_LINK],
    Role.FOLLOWUP_WORKER: [_INBOX_LINK, _OFFERS_LINK],
    Role.LOCAL_POLICE: [_THREAT_LINK, _OFFERS_LINK],
}
# Residents (stays): first for the offer's staff, a security list for the
# local police, the status-and-dates overview for coordinators.
_RESIDENTS_LINK = Link(_("Beboere"), "stays:resident_list")  # type: ignore[arg-type]
_ROLE_LINKS[Role.PROJECT_LEAD] = [_RESIDENTS_LINK, *_ROLE_LINKS[Role.PROJECT_LEAD]]
_ROLE_LINKS[Role.FOLLOWUP_WORKER] = [_RESIDENTS_LINK, *_ROLE_LINKS[Role.FOLLOWUP_WORKER]]
_ROLE_LINKS[Role.LOCAL_POLICE] = [
    *_ROLE_LINKS[Role.LOCAL_POLICE],
    Link(_("Beboere i distriktet"), "stays:security_list"),  # type: ignore[arg-type]
]
_ROLE_LINKS[Role.COORDINATOR] = [
    *_ROLE_LINKS[Role.COORDINATOR],
    Link(_("Opphold i alle botilbud"), "stays:summary_list"),  # type: ignore[arg-type]
]
# Deadlines (reporting): "Mine frister" first for every case role; the
# directorate representative's report inbox; statistics for those who see them.
_DEADLINES_LINK = Link(_("Mine frister"), "reporting:my_deadlines")  # type: ignore[arg-type]
_STATISTICS_LINK = Link(_("Statistikk"), "reporting:statistics")  # type: ignore[arg-type]
for _role in (
    Role.COORDINATOR,
    Role.POLICE_REPRESENTATIVE,
    Role.DIRECTORATE_REPRESENTATIVE,
    Role.PROJECT_LEAD,
    Role.FOLLOWUP_WORKER,
    Role.LOCAL_POLICE,
):
    _ROLE_LINKS[_role] = [_DEADLINES_LINK, *_ROLE_LINKS.get(_role, [])]
_REPORTS_LINK = Link(_("Rapporter fra kommunene"), "reporting:inbox")  # type: ignore[arg-type]
_ROLE_LINKS[Role.DIRECTORATE_REPRESENTATIVE].insert(0, _REPORTS_LINK)
for _role in (Role.COORDINATOR, Role.DIRECTORATE_REPRESENTATIVE, Role.PROJECT_LEAD, Role.ANALYST):
    _ROLE_LINKS[_role] = [*_ROLE_LINKS.get(_role, []), _STATISTICS_LINK]
# Roles whose section lists dwellings with a missing or expiring clearance.
_CLEARANCE_NOTICE_ROLES = {
    Role.COORDINATOR,
    Role.POLICE_REPRESENTATIVE,
    Role.PROJECT_LEAD,
    Role.LOCAL_POLICE,
}


def start_page(*, user: Any) -> list[StartSection]:
    """One section per membership, in the order the roles are declared."""
    sections = []
    order = list(Role)
    shown: set[str] = set()  # access work is the user's, not the membership's: show it once
    for membership in sorted(policy.memberships(user), key=lambda m: order.index(Role(m.role))):
        heading, summary, empty = _ROLE_TEXT[membership.role]
        sections.append(
            StartSection(
                role_label=str(Role(membership.role).label),
                organisation=membership.organisation.name,
                heading=str(heading),
                summary=str(summary),
                empty_text=str(empty),
                links=_ROLE_LINKS.get(membership.role, []),
                notices=_clearance_notices(user)
                if membership.role in _CLEARANCE_NOTICE_ROLES
                else [],
            )
        )
        _add_access_work(user, membership, sections[-1], shown)
    return sections


# Break-the-glass, two-person approval and art. 15 (access app): the lead's
# review queue and every approver's waiting requests, with counts.
_APPROVER_ROLES = {Role.POLICE_REPRESENTATIVE, Role.PROJECT_LEAD, Role.SYSADMIN}
# Who is told when no lead can be alerted about break-the-glass: the team,
# who would expect the alert, and the administrator, who can fix it.
_NO_ALERT_WARNED_ROLES = {Role.COORDINATOR, Role.SYSADMIN}
_NO_ALERT = "break_glass_no_alert"


def _add_access_work(user: Any, membership: Any, section: StartSection, shown: set[str]) -> None:
    from access import approvals, breakglass

    links: list[Link] = []
    notices: list[tuple[str, str]] = []
    lead = membership.role == Role.COORDINATOR and membership.is_lead
    if lead and "access:break_glass_queue" not in shown:
        count = breakglass.pending_review_count(fetched_by=user)
        links.append(Link(str(_("Nødtilganger til gjennomgang")), "access:break_glass_queue"))
        if count:
            notices.append(
                (str(_("%(n)s nødtilgang(er) venter på gjennomgang")) % {"n": count}, "warning")
            )
    if (lead or membership.role in _APPROVER_ROLES) and "access:approval_list" not in shown:
        waiting = len(approvals.waiting_for(fetched_by=user))
        links.append(Link(str(_("Godkjenning av en annen person")), "access:approval_list"))
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
    if (lead or membership.role == Role.SYSADMIN) and "locked_accounts" not in shown:
        shown.add("locked_accounts")
        notices.extend(_locked_accounts_notice(user))
    if membership.role == Role.COORDINATOR:
        links.append(Link(str(_("Innsyn (GDPR artikkel 15)")), "access:access_report"))
    if policy.has_perm(user, policy.Perm.USE_BREAK_GLASS) and membership.role != Role.SYSADMIN:
        links.append(Link(str(_("Nødtilgang")), "access:break_glass"))
    links = [link for link in links if link.url_name not in shown]
    shown.update(link.url_name for link in links)
    if links or notices:
        section.links = [*section.links, *links]
        section.notices = [*section.notices, *notices]


def _locked_accounts_notice(user: Any) -> list[tuple[str, str]]:
    """Sign-in locks (accounts.lockout): the lead approves unlocks, the administrator asks."""
    from accounts.lockout import locked_count

    count = locked_count(fetched_by=user)
    if not count:
        return []
    return [(str(_("%(n)s konto(er) er sperret for innlogging")) % {"n": count}, "danger")]


def _clearance_notices(user: Any) -> list[tuple[str, str]]:
    from housing.selectors import clearance_warnings

    return [
        (
            f"{row.dwelling.offer.municipality.name}, {row.dwelling.label}: {row.state.label}",
            row.state.kind,
        )
        for row in clearance_warnings(fetched_by=user)
    ]
