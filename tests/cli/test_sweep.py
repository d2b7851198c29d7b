"""pfsim sweep: a TOML problem with three axes → CSV + provenance; reproducible; chunk/worker invariant."""

import hashlib
import json
import os
import signal
import sys
from pathlib import Path

import numpy as np
import pytest

from pfsim.cli import main
from pfsim.models import MODELS, preferred_step_rate_spm, resolve_model, stance_model
from pfsim.sweep import Problem, ProblemError

ROOT = Path(__file__).resolve().parents[2]


def cli(argv):
    """Run ``pfsim`` (pfsim.cli.main) with ``argv``; return its exit status."""
    return main(argv)


def test_three_axis_problem_writes_csv_and_provenance(problem_file, tmp_path, capsys):
    out = tmp_path / "a"
    assert cli(["sweep", str(problem_file), "--out", str(out)]) == 0
    assert "18 scenarios (grid)" in capsys.readouterr().out
    csv_path, prov_path = out / "three_axes.csv", out / "three_axes.json"
    lines = csv_path.read_text().splitlines()
    assert lines[0] == (
        "speed_m_s,step_rate_change_pct,hip_adduction_peak_deg,peak_contact_stress_MPa,"
        "peak_lateral_facet_stress_MPa,stress_time_integral_per_km_MPa_s"
    )
    assert len(lines) == 1 + 2 * 3 * 3
    prov = json.loads(prov_path.read_text())
    assert prov["csv"]["sha256"] == hashlib.sha256(csv_path.read_bytes()).hexdigest()
    assert prov["sweep"]["problem_sha256"] == Problem.from_toml(problem_file).sha256
    assert prov["sweep"]["problem"]["model"] == "stance"
    assert prov["model"] == {
        "name": "stance",
        "options": {"n_samples": 31},
        "output_units": {
            "peak_contact_stress_MPa": "MPa",
            "peak_lateral_facet_stress_MPa": "MPa",
            "stress_time_integral_per_km_MPa_s": "MPa·s/km",
        },
    }
    assert prov["pfsim_version"] and prov["numpy"]
    assert not list(out.glob(".*.tmp"))


def test_rerun_is_byte_identical_and_chunks_workers_change_nothing(problem_file, tmp_path):
    runs = {
        "a": [],
        "b": [],
        "chunk5": ["--chunk-size", "5"],
        "workers2": ["--workers", "2", "--chunk-size", "4"],
    }
    data = {}
    for name, extra in runs.items():
        assert cli(["sweep", str(problem_file), "--out", str(tmp_path / name), *extra]) == 0
        data[name] = (tmp_path / name / "three_axes.csv").read_bytes()
    assert data["a"] == data["b"] == data["chunk5"] == data["workers2"]


