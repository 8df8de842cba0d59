"""Hypothesis against every form (SECURITY.md 18): no server error, no change on invalid input.

Forms are found, not listed: every ``Form`` subclass defined in a project
app's modules (tests and migrations aside) must be reached through a routed
view, or ``test_it_fuzzes_every_form_in_the_code`` fails. A new form is
covered the moment a view binds it.

For every project route (``access/tests/route_samples.py`` fills its URL
parameters; ``FALLBACK_SAMPLES`` below fills the few it cannot yet), signed
in as a user the policy lets use it:

1. probe: GET the page, POST ``_probe=1``, GET with the page's field names;
   a spy on ``BaseForm`` sees which project forms the view binds to the
   request's data, with the arguments the view made them with;
2. form level: hypothesis builds data for those fields (per field type:
   nasty text with control characters, very long, HTML, SQL-ish and
   formula strings; numbers out of range; malformed dates; wrong and valid
   choices; missing fields; extra keys; repeated keys) and calls
   ``is_valid()`` on the form, made as the view made it: it never raises;
3. view level: the same kind of data (plus one example with every field
   plausibly filled, so the valid path runs too) is sent through the real
   view: never a 5xx; when a bound form was invalid nothing in the database
   changed (PostgreSQL's per-transaction row counters, every table) and the
   audit log gained at most read entries; a 4xx on valid forms (the service
   refused) changed no data, though it may audit the attempt.

Each example runs inside a savepoint that is rolled back, so a valid example
(which may really act) cannot change what the next one meets. Figures go to
``tests.security_figures`` under "fuzzing".
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.db import connection, transaction
from django.forms.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import clear_url_caches, path
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from access import policy
from access.tests.route_samples import (
    Route,
    Sample,
    SampleContext,
    all_routes,
    build_path,
    discover,
    sample_for,
    walk,
)
from access.tests.test_csrf_and_methods import GET_MAY_APPEND, GET_MAY_AUDIT
from audit.models import AuditEntry, AuditHead
from audit.review import is_read
from conftest import sign_in
from tests.security_figures import record as record_figures

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parent.parent
FORM_EXAMPLES = 30  # per route, straight into the form
VIEW_EXAMPLES = 25  # per route, through the view
PROBE = "_probe"

# Tables whose rows a request may change whatever the input: the session
# (sliding idle timeout), the database cache (rate limits) and the audit
# tables (checked on their own: only read entries may appear).
UNCHECKED_TABLES = {"django_session", "botilbud_cache"}

# Forms defined in the code that no routed view binds, with the reason.
# Every entry is a form nobody fuzzes here: keep it short, and say where it
# is tested instead.
NOT_BOUND_BY_A_VIEW: dict[str, str] = {
    f"access.signin.mfa_forms.{name}": (
        "allauth's second-factor views bind it (MFA_FORMS) inside a login stage or a "
        "re-authentication, which this walk cannot enter; it adds the sign-in lock to "
        "allauth's own fields, and accounts/tests/test_lockout_steps.py sends odd codes "
        "and failed security keys through it"
    )
    for name in (
        "AuthenticateForm",
        "ReauthenticateForm",
        "AuthenticateWebAuthnForm",
        "ReauthenticateWebAuthnForm",
        "LoginWebAuthnForm",
    )
}
NOT_BOUND_BY_A_VIEW["access.accounts_admin.OrganisationForm"] = (
    "the administrator's organisation form on the admin site (access.admin.site), which "
    "this walk of the project's routes does not enter; accounts/tests/"
    "test_municipality_number.py posts valid, malformed, unknown and duplicate municipality "
    "numbers and a number together with a change of kind through it"
)
NOT_BOUND_BY_A_VIEW["stays.forms.CloseForm"] = (
    "the base of oversight.forms.ClosureForm, which the close page binds (it adds one "
    "confirmation per open security measure): fuzzing ClosureForm sends every field of this"
)


# --- what exists ----------------------------------------------------------------------------


def project_apps() -> list[Any]:
    return [c for c in apps.get_app_configs() if Path(c.path).resolve().parent == ROOT]


def project_form_classes() -> dict[str, type[BaseForm]]:
    """Every form class defined in the project's app modules (not tests, not migrations)."""
    found: dict[str, type[BaseForm]] = {}
    for config in project_apps():
        names = [config.name]
        for info in pkgutil.walk_packages(config.module.__path__, prefix=f"{config.name}."):
            parts = info.name.split(".")
            if "tests" in parts or "migrations" in parts:
                continue
            names.append(info.name)
        for name in names:
            module = importlib.import_module(name)
            for obj in vars(module).values():
                if (
                    isinstance(obj, type)
                    and issubclass(obj, BaseForm)
                    and obj.__module__ == module.__name__
                ):
                    found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


