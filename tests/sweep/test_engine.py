"""run_sweep: chunking, executors, checkpoints and resume, results, CSV with provenance."""

import concurrent.futures as cf
import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest

from pfsim.io import RUN_FIELDS
from pfsim.sweep import (
    Input,
    Problem,
    SweepError,
    SweepResult,
    grid_design,
    lhs_design,
    run_sweep,
    sobol_design,
)
from pfsim.sweep.functions import ishigami, ishigami_problem

ROOT = Path(__file__).resolve().parents[2]
DESIGN = sobol_design(ishigami_problem(), 1024, rng=11)


@pytest.fixture(scope="module")
def reference():
    return run_sweep(ishigami, DESIGN, chunk_size=1024)


@pytest.mark.parametrize("chunk_size", [1, 7, 100, 1000, 5000])
def test_results_do_not_depend_on_chunk_size(reference, chunk_size):
    res = run_sweep(ishigami, DESIGN, chunk_size=chunk_size)
    np.testing.assert_array_equal(res["y"], reference["y"])  # bit for bit
    np.testing.assert_array_equal(res["x2"], reference["x2"])


def test_results_do_not_depend_on_the_executor(reference):
    with cf.ProcessPoolExecutor(max_workers=2) as pool:
        res = run_sweep(ishigami, DESIGN, chunk_size=100, executor=pool)
    np.testing.assert_array_equal(res["y"], reference["y"])
    with cf.ThreadPoolExecutor(max_workers=3) as pool:
        res = run_sweep(ishigami, DESIGN, chunk_size=33, executor=pool)
    np.testing.assert_array_equal(res["y"], reference["y"])


def test_a_local_dask_cluster_is_just_another_executor(reference):
    distributed = pytest.importorskip("dask.distributed")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False) as cluster,
        distributed.Client(cluster) as client,
    ):
        res = run_sweep(ishigami, DESIGN, chunk_size=128, executor=client.get_executor())
    np.testing.assert_array_equal(res["y"], reference["y"])


def test_the_result_matches_a_direct_call(reference):
    x = reference.inputs
    np.testing.assert_array_equal(reference["y"], ishigami(x["x1"], x["x2"], x["x3"])["y"])
    assert reference.names == ("x1", "x2", "x3", "y")
    assert reference.units == {"x1": "rad", "x2": "rad", "x3": "rad", "y": "1"}


class CountingExecutor(cf.ThreadPoolExecutor):
    """Records the largest number of chunks submitted but not yet finished."""

    def __init__(self):
        super().__init__(max_workers=2)
        self.lock, self.live, self.peak = threading.Lock(), 0, 0

    def submit(self, fn, *args, **kwargs):
        with self.lock:
            self.live += 1
            self.peak = max(self.peak, self.live)
        fut = super().submit(fn, *args, **kwargs)
        fut.add_done_callback(self._done)
        return fut

    def _done(self, _):
        with self.lock:
            self.live -= 1


def test_chunks_in_flight_are_bounded_so_memory_is():
    with CountingExecutor() as ex:
        run_sweep(ishigami, DESIGN, chunk_size=16, executor=ex, max_in_flight=3)
    assert 1 <= ex.peak <= 3


def test_constants_reach_the_function_and_scalars_broadcast():
    p = Problem([Input("a", levels=[1, 2, 3])], constants={"b": 10.0})
    res = run_sweep(lambda a, b: {"s": a + b, "one": 1.0}, grid_design(p))
    assert res["s"].tolist() == [11.0, 12.0, 13.0] and res["one"].tolist() == [1.0] * 3


def test_outputs_selects_and_checks_names():
    p = Problem([Input("a", levels=[1, 2])])
    res = run_sweep(lambda a: {"u": a, "v": 2 * a}, grid_design(p), outputs=["v"])
    assert list(res.outputs) == ["v"]
    with pytest.raises(SweepError, match=r"no output \['w'\].*returns \['u', 'v'\]"):
        run_sweep(lambda a: {"u": a, "v": 2 * a}, grid_design(p), outputs=["w"])


@pytest.mark.parametrize(
    "func, match",
    [
        (lambda a: a, "must return a dict"),
        (lambda a: {"u": np.ones((len(a), 2))}, r"one value per scenario"),
    ],
)
def test_bad_functions_get_teaching_errors(func, match):
    with pytest.raises(SweepError, match=match):
        run_sweep(func, grid_design(Problem([Input("a", levels=[1, 2])])))


