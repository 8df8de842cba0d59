import json
import stat

import pytest
from django.core.management import call_command

from audit.anchors import anchor_path, newest_anchor


def test_it_exits_zero_and_says_so_when_intact(chain, capsys):
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "intakt / audit log intact: 5 entries checked" in out


def test_it_exits_one_naming_the_first_broken_entry(chain, tamper, capsys):
    tamper("UPDATE audit_auditentry SET object_id = %s WHERE seq = 4", ("99",))
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_audit")
    assert exit_info.value.code == 1
    assert "BROKEN at seq 4" in capsys.readouterr().err


def test_it_appends_anchors_to_a_private_file(chain, anchor_dir):
    call_command("anchor_audit")
    call_command("anchor_audit")
    path = anchor_path()
    assert path.parent == anchor_dir
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(lines) == 2
    assert (lines[-1]["seq"], lines[-1]["hash"]) == (5, chain[-1].hash)
    anchor = newest_anchor()
    assert anchor is not None
    assert anchor.seq == 5
    call_command("verify_audit")


def test_it_refuses_to_anchor_a_head_that_disagrees_with_the_chain(chain, tamper):
    tamper("DELETE FROM audit_auditentry WHERE seq = 5")
    with pytest.raises(SystemExit) as exit_info:
        call_command("anchor_audit")
    assert exit_info.value.code == 1
    assert not anchor_path().exists()
