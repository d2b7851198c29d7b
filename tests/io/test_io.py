"""Atomic writes leave either the old file or the complete new one."""

import pytest

from pfsim.io import atomic_write_text, write_csv


def test_atomic_write_replaces(tmp_path):
    p = tmp_path / "a.txt"
    atomic_write_text(p, "old")
    atomic_write_text(p, "new")
    assert p.read_text() == "new"
    assert [x.name for x in tmp_path.iterdir()] == ["a.txt"]


def test_failed_write_keeps_old_file(tmp_path):
    p = tmp_path / "t.csv"
    write_csv(p, {"a": [1.0, 2.0]})
    before = p.read_text()
    with pytest.raises(ValueError, match="differ in length"):
        write_csv(p, {"a": [1.0], "b": [1.0, 2.0]})
    assert p.read_text() == before
    assert len(list(tmp_path.iterdir())) == 1


def test_csv_round_trip_exact(tmp_path):
    import numpy as np

    x = np.array([0.1, 1 / 3, 2.0e-17])
    p = write_csv(tmp_path / "x.csv", {"x": x})
    back = np.loadtxt(p, skiprows=1)
    assert np.array_equal(back, x)


def test_written_files_have_ordinary_permissions(tmp_path):
    import os
    import stat

    mask = os.umask(0o022)
    try:
        p = atomic_write_text(tmp_path / "m.txt", "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(p.stat().st_mode) == 0o644


def test_integer_columns_are_written_as_integers(tmp_path):
    import numpy as np

    cols = {
        "scenario": np.repeat(np.arange(2), 2),
        "sample": np.tile(np.arange(2), 2),
        "stress_MPa": np.array([0.5, 1.0, 1.5, 2.0]),
    }
    p = write_csv(tmp_path / "i.csv", cols)
    lines = p.read_text().splitlines()
    assert lines == ["scenario,sample,stress_MPa", "0,0,0.5", "0,1,1.0", "1,0,1.5", "1,1,2.0"]


def test_every_old_name_is_still_importable_from_pfsim_io():
    import pfsim.io as pio
    from pfsim.io.atomic import AtomicWriter
    from pfsim.io.csv import read_commented_csv
    from pfsim.io.provenance import sha256_of
    from pfsim.io.toml import read_toml

    for name in ("atomic_write_text", "atomic_write_bytes", "write_csv", "provenance",
                 "public_mode", "format_column", "_umask"):  # fmt: skip
        assert callable(getattr(pio, name)), name
    assert pio.AtomicWriter is AtomicWriter and pio.read_toml is read_toml
    assert pio.read_commented_csv is read_commented_csv and pio.sha256_of is sha256_of


def test_hash_helpers_stay_importable_from_the_sweep():
    from pfsim.io import canonical_json, sha256_of
    from pfsim.sweep import problem

    assert problem.sha256_of is sha256_of and problem.canonical_json is canonical_json


def test_io_imports_nothing_above_it():
    """pfsim.io sits just above _version, constants, _checks and _results (also no matplotlib/pandas),
    even inside functions."""
    import ast
    from pathlib import Path

    import pfsim.io

    allowed = {"_version", "constants", "_checks", "_results", "io"}
    for path in Path(pfsim.io.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                top = "io" if node.level == 1 else (node.module or "").split(".")[0]
                assert top in allowed, (path.name, ast.unparse(node))
            names = (
                [a.name for a in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )  # fmt: skip
            for name in names:
                root = name.split(".")[0]
                assert root not in ("matplotlib", "pandas", "xarray", "argparse"), (path, name)
                if root == "pfsim":
                    assert name.split(".")[1] in allowed, (path.name, name)


def test_parse_column_reads_back_what_format_column_wrote():
    import numpy as np

    from pfsim.io import format_column, parse_column

    cols = {
        "flag": np.array([True, False, True]),
        "count": np.array([0, -7, 2**60], dtype=np.int64),
        "x": np.array([0.1, np.nan, -np.inf]),
        "f32": np.array([1 / 3, 2.5, -0.0], dtype=np.float32),
    }
    for name, a in cols.items():
        back = parse_column(np.array(format_column(a)), a.dtype, name)
        assert back.dtype == a.dtype, name
        np.testing.assert_array_equal(back, a)
    assert format_column(cols["flag"]) == ["1.0", "0.0", "1.0"]  # flags read as numbers
    with pytest.raises(ValueError, match="flag.*'0.5'.*written as 1.0"):
        parse_column(np.array(["1.0", "0.5"]), bool, "flag")


def test_atomic_writer_streams_and_aborts(tmp_path):
    from pfsim.io import AtomicWriter

    p = tmp_path / "s.txt"
    with AtomicWriter(p) as w:
        w.write(b"a\n")
        assert not p.exists()  # nothing visible before the commit
        w.write(b"b\n")
    assert p.read_bytes() == b"a\nb\n"
    with pytest.raises(RuntimeError):
        with AtomicWriter(p) as w:
            w.write(b"half")
            raise RuntimeError("killed")
    assert p.read_bytes() == b"a\nb\n"
    assert [x.name for x in tmp_path.iterdir()] == ["s.txt"]  # temporary file removed
    with pytest.raises(IsADirectoryError):
        AtomicWriter(tmp_path)


def test_read_commented_csv_skips_comments_and_names_file_line_and_fix(tmp_path):
    from pfsim.io import DataFileError, read_commented_csv, read_commented_table

    p = tmp_path / "data.csv"
    p.write_text("# source: Smith 2020\nangle_deg, force_N\n\n30,1200\n  # note\n60,\n")
    assert read_commented_csv(p) == [
        {"angle_deg": "30", "force_N": "1200"},
        {"angle_deg": "60", "force_N": ""},
    ]
    assert read_commented_csv(p, columns=True) == {
        "angle_deg": ["30", "60"],
        "force_N": ["1200", ""],
    }
    assert read_commented_table(p).lines == [4, 6]
    p.write_text("a,b\n1,2\n3,4,5\n")
    with pytest.raises(
        DataFileError, match=r"data.csv: row 2 \(line 3\) has 3 field.*keep its comma"
    ):
        read_commented_csv(p)
    p.write_text("a,b,a\n1,2,3\n")
    with pytest.raises(ValueError, match=r"data.csv: line 1 \(header\).*'a' appear more than once"):
        read_commented_csv(p)
    p.write_text("# only a comment\n")
    with pytest.raises(ValueError, match="data.csv: no rows"):
        read_commented_csv(p)
    with pytest.raises(ValueError, match="history file '.*nope.csv' does not exist"):
        read_commented_csv(tmp_path / "nope.csv", what="history file")


def test_read_toml_names_the_file_and_the_line(tmp_path):
    from pfsim.io import DataFileError, read_toml

    p = tmp_path / "r.toml"
    p.write_text('[running]\nspeed_m_s = 3.5\nname = "x"\n')
    assert read_toml(p) == {"running": {"speed_m_s": 3.5, "name": "x"}}
    p.write_text("[running]\nspeed_m_s = \n")
    with pytest.raises(DataFileError, match=r"r.toml: not a valid TOML file .*line 2.*runner file"):
        read_toml(p, what="runner file")
    p.write_bytes(b"name = '\xff'\n")
    with pytest.raises(DataFileError, match="r.toml.*save the TOML file as UTF-8"):
        read_toml(p)

    class Mine(ValueError):
        pass

    with pytest.raises(Mine, match="not found"):
        read_toml(tmp_path / "missing.toml", error=Mine)


def test_toml_values_read_back_equal(tmp_path):
    import math

    from pfsim.io import read_toml, toml_value

    values = {"b": True, "i": -3, "f": 0.1, "inf": math.inf, "s": 'a "quoted" é', "l": [1.5, 2.0],
              "t": {"name": "norm", "scale": 2.0}}  # fmt: skip
    p = tmp_path / "v.toml"
    p.write_text("".join(f"{k} = {toml_value(v)}\n" for k, v in values.items()))
    assert read_toml(p) == values


def test_read_sto_reads_header_columns_and_rows_and_notes_a_wrong_row_count(tmp_path):
    import numpy as np

    from pfsim.io import read_sto

    p = tmp_path / "c.sto"
    p.write_text(
        "Coordinates\nversion=1\nnRows=3\ninDegrees=yes\nendheader\n"
        "time\tknee_angle_r\n0.0\t10.5\n0.01\t12.0\n"
    )
    header, columns, data, notes = read_sto(p)
    assert header == {"version": "1", "nRows": "3", "inDegrees": "yes"}
    assert columns == ["time", "knee_angle_r"]
    np.testing.assert_array_equal(data, [[0.0, 10.5], [0.01, 12.0]])
    assert notes and "nRows=3" in notes[0] and "2 data rows" in notes[0]
    p.write_text("time,knee\n0,1\n")
    with pytest.raises(ValueError, match=r"c.sto: no 'endheader' line.*\.csv name"):
        read_sto(p)
    p.write_text("endheader\ntime\tknee\n0\tx\n")
    with pytest.raises(ValueError, match=r"c.sto, line 3: cannot read numbers"):
        read_sto(p)


def test_read_sto_is_the_gait_trials_reader(tmp_path):
    """pfsim.io.read_sto reads what pfsim.gait.read_sto reads, the same way (the gait module can
    import it from here)."""
    from pathlib import Path

    import numpy as np

    from pfsim.gait import read_sto as gait_read_sto
    from pfsim.io import read_sto

    shared = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "fukuchi2017"
    files = sorted(shared.glob("*.sto")) + sorted(shared.glob("*.mot"))
    p = tmp_path / "m.mot"
    p.write_text("x\nnRows=9\nendheader\ntime knee\n0 1\n\n0.5 2\n")
    for f in [p, *files[:2]]:
        a, b = read_sto(f), gait_read_sto(f)
        assert a[0] == b[0] and a[1] == b[1] and a[3] == b[3]
        np.testing.assert_array_equal(a[2], b[2])


# --- issue 16: malformed files give one ValueError naming the file, the line or key, and the fix
def test_a_byte_order_mark_is_dropped_not_read_into_the_first_column(tmp_path):
    from pfsim.io import read_commented_table, read_toml

    p = tmp_path / "bom.csv"
    p.write_bytes(b"\xef\xbb\xbfweek,distance_km\n1,20\n")
    assert read_commented_table(p).header == ("week", "distance_km")
    q = tmp_path / "bom.toml"
    q.write_bytes(b"\xef\xbb\xbf[running]\nspeed_m_s = 3.0\n")
    assert read_toml(q) == {"running": {"speed_m_s": 3.0}}


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (
            b"a,b\n\xe9,1\n",
            r"byte 0xe9 at line 2, byte 1 is not UTF-8\); save the CSV file as UTF-8",
        ),
        (b"\xff\xfea\x00,\x00b\x00", r"it starts with a UTF-16 mark\); save the CSV file as UTF-8"),
        (b"a,b\n1,\x002\n", r"NUL byte at line 2, byte 3: a binary file\)"),
    ],
)
def test_files_that_are_not_utf8_text_are_named(tmp_path, content, says):
    from pfsim.io import DataFileError, read_commented_table, read_sto, read_toml

    p = tmp_path / "x.csv"
    p.write_bytes(content)
    with pytest.raises(DataFileError, match=r"x\.csv: not a UTF-8 text file \(" + says):
        read_commented_table(p)
    with pytest.raises(ValueError, match=r"x\.csv: not a UTF-8 text file.*OpenSim storage file"):
        read_sto(p)
    with pytest.raises(ValueError, match=r"x\.csv: not a UTF-8 text file.*runner file"):
        read_toml(p, what="runner file")


def test_a_folder_is_not_a_file(tmp_path):
    from pfsim.io import DataFileError, read_commented_table

    with pytest.raises(DataFileError, match="is a folder, not a history file"):
        read_commented_table(tmp_path, what="history file")


def test_a_field_over_the_csv_limit_names_the_line_and_the_unclosed_quote(tmp_path):
    from pfsim.io import DataFileError, read_commented_table

    p = tmp_path / "q.csv"
    p.write_text('# c\na,b\n1,"' + "y" * 140_000 + "\n2,3\n")
    with pytest.raises(DataFileError, match=r"q\.csv: line 3: a field longer than 131,072.*quote"):
        read_commented_table(p)


def test_a_huge_column_name_is_not_echoed_whole(tmp_path):
    from pfsim.io import DataFileError, read_commented_table

    p = tmp_path / "h.csv"
    p.write_text("a," + "b" * 10_000 + "\n1\n")
    with pytest.raises(DataFileError, match=r"10000 characters") as exc:
        read_commented_table(p)
    assert len(str(exc.value)) < 500


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("x = " + "[" * 600 + "]" * 600, r"nested too deeply.*at most 32 levels"),
        ("x = " + "[" * 40 + "]" * 40, r"key 'x\[0\]\[0\].*nests more than 32 levels"),
        ("[a]\nn = " + "9" * 400, r"line 2: key 'a.n' = an integer of 400 digits.*2\*\*63-1"),
        ("[a]\nn = -9_223_372_036_854_775_809", r"line 2: key 'a.n' = an integer of 19 digits"),
        ("\n\nn = " + "1" * 5000, r"line 3: an integer of more than 4300 digits.*2\*\*63-1"),
    ],
)
def test_toml_nesting_and_integers_beyond_64_bits_are_refused(tmp_path, text, says):
    from pfsim.io import DataFileError, read_toml

    p = tmp_path / "n.toml"
    p.write_text(text + "\n")
    with pytest.raises(DataFileError, match=r"n\.toml: .*" + says + r".*correct the problem file"):
        read_toml(p, what="problem file")


