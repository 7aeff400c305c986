#!/bin/bash
# System calls per round trip of one server style, by kind, with perf's syscall tracepoints
# (no ptrace, so the server's pace and its EAGAIN counts are barely disturbed): runs the
# server twice under `perf stat`, for 5000 and 25000 round trips of client.py, and prints
# (count[25000] - count[5000]) / 20000 per system call, which cancels start-up and accepts.
#
#   benches/echo/tools/syscalls.sh STYLE CONNS MSG OUTDIR     e.g. syscalls.sh std 1 64 /tmp/sc
#
# Needs root (or perf_event_paranoid <= 1) and tracefs. BIN as for cg.sh.
set -e
style=$1; conns=$2; msg=$3; dir=$(realpath -m "$4"); mkdir -p "$dir"
here=$(realpath "$(dirname "$0")"); cd "$here/../../.."
BIN=${BIN:-$(ls -t target/release/deps/echo-* | grep -v '\.d$' | head -1)}
calls="read write readv writev recvfrom sendto recvmsg sendmsg poll ppoll epoll_wait
       epoll_pwait epoll_ctl futex sched_yield accept4"
events="-e raw_syscalls:sys_enter"
for c in $calls; do events="$events -e syscalls:sys_enter_$c"; done
for n in 5000 25000; do
  out=$dir/$style-${conns}x$msg-$n
  rm -f "$out.port"
  perf stat -x, -o "$out.perf" $events -- "$BIN" --serve "$style" --port 0 > "$out.port" 2> "$out.err" &
  ppid=$!
  for _ in $(seq 300); do [ -s "$out.port" ] && break; sleep 0.1; done
  python3 "$here/client.py" "$(head -1 "$out.port")" "$conns" "$msg" "$n" > /dev/null
  sleep 0.3
  kill -TERM "$(pgrep -P $ppid | head -1)"; wait $ppid 2>/dev/null || true
done
python3 - "$dir/$style-${conns}x$msg-5000.perf" "$dir/$style-${conns}x$msg-25000.perf" \
  "$style ${conns}x$msg" <<'PY'
import sys
def load(p):
    d = {}
    for line in open(p):
        f = line.strip().split(",")
        if len(f) > 2 and f[0].isdigit():
            d[f[2].split(":")[-1].replace("sys_enter_", "")] = int(f[0])
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
per = {k: (b.get(k, 0) - a.get(k, 0)) / 20000 for k in b}
total = per.pop("sys_enter", 0)
parts = " ".join(f"{k}={v:.2f}" for k, v in sorted(per.items(), key=lambda kv: -kv[1]) if v >= 0.005)
print(f"{sys.argv[3]}: {total:.2f} system calls per round trip: {parts}")
PY
