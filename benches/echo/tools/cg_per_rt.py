"""Self instructions per round trip by function, from two cg.sh runs: SMALL.cg BIG.cg [N=20000] [TOP=30]."""
import re
import subprocess
import sys


def load(path):
    out = subprocess.run(["callgrind_annotate", "--auto=no", "--threshold=100", path],
                         capture_output=True, text=True, check=True).stdout
    per_fn, body = {}, False
    for line in out.splitlines():
        if "file:function" in line:
            body = True
            continue
        m = re.match(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)", line)
        if body and m:
            fn = m.group(2).split(":", 1)[-1]
            fn = re.sub(r" \[[^\]]*\]$", "", fn)
            per_fn[fn] = per_fn.get(fn, 0) + int(m.group(1).replace(",", ""))
    return per_fn


small, big = load(sys.argv[1]), load(sys.argv[2])
n = float(sys.argv[3]) if len(sys.argv) > 3 else 20000
top = int(sys.argv[4]) if len(sys.argv) > 4 else 30
diff = {f: (big.get(f, 0) - small.get(f, 0)) / n for f in set(small) | set(big)}
print(f"total {sum(diff.values()):.0f} instructions per round trip")
for f, v in sorted(diff.items(), key=lambda kv: -kv[1])[:top]:
    print(f"{v:7.0f}  {f[:140]}")
