"""The resident page's tabs (faner): declared by the app that owns each page.

The tabs span stays, followup and reporting, and stays sits below both, so it
cannot import them. Each app registers its own tabs here when it is ready
(``AppConfig.ready``): a lower layer exposes the slot, the upper ones fill it.
Which tab a viewer sees is not listed per role: ``stays.selectors.header``
asks the policy what each tab's route requires (the access table).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TabSpec:
    """One tab: its place, label, the route it opens and the routes that count as «on it».

    ``model`` is the model label the route's object is checked on (the
    followup and reporting proxies of ``stays.Stay`` answer only their own
    app's permissions); ``anchor`` a section of the page (``#arrival``).
    """

    order: int
    label: Any
    url_name: str
    model: str = "stays.Stay"
    anchor: str = ""
    covers: tuple[str, ...] = ()


TABS: dict[str, TabSpec] = {}


def register(*specs: TabSpec) -> None:
    """Add tabs (by route name, so a second call replaces rather than duplicates)."""
    for spec in specs:
        TABS[spec.url_name + spec.anchor] = spec


def tabs() -> list[TabSpec]:
    return sorted(TABS.values(), key=lambda spec: spec.order)