def test_inputs_must_match_the_function_parameters_before_anything_runs():
    p = Problem([Input("a", levels=[1, 2]), Input("norm_b", levels=[3])], constants={"c": 1.0})
    with pytest.raises(TypeError, match=r"no parameter 'norm_b'.*required parameter 'b'.*Rename"):
        run_sweep(lambda a, b, c: {"y": a + b}, p)
    res = run_sweep(lambda a, c, **rest: {"y": a + rest["norm_b"]}, p)  # **kwargs takes anything
    assert res["y"].tolist() == [4.0, 5.0]


def test_a_lambda_cannot_go_to_a_process_pool():
    with (
        cf.ProcessPoolExecutor(max_workers=1) as pool,
        pytest.raises(TypeError, match="module level"),
    ):
        run_sweep(lambda x1, x2, x3: {"y": x1}, DESIGN, executor=pool)


def test_argument_errors_teach():
    with pytest.raises(ValueError, match="chunk_size must be a positive integer"):
        run_sweep(ishigami, DESIGN, chunk_size=0)
    with pytest.raises(ValueError, match="already drawn with seed 11"):
        run_sweep(ishigami, DESIGN, rng=12)
    with pytest.raises(TypeError, match="Problem or a Design"):
        run_sweep(ishigami, {"x1": [1]})


def test_progress_bar_is_optional():
    try:
        import tqdm  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r'pip install "pfsim\[progress\]"'):
            run_sweep(ishigami, DESIGN, progress=True)
    else:
        assert run_sweep(ishigami, DESIGN, progress=True, chunk_size=256).n == 1024


# -- checkpoints and resume ---------------------------------------------------------------------
CALLS = {"n": 0, "fail_at": None}


def flaky(x1, x2, x3):
    """Ishigami, counting calls; raises on call number CALLS['fail_at'] (a crash mid-sweep)."""
    CALLS["n"] += 1
    if CALLS["fail_at"] is not None and CALLS["n"] >= CALLS["fail_at"]:
        raise RuntimeError("simulated crash")
    return ishigami(x1, x2, x3)


def run_flaky(design, tmp_path, fail_at=None, **kw):
    CALLS.update(n=0, fail_at=fail_at)
    return run_sweep(flaky, design, chunk_size=100, checkpoint_dir=tmp_path / "ckpt", **kw)


def test_an_interrupted_sweep_resumes_from_its_finished_chunks(tmp_path, reference):
    with pytest.raises(SweepError, match="chunk 4 .*rows 400..499.*rerun .* to resume"):
        run_flaky(DESIGN, tmp_path, fail_at=5)  # chunks 0-3 finish, chunk 4 crashes
    (sub,) = (tmp_path / "ckpt").iterdir()
    assert sorted(p.name for p in sub.iterdir()) == [f"chunk_{i:07d}.npz" for i in range(4)] + [
        "manifest.json"
    ]
    res = run_flaky(DESIGN, tmp_path)
    assert CALLS["n"] == 11 - 4  # 11 chunks of 100 rows; 4 were loaded, not recomputed
    np.testing.assert_array_equal(res["y"], reference["y"])
    again = run_flaky(DESIGN, tmp_path)  # everything on disk: no call at all
    assert CALLS["n"] == 0
    np.testing.assert_array_equal(again["y"], reference["y"])


def test_chunk_error_is_one_sentence_naming_both_checkpoint_spellings():
    def bad(x1, x2, x3):  # a failure other than a refused input: resuming can help
        raise RuntimeError("solver stalled at 3.0.\nGot 4.")

    with pytest.raises(SweepError) as exc:
        run_sweep(bad, DESIGN, chunk_size=512)
    text = str(exc.value)
    assert "\n" not in text and "4.;" not in text and "4.." not in text
    assert "RuntimeError: solver stalled at 3.0. Got 4; to keep finished chunks" in text
    assert text.endswith("pass checkpoint_dir=DIR.") and "--" not in text  # pfsim sweep: the flag