def form_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


PROJECT_APP_NAMES = {c.name for c in project_apps()}
FORMS = project_form_classes()
SAMPLES = discover()
ROUTES = [
    r
    for r in all_routes()
    if (getattr(r.pattern.callback, "__module__", "") or "").split(".")[0] in PROJECT_APP_NAMES
]


# --- URL parameters the shared samples do not fill yet ------------------------------------


REASON = "Alarmen er utløst, politiet ber om tiltakene"


def _access_world(ctx: SampleContext) -> dict[str, Any]:
    """A break-the-glass access to a stay in A (by charlie of B) and a pending approval."""
    if "fuzz_access" not in ctx.cache:
        from access import approvals
        from access.models import ApprovalRequest
        from housing.models import Dwelling, Offer
        from oversight import breakglass
        from stays.models import Stay

        stay_pk = SAMPLES["stays:overview"](ctx)["pk"]
        dwelling = Dwelling.objects.get(pk=SAMPLES["housing:dwelling_detail"](ctx)["pk"])
        offer = Offer.objects.get(pk=SAMPLES["housing:offer_edit"](ctx)["pk"])
        access = breakglass.open_access(
            user=ctx.cast["followup_worker_b"],
            reference=Stay.objects.get(pk=stay_pk).reference,
            reason=REASON,
        )
        approval = approvals.request_approval(
            user=ctx.cast["followup_worker_a"],
            kind=ApprovalRequest.Kind.ADDRESS_DISCLOSURE,
            subject_obj=dwelling,
            reason=REASON,
        )
        for user in ctx.cast.values():
            policy.forget_break_glass(user)
            policy.forget_cached_memberships(user)
        ctx.cache["fuzz_access"] = {
            "break_glass": access.pk,
            "approval": approval.pk,
            "dwelling": dwelling.pk,
            "offer": offer.pk,
        }
    world: dict[str, Any] = ctx.cache["fuzz_access"]
    return world


def _access(kind: str) -> Sample:
    return lambda ctx: {"pk": _access_world(ctx)[kind]}


FALLBACK_SAMPLES: dict[str, Sample] = {
    "access:break_glass_opened": _access("break_glass"),
    "access:break_glass_review": _access("break_glass"),
    "access:approval_detail": _access("approval"),
    "access:approval_approve": _access("approval"),
    "access:approval_reject": _access("approval"),
    "access:address_request": _access("dwelling"),
    "access:resident_export": _access("offer"),
}


def _open_enrolment_link(client: Client) -> None:
    """The enrolment form exists only in a session that opened a working link."""
    from urllib.parse import urlsplit

    from access.signin.enrolment import issue_link
    from accounts.models import EnrolmentLink, User

    user, _ = User.objects.get_or_create(username="fuzz.nyansatt")
    issued = issue_link(user=user, by=None, purpose=EnrolmentLink.Purpose.NEW_USER, mail=False)
    client.get(urlsplit(issued.url).path)


# Routes whose form appears only after an earlier step in the same session:
# the step runs on the (anonymous) fuzzing client first.
SESSION_STEPS: dict[str, Callable[[Client], None]] = {"accounts:enrol": _open_enrolment_link}


def route_sample(route: Route) -> Sample | None:
    return sample_for(route, SAMPLES) or FALLBACK_SAMPLES.get(route.key)


def users_for(route: Route, cast: dict[str, Any]) -> list[Any]:
    requirement = policy.route_requirement(route.pattern.callback)
    if requirement in (policy.PUBLIC, policy.AUTHENTICATION):
        return [cast["coordinator"], None]
    return [u for u in cast.values() if policy.route_allows(u, requirement)]


# --- seeing the forms a view makes ----------------------------------------------------------


@dataclass
class Made:
    form: BaseForm
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass
class FormSpy:
    made: list[Made] = field(default_factory=list)
    valid: dict[int, bool] = field(default_factory=dict)

    def project_forms(self) -> list[Made]:
        return [m for m in self.made if form_name(type(m.form)) in FORMS]

    def bound_to(self, marker: str) -> list[Made]:
        """Project forms bound to the request's data (which carries ``marker``)."""
        return [
            m
            for m in self.project_forms()
            if getattr(m.form, "is_bound", False) and marker in m.form.data
        ]

    def invalid(self) -> list[Made]:
        return [m for m in self.project_forms() if self.valid.get(id(m.form)) is False]


