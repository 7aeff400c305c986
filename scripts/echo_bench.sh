#!/usr/bin/env bash
# Runs the echo benchmark (benches/echo/main.rs) and keeps a copy of its output.
# Usage: scripts/echo_bench.sh [--quick] [--secs N] [--rounds N]
#        [--styles mio,tokio,std] [--scenarios 1x64,50x64,50x4096]
set -euo pipefail
cd "$(dirname "$0")/.."
out="target/echo-bench-$(date +%Y%m%d-%H%M%S).txt"
mkdir -p target
cargo bench --bench echo -- "$@" 2>&1 | tee "$out"
echo "saved to $out" >&2
