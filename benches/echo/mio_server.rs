//! `mio` style: the ceiling. One thread, raw mio (edge-triggered epoll),
//! per-connection buffers, read until WouldBlock and write straight back;
//! a partial write parks the rest in a pending-output buffer and adds
//! WRITABLE interest until it drains.

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Registry, Token};
use std::io::{self, ErrorKind, Read, Write};

const LISTENER: Token = Token(usize::MAX);
const BUF_SIZE: usize = 16 * 1024;

struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    pending: Vec<u8>,
    writable: bool,
}

pub fn serve(listener: std::net::TcpListener) -> ! {
    let err = match run(listener) {
        Ok(never) => match never {},
        Err(e) => e,
    };
    crate::servers::fail("mio event loop", err)
}

/// Runs the event loop; returns only on a fatal (poll/listener) error.
fn run(listener: std::net::TcpListener) -> io::Result<std::convert::Infallible> {
    listener.set_nonblocking(true)?;
    let mut listener = TcpListener::from_std(listener);
    let mut poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let mut conns: Vec<Option<Conn>> = Vec::new();
    let mut events = Events::with_capacity(1024);
    loop {
        poll_retrying(&mut poll, &mut events)?;
        for event in &events {
            if event.token() == LISTENER {
                accept_all(&listener, poll.registry(), &mut conns)?;
            } else {
                on_conn_ready(poll.registry(), &mut conns, event.token());
            }
        }
    }
}

fn poll_retrying(poll: &mut Poll, events: &mut Events) -> io::Result<()> {
    match poll.poll(events, None) {
        Err(e) if e.kind() == ErrorKind::Interrupted => Ok(()),
        other => other,
    }
}

fn accept_all(
    listener: &TcpListener,
    registry: &Registry,
    conns: &mut Vec<Option<Conn>>,
) -> io::Result<()> {
    loop {
        let mut stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(()),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        stream.set_nodelay(true)?;
        let slot = conns.iter().position(Option::is_none).unwrap_or_else(|| {
            conns.push(None);
            conns.len() - 1
        });
        // Registering an already-readable socket reports it at once, so no
        // data that arrived before registration is missed.
        registry.register(&mut stream, Token(slot), Interest::READABLE)?;
        conns[slot] = Some(Conn {
            stream,
            buf: vec![0; BUF_SIZE],
            pending: Vec::new(),
            writable: false,
        });
    }
}

fn on_conn_ready(registry: &Registry, conns: &mut [Option<Conn>], token: Token) {
    let Some(conn) = conns.get_mut(token.0).and_then(Option::as_mut) else {
        return;
    };
    let keep = matches!(conn.drive(registry, token), Ok(true));
    if !keep {
        if let Some(mut conn) = conns[token.0].take() {
            let _ = registry.deregister(&mut conn.stream);
        }
    }
}

impl Conn {
    /// Echoes until the socket would block. `Ok(false)` means closed by peer.
    fn drive(&mut self, registry: &Registry, token: Token) -> io::Result<bool> {
        loop {
            if !self.flush_pending()? {
                self.set_writable(registry, token, true)?;
                return Ok(true);
            }
            self.set_writable(registry, token, false)?;
            match self.stream.read(&mut self.buf) {
                Ok(0) => return Ok(false),
                Ok(n) => self.echo(n)?,
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(true),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Writes `buf[..n]` back; whatever the socket does not take goes to
    /// `pending` (flushed by the next loop iteration in `drive`).
    fn echo(&mut self, n: usize) -> io::Result<()> {
        let mut sent = 0;
        while sent < n {
            match self.stream.write(&self.buf[sent..n]) {
                Ok(k) => sent += k,
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.pending.extend_from_slice(&self.buf[sent..n]);
        Ok(())
    }

    /// Tries to write all pending output; `Ok(true)` when it is empty.
    fn flush_pending(&mut self) -> io::Result<bool> {
        while !self.pending.is_empty() {
            match self.stream.write(&self.pending) {
                Ok(k) => drop(self.pending.drain(..k)),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    fn set_writable(&mut self, registry: &Registry, token: Token, on: bool) -> io::Result<()> {
        if self.writable == on {
            return Ok(());
        }
        self.writable = on;
        let interest = if on {
            Interest::READABLE | Interest::WRITABLE
        } else {
            Interest::READABLE
        };
        registry.reregister(&mut self.stream, token, interest)
    }
}
