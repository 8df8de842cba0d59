"""Pages for the follow-up of one resident's stay.

Thin: each view is tagged in the policy, fetches the stay through
``selectors.stay_get`` (404 for hidden and missing alike), and writes through
the services. Encrypted text is shown only after a deliberate «show» (or on
an edit form that must show it), and each showing is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.policy import Perm
from core import dates
from followup import charts, selectors, services
from followup.forms import (
    ActionForm,
    AreasForm,
    ContactForm,
    ConversationForm,
    EvaluationForm,
    GoalForm,
    MeasureForm,
    PlanForm,
    ProgressForm,
    ThreatChangeForm,
)
from followup.models import (
    ActionPlan,
    AreaStatus,
    ChecklistItem,
    CrisisScenario,
    FollowupArea,
    PlanAction,
    PlanGoal,
    SecurityConversation,
    SecurityMeasure,
)

SHOW = "vis"


def _save(form: Form, action: Callable[[], Any]) -> bool:
    """Run a service with a valid form; put its ValidationError on the form's fields."""
    if not form.is_valid():
        return False
    try:
        action()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True


def _overview_url(stay: Any) -> str | None:
    """The stays app's resident overview, once it exists."""
    for name in ("stays:overview", "stays:detail", "stays:stay_detail"):
        try:
            return reverse(name, args=[stay.pk])
        except NoReverseMatch:
            continue
    return None


def _context(request: HttpRequest, stay: Any, current: str, **extra: Any) -> dict[str, Any]:
    user = request.user
    tabs = []
    for name, label, perm in (
        ("followup:security", _("Sikkerhetssamtale"), Perm.VIEW_SECURITY_MEASURES),
        ("followup:measures", _("Sikkerhetstiltak"), Perm.VIEW_SECURITY_MEASURES),
        ("followup:plan", _("Handlingsplan"), Perm.VIEW_FOLLOWUP),
        ("followup:areas", _("Oppfølgingsområder"), Perm.VIEW_FOLLOWUP),
        ("followup:contacts", _("Kontaktlogg"), Perm.VIEW_FOLLOWUP),
    ):
        if policy.can(user, perm, stay):
            tabs.append(
                {"url": reverse(name, args=[stay.pk]), "label": label, "current": name == current}
            )
    return {
        "stay": stay,
        "tabs": tabs,
        "overview_url": _overview_url(stay),
        "today": dates.today(),
        **extra,
    }


def _showing(request: HttpRequest) -> bool:
    return request.GET.get(SHOW) == "1"


# --- security conversation ------------------------------------------------------------


@policy.requires(Perm.VIEW_SECURITY_MEASURES)
@require_GET
def security(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.VIEW_SECURITY_MEASURES)
    conversation = SecurityConversation.objects.filter(stay=stay).prefetch_related("items").first()
    scenarios = list(CrisisScenario.objects.filter(stay=stay))
    may_read = policy.can(request.user, Perm.READ_SECURITY_NOTES, stay)
    show = _showing(request) and may_read
    items = []
    if conversation is not None:
        by_key = {item.item: item for item in conversation.items.all()}
        items = [(label, by_key.get(value)) for value, label in ChecklistItem.choices]
        if show:
            noted = [item for item in by_key.values() if item.note]
            selectors.reveal_notes(
                fetched_by=request.user,
                objects=[*noted, *scenarios],
                fields=["note", "scenario", "response"],
                request=request,
            )
    return render(
        request,
        "followup/security.html",
        _context(
            request,
            stay,
            "followup:security",
            conversation=conversation,
            items=items,
            scenarios=scenarios,
            show=show,
            may_read=may_read,
            can_record=policy.can(request.user, Perm.RECORD_SECURITY_CONVERSATION, stay),
        ),
    )