def test_toml_integers_at_the_64_bit_limits_and_pfsims_own_nesting_are_read(tmp_path):
    from pfsim.io import read_toml

    p = tmp_path / "ok.toml"
    p.write_text(
        "lo = -9223372036854775808\nhi = 9223372036854775807\n[inputs.x]\n"
        'distribution = { name = "norm", loc = [[1.0]] }\n'
    )
    data = read_toml(p)
    assert data["lo"] == -(2**63) and data["hi"] == 2**63 - 1
    assert data["inputs"]["x"]["distribution"]["loc"] == [[1.0]]


def test_parse_column_names_the_column_for_a_cell_it_cannot_read():
    from pfsim.io import parse_column

    with pytest.raises(ValueError, match=r"r\.csv column 'n': cannot read '9999.*as int64"):
        parse_column(["1", "9" * 400], "int64", name="r.csv column 'n'")
    with pytest.raises(ValueError, match=r"cannot read 'x' as float64"):
        parse_column(["1.5", "x"], "float64", name="r.csv column 'f'")


def test_read_sto_line_numbers_count_blank_lines_and_odd_row_counts_are_ignored(tmp_path):
    from pfsim.io import read_sto

    p = tmp_path / "s.sto"
    p.write_text("x\nnRows=²\nendheader\n\ntime\tknee\n\n0\t1\n0.1\tx\n")
    with pytest.raises(ValueError, match=r"s\.sto, line 8: cannot read numbers"):
        read_sto(p)
    p.write_text("x\nnRows=" + "1" * 5000 + "\nendheader\ntime\tknee\n0\t1\n")
    assert read_sto(p)[3] == []  # no row count to compare with: no note


