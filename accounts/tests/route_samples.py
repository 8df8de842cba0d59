"""URL arguments for the accounts routes (see access/tests/route_samples.py)."""

from __future__ import annotations

from access.tests.route_samples import Sample

# An enrolment link's token is opaque: an unknown one reaches the view and
# gets the neutral "link does not work" page, which is exactly the path an
# attacker guessing links would take.
SAMPLES: dict[str, Sample] = {
    "accounts:enrol_link": lambda ctx: {"token": "ugyldig-lenke"},
}
