"""Ping-pong echo client for callgrind runs: PORT CONNS MSG TOTAL (round trips in total)."""
import selectors
import socket
import sys

port, conns, msg, total = map(int, sys.argv[1:5])
sel = selectors.DefaultSelector()
payload = bytes((i * 7) & 0xFF for i in range(msg))
got = {}
for _ in range(conns):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.setblocking(False)
    s.sendall(payload)
    got[s] = 0
    sel.register(s, selectors.EVENT_READ)
started, done = conns, 0
while done < total:
    for key, _ in sel.select():
        s = key.fileobj
        data = s.recv(65536)
        if not data:
            sys.exit("server closed")
        got[s] += len(data)
        if got[s] == msg:
            got[s], done = 0, done + 1
            if started < total:
                started += 1
                s.sendall(payload)
print(done)
