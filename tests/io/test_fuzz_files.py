"""Fuzzed file contents through every file reader: a result, or a ValueError that names the file.

Issue 16 found tracebacks from malformed files (IndexError, ``_csv.Error``, RecursionError,
OverflowError, StopIteration) and codec messages without the file name. Each reader here gets random
bytes, random text built from the characters and pieces that broke them (commas, quotes, ``#``,
tabs, a byte-order mark, NUL, fields over 131,072 characters, 400- and 5,000-digit integers, arrays
nested 600 deep), and valid files with such pieces spliced in or cut short. The property: the reader
returns, or raises a ValueError whose message names the file and stays short (no whole echo of a
huge value). Any other exception fails.

Only the readers' old public names are imported, so this file also runs on the code before the fix
(where it fails: see the report of issue 16).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pfsim.gait import read_trial
from pfsim.io import read_commented_csv, read_commented_table, read_sto, read_toml
from pfsim.runner import load_runner
from pfsim.sweep import Problem
from pfsim.training import read_history

#: Pieces that broke a reader in issue 16, and their neighbours.
HUGE_FIELD = "x" * 140_000  # over csv.field_size_limit() (131,072)
PIECES = [
    ",", '"', "#", "\t", "\n", "\r\n", " ", "=", "[", "]", "{", "}", ".", "-", "e", ":",
    "\ufeff", "\x00", "é", "²", "nan", "inf", "-inf", "1e999", "true", '"false"', "50.7",
    "endheader", "nRows=", "inDegrees=no", "[model_options]", "frontal = ", "9" * 400, "1" * 5000,
    "[" * 600, "]" * 600, "{a=" * 600, "a." * 300, HUGE_FIELD, '"' + "y" * 200,
]  # fmt: skip
#: Longest message a reader may give [characters]: one line naming the problem, not an echo.
MESSAGE_LIMIT = 2000

T = [round(0.01 * i, 2) for i in range(26)]
_ANGLE = [20 + 25 * (1 - ((t - 0.125) / 0.125) ** 2) for t in T]
_MOMENT = [30 + 150 * (1 - ((t - 0.125) / 0.125) ** 2) for t in T]
_ROWS = "".join(f"{t!r},{a!r},{m!r}\n" for t, a, m in zip(T, _ANGLE, _MOMENT, strict=True))

VALID = {
    "table": '# Smith 2020, Table 2\nangle_deg,force_N,note\n30,1200,a\n60,2100,"b, c"\n',
    "history": (
        "# weekly log\nweek,distance_km,speed_m_s,hill_share,speed_work_share\n"
        "1,20,3.0,0.1,0\n2,22,,0,0.1\n3,24,3.2,0,0\n"
    ),
    "trial_csv": "# trial\ntime,knee_angle_r,knee_angle_r_moment\n" + _ROWS,
    "trial_sto": (
        "Inverse dynamics\nversion=1\nnRows=26\nnColumns=3\ninDegrees=yes\nendheader\n"
        "time\tknee_angle_r\tknee_angle_r_moment\n" + _ROWS.replace(",", "\t")
    ),
    "runner": (
        '[profile]\nname = "x"\n[anthropometry]\nbody_mass_kg = 70.0\nsex = "female"\n'
        "[running]\nspeed_m_s = 3.0\ngait_retrained = false\n[training]\nhill_share = 0.1\n"
    ),
    "problem": (
        'name = "p"\nmodel = "stance"\n[model_options]\nn_samples = 51\n[design]\nmethod = "grid"\n'
        'num = 3\n[constants]\nbody_mass_kg = 70.0\n[inputs.speed_m_s]\nunit = "m/s"\n'
        "bounds = [2.5, 4.0]\n[inputs.step_rate_change_pct]\nlevels = [-5.0, 0.0, 5.0]\n"
        '[inputs.slope_deg]\ndistribution = { name = "norm", loc = 0.0, scale = 1.0 }\n'
    ),
}


def _trial_sto(path):
    return read_trial(path)


def _trial_csv_mass(path):
    return read_trial(path, body_mass_kg=70.0, angle_unit="deg")


READERS = {
    "table": ("data.csv", [read_commented_table, read_commented_csv]),
    "history": ("history.csv", [read_history]),
    "trial_csv": ("trial.csv", [read_trial, _trial_csv_mass]),
    "trial_sto": ("trial.sto", [read_sto, _trial_sto]),
    "runner": ("runner.toml", [read_toml, load_runner]),
    "problem": ("problem.toml", [read_toml, Problem.from_toml]),
}


def check_readers(folder: Path, kind: str, content: bytes) -> None:
    """Write ``content`` as the ``kind`` file and read it with each of its readers."""
    name, readers = READERS[kind]
    path = folder / name
    path.write_bytes(content)
    for reader in readers:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                reader(path)
            except ValueError as exc:
                msg = str(exc)
                assert name in msg, f"{reader.__name__}: message does not name the file: {msg!r}"
                assert len(msg) < MESSAGE_LIMIT, f"{reader.__name__}: {len(msg)}-char message"
            # any other exception type propagates and fails the test


@st.composite
def noisy_text(draw) -> bytes:
    """Text made of the pieces that broke the readers and random characters, as UTF-8."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(PIECES),
                st.text(alphabet=',"#\t\n =[]{}.-+0123456789eE xyz\ufeff', max_size=12),
            ),
            max_size=25,
        )
    )
    return "".join(parts).encode("utf-8")


