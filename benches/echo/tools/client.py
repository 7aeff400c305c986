"""Ping-pong echo client for callgrind runs: PORT CONNS MSG TOTAL [PACE_US].

TOTAL is the number of round trips in all. With PACE_US, each connection waits that long
after an echo before it sends the next message, so the server (slowed ~50x by callgrind) has
drained its sockets and waits in its reactor on every round trip, as a server does at full
speed when it is faster than its clients; without it, a callgrind'ed server is the bottleneck
and usually finds the next message already there (no wait, no wake on most round trips)."""
import heapq
import selectors
import socket
import sys
import time

port, conns, msg, total = map(int, sys.argv[1:5])
pace = float(sys.argv[5]) / 1e6 if len(sys.argv) > 5 else 0.0
sel = selectors.DefaultSelector()
payload = bytes((i * 7) & 0xFF for i in range(msg))
got, due = {}, []
for i in range(conns):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.setblocking(False)
    s.sendall(payload)
    got[s] = 0
    sel.register(s, selectors.EVENT_READ, i)
started, done = conns, 0
while done < total:
    timeout = max(0.0, due[0][0] - time.monotonic()) if due else None
    for key, _ in sel.select(timeout):
        s = key.fileobj
        data = s.recv(65536)
        if not data:
            sys.exit("server closed")
        got[s] += len(data)
        if got[s] == msg:
            got[s], done = 0, done + 1
            if started < total:
                started += 1
                if pace:
                    heapq.heappush(due, (time.monotonic() + pace, key.data, s))
                else:
                    s.sendall(payload)
    now = time.monotonic()
    while due and due[0][0] <= now:
        heapq.heappop(due)[2].sendall(payload)
print(done)