def test_an_upgraded_pfsim_never_reuses_chunks_of_the_old_version(tmp_path, monkeypatch):
    import pfsim

    run_flaky(DESIGN, tmp_path)
    # the engine reads the version from pfsim._version (not the package): "upgrade" both
    monkeypatch.setattr(pfsim._version, "__version__", pfsim.__version__ + ".post1")
    monkeypatch.setattr(pfsim, "__version__", pfsim.__version__ + ".post1")
    run_flaky(DESIGN, tmp_path)
    assert CALLS["n"] == 11  # everything recomputed by the "new" code
    subs = sorted((tmp_path / "ckpt").iterdir())
    assert len(subs) == 2
    versions = {json.loads((s / "manifest.json").read_text())["pfsim_version"] for s in subs}
    assert versions == {pfsim.__version__, pfsim.__version__[: -len(".post1")]}
    run_flaky(DESIGN, tmp_path)  # same version again: all reused
    assert CALLS["n"] == 0


def test_a_changed_problem_never_reuses_stale_chunks(tmp_path):
    run_flaky(DESIGN, tmp_path)
    other = sobol_design(ishigami_problem(), 1024, rng=12)  # other seed: other scenarios
    run_flaky(other, tmp_path)
    assert CALLS["n"] == 11
    CALLS.update(n=0)
    run_sweep(flaky, DESIGN, chunk_size=200, checkpoint_dir=tmp_path / "ckpt")  # other chunking
    assert CALLS["n"] == 6
    assert len(list((tmp_path / "ckpt").iterdir())) == 3


def test_a_damaged_chunk_file_is_recomputed(tmp_path, reference):
    run_flaky(DESIGN, tmp_path)
    (sub,) = (tmp_path / "ckpt").iterdir()
    (sub / "chunk_0000003.npz").write_bytes(b"PK\x03\x04 truncated")
    (sub / ".chunk_0000004.npz.abc.tmp").write_bytes(b"half-written")  # killed mid-write
    with pytest.warns(RuntimeWarning, match="unreadable.*recomputing"):
        res = run_flaky(DESIGN, tmp_path)
    assert CALLS["n"] == 1
    np.testing.assert_array_equal(res["y"], reference["y"])
    assert not list(sub.glob(".*.tmp"))


def test_the_damaged_chunk_warning_is_a_pfsim_warning_on_the_callers_line(tmp_path):
    from pfsim._checks import PfsimWarning
    from pfsim.sweep import CheckpointWarning

    run_flaky(DESIGN, tmp_path)
    (sub,) = (tmp_path / "ckpt").iterdir()
    (sub / "chunk_0000002.npz").write_bytes(b"damaged")
    with pytest.warns(CheckpointWarning) as caught:
        run_flaky(DESIGN, tmp_path)
    (w,) = caught
    assert issubclass(w.category, PfsimWarning) and issubclass(w.category, RuntimeWarning)
    assert w.filename == __file__  # run_flaky's call of run_sweep, not a line inside pfsim