@contextmanager
def spying() -> Iterator[FormSpy]:
    """Record every project form made (with the caller's arguments) and its first is_valid()."""
    spy = FormSpy()
    original_is_valid = BaseForm.is_valid
    own_inits = {cls: cls.__dict__.get("__init__") for cls in FORMS.values()}

    def wrap(cls: type[BaseForm], init: Callable[..., None]) -> Callable[..., None]:
        def __init__(self: BaseForm, *args: Any, **kwargs: Any) -> None:
            init(self, *args, **kwargs)
            if type(self) is cls:  # the outermost call: the view's own arguments
                spy.made.append(Made(self, args, kwargs))

        return __init__

    def is_valid(self: BaseForm) -> bool:
        result = original_is_valid(self)
        spy.valid.setdefault(id(self), result)
        return result

    for cls in FORMS.values():
        cls.__init__ = wrap(cls, cls.__init__)  # type: ignore[method-assign]
    BaseForm.is_valid = is_valid  # type: ignore[method-assign]
    try:
        yield spy
    finally:
        BaseForm.is_valid = original_is_valid  # type: ignore[method-assign]
        for cls, init in own_inits.items():
            if init is None:
                del cls.__init__
            else:
                cls.__init__ = init  # type: ignore[method-assign]


# --- what changed --------------------------------------------------------------------------


def row_writes() -> dict[str, tuple[int, int]]:
    """(rows inserted, rows updated or deleted) so far in this transaction, per table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
        )
        return {name: (int(ins), int(other)) for name, ins, other in cursor.fetchall()}


AUDIT_TABLES = {AuditEntry._meta.db_table, AuditHead._meta.db_table}
# Ledgers that showing a page appends to (the CSRF walk's list, with its
# reasons): an invalid form shows the page again, so it may append there too.
LEDGER_TABLES = {apps.get_model(label)._meta.db_table for label in GET_MAY_APPEND}


def changed_tables(
    before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
) -> list[str]:
    ignored = UNCHECKED_TABLES | AUDIT_TABLES
    changed = []
    for table, (inserted, other) in after.items():
        was_inserted, was_other = before.get(table, (0, 0))
        if table in ignored:
            continue
        if other != was_other or (inserted != was_inserted and table not in LEDGER_TABLES):
            changed.append(table)
    return sorted(changed)


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- inputs ---------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\t\x0b\x0c",
    "\x1b[31mred\x1b[0m",
    "\u202egnp.exe",
    "\ufeff\u200b\u200d",
    "\ud7ff\ue000\uffff",
    "😀" * 50,
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "Ærlig Øl Å",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "' OR '1'='1' --",
    "1; DROP TABLE accounts_user; --",
    "%s%s%n%x",
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "../../../../etc/passwd",
    "null",
    "None",
    "undefined",
    "NaN",
    "-1",
    "0",
    "9" * 40,
    "1e400",
    "x" * 5000,
]
NUMBERS = [
    "0",
    "-1",
    "1",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    str(10**40),
    "1.5",
    "1,5",
    "1e3",
    "1e400",
    "-0",
    "NaN",
    "Infinity",
    "-inf",
    "0x10",
    "١٢٣",
    " 7 ",
    "7 ",
    "",
]
DATES = [
    "2024-02-29",
    "2023-02-29",
    "2024-02-30",
    "2024-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-0001-01-01",
    "31.12.2024",
    "12/31/2024",
    "2024-1-1",
    "2024-01-01T25:00",
    "today",
    "",
    "2024-01-01\x00",
]
TIMES = ["00:00", "23:59", "24:00", "25:61", "12:60", "-1:00", "noon", "12:00:00.9999999", ""]
BOOLEANS = ["on", "off", "true", "false", "True", "1", "0", "", "yes", "nei", "None", "unknown"]
BAD_PKS = ["0", "-1", "abc", "1 OR 1=1", str(2**63), str(10**30), "1.0", "", "[1]"]

text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.text(alphabet=string.printable, max_size=40),
)
Value = str | list[str] | None


def _choices(field: forms.Field) -> list[str]:
    values: list[str] = []
    for value, label in getattr(field, "choices", []) or []:
        if isinstance(label, list | tuple):  # an optgroup
            values.extend(str(v) for v, _ in label)
        else:
            values.append(str(value))
    return [v for v in values if v != ""] or [""]


def _model_pks(field: forms.ModelChoiceField) -> list[str]:
    queryset = field.queryset
    pks = [str(pk) for pk in queryset.values_list("pk", flat=True)[:20]] if queryset else []
    return pks or ["1"]


def _plausible(field: forms.Field, today: dt.date) -> Value:
    """A value the field probably accepts: the fuzzing also walks the valid path."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return _model_pks(field)[:1]
    if isinstance(field, forms.ModelChoiceField):
        return _model_pks(field)[0]
    if isinstance(field, forms.MultipleChoiceField):
        return _choices(field)[:1]
    if isinstance(field, forms.ChoiceField):
        return _choices(field)[0]
    if isinstance(field, forms.DateField):
        return today.isoformat()
    if isinstance(field, forms.TimeField):
        return "12:00"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return str(max(1, int(field.min_value or 0)))
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.EmailField):
        return "ola@example.invalid"
    return "Et vanlig svar, minst ti tegn"


