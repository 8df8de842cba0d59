"""Break-the-glass access (nødtilgang, SECURITY.md 7).

Charlie (a follow-up worker in municipality B) has no access to a resident
of municipality A. With a reason he may open that one resident for a short
time; Alice (the competence-team lead) is alerted and reviews it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from access import policy
from access.models import BreakGlassAccess
from access.policy import Perm
from audit.models import AuditEntry
from oversight import breakglass
from oversight.start import start_page
from stays.tests.conftest import stay, stay_factory  # noqa: F401  (fixtures)

REASON = "Alarmen er utløst og politiet ber om husstanden."


@pytest.fixture
def charlie(cast: dict[str, Any]) -> Any:
    return cast["followup_worker_b"]


@pytest.fixture
def alice(cast: dict[str, Any]) -> Any:
    lead = cast["coordinator"]
    lead.email = "alice@example.invalid"
    lead.save(update_fields=["email"])
    return lead


# A well-formed reference (its check character matches) that no stay has:
# "0000001" + "Y", worked by hand in stays/tests/test_reference.py.
MISSING = "0000-001Y"


def _open(user: Any, stay: Any, **extra: Any) -> BreakGlassAccess:  # noqa: F811
    return breakglass.open_access(user=user, reference=stay.reference, reason=REASON, **extra)


def _opened_rows() -> int:
    return AuditEntry.objects.filter(action=breakglass.OPENED).count()


# --- the service ------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "kort"])
def test_without_a_reason_it_refuses_and_creates_nothing(charlie, stay, reason):  # noqa: F811
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        breakglass.open_access(user=charlie, reference=stay.reference, reason=reason)
    assert refused.value.code == "reason_required"
    assert BreakGlassAccess.objects.count() == 0
    assert AuditEntry.objects.count() == before
    assert not policy.can(charlie, Perm.VIEW_RESIDENTS, stay)


def test_without_a_reason_a_missing_resident_answers_the_same(charlie, stay):  # noqa: F811
    answers = []
    # The stay's reference, a free one, one with a typo, and the sequential id.
    for typed in (stay.reference, MISSING, stay.reference[:-1] + "?", str(stay.pk)):
        with pytest.raises(ValidationError) as refused:
            breakglass.open_access(user=charlie, reference=typed, reason="")
        answers.append((refused.value.code, refused.value.messages))
    assert len(set(map(repr, answers))) == 1, answers
    assert answers[0][0] == "reason_required"


def test_with_a_reason_it_writes_one_audit_row_one_review_item_and_alerts_the_lead(
    charlie,
    alice,
    stay,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    assert not policy.can(charlie, Perm.VIEW_RESIDENTS, stay)
    with django_capture_on_commit_callbacks(execute=True):
        access = _open(charlie, stay)

    assert BreakGlassAccess.objects.count() == 1
    assert access.review == BreakGlassAccess.Review.PENDING
    assert access.expires_at - access.opened_at == dt.timedelta(minutes=breakglass.minutes())
    rows = AuditEntry.objects.filter(action=breakglass.OPENED)
    assert rows.count() == 1
    assert rows.get().object_id == str(stay.pk) and rows.get().actor_id == charlie.pk

    # The lead gets a mail without personal data: no name, no reason, no resident.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.invalid"]
    text = str(message.subject) + str(message.body)
    assert reverse("access:break_glass_review", args=[access.pk]) in text
    for secret in (stay.person.name, REASON, charlie.username, str(stay.offer.name)):
        assert secret not in text

    # ... and a notice with the count on the start page.
    notices = [text for section in start_page(user=alice) for text, _kind in section.notices]
    assert any("1 nødtilgang(er) venter på gjennomgang" in n for n in notices), notices

    # Charlie now reads that one resident, and nothing else of municipality A.
    charlie = type(charlie).objects.get(pk=charlie.pk)
    assert policy.can(charlie, Perm.VIEW_RESIDENTS, stay)
    assert not policy.can(charlie, Perm.MANAGE_STAY, stay)
    assert not policy.can(charlie, Perm.READ_DWELLING_ADDRESS, stay.booking.place.dwelling)


def test_it_finds_the_resident_by_identity_number_too(charlie, stay):  # noqa: F811
    access = breakglass.open_access(
        user=charlie, identity_number=stay.person.identity_number, reason=REASON
    )
    assert access.stay_id == stay.pk
    assert access.looked_up_by == BreakGlassAccess.LookedUpBy.IDENTITY_NUMBER
    # The identity number is nowhere in the audit log.
    for entry in AuditEntry.objects.all():
        assert stay.person.identity_number not in " ".join(
            str(v) for v in entry.__dict__.values() if isinstance(v, str)
        )


def test_a_miss_is_audited_and_answers_not_found(charlie, stay):  # noqa: F811
    with pytest.raises(breakglass.NotFound):
        breakglass.open_access(user=charlie, reference=MISSING, reason=REASON)
    assert BreakGlassAccess.objects.count() == 0
    assert AuditEntry.objects.filter(action=breakglass.NOT_FOUND, actor_id=charlie.pk).count() == 1


def test_it_limits_attempts_per_day(charlie, stay):  # noqa: F811
    for _attempt in range(breakglass.MAX_ATTEMPTS_PER_DAY):
        with pytest.raises(breakglass.NotFound):
            breakglass.open_access(user=charlie, reference=MISSING, reason=REASON)
    with pytest.raises(breakglass.TooManyAttempts):
        _open(charlie, stay)
    assert BreakGlassAccess.objects.count() == 0


# --- the reference (attacker's view: a guessable number must find nothing) ----------------


AS_TYPED = {
    "lower case": lambda ref: ref.lower(),
    "no dash": lambda ref: ref.replace("-", ""),
    "spaces": lambda ref: " ".join(ref.replace("-", "")),
    "padded": lambda ref: f"  {ref.lower()}  ",
}


@pytest.mark.parametrize("how", list(AS_TYPED))
def test_it_reads_the_reference_as_people_type_it(charlie, stay, how):  # noqa: F811
    typed = AS_TYPED[how](stay.reference)
    access = breakglass.open_access(user=charlie, reference=typed, reason=REASON)
    assert access.stay_id == stay.pk
    assert access.looked_up_by == BreakGlassAccess.LookedUpBy.REFERENCE


def test_the_sequential_id_finds_nothing(charlie, stay_factory):  # noqa: F811
    # The attack: count up from 1. Not one stay opens, and the ids are not
    # even lookups (they are not references), so no attempt is spent either.
    stays = [stay_factory() for _ in range(3)]
    top = max(s.pk for s in stays)
    for guess in range(1, top + 3):
        with pytest.raises(ValidationError) as refused:
            breakglass.open_access(user=charlie, reference=str(guess), reason=REASON)
        assert refused.value.code == "reference_invalid"
    assert BreakGlassAccess.objects.count() == 0
    assert breakglass.attempts_today(user=charlie) == 0


def test_a_typo_is_caught_before_any_lookup(charlie, stay):  # noqa: F811
    position = 5  # a character of the second group
    wrong = "0" if stay.reference[position] != "0" else "1"
    typo = stay.reference[:position] + wrong + stay.reference[position + 1 :]
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        breakglass.open_access(user=charlie, reference=typo, reason=REASON)
    assert refused.value.code == "reference_invalid"
    assert BreakGlassAccess.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_a_well_formed_reference_of_no_open_stay_is_a_miss(charlie, stay):  # noqa: F811
    from stays.models import Stay

    Stay.objects.filter(pk=stay.pk).update(status=Stay.Status.CLOSED)
    for typed in (stay.reference, MISSING):
        with pytest.raises(breakglass.NotFound):
            breakglass.open_access(user=charlie, reference=typed, reason=REASON)
    assert AuditEntry.objects.filter(action=breakglass.NOT_FOUND).count() == 2
    assert BreakGlassAccess.objects.count() == 0


def test_it_opens_nothing_for_someone_who_already_has_access(cast, stay):  # noqa: F811
    with pytest.raises(breakglass.AlreadyAllowed) as allowed:
        _open(cast["followup_worker_a"], stay)
    assert allowed.value.url == reverse("stays:overview", args=[stay.pk])
    assert BreakGlassAccess.objects.count() == 0 and _opened_rows() == 0


@pytest.mark.parametrize("name", ["analyst", "sysadmin", "directorate_representative"])
def test_roles_without_case_work_cannot_use_it(cast, stay, name):  # noqa: F811
    with pytest.raises(ValidationError):
        _open(cast[name], stay)
    assert BreakGlassAccess.objects.count() == 0


def test_the_access_lasts_the_set_time_then_the_resident_answers_404(
    charlie,
    stay,  # noqa: F811
    client_for,
    settings,
):
    settings.BREAK_GLASS_MINUTES = 15
    access = _open(charlie, stay)
    assert access.expires_at - access.opened_at == dt.timedelta(minutes=15)
    url = reverse("stays:overview", args=[stay.pk])
    client = client_for(charlie)
    page = client.get(url)
    assert page.status_code == 200
    assert stay.person.name in page.content.decode()
    # The read says it was made through break-the-glass.
    read = AuditEntry.objects.filter(actor_id=charlie.pk, action="stays.resident.viewed").get()
    assert read.purpose.startswith("break-the-glass")
    assert list(breakglass.reads_during(access)) == [read]

    # Time passes; the same session is refused on the next request.
    BreakGlassAccess.objects.filter(pk=access.pk).update(
        opened_at=timezone.now() - dt.timedelta(minutes=20),
        expires_at=timezone.now() - dt.timedelta(minutes=5),
    )
    assert client.get(url).status_code == 404
    charlie = type(charlie).objects.get(pk=charlie.pk)
    assert not policy.can(charlie, Perm.VIEW_RESIDENTS, stay)
    opened = client.get(reverse("access:break_glass_opened", args=[access.pk]))
    assert "Nødtilgangen er stengt" in opened.content.decode()


def test_it_never_shows_the_address_or_allows_writes(charlie, stay, client_for):  # noqa: F811
    _open(charlie, stay)
    client = client_for(charlie)
    dwelling = stay.booking.place.dwelling
    assert (
        dwelling.address
        not in client.get(reverse("stays:overview", args=[stay.pk])).content.decode()
    )
    assert client.get(reverse("stays:move_in", args=[stay.pk])).status_code == 404
    assert client.get(reverse("housing:dwelling_address", args=[dwelling.pk])).status_code == 404


# --- what the audit says about reads through the access --------------------------------


def _paths_to_stay(model: Any, depth: int = 3) -> list[str]:
    """Lookups from ``model`` to its stay, following foreign keys (at most ``depth``)."""
    from django.db.models import ForeignKey, OneToOneField

    from stays.models import Stay

    if model._meta.concrete_model is Stay:
        return ["pk"]
    if depth == 0:
        return []
    found = []
    for field in model._meta.concrete_fields:
        if isinstance(field, ForeignKey | OneToOneField):
            for rest in _paths_to_stay(field.related_model, depth - 1):
                found.append(field.name if rest == "pk" else f"{field.name}__{rest}")
    return found


def test_every_row_of_a_stay_the_access_shows_is_covered_by_its_purpose():
    """Every model of the apps whose pages the access opens that hangs off a stay is mapped.

    Found through the models' foreign keys, not from the mapping under test,
    and the mapping's lookup must lead to the same stay.
    """
    from django.apps import apps

    children = {
        model._meta.label: paths
        for app in ("stays", "followup")
        for model in apps.get_app_config(app).get_models()
        if (paths := _paths_to_stay(model))
    }
    assert {"followup.ConversationItem", "followup.PlanAction", "stays.Stay"} <= set(children)
    missing = set(children) - set(policy.BREAK_GLASS_STAY_PATHS)
    assert not missing, f"rows of a stay without a break-the-glass path: {sorted(missing)}"
    for label, paths in children.items():
        assert policy.BREAK_GLASS_STAY_PATHS[label] in paths, label


def test_rows_of_rows_read_through_the_access_carry_its_purpose(
    cast,
    charlie,
    stay,  # noqa: F811
    stay_factory,  # noqa: F811
):
    from audit.services import record
    from followup.models import (
        ActionPlan,
        ConversationItem,
        PlanAction,
        PlanGoal,
        SecurityConversation,
    )

    other = stay_factory(municipality="municipality_b")  # charlie's own municipality
    rows = {}
    for target in (stay, other):
        by = cast["coordinator"]
        plan = ActionPlan.objects.create(stay=target, made_on=target.allocated_on, recorded_by=by)
        goal = PlanGoal.objects.create(plan=plan, text="Skole")
        conversation = SecurityConversation.objects.create(
            stay=target, held_on=target.allocated_on, police_participants="Politiet", recorded_by=by
        )
        rows[target.pk] = [
            # Loaded afresh: the paths are followed from the row itself.
            PlanAction.objects.get(
                pk=PlanAction.objects.create(goal=goal, text="Søke", responsible="Berit").pk
            ),
            ConversationItem.objects.get(
                pk=ConversationItem.objects.create(
                    conversation=conversation, item="alarms", covered=True
                ).pk
            ),
        ]
    _open(charlie, stay)
    policy.forget_break_glass(charlie)
    for obj in rows[stay.pk]:
        assert policy.break_glass_covers(charlie, obj)
        entry = record(actor=charlie, action="followup.plan.viewed", obj=obj, purpose="oppfølging")
        assert entry.purpose == "break-the-glass: oppfølging"
    for obj in rows[other.pk]:
        assert not policy.break_glass_covers(charlie, obj)


# --- the review ---------------------------------------------------------------------


def test_the_lead_records_the_outcome_once(charlie, alice, stay):  # noqa: F811
    access = _open(charlie, stay)
    assert breakglass.pending_review_count(fetched_by=alice) == 1
    with pytest.raises(ValidationError):
        breakglass.record_review(
            reviewer=alice, access_id=access.pk, outcome="not_justified", note=""
        )
    reviewed = breakglass.record_review(
        reviewer=alice, access_id=access.pk, outcome="justified", note="Alarmen var ekte."
    )
    assert reviewed.review == BreakGlassAccess.Review.JUSTIFIED
    assert reviewed.reviewed_by == alice
    assert AuditEntry.objects.filter(action=breakglass.REVIEWED, actor_id=alice.pk).count() == 1
    assert breakglass.pending_review_count(fetched_by=alice) == 0
    with pytest.raises(ValidationError):
        breakglass.record_review(reviewer=alice, access_id=access.pk, outcome="justified", note="")


def test_nobody_reviews_their_own_access(cast, orgs, member, stay):  # noqa: F811
    from accounts.models import Role

    # A second lead who opened an access: the queue hides it from them, the
    # service refuses it, and the other lead sees it.
    other_lead = member(Role.COORDINATOR, orgs["team"], "olga", is_lead=True)
    access = _open(other_lead, stay)
    assert breakglass.pending_review_count(fetched_by=other_lead) == 0
    from django.http import Http404

    with pytest.raises(Http404):
        breakglass.record_review(
            reviewer=other_lead, access_id=access.pk, outcome="justified", note=""
        )
    assert breakglass.pending_review_count(fetched_by=cast["coordinator"]) == 1


@pytest.mark.parametrize(
    "name", ["police_representative", "project_lead_a", "followup_worker_b", "sysadmin"]
)
def test_only_the_lead_reaches_the_review_pages(name, cast, charlie, stay, client_for):  # noqa: F811
    access = _open(charlie, stay)
    client = client_for(cast[name])
    assert client.get(reverse("access:break_glass_queue")).status_code == 404
    review = reverse("access:break_glass_review", args=[access.pk])
    assert client.get(review).status_code == 404
    assert client.post(review, {"outcome": "justified"}).status_code == 404
    assert BreakGlassAccess.objects.get().review == BreakGlassAccess.Review.PENDING


def test_the_review_page_saves_the_outcome(alice, charlie, stay, client_for):  # noqa: F811
    access = _open(charlie, stay)
    client = client_for(alice)
    queue = client.get(reverse("access:break_glass_queue"))
    assert queue.status_code == 200 and charlie.username in queue.content.decode()
    review = reverse("access:break_glass_review", args=[access.pk])
    page = client.get(review)
    assert REASON in page.content.decode()
    # Open for another hour: it says until when, not that it is closed.
    assert "Åpen til" in page.content.decode() and "Stengt" not in page.content.decode()
    BreakGlassAccess.objects.filter(pk=access.pk).update(
        opened_at=timezone.now() - dt.timedelta(hours=3),
        expires_at=timezone.now() - dt.timedelta(hours=2),
    )
    assert "Stengt" in client.get(review).content.decode()
    refused = client.post(review, {"outcome": "not_justified", "note": ""})
    assert refused.status_code == 400
    assert "Skriv hva som skal skje videre" in refused.content.decode()
    done = client.post(review, {"outcome": "justified", "note": ""})
    assert done.status_code == 302
    access.refresh_from_db()
    assert access.review == BreakGlassAccess.Review.JUSTIFIED


# --- the form -----------------------------------------------------------------------


def test_the_form_refuses_without_a_reason_and_keeps_what_was_typed(
    charlie,
    stay,  # noqa: F811
    client_for,
):
    client = client_for(charlie)
    url = reverse("access:break_glass")
    page = client.post(url, {"reference": stay.reference, "reason": ""})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Uten begrunnelse får du ikke tilgang" in html
    assert f'value="{stay.reference}"' in html
    assert BreakGlassAccess.objects.count() == 0


def test_the_form_puts_a_typo_next_to_the_reference_and_keeps_it(
    charlie,
    stay,  # noqa: F811
    client_for,
):
    client = client_for(charlie)
    typo = stay.reference[:-1] + ("0" if stay.reference[-1] != "0" else "1")
    page = client.post(reverse("access:break_glass"), {"reference": typo, "reason": REASON})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Referansen er ikke riktig skrevet" in html
    assert f'value="{typo}"' in html
    assert 'aria-invalid="true"' in html
    # Not also "write one or the other": the reference was written.
    assert "Skriv enten referansen eller fødselsnummeret" not in html
    assert BreakGlassAccess.objects.count() == 0


def test_the_form_opens_with_the_reference_in_lower_case(charlie, stay, client_for):  # noqa: F811
    client = client_for(charlie)
    typed = stay.reference.lower().replace("-", " ")
    opened = client.post(reverse("access:break_glass"), {"reference": typed, "reason": REASON})
    assert opened.status_code == 302
    assert BreakGlassAccess.objects.get().stay_id == stay.pk
    assert stay.reference not in opened["Location"]


def test_the_form_opens_the_access_and_keeps_lookups_out_of_urls(
    charlie,
    stay,  # noqa: F811
    client_for,
):
    client = client_for(charlie)
    url = reverse("access:break_glass")
    # A GET with the lookup in the query string opens nothing.
    assert client.get(url, {"reference": stay.pk, "reason": REASON}).status_code == 200
    assert BreakGlassAccess.objects.count() == 0
    opened = client.post(url, {"identity_number": stay.person.identity_number, "reason": REASON})
    assert opened.status_code == 302
    access = BreakGlassAccess.objects.get()
    assert opened["Location"] == reverse("access:break_glass_opened", args=[access.pk])
    assert stay.person.identity_number not in opened["Location"]
    page = client.get(opened["Location"])
    assert reverse("stays:overview", args=[stay.pk]) in page.content.decode()


def test_someone_elses_access_page_answers_404(cast, charlie, stay, client_for):  # noqa: F811
    access = _open(charlie, stay)
    client = client_for(cast["followup_worker_a"])
    assert client.get(reverse("access:break_glass_opened", args=[access.pk])).status_code == 404
