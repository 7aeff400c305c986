#!/bin/bash
# Issue 11's callgrind targets: server user-space instructions per round trip for every
# style (cg.sh each), printed with the target, and the ratios to the ceiling (mio) and to
# Asio's callback server. Deterministic, so it can run on a loaded machine.
#
#   benches/echo/tools/targets.sh [CONNS MSG OUTDIR]     default: 50 64 target/cg-targets
#
# PACE_US=1000 (with 1 connection) counts the wait path on every round trip (see cg.sh):
# the stricter figure; without it the callgrind'ed server rarely waits, which is how the
# targets' reference (raw mio 253) was taken. STYLES overrides the list; BIN the bench binary. The asio-* styles need the
# C++ peers built: run `cargo bench --bench echo -- --quick --styles asio-callback,
# asio-coroutine` once (or any echo bench run that includes them). Per-function detail:
# cg_per_rt.py OUTDIR/STYLE-CxM-5000.cg OUTDIR/STYLE-CxM-25000.cg.
set -e
conns=${1:-50}; msg=${2:-64}
here=$(realpath "$(dirname "$0")")
dir=$(realpath -m "${3:-$here/../../../target/cg-targets}"); mkdir -p "$dir"
styles=${STYLES:-mio asio-callback asio-coroutine tokio jeton-callback jeton-coroutine std jeton-blocking}
summary=$dir/summary-${conns}x$msg.txt; : > "$summary"
for s in $styles; do
  "$here/cg.sh" "$s" "$conns" "$msg" "$dir" | tee -a "$summary"
done
python3 - "$summary" <<'PY'
import re, sys
ir = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+) (\S+(?: paced)?): (-?\d+) instructions per round trip", line)
    if m:
        ir[m.group(1)], scen = int(m.group(3)), m.group(2)
targets = {"jeton-coroutine": 800, "jeton-callback": 900}
print(f"\ncallgrind, server user-space instructions per round trip, {scen}:")
print(f"{'style':<16} {'instr/rt':>9} {'vs mio':>7} {'vs asio-cb':>10} {'target':>8}")
for s, v in ir.items():
    ratio = lambda b: f"{v / ir[b]:.2f}x" if ir.get(b) else "-"
    t = targets.get(s)
    verdict = "" if t is None else ("ok" if v <= t else f"MISS by {v - t}")
    print(f"{s:<16} {v:>9} {ratio('mio'):>7} {ratio('asio-callback'):>10} "
          f"{'<= ' + str(t) if t else '':>8}  {verdict}")
if ir.get("std") and ir.get("jeton-blocking"):
    r = ir["jeton-blocking"] / ir["std"]
    print(f"jeton-blocking / std: {r:.2f}x user-space instructions (target on CPU: <= 1.10x;"
          " kernel time is not in callgrind: see syscalls.sh)")
PY
