"""Forms for intake and allocation. Forms parse input; services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from referrals.identity import clean_identity_number
from referrals.models import (
    Assessment,
    Channel,
    Consent,
    ContactKind,
    Criterion,
    Gender,
    Inquiry,
    Intensity,
    ThreatAssessment,
    YesNoUnclear,
)
from referrals.services.corrections import WithdrawReason


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _radio(choices: Any, label: Any, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


class InquiryForm(forms.Form):
    contact_kind = _radio(ContactKind.choices, _("Hvem tok kontakt?"))
    channel = _radio(Channel.choices, _("Kanal"))
    received_on = forms.DateField(label=_("Mottatt dato"), widget=DateInput())
    reason = forms.CharField(
        label=_("Kort om henvendelsen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv bare det teamet trenger. Teksten lagres kryptert."),
        max_length=2000,
    )


class NoPlaceForm(forms.Form):
    no_place_reason = _radio(Inquiry.NoPlaceReason.choices, _("Hvorfor ble det ikke plass?"))
    guidance = forms.CharField(
        label=_("Veiledning som ble gitt"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class InquiryCorrectionForm(InquiryForm):
    """Rett henvendelse: the inquiry's own form, filled in, and why it is corrected.

    An inquiry closed without a place also shows that reason and the guidance.
    """

    no_place_reason = _radio(Inquiry.NoPlaceReason.choices, _("Hvorfor ble det ikke plass?"))
    guidance = forms.CharField(
        label=_("Veiledning som ble gitt"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    why = forms.CharField(
        label=_("Hva var feil?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kort, for eksempel «feil dato». Ikke skriv personopplysninger her."),
    )

    def __init__(self, *args: Any, inquiry: Inquiry, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                name: getattr(inquiry, name)
                for name in (
                    "contact_kind",
                    "channel",
                    "received_on",
                    "reason",
                    "no_place_reason",
                    "guidance",
                )
            },
        )
        super().__init__(*args, **kwargs)
        if inquiry.outcome != Inquiry.Outcome.NO_PLACE:
            del self.fields["no_place_reason"]
            del self.fields["guidance"]


class AssessmentForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    identity_number = forms.CharField(
        label=_("Fødselsnummer eller D-nummer"),
        required=False,
        max_length=20,
        help_text=_("11 sifre. Fyll ut dette eller fødselsdato."),
    )
    birth_date = forms.DateField(label=_("Fødselsdato"), required=False, widget=DateInput())
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=30)
    gender = _radio(Gender.choices, _("Kjønn"), help_text=_("Brukes i statistikken."))
    assessed_on = forms.DateField(label=_("Kartlagt dato"), widget=DateInput())
    assessed_by = _radio(Assessment.AssessedBy.choices, _("Hvem kartla?"))
    assisting_service = forms.ChoiceField(
        label=_("Tjenesten som kartla sammen med teamet"),
        choices=[("", "—"), *[c for c in ContactKind.choices if c[0] != "young_person"]],
        required=False,
    )
    age_note = forms.CharField(
        label=_("Merknad om alder"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alderen regnes ut fra fødselsdatoen."),
    )
    need_status = _radio(
        Criterion.choices, _("2. Behov for skjermet bolig på grunn av æresrelatert vold")
    )
    ground_forced_marriage = forms.BooleanField(
        label=_("Gjennomført tvangsekteskap"), required=False
    )
    ground_fear_forced_marriage = forms.BooleanField(
        label=_("Frykt for tvangsekteskap"), required=False
    )
    ground_left_abroad = forms.BooleanField(
        label=_("Frykt for å bli etterlatt i utlandet"), required=False
    )
    ground_other_violence = forms.BooleanField(
        label=_("Annen æresrelatert vold eller negativ sosial kontroll"), required=False
    )
    need_note = forms.CharField(
        label=_("Merknad om behovet"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    benefit_status = _radio(Criterion.choices, _("3. Kan ha nytte av tilbudet"))
    fit_to_live_alone = forms.BooleanField(label=_("Kan bo alene"), required=False)
    needs_followup = forms.BooleanField(label=_("Har behov for oppfølging"), required=False)
    wants_it = forms.BooleanField(label=_("Ønsker tilbudet selv"), required=False)
    accepts_rules = forms.BooleanField(
        label=_("Godtar reglene (adressen er hemmelig, begrenset besøk)"), required=False
    )
    accepts_limited_stay = forms.BooleanField(
        label=_("Godtar at oppholdet er tidsbegrenset"), required=False
    )
    benefit_note = forms.CharField(
        label=_("Merknad om nytte"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    threat_status = _radio(Criterion.choices, _("4. Trusselbilde og sikkerhet"))
    threat_note = forms.CharField(
        label=_("Merknad om trusselbildet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Hvor personen kommer fra og hva som må tas hensyn til. Politiet skriver selve trusselvurderingen."
        ),
    )
    lawful_residence = _radio(YesNoUnclear.choices, _("5. Lovlig opphold i Norge"))
    residence_note = forms.CharField(
        label=_("Merknad om opphold"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    has_partner = forms.BooleanField(label=_("Partner skal flytte med"), required=False)
    children_birth_years = forms.CharField(
        label=_("Barn som skal flytte med (fødselsår)"),
        required=False,
        max_length=100,
        help_text=_(
            "Skriv fødselsårene med komma mellom, for eksempel 2021, 2023. La feltet stå tomt hvis ingen barn."
        ),
    )
    need_mental_health = forms.BooleanField(label=_("Psykisk helse"), required=False)
    need_practical = forms.BooleanField(label=_("Praktisk hjelp"), required=False)
    need_language = forms.BooleanField(label=_("Språk"), required=False)
    need_society_knowledge = forms.BooleanField(
        label=_("Kunnskap om det norske samfunnet"), required=False
    )
    interpreter_language = forms.CharField(
        label=_("Trenger tolk på språk"),
        required=False,
        max_length=100,
        help_text=_(
            "Skriv språket hvis personen trenger tolk, for eksempel urdu. La stå tomt hvis ikke."
        ),
    )
    need_children = forms.BooleanField(label=_("Barnas behov"), required=False)
    needs_note = forms.CharField(
        label=_("Merknad om behov"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    followup_intensity = _radio(Intensity.choices, _("Hvor tett oppfølging trengs?"))
    wishes = forms.CharField(
        label=_("Ønsker om skole og arbeid"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    PERSON_FIELDS = ("name", "identity_number", "birth_date", "phone", "gender")
    CHECKBOX_GROUPS = {
        "need_status": (
            "ground_forced_marriage",
            "ground_fear_forced_marriage",
            "ground_left_abroad",
            "ground_other_violence",
        ),
        "benefit_status": (
            "fit_to_live_alone",
            "needs_followup",
            "wants_it",
            "accepts_rules",
            "accepts_limited_stay",
        ),
        "needs": (
            "need_mental_health",
            "need_practical",
            "need_language",
            "need_society_knowledge",
            "need_children",
        ),
    }

    def clean_identity_number(self) -> str:
        value = self.cleaned_data.get("identity_number", "").strip()
        if value:
            number, _born = clean_identity_number(value)
            return number
        return ""

    def clean_children_birth_years(self) -> list[int]:
        raw = self.cleaned_data.get("children_birth_years", "")
        years = []
        for part in raw.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) != 4:
                raise ValidationError(
                    _(
                        "Skriv fødselsårene som firesifrede tall med komma mellom, for eksempel 2021, 2023."
                    )
                )
            years.append(int(part))
        return years

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("identity_number")
            and not data.get("birth_date")
            and "identity_number" not in self.errors
        ):
            self.add_error(
                "identity_number", _("Skriv fødselsnummer eller D-nummer, eller fødselsdato.")
            )
        if data.get("assessed_by") == Assessment.AssessedBy.SERVICE_WITH_TEAM and not data.get(
            "assisting_service"
        ):
            self.add_error(
                "assisting_service", _("Velg hvilken tjeneste som kartla sammen med teamet.")
            )
        return data

    def answers(self) -> dict[str, Any]:
        skip = {*self.PERSON_FIELDS, "children_birth_years"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class AssessmentCorrectionForm(AssessmentForm):
    """Rett kartlegging: the assessment's own form, filled in, and why it is corrected."""

    reason = forms.CharField(
        label=_("Hva var feil?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kort, for eksempel «feil fødselsdato». Ikke skriv personopplysninger her."),
    )

    @staticmethod
    def initial_for(assessment: Assessment, children_birth_years: list[int]) -> dict[str, Any]:
        person = assessment.person
        initial: dict[str, Any] = {
            name: getattr(person, name) for name in AssessmentForm.PERSON_FIELDS
        }
        initial["identity_number"] = person.identity_number or ""
        for name in AssessmentForm.base_fields:
            if name not in initial and hasattr(assessment, name):
                initial[name] = getattr(assessment, name)
        initial["children_birth_years"] = ", ".join(str(y) for y in children_birth_years)
        return initial

    def answers(self) -> dict[str, Any]:
        return {k: v for k, v in super().answers().items() if k != "reason"}