def test_sobol_problem_is_reproducible_with_json_summary(three_axes, tmp_path, capsys):
    text = three_axes.replace('name = "three_axes"', 'name = "sob"') + (
        '\n[design]\nmethod = "sobol"\nn = 16\nseed = 5\n'
    )
    text = text.replace("levels = [2.5, 3.5]", "bounds = [2.5, 3.5]")
    p = tmp_path / "sob.toml"
    p.write_text(text, encoding="utf-8")
    assert cli(["sweep", str(p), "--out", str(tmp_path / "x"), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["scenarios"] == 16 and payload["seed"] == 5 and payload["design"] == "sobol"
    assert payload["outputs"]["peak_contact_stress_MPa"]["nan"] == 0
    assert cli(["sweep", str(p), "--out", str(tmp_path / "y"), "--workers", "2", "--json"]) == 0
    capsys.readouterr()
    assert (tmp_path / "x" / "sob.csv").read_bytes() == (tmp_path / "y" / "sob.csv").read_bytes()


@pytest.mark.parametrize(
    "edit, must_say",
    [
        (lambda t: t.replace('model = "stance"\n', ""), ["no model", 'model = "stance"']),
        (lambda t: t.replace('model = "stance"', 'model = "stanse"'), ["unknown model 'stanse'"]),
        (
            lambda t: t.replace("n_samples = 31", "n_sample = 31"),
            ["no option 'n_sample'", "n_samples"],
        ),
        (
            lambda t: t.replace('peak_contact_stress_MPa = "MPa"', 'peak_stress_MPa = "MPa"'),
            ["no output 'peak_stress_MPa'", "peak_contact_stress_MPa"],
        ),
        (
            lambda t: t.replace(
                "[inputs.hip_adduction_peak_deg]", "[inputs.hip_adduction_peek_deg]"
            ),
            [
                "[inputs]",
                "no parameter 'hip_adduction_peek_deg'",
                "did you mean 'hip_adduction_peak_deg'?",
                "speed_m_s, step_rate_spm",
            ],
        ),
        (
            lambda t: t.replace("body_mass_kg = 70.0", "body_mass = 70.0"),
            ["[constants]", "no parameter 'body_mass'", "did you mean 'body_mass_kg'?"],
        ),
        (
            lambda t: t.replace("height_m = 1.75", "n_samples = 31"),
            ["'n_samples' is also set in [model_options]"],
        ),
    ],
)
def test_bad_problems_get_teaching_errors(three_axes, tmp_path, capsys, edit, must_say):
    p = tmp_path / "bad.toml"
    p.write_text(edit(three_axes), encoding="utf-8")
    assert cli(["sweep", str(p), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pfsim sweep: error: ") and err.count("\n") == 1
    for text in must_say:
        assert text in err
    assert str(p) in err
    assert not (tmp_path / "o").exists()


def test_missing_file_names_the_fix(tmp_path, capsys):
    assert cli(["sweep", str(tmp_path / "nope.toml")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_joint_and_runner_models_run_from_toml(tmp_path):
    text = """
model = "joint"
name = "j"
[model_options]
area_fit = "salsich2003"
[constants]
knee_extension_moment_Nm = 175.0
[inputs.knee_flexion_deg]
levels = [30.0, 45.0]
[inputs.vmo_activation]
levels = [0.5, 1.0]
[inputs.q_angle_deg]
levels = [12.0, 18.0]
"""
    p = tmp_path / "j.toml"
    p.write_text(text, encoding="utf-8")
    assert cli(["sweep", str(p), "--out", str(tmp_path)]) == 0
    header = (tmp_path / "j.csv").read_text().splitlines()[0].split(",")
    assert "lateral_facet_stress_MPa" in header and "contact_stress_MPa" in header


def test_problem_model_fields_round_trip_and_keep_old_hashes(problem_file, tmp_path):
    p = Problem.from_toml(problem_file)
    assert p.model == "stance" and p.model_options == {"n_samples": 31}
    q = Problem.from_toml(p.write_toml(tmp_path / "again.toml"))
    assert q == p and q.sha256 == p.sha256
    bare = Problem.from_dict({"inputs": {"x": {"bounds": [0.0, 1.0]}}})
    assert "model" not in bare.resolved()  # hashes of problems without a model are unchanged
    with pytest.raises(ProblemError, match="must be text, a number or true/false"):
        Problem.from_dict({"model_options": {"a": [1, 2]}, "inputs": {"x": {"levels": [1.0]}}})


def test_stance_model_matches_the_stance_summary_and_preferred_rate():
    from pfsim.gait import stance

    out = stance_model(speed_m_s=np.array([3.0, 3.5]), step_rate_change_pct=np.array([0.0, 10.0]))
    rates = preferred_step_rate_spm([3.0, 3.5]) * [1.0, 1.1]
    # van Oeveren 2019: 2 × (75.01 + 3.006 × 3.0) = 168.056 steps/min
    assert preferred_step_rate_spm(3.0) == pytest.approx(168.056)
    np.testing.assert_allclose(out["step_rate_used_spm"], rates)
    s = stance([3.0, 3.5], rates, 70.0, 1.75).summary()
    for k in ("peak_contact_stress_MPa", "peak_lateral_facet_stress_MPa", "steps_per_km"):
        np.testing.assert_allclose(out[k], s[k], rtol=1e-12)
    with pytest.raises(ValueError, match="not both"):
        stance_model(step_rate_spm=170.0, step_rate_change_pct=5.0)


def test_registry_names_and_errors():
    assert {"stance", "runner", "joint"} <= set(MODELS)
    with pytest.raises(ValueError, match="known models: 'stance'"):
        resolve_model("nope")
    for spec in MODELS.values():
        out = spec.function()
        assert set(out) <= set(spec.units)


def test_progress_without_tqdm_is_one_line_with_the_fix(
    problem_file, tmp_path, monkeypatch, capsys
):
    from pfsim.cli import main

    monkeypatch.setitem(sys.modules, "tqdm", None)  # `import tqdm` now raises ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    assert main(["sweep", str(problem_file), "--out", str(tmp_path / "o"), "--progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert "needs tqdm" in err and 'pip install "pfsim[progress]"' in err
    assert not (tmp_path / "o").exists()


JOINT_GRID = """
model = "joint"
name = "j"
[constants]
knee_extension_moment_Nm = 175.0
[inputs.knee_flexion_deg]
levels = [15.0, 25.0, 35.0, 45.0]
[inputs.vmo_activation]
levels = [0.25, 0.5, 0.75, 1.0]
[inputs.q_angle_deg]
levels = [8.0, 11.0, 14.0, 17.0]
"""


@pytest.fixture
def joint_file(tmp_path):
    p = tmp_path / "j.toml"
    p.write_text(JOINT_GRID, encoding="utf-8")
    return p


def test_checkpoints_by_default_and_removes_them_after_success(joint_file, tmp_path):
    ref = tmp_path / "ref"
    assert cli(["sweep", str(joint_file), "--out", str(ref), "--chunk-size", "8"]) == 0
    assert sorted(p.name for p in ref.iterdir()) == ["j.csv", "j.json"]  # .checkpoints removed
    kept = tmp_path / "kept"
    args = ["--chunk-size", "8", "--checkpoint-dir", str(kept)]
    assert cli(["sweep", str(joint_file), "--out", str(tmp_path / "b"), *args]) == 0
    (sub,) = kept.iterdir()  # an explicit folder is the user's: kept, 64 rows / 8 = 8 chunks
    assert len(list(sub.glob("chunk_*.npz"))) == 8
    assert (tmp_path / "b" / "j.csv").read_bytes() == (ref / "j.csv").read_bytes()
    none = tmp_path / "none"
    assert cli(["sweep", str(joint_file), "--out", str(none), "--no-checkpoint"]) == 0
    assert sorted(p.name for p in none.iterdir()) == ["j.csv", "j.json"]
    assert (none / "j.csv").read_bytes() == (ref / "j.csv").read_bytes()
    with pytest.raises(SystemExit):  # argparse: not both
        cli(["sweep", str(joint_file), "--no-checkpoint", "--checkpoint-dir", str(kept)])


CLI_KILL_SCRIPT = """
import dataclasses, functools, os, signal, sys
import pfsim.models as m
from pfsim.cli import main

spec = m.MODELS["joint"]
calls = 0


@functools.wraps(spec.function)
def model(**kw):
    global calls
    calls += 1
    if calls == int(os.environ["KILL_AT"]):
        os.kill(os.getpid(), signal.SIGKILL)  # a hard kill: no cleanup at all
    return spec.function(**kw)


m.MODELS["joint"] = dataclasses.replace(spec, function=model)
code = main(sys.argv[1:])
print("calls", calls, file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_killed_cli_sweep_resumes_by_default(joint_file, tmp_path):
    import subprocess

    script = tmp_path / "job.py"
    script.write_text(CLI_KILL_SCRIPT)
    out = tmp_path / "out"
    args = [sys.executable, str(script), "sweep", str(joint_file), "--out", str(out)]
    args += ["--chunk-size", "8"]  # 64 scenarios: 8 chunks
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KILL_AT": "4"}
    killed = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    assert killed.returncode == -9, killed.stderr
    assert not (out / "j.csv").exists()  # no partial CSV in place...
    assert len(list(out.glob(".j.csv.*.tmp"))) == 1  # ...only the streamed temporary file
    (sub,) = (out / ".checkpoints" / "j").iterdir()
    assert len(list(sub.glob("chunk_*.npz"))) == 3
    env["KILL_AT"] = "0"
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "calls 5" in done.stderr  # the 3 chunks finished before the kill were not recomputed
    assert sorted(p.name for p in out.iterdir()) == ["j.csv", "j.json"]  # temp + checkpoints gone
    assert cli(["sweep", str(joint_file), "--out", str(tmp_path / "ref"), "--no-checkpoint"]) == 0
    assert (out / "j.csv").read_bytes() == (tmp_path / "ref" / "j.csv").read_bytes()


def test_out_must_be_a_folder(tmp_path, capsys):
    p = tmp_path / "j.toml"
    p.write_text(
        'model = "joint"\n[inputs.knee_flexion_deg]\nlevels = [30.0]\n'
        "[inputs.quad_force_N]\nlevels = [1000.0]\n",
        encoding="utf-8",
    )
    f = tmp_path / "afile"
    f.write_text("keep me", encoding="utf-8")
    assert cli(["sweep", str(p), "--out", str(f)]) == 2
    assert "--out must be a folder" in capsys.readouterr().err
    assert f.read_text(encoding="utf-8") == "keep me"


def test_a_refused_input_says_fix_the_problem_not_resume(tmp_path, capsys):
    p = tmp_path / "j.toml"
    p.write_text(
        'model = "joint"\n[inputs.knee_flexion_deg]\nlevels = [30.0, 200.0]\n'
        "[inputs.quad_force_N]\nlevels = [1000.0]\n",
        encoding="utf-8",
    )
    assert cli(["sweep", str(p), "--out", str(tmp_path / "o")]) == 2
    text = capsys.readouterr().err
    assert "knee_flexion_deg must lie between" in text
    assert "correct that input's levels, bounds or distribution" in text
    assert "rerun with the same arguments to resume" not in text


@pytest.mark.parametrize(
    ("env", "value", "must_say"),
    [
        ("PFSIM_COMPILED", "maybe", "PFSIM_COMPILED must be 1"),
        ("PFSIM_COMPILED", "1 (numba missing)", "needs numba (not installed)"),
        ("PFSIM_WORKER_MALLOC", "bogus", "PFSIM_WORKER_MALLOC must be 1"),
    ],
)
def test_a_bad_environment_switch_fails_before_any_work(
    joint_file, tmp_path, capsys, monkeypatch, env, value, must_say
):
    """Before, a bad PFSIM_COMPILED (or PFSIM_COMPILED=1 without numba) failed every chunk as 'the
    model refused an input ... correct that input's levels', leaving OUT/.checkpoints behind, and
    a bad PFSIM_WORKER_MALLOC (e.g. 'off') was read as on. Now: one line, exit 2, nothing written."""
    if value.endswith("(numba missing)"):
        monkeypatch.setitem(sys.modules, "numba", None)  # import numba raises ImportError
        value = "1"
    monkeypatch.setenv(env, value)
    out = tmp_path / "o"
    assert cli(["sweep", str(joint_file), "--out", str(out), "--workers", "2"]) == 2
    err = capsys.readouterr().err
    assert must_say in err and len(err.strip().splitlines()) == 1
    assert "correct that input" not in err
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.slow
def test_samples_all_gives_one_csv_on_every_executor_and_is_recorded(three_axes, tmp_path):
    """Review 4: a problem with [model_options] samples = "all" gives the same CSV bytes serially,
    on a process pool and on a local dask cluster (when installed), and its sidecar records the
    option (in the model options and the resolved problem)."""
    import importlib.util

    text = three_axes.replace("[model_options]\n", '[model_options]\nsamples = "all"\n')
    p = tmp_path / "p.toml"
    p.write_text(text, encoding="utf-8")
    runs = {"serial": [], "pool": ["--workers", "2"]}
    if importlib.util.find_spec("distributed") is not None:
        runs["dask"] = ["--scheduler", "local", "--workers", "2"]
    data = {}
    for name, extra in runs.items():
        out = tmp_path / name
        assert cli(["sweep", str(p), "--out", str(out), "--chunk-size", "5", *extra]) == 0
        data[name] = (out / "three_axes.csv").read_bytes()
        prov = json.loads((out / "three_axes.json").read_text(encoding="utf-8"))
        assert prov["model"]["options"] == {"n_samples": 31, "samples": "all"}
        assert '"samples": "all"' in json.dumps(prov["sweep"])
    assert len(set(data.values())) == 1, {k: hashlib.sha256(v).hexdigest() for k, v in data.items()}


def test_a_sweep_refused_in_its_first_chunk_writes_nothing(tmp_path, capsys):
    """Review 4: n_samples = 1 is refused by the stance model in the first chunk; the command left
    OUT/.checkpoints/<name>/<key>/manifest.json and said 'finished chunks stay saved'."""
    p = tmp_path / "p.toml"
    p.write_text(
        'name = "n1"\nmodel = "stance"\n[model_options]\nn_samples = 1\n'
        "[inputs.speed_m_s]\nlevels = [3.0]\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    assert cli(["sweep", str(p), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "n_samples must be at least 3" in err and "stay saved" not in err
    assert not out.exists()


@pytest.mark.parametrize("value", [None, "0", " off"])
def test_the_sidecar_records_the_compiled_switch(joint_file, tmp_path, monkeypatch, value):
    """Review 4: PFSIM_COMPILED chooses the facet solver (agreeing with numpy to 1e-12, tested), so
    a result's provenance records it, and the numba version (None when not installed)."""
    if value is None:
        monkeypatch.delenv("PFSIM_COMPILED", raising=False)
    else:
        monkeypatch.setenv("PFSIM_COMPILED", value)
    out = tmp_path / "o"
    assert cli(["sweep", str(joint_file), "--out", str(out)]) == 0
    prov = json.loads((out / "j.json").read_text(encoding="utf-8"))
    assert prov["environment"] == {"PFSIM_COMPILED": value}
    assert "numba" in prov
