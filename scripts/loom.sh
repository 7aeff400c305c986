#!/usr/bin/env bash
# Runs the loom models (tests/loom_*.rs): every interleaving of the scheduler's idle/wake
# protocol, of the strand's state, of the readiness waiters and the closable descriptor, of the
# closure token's task state word, and of the timer cell's expiry and wait count. A separate
# target dir keeps the cfg from rebuilding the normal one. LOOM_MAX_PREEMPTIONS bounds the
# search (3 by default here; loom's own default is unbounded and takes hours).
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTFLAGS="--cfg jeton_loom ${RUSTFLAGS:-}"
export LOOM_MAX_PREEMPTIONS="${LOOM_MAX_PREEMPTIONS:-3}"
exec cargo test --release --target-dir target/loom --test loom_scheduler --test loom_strand --test loom_scheduled_io --test loom_io_source --test loom_block_task --test loom_timer_cell -- --test-threads=1 "$@"
