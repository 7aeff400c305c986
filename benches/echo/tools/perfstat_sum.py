"""Per-round-trip counts from prof.sh perfstat output (round trip = recvfrom returning data;
exact for 64-byte messages)."""
import re
import sys

for path in sys.argv[1:]:
    counts, names = {}, []
    for line in open(path):
        m = re.match(r"\s*([\d,.]+)\s+(?:msec\s+)?(\S+)", line)
        if not m or not (":" in m.group(2) or m.group(2) in ("task-clock", "context-switches")):
            continue
        name, value = m.group(2), float(m.group(1).replace(",", ""))
        if name == "syscalls:sys_exit_recvfrom":
            name = "recv_data" if "recv_data" not in counts else "recv_eagain"
        counts[name] = value
        names.append(name)
    rts = counts["recv_data"]
    out = [f"{path}: {int(rts)} rt, cpu {counts['task-clock'] * 1000 / rts:.2f} us/rt"]
    for name in names:
        if name not in ("task-clock", "recv_data") and counts[name]:
            short = name.split(":")[-1].replace("sys_enter_", "").replace("sys_enter", "syscalls")
            out.append(f"{short}={counts[name] / rts:.2f}")
    print(" ".join(out))
