"""`manage.py bootstrap`: the first run of an empty database, and the root of trust it makes."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from accounts.demo import totp_code_for_secret
from accounts.models import EnrolmentLink, Membership, Organisation, User
from audit.models import AuditEntry

LINK_RE = re.compile(r"enrolment link: (\S+)")
SECRET_RE = re.compile(r'id="authenticator_secret">([A-Z2-7]+)<')


def run(**options: str) -> str:
    out = io.StringIO()
    call_command("bootstrap", stdout=out, **options)
    return out.getvalue()


def enrol(url: str, password: str) -> Client:
    client = Client()
    assert client.get(urlsplit(url).path).status_code == 302
    match = SECRET_RE.search(client.get("/konto/aktiver/").content.decode())
    assert match is not None
    secret = match.group(1)
    response = client.post(
        "/konto/aktiver/",
        {"password1": password, "password2": password, "code": totp_code_for_secret(secret)},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


@pytest.mark.django_db
def test_it_makes_the_organisations_and_the_two_first_people_with_links():
    out = run(admin="drift", lead="leder")

    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds == {
        "Kompetanseteamet": "competence_team",
        "Bufdir": "directorate",
        "Drift og brukerstøtte": "operations",
    }
    memberships = set(
        Membership.objects.values_list("user__username", "organisation__name", "role", "is_lead")
    )
    assert memberships == {
        ("drift", "Drift og brukerstøtte", "sysadmin", False),
        ("leder", "Kompetanseteamet", "coordinator", True),
    }
    assert not any(u.has_usable_password() for u in User.objects.all())
    admin_url, lead_url = LINK_RE.findall(out)
    assert admin_url.startswith("http://127.0.0.1:8000/konto/aktiver/")

    # Both open their links and work: the admin reaches the admin, the lead the review.
    admin = enrol(admin_url, "drift-sitter-i-kjelleren-2")
    assert admin.get("/admin/").status_code == 200
    lead = enrol(lead_url, "leder-ser-over-fjorden-7")
    assert lead.get("/").status_code == 200
    assert lead.get("/revisjon/gjennomgang/").status_code == 200


@pytest.mark.django_db
def test_the_root_of_trust_is_audited_with_no_actor_and_purpose_bootstrap():
    run(admin="drift", lead="leder")
    rows = list(AuditEntry.objects.order_by("seq").values_list("action", "actor_id", "purpose"))
    assert [(a, actor) for a, actor, _ in rows] == [
        ("accounts.organisation.created", None),
        ("accounts.organisation.created", None),
        ("accounts.organisation.created", None),
        ("accounts.user.created", None),
        ("accounts.membership.granted", None),
        ("accounts.user.created", None),
        ("accounts.membership.granted", None),
        ("accounts.enrolment.issued", None),
        ("accounts.enrolment.issued", None),
    ]
    assert {purpose for _, _, purpose in rows} == {"bootstrap"}


@pytest.mark.django_db
def test_it_takes_names_and_mails_the_links(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        out = run(
            admin="ops.ola",
            admin_email="ola@drift.example.no",
            lead="kari.k",
            lead_email="kari@team.example.no",
            team="Nasjonalt kompetanseteam",
            directorate="Barne-, ungdoms- og familiedirektoratet",
            operations="Driftssenteret",
        )
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Nasjonalt kompetanseteam",
        "Barne-, ungdoms- og familiedirektoratet",
        "Driftssenteret",
    }
    sent = {tuple(m.to): m.body for m in mail.outbox}
    admin_url, lead_url = LINK_RE.findall(out)
    assert admin_url in sent[("ola@drift.example.no",)]
    assert lead_url in sent[("kari@team.example.no",)]
    assert "ops.ola" not in sent[("ola@drift.example.no",)]


@pytest.mark.django_db
def test_it_refuses_a_database_that_has_a_user():
    User.objects.create(username="someone")
    with pytest.raises(CommandError, match="bootstrap refused"):
        run(admin="drift", lead="leder")
    assert not Organisation.objects.exists()
    assert not EnrolmentLink.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_database_that_has_an_organisation():
    Organisation.objects.create(name="Kommune A", kind=Organisation.Kind.MUNICIPALITY)
    with pytest.raises(CommandError, match="bootstrap refused"):
        run(admin="drift", lead="leder")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_runs_only_once():
    run(admin="drift", lead="leder")
    with pytest.raises(CommandError, match="bootstrap refused"):
        run(admin="drift2", lead="leder2")
    assert User.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "options",
    [
        {"admin": "samme", "lead": "SAMME"},
        {"admin": "drift", "lead": "med mellomrom"},
        {"admin": "drift", "lead": "leder", "lead_email": "ikke-en-adresse"},
        {"admin": "drift", "lead": "leder", "team": "Drift og brukerstøtte"},
    ],
)
def test_it_refuses_unusable_arguments_and_makes_nothing(options):
    with pytest.raises(CommandError, match="bootstrap refused"):
        run(**options)
    assert not User.objects.exists() and not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_requires_both_people():
    with pytest.raises(CommandError):
        run(admin="drift")


@pytest.mark.django_db
def test_a_lost_link_is_reissued_only_for_a_bootstrap_user_who_never_enrolled():
    admin_url, lead_url = LINK_RE.findall(run(admin="drift", lead="leder"))
    enrol(admin_url, "drift-sitter-i-kjelleren-2")

    with pytest.raises(CommandError, match="never enrolled"):
        run(reissue="drift")
    [new_lead_url] = LINK_RE.findall(run(reissue="leder"))
    assert Client().get(urlsplit(lead_url).path).status_code == 404
    enrol(new_lead_url, "leder-ser-over-fjorden-7")
    with pytest.raises(CommandError, match="never enrolled"):
        run(reissue="leder")


@pytest.mark.django_db
def test_reissue_refuses_a_user_the_administrator_made(cast):
    from access.signin import enrolment

    nora = User.objects.create(username="nora")
    enrolment.issue_link(user=nora, by=cast["sysadmin"], purpose="new_user", mail=False)
    with pytest.raises(CommandError, match="never enrolled"):
        run(reissue="nora")
    with pytest.raises(CommandError, match="no user"):
        run(reissue="ingen")
