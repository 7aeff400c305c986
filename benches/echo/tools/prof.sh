#!/bin/bash
# Profiles one echo server style under the bench's own load generator.
#
#   benches/echo/tools/prof.sh STYLE SCENARIO OUT [perf|perfstat|strace] [SECS]
#
# Runs the bench binary for one (style, scenario) with an 8 s window and, after
# the warm-up, attaches to the server child for SECS (default 3) seconds:
#   perf      perf record -e cpu-clock --call-graph dwarf  -> OUT.data
#   perfstat  perf stat: task-clock, context switches, syscalls by kind,
#             recvfrom split into data (ret > 0) and EAGAIN (ret < 0) -> OUT.stat
#             (summarise per round trip with perfstat_sum.py OUT.stat)
#   strace    strace -c -f (slows the server: changes EAGAIN counts) -> OUT.strace
# BIN overrides the bench binary (default: newest target/release/deps/echo-*).
# Needs root (or perf_event_paranoid <= 1) and syscall tracepoints for perfstat.
set -e
style=$1; scen=$2; out=$(realpath -m "$3"); tool=${4:-perf}; secs=${5:-3}
cd "$(dirname "$0")/../../.."
BIN=${BIN:-$(ls -t target/release/deps/echo-* | grep -v '\.d$' | head -1)}
"$BIN" --styles "$style" --scenarios "$scen" --secs 8 --rounds 1 > "$out.bench" 2>&1 &
bpid=$!
for _ in $(seq 50); do
  spid=$(pgrep -P $bpid -f -- "--serve $style" | head -1) || true
  [ -n "$spid" ] && break; sleep 0.1
done
sleep 2.5 # past the 1 s warm-up
case $tool in
  perf) perf record -e cpu-clock -F 4999 --call-graph dwarf,16384 -p "$spid" -o "$out.data" \
          -- sleep "$secs" > "$out.perflog" 2>&1 ;;
  perfstat) perf stat -e task-clock,context-switches -e raw_syscalls:sys_enter \
      -e syscalls:sys_exit_recvfrom --filter 'ret > 0' -e syscalls:sys_exit_recvfrom --filter 'ret < 0' \
      -e syscalls:sys_enter_sendto,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_poll,syscalls:sys_enter_futex \
      -p "$spid" -o "$out.stat" -- sleep "$secs" ;;
  strace) timeout -s INT "$secs" strace -c -f -p "$spid" -o "$out.strace" > /dev/null 2>&1 || true ;;
esac
wait $bpid
tail -1 "$out.bench"