@policy.requires(Perm.RECORD_SECURITY_CONVERSATION)
@require_http_methods(["GET", "POST"])
def security_edit(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(
        fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_SECURITY_CONVERSATION
    )
    conversation = SecurityConversation.objects.filter(stay=stay).prefetch_related("items").first()
    scenarios = list(CrisisScenario.objects.filter(stay=stay))
    rows = max(3, len(scenarios) + 1)
    if request.method == "GET" and conversation is not None:
        # The form shows the notes and the crisis plan: that is a read.
        selectors.reveal_notes(
            fetched_by=request.user,
            objects=[*conversation.items.all(), *scenarios],
            fields=["note", "scenario", "response"],
            request=request,
        )
    form = ConversationForm(
        request.POST or None,
        initial=ConversationForm.initial_from(conversation, scenarios)
        or {"held_on": dates.today()},
        scenario_rows=rows,
    )
    if request.method == "POST" and _save(
        form,
        lambda: services.conversation_save(
            stay=stay,
            by=request.user,
            held_on=form.cleaned_data["held_on"],
            police_participants=form.cleaned_data["police_participants"],
            staff_participants=form.cleaned_data["staff_participants"],
            items=form.items(),
            scenarios=form.scenarios(),
        ),
    ):
        messages.success(request, _("Sikkerhetssamtalen er lagret."))
        return redirect("followup:security", stay_id=stay.pk)
    return render(
        request,
        "followup/security_form.html",
        _context(request, stay, "followup:security", form=form),
    )


# --- security measures and threat picture --------------------------------------------


@policy.requires(Perm.VIEW_SECURITY_MEASURES)
@require_GET
def measures(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.VIEW_SECURITY_MEASURES)
    may_read = policy.can(request.user, Perm.READ_SECURITY_NOTES, stay)
    may_read_threat = policy.can(request.user, Perm.RECORD_THREAT_CHANGE, stay)
    show = _showing(request) and may_read
    show_threat = request.GET.get("trussel") == "1" and may_read_threat
    rows = list(
        SecurityMeasure.objects.filter(stay=stay)
        if show
        else SecurityMeasure.objects.filter(stay=stay).defer("reason")
    )
    changes = list(
        stay.threat_changes.all() if show_threat else stay.threat_changes.defer("detail")
    )
    if show:
        selectors.reveal_notes(
            fetched_by=request.user, objects=rows, fields=["reason"], request=request
        )
    if show_threat:
        selectors.reveal_notes(
            fetched_by=request.user,
            objects=changes,
            fields=["detail"],
            request=request,
            action="followup.threat_change.viewed",
        )
    today = dates.today()
    assessed = {m.kind for m in rows}
    return render(
        request,
        "followup/measures.html",
        _context(
            request,
            stay,
            "followup:measures",
            rows=[(m, selectors.measure_state(m), m.waiting_days(today)) for m in rows],
            not_assessed=[
                label
                for value, label in SecurityMeasure.Kind.choices
                if value not in assessed and value != "other"
            ],
            changes=changes,
            show=show,
            show_threat=show_threat,
            may_read=may_read,
            may_read_threat=may_read_threat,
            can_record=policy.can(request.user, Perm.RECORD_FOLLOWUP, stay),
        ),
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, stay_id: int, measure_id: int | None = None) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    measure = None
    initial: dict[str, Any] = {"kind": request.GET.get("tiltak", "")}
    if measure_id is not None:
        measure = SecurityMeasure.objects.filter(stay=stay, pk=measure_id).first()
        if measure is None:
            raise Http404
        initial = {
            "kind": measure.kind,
            "chosen": "yes" if measure.chosen else "no",
            "reason": measure.reason,
            "applied_on": measure.applied_on,
            "granted_on": measure.granted_on,
            "ended_on": measure.ended_on,
        }
        if request.method == "GET":
            selectors.reveal_notes(
                fetched_by=request.user, objects=[measure], fields=["reason"], request=request
            )
    form = MeasureForm(request.POST or None, initial=initial)
    if request.method == "POST" and _save(
        form,
        lambda: services.measure_save(stay=stay, by=request.user, measure=measure, **form.values()),
    ):
        messages.success(request, _("Sikkerhetstiltaket er lagret."))
        return redirect("followup:measures", stay_id=stay.pk)
    return render(
        request,
        "followup/measure_form.html",
        _context(request, stay, "followup:measures", form=form, measure=measure),
    )


@policy.requires(Perm.RECORD_THREAT_CHANGE)
@require_http_methods(["GET", "POST"])
def threat_change_create(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_THREAT_CHANGE)
    form = ThreatChangeForm(request.POST or None, initial={"recorded_on": dates.today()})
    if request.method == "POST" and _save(
        form, lambda: services.threat_change_create(stay=stay, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Endringen i trusselbildet er lagret."))
        return redirect("followup:measures", stay_id=stay.pk)
    return render(
        request,
        "followup/threat_form.html",
        _context(request, stay, "followup:measures", form=form),
    )


# --- action plan ----------------------------------------------------------------------


def _goal_choices(plan: ActionPlan | None, top_only: bool = False) -> list[tuple[int, str]]:
    if plan is None:
        return []
    choices = []
    for goal in plan.goals.filter(parent__isnull=True):
        choices.append((goal.pk, goal.text))
        if not top_only:
            choices += [(sub.pk, f"– {sub.text}") for sub in goal.subgoals.all()]
    return choices


@policy.requires(Perm.VIEW_FOLLOWUP)
@require_GET
def plan(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    action_plan = ActionPlan.objects.filter(stay=stay).first()
    may_read = policy.can(request.user, Perm.READ_FOLLOWUP_NOTES, stay)
    show = _showing(request) and may_read and action_plan is not None
    evaluations = list(action_plan.evaluations.all()) if action_plan else []
    if show and action_plan is not None:
        selectors.reveal_notes(
            fetched_by=request.user,
            objects=[action_plan, *evaluations],
            fields=["own_words", "summary"],
            request=request,
        )
    goals = (
        list(
            action_plan.goals.filter(parent__isnull=True).prefetch_related(
                "subgoals__actions", "actions"
            )
        )
        if action_plan
        else []
    )
    due = selectors.next_plan_evaluation_due(stay)
    return render(
        request,
        "followup/plan.html",
        _context(
            request,
            stay,
            "followup:plan",
            plan=action_plan,
            goals=goals,
            evaluations=evaluations,
            due=due,
            due_state=selectors.deadline_state(due),
            show=show,
            may_read=may_read,
            can_record=policy.can(request.user, Perm.RECORD_FOLLOWUP, stay),
            progress_form=ProgressForm(),
        ),
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    action_plan = ActionPlan.objects.filter(stay=stay).first()
    initial: dict[str, Any] = {"made_on": dates.today()}
    if action_plan is not None:
        initial = {"made_on": action_plan.made_on, "own_words": action_plan.own_words}
        if request.method == "GET":
            selectors.reveal_notes(
                fetched_by=request.user,
                objects=[action_plan],
                fields=["own_words"],
                request=request,
            )
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and _save(
        form, lambda: services.plan_save(stay=stay, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Handlingsplanen er lagret."))
        return redirect("followup:plan", stay_id=stay.pk)
    return render(
        request,
        "followup/plan_form.html",
        _context(request, stay, "followup:plan", form=form, plan=action_plan),
    )


def _plan_or_404(stay: Any) -> ActionPlan:
    action_plan = ActionPlan.objects.filter(stay=stay).first()
    if action_plan is None:
        raise Http404
    return action_plan


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    action_plan = _plan_or_404(stay)
    form = GoalForm(request.POST or None, goals=_goal_choices(action_plan, top_only=True))

    def create() -> None:
        parent = (
            action_plan.goals.filter(pk=form.cleaned_data["parent"]).first()
            if form.cleaned_data["parent"]
            else None
        )
        services.goal_create(
            plan=action_plan, by=request.user, text=form.cleaned_data["text"], parent=parent
        )

    if request.method == "POST" and _save(form, create):
        messages.success(request, _("Målet er lagt til."))
        return redirect("followup:plan", stay_id=stay.pk)
    return render(
        request, "followup/goal_form.html", _context(request, stay, "followup:plan", form=form)
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    action_plan = _plan_or_404(stay)
    form = ActionForm(
        request.POST or None,
        goals=_goal_choices(action_plan),
        initial={"goal": request.GET.get("mal")},
    )

    def create() -> None:
        goal = action_plan.goals.get(pk=form.cleaned_data["goal"])
        services.action_create(
            goal=goal,
            by=request.user,
            text=form.cleaned_data["text"],
            responsible=form.cleaned_data["responsible"],
        )

    if request.method == "POST" and _save(form, create):
        messages.success(request, _("Tiltaket er lagt til."))
        return redirect("followup:plan", stay_id=stay.pk)
    return render(
        request, "followup/action_form.html", _context(request, stay, "followup:plan", form=form)
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_POST
def progress_set(request: HttpRequest, stay_id: int, kind: str, item_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    action_plan = _plan_or_404(stay)
    item: PlanGoal | PlanAction | None
    if kind == "mal":
        item = action_plan.goals.filter(pk=item_id).first()
    elif kind == "tiltak":
        item = PlanAction.objects.filter(goal__plan=action_plan, pk=item_id).first()
    else:
        item = None
    if item is None:
        raise Http404
    form = ProgressForm(request.POST)
    if _save(
        form,
        lambda: services.progress_set(
            item=item, by=request.user, status=form.cleaned_data["status"]
        ),
    ):
        messages.success(request, _("Statusen er endret."))
    else:
        messages.error(request, _("Velg en status fra listen."))
    return redirect("followup:plan", stay_id=stay.pk)


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def evaluation_create(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    action_plan = _plan_or_404(stay)
    form = EvaluationForm(request.POST or None, initial={"evaluated_on": dates.today()})
    if request.method == "POST" and _save(
        form,
        lambda: services.evaluation_create(plan=action_plan, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Evalueringen er lagret."))
        return redirect("followup:plan", stay_id=stay.pk)
    return render(
        request,
        "followup/evaluation_form.html",
        _context(request, stay, "followup:plan", form=form, plan=action_plan),
    )


# --- follow-up areas ---------------------------------------------------------------------


@policy.requires(Perm.VIEW_FOLLOWUP)
@require_GET
def areas(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    may_read = policy.can(request.user, Perm.READ_FOLLOWUP_NOTES, stay)
    show = _showing(request) and may_read
    stored = FollowupArea.objects.filter(stay=stay)
    if not show:
        stored = stored.defer("notes")
    by_key = {(row.area, row.child_id or 0): row for row in stored}
    form = AreasForm(children=selectors.accompanying_children(stay))
    rows = [(label, by_key.get((area, number))) for area, number, label in form.rows]
    if show:
        selectors.reveal_notes(
            fetched_by=request.user,
            objects=[row for row in by_key.values() if row.notes],
            fields=["notes"],
            request=request,
        )
    return render(
        request,
        "followup/areas.html",
        _context(
            request,
            stay,
            "followup:areas",
            rows=rows,
            missing=selectors.missing_child_plans(stay),
            show=show,
            may_read=may_read,
            can_record=policy.can(request.user, Perm.RECORD_FOLLOWUP, stay),
            status_kinds={
                AreaStatus.DONE: "success",
                AreaStatus.IN_PROGRESS: "info",
                AreaStatus.NOT_RELEVANT: "neutral",
                AreaStatus.NOT_STARTED: "warning",
            },
        ),
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def areas_edit(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    stored = list(FollowupArea.objects.filter(stay=stay))
    initial = {}
    for row in stored:
        initial[f"status_{row.area}_{row.child_id or 0}"] = row.status
        initial[f"notes_{row.area}_{row.child_id or 0}"] = row.notes
    if request.method == "GET" and stored:
        selectors.reveal_notes(
            fetched_by=request.user,
            objects=[row for row in stored if row.notes],
            fields=["notes"],
            request=request,
        )
    form = AreasForm(
        request.POST or None, initial=initial, children=selectors.accompanying_children(stay)
    )
    if request.method == "POST" and _save(
        form, lambda: services.areas_save(stay=stay, by=request.user, values=form.values())
    ):
        messages.success(request, _("Oppfølgingsområdene er lagret."))
        return redirect("followup:areas", stay_id=stay.pk)
    return render(
        request, "followup/areas_form.html", _context(request, stay, "followup:areas", form=form)
    )


# --- contact log ------------------------------------------------------------------------


def _contact_form(stay: Any, data: Any = None) -> ContactForm:
    from housing.models import PartnerService

    partners = [(p.pk, str(p)) for p in PartnerService.objects.filter(offer_id=stay.offer_id)]
    action_plan = ActionPlan.objects.filter(stay=stay).first()
    return ContactForm(
        data,
        partners=partners,
        goals=_goal_choices(action_plan),
        initial={"contact_on": dates.today(), "mode": "in_person", "with_whom": "resident"},
    )


def _contact_context(
    request: HttpRequest, stay: Any, form: ContactForm, show: bool = False
) -> dict[str, Any]:
    weekly = selectors.weekly_hours(stay)
    contacts = list(
        selectors.contact_rows(stay) if not show else selectors.contact_rows(stay).defer(None)
    )
    if show:
        selectors.reveal_notes(
            fetched_by=request.user,
            objects=[c for c in contacts if c.note],
            fields=["note"],
            request=request,
        )
    may_read = policy.can(request.user, Perm.READ_FOLLOWUP_NOTES, stay)
    return _context(
        request,
        stay,
        "followup:contacts",
        form=form,
        weekly=weekly,
        summary=weekly.summary(),
        chart=charts.weekly_hours_svg(weekly) if weekly.weeks else None,
        total_hours=selectors.format_hours(weekly.total_minutes),
        contacts=contacts,
        show=show,
        may_read=may_read,
        can_record=policy.can(request.user, Perm.RECORD_FOLLOWUP, stay),
    )


@policy.requires(Perm.VIEW_FOLLOWUP)
@require_GET
def contacts(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    show = _showing(request) and policy.can(request.user, Perm.READ_FOLLOWUP_NOTES, stay)
    return render(
        request,
        "followup/contacts.html",
        _contact_context(request, stay, _contact_form(stay), show),
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_POST
def contact_create(request: HttpRequest, stay_id: int) -> HttpResponse:
    """Without JavaScript: redirect (or the whole page with errors). With htmx: the log region."""
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    form = _contact_form(stay, request.POST)

    def create() -> None:
        data = form.cleaned_data
        partner = None
        if data["partner"]:
            from housing.models import PartnerService

            partner = PartnerService.objects.filter(
                offer_id=stay.offer_id, pk=data["partner"]
            ).first()
        goal = (
            PlanGoal.objects.filter(plan__stay=stay, pk=data["goal"]).first()
            if data["goal"]
            else None
        )
        services.contact_create(
            stay=stay,
            by=request.user,
            contact_on=data["contact_on"],
            minutes=data["minutes"],
            form=data["mode"],
            with_whom=data["with_whom"],
            themes=data["themes"],
            partner=partner,
            heavy_strain=data["heavy_strain"],
            goal=goal,
            note=data["note"],
        )

    saved = _save(form, create)
    is_htmx = bool(getattr(request, "htmx", False))
    if saved and not is_htmx:
        messages.success(request, _("Kontakten er registrert."))
        return redirect("followup:contacts", stay_id=stay.pk)
    if saved:
        form = _contact_form(stay)
    context = _contact_context(request, stay, form)
    context["saved"] = saved
    template = "followup/_contact_region.html" if is_htmx else "followup/contacts.html"
    return render(request, template, context)
