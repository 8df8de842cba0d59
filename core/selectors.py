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
        _(""),
    ),
}

_ROLE_LINKS: dict[str, list[Link]] = {
    Role.SYSADMIN: [Link(str(_("Gå til administrasjon")), "admin:index")],
}


def start_page(*, user: Any) -> list[StartSection]:
    """One section per membership, in the order the roles are declared."""
    sections = []
    order = list(Role)
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
            )
        )
    return sections
