//! Chat server - rooms that broadcast every message to their participants.
//!
//! Asio's `chat/chat_server.cpp`: one room per listening port. Each connection is a session
//! that joins its port's room, is sent the room's recent messages (the last 100), then reads
//! messages (a 4-character length header, then the body: see `chat/message.rs`) and hands each
//! to the room, which queues it on every participant, the sender included.
//!
//! ```cpp
//! void chat_session::deliver(const chat_message& msg)
//! {
//!   bool write_in_progress = !write_msgs_.empty();
//!   write_msgs_.push_back(msg);
//!   if (!write_in_progress)
//!     do_write();
//! }
//!
//! void chat_session::do_read_header()
//! {
//!   auto self(shared_from_this());
//!   asio::async_read(socket_,
//!       asio::buffer(read_msg_.data(), chat_message::header_length),
//!       [this, self](std::error_code ec, std::size_t /*length*/)
//!       {
//!         if (!ec && read_msg_.decode_header())
//!           do_read_body();
//!         else
//!           room_.leave(shared_from_this());
//!       });
//! }
//! ```
//!
//! Usage: `chat_server [--max-msgs N] PORT [PORT...]`. Port 0 picks a free port; the server
//! prints `listening on 127.0.0.1:PORT` on stderr for each port, in order. It listens on
//! loopback only (Asio's listens on every IPv4 address). With `--max-msgs N` it stops after
//! relaying N messages in all: it stops accepting, drops later messages, lets each session
//! finish writing what it has queued, then shuts the connection down for writing; it exits
//! once every client has closed its side (the tests use this).
//!
//! The mapping:
//!
//! - `std::enable_shared_from_this` is a [`Weak`] to itself that a session gets from
//!   [`Arc::new_cyclic`]; `shared_from_this()` upgrades it. Each handler captures the
//!   returned [`Arc`] (the C++ `self`), which keeps the session alive while an operation is
//!   pending.
//! - The C++ members a session's handlers change (`write_msgs_`) sit behind a [`Mutex`]:
//!   closure handlers must be `Send`. One thread runs the context, so the lock is never
//!   contended; it only proves to the compiler that no two handlers touch the queue at once.
//! - `read_msg_` is two owned buffers, the header and the body, that go into each read and
//!   come back with its result. The header is read with `io::async_read_exact`, the body
//!   with `io::async_read_with(sock, body, transfer_exactly(len), ..)`: the first `len` bytes
//!   of a 512-byte buffer, the C++ `asio::buffer(read_msg_.body(), read_msg_.body_length())`.
//! - The write queue: only the front message is in flight, one `async_write` at a time
//!   (G12: composed writes must not interleave); its handler pops it and starts the next.
//!   Messages share their bytes ([`ChatMessage`] is an `Arc`), so a broadcast costs one
//!   reference per participant.
//!
//! Two departures from the C++, which people copy into servers:
//!
//! - Asio's queue grows without limit for a client that never reads: 0.5 KB per message, and
//!   a server that relays a busy room to it runs out of memory. Here a session queues at most
//!   [`MAX_QUEUED_MSGS`] messages; a participant that falls that far behind is dropped (its
//!   socket closed, which ends its pending read and write, whose handlers leave the room) and
//!   `dropping a participant N messages behind` is logged. The others are not slowed down.
//! - Asio accepts again at once after a failed accept, which spins at the descriptor limit.
//!   Here the server waits a short back-off first and logs one line per back-off
//!   (`server/backoff.rs`).

#[path = "server/backoff.rs"]
mod backoff;
#[path = "chat/message.rs"]
mod message;

use std::collections::VecDeque;
use std::io;
use std::net::{Ipv4Addr, Shutdown, SocketAddr};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use jeton::io::transfer_exactly;
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{Executor, IoContext, SteadyTimer};

use backoff::{log_accept_error, ACCEPT_BACKOFF};
use message::{decode_header, ChatMessage, HEADER_LENGTH, MAX_BODY_LENGTH};
use room::{ChatParticipant, ChatRoom};

/// How many messages a session queues at most: a participant that falls further behind is
/// dropped. At most about 516 KB per session.
const MAX_QUEUED_MSGS: usize = 1000;

/// Locks `m`; the handlers never panic while holding a lock, so it is never poisoned.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().expect("no handler panics while holding a lock")
}

#[path = "chat/room.rs"]
mod room;

// ----- the message limit -----

