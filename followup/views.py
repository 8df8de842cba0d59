"""Pages for the follow-up of one resident's stay.

Thin: each view is tagged in the policy, fetches the stay through
``selectors.stay_get`` (404 for hidden and missing alike), reads what the page
shows through a page selector that audits it (``followup.selectors.pages``),
and writes through the services. Encrypted text is shown only after a
deliberate «show» (or on an edit form that must show it).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.policy import Perm
from core import dates
from core.forms import save_form as _save
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
from followup.models import AreaStatus, PlanAction, PlanGoal, SecurityMeasure

SHOW = "vis"


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
    page = selectors.security_page(
        fetched_by=request.user, stay=stay, show=_showing(request), request=request
    )
    return render(
        request,
        "followup/security.html",
        _context(
            request,
            stay,
            "followup:security",
            conversation=page.conversation,
            items=page.items,
            scenarios=page.scenarios,
            show=page.show,
            may_read=page.may_read,
            can_record=policy.can(request.user, Perm.RECORD_SECURITY_CONVERSATION, stay),
        ),
    )


@policy.requires(Perm.RECORD_SECURITY_CONVERSATION)
@require_http_methods(["GET", "POST"])
def security_edit(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(
        fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_SECURITY_CONVERSATION
    )
    conversation, scenarios = selectors.security_for_form(
        fetched_by=request.user, stay=stay, request=request
    )
    form = ConversationForm(
        request.POST or None,
        initial=ConversationForm.initial_from(conversation, scenarios)
        or {"held_on": dates.today()},
        scenario_rows=max(3, len(scenarios) + 1),
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
    page = selectors.measures_page(
        fetched_by=request.user,
        stay=stay,
        show=_showing(request),
        show_threat=request.GET.get("trussel") == "1",
        request=request,
    )
    today = dates.today()
    assessed = {m.kind for m in page.measures}
    return render(
        request,
        "followup/measures.html",
        _context(
            request,
            stay,
            "followup:measures",
            rows=[(m, selectors.measure_state(m), m.waiting_days(today)) for m in page.measures],
            not_assessed=[
                label
                for value, label in SecurityMeasure.Kind.choices
                if value not in assessed and value != "other"
            ],
            changes=page.changes,
            show=page.show,
            show_threat=page.show_threat,
            may_read=page.may_read,
            may_read_threat=page.may_read_threat,
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
        measure = selectors.measure_for_form(
            fetched_by=request.user, stay=stay, pk=measure_id, request=request
        )
        initial = {
            "kind": measure.kind,
            "chosen": "yes" if measure.chosen else "no",
            "reason": measure.reason,
            "applied_on": measure.applied_on,
            "granted_on": measure.granted_on,
            "ended_on": measure.ended_on,
        }
    else:
        selectors.form_opened(fetched_by=request.user, stay=stay, request=request)
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
    selectors.form_opened(fetched_by=request.user, stay=stay, request=request)
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


@policy.requires(Perm.VIEW_FOLLOWUP)
@require_GET
def plan(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    page = selectors.plan_page(
        fetched_by=request.user, stay=stay, show=_showing(request), request=request
    )
    return render(
        request,
        "followup/plan.html",
        _context(
            request,
            stay,
            "followup:plan",
            plan=page.plan,
            goals=page.goals,
            evaluations=page.evaluations,
            due=page.due,
            due_state=page.due_state,
            show=page.show,
            may_read=page.may_read,
            can_record=policy.can(request.user, Perm.RECORD_FOLLOWUP, stay),
            progress_form=ProgressForm(),
        ),
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    action_plan = selectors.plan_for_form(
        fetched_by=request.user, stay=stay, own_words=True, request=request
    )
    initial: dict[str, Any] = {"made_on": dates.today()}
    if action_plan is not None:
        initial = {"made_on": action_plan.made_on, "own_words": action_plan.own_words}
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


def _plan_or_404(stay: Any) -> Any:
    action_plan = selectors.plan_of(stay)
    if action_plan is None:
        raise Http404
    return action_plan


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    action_plan = _plan_or_404(stay)
    goals = selectors.goal_choices(
        fetched_by=request.user, stay=stay, top_only=True, request=request
    )
    form = GoalForm(request.POST or None, goals=goals)

    def create() -> None:
        parent = (
            selectors.goal_of(action_plan, form.cleaned_data["parent"])
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
        goals=selectors.goal_choices(fetched_by=request.user, stay=stay, request=request),
        initial={"goal": request.GET.get("mal")},
    )

    def create() -> None:
        goal = selectors.goal_of(action_plan, form.cleaned_data["goal"])
        if goal is None:
            raise Http404
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
        item = selectors.goal_of(action_plan, item_id)
    elif kind == "tiltak":
        item = selectors.action_of(action_plan, item_id)
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
    action_plan = selectors.plan_for_form(
        fetched_by=request.user, stay=stay, own_words=False, request=request
    )
    if action_plan is None:
        raise Http404
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
    page = selectors.areas_page(
        fetched_by=request.user, stay=stay, show=_showing(request), request=request
    )
    return render(
        request,
        "followup/areas.html",
        _context(
            request,
            stay,
            "followup:areas",
            rows=page.rows,
            missing=page.missing,
            show=page.show,
            may_read=page.may_read,
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
    initial, children = selectors.areas_for_form(
        fetched_by=request.user, stay=stay, request=request
    )
    form = AreasForm(request.POST or None, initial=initial, children=children)
    if request.method == "POST" and _save(
        form, lambda: services.areas_save(stay=stay, by=request.user, values=form.values())
    ):
        messages.success(request, _("Oppfølgingsområdene er lagret."))
        return redirect("followup:areas", stay_id=stay.pk)
    return render(
        request, "followup/areas_form.html", _context(request, stay, "followup:areas", form=form)
    )


# --- contact log ------------------------------------------------------------------------


def _contact_form(request: HttpRequest, stay: Any, data: Any = None) -> ContactForm:
    return ContactForm(
        data,
        partners=selectors.partner_choices(stay),
        # The contact log's own audit row names the goals when the form is shown.
        goals=selectors.goal_choices(fetched_by=request.user, stay=stay, audited=False),
        initial={"contact_on": dates.today(), "mode": "in_person", "with_whom": "resident"},
    )


def _contact_context(
    request: HttpRequest, stay: Any, form: ContactForm, show: bool = False
) -> dict[str, Any]:
    can_record = policy.can(request.user, Perm.RECORD_FOLLOWUP, stay)
    log = selectors.contact_log(
        fetched_by=request.user, stay=stay, show=show, with_goals=can_record, request=request
    )
    return _context(
        request,
        stay,
        "followup:contacts",
        form=form,
        weekly=log.weekly,
        summary=log.weekly.summary(),
        chart=charts.weekly_hours_svg(log.weekly) if log.weekly.weeks else None,
        total_hours=selectors.format_hours(log.weekly.total_minutes),
        contacts=log.contacts,
        show=log.show,
        may_read=log.may_read,
        can_record=can_record,
    )


@policy.requires(Perm.VIEW_FOLLOWUP)
@require_GET
def contacts(request: HttpRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    return render(
        request,
        "followup/contacts.html",
        _contact_context(request, stay, _contact_form(request, stay), _showing(request)),
    )


@policy.requires(Perm.RECORD_FOLLOWUP)
@require_POST
def contact_create(request: HttpRequest, stay_id: int) -> HttpResponse:
    """Without JavaScript: redirect (or the whole page with errors). With htmx: the log region."""
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_FOLLOWUP)
    form = _contact_form(request, stay, request.POST)

    def create() -> None:
        data = form.cleaned_data
        partner = selectors.partner_of(stay, data["partner"]) if data["partner"] else None
        goal = selectors.goal_of_stay(stay, data["goal"]) if data["goal"] else None
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
        form = _contact_form(request, stay)
    # The region (or the page with errors) shows the log again: a read, audited.
    context = _contact_context(request, stay, form)
    context["saved"] = saved
    template = "followup/_contact_region.html" if is_htmx else "followup/contacts.html"
    return render(request, template, context)
