"""The load benchmark's reading of its logs: no Locust, no server, hand-made inputs.

`bench/load.py` is too slow for `make test`; what it concludes is not. The
request log and PostgreSQL's lock-wait lines below are written by hand, and
the expected figures worked out by hand from them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.loadtest.analysis import Request, analyse, pdf_shadow, read
from bench.loadtest.locks import read_logged_waits

HEAD_OID = 16501


def _page(start: float, seconds: float, name: str = "start page [coordinator]") -> Request:
    return Request(start, seconds, name, True, 200)


def _pdf(start: float, seconds: float) -> Request:
    return Request(start, seconds, "statistics PDF, one year [analyst]", True, 200)


def test_it_counts_a_page_that_ended_just_after_a_pdf_it_waited_for() -> None:
    # The start page's median is 0.2 s; one took 5.1 s and ended 0.1 s after
    # the PDF (0 → 6 s) it started during: it waited for it.
    requests = [_page(10, 0.2), _page(11, 0.2), _page(12, 0.2), _pdf(0, 6), _page(1, 5.1)]
    shadow = pdf_shadow(requests)
    assert shadow["pdfs"] == 1
    assert [q["seconds"] for q in shadow["queued_behind_pdf"]] == [5.1]
    assert shadow["during"]["requests"] == 1 and shadow["outside"]["requests"] == 3


def test_it_does_not_count_a_page_that_merely_ran_beside_a_pdf() -> None:
    # Same overlap, but the page took its usual time: sharing the CPU is not waiting.
    requests = [_page(10, 0.2), _page(11, 0.2), _pdf(0, 6), _page(1, 0.25), _page(5.9, 0.2)]
    shadow = pdf_shadow(requests)
    assert shadow["queued_behind_pdf"] == []
    assert shadow["during"]["requests"] == 2


def test_it_reports_throughput_over_the_wall_time_and_p95_per_page(tmp_path: Path) -> None:
    log = tmp_path / "timings.tsv"
    # 5 requests from t=100 to t=102 (the last ends at 101 + 1): 2.5 req/s; one failed.
    log.write_text(
        "100.0\t200.0\tstart page [coordinator]\t1\t200\n"
        "100.5\t400.0\tstart page [coordinator]\t1\t200\n"
        "100.7\t600.0\tstart page [coordinator]\t1\t200\n"
        "101.0\t1000.0\tworkbench [coordinator]\t1\t200\n"
        "100.2\t100.0\tworkbench [coordinator]\t0\t500\n",
        encoding="utf-8",
    )
    found = analyse(read(log))
    assert found["throughput"] == pytest.approx(2.5)
    assert found["overall"]["failures"] == 1
    start = next(p for p in found["pages"] if p["name"] == "start page [coordinator]")
    assert (start["requests"], start["p50"], start["p95"]) == (3, 0.4, 0.6)


POSTGRES_LOG = f"""\
2026-01-05 10:00:00.010 UTC [701] LOG:  process 701 still waiting for ShareLock on transaction 9001 after 10.052 ms
2026-01-05 10:00:00.010 UTC [701] DETAIL:  Process holding the lock: 702. Wait queue: 701.
2026-01-05 10:00:00.010 UTC [701] CONTEXT:  while locking tuple (0,1) in relation "audit_audithead"
2026-01-05 10:00:00.011 UTC [703] LOG:  process 703 still waiting for ExclusiveLock on tuple (0,1) of relation {HEAD_OID} of database 5 after 10.101 ms
2026-01-05 10:00:00.011 UTC [703] DETAIL:  Process holding the lock: 701. Wait queue: 703.
2026-01-05 10:00:00.060 UTC [701] LOG:  process 701 acquired ShareLock on transaction 9001 after 60.500 ms
2026-01-05 10:00:00.060 UTC [701] CONTEXT:  while locking tuple (0,1) in relation "audit_audithead"
2026-01-05 10:00:00.070 UTC [703] LOG:  process 703 acquired ExclusiveLock on tuple (0,1) of relation {HEAD_OID} of database 5 after 69.250 ms
2026-01-05 10:00:01.000 UTC [704] LOG:  process 704 acquired ShareLock on transaction 9100 after 15.000 ms
2026-01-05 10:00:01.000 UTC [704] CONTEXT:  while updating tuple (3,7) in relation "django_session"
"""


def test_it_tells_waits_on_the_audit_head_from_other_lock_waits(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    log.write_text("an earlier line, before the run\n" + POSTGRES_LOG, encoding="utf-8")
    found = read_logged_waits(log, len("an earlier line, before the run\n"), HEAD_OID)
    assert sorted(found.head_waits) == [60.5, 69.25]
    assert found.head_still_waiting == 2
    assert found.other_waits == [15.0]
    assert found.other_kinds == {"ShareLock on transaction": 1}


def test_it_reads_only_what_the_run_wrote(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    log.write_text(POSTGRES_LOG, encoding="utf-8")
    found = read_logged_waits(log, len(POSTGRES_LOG), HEAD_OID)
    assert found.head_waits == [] and found.other_waits == []