def test_values_of_the_wrong_type_in_runner_and_problem_files_are_refused(tmp_path):
    """Strings for booleans and fractions for integers: refused with the file, key and fix."""
    from pfsim.io import read_toml  # noqa: F401 (the reader under test)
    from pfsim.runner import load_runner
    from pfsim.sweep import Problem

    p = tmp_path / "r.toml"
    p.write_text('[running]\ngait_retrained = "false"\n')
    with pytest.raises(
        ValueError,
        match=r"r\.toml: \[running\] gait_retrained = 'false': wrong type; allowed: true or "
        r"false \(write gait_retrained = false, without quotes\)\.$",
    ):
        load_runner(p)
    q = tmp_path / "p.toml"
    q.write_text("[design]\nnum = 50.7\n[inputs.speed_m_s]\nbounds = [2.5, 4.0]\n")
    with pytest.raises(ValueError, match=r"p\.toml.*\[design\].*'num' must be a positive integer"):
        Problem.from_toml(q)
    # [model_options] are typed by the model (pfsim.models), before the sweep creates anything
    q.write_text(
        'model = "stance"\n[model_options]\nfrontal = "false"\n'
        "[inputs.speed_m_s]\nbounds = [2.5, 4.0]\n"
    )
    from pfsim.models import resolve_model

    problem = Problem.from_toml(q)
    with pytest.raises(ValueError, match=r"option frontal must be true or false"):
        resolve_model(problem.model, problem.model_options, where=str(q))


def test_stale_temporary_files_go_but_a_live_writers_stay(tmp_path):
    """remove_stale_temps keeps another running process's temporary file (its pid is in the name)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from pfsim.io import AtomicWriter, remove_stale_temps

    target = tmp_path / "out.csv"
    w = AtomicWriter(target)
    assert f".out.csv.{os.getpid()}." in Path(w.tmp).name
    w.abort()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".out.csv.{dead_pid}.abc.tmp"
    legacy = tmp_path / ".out.csv.abcdef.tmp"
    live = tmp_path / f".out.csv.{os.getppid()}.xyz.tmp"  # the parent of this test runs
    for f in (stale, legacy, live):
        f.write_text("x")
    remove_stale_temps(target)
    assert not stale.exists() and not legacy.exists() and live.exists()
