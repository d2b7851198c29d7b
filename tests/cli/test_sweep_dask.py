"""pfsim sweep --scheduler: the same CSV on a dask.distributed cluster; one-line errors without one."""

import socket
import sys
import time

import pytest

from pfsim.cli import main
from pfsim.sweep import _dask


def sweep(problem_file, out, *flags):
    """Run ``pfsim sweep`` in 4-scenario chunks; return the exit status and the CSV's bytes."""
    argv = ["sweep", str(problem_file), "--out", str(out), "--chunk-size", "4", *flags]
    code = main(argv)
    csv = out / "three_axes.csv"
    return code, csv.read_bytes() if csv.exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_without_dask_one_line_names_the_extra(problem_file, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    code, csv = sweep(problem_file, tmp_path / "o", "--scheduler", "local")
    err = capsys.readouterr().err.strip()
    assert code == 2 and csv is None
    assert len(err.splitlines()) == 1
    assert 'pip install "pfsim[distributed]"' in err and "--scheduler" in err


def test_workers_with_an_address_is_refused(problem_file, tmp_path, capsys):
    code, _ = sweep(
        problem_file, tmp_path / "o", "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "--workers 2 applies to --scheduler 'local' only" in err


def test_an_unreachable_address_names_it_and_the_fix(problem_file, tmp_path, monkeypatch, capsys):
    pytest.importorskip("distributed")
    monkeypatch.setattr(_dask, "CONNECT_TIMEOUT_S", 0.5)
    address = f"tcp://127.0.0.1:{free_port()}"
    t0 = time.perf_counter()
    code, csv = sweep(problem_file, tmp_path / "o", "--scheduler", address)
    elapsed = time.perf_counter() - t0
    err = capsys.readouterr().err.strip()
    assert code == 2 and csv is None
    assert len(err.splitlines()) == 1
    assert f"cannot reach a dask scheduler at '{address}' within 0.5 s" in err
    assert "dask scheduler" in err and "--scheduler 'local'" in err
    assert elapsed < 5  # the short connect timeout, not dask's 30 s default


@pytest.mark.slow
def test_a_cluster_at_an_address_writes_the_process_pool_csv(problem_file, tmp_path):
    distributed = pytest.importorskip("distributed")
    code, pool_csv = sweep(problem_file, tmp_path / "pool", "--workers", "2")
    assert code == 0
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        host="127.0.0.1",
        protocol="tcp://",
        dashboard_address=None,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        code, dask_csv = sweep(
            problem_file, tmp_path / "dask", "--scheduler", cluster.scheduler_address
        )
    assert code == 0
    assert dask_csv == pool_csv  # byte for byte


@pytest.mark.slow
def test_scheduler_local_writes_the_same_csv(problem_file, tmp_path):
    pytest.importorskip("distributed")
    code, pool_csv = sweep(problem_file, tmp_path / "pool", "--workers", "2")
    assert code == 0
    code, dask_csv = sweep(
        problem_file, tmp_path / "dask", "--scheduler", "local", "--workers", "2"
    )
    assert code == 0
    assert dask_csv == pool_csv
