#!/usr/bin/env bash
# Run every benchmark present (bench/bench_*.py), passing the options through, one after the other.
#
#   bench/run_all.sh --scale 0.1 --repeat 5           # on SQLite (a file per scale under /tmp)
#   DATABASE_URL=postgresql://postgres@127.0.0.1:55432/bench bench/run_all.sh --scale 1 --repeat 5
#
# Each benchmark prints the machine, then its table: medians with the baseline run in the same
# process. The output is also kept in var/bench/run-<date>.log. A failing benchmark is reported
# and the others still run; the exit status says whether all passed.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
mkdir -p var/bench
LOG="var/bench/run-$(date +%Y%m%d-%H%M%S).log"
failed=()
for script in bench/bench_*.py; do
  [ -e "$script" ] || continue
  echo "== $script $*" | tee -a "$LOG"
  start=$(date +%s)
  if "$PY" "$script" "$@" 2>&1 | tee -a "$LOG"; then
    echo "== $script: $(( $(date +%s) - start )) s" | tee -a "$LOG"
  else
    echo "== $script FAILED" | tee -a "$LOG"
    failed+=("$script")
  fi
  echo | tee -a "$LOG"
done
echo "Log: $LOG"
if [ ${#failed[@]} -gt 0 ]; then
  echo "Failed: ${failed[*]}"
  exit 1
fi
