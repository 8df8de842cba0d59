from audit.anchors import anchor_path, write_anchor
from audit.models import AuditEntry
from audit.verify import verify_chain


def test_it_verifies_an_empty_chain(db):
    result = verify_chain()
    assert (result.ok, result.checked, result.first_broken_seq) == (True, 0, None)


def test_it_detects_an_edited_entry(chain, tamper):
    tamper("UPDATE audit_auditentry SET purpose = %s WHERE seq = 3", ("noe annet",))
    result = verify_chain()
    assert not result.ok
    assert result.first_broken_seq == 3
    assert "changed" in result.problem


def test_it_detects_an_edited_entry_with_a_made_up_hash(chain, tamper):
    tamper(
        "UPDATE audit_auditentry SET actor_username = %s, hash = %s WHERE seq = 2",
        ("sam", "f" * 64),
    )
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 2)


def test_it_detects_a_deleted_entry(chain, tamper):
    tamper("DELETE FROM audit_auditentry WHERE seq = 3")
    result = verify_chain()
    assert not result.ok
    assert result.first_broken_seq == 3
    assert "missing" in result.problem


def test_it_detects_a_deleted_entry_when_the_rest_is_renumbered(chain, tamper):
    tamper("DELETE FROM audit_auditentry WHERE seq = 3")
    tamper("UPDATE audit_auditentry SET seq = 3 WHERE seq = 4")
    tamper("UPDATE audit_auditentry SET seq = 4 WHERE seq = 5")
    tamper("UPDATE audit_audithead SET seq = 4")
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 3)
    assert "does not link" in result.problem


def test_it_detects_reordered_entries(chain, tamper):
    tamper("UPDATE audit_auditentry SET seq = 1000 WHERE seq = 3")
    tamper("UPDATE audit_auditentry SET seq = 3 WHERE seq = 4")
    tamper("UPDATE audit_auditentry SET seq = 4 WHERE seq = 1000")
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 3)
    assert "reordered" in result.problem


def test_it_detects_a_truncated_tail(chain, tamper):
    tamper("DELETE FROM audit_auditentry WHERE seq >= 4")
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 4)
    assert "truncated" in result.problem


def test_it_detects_a_truncated_tail_with_a_rewound_head_through_the_anchor(chain, tamper):
    write_anchor(seq=chain[-1].seq, hash=chain[-1].hash)
    assert verify_chain().ok

    tamper("DELETE FROM audit_auditentry WHERE seq >= 4")
    tamper("UPDATE audit_audithead SET seq = 3, hash = %s", (chain[2].hash,))
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 4)
    assert "anchor" in result.problem


def test_it_detects_an_entry_that_differs_from_its_anchor(chain):
    write_anchor(seq=2, hash="ab" * 32)
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 2)
    assert "anchor" in result.problem


def test_it_uses_the_newest_anchor(chain):
    write_anchor(seq=2, hash=chain[1].hash)
    write_anchor(seq=5, hash=chain[4].hash)
    assert verify_chain().ok
    write_anchor(seq=6, hash="cd" * 32)
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 6)


def test_it_fails_on_an_unreadable_anchor_file(chain, anchor_dir):
    write_anchor(seq=5, hash=chain[4].hash)
    with anchor_path().open("a") as handle:
        handle.write("not json\n")
    result = verify_chain()
    assert not result.ok
    assert "anchor" in result.problem


def test_it_scales_past_one_chunk(cast):
    from audit.services import record_read

    record_read(
        actor=cast["coordinator"],
        objects=[cast["analyst"]] * 2100,
        action="access.resident_list.exported",
        fields=["username"],
        purpose="eksport",
    )
    result = verify_chain()
    assert (result.ok, result.checked) == (True, 2100)
    assert AuditEntry.objects.count() == 2100


def _next_night():
    import datetime as dt

    import time_machine
    from django.utils import timezone

    return time_machine.travel(timezone.now() + dt.timedelta(hours=26), tick=False)


def test_from_the_anchor_it_checks_only_what_came_after_it(chain):
    write_anchor(seq=3, hash=chain[2].hash)
    with _next_night():
        result = verify_chain(from_anchor=True)
    # Entries 3, 4 and 5 of five: the anchor's own entry and the two after it.
    assert (result.ok, result.checked, result.last_seq) == (True, 3, 5)


def test_from_the_anchor_it_starts_at_one_written_over_a_day_ago(chain):
    # Anchors are written every 15 minutes; starting at the newest would skip
    # the day's earlier entries, so the nightly run starts at yesterday's.
    write_anchor(seq=2, hash=chain[1].hash)
    with _next_night():
        write_anchor(seq=4, hash=chain[3].hash)
        result = verify_chain(from_anchor=True)
    assert (result.ok, result.checked) == (True, 4)


def test_from_the_anchor_it_still_finds_an_edit_after_it(chain, tamper):
    write_anchor(seq=3, hash=chain[2].hash)
    tamper("UPDATE audit_auditentry SET purpose = %s WHERE seq = 4", ("noe annet",))
    with _next_night():
        result = verify_chain(from_anchor=True)
    assert (result.ok, result.first_broken_seq) == (False, 4)


def test_from_the_anchor_it_finds_a_rewritten_anchored_entry(chain, tamper):
    write_anchor(seq=3, hash=chain[2].hash)
    tamper("UPDATE audit_auditentry SET purpose = %s WHERE seq = 3", ("noe annet",))
    with _next_night():
        result = verify_chain(from_anchor=True)
    assert (result.ok, result.first_broken_seq) == (False, 3)


def test_from_the_anchor_it_finds_a_forged_anchored_entry(chain, tamper):
    write_anchor(seq=3, hash=chain[2].hash)
    tamper("UPDATE audit_auditentry SET hash = %s WHERE seq = 3", ("d" * 64,))
    with _next_night():
        result = verify_chain(from_anchor=True)
    assert (result.ok, result.first_broken_seq) == (False, 3)
    assert "anchor" in result.problem


def test_from_the_anchor_it_finds_the_entry_before_it_replaced(chain, tamper):
    # Entry 2 given a forged hash: the anchored entry 3 no longer links to it.
    write_anchor(seq=3, hash=chain[2].hash)
    tamper("UPDATE audit_auditentry SET hash = %s WHERE seq = 2", ("e" * 64,))
    with _next_night():
        result = verify_chain(from_anchor=True)
    assert (result.ok, result.first_broken_seq) == (False, 3)
    assert "does not link" in result.problem


def test_from_the_anchor_it_walks_everything_without_an_old_enough_anchor(chain):
    write_anchor(seq=3, hash=chain[2].hash)  # written just now
    result = verify_chain(from_anchor=True)
    assert (result.ok, result.checked) == (True, 5)
