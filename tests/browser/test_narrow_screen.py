"""A phone-sized screen (390 × 844): nothing wider than the screen, nothing cut off.

At 390 px the site header overflowed and cut the «Bytt språk» button, and the
start page's notices ran out of their cards («Klareringen utløper 20.12.»).
On the start page, the resident list and a resident's overview the page must
not scroll sideways, the language switch and every notice must lie wholly
inside the screen with none of their text clipped, and axe must find nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import dates
from tests import factories as f
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_every_page_axe import open_as
from tests.browser.test_stay import _allocated_stay

WIDTH, HEIGHT = 390, 844

# Every element the page must show whole: inside the viewport, text not clipped.
_CUT_OFF = """(selector) => [...document.querySelectorAll(selector)].filter((el) => {
  const box = el.getBoundingClientRect();
  const outside = box.left < 0 || box.right > window.innerWidth + 0.5;
  const clipped = el.scrollWidth > el.clientWidth + 1;
  let card = el.closest('.bt-card');
  const outOfCard = card ? box.right > card.getBoundingClientRect().right + 0.5 : false;
  return outside || clipped || outOfCard;
}).map((el) => el.textContent.trim())"""


def assert_fits(page: Any, *selectors: str) -> None:
    assert page.locator("h1").count() == 1
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{page.url} scrolls sideways: {scroll} px in {inner} px"
    for selector in selectors:
        assert page.locator(selector).count() > 0, f"{selector} missing on {page.url}"
        cut = page.evaluate(_CUT_OFF, selector)
        assert cut == [], f"cut off on {page.url}: {cut}"
    assert_no_axe_violations(page)


def test_the_main_pages_fit_a_phone_screen(
    page: Any, live_server: Any, cast: Any, orgs: Any
) -> None:
    stay = _allocated_stay(cast, orgs)
    # A clearance about to run out: the start page's longest kind of notice.
    dwelling = f.DwellingFactory.create(offer=stay.offer, label="Leilighet A-19")
    f.ClearanceFactory.create(
        dwelling=dwelling,
        recorded_by=cast["coordinator"],
        valid_until=dates.today() + dt.timedelta(days=20),
    )
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    lead = cast["project_lead_a"]

    open_as(page, live_server, lead, "")
    assert "Klareringen utløper" in page.content()
    assert_fits(page, ".bt-language button", ".bt-language select", ".bt-card .bt-tag")

    open_as(page, live_server, lead, "beboere/")
    assert_fits(page, ".bt-language button")

    open_as(page, live_server, lead, f"beboere/{stay.pk}/")
    assert_fits(page, ".bt-language button")
