"""The start page links exactly the pages the user may open, for every role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oversight.start import LINKS, start_page

# What each member of the cast finds on the start page, by hand from
# docs/access-model.md (alice is the competence team's lead).
SHOWN = {
    "coordinator": {
        "reporting:my_deadlines",
        "referrals:workbench",
        "advisory:contact_list",
        "housing:offer_list",
        "housing:capacity",
        "stays:summary_list",
        "reporting:statistics",
        "access:break_glass_queue",
        "access:approval_list",
        "access:access_report",
        "access:break_glass",
    },
    "police_representative": {
        "reporting:my_deadlines",
        "referrals:police_queue",
        "advisory:contact_list",
        "housing:offer_list",
        "housing:capacity",
        "access:approval_list",
        "access:break_glass",
    },
    "directorate_representative": {
        "reporting:my_deadlines",
        "reporting:inbox",
        "housing:offer_list",
        "housing:capacity",
        "reporting:statistics",
        "routines:overview",
    },
    "project_lead_a": {
        "reporting:my_deadlines",
        "stays:resident_list",
        "referrals:inbox",
        "housing:offer_list",
        "housing:capacity",
        "reporting:statistics",
        "routines:overview",
        "access:approval_list",
        "access:break_glass",
    },
    "followup_worker_a": {
        "reporting:my_deadlines",
        "stays:resident_list",
        "referrals:inbox",
        "housing:offer_list",
        "housing:capacity",
        "routines:overview",
        "access:approval_list",
        "access:break_glass",
    },
    "local_police_a": {
        "reporting:my_deadlines",
        "referrals:police_queue",
        "housing:offer_list",
        "stays:security_list",
        "access:approval_list",
        "access:break_glass",
    },
    "analyst": {"reporting:statistics"},
    "sysadmin": {"admin:index", "access:approval_list"},
}


@pytest.mark.parametrize("name", sorted(SHOWN))
def test_it_links_every_page_the_user_may_open_and_no_other(name, cast, client_for):
    user = cast[name]
    shown = [link.url_name for section in start_page(user=user) for link in section.links]
    assert len(shown) == len(set(shown)), "a link appears twice"
    assert set(shown) == SHOWN[name]
    client = client_for(user)
    for link in LINKS:
        status = client.get(reverse(link.url_name)).status_code
        assert (status != 404) == (link.url_name in shown), (link.url_name, status)


def test_it_shows_a_link_once_in_the_first_section_that_grants_it(cast, orgs):
    from access import policy
    from accounts.models import Membership, Role

    bob = cast["project_lead_a"]
    Membership.objects.create(user=bob, organisation=orgs["police_a"], role=Role.LOCAL_POLICE)
    policy.forget_cached_memberships(bob)
    lead_section, police_section = start_page(user=bob)
    assert "housing:offer_list" in [link.url_name for link in lead_section.links]
    police_links = [link.url_name for link in police_section.links]
    assert police_links == ["referrals:police_queue", "stays:security_list"]
