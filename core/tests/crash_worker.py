"""The child process of test_crash_consistency: one service call, then exit 0.

    python -m core.tests.crash_worker propose <assessment> <place> <user>
    python -m core.tests.crash_worker accept <allocation> <user>
    python -m core.tests.crash_worker move_out <stay> <user>

``BOTILBUD_FAULT`` (core/faults.py) makes it die at a named point inside the
service; ``worker.after_commit`` kills it right after the service returned.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "botilbud.settings")
    import django

    django.setup()
    from accounts.models import User
    from core import dates, faults
    from housing.models import Place
    from referrals.models import Allocation, Assessment
    from referrals.services import allocation_accept, allocation_propose
    from stays.models import Stay
    from stays.services import stay_move_out

    scenario, *ids = argv
    user = User.objects.get(pk=int(ids[-1]))
    if scenario == "propose":
        allocation_propose(
            assessment=Assessment.objects.get(pk=int(ids[0])),
            place=Place.objects.get(pk=int(ids[1])),
            expected_arrival_on=dates.today(),
            by=user,
        )
    elif scenario == "accept":
        allocation_accept(allocation=Allocation.objects.get(pk=int(ids[0])), by=user)
    elif scenario == "move_out":
        stay_move_out(
            stay=Stay.objects.get(pk=int(ids[0])),
            moved_out_on=dates.today(),
            destination="unknown",
            by=user,
        )
    else:
        raise SystemExit(f"unknown scenario {scenario!r}")
    faults.point("worker.after_commit")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
