#!/bin/bash
# Instructions per handler (post scenarios) or per timer (timer scenarios) for jeton and C++
# Asio, with callgrind (deterministic on a loaded machine): runs each at a tenth and at the
# full count and prints (Ir[full] - Ir[tenth]) / (0.9 * full), which cancels start-up and
# the context's creation. jeton runs as `scheduler --jeton-only --reps 1 --only S [--quick]`,
# Asio as `micro S COUNT` (its default context, reactor on; ASIO_LEAN=1 for the lean one).
#
#   benches/scheduler/tools/cg.sh [SCENARIOS] [OUTDIR]
#       default: "chain chains bulk fire cancel" target/cg-scheduler
#
# Per-function detail: benches/echo/tools/cg_per_rt.py OUTDIR/W-S-small.cg OUTDIR/W-S-full.cg N
# with N = 0.9 * full count. In the fire scenario the timers' deadlines pass while callgrind
# is still scheduling them (it runs ~50x slower), so more of them are already due when run()
# starts than at full speed: its figure is schedule + fire + handler, in that mix.
# SCHED_BIN / MICRO_BIN override the binaries (default: the newest scheduler bench, and the
# newest target/asio/micro-*, built by any scheduler bench run).
set -e
export GLIBC_TUNABLES=${GLIBC_TUNABLES:-glibc.malloc.tcache_count=200}
scenarios=${1:-chain chains bulk fire cancel}
here=$(realpath "$(dirname "$0")"); cd "$here/../../.."
dir=$(realpath -m "${2:-target/cg-scheduler}"); mkdir -p "$dir"
SCHED_BIN=${SCHED_BIN:-$(ls -t target/release/deps/scheduler-* | grep -v '\.d$' | head -1)}
MICRO_BIN=${MICRO_BIN:-$(ls -t target/asio/micro-* 2>/dev/null | head -1)}
lean=${ASIO_LEAN:+lean}
cg() { # OUT CMD...
  local out=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$out" --dump-instr=no "$@" > "$out.log" 2>&1
  awk '/^summary:/ {print $2}' "$out"
}
for s in $scenarios; do
  case $s in fire|cancel) full=1000000; unit=timer ;; *) full=10000000; unit=handler ;; esac
  small=$((full / 10)); n=$((full - small))
  a=$(cg "$dir/jeton-$s-small.cg" "$SCHED_BIN" --jeton-only --reps 1 --only "$s" --quick)
  b=$(cg "$dir/jeton-$s-full.cg" "$SCHED_BIN" --jeton-only --reps 1 --only "$s")
  line="$s: jeton $(( (b - a) / n ))"
  if [ -n "$MICRO_BIN" ]; then
    a=$(cg "$dir/asio-$s-small.cg" "$MICRO_BIN" "$s" "$small" $lean)
    b=$(cg "$dir/asio-$s-full.cg" "$MICRO_BIN" "$s" "$full" $lean)
    line="$line, asio${lean:+ (lean)} $(( (b - a) / n ))"
  fi
  echo "$line instructions per $unit"
done
