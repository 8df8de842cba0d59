"""The inquiry list: who each is about, the status filter, the identity-number search by POST."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from referrals.models import Assessment
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = reverse("referrals:inquiry_list")


@pytest.fixture
def inquiries(cast: Any) -> dict[str, Any]:
    by = cast["coordinator"]
    assessed = f.InquiryFactory.create(outcome="assessed", registered_by=by)
    aisha = f.AssessmentFactory.create(
        person__name="Aisha Testesen", inquiry=assessed, assessed_by_user=by
    )
    open_one = f.InquiryFactory.create(outcome="open", registered_by=by)
    other = f.InquiryFactory.create(outcome="assessed", registered_by=by)
    f.AssessmentFactory.create(person__name="Sara Prøvesen", inquiry=other, assessed_by_user=by)
    # Recorded by mistake: the wrong person must not be named on the inquiry.
    f.AssessmentFactory.create(
        person__name="Feil Person",
        inquiry=open_one,
        assessed_by_user=by,
        status=Assessment.Status.WITHDRAWN,
    )
    return {"assessed": assessed, "open": open_one, "aisha": aisha.person}


def person_rows() -> int:
    return AuditEntry.objects.filter(action="referrals.person.listed").count()


def test_it_names_who_each_inquiry_is_about_and_logs_each_person(
    client_for: Any, cast: Any, inquiries: Any
) -> None:
    html = client_for(cast["coordinator"]).get(URL).content.decode()
    assert "Aisha Testesen" in html and "Sara Prøvesen" in html
    assert "Feil Person" not in html
    assert "Ikke kartlagt ennå" in html
    # Two persons shown: two rows, each on one person.
    assert person_rows() == 2


def test_it_filters_by_outcome_in_the_query_string(
    client_for: Any, cast: Any, inquiries: Any
) -> None:
    html = client_for(cast["coordinator"]).get(URL, {"utfall": "open"}).content.decode()
    assert "1 henvendelse." in html
    assert reverse("referrals:inquiry_detail", args=[inquiries["open"].pk]) in html
    assert "Aisha Testesen" not in html
    assert person_rows() == 0
    # An unknown status shows everything rather than failing.
    junk = client_for(cast["coordinator"]).get(URL, {"utfall": "<script>"})
    assert junk.status_code == 200 and "3 henvendelser." in junk.content.decode()


def test_it_searches_by_identity_number_by_post(client_for: Any, cast: Any, inquiries: Any) -> None:
    number = inquiries["aisha"].identity_number
    response = client_for(cast["coordinator"]).post(URL, {"fodselsnummer": number})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 henvendelse." in html and "Aisha Testesen" in html
    assert "Sara Prøvesen" not in html
    # Nothing about the search in any link the page makes.
    assert number not in html.replace(f'value="{number}"', "")
    assert person_rows() == 1


def test_it_explains_an_invalid_number_and_shows_no_one(
    client_for: Any, cast: Any, inquiries: Any
) -> None:
    html = client_for(cast["coordinator"]).post(URL, {"fodselsnummer": "123"}).content.decode()
    assert "Fødselsnummeret må ha 11 sifre." in html
    assert "Aisha Testesen" not in html and person_rows() == 0


def test_an_unknown_number_finds_nothing(client_for: Any, cast: Any, inquiries: Any) -> None:
    other = f.PersonFactory.create()
    html = (
        client_for(cast["coordinator"])
        .post(URL, {"fodselsnummer": other.identity_number})
        .content.decode()
    )
    assert "Ingen henvendelser om denne personen." in html


def test_roles_outside_the_team_get_no_list_and_no_search(
    client_for: Any, cast: Any, inquiries: Any
) -> None:
    number = inquiries["aisha"].identity_number
    for role in ("project_lead_a", "directorate_representative", "analyst", "sysadmin"):
        client = client_for(cast[role])
        assert client.get(URL).status_code == 404
        response = client.post(URL, {"fodselsnummer": number})
        assert response.status_code == 404
        assert "Aisha" not in response.content.decode()
    assert person_rows() == 0


def test_the_police_representative_sees_no_name_it_may_not_read_and_cannot_search_for_it(
    client_for: Any, cast: Any, inquiries: Any
) -> None:
    # The team's police see an assessment only once it is shared with them.
    client = client_for(cast["police_representative"])
    html = client.get(URL).content.decode()
    assert "3 henvendelser." in html and "Aisha Testesen" not in html
    found = client.post(URL, {"fodselsnummer": inquiries["aisha"].identity_number})
    assert "Ingen henvendelser om denne personen." in found.content.decode()
    assert person_rows() == 0


def test_a_search_keeps_the_outcome_filter_it_was_made_under(
    client_for: Any, cast: Any, inquiries: Any
) -> None:
    number = inquiries["aisha"].identity_number
    client = client_for(cast["coordinator"])
    page = client.get(URL, {"utfall": "open"}).content.decode()
    assert '<input type="hidden" name="utfall" value="open">' in page
    # Aisha's inquiry is assessed, so under the "open" filter the search finds nothing.
    found = client.post(URL, {"fodselsnummer": number, "utfall": "open"}).content.decode()
    assert "Ingen henvendelser om denne personen." in found
    found = client.post(URL, {"fodselsnummer": number, "utfall": "assessed"}).content.decode()
    assert "Aisha Testesen" in found


def test_it_shows_fifty_inquiries_a_page_and_logs_only_those(cast: Any, client_for: Any) -> None:
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import dates

    coordinator = cast["coordinator"]
    client = client_for(coordinator)
    url = reverse("referrals:inquiry_list")

    def register(n: int, **extra: Any) -> None:
        for i in range(n):
            f.InquiryFactory.create(
                registered_by=coordinator,
                received_on=dates.today() - dt.timedelta(days=i),
                **extra,
            )

    register(3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    register(57)  # 60 in all: a page of 50 and one of 10
    with CaptureQueriesContext(connection) as many:
        first = client.get(url).content.decode()
    assert len(many) == len(few)
    assert "60 henvendelser." in first and "Side 1 av 2" in first
    assert len(re.findall(r'href="/inntak/henvendelser/\d+/"', first)) == 50
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    second = client.get(url, {"side": 2}).content.decode()
    assert "Side 2 av 2" in second
    assert AuditEntry.objects.filter(pk__gt=before, action="referrals.inquiry.listed").count() == 10
    # The status filter is kept from page to page.
    register(55, outcome="no_place", no_place_reason="relatives", closed_on=dates.today())
    filtered = client.get(url, {"utfall": "no_place"}).content.decode()
    assert "55 henvendelser." in filtered and "?utfall=no_place&amp;side=2" in filtered