KILL_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from pfsim.sweep import run_sweep, sobol_design
    from pfsim.sweep.functions import ishigami, ishigami_problem

    calls = 0

    def model(x1, x2, x3):
        global calls
        calls += 1
        if calls == int(os.environ.get("KILL_AT", "0")):
            os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no exception handler: a hard kill
        return ishigami(x1, x2, x3)

    design = sobol_design(ishigami_problem(), 4096, rng=5)
    res = run_sweep(model, design, chunk_size=256, checkpoint_dir=sys.argv[1])
    res.to_csv(sys.argv[2])
    print(calls)
    """
)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_killed_process_resumes_without_recomputing_or_corrupt_files(tmp_path):
    script = tmp_path / "sweep_job.py"
    script.write_text(KILL_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KILL_AT": "7"}
    args = [sys.executable, str(script), str(tmp_path / "ckpt"), str(tmp_path / "out.csv")]
    killed = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    assert killed.returncode == -9, killed.stderr  # SIGKILL on the 7th call
    env["KILL_AT"] = "0"
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == 16 - 6  # 16 chunks; the 6 finished before the kill are loaded
    x = np.loadtxt(tmp_path / "out.csv", delimiter=",", skiprows=1)
    np.testing.assert_array_equal(x[:, 3], ishigami(x[:, 0], x[:, 1], x[:, 2])["y"])
    leftovers = [p for p in (tmp_path / "ckpt").rglob("*") if p.name.endswith(".tmp")]
    assert not leftovers


# -- CSV, provenance, labelled outputs ------------------------------------------------------------
def _without_run_fields(prov: dict) -> dict:
    """The sidecar without what differs from run to run (time, command line, commit)."""
    return {k: v for k, v in prov.items() if k not in RUN_FIELDS}


def test_csv_is_byte_identical_when_run_twice_and_carries_provenance(tmp_path):
    p = ishigami_problem()
    a = run_sweep(ishigami, sobol_design(p, 512, rng=3), chunk_size=100).to_csv(tmp_path / "a.csv")
    with cf.ProcessPoolExecutor(max_workers=2) as pool:
        b = run_sweep(ishigami, sobol_design(p, 512, rng=3), chunk_size=77, executor=pool)
    b = b.to_csv(tmp_path / "b.csv")
    assert a.read_bytes() == b.read_bytes()
    prov_a = json.loads(a.with_suffix(".json").read_text())
    prov_b = json.loads(b.with_suffix(".json").read_text())
    prov_b["csv"]["file"] = "a.csv"
    assert _without_run_fields(prov_a) == _without_run_fields(prov_b)  # nor chunking or executor
    assert set(RUN_FIELDS) <= set(prov_a) and prov_a["command"] is None  # from Python: no argv
    assert prov_a["units"] == {"x1": "rad", "x2": "rad", "x3": "rad", "y": "1"}
    sweep = prov_a["sweep"]
    assert prov_a["pfsim_version"] and prov_a["numpy"] and prov_a["scipy"]
    assert sweep["seed"] == 3 and sweep["problem_sha256"] == p.sha256
    assert sweep["problem"]["inputs"][0]["bounds"] == [-np.pi, np.pi]
    assert sweep["function"] == "pfsim.sweep.functions.ishigami"
    import hashlib

    assert prov_a["csv"]["sha256"] == hashlib.sha256(a.read_bytes()).hexdigest()
    assert a.read_text().splitlines()[0] == "x1,x2,x3,y"
    back = np.loadtxt(a, delimiter=",", skiprows=1)
    np.testing.assert_array_equal(back[:, 3], ishigami(back[:, 0], back[:, 1], back[:, 2])["y"])
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.csv", "a.json", "b.csv", "b.json"]


def test_pandas_and_xarray_are_optional_extras(tmp_path):
    p = Problem(
        [
            Input("speed_m_s", unit="m/s", levels=[3, 4]),
            Input("step_rate_spm", levels=[160, 170, 180]),
        ],
        outputs={"product": "m·steps/(s·min)"},
    )
    res = run_sweep(lambda speed_m_s, step_rate_spm: {"product": speed_m_s * step_rate_spm}, p)
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r'pip install "pfsim\[labelled\]"'):
            res.to_pandas()
    else:
        df = res.to_pandas()
        assert list(df.columns) == ["speed_m_s", "step_rate_spm", "product"] and len(df) == 6
    try:
        import xarray  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r'pip install "pfsim\[labelled\]"'):
            res.to_xarray()
    else:
        ds = res.to_xarray()
        assert ds["product"].dims == ("speed_m_s", "step_rate_spm")
        assert float(ds["product"].sel(speed_m_s=4, step_rate_spm=170)) == 680.0
        assert ds["speed_m_s"].attrs["units"] == "m/s"
        assert json.loads(ds.attrs["pfsim_provenance"])["sweep"]["n"] == 6


# -- streaming to CSV: bounded memory, same bytes --------------------------------------------------
def _designs():
    p = ishigami_problem()
    grid = Problem(
        [
            Input("x1", levels=[-1.0, 0.1, 2.5]),
            Input("x2", levels=[0.3, -2.0]),
            Input("x3", num=5, bounds=(-3.0, 3.0)),
        ]
    )
    return {
        "sobol": sobol_design(p, 256, rng=4),
        "lhs": lhs_design(p, 200, rng=4),
        "grid": grid_design(grid),
    }


@pytest.mark.parametrize("method", ["sobol", "lhs", "grid"])
def test_streamed_csv_is_the_same_bytes_as_writing_the_result(tmp_path, method):
    design = _designs()[method]
    whole = run_sweep(ishigami, design, chunk_size=1000).to_csv(tmp_path / "whole.csv")
    runs = {"c1": dict(chunk_size=1), "c7": dict(chunk_size=7), "c64": dict(chunk_size=64)}
    with cf.ThreadPoolExecutor(max_workers=3) as pool:
        runs["threads"] = dict(chunk_size=9, executor=pool)
        for name, kw in runs.items():
            path = tmp_path / f"{name}.csv"
            res = run_sweep(ishigami, design, csv_path=path, **kw)
            assert res._outputs is None  # nothing held: the outputs are in the file
            assert path.read_bytes() == whole.read_bytes(), name
            prov = json.loads(path.with_suffix(".json").read_text())
            prov["csv"]["file"] = "whole.csv"
            whole_prov = json.loads(whole.with_suffix(".json").read_text())
            assert _without_run_fields(prov) == _without_run_fields(whole_prov), name
    ref = run_sweep(ishigami, design)
    np.testing.assert_array_equal(res["y"], ref["y"])  # read back bit for bit
    assert res.names == ref.names
    assert res.output_summary() == ref.output_summary()
    assert ref.output_summary()["y"]["min"] == float(ref["y"].min())
    assert sorted(p.name for p in tmp_path.glob(".*")) == []  # no temporary file left


@pytest.mark.slow
def test_streaming_holds_only_the_chunks_in_flight(tmp_path):
    """Chunk 0 is slow; later chunks may finish first but may not pile up beyond the limit."""
    design = grid_design(Problem([Input("i", levels=list(range(40)))]))
    release = threading.Event()  # set when too many chunks ran ahead of chunk 0 (the failure)
    lock = threading.Lock()
    seen = {"ahead": 0, "first_done": False}

    def slow_first(i):
        if i[0] == 0:
            release.wait(timeout=1.0)
            seen["first_done"] = True
        else:
            with lock:
                if not seen["first_done"]:
                    seen["ahead"] += 1
                    if seen["ahead"] > 10:
                        release.set()
        return {"j": 2 * i}

    with cf.ThreadPoolExecutor(max_workers=4) as pool:
        res = run_sweep(
            slow_first,
            design,
            chunk_size=1,
            executor=pool,
            max_in_flight=4,
            csv_path=tmp_path / "s.csv",
        )
    np.testing.assert_array_equal(res["j"], 2.0 * np.arange(40))
    assert seen["ahead"] == 3  # 4 in flight: chunk 0 and three finished ahead of it, no more


def test_a_failed_stream_leaves_the_previous_csv_untouched(tmp_path):
    path = tmp_path / "s.csv"
    run_sweep(ishigami, DESIGN, csv_path=path, chunk_size=256)
    before = path.read_bytes(), path.with_suffix(".json").read_bytes()
    with pytest.raises(SweepError):
        run_flaky(DESIGN, tmp_path, fail_at=3, csv_path=path)
    assert (path.read_bytes(), path.with_suffix(".json").read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ckpt", "s.csv", "s.json"]


def test_temporary_files_left_by_a_killed_write_are_removed_by_the_next_write(tmp_path):
    stale = [tmp_path / ".out.csv.k1ll3d00.tmp", tmp_path / ".out.json.abcdefgh.tmp"]
    other = tmp_path / ".other.csv.k1ll3d00.tmp"  # another output's: not ours to remove
    for p in [*stale, other]:
        p.write_text("half-written")
    run_sweep(ishigami, DESIGN, chunk_size=512).to_csv(tmp_path / "out.csv")
    assert [p for p in stale if p.exists()] == [] and other.exists()
    for p in stale:
        p.write_text("half-written")
    run_sweep(ishigami, DESIGN, chunk_size=512, csv_path=tmp_path / "out.csv")
    assert [p for p in stale if p.exists()] == [] and other.exists()


def _mixed_outputs(x):
    """bool, int and float (with NaN) outputs, as a model with flags and counts returns them."""
    y = np.where(x > 0.7, np.nan, 3.0 * x + 0.1)
    return {"above": x > 0.5, "count": np.floor(10.0 * x).astype(np.int64), "y": y}


@pytest.mark.parametrize("chunk_size", [3, 1000])
def test_bool_int_and_nan_outputs_read_back_from_a_streamed_csv_equal_the_in_memory_ones(
    tmp_path, chunk_size
):
    design = lhs_design(Problem([Input("x", bounds=(0.0, 1.0))]), 40, rng=2)
    mem = run_sweep(_mixed_outputs, design, chunk_size=chunk_size)
    path = tmp_path / "mixed.csv"
    streamed = run_sweep(_mixed_outputs, design, chunk_size=chunk_size, csv_path=path)
    assert streamed._outputs is None
    back = SweepResult(design, None, csv_path=path, output_dtypes=streamed._dtypes)
    assert mem["above"].any() and not mem["above"].all()  # both values present
    assert np.isnan(mem["y"]).any()
    for res in (streamed, back):
        assert list(res.outputs) == ["above", "count", "y"]
        for k in ("above", "count", "y"):
            assert res[k].dtype == mem[k].dtype, k
            np.testing.assert_array_equal(res[k], mem[k])  # NaN equal to NaN
    # a written in-memory result is the same bytes as the streamed file
    assert mem.to_csv(tmp_path / "mem.csv").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("cut", ["rows", "cell"])
def test_a_streamed_csv_cut_short_is_refused_naming_the_file(tmp_path, cut):
    design = lhs_design(Problem([Input("x", bounds=(0.0, 1.0))]), 40, rng=2)
    path = tmp_path / "mixed.csv"
    streamed = run_sweep(_mixed_outputs, design, chunk_size=7, csv_path=path)
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:20]) + ("" if cut == "rows" else lines[20].split(",")[0] + "\n"))
    back = SweepResult(design, None, csv_path=path, output_dtypes=streamed._dtypes)
    with pytest.raises(ValueError, match=rf"{path.name}.*cut short or edited: rerun the sweep"):
        back["y"]


def test_the_engine_knows_no_knees():
    """pfsim.sweep imports only the layers below it (_version, constants, _checks, _results, io,
    examples: bundled data files and their loader, no model), also inside functions; the one exception is the deprecated pfsim.sweep.plot_* alias, which
    loads pfsim.plotting only when that old name is used."""
    import ast

    import pfsim.sweep

    allowed = {"_version", "constants", "_checks", "_results", "io", "examples", "sweep"}
    for path in Path(pfsim.sweep.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                target = "sweep" if node.level == 1 else (node.module or "").split(".")[0]
                if target == "":  # from .. import a, b
                    for alias in node.names:
                        assert alias.name in allowed, (path.name, ast.unparse(node))
                else:
                    assert target in allowed, (path.name, ast.unparse(node))
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
                )
                for name in names:
                    parts = name.split(".")
                    assert parts[0] != "pfsim" or parts[1] in allowed, (path.name, name)
                    assert parts[0] not in ("matplotlib", "argparse"), (path.name, name)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value.startswith("pfsim.") and node.value.split(".")[1] not in allowed:
                    assert (path.name, node.value) == ("__init__.py", "pfsim.plotting"), node.value


def test_workers_tune_their_allocator_and_only_they(monkeypatch):
    """Sweep workers set glibc's mmap/trim thresholds before their first chunk (pfsim.sweep._worker);
    the caller's process is left alone (serial and thread-pool sweeps); PFSIM_WORKER_MALLOC=0 turns
    it off."""
    import concurrent.futures as cf
    import os
    import platform
    import subprocess
    import sys

    code = (
        "from pfsim.sweep._worker import tune_allocator; import sys; "
        "sys.stdout.write(str(tune_allocator()) + str(tune_allocator()))"
    )
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == ("TrueTrue" if glibc else "FalseFalse")
    env = {**os.environ, "PFSIM_WORKER_MALLOC": "0"}
    off = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert off.stdout == "FalseFalse"
    from pfsim.sweep import Input, Problem, _worker, grid_design, run_sweep
    from pfsim.sweep._pool import process_pool

    monkeypatch.setattr(_worker, "_state", {})  # this process: not tuned, whatever ran before
    design = grid_design(Problem([Input("x", levels=[1.0, 2.0, 3.0])]))
    serial = run_sweep(_report_tuned, design, chunk_size=2)
    with cf.ThreadPoolExecutor(2) as ex:
        threads = run_sweep(_report_tuned, design, chunk_size=2, executor=ex)
    assert _worker._state == {}  # neither tuned this process
    assert np.all(serial.outputs["tuned"] == 0.0) and np.all(threads.outputs["tuned"] == 0.0)
    with process_pool(1) as ex:  # a forked worker starts from this process's (untuned) state
        pooled = run_sweep(_report_tuned, design, chunk_size=2, executor=ex)
    assert np.all(pooled.outputs["tuned"] == (1.0 if glibc else 0.0))
    assert _worker._state == {}


def _report_tuned(x):
    """A swept function that reports whether its process tuned its allocator."""
    from pfsim.sweep import _worker

    return {"tuned": np.full(np.shape(x), float(_worker._state.get("tuned", False)))}


@pytest.mark.parametrize(
    ("value", "wanted"),
    [("0", False), ("off", False), (" False ", False), ("no", False), ("1", True), ("ON", True),
     ("yes", True), ("", True), (None, True)],
)  # fmt: skip
def test_worker_malloc_switch_reads_every_spelling(monkeypatch, value, wanted):
    """PFSIM_WORKER_MALLOC takes PFSIM_COMPILED's spellings: 'off', 'false' and 'no' were read as
    on before (only '0' turned the tuning off)."""
    from pfsim.sweep import _worker

    if value is None:
        monkeypatch.delenv("PFSIM_WORKER_MALLOC", raising=False)
    else:
        monkeypatch.setenv("PFSIM_WORKER_MALLOC", value)
    assert _worker.worker_malloc_wanted() is wanted
    monkeypatch.setattr(_worker, "_state", {})
    if not wanted:
        assert _worker.tune_allocator() is False


def test_a_bad_worker_malloc_switch_is_refused_before_any_chunk(monkeypatch):
    """A spelling that is neither on nor off: a ValueError naming the variable, before the swept
    function runs; a serial sweep (no workers) does not read it; a worker that meets it leaves its
    allocator alone rather than failing the chunk."""
    import concurrent.futures as cf

    from pfsim.sweep import Input, Problem, _worker, grid_design, run_sweep

    monkeypatch.setenv("PFSIM_WORKER_MALLOC", "of")
    design = grid_design(Problem([Input("x", levels=[1.0, 2.0])]))
    calls = []

    def func(x):
        calls.append(1)
        return {"y": x}

    with cf.ThreadPoolExecutor(1) as ex, pytest.raises(ValueError, match="PFSIM_WORKER_MALLOC"):
        run_sweep(func, design, executor=ex)
    assert calls == []
    assert np.array_equal(run_sweep(func, design)["y"], [1.0, 2.0])
    monkeypatch.setattr(_worker, "_state", {})
    assert _worker.tune_allocator() is False


def _fails_from(first_bad):
    """A swept function that refuses rows with x >= first_bad (a ValueError, as a model does)."""

    def func(x):
        if np.any(x >= first_bad):
            raise ValueError("x too large")
        return {"y": 2.0 * x}

    return func


def test_a_sweep_failing_before_any_chunk_leaves_no_checkpoint(tmp_path):
    """Review 4: a refusal in the first chunk left the run's checkpoint folder (its manifest) behind
    and said 'finished chunks stay saved in ...' when none had finished. Now the folder is removed
    and the message does not mention it; a run with a saved chunk keeps it, and says so."""
    from pfsim.sweep import Input, Problem, SweepError, grid_design, run_sweep

    design = grid_design(Problem([Input("x", levels=[1.0, 2.0, 3.0, 4.0])]))
    ckpt = tmp_path / "ck"
    with pytest.raises(SweepError) as info:
        run_sweep(_fails_from(0.0), design, chunk_size=2, checkpoint_dir=ckpt)
    assert "stay saved" not in str(info.value) and "correct that input" in str(info.value)
    assert not list(ckpt.rglob("*"))  # no key folder, no manifest
    with pytest.raises(SweepError) as info:
        run_sweep(_fails_from(3.0), design, chunk_size=2, checkpoint_dir=ckpt)
    (key,) = ckpt.iterdir()
    assert len(list(key.glob("chunk_*.npz"))) == 1
    assert f"finished chunks stay saved in {key}" in str(info.value)
    with pytest.raises(SweepError, match="no chunk had finished, nothing is saved"):
        run_sweep(_crash, design, chunk_size=2, checkpoint_dir=tmp_path / "ck2")
    assert not list((tmp_path / "ck2").rglob("*"))


def _crash(x):
    raise RuntimeError("a bug")