/// Counts the messages relayed by all rooms and, with `--max-msgs`, stops the server at the
/// limit. Not in Asio's example, whose server runs until killed.
struct Relay {
    max_msgs: Option<usize>,
    state: Mutex<RelayState>,
}

#[derive(Default)]
struct RelayState {
    relayed: usize,
    /// Every acceptor and room, to close and finish at the limit.
    acceptors: Vec<Arc<TcpAcceptor>>,
    rooms: Vec<Arc<ChatRoom>>,
}

impl Relay {
    fn new(max_msgs: Option<usize>) -> Relay {
        Relay {
            max_msgs,
            state: Mutex::default(),
        }
    }

    /// Returns whether the limit was reached.
    fn done(&self) -> bool {
        self.max_msgs
            .is_some_and(|max| lock(&self.state).relayed >= max)
    }

    /// Delivers `msg` to `room`, unless the limit was reached; at the limit, stops accepting
    /// and finishes every session.
    fn relay(&self, room: &ChatRoom, msg: ChatMessage) {
        let mut state = lock(&self.state);
        if self.max_msgs.is_some_and(|max| state.relayed >= max) {
            return;
        }
        room.deliver(msg);
        state.relayed += 1;
        if self.max_msgs == Some(state.relayed) {
            eprintln!("relayed {} messages: finishing", state.relayed);
            for acceptor in &state.acceptors {
                acceptor.close();
            }
            for room in &state.rooms {
                room.finish();
            }
        }
    }
}

// ----- a session -----

/// One connection: reads messages into its room and writes the room's messages back (Asio's
/// `chat_session`).
struct ChatSession {
    socket: TcpSocket,
    room: Arc<ChatRoom>,
    relay: Arc<Relay>,
    /// The messages to write; the front one is in flight.
    write_msgs: Mutex<WriteQueue>,
    /// The session itself: `shared_from_this()`.
    this: Weak<ChatSession>,
}

#[derive(Default)]
struct WriteQueue {
    msgs: VecDeque<ChatMessage>,
    /// Shut the connection down for writing once `msgs` is empty.
    finishing: bool,
    /// The participant fell [`MAX_QUEUED_MSGS`] behind and its socket was closed: it queues
    /// nothing more, and its handlers leave the room.
    dropped: bool,
}

impl ChatSession {
    fn new(socket: TcpSocket, room: Arc<ChatRoom>, relay: Arc<Relay>) -> Arc<ChatSession> {
        Arc::new_cyclic(|this| ChatSession {
            socket,
            room,
            relay,
            write_msgs: Mutex::default(),
            this: this.clone(),
        })
    }

    fn shared_from_this(&self) -> Arc<ChatSession> {
        self.this.upgrade().expect("a session in use is alive")
    }

    /// Joins the room (receiving its recent messages) and starts reading.
    fn start(self: Arc<Self>) {
        self.room.join(self.clone());
        self.do_read_header(vec![0; HEADER_LENGTH], vec![0; MAX_BODY_LENGTH]);
    }

    /// Reads a header into `header`; `body` is the buffer for the body that follows.
    fn do_read_header(self: Arc<Self>, header: Vec<u8>, body: Vec<u8>) {
        jeton::io::async_read_exact(
            self.socket.handle(),
            header,
            move |(r, header): (io::Result<usize>, Vec<u8>)| match r
                .ok()
                .and_then(|_| decode_header(&header))
            {
                Some(len) => self.do_read_body(header, body, len),
                None => self.room.leave(&*self),
            },
        );
    }

    /// Reads a body of `len` bytes into the front of `body`, then hands the message to the
    /// room.
    fn do_read_body(self: Arc<Self>, header: Vec<u8>, body: Vec<u8>, len: usize) {
        jeton::io::async_read_with(
            self.socket.handle(),
            body,
            transfer_exactly(len),
            move |(r, body): (io::Result<usize>, Vec<u8>)| match r {
                Ok(_) => {
                    self.relay.relay(&self.room, ChatMessage::new(&body[..len]));
                    self.do_read_header(header, body);
                }
                Err(_) => self.room.leave(&*self),
            },
        );
    }

    /// Writes `msg`, the front of the queue, then the next one, until the queue is empty.
    fn do_write(self: Arc<Self>, msg: ChatMessage) {
        jeton::io::async_write(
            self.socket.handle(),
            msg,
            move |(r, _msg): (io::Result<usize>, ChatMessage)| match r {
                Ok(_) => {
                    let mut queue = lock(&self.write_msgs);
                    queue.msgs.pop_front();
                    if let Some(next) = queue.msgs.front().cloned() {
                        drop(queue);
                        self.do_write(next);
                    } else if queue.finishing {
                        let _ = self.socket.shutdown(Shutdown::Write);
                    }
                }
                Err(_) => self.room.leave(&*self),
            },
        );
    }
}