#: Values put in place of one value of a valid file (a TOML value or a CSV/.sto cell).
VALUES = [
    "", '"false"', "false", "50.7", "-1", "0", "nan", "inf", "-inf", "1e999", "1e-320", "2.5e308",
    "9" * 19, "9" * 400, "1" * 5000, "-" + "9" * 400, "[" * 600 + "]" * 600, "[1.0, 2.0]",
    "{ name = 1 }", "{a=" * 40 + "1" + "}" * 40, '"' + "z" * 5000 + '"', "1979-05-27", "é", HUGE_FIELD,
]  # fmt: skip


def _set_value(text: str, pick: int, value: str) -> str:
    """``text`` with one value replaced: after ``=`` on a TOML line, else one CSV/tab cell."""
    lines = text.splitlines(keepends=True)
    slots = [i for i, ln in enumerate(lines) if not ln.lstrip().startswith(("#", "["))]
    if not slots:
        return text
    i = slots[pick % len(slots)]
    line = lines[i].rstrip("\n")
    if " = " in line:
        line = line.split(" = ", 1)[0] + " = " + value
    else:
        sep = "\t" if "\t" in line else ","
        cells = line.split(sep)
        cells[pick % len(cells)] = value
        line = sep.join(cells)
    lines[i] = line + "\n"
    return "".join(lines)


@st.composite
def mutated(draw, kind: str) -> bytes:
    """A valid ``kind`` file with pieces spliced in, lines dropped or doubled, or cut short."""
    text = VALID[kind]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(
            st.sampled_from(
                ["insert", "replace", "value", "value", "drop_line", "double_line", "cut"]
            )
        )
        at = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        elif op == "replace":
            end = min(len(text), at + draw(st.integers(1, 8)))
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[end:]
        elif op == "value":
            text = _set_value(text, draw(st.integers(0, 99)), draw(st.sampled_from(VALUES)))
        elif op in ("drop_line", "double_line"):
            lines = text.splitlines(keepends=True)
            if lines:
                i = draw(st.integers(0, len(lines) - 1))
                lines[i : i + 1] = [] if op == "drop_line" else [lines[i], lines[i]]
                text = "".join(lines)
        else:
            text = text[:at]
    data = text.encode("utf-8")
    prefix = draw(st.sampled_from([b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xff"]))
    return prefix + data


KINDS = sorted(READERS)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("kind", KINDS)
def test_valid_files_read(folder, kind):
    """The valid files the fuzzing starts from are read without an error."""
    name, readers = READERS[kind]
    path = folder / name
    path.write_text(VALID[kind], encoding="utf-8")
    for reader in readers:
        reader(path)


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(content=st.binary(max_size=300))
def test_random_bytes(folder, kind, content):
    check_readers(folder, kind, content)


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(content=noisy_text())
def test_random_text(folder, kind, content):
    check_readers(folder, kind, content)


@pytest.mark.parametrize("kind", KINDS)
@settings(FUZZ, max_examples=100)
@given(data=st.data())
def test_mutated_valid_files(folder, kind, data):
    check_readers(folder, kind, data.draw(mutated(kind)))


# --- the cases of issue 16, each once (the fuzzing above finds them too, not every run)
ISSUE_CASES = [
    ("table", "a,b,c\n1,2\n"),  # a row shorter than the header
    ("table", "a,b\n1," + HUGE_FIELD + "\n"),  # a field over 131,072 characters
    ("table", 'a,b\n1,"' + "y" * 140_000 + "\n2,3\n"),  # an unclosed quote swallowing the file
    ("runner", "x = " + "[" * 600 + "]" * 600 + "\n"),  # TOML nested 600 deep
    ("problem", "x = " + "{a=" * 300 + "1" + "}" * 300 + "\n"),  # inline tables 300 deep
    ("runner", "[anthropometry]\nbody_mass_kg = " + "9" * 400 + "\n"),  # 400-digit integer
    ("runner", "[anthropometry]\nbody_mass_kg = " + "9" * 5000 + "\n"),  # beyond int()'s limit
    ("history", "week,distance_km\n" + "1" * 5000 + ",20\n"),  # a 5,000-digit week
    ("history", "week,distance_km\n" + "1" * 400 + ",20\n"),  # a 400-digit week
    ("history", "\ufeffweek,distance_km\n1,é\n"),  # BOM, then a bad cell
    ("trial_sto", "x\nnRows=" + "1" * 5000 + "\nendheader\ntime\tknee_angle_r\n0\t1\n"),
    ("trial_sto", "x\nnRows=²\nendheader\ntime\tknee_angle_r\n0\t1\n"),
]


@pytest.mark.parametrize(("kind", "text"), ISSUE_CASES)
def test_issue_16_cases(folder, kind, text):
    check_readers(folder, kind, text.encode("utf-8"))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00a\x00,\x00b\x00", b"a,b\n\xe9t\xe9,1\n", b"PK\x03\x04\x00\x00binary"],
    ids=["utf16", "latin1", "zip"],
)
def test_files_that_are_not_utf8_text_are_named_as_such(folder, kind, content):
    name, readers = READERS[kind]
    path = folder / name
    path.write_bytes(content)
    for reader in readers:
        with pytest.raises(ValueError, match="not a UTF-8 text file") as exc:
            reader(path)
        assert name in str(exc.value)
