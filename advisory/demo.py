"""Demo advisory work (demo mode only): a few dozen contacts over the past years, some of
which became inquiries, and a few courses.

Deterministic (a fixed seed), dated relative to today, and anonymous but
for one contact whose person consented to the name. Runs after the
referrals loader: the inquiries made here come on top of its own.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from accounts.demo import require_demo_mode
from accounts.models import User
from advisory import selectors, services
from advisory.models import ACTIONS, TOPICS, AdvisoryContact, AskedBy, Course, ServiceKind
from core import dates
from referrals.models import Inquiry

CONTACTS = 40
TURNED_INTO_INQUIRIES = 5
NOTES = (
    "Demo: lærer bekymret for en elev før sommerferien.",
    "Demo: NAV-veileder spurte om hjelp til å vurdere risiko.",
    "Demo: venninne ringte på vegne av en ung kvinne.",
    "",
)
COURSES = (
    (40, "school", 35, "Agder"),
    (120, "child_welfare", 22, "Vestland"),
    (300, "police", 60, "Oslo"),
    (420, "nav", 18, ""),
    (700, "mixed", 110, "Trøndelag"),
    (900, "crisis_centre", 14, "Innlandet"),
)


@transaction.atomic
def load_advisory() -> None:
    """Create the demo advisory contacts and courses once."""
    require_demo_mode()
    if AdvisoryContact.objects.filter(is_synthetic=True).exists():
        return
    before = {
        m: (m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
        for m in (AdvisoryContact, Course, Inquiry)
    }
    coordinator = User.objects.get(username="koordinator")
    police = User.objects.get(username="politirep")
    today = dates.today()
    pick = random.Random(2010)  # noqa: S311 (demo data, not security)
    topic_codes = [code for code, _flag, _label in TOPICS]
    action_codes = [code for code, _flag, _label in ACTIONS if code != "place_inquiry"]
    made = []
    for n in range(CONTACTS):
        asked_by = pick.choice(AskedBy.values)
        made.append(
            services.contact_create(
                contact_on=today - dt.timedelta(days=pick.randint(0, 3 * 365)),
                asked_by=asked_by,
                service_kind=pick.choice(ServiceKind.values) if asked_by == "service" else "",
                channel=pick.choice(["phone", "phone", "email", "in_person"]),
                topics=pick.sample(topic_codes, pick.choice([1, 1, 2])),
                actions=pick.sample(action_codes, pick.choice([1, 2])),
                age_group=pick.choice(["", "under_18", "18_25", "18_25", "26_35"]),
                gender=pick.choice(["", "female", "female", "male"]),
                name_consent=n == 0,
                name="Demo Samtykke Person" if n == 0 else "",
                note=pick.choice(NOTES),
                by=pick.choice([coordinator, coordinator, police]),
            )
        )
    for contact in made[1 : 1 + TURNED_INTO_INQUIRIES]:
        services.contact_to_inquiry(
            contact=contact, by=coordinator, **selectors.inquiry_facts(contact)
        )
    for days, audience, participants, place in COURSES:
        services.course_create(
            held_on=today - dt.timedelta(days=days),
            audience=audience,
            participants=participants,
            place=place,
            by=coordinator,
        )
    # Services leave the mark to the caller: mark exactly the rows made here.
    for model, last in before.items():
        model.objects.filter(pk__gt=last).update(is_synthetic=True)
