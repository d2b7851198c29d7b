#!/usr/bin/env bash
# Run the same benchmark commands on two source trees back to back (A, B, A, B), so that a
# refactoring is compared on one machine in one run: bash benchmarks/compare_trees.sh OLD_TREE NEW_TREE
# Each tree's own benchmark script is run with that tree first on PYTHONPATH, pinned to core 0.
set -euo pipefail
old=$(cd "$1" && pwd); new=$(cd "$2" && pwd)
run() {  # tree, label, command...
  local tree=$1 label=$2; shift 2
  echo "### $label ($tree)"
  (cd "$tree" && OMP_NUM_THREADS=1 PYTHONPATH="$tree" taskset -c 0 python "$@" 2>&1 | grep -v Warning)
}
for round in 1 2; do
  for tree in "$old" "$new"; do
    label=$([ "$tree" = "$old" ] && echo before || echo after)
    run "$tree" "$label joint, round $round" benchmarks/bench_joint.py --states 1000000 --full-max 1000000
    run "$tree" "$label stance, round $round" benchmarks/bench_gait.py --scenarios 100000 --chunk 2000
  done
done
