#!/usr/bin/env bash
# Run the same benchmark commands on two source trees back to back (A, B, A, B), so that a change
# is compared on one machine in one run: bash benchmarks/compare_trees.sh OLD_TREE NEW_TREE
# Each tree is first on PYTHONPATH, pinned to core 0. The benchmark scripts are NEW_TREE's (they use
# only the public API, and OLD_TREE may lack the newer rows); BENCH_FROM=own runs each tree's own.
# ROUNDS (default 2) sets the number of A, B rounds.
set -euo pipefail
old=$(cd "$1" && pwd); new=$(cd "$2" && pwd)
rounds=${ROUNDS:-2}
run() {  # tree, label, script, args...
  local tree=$1 label=$2 script=$3; shift 3
  local from=$new
  [ "${BENCH_FROM:-new}" = own ] && from=$tree
  echo "### $label ($tree)"
  (cd "$tree" && OMP_NUM_THREADS=1 PYTHONPATH="$tree" taskset -c 0 \
    python "$from/benchmarks/$script" "$@" 2>&1 | grep -v Warning)
}
for round in $(seq 1 "$rounds"); do
  for tree in "$old" "$new"; do
    label=$([ "$tree" = "$old" ] && echo before || echo after)
    run "$tree" "$label joint, round $round" bench_joint.py --states 1000000 --full-max 1000000 \
      --loop 5000 --scalar 2000
    run "$tree" "$label stance, round $round" bench_gait.py --scenarios 100000 --chunk 2000
    run "$tree" "$label stance_model, round $round" bench_gait.py --scenarios 100000 --model --repeat 2
  done
done
