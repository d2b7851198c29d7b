"""pfsim.sweep._dask: the local cluster runs without dask's MALLOC_TRIM_THRESHOLD_ and leaves no trace."""

import os

import pytest

from pfsim.sweep._dask import dask_executor

NANNY_VARS = (
    "MALLOC_TRIM_THRESHOLD_",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
)


def test_a_blank_scheduler_is_refused():
    with pytest.raises(ValueError, match="scheduler must be a dask scheduler's address"):
        with dask_executor("  "):
            pass


def _worker_profiles():
    import dask

    return dask.config.get("distributed.worker.profile.enabled")


@pytest.mark.slow
def test_local_workers_have_no_trim_threshold_and_this_process_keeps_its_env(monkeypatch):
    pytest.importorskip("distributed")
    for k in NANNY_VARS:
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "2")  # a user's own value survives
    with dask_executor("local", 1) as ex:
        worker_env = ex.submit(lambda: {k: os.environ.get(k) for k in NANNY_VARS}).result()
        assert ex.max_workers == 1
        # the statistical profiler (for a dashboard the local cluster does not start) is off
        profiling = ex.submit(_worker_profiles).result()
    assert profiling is False
    # glibc reads MALLOC_TRIM_THRESHOLD_ once at start: set, it turns off the dynamic mmap
    # threshold and made a stance chunk 2.3x slower (benchmarks/bench_dask_worker.py)
    assert worker_env["MALLOC_TRIM_THRESHOLD_"] is None
    after = {k: os.environ.get(k) for k in NANNY_VARS}
    assert after == {
        "MALLOC_TRIM_THRESHOLD_": None,
        "OMP_NUM_THREADS": "2",
        "MKL_NUM_THREADS": None,
        "OPENBLAS_NUM_THREADS": None,
    }
