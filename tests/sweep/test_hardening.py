"""Issue 16, the engine's bounds: worker counts, memory and design sizes checked before any work,
Ctrl-C (one line, resumable, byte-identical), no pool worker outliving its parent, one sweep per
output at a time, problem names usable as file names."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pfsim import PfsimWarning
from pfsim.sweep import (
    Input,
    Problem,
    ProblemError,
    SweepInterrupted,
    SweepInUseError,
    engine,
    grid_design,
    lhs_design,
    process_pool,
    run_sweep,
    saltelli_design,
)
from pfsim.sweep._lock import output_lock
from pfsim.sweep._pool import available_cpus

ROOT = Path(__file__).resolve().parents[2]
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _never_called(**kw):
    raise AssertionError("the sweep started work it should have refused")


# -- unbounded resources ---------------------------------------------------------------------------
def test_workers_are_capped_at_the_cores_with_a_note():
    with pytest.warns(PfsimWarning, match=r"workers=100000 is more than the \d+ cores"):
        with process_pool(100000) as ex:
            assert ex._max_workers == available_cpus()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with process_pool(1) as ex:  # within the cores: no note
            assert ex._max_workers == 1
    for bad in (0, -3, 2.5, True, "4"):
        with pytest.raises(ValueError, match="workers must be a positive integer"):
            with process_pool(bad):
                pass


def test_run_problem_caps_workers(tmp_path):
    from pfsim.models import run_problem

    p = Problem([Input("knee_flexion_deg", levels=[30.0, 60.0])], model="joint", name="cap")
    with pytest.warns(PfsimWarning, match="cores available"):
        res, _ = run_problem(p, workers=100000)
    assert res.n == 2


def _levels_problem(counts):
    return Problem([Input(f"x{i}", levels=list(range(c))) for i, c in enumerate(counts)])


@FAST
@given(st.lists(st.integers(10, 1000), min_size=4, max_size=12))
def test_huge_designs_are_refused_before_any_work(tmp_path_factory, counts):
    """In memory, streamed to a CSV, or unrepresentable: refused up front, never run."""
    n = int(np.prod([float(c) for c in counts]))
    if n < 10**11:
        return
    tmp = tmp_path_factory.mktemp("huge")
    try:
        design = grid_design(_levels_problem(counts))
    except ValueError as exc:  # beyond 2**53 rows: cannot even be indexed
        assert "more than a sweep can index" in str(exc)
        return
    with pytest.raises(ValueError, match=r"GB.*available.*smaller design.*csv_path"):
        run_sweep(_never_called, design)
    with pytest.raises(ValueError, match=r"CSV of at least .* GB.*free"):
        run_sweep(_never_called, design, csv_path=tmp / "huge.csv")
    assert list(tmp.iterdir()) == []  # nothing created


def test_memory_estimate_names_size_estimate_available_and_fix(monkeypatch):
    design = grid_design(_levels_problem([1000] * 4))
    with pytest.raises(ValueError) as info:
        run_sweep(_never_called, design, outputs=["y"])
    text = str(info.value)
    for part in ("1,000,000,000,000 scenarios", "40,000 GB", "x 5 columns x 8 bytes", "available"):
        assert part in text
    assert "stream the result to a CSV" in text and "\n" not in text
    # designs drawn whole (Latin hypercube, Saltelli) are refused before they are drawn
    with pytest.raises(ValueError, match=r"Latin hypercube of n=1,000,000,000,000 .*GB.*sobol"):
        lhs_design(_levels_problem([3, 3]), 10**12, rng=1)
    with pytest.raises(ValueError, match=r"Saltelli design of n=1,099,511,627,776 .*GB"):
        saltelli_design(_levels_problem([3, 3]), 2**40, rng=1)
    # the outputs are only known after the first chunk: checked again before the arrays exist
    monkeypatch.setattr(engine, "available_memory", lambda: 3000)
    small = grid_design(_levels_problem([10, 10]))
    with pytest.raises(ValueError, match="keep fewer outputs"):
        run_sweep(lambda x0, x1: {f"y{i}": x0 for i in range(5)}, small, chunk_size=10)


def test_n_samples_too_large_for_memory_is_refused():
    from pfsim.models import run_problem

    p = Problem(
        [Input("speed_m_s", levels=[3.0])], model="stance", model_options={"n_samples": 10**9}
    )
    with pytest.raises(ValueError, match=r"n_samples=1000000000 .* GB .*lower n_samples"):
        run_problem(p)


# -- Ctrl-C ----------------------------------------------------------------------------------------
_INTERRUPT_AT = [-1]
_CALLS = [0]


@pytest.fixture(autouse=True)
def _no_interrupt_left_armed():
    yield
    _INTERRUPT_AT[0], _CALLS[0] = -1, 0


def interrupting(x0, x1):
    """Module-level (same checkpoint key in both runs); Ctrl-C at call number _INTERRUPT_AT."""
    _CALLS[0] += 1
    if _CALLS[0] == _INTERRUPT_AT[0]:
        raise KeyboardInterrupt
    return {"y": np.sin(x0) * x1 + 0.1 * x0}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chunk_size=st.integers(1, 40), at=st.integers(1, 12))
def test_ctrl_c_saves_finished_chunks_and_the_resume_is_byte_identical(tmp_path, chunk_size, at):
    run_dir = tmp_path / f"c{chunk_size}_{at}"
    design = grid_design(_levels_problem([7, 9]))  # 63 rows
    n_chunks = -(-63 // chunk_size)
    _INTERRUPT_AT[0], _CALLS[0] = -1, 0
    ref = run_sweep(interrupting, design, chunk_size=chunk_size, csv_path=run_dir / "ref.csv")
    kw = {"chunk_size": chunk_size, "checkpoint_dir": run_dir / "ck", "csv_path": run_dir / "o.csv"}
    _INTERRUPT_AT[0], _CALLS[0] = at, 0
    if at > n_chunks:  # never interrupted
        run_sweep(interrupting, design, **kw)
    else:
        with pytest.raises(SweepInterrupted) as info:
            run_sweep(interrupting, design, **kw)
        exc = info.value
        assert isinstance(exc, KeyboardInterrupt)
        assert (exc.n_done, exc.n_total) == (at - 1, n_chunks)
        saved = f"interrupted; {at - 1} of {n_chunks} chunks saved; rerun to resume"
        none = "interrupted before any chunk finished; nothing saved"  # and no folder (review 4)
        assert str(exc) == (saved if at > 1 else none)
        assert at > 1 or not list((run_dir / "ck").rglob("*"))
        assert not (run_dir / "o.csv").exists()  # no partial CSV in place
        assert not list(run_dir.glob(".*.tmp")) and not list(run_dir.glob(".*.lock"))
        _INTERRUPT_AT[0], _CALLS[0] = -1, 0
        run_sweep(interrupting, design, **kw)
        assert _CALLS[0] == n_chunks - (at - 1)  # the saved chunks were not recomputed
    assert (run_dir / "o.csv").read_bytes() == (run_dir / "ref.csv").read_bytes()
    _INTERRUPT_AT[0] = -1
    np.testing.assert_array_equal(ref["y"], run_sweep(interrupting, design)["y"])


def test_ctrl_c_without_a_checkpoint_says_nothing_was_saved():
    _INTERRUPT_AT[0], _CALLS[0] = 2, 0
    with pytest.raises(
        SweepInterrupted, match=r"after 1 of 7 chunks; nothing saved.*checkpoint_dir"
    ):
        run_sweep(interrupting, grid_design(_levels_problem([7, 9])), chunk_size=9)


def test_ctrl_c_on_an_executor_is_one_interrupt_too(tmp_path):
    import concurrent.futures as cf

    _INTERRUPT_AT[0], _CALLS[0] = 3, 0
    design = grid_design(_levels_problem([7, 9]))
    with cf.ThreadPoolExecutor(max_workers=1) as pool:
        with pytest.raises(SweepInterrupted, match=r"^interrupted; 2 of 7 chunks saved; rerun"):
            run_sweep(interrupting, design, chunk_size=9, executor=pool,
                      checkpoint_dir=tmp_path / "ck", max_in_flight=1)  # fmt: skip


SIGINT_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pfsim.sweep import Input, Problem, SweepInterrupted, grid_design, process_pool, run_sweep

    def slow(x):
        time.sleep(0.1)
        return {"y": x}

    try:
        with process_pool(2) as ex:
            ex.submit(time.sleep, 0).result()
            print("ready", flush=True)
            run_sweep(slow, grid_design(Problem([Input("x", levels=list(range(400)))])),
                      executor=ex, chunk_size=4, checkpoint_dir=sys.argv[1])
    except SweepInterrupted as exc:
        print(exc, exc.n_done, exc.n_total, file=sys.stderr)
        sys.exit(130)
    """
)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="POSIX signals")
def test_sigint_stops_a_pooled_sweep_at_once_with_one_line(tmp_path):
    script = tmp_path / "sigint.py"
    script.write_text(SIGINT_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(script), str(tmp_path / "ck")], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # fmt: skip
    proc.stdout.readline()
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    t0 = time.monotonic()
    try:
        _, err = proc.communicate(timeout=15)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert time.monotonic() - t0 < 5
    line = err.strip().splitlines()[-1]
    assert line.startswith("interrupted; ") and "of 100 chunks saved; rerun to resume" in line
    n_done = int(line.split()[-2])
    saved = list((tmp_path / "ck").glob("*/chunk_*.npz"))
    assert n_done >= 1 and len(saved) >= n_done  # the count is of chunks saved, none lost