def value_strategy(field: forms.Field, today: dt.date) -> st.SearchStrategy[Value]:
    """Values for one field: mostly wrong for its type, sometimes right, sometimes absent."""
    plausible = st.just(_plausible(field, today))
    if isinstance(field, forms.ModelMultipleChoiceField):
        pk = st.sampled_from(_model_pks(field) + BAD_PKS)
        typed: st.SearchStrategy[Value] = st.lists(pk, max_size=4)
    elif isinstance(field, forms.ModelChoiceField):
        typed = st.sampled_from(_model_pks(field) + BAD_PKS)
    elif isinstance(field, forms.MultipleChoiceField):
        typed = st.lists(st.one_of(st.sampled_from(_choices(field)), text), max_size=4)
    elif isinstance(field, forms.ChoiceField):
        typed = st.one_of(st.sampled_from(_choices(field)), st.sampled_from(["__nope__", "0"]))
    elif isinstance(field, forms.DateTimeField):
        typed = st.one_of(
            st.sampled_from(DATES),
            st.datetimes().map(lambda d: d.isoformat(sep=" ")),
        )
    elif isinstance(field, forms.DateField):
        typed = st.one_of(
            st.sampled_from(DATES),
            st.dates().map(dt.date.isoformat),
            st.dates().map(lambda d: f"{d.day}.{d.month}.{d.year}"),
        )
    elif isinstance(field, forms.TimeField):
        typed = st.sampled_from(TIMES)
    elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        typed = st.one_of(
            st.sampled_from(NUMBERS),
            st.integers(min_value=-(2**70), max_value=2**70).map(str),
            st.decimals(allow_nan=True, allow_infinity=True).map(str),
        )
    elif isinstance(field, forms.BooleanField | forms.NullBooleanField):
        typed = st.sampled_from(BOOLEANS)
    else:
        typed = st.one_of(text, st.just("x" * ((getattr(field, "max_length", None) or 2000) + 1)))
    return st.one_of(
        typed,
        typed,
        plausible,
        text,
        st.none(),  # missing
        st.lists(text, min_size=2, max_size=3),  # the key repeated
    )


def field_keys(form: BaseForm, name: str, bound_field: forms.Field) -> list[str]:
    key = form.add_prefix(name)
    widget = bound_field.widget
    if isinstance(widget, forms.MultiWidget):
        return [f"{key}{suffix}" for suffix in getattr(widget, "widgets_names", [])]
    return [key]


def plausible_data(bound: list[Made], marker: str) -> dict[str, Value]:
    """Every field filled with a probably valid value: one explicit example per route."""
    from core import dates

    data: dict[str, Value] = {marker: "1"}
    for made in bound:
        for name, form_field in made.form.fields.items():
            for key in field_keys(made.form, name, form_field):
                data[key] = _plausible(form_field, dates.today())
    return data


def data_strategy(bound: list[Made], marker: str) -> st.SearchStrategy[dict[str, Value]]:
    from core import dates

    today = dates.today()
    fields: dict[str, st.SearchStrategy[Value]] = {}
    for made in bound:
        for name, form_field in made.form.fields.items():
            for key in field_keys(made.form, name, form_field):
                fields[key] = value_strategy(form_field, today)
    extra = st.dictionaries(
        st.text(min_size=1, max_size=20).filter(lambda k: k not in fields and k != marker),
        st.one_of(text, st.lists(text, max_size=2)),
        max_size=3,
    )

    def combine(values: dict[str, Value], more: dict[str, Value]) -> dict[str, Value]:
        data = {k: v for k, v in values.items() if v is not None}
        return {**data, **more, marker: "1"}

    return st.builds(combine, st.fixed_dictionaries(fields), extra)


