"""Forms for enrolment (aktivering) and the administrator's user pages."""

from __future__ import annotations

from typing import Any

from allauth.mfa.totp.internal.auth import validate_totp_code
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class EnrolmentForm(forms.Form):
    """Password and authenticator code together: both valid, or nothing is saved."""

    password1 = forms.CharField(
        label=_("Nytt passord"),
        strip=False,
        help_text=_(
            "Minst 12 tegn. En setning med egne ord er lett å huske og vanskelig å gjette."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Gjenta passordet"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    code = forms.CharField(
        label=_("Kode fra kodeappen"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, user: User, secret: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.secret = secret

    def clean_password1(self) -> str:
        password: str = self.cleaned_data["password1"]
        validate_password(password, self.user)
        return password

    def clean_password2(self) -> str:
        repeated: str = self.cleaned_data["password2"]
        first = self.cleaned_data.get("password1")
        if first is not None and first != repeated:
            raise ValidationError(
                _("Passordene er ikke like. Skriv det samme passordet i begge feltene."),
                code="password_mismatch",
            )
        return repeated

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not validate_totp_code(self.secret, code):
            raise ValidationError(
                _(
                    "Koden stemmer ikke. Skriv inn de 6 sifrene som kodeappen viser nå, "
                    "for Botilbud."
                ),
                code="incorrect_code",
            )
        return code


class UserCreateForm(forms.ModelForm):
    """The admin's add form: who the person is, never a password (SECURITY.md 32)."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Brukernavnet er tatt. Velg et annet."), code="unique_username")
        return username


class ResetRequestForm(forms.Form):
    """Why the administrator asks for a new link; required when a second person must approve."""

    reason = forms.CharField(
        label=_("Hvorfor trenger brukeren en ny lenke?"),
        help_text=_(
            "For eksempel: mistet telefonen, glemt passordet. Skriv ikke inn opplysninger om "
            "beboere."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )

    def __init__(self, *args: Any, needs_reason: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = needs_reason

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if self.fields["reason"].required and len(reason) < 10:
            raise ValidationError(
                _("Skriv hvorfor brukeren trenger en ny lenke (minst 10 tegn)."),
                code="reason_required",
            )
        return reason
