"""What the intake pages share: today's date as a form default, a person from a form."""

from __future__ import annotations

from typing import Any

from access import policy
from core import dates
from referrals.services.intake import PersonData

P = policy.Perm


def _today_initial(*names: str) -> dict[str, Any]:
    return {name: dates.today() for name in names}


def _person_data(data: dict[str, Any]) -> PersonData:
    return PersonData(
        name=data["name"],
        gender=data["gender"],
        identity_number=data["identity_number"],
        birth_date=data["birth_date"],
        phone=data["phone"],
    )