# -- no pool worker outlives its parent ------------------------------------------------------------
PARENT_SCRIPT = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    from pfsim.sweep import Input, Problem, grid_design, process_pool, run_sweep

    def slow(x):
        time.sleep(0.2)
        return {"y": x}

    with process_pool(2) as ex:
        ex.submit(time.sleep, 0.3); ex.submit(time.sleep, 0.3)
        time.sleep(0.5)
        print(*[p.pid for p in ex._processes.values()], flush=True)
        run_sweep(slow, grid_design(Problem([Input("x", levels=list(range(1000)))])),
                  executor=ex, chunk_size=1)
    """
)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return "\nState:\tZ" not in fh.read()  # a zombie has exited
    except FileNotFoundError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_no_pool_worker_outlives_a_killed_parent(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(script)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert len(pids) == 2
        time.sleep(0.3)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while any(map(_running, pids)) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [p for p in pids if _running(p)]
    finally:
        proc.kill()
    for p in left:  # clean up before failing
        os.kill(p, signal.SIGKILL)
    assert not left, f"pool workers {left} outlived their parent"


# -- one sweep per output --------------------------------------------------------------------------
HOLDER_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pfsim.sweep import Input, Problem, grid_design, run_sweep

    out = Path(sys.argv[1])

    def slow(x):
        (out / "started").touch()
        time.sleep(0.05)
        return {"y": 2 * x}

    run_sweep(slow, grid_design(Problem([Input("x", levels=list(range(40)))])), chunk_size=1,
              csv_path=out / "s.csv", checkpoint_dir=out / "ck")
    print("done", flush=True)
    """
)