def flat(data: dict[str, Value]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def _querydict(data: dict[str, Value]) -> Any:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            query.setlist(key, value)
        elif value is not None:
            query[key] = value
    return query


FUZZ_SETTINGS = settings(
    max_examples=VIEW_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: a failure shows the example as generated (derandomize
    # makes it repeatable), without minutes of replays.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)


# --- probing a route ------------------------------------------------------------------------


@dataclass
class Target:
    user: Any
    url: str
    method: str  # "post" or "get"
    bound: list[Made]
    route_key: str = ""


def client_for(user: Any, route_key: str = "") -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        return sign_in(client, user)
    if route_key in SESSION_STEPS:
        SESSION_STEPS[route_key](client)
    return client


def probe(route: Route, ctx: SampleContext, problems: list[str]) -> Target | None:
    """Which user, method and forms fuzz this route (None: it binds no project form)."""
    sample = route_sample(route)
    assert sample is not None
    users = [None] if route.key in SESSION_STEPS else users_for(route, ctx.cast)
    for user in users:
        ctx.user = user
        url = build_path(route, sample(ctx))
        client = client_for(user, route.key)
        with rolled_back(), spying() as spy:
            get = client.get(url)
            post = client.post(url, {PROBE: "1"})
        if get.status_code >= 500 or post.status_code >= 500:
            problems.append(f"probe {url}: GET {get.status_code}, POST {post.status_code}")
        bound = spy.bound_to(PROBE)
        if bound:
            return Target(user, url, "post", bound, route.key)
        names = {
            key
            for made in spy.project_forms()
            for name, form_field in made.form.fields.items()
            for key in field_keys(made.form, name, form_field)
        }
        with rolled_back(), spying() as spy:
            client.get(url, {**dict.fromkeys(names, ""), PROBE: "1"})
        bound = spy.bound_to(PROBE)
        if bound:
            return Target(user, url, "get", bound, route.key)
        # 405 too: a POST-only route answers GET with 405 whoever asks, so a
        # 404 to the POST still means the route is closed to this user.
        if {get.status_code, post.status_code} - {403, 404, 405}:
            return None  # the route works for this user and binds no form
    return None


def remake(made: Made, data: Any) -> BaseForm:
    """The form class again, with the view's arguments and other data."""
    args, kwargs = list(made.args), dict(made.kwargs)
    if "data" in kwargs or not args:
        kwargs["data"] = data
    else:
        args[0] = data
    return type(made.form)(*args, **kwargs)


# --- the tests ------------------------------------------------------------------------------


def _route_id(route: Route) -> str:
    return route.key


FILLED = [r for r in ROUTES if route_sample(r) is not None]


@pytest.mark.parametrize("route", FILLED, ids=_route_id)
def test_fuzzed_input_never_errs_and_invalid_input_changes_nothing(route, cast, orgs):
    ctx = SampleContext(cast=cast, orgs=orgs)
    problems: list[str] = []
    target = probe(route, ctx, problems)
    counts = {"form_inputs": 0, "requests": 0, "invalid": 0, "server_errors": 0, "raised": 0}
    try:
        if target is not None:
            _fuzz_forms(target, counts, problems)
            _fuzz_view(target, client_for(target.user, target.route_key), counts, problems)
    finally:
        record_figures(
            "fuzzing",
            {
                "route": route.key,
                "forms": sorted({form_name(type(m.form)) for m in target.bound}) if target else [],
                **counts,
                "problems": len(problems),
            },
        )
    assert problems == []


def _fuzz_forms(target: Target, counts: dict[str, int], problems: list[str]) -> None:
    @settings(FUZZ_SETTINGS, max_examples=FORM_EXAMPLES)
    @given(data=data_strategy(target.bound, PROBE))
    @example(data=plausible_data(target.bound, PROBE))
    def check(data: dict[str, Value]) -> None:
        query = _querydict(data)
        for made in target.bound:
            counts["form_inputs"] += 1
            with rolled_back():
                form = remake(made, query)
                try:
                    form.is_valid()
                    form.errors.as_data()
                    str(form)
                except Exception as exc:
                    counts["raised"] += 1
                    problems.append(f"{form_name(type(form))}({data!r}): {exc!r}")
                    raise

    check()


def _fuzz_view(target: Target, client: Client, counts: dict[str, int], problems: list[str]) -> None:
    send: Callable[..., Any] = client.post if target.method == "post" else client.get

    @FUZZ_SETTINGS
    @given(data=data_strategy(target.bound, PROBE))
    @example(data=plausible_data(target.bound, PROBE))
    def check(data: dict[str, Value]) -> None:
        counts["requests"] += 1
        with rolled_back(), spying() as spy:
            last_seq = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
            before = row_writes()
            response = send(target.url, flat(data))
            changed = changed_tables(before, row_writes())
            audited = list(
                AuditEntry.objects.filter(seq__gt=last_seq or 0).values_list("action", flat=True)
            )
        where = f"{target.method.upper()} {target.url} {data!r}"
        if response.status_code >= 500:
            counts["server_errors"] += 1
            problems.append(f"{where}: {response.status_code} {getattr(response, 'exc_info', '')}")
            raise AssertionError(problems[-1])
        if spy.invalid():
            counts["invalid"] += 1
            writes = [a for a in audited if not is_read(a) and a not in GET_MAY_AUDIT]
            if changed or writes:
                problems.append(f"{where}: invalid input changed {changed}, audited {writes}")
                raise AssertionError(problems[-1])
        elif response.status_code >= 400 and changed:
            # Valid forms the service refused: the attempt may be audited
            # (a failed break-the-glass lookup must be), the data stays as it was.
            problems.append(f"{where}: refused ({response.status_code}) but changed {changed}")
            raise AssertionError(problems[-1])

    check()


def test_it_fuzzes_every_form_in_the_code(cast, orgs):
    """Every form class in the code is bound by some routed view (and so fuzzed above)."""
    assert len(FORMS) >= 40, sorted(FORMS)  # guards the discovery itself
    ctx = SampleContext(cast=cast, orgs=orgs)
    reached: dict[str, str] = {}
    problems: list[str] = []
    for route in FILLED:
        target = probe(route, ctx, problems)
        for made in target.bound if target else []:
            reached.setdefault(form_name(type(made.form)), route.key)
    unreached = sorted(set(FORMS) - set(reached) - set(NOT_BOUND_BY_A_VIEW))
    unfilled = sorted(r.key for r in ROUTES if route_sample(r) is None)
    assert unreached == [], (
        f"forms no routed view binds, so nothing fuzzes them: {unreached}; "
        f"routes without URL samples: {unfilled}"
    )
    assert sorted(set(NOT_BOUND_BY_A_VIEW) & set(reached)) == []
    assert problems == []


# --- the checks catch what they should ------------------------------------------------------


class CarelessForm(forms.Form):
    count = forms.IntegerField(min_value=1, max_value=5)


@policy.requires(policy.Perm.VIEW_START_PAGE)
def writes_when_invalid(request: HttpRequest) -> HttpResponse:
    form = CarelessForm(request.POST or None)
    if request.method == "POST" and not form.is_valid():
        from accounts.models import Organisation

        Organisation.objects.create(name=f"Laget {Organisation.objects.count()}", kind="operations")
    return HttpResponse("ok")


@policy.requires(policy.Perm.VIEW_START_PAGE)
def fails_when_valid(request: HttpRequest) -> HttpResponse:
    form = CarelessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        raise RuntimeError("a bug")
    return HttpResponse("ok")


urlpatterns = [
    path("writes/", writes_when_invalid, name="writes"),
    path("fails/", fails_when_valid, name="fails"),
]


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("name", "expected"), [("writes", "invalid input changed"), ("fails", ": 500")]
)
def test_it_catches_a_write_on_invalid_input_and_a_server_error(
    name, expected, cast, orgs, monkeypatch
):
    clear_url_caches()
    monkeypatch.setitem(FORMS, form_name(CarelessForm), CarelessForm)
    route = {r.key: r for r in walk(urlpatterns)}[name]
    problems: list[str] = []
    target = probe(route, SampleContext(cast=cast, orgs=orgs), problems)
    assert target is not None and target.method == "post"
    counts = dict.fromkeys(("form_inputs", "requests", "invalid", "server_errors", "raised"), 0)
    with pytest.raises(AssertionError):
        _fuzz_view(target, client_for(target.user), counts, problems)
    assert problems and expected in problems[-1]
