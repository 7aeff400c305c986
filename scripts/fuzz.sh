#!/usr/bin/env bash
# Runs one cargo-fuzz target (fuzz/fuzz_targets/TARGET.rs) for SECS seconds, with the corpus
# in fuzz/corpus/TARGET, and prints `fuzz TARGET: N executions in S s, ok` (or the crash,
# whose input libFuzzer saves in fuzz/artifacts/TARGET/). Needs nightly and cargo-fuzz
# (installed here if missing).
#
# Usage: scripts/fuzz.sh read_until|chat_header|http_response [SECS]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?Usage: scripts/fuzz.sh read_until|chat_header|http_response [SECS]}"
secs="${2:-30}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked >&2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if cargo +nightly fuzz run "$target" -- -max_total_time="$secs" -print_final_stats=1 >"$log" 2>&1; then
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  echo "fuzz $target: ${runs:-?} executions in $secs s, ok"
else
  status=$?
  tail -40 "$log"
  echo "fuzz $target: FAILED (exit $status); input saved under fuzz/artifacts/$target/"
  exit "$status"
fi