class AssessmentWithdrawForm(forms.Form):
    """Trekk tilbake kartlegging: registered twice or by mistake."""

    reason = _radio(WithdrawReason.choices, _("Hvorfor trekkes kartleggingen tilbake?"))
    note = forms.CharField(
        label=_("Merknad (valgfritt)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ikke skriv personopplysninger her."),
    )


def _organisations(kind: str) -> Any:
    return Organisation.objects.filter(kind=kind).order_by("name")


class ConsentForm(forms.Form):
    purpose = _radio(Consent.Purpose.choices, _("Hva gjelder samtykket?"))
    recipient_kind = _radio(Consent.RecipientKind.choices, _("Hvem kan få informasjonen?"))
    recipient_organisation = forms.ModelChoiceField(
        label=_("Politidistrikt eller kommune"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Ingen (den politifaglig ansvarlige i teamet)"),
        help_text=_("Ikke nødvendig når mottakeren er den politifaglig ansvarlige i teamet."),
    )
    given_on = forms.DateField(label=_("Dato samtykket ble gitt"), widget=DateInput())
    method = _radio(Consent.Method.choices, _("Hvordan ble samtykket gitt?"))
    expires_on = forms.DateField(label=_("Utløper"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipient_organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(
            kind__in=[Organisation.Kind.POLICE_DISTRICT, Organisation.Kind.MUNICIPALITY]
        ).order_by("kind", "name")


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Dato samtykket ble trukket tilbake"), widget=DateInput()
    )
    reason = forms.CharField(
        label=_("Grunn"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ShareWithPoliceForm(forms.Form):
    recipient_kind = _radio(
        [c for c in Consent.RecipientKind.choices if c[0] != Consent.RecipientKind.MUNICIPALITY],
        _("Hvem skal gjøre trusselvurderingen?"),
    )
    police_district = forms.ModelChoiceField(
        label=_("Politidistrikt"),
        queryset=_organisations(Organisation.Kind.POLICE_DISTRICT),
        required=False,
        empty_label=_("Velg politidistrikt"),
    )
    shared_on = forms.DateField(label=_("Dato informasjonen deles"), widget=DateInput())


class ThreatAssessmentForm(forms.Form):
    assessed_by = _radio(ThreatAssessment.AssessedBy.choices, _("Hvem vurderte?"))
    police_district = forms.ModelChoiceField(
        label=_("Politidistrikt"),
        queryset=_organisations(Organisation.Kind.POLICE_DISTRICT),
        required=False,
        empty_label=_("Velg politidistrikt"),
    )
    assessed_on = forms.DateField(label=_("Vurdert dato"), widget=DateInput())
    risk_level = _radio(ThreatAssessment.Risk.choices, _("Risikonivå"))
    avoid_municipalities = forms.ModelMultipleChoiceField(
        label=_("Kommuner personen bør unngå"),
        queryset=_organisations(Organisation.Kind.MUNICIPALITY),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kommuner der trusselutøverne har nettverk. Tilbud der blir ikke foreslått."),
    )
    details = forms.CharField(
        label=_("Trusselutøvere, kjente steder og nettverk"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bare politiet ser dette. Teamet ser risikonivå, kommuner å unngå og tiltak."),
    )
    measures = forms.MultipleChoiceField(
        label=_("Anbefalte tiltak"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("measure_violence_alarm", _("Voldsalarm")),
            ("measure_code_6", _("Strengt fortrolig adresse (kode 6)")),
            ("measure_code_7", _("Fortrolig adresse (kode 7)")),
            ("measure_other", _("Andre tiltak")),
        ],
    )
    measures_note = forms.CharField(
        label=_("Om tiltakene"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("police_district", "avoid_municipalities"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField) and field.queryset is not None
            field.queryset = field.queryset.all()


class ProposalForm(forms.Form):
    place = forms.TypedChoiceField(
        label=_("Plass"), coerce=int, widget=forms.RadioSelect, choices=[]
    )
    expected_arrival_on = forms.DateField(label=_("Forventet innflytting"), widget=DateInput())
    arrival_notes = forms.CharField(
        label=_("Praktisk om ankomsten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For eksempel reisevei, hvem som følger personen og hva hun eller han har med seg."
        ),
    )
    urgent = forms.BooleanField(
        label=_("Hasteplassering uten trusselvurdering"),
        required=False,
        help_text=_("Bare når personen må flytte før politiet har vurdert trusselen."),
    )
    urgent_reason = forms.CharField(
        label=_("Hvorfor haster det?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, place_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["place"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = place_choices


class AnswerForm(forms.Form):
    decision = _radio(
        [("accept", _("Vi tar imot personen")), ("decline", _("Vi takker nei"))], _("Svar")
    )
    decline_reason = forms.CharField(
        label=_("Hvorfor takker dere nei?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not data.get("decline_reason", "").strip():
            self.add_error("decline_reason", _("Skriv hvorfor dere takker nei."))
        return data


class WithdrawAllocationForm(forms.Form):
    withdrawal_reason = forms.CharField(
        label=_("Hvorfor trakk personen seg?"), widget=forms.Textarea(attrs={"rows": 3})
    )
