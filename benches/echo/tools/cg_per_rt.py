"""Instructions per round trip by function, from two cg.sh runs.

    cg_per_rt.py SMALL.cg BIG.cg [N=20000] [TOP=30] [--inclusive]

Self cost by default; --inclusive gives each function's cost with its callees (a function
called from several places counts once per call site's share, as callgrind_annotate does)."""
import re
import subprocess
import sys


def load(path, inclusive=False):
    cmd = ["callgrind_annotate", "--auto=no", "--threshold=100"]
    if inclusive:
        cmd.append("--inclusive=yes")
    out = subprocess.run(cmd + [path], capture_output=True, text=True, check=True).stdout
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


def per_rt(small_path, big_path, n, inclusive=False):
    small, big = load(small_path, inclusive), load(big_path, inclusive)
    return {f: (big.get(f, 0) - small.get(f, 0)) / n for f in set(small) | set(big)}


if __name__ == "__main__":
    inclusive = "--inclusive" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--inclusive"]
    n = float(args[2]) if len(args) > 2 else 20000
    top = int(args[3]) if len(args) > 3 else 30
    diff = per_rt(args[0], args[1], n, inclusive)
    if not inclusive:
        print(f"total {sum(diff.values()):.0f} instructions per round trip")
    for f, v in sorted(diff.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{v:7.0f}  {f[:140]}")
