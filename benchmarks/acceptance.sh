#!/usr/bin/env bash
# Issue 15's acceptance numbers, each with the command that gives it, in one run:
#   bash benchmarks/acceptance.sh [OLD_TREE]      (from the repository root; ~6 min, ~10 with OLD_TREE)
# One-core rows are pinned to core 0 (taskset) with OMP_NUM_THREADS=1; the sweep rows use 2 worker
# processes. With OLD_TREE (e.g. /work/main), the one-core rows are also run there, alternating
# (benchmarks/compare_trees.sh), and the 10^5 sweep alternates between the two trees.
set -euo pipefail
here=$(pwd)
one() { OMP_NUM_THREADS=1 PYTHONPATH="$here" taskset -c 0 python "$@" 2>&1 | grep -v Warning; }
echo "## default call vs fused numpy (CEILING), full joint model (FULL), scalar loop (SCALAR)"
one benchmarks/bench_joint.py --states 1000000 --full-max 1000000 --repeat 5 --loop 2000
echo "## joint model throughput vs states per call"
one benchmarks/bench_chunks.py --states 1000000
echo "## joint states per stance scenario"
PYTHONPATH="$here" python -c "from pfsim.gait.refined import sample_plan; print(sample_plan(101).states)"
echo "## 10^5 stance scenarios, stance_model (all summaries), one core"
one benchmarks/bench_gait.py --model --scenarios 100000 --repeat 3
echo "## 10^5 stance scenarios, stance() time series + summary, one core"
one benchmarks/bench_gait.py --scenarios 100000 --chunk 2000
echo "## running sweep: 10^5 pool vs dask alternating, then 10^6 pool and dask (2 workers)"
python benchmarks/bench_running_sweep.py --sizes 1e5 --executor pool dask --alternate 3
python benchmarks/bench_running_sweep.py --sizes 1e6 --executor pool dask
echo "## one stance chunk in a dask worker vs a pool worker"
python benchmarks/bench_dask_worker.py --reps 5
if [ $# -ge 1 ]; then
  old=$(cd "$1" && pwd)
  echo "## against $old: one-core rows, alternating"
  ROUNDS=2 bash benchmarks/compare_trees.sh "$old" "$here"
  echo "## against $old: 10^5 running sweep, alternating (this tree's script on both trees)"
  for r in 1 2; do
    for t in "$old" "$here"; do
      echo "### $t, round $r"
      PFSIM_TREE="$t" python benchmarks/bench_running_sweep.py --sizes 1e5 | grep '^| 100,000'
    done
  done
fi