def doubled(x):
    return {"y": 2 * x}


@pytest.mark.slow
def test_a_second_sweep_into_a_busy_output_says_it_is_in_use(tmp_path):
    script = tmp_path / "holder.py"
    script.write_text(HOLDER_SCRIPT)
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(script), str(out)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while not (out / "started").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        design = grid_design(Problem([Input("x", levels=list(range(40)))]))
        for kw in ({"csv_path": out / "s.csv"}, {"checkpoint_dir": out / "ck"}):
            with pytest.raises(SweepInUseError) as info:
                run_sweep(doubled, design, **kw)
            text = str(info.value)
            assert f"in use by another pfsim sweep (pid {proc.pid}); wait for it" in text
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0 and "done" in stdout, stderr  # the first run was not disturbed
    mine = run_sweep(doubled, design, csv_path=tmp_path / "mine.csv")
    assert (out / "s.csv").read_bytes() == (tmp_path / "mine.csv").read_bytes()
    assert not list(out.glob(".*.lock")) and not list(out.glob(".*.tmp"))
    assert mine.n == 40


def test_the_lock_is_reentrant_released_and_refuses_another_holder(tmp_path):
    import fcntl

    target = tmp_path / "r.csv"
    lock = tmp_path / ".r.csv.lock"
    with output_lock(target, None):
        with output_lock(target):  # the same process: no deadlock
            assert lock.read_text().strip() == str(os.getpid())
        assert lock.exists()
        errors = []  # another thread of this process is refused like another process

        def other():
            try:
                run_sweep(
                    doubled, grid_design(Problem([Input("x", levels=[1.0])])), csv_path=target
                )
            except SweepInUseError as exc:
                errors.append(str(exc))

        t = threading.Thread(target=other)
        t.start()
        t.join(10)
        assert errors and "another thread" in errors[0]
    assert not lock.exists()
    # a lock held through another open file (as another process would): refused, nothing touched
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    os.write(fd, b"4242\n")
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(
            SweepInUseError, match=r"r\.csv is in use by another pfsim sweep \(pid 4242\)"
        ):
            run_sweep(doubled, grid_design(Problem([Input("x", levels=[1.0])])), csv_path=target)
    finally:
        os.close(fd)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".r.csv.lock"]
    run_sweep(doubled, grid_design(Problem([Input("x", levels=[1.0])])), csv_path=target)
    assert target.exists()


# -- problem names ---------------------------------------------------------------------------------
@FAST
@given(st.text(min_size=1, max_size=400))
def test_every_accepted_name_makes_usable_file_names(tmp_path_factory, name):
    from pfsim.models import output_stem

    try:
        p = Problem([Input("x", levels=[1.0])], name=name)
    except ProblemError as exc:
        assert "'name'" in str(exc) and "\n" not in str(exc)
        return
    folder = tmp_path_factory.mktemp("names")
    stem = output_stem(p)
    for f in (f"{stem}.csv", f".{stem}.csv.abcdefgh.tmp", f".{stem}.csv.lock", f".{stem}.lock"):
        (folder / f).write_text("")  # creatable (length, characters)


def test_a_300_character_name_is_refused_before_anything_is_created(tmp_path):
    p = tmp_path / "p.toml"
    p.write_text(f'name = "{"n" * 300}"\n[inputs.x]\nlevels = [1.0]\n', encoding="utf-8")
    with pytest.raises(ProblemError, match=r"'name' .* is 300 bytes long; at most 100"):
        Problem.from_toml(p)
    assert [f.name for f in tmp_path.iterdir()] == ["p.toml"]
