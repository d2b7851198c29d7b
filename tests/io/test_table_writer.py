"""pfsim.io.write_table: a plain CSV and its sidecar; the sidecar's command, commit and units."""

import hashlib
import json
import subprocess

import numpy as np
import pytest

from pfsim.io import (
    RUN_FIELDS,
    column_units,
    git_commit,
    read_commented_csv,
    recorded_command,
    recording_command,
    sidecar_path,
    write_csv,
    write_table,
)

SHA = "0123456789abcdef0123456789abcdef01234567"
OTHER = "89abcdef0123456789abcdef0123456789abcdef"


def test_write_table_is_a_plain_csv_and_a_sidecar_with_hash_units_and_inputs(tmp_path):
    cols = {
        "scenario": np.array([0, 0, 1]),
        "knee_flexion_deg": np.array([30.0, 60.0, np.nan]),
        "contact_stress_MPa__salsich2003": [1.5, 2.25, 3.0],
        "label": ["a", "b,c", "d"],
    }
    path = write_table(tmp_path / "t.csv", cols, inputs={"q": np.array([1.0, np.inf])})
    text = path.read_text()
    assert text == (
        "scenario,knee_flexion_deg,contact_stress_MPa__salsich2003,label\n"
        '0,30.0,1.5,a\n0,60.0,2.25,"b,c"\n1,nan,3.0,d\n'
    )
    prov = json.loads(path.with_suffix(".json").read_text())
    assert prov["csv"] == {
        "file": "t.csv",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "rows": 3,
        "columns": list(cols),
    }
    assert prov["units"] == {
        "scenario": "",
        "knee_flexion_deg": "deg",
        "contact_stress_MPa__salsich2003": "MPa",
        "label": "",
    }
    assert prov["inputs"] == {"q": [1.0, None]}  # arrays as lists, non-finite as null (valid JSON)
    assert prov["command"] is None  # from Python
    assert set(RUN_FIELDS) <= set(prov) and prov["timestamp"].endswith("Z")
    again = write_table(tmp_path / "u.csv", cols, inputs={"q": [1.0, None]})
    assert again.read_bytes() == path.read_bytes()  # the same table, the same bytes


def test_write_table_refuses_unequal_columns_and_leaves_nothing(tmp_path):
    with pytest.raises(ValueError, match="differ in length"):
        write_table(tmp_path / "t.csv", {"a_m": [1.0, 2.0], "b_m": [1.0]})
    assert list(tmp_path.iterdir()) == []


def test_sidecar_path_never_is_the_table_itself(tmp_path):
    assert sidecar_path(tmp_path / "a.csv") == tmp_path / "a.json"
    assert sidecar_path(tmp_path / "a") == tmp_path / "a.json"
    assert sidecar_path(tmp_path / "a.json") == tmp_path / "a.json.json"
    path = write_table(tmp_path / "a.json", {"x_m": [1.0]})
    assert path.read_text() == "x_m\n1.0\n" and (tmp_path / "a.json.json").exists()


def test_recording_command_is_scoped_and_given_units_win():
    assert recorded_command() is None
    with recording_command(["pfsim", "run", "--speed", "3"]):
        assert recorded_command() == ["pfsim", "run", "--speed", "3"]
    assert recorded_command() is None
    assert column_units(["speed_m_s", "x", "k__a"], {"x": "%"}) == {
        "speed_m_s": "m/s",
        "x": "%",
        "k__a": "",
    }


def test_older_commented_tables_still_read(tmp_path):
    p = write_csv(tmp_path / "old.csv", {"week": [1, 2]}, comments=["pfsim 0.9 weekly load"])
    assert p.read_text().startswith("# pfsim 0.9")
    assert read_commented_csv(p, columns=True) == {"week": ["1", "2"]}


# -- git_commit: read from .git directly, None outside a checkout, never an error ------------------
def _repo(root, head="ref: refs/heads/main\n"):
    git = root / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text(head)
    return git


def test_git_commit_reads_a_loose_ref_a_packed_ref_and_a_detached_head(tmp_path):
    git = _repo(tmp_path)
    (git / "refs" / "heads" / "main").write_text(SHA + "\n")
    assert git_commit(tmp_path) == SHA
    (git / "refs" / "heads" / "main").unlink()
    (git / "packed-refs").write_text(f"# pack-refs with: peeled\n{OTHER} refs/heads/main\n")
    assert git_commit(tmp_path) == OTHER
    (git / "HEAD").write_text(SHA + "\n")
    assert git_commit(tmp_path) == SHA


def test_git_commit_follows_a_worktree_file_to_the_common_refs(tmp_path):
    main = tmp_path / "main"
    git = _repo(main)
    (git / "refs" / "heads" / "topic").write_text(OTHER + "\n")
    wt_git = git / "worktrees" / "wt"
    wt_git.mkdir(parents=True)
    (wt_git / "HEAD").write_text("ref: refs/heads/topic\n")
    (wt_git / "commondir").write_text("../..\n")
    wt = tmp_path / "wt"
    wt.mkdir()
    (wt / ".git").write_text(f"gitdir: {wt_git}\n")
    assert git_commit(wt) == OTHER


def test_git_commit_is_none_outside_a_checkout_or_on_garbage(tmp_path):
    assert git_commit(tmp_path) is None  # an installed pfsim: no .git next to the package
    git = _repo(tmp_path, head="garbage\n")
    assert git_commit(tmp_path) is None
    (git / "HEAD").write_bytes(b"\xff\xfe")
    assert git_commit(tmp_path) is None


def test_git_commit_of_this_checkout_is_head():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        pytest.skip("not run from a checkout")
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pytest.skip("git is not available")
    assert git_commit() == head
