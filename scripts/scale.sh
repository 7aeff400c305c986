#!/usr/bin/env bash
# Scale: 10,000 concurrent loopback connections against the echo server in each style and a
# tokio server with the same buffer size; prints errors, bytes and RSS per connection side by
# side (benches/scale/main.rs). Not part of `cargo test`.
#
# Usage: scripts/scale.sh [--conns N] [--rounds R] [--styles callback,coroutine,blocking,tokio]
set -euo pipefail
cd "$(dirname "$0")/.."
# Both sides hold a descriptor per connection (and the blocking style a thread): raise the
# limit as far as the hard limit allows.
ulimit -n "$(ulimit -Hn)"
echo "descriptor limit: $(ulimit -n)" >&2
cargo build --release --quiet --example echo_server
cargo bench --quiet --bench scale -- "$@"
