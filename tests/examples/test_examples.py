"""pfsim.examples: the bundled profiles, histories and problems, by name in Python and the CLI."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import pfsim
from pfsim import examples
from pfsim.cli import main
from pfsim.sweep import Problem

PACKAGE_EXAMPLES = Path(pfsim.__file__).parent / "examples"
READERS = {
    "runners": pfsim.load_runner,
    "histories": pfsim.read_history,
    "problems": Problem.from_toml,
}
#: The names the README, the docs and the issue use: they must stay.
EXPECTED = {
    "runners": {"healthy", "hip_driven", "load_driven"},
    "histories": {"steady", "jump40_hills"},
    "problems": {"cadence_grid", "joint_facets", "runner_profile_sobol"},
}


def test_the_folders_hold_the_expected_examples_and_the_loader_lists_all_of_them():
    for kind, (suffix, _, _) in examples.KINDS.items():
        on_disk = {p.stem for p in (PACKAGE_EXAMPLES / kind).glob(f"*{suffix}")}
        assert set(examples.names(kind)) == on_disk
        assert EXPECTED[kind] <= on_disk


def test_names_are_unique_across_kinds_and_each_has_a_description_and_a_readme_row():
    rows = examples.catalogue()
    all_names = [name for _, name, _ in rows]
    assert len(all_names) == len(set(all_names))
    for kind, name, text in rows:
        assert len(text) > 20, (kind, name)
        readme = (PACKAGE_EXAMPLES / kind / "README.md").read_text(encoding="utf-8")
        assert f"| `{name}` |" in readme, (kind, name)
        assert examples.find(name) == kind
    for kind in examples.KINDS:  # and no README row for a file that is not there
        readme = (PACKAGE_EXAMPLES / kind / "README.md").read_text(encoding="utf-8")
        assert set(re.findall(r"^\| `(\w+)` \|", readme, flags=re.M)) == set(examples.names(kind))


@pytest.mark.parametrize("kind", list(examples.KINDS))
def test_a_name_reads_the_same_as_the_path_of_the_file(kind):
    reader = READERS[kind]
    for name in examples.names(kind):
        by_path = reader(PACKAGE_EXAMPLES / kind / (name + examples.KINDS[kind][0]))
        by_name = reader(name)
        if kind == "histories":
            for field in ("week", "distance_km", "speed_m_s", "hill_share", "speed_work_share"):
                np.testing.assert_array_equal(getattr(by_name, field), getattr(by_path, field))
        elif kind == "problems":
            assert by_name.to_toml() == by_path.to_toml()
        else:
            assert by_name == by_path


def test_the_public_names_of_the_issue():
    assert pfsim.load_runner("hip_driven").hip_abductor_strength_rel == 0.75
    assert pfsim.read_history("jump40_hills").distance_km[6] == 42.0
    assert Problem.from_toml("cadence_grid").name == "cadence_grid"


@pytest.mark.parametrize(
    ("reader", "name", "needles"),
    [
        (
            pfsim.load_runner,
            "hip_drivn",
            ["did you mean 'hip_driven'", "healthy, hip_driven", ".toml file"],
        ),
        (pfsim.read_history, "jump40", ["jump40_hills, steady", "path of a .csv file"]),
        (Problem.from_toml, "cadence", ["cadence_grid, joint_facets", ".toml file"]),
        (
            pfsim.load_runner,
            "steady",
            ["'steady' is a bundled training history, not a runner profile"],
        ),
    ],
)
def test_an_unknown_name_lists_the_valid_ones_and_says_a_path_works(reader, name, needles):
    with pytest.raises(ValueError) as info:
        reader(name)
    for needle in needles:
        assert needle in str(info.value)
    assert "pfsim examples" in str(info.value)


def test_a_path_is_never_taken_for_a_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    own = (
        (PACKAGE_EXAMPLES / "runners" / "healthy.toml")
        .read_text()
        .replace('name = "healthy reference"', 'name = "mine"')
    )
    Path("hip_driven").write_text(own)  # an existing file wins over the bundled name
    Path("sub").mkdir()
    Path("sub/x.toml").write_text(own)
    assert pfsim.load_runner("hip_driven").name == "mine"
    assert pfsim.load_runner("sub/x.toml").name == "mine"
    assert examples.resolve("runners", "other.toml") == "other.toml"  # a missing path stays a path
    assert not examples.is_name("a/b") and not examples.is_name("x.toml")
    assert not examples.is_name("") and not examples.is_name(".") and not examples.is_name(3)
    assert examples.is_name(Path("load_driven")) and examples.is_name("load_driven")
    Path("load_driven").mkdir()  # a folder of that name (an output folder) is not a runner file
    assert pfsim.load_runner("load_driven").name == "load-driven"


def test_sweep_twice_into_a_folder_named_as_the_problem(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        assert main(["sweep", "joint_facets", "--out", "joint_facets"]) == 0
    assert Path("joint_facets/joint_facets.csv").is_file()
    capsys.readouterr()


def test_a_missing_file_named_like_an_example_points_to_the_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=r"no file 'hip_driven.toml' in this folder.*'hip_driven'"):
        pfsim.load_runner("hip_driven.toml")
    Path("hip_driven.toml").write_text('[profile]\nname = "here"\n')
    assert pfsim.load_runner("hip_driven.toml").name == "here"


def test_copy_writes_the_bytes_and_never_overwrites(tmp_path):
    target = examples.copy("jump40_hills", tmp_path / "new")
    assert target == tmp_path / "new" / "jump40_hills.csv"
    assert target.read_bytes() == (PACKAGE_EXAMPLES / "histories" / "jump40_hills.csv").read_bytes()
    target.write_text("my edits")
    with pytest.raises(ValueError, match="already exists"):
        examples.copy("jump40_hills", tmp_path / "new")
    assert target.read_text() == "my edits"
    with pytest.raises(ValueError, match="is a file"):
        examples.copy("steady", target)
    with pytest.raises(ValueError, match="did you mean 'steady'"):
        examples.copy("stedy", tmp_path)
    with pytest.raises(ValueError, match="kind must be one of"):
        examples.names("profiles")


# --------------------------------------------------------------------------------------------------
def test_cli_examples_lists_prints_and_copies(tmp_path, capsys):
    assert main(["examples"]) == 0
    out = capsys.readouterr().out
    for kind, name, text in examples.catalogue():
        assert re.search(rf"^  {name} +{re.escape(text)}$", out, flags=re.M), name
        assert f"{kind} (read by" in out
    assert main(["examples", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"kind": k, "name": n, "description": d} for k, n, d in examples.catalogue()
    ]
    assert main(["examples", "cadence_grid"]) == 0
    assert (
        capsys.readouterr().out == (PACKAGE_EXAMPLES / "problems" / "cadence_grid.toml").read_text()
    )
    assert main(["examples", "hip_driven", "--copy", str(tmp_path)]) == 0
    assert str(tmp_path / "hip_driven.toml") in capsys.readouterr().out
    assert pfsim.load_runner(tmp_path / "hip_driven.toml") == pfsim.load_runner("hip_driven")


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["examples", "nope"], "no bundled example is named 'nope'"),
        (["examples", "--copy", "d"], "--copy needs the example's NAME"),
        (["run", "--runner", "hip_drivn"], "did you mean 'hip_driven'"),
        (["run", "--runner", "hip_driven", "--mass", "80"], "pfsim examples hip_driven --copy DIR"),
        (["load", "jump40_hills", "--runner", "steady"], "not a runner profile"),
        (["sweep", "nothere.toml"], "or the name of a bundled one"),
        (["sweep", "nothere"], "the bundled sweep problems are cadence_grid"),
    ],
)
def test_cli_bad_names_end_with_one_line(argv, needle, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())  # nothing written


def test_cli_commands_take_names_and_give_what_the_paths_give(tmp_path, capsys):
    runners, histories = PACKAGE_EXAMPLES / "runners", PACKAGE_EXAMPLES / "histories"
    outputs = []
    for runner, history in (
        ("load_driven", "jump40_hills"),
        (str(runners / "load_driven.toml"), str(histories / "jump40_hills.csv")),
    ):
        assert main(["load", history, "--runner", runner, "--json"]) == 0
        payload = json.loads(capsys.readouterr().out)
        payload.pop("history")
        outputs.append(payload)
    assert outputs[0] == outputs[1]
    assert max(outputs[0]["overload_index"]) > 1.3  # the jump of jump40_hills
    runs = []
    for runner in ("hip_driven", str(runners / "hip_driven.toml")):
        assert main(["run", "--runner", runner, "--json"]) == 0
        payload = json.loads(capsys.readouterr().out)
        payload.pop("file")
        runs.append(payload)
    assert runs[0] == runs[1]
    problem = PACKAGE_EXAMPLES / "problems" / "joint_facets.toml"
    for i, source in enumerate(("joint_facets", str(problem))):
        assert main(["sweep", source, "--out", str(tmp_path / str(i)), "--no-checkpoint"]) == 0
    capsys.readouterr()
    assert (tmp_path / "0" / "joint_facets.csv").read_bytes() == (
        tmp_path / "1" / "joint_facets.csv"
    ).read_bytes()
