#!/bin/bash
# Counts a server's user-space instructions per round trip with callgrind (immune to the
# machine's load): runs the server twice, for 5000 and 25000 round trips of client.py, and
# prints (Ir[25000] - Ir[5000]) / 20000, which cancels start-up and accept costs.
#
#   benches/echo/tools/cg.sh STYLE CONNS MSG OUTDIR     e.g. cg.sh jeton-coroutine 50 64 /tmp/cg
#
# PACE_US=N makes each connection wait N us after an echo before its next message (client.py),
# so the server waits in its reactor on every round trip: the wait/wake path is then counted
# on every round trip, as at full speed with one connection. Without it the slowed server is
# the bottleneck and rarely waits. 1 connection paced at 1000 us takes ~30 s per style.
# SERVE_ARGS passes scale-out options to the server, e.g. SERVE_ARGS="--server-threads 2"
# (callgrind runs one thread at a time, so contention shows as extra paths, not as waiting).
# Per-function breakdown: cg_per_rt.py OUTDIR/STYLE-CONNSxMSG-5000.cg OUTDIR/...-25000.cg
set -e
# glibc's tcache bin layout moves a figure by +-300 instructions with the environment's size:
# a deep tcache takes it out of the comparison.
export GLIBC_TUNABLES=${GLIBC_TUNABLES:-glibc.malloc.tcache_count=200}
style=$1; conns=$2; msg=$3; dir=$(realpath -m "$4"); mkdir -p "$dir"
here=$(realpath "$(dirname "$0")"); cd "$here/../../.."
BIN=${BIN:-$(ls -t target/release/deps/echo-* | grep -v '\.d$' | head -1)}
# The asio-* styles exec their C++ peer: valgrind follows the exec (same pid, so the peer's
# profile replaces the launcher's in the same file).
trace=no; case $style in asio-*) trace=yes ;; esac
for n in 5000 25000; do
  out=$dir/$style-${conns}x$msg${PACE_US:+-paced}-$n
  rm -f "$out.port"
  valgrind --tool=callgrind --callgrind-out-file="$out.cg" --dump-instr=no --trace-children=$trace \
    "$BIN" --serve "$style" --port 0 $SERVE_ARGS > "$out.port" 2> "$out.vg" &
  vpid=$!
  for _ in $(seq 300); do [ -s "$out.port" ] && break; sleep 0.1; done
  python3 "$here/client.py" "$(head -1 "$out.port")" "$conns" "$msg" "$n" $PACE_US > /dev/null
  sleep 0.5; kill -TERM $vpid; wait $vpid 2>/dev/null || true
done
a=$(awk '/^summary:/ {print $2}' "$dir/$style-${conns}x$msg${PACE_US:+-paced}-5000.cg")
b=$(awk '/^summary:/ {print $2}' "$dir/$style-${conns}x$msg${PACE_US:+-paced}-25000.cg")
echo "$style ${conns}x$msg${PACE_US:+ paced}: $(( (b - a) / 20000 )) instructions per round trip"
