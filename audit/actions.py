"""Every audit action code the system writes, with its kind and words for people.

``audit.services.record`` and ``record_read`` refuse a code that is not here
(ValueError), and ``audit/tests/test_actions.py`` scans the source: every
code passed to them is registered, and every registered code is written
somewhere (no dead entries). Everything that reads codes asks this module
instead of guessing from the last word of a code:

* the audit review counts ``read`` codes for the volume check;
* the art. 15 report shows ``text`` ("Opphold: sett"), and counts ``read``
  codes as "looked at";
* the break-the-glass review page lists the ``read`` codes of an access with
  their text.

Kinds: ``read`` (personal data was shown or exported), ``write`` (something
was registered or changed, by a person), ``sign-in`` (signing in and out),
``system`` (a scheduled job or command). The text is plain Norwegian for the
person reading their own art. 15 report: the thing, then what happened to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    READ = "read"
    WRITE = "write"
    SIGN_IN = "sign-in"
    SYSTEM = "system"


@dataclass(frozen=True)
class Action:
    code: str
    kind: Kind
    text: str | Promise


R, W, S, SYS = Kind.READ, Kind.WRITE, Kind.SIGN_IN, Kind.SYSTEM

_ACTIONS = (
    # --- access: break-the-glass, two-person approval, art. 15, exports
    Action("access.approval.approved", W, _("Godkjenning: godkjent")),
    Action("access.approval.expired", SYS, _("Godkjenning: utløpt")),
    Action("access.approval.rejected", W, _("Godkjenning: avvist")),
    Action("access.approval.requested", W, _("Godkjenning: bedt om")),
    Action("access.approval.used", W, _("Godkjenning: brukt")),
    Action("access.approval.withdrawn", W, _("Godkjenning: trukket (det den gjaldt, er slettet)")),
    Action("access.art15.generated", R, _("Innsynsrapport: laget")),
    Action("access.break_glass.not_found", W, _("Nødtilgang: forsøkt, ingen treff")),
    Action("access.break_glass.opened", W, _("Nødtilgang: åpnet")),
    Action("access.break_glass.reviewed", W, _("Nødtilgang: vurdert")),
    Action("access.resident_list.exported", R, _("Beboerliste: lastet ned")),
    Action("access.approval.viewed", R, _("Forespørsel om godkjenning: sett")),
    Action("access.art15.exported", R, _("Innsynsrapport: opplysningen tatt med")),
    Action("access.break_glass_review.viewed", R, _("Nødtilgang: gjennomgang sett")),
    # --- advisory: the competence team's advice and guidance, and its courses
    Action("advisory.contact.created", W, _("Rådgivning: registrert")),
    Action("advisory.contact.listed", R, _("Rådgivning: vist i en liste")),
    Action("advisory.contact.to_inquiry", W, _("Rådgivning: gjort om til henvendelse")),
    Action("advisory.contact.viewed", R, _("Rådgivning: sett")),
    Action("advisory.course.created", W, _("Kurs eller foredrag: registrert")),
    # --- accounts
    Action("accounts.enrolment.completed", S, _("Aktiveringslenke: brukt")),
    Action("accounts.enrolment.issued", W, _("Aktiveringslenke: laget")),
    Action("accounts.enrolment.opened", S, _("Aktiveringslenke: åpnet")),
    Action("accounts.enrolment.refused", S, _("Aktiveringslenke: avvist")),
    Action("accounts.enrolment.replaced", W, _("Aktiveringslenke: erstattet av en nyere")),
    Action("accounts.membership.added", W, _("Rolle: lagt til")),
    Action("accounts.membership.changed", W, _("Rolle: endret")),
    Action("accounts.membership.granted", W, _("Rolle: gitt")),
    Action("accounts.membership.removed", W, _("Rolle: fjernet")),
    Action("accounts.organisation.changed", W, _("Organisasjon: endret")),
    Action("accounts.organisation.created", W, _("Organisasjon: opprettet")),
    Action("accounts.organisation.deleted", W, _("Organisasjon: slettet")),
    Action("accounts.user.activated", W, _("Bruker: aktivert igjen")),
    Action("accounts.user.changed", W, _("Bruker: endret")),
    Action("accounts.user.created", W, _("Bruker: opprettet")),
    Action("accounts.user.deactivated", W, _("Bruker: deaktivert")),
    Action("accounts.user.deleted", W, _("Bruker: slettet")),
    Action("accounts.user.locked", S, _("Innlogging: sperret etter for mange feil")),
    Action("accounts.user.logged_in", S, _("Innlogging")),
    Action("accounts.user.logged_out", S, _("Utlogging")),
    Action("accounts.user.login_failed", S, _("Innlogging: mislyktes")),
    Action("accounts.user.password_set", S, _("Passord: valgt med aktiveringslenke")),
    Action("accounts.user.reset_applied", W, _("Passord og innloggingstrinn: fjernet")),
    Action("accounts.user.reset_approved", W, _("Ny aktiveringslenke: godkjent")),
    Action("accounts.user.reset_requested", W, _("Ny aktiveringslenke: bedt om")),
    Action("accounts.user.second_factor_failed", S, _("Innlogging: feil kode eller nøkkel")),
    Action("accounts.user.totp_enrolled", S, _("Kodeapp: koblet til med aktiveringslenke")),
    Action("accounts.user.unlocked", S, _("Innlogging: sperren opphevet")),
    # --- audit
    Action("audit.review.generated", SYS, _("Gjennomgang av loggen: laget")),
    Action("audit.review.viewed", R, _("Gjennomgang av loggen: sett")),
    # --- decisions and the individual plan
    Action("decisions.decision.changed", W, _("Vedtak: endret")),
    Action("decisions.decision.created", W, _("Vedtak: registrert")),
    Action("decisions.plan.changed", W, _("Individuell plan: endret")),
    Action("decisions.plan.created", W, _("Individuell plan: registrert")),
    Action("decisions.decision.opened", R, _("Vedtak: åpnet for endring")),
    Action("decisions.decisions.viewed", R, _("Vedtak og individuell plan: sett")),
    Action("decisions.plan.opened", R, _("Individuell plan: åpnet for endring")),
    Action("decisions.stay.opened", R, _("Vedtak: åpnet for å registrere nytt vedtak")),
    # --- documents of a case
    Action("documents.person_document.added", W, _("Dokument i inntaket: lagt til")),
    Action("documents.person_document.downloaded", R, _("Dokument i inntaket: lastet ned")),
    Action("documents.person_documents.viewed", R, _("Dokumenter i inntaket: listen sett")),
    Action("documents.stay_document.added", W, _("Dokument i oppholdet: lagt til")),
    Action("documents.stay_document.downloaded", R, _("Dokument i oppholdet: lastet ned")),
    Action("documents.stay_documents.viewed", R, _("Dokumenter i oppholdet: listen sett")),
    # --- follow-up
    Action("followup.areas.changed", W, _("Oppfølgingsområder: endret")),
    Action("followup.contact.corrected", W, _("Kontaktlogg: kontakt rettet")),
    Action("followup.contact.created", W, _("Kontakt med tjenester: registrert")),
    Action("followup.conversation.changed", W, _("Sikkerhetssamtale: endret")),
    Action("followup.conversation.created", W, _("Sikkerhetssamtale: registrert")),
    Action("followup.evaluation.created", W, _("Evaluering av handlingsplanen: registrert")),
    Action("followup.goal.created", W, _("Mål i handlingsplanen: registrert")),
    Action("followup.goal.status_changed", W, _("Mål i handlingsplanen: status endret")),
    Action(
        "followup.measure.acknowledged_at_closure",
        W,
        _("Sikkerhetstiltak: bekreftet som avsluttet da oppholdet ble avsluttet"),
    ),
    Action("followup.measure.changed", W, _("Sikkerhetstiltak: endret")),
    Action("followup.measure.created", W, _("Sikkerhetstiltak: registrert")),
    Action("followup.plan.changed", W, _("Handlingsplan: endret")),
    Action("followup.plan.created", W, _("Handlingsplan: registrert")),
    Action("followup.plan_action.created", W, _("Tiltak i handlingsplanen: registrert")),
    Action("followup.plan_action.status_changed", W, _("Tiltak i handlingsplanen: status endret")),
    Action("followup.threat_change.created", W, _("Endring i trusselbildet: registrert")),
    Action("followup.areas.opened", R, _("Oppfølgingsområder: åpnet for endring")),
    Action("followup.areas.viewed", R, _("Oppfølgingsområder: sett")),
    Action("followup.contact.opened", R, _("Kontaktlogg: kontakt åpnet for retting")),
    Action("followup.contact_history.viewed", R, _("Kontaktlogg: tidligere versjoner sett")),
    Action("followup.contacts.viewed", R, _("Kontaktlogg: sett")),
    Action("followup.measure.opened", R, _("Sikkerhetstiltak: åpnet for endring")),
    Action("followup.measures.viewed", R, _("Sikkerhetstiltak og trusselbilde: sett")),
    Action("followup.plan.opened", R, _("Handlingsplan: åpnet for endring")),
    Action("followup.plan.viewed", R, _("Handlingsplan: sett")),
    Action("followup.plan_goals.opened", R, _("Mål i handlingsplanen: åpnet for endring")),
    Action("followup.security.opened", R, _("Sikkerhetssamtale og kriseplan: åpnet for endring")),
    Action("followup.security.viewed", R, _("Sikkerhetssamtale og kriseplan: sett")),
    Action("followup.stay.opened", R, _("Oppfølging av oppholdet: åpnet for endring")),
    # --- meetings
    Action("meetings.consent.created", W, _("Samtykke til deltakelse i møter: registrert")),
    Action("meetings.consent.withdrawn", W, _("Samtykke til deltakelse i møter: trukket tilbake")),
    Action("meetings.meeting.created", W, _("Møte: planlagt")),
    Action("meetings.minutes.changed", W, _("Møtereferat og beslutninger: endret")),
    Action("meetings.participant.added", W, _("Deltaker i møte: lagt til")),
    Action("meetings.task.created", W, _("Oppgave etter møte: registrert")),
    Action("meetings.task.done", W, _("Oppgave etter møte: utført")),
    Action("meetings.meetings.viewed", R, _("Møter og samtykker: sett")),
    Action("meetings.meeting.viewed", R, _("Møte med referat: sett")),
    Action("meetings.minutes.opened", R, _("Møtereferat: åpnet for endring")),
    Action("meetings.minutes.printed", R, _("Møtereferat: skrevet ut")),
    Action("meetings.stay.opened", R, _("Møter for oppholdet: åpnet for registrering")),
    # --- housing
    Action("housing.booking.cancelled", W, _("Plass: reservasjon avlyst")),
    Action("housing.booking.created", W, _("Plass: reservert")),
    Action("housing.booking.ended", W, _("Plass: avsluttet")),
    Action("housing.booking.occupied", W, _("Plass: tatt i bruk")),
    Action("housing.booking.relocation_flagged", W, _("Plass: må flytte")),
    Action("housing.clearance.recorded", W, _("Sikkerhetsklarering: registrert")),
    Action("housing.dwelling.address_viewed", R, _("Boligens adresse: sett")),
    Action("housing.dwelling.capacity_changed", W, _("Bolig: antall plasser endret")),
    Action("housing.dwelling.created", W, _("Bolig: registrert")),
    Action("housing.dwelling.taken_out_of_use", W, _("Bolig: tatt ut av bruk")),
    Action("housing.offer.created", W, _("Botilbud: opprettet")),
    Action("housing.offer.updated", W, _("Botilbud: endret")),
    Action("housing.partner.contact_added", W, _("Samarbeidspartner: kontaktperson lagt til")),
    Action("housing.partner.created", W, _("Samarbeidspartner: registrert")),
    Action("housing.recommendation.carried_out", W, _("Sikkerhetsanbefaling: utført")),
    Action("housing.dwelling.viewed", R, _("Sikkerhetsklarering av bolig: sett")),
    Action("housing.recommendation.opened", R, _("Anbefaling fra sikkerhetsklareringen: åpnet")),
    # --- referrals
    Action("referrals.allocation.accepted", W, _("Tildeling: akseptert")),
    Action("referrals.allocation.declined", W, _("Tildeling: avslått")),
    Action("referrals.allocation.expired", SYS, _("Tildeling: utløpt")),
    Action("referrals.allocation.proposed", W, _("Tildeling: foreslått")),
    Action("referrals.allocation.withdrawn", W, _("Tildeling: trukket")),
    Action("referrals.assessment.corrected", W, _("Kartlegging: rettet")),
    Action("referrals.assessment.created", W, _("Kartlegging: registrert")),
    Action(
        "referrals.assessment.threat_criterion_met",
        W,
        _("Kartlegging: kriterium 4 vurdert ut fra trusselvurderingen"),
    ),
    Action("referrals.assessment.viewed", R, _("Kartlegging: sett")),
    Action("referrals.assessment.withdrawn", W, _("Kartlegging: trukket tilbake")),
    Action("referrals.consent.recorded", W, _("Samtykke: registrert")),
    Action("referrals.consent.withdrawn", W, _("Samtykke: trukket tilbake")),
    Action("referrals.inquiry.assessed", W, _("Henvendelse: kartlagt")),
    Action("referrals.inquiry.closed", W, _("Henvendelse: avsluttet")),
    Action("referrals.inquiry.corrected", W, _("Henvendelse: rettet")),
    Action("referrals.inquiry.created", W, _("Henvendelse: registrert")),
    Action("referrals.inquiry.listed", R, _("Henvendelse: vist i en liste")),
    Action("referrals.inquiry.reopened", W, _("Henvendelse: åpnet igjen")),
    Action("referrals.inquiry.viewed", R, _("Henvendelse: sett")),
    Action("referrals.package.viewed", R, _("Informasjon til botilbudet: sett")),
    Action("referrals.person.corrected", W, _("Personopplysninger: rettet")),
    Action("referrals.person.created", W, _("Personopplysninger: registrert")),
    Action("referrals.person.listed", R, _("Personopplysninger: vist i en liste")),
    Action("referrals.sharing.refused", W, _("Deling: stoppet fordi samtykke manglet")),
    Action("referrals.sharing.shared", W, _("Deling: delt etter samtykke")),
    Action("referrals.threat_assessment.created", W, _("Trusselvurdering: registrert")),
    Action("referrals.threat_assessment.listed", R, _("Trusselvurdering: vist i en liste")),
    Action("referrals.threat_assessment.viewed", R, _("Trusselvurdering: sett")),
    # --- reporting
    Action("reporting.export.created", R, _("Statistikk: lastet ned")),
    Action("reporting.milestone_report.read", W, _("Rapport om oppholdet: merket som lest")),
    Action("reporting.milestone_report.submitted", W, _("Rapport om oppholdet: sendt")),
    Action("reporting.milestone_report.viewed", R, _("Rapport om oppholdet: sett")),
    Action("reporting.stays.imported", SYS, _("Opphold: hentet fra tidligere register")),
    Action("reporting.late_report.listed", R, _("Forsinkede milepælsrapporter: vist i en liste")),
    Action("reporting.milestone_form.opened", R, _("Milepælsrapport: åpnet for utfylling")),
    Action("reporting.milestone_report.listed", R, _("Milepælsrapporter: vist i en liste")),
    Action("reporting.stay_reports.viewed", R, _("Milepælsrapporter for oppholdet: sett")),
    # --- routines: an offer's written routines and its information sheet
    Action("routines.information.changed", W, _("Informasjon om botilbudet: endret")),
    Action("routines.information.created", W, _("Informasjon om botilbudet: skrevet")),
    Action("routines.version.approved", W, _("Rutine: godkjent")),
    Action("routines.version.read_confirmed", W, _("Rutine: bekreftet lest")),
    Action("routines.version.written", W, _("Rutine: ny versjon skrevet")),
    Action("routines.sharing.turned_on", W, _("Rutiner: delt med direktoratet")),
    Action("routines.sharing.turned_off", W, _("Rutiner: ikke lenger delt med direktoratet")),
    Action("routines.version.shared_read", R, _("Rutine: lest av direktoratet")),
    Action("routines.version.file_downloaded", R, _("Rutine: vedlagt dokument lastet ned")),
    # --- retention
    Action("retention.applied", SYS, _("Sletting etter lagringstiden: kjørt")),
    Action("retention.advisory.anonymised", SYS, _("Rådgivning: anonymisert")),
    Action("retention.inquiry.anonymised", SYS, _("Henvendelse: anonymisert")),
    Action("retention.person.anonymised", SYS, _("Personopplysninger: anonymisert")),
    Action("retention.stay.anonymised", SYS, _("Opphold: anonymisert")),
    # --- stays
    Action("stays.arrival_template.deleted", W, _("Mal for ankomstplan: punkt slettet")),
    Action("stays.arrival_template.saved", W, _("Mal for ankomstplan: lagret")),
    Action("stays.arrival_template.seeded", W, _("Mal for ankomstplan: opprettet")),
    Action("stays.household.added", W, _("Husstand: person lagt til")),
    Action("stays.household.removed", W, _("Husstand: person fjernet")),
    Action("stays.note.viewed", R, _("Opphold: notater sett")),
    Action("stays.partner.added", W, _("Samarbeidspartner for oppholdet: lagt til")),
    Action("stays.partner.removed", W, _("Samarbeidspartner for oppholdet: fjernet")),
    Action("stays.resident.listed", R, _("Opphold: vist i beboerlisten")),
    Action("stays.resident.named", R, _("Opphold: navnet vist")),
    Action("stays.resident.viewed", R, _("Opphold: sett")),
    Action("stays.security.listed", R, _("Opphold: vist i politiets liste")),
    Action("stays.security.viewed", R, _("Opphold: sikkerhetsopplysninger sett")),
    Action("stays.stay.aftercare_saved", W, _("Opphold: ettervern registrert")),
    Action("stays.stay.closed", W, _("Opphold: avsluttet")),
    Action("stays.stay.created", W, _("Opphold: opprettet")),
    Action("stays.stay.extended", W, _("Opphold: forlenget")),
    Action("stays.stay.housing_plan_saved", W, _("Opphold: boligplan registrert")),
    Action("stays.stay.moved_in", W, _("Opphold: flyttet inn")),
    Action("stays.stay.moved_out", W, _("Opphold: flyttet ut")),
    Action("stays.stay.planned_move_out_changed", W, _("Opphold: planlagt utflytting endret")),
    Action("stays.stay.withdrawn", W, _("Opphold: trakk seg før innflytting")),
    Action("stays.timetable.generated", W, _("Ankomstplan: laget")),
    Action("stays.timetable.printed", R, _("Ankomstplan: skrevet ut")),
    Action("stays.timetable.saved", W, _("Ankomstplan: lagret")),
    Action("stays.transfer_checklist.saved", W, _("Overføring til ny kommune: lagret")),
    Action("stays.aftercare.opened", R, _("Ettervern: åpnet for endring")),
    Action("stays.close.opened", R, _("Avslutning av oppholdet: åpnet")),
    Action("stays.household_member.opened", R, _("Husstandsmedlem: åpnet for endring")),
    Action("stays.housing_plan.opened", R, _("Plan for permanent bolig: åpnet for endring")),
    Action("stays.planned_move_out.opened", R, _("Planlagt utflytting: åpnet for endring")),
    Action("stays.resident.opened", R, _("Opphold: åpnet for endring")),
    Action("stays.stay_partner.opened", R, _("Samarbeidspartner for beboeren: åpnet for endring")),
    Action("stays.summary.listed", R, _("Opphold: vist i oversikten over alle botilbud")),
    Action("stays.timetable.viewed", R, _("Ankomstplan: sett")),
    Action("stays.timetable_item.opened", R, _("Ankomstplan: avtale åpnet for endring")),
    Action("stays.transfer.opened", R, _("Overføring til ny kommune: åpnet for endring")),
)

ACTIONS: dict[str, Action] = {action.code: action for action in _ACTIONS}


def get(code: str) -> Action | None:
    return ACTIONS.get(code)


def is_registered(code: str) -> bool:
    return code in ACTIONS


def codes(kind: Kind) -> frozenset[str]:
    """Every registered code of ``kind``."""
    return frozenset(code for code, action in ACTIONS.items() if action.kind == kind)


def is_read(code: str) -> bool:
    action = ACTIONS.get(code)
    return action is not None and action.kind == Kind.READ


def text(code: str) -> str:
    """The plain words for a code; the code itself when it is not registered (an old entry)."""
    action = ACTIONS.get(code)
    return str(action.text) if action is not None else code