impl ChatParticipant for ChatSession {
    fn deliver(&self, msg: &ChatMessage) {
        let mut queue = lock(&self.write_msgs);
        if queue.dropped {
            return;
        }
        if queue.msgs.len() >= MAX_QUEUED_MSGS {
            // Too far behind. The room's lock is held here, so the session cannot leave now;
            // closing the socket completes its read and write with an error, and their
            // handlers leave the room.
            eprintln!(
                "dropping a participant {} messages behind",
                queue.msgs.len()
            );
            queue.dropped = true;
            queue.msgs = VecDeque::new();
            self.socket.close();
            return;
        }
        let write_in_progress = !queue.msgs.is_empty();
        queue.msgs.push_back(msg.clone());
        if !write_in_progress {
            drop(queue);
            self.shared_from_this().do_write(msg.clone());
        }
    }

    fn finish(&self) {
        let mut queue = lock(&self.write_msgs);
        queue.finishing = true;
        if queue.msgs.is_empty() {
            let _ = self.socket.shutdown(Shutdown::Write);
        }
        // The read goes on, dropping what arrives, until the client closes its side.
    }
}

// ----- the server -----

/// Accepts connections on one port into one room (Asio's `chat_server`).
struct ChatServer {
    acceptor: Arc<TcpAcceptor>,
    room: Arc<ChatRoom>,
    relay: Arc<Relay>,
    /// The back-off after a failed accept; one accept or back-off is pending at a time.
    backoff: SteadyTimer,
}

impl ChatServer {
    /// Listens on `127.0.0.1:port` and starts accepting.
    fn start(ex: &Executor, port: u16, relay: &Arc<Relay>) -> io::Result<SocketAddr> {
        let acceptor = Arc::new(TcpAcceptor::bind(
            ex,
            SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        )?);
        let server = Arc::new(ChatServer {
            acceptor,
            room: Arc::default(),
            relay: relay.clone(),
            backoff: SteadyTimer::new(ex),
        });
        {
            let mut state = lock(&relay.state);
            state.acceptors.push(server.acceptor.clone());
            state.rooms.push(server.room.clone());
        }
        let addr = server.acceptor.local_addr()?;
        server.do_accept();
        Ok(addr)
    }

    fn do_accept(self: Arc<Self>) {
        let acceptor = self.acceptor.clone();
        acceptor.async_accept(move |r: io::Result<(TcpSocket, SocketAddr)>| {
            match r {
                Ok((socket, _peer)) if !self.relay.done() => {
                    ChatSession::new(socket, self.room.clone(), self.relay.clone()).start();
                }
                Ok(_) => {} // Past the limit: the connection is closed at once.
                Err(e) if self.acceptor.is_open() => {
                    log_accept_error(&e);
                    return self.back_off();
                }
                Err(_) => {}
            }
            if self.acceptor.is_open() {
                self.do_accept();
            }
        });
    }

    /// Accepts again after [`ACCEPT_BACKOFF`], unless the acceptor was closed meanwhile.
    fn back_off(self: Arc<Self>) {
        self.backoff.expires_after(ACCEPT_BACKOFF);
        let this = self.clone();
        self.backoff.async_wait(move |_: io::Result<()>| {
            if this.acceptor.is_open() {
                this.do_accept();
            }
        });
    }
}

/// Parses `[--max-msgs N] PORT [PORT...]`.
fn parse_args(args: &[String]) -> Option<(Option<usize>, Vec<u16>)> {
    let mut max_msgs = None;
    let mut ports = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--max-msgs" {
            max_msgs = Some(args.next()?.parse().ok()?);
        } else {
            ports.push(arg.parse().ok()?);
        }
    }
    (!ports.is_empty()).then_some((max_msgs, ports))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((max_msgs, ports)) = parse_args(&args) else {
        eprintln!("Usage: chat_server [--max-msgs <n>] <port> [<port> ...]");
        return ExitCode::FAILURE;
    };
    let run = || -> io::Result<()> {
        let io = IoContext::new()?;
        let relay = Arc::new(Relay::new(max_msgs));
        for port in ports {
            let addr = ChatServer::start(&io.executor(), port, &relay)?;
            eprintln!("listening on {addr}");
        }
        io.run();
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Exception: {e}");
            ExitCode::FAILURE
        }
    }
}
