from referrals.selectors import match_offers
from tests import factories as f


def test_it_lists_every_offer_with_reasons_and_ranks(case, cast, orgs):
    coordinator = cast["coordinator"]
    a = case.assessment
    a.has_partner = True
    a.save()
    from referrals.models import AssessmentChild

    AssessmentChild.objects.create(assessment=a, birth_year=2022)
    case.threat.avoid_municipalities.add(orgs["municipality_b"])
    low = f.cleared_place(
        municipality=orgs["municipality_a"], by=coordinator, intensity="low", name="Lav"
    )
    no_kids = f.cleared_place(
        municipality=orgs["municipality_a"],
        by=coordinator,
        fits_single_parents=False,
        name="Uten barn",
    )
    uncleared = f.PlaceFactory.create(
        dwelling__offer__municipality=orgs["municipality_a"], dwelling__offer__name="Uklarert"
    )
    men = f.cleared_place(
        municipality=orgs["municipality_a"], by=coordinator, fits_women=False, name="Menn"
    )
    single = f.cleared_place(
        municipality=orgs["municipality_a"], by=coordinator, fits_couples=False, name="Enslige"
    )

    matches = {m.offer.name: m for m in match_offers(assessment=a, fetched_by=coordinator)}
    assert len(matches) == 7
    assert matches[case.place_a.dwelling.offer.name].eligible
    assert matches[case.place_a.dwelling.offer.name].rank == 1
    assert (
        "Kommunen er på trusselvurderingens unngå-liste"
        in matches[case.place_b.dwelling.offer.name].reasons
    )
    assert "Lavere oppfølgingsintensitet enn behovet" in matches["Lav"].reasons
    assert "Tar ikke imot barn" in matches["Uten barn"].reasons
    assert "Ingen gyldig sikkerhetsklarering" in matches["Uklarert"].reasons
    assert "Passer ikke for kvinner" in matches["Menn"].reasons
    assert "Passer ikke for par" in matches["Enslige"].reasons
    assert all(m.rank is None for m in matches.values() if not m.eligible)
    del low, no_kids, uncleared, men, single


def test_it_says_when_a_place_frees(case, cast, orgs):
    import datetime as dt

    from core import dates
    from housing.models import PlaceBooking

    PlaceBooking.objects.create(
        place=case.place_a,
        starts_on=dates.today() - dt.timedelta(days=30),
        planned_end_on=dates.today() + dt.timedelta(days=200),
        status="occupied",
        created_by=cast["coordinator"],
    )
    soon = f.cleared_place(
        municipality=orgs["municipality_a"], by=cast["coordinator"], name="Snart"
    )
    PlaceBooking.objects.create(
        place=soon,
        starts_on=dates.today() - dt.timedelta(days=30),
        planned_end_on=dates.today() + dt.timedelta(days=10),
        status="occupied",
        created_by=cast["coordinator"],
    )
    matches = {
        m.offer.name: m
        for m in match_offers(assessment=case.assessment, fetched_by=cast["coordinator"])
    }
    far = matches[case.place_a.dwelling.offer.name]
    assert not far.eligible
    assert any(r.startswith("Ingen ledig plass før") for r in far.reasons)
    assert matches["Snart"].eligible and not matches["Snart"].free_places
    assert any("forventet ledig fra" in n for n in matches["Snart"].notes)


def test_it_shows_nothing_to_roles_that_may_not_allocate(case, cast):
    for role in ("police_representative", "project_lead_a", "analyst"):
        assert match_offers(assessment=case.assessment, fetched_by=cast[role]) == []
