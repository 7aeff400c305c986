#!/bin/bash
# Instructions per handler (post scenarios) or per timer (timer scenarios) for jeton and C++
# Asio, with callgrind (deterministic on a loaded machine): runs each at two counts and prints
# (Ir[big] - Ir[small]) / (big - small), which cancels start-up and the context's creation.
# Post scenarios: 1 M and 10 M handlers; timer scenarios: 10 k and 100 k timers (callgrind
# runs ~50x slower: at 1 M the cancel scenario's 10 s timers would expire before they are
# cancelled). jeton runs as `scheduler --jeton-only --reps 1 --only S --posts N --timers N`,
# Asio as `micro S COUNT` (its default context, reactor on; ASIO_LEAN=1 for the lean one).
#
#   benches/scheduler/tools/cg.sh [SCENARIOS] [OUTDIR]
#       default: "chain chains bulk fire backlog cancel" target/cg-scheduler
#
# Per-function detail: benches/echo/tools/cg_per_rt.py OUTDIR/W-S-small.cg OUTDIR/W-S-full.cg N
# with N = big - small. A run that fails (a check panics) is reported, not counted. In the fire scenario the timers' deadlines pass while callgrind
# is still scheduling them (it runs ~50x slower), so more of them are already due when run()
# starts than at full speed: its figure is schedule + fire + handler, in that mix.
# JETON_HINT=N runs jeton with `--jeton-hint N` (IoContext::with_concurrency_hint).
# SCHED_BIN / MICRO_BIN override the binaries (default: the newest scheduler bench, and the
# newest target/asio/micro-*, built by any scheduler bench run).
set -e
export GLIBC_TUNABLES=${GLIBC_TUNABLES:-glibc.malloc.tcache_count=200}
scenarios=${1:-chain chains bulk fire backlog cancel}
here=$(realpath "$(dirname "$0")"); cd "$here/../../.."
dir=$(realpath -m "${2:-target/cg-scheduler}"); mkdir -p "$dir"
SCHED_BIN=${SCHED_BIN:-$(ls -t target/release/deps/scheduler-* | grep -v '\.d$' | head -1)}
MICRO_BIN=${MICRO_BIN:-$(ls -t target/asio/micro-* 2>/dev/null | head -1)}
lean=${ASIO_LEAN:+lean}
cg() { # OUT CMD...
  local out=$1; shift
  if ! valgrind --tool=callgrind --callgrind-out-file="$out" --dump-instr=no --error-exitcode=0 \
      "$@" > "$out.log" 2>&1; then
    echo "cg.sh: $* failed, see $out.log" >&2; exit 1
  fi
  awk '/^summary:/ {print $2}' "$out"
}
for s in $scenarios; do
  case $s in fire|cancel|backlog) full=100000; unit=timer ;; *) full=10000000; unit=handler ;; esac
  small=$((full / 10)); n=$((full - small))
  counts() { echo --posts "$1" --timers "$1" ${JETON_HINT:+--jeton-hint $JETON_HINT}; }
  a=$(cg "$dir/jeton-$s-small.cg" "$SCHED_BIN" --jeton-only --reps 1 --only "$s" $(counts $small))
  b=$(cg "$dir/jeton-$s-full.cg" "$SCHED_BIN" --jeton-only --reps 1 --only "$s" $(counts $full))
  line="$s: jeton $(( (b - a) / n ))"
  if [ -n "$MICRO_BIN" ]; then
    a=$(cg "$dir/asio-$s-small.cg" "$MICRO_BIN" "$s" "$small" $lean)
    b=$(cg "$dir/asio-$s-full.cg" "$MICRO_BIN" "$s" "$full" $lean)
    line="$line, asio${lean:+ (lean)} $(( (b - a) / n ))"
  fi
  echo "$line instructions per $unit"
done
