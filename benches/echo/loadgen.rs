//! Load generator: one thread, raw mio. Each connection ping-pongs: write
//! `msg` bytes, read exactly `msg` bytes back, record the round trip, repeat.

use crate::scenario::Scenario;
use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token};
use std::io::{self, ErrorKind, Read, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

pub struct LoadGen {
    poll: Poll,
    events: Events,
    conns: Vec<Conn>,
}

struct Conn {
    stream: TcpStream,
    out: Vec<u8>,
    input: Vec<u8>,
    written: usize,
    read: usize,
    /// Start of the round trip in flight, if any.
    started: Option<Instant>,
}

impl LoadGen {
    /// Opens `scenario.conns` TCP_NODELAY connections to `addr`.
    pub fn connect(addr: SocketAddr, scenario: Scenario) -> io::Result<LoadGen> {
        let poll = Poll::new()?;
        let mut conns = Vec::with_capacity(scenario.conns);
        for i in 0..scenario.conns {
            let std_stream = std::net::TcpStream::connect(addr)?;
            std_stream.set_nodelay(true)?;
            std_stream.set_nonblocking(true)?;
            let mut stream = TcpStream::from_std(std_stream);
            let interest = Interest::READABLE | Interest::WRITABLE;
            poll.registry().register(&mut stream, Token(i), interest)?;
            conns.push(Conn::new(stream, scenario.msg, i));
        }
        let events = Events::with_capacity(scenario.conns.max(16));
        Ok(LoadGen {
            poll,
            events,
            conns,
        })
    }

    /// Drives all connections for `dur`, calling `on_rt` with the latency of
    /// each completed round trip. No new round trip starts after `dur`;
    /// ones in flight carry over to the next call.
    pub fn run(&mut self, dur: Duration, mut on_rt: impl FnMut(Duration)) -> io::Result<()> {
        let end = Instant::now() + dur;
        for conn in &mut self.conns {
            conn.drive(end, &mut on_rt)?;
        }
        loop {
            let now = Instant::now();
            if now >= end {
                return Ok(());
            }
            match self.poll.poll(&mut self.events, Some(end - now)) {
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                other => other?,
            }
            for event in &self.events {
                self.conns[event.token().0].drive(end, &mut on_rt)?;
            }
        }
    }
}

impl Conn {
    fn new(stream: TcpStream, msg: usize, seed: usize) -> Conn {
        let out = (0..msg).map(|i| (i + seed) as u8).collect();
        Conn {
            stream,
            out,
            input: vec![0; msg],
            written: 0,
            read: 0,
            started: None,
        }
    }

    /// Makes progress until the socket would block or the deadline passed.
    fn drive(&mut self, end: Instant, on_rt: &mut impl FnMut(Duration)) -> io::Result<()> {
        loop {
            let started = match self.started {
                Some(t) => t,
                None => match self.start(end) {
                    Some(t) => t,
                    None => return Ok(()),
                },
            };
            if self.written < self.out.len() {
                self.write_some()?;
                if self.written == self.out.len() {
                    // The echo of the bytes just written cannot be back yet:
                    // skip a sure-EAGAIN read; its arrival raises an edge.
                    return Ok(());
                }
                // Write blocked: drain any echo so neither side stalls.
            }
            if !self.read_some()? {
                return Ok(());
            }
            on_rt(started.elapsed());
            self.started = None;
            if self.input != self.out {
                return Err(io::Error::new(ErrorKind::InvalidData, "echo mismatch"));
            }
        }
    }

    /// Begins a new round trip unless the deadline passed.
    fn start(&mut self, end: Instant) -> Option<Instant> {
        let now = Instant::now();
        if now >= end {
            return None;
        }
        self.written = 0;
        self.read = 0;
        self.started = Some(now);
        Some(now)
    }

    /// Writes what the socket takes, stopping on WouldBlock.
    fn write_some(&mut self) -> io::Result<()> {
        while self.written < self.out.len() {
            match self.stream.write(&self.out[self.written..]) {
                Ok(n) => self.written += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(()),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Reads until the full echo arrived; `Ok(false)` on WouldBlock.
    fn read_some(&mut self) -> io::Result<bool> {
        while self.read < self.input.len() {
            match self.stream.read(&mut self.input[self.read..]) {
                Ok(0) => return Err(io::Error::new(ErrorKind::UnexpectedEof, "server closed")),
                Ok(n) => self.read += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }
}
