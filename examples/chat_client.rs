//! Chat client - sends the lines typed on stdin, prints the room's messages.
//!
//! Asio's `chat/chat_client.cpp`: the network side runs on a thread that runs the context,
//! entirely in callbacks (connect, then a read chain of header and body, and a write queue);
//! the main thread reads lines and hands each message to the context with `asio::post`, so the
//! write queue is only ever touched by the context's thread.
//!
//! ```cpp
//! void chat_client::write(const chat_message& msg)
//! {
//!   asio::post(io_context_,
//!       [this, msg]()
//!       {
//!         bool write_in_progress = !write_msgs_.empty();
//!         write_msgs_.push_back(msg);
//!         if (!write_in_progress)
//!           do_write();
//!       });
//! }
//!
//! int main(int argc, char* argv[])
//! {
//!   asio::io_context io_context;
//!   tcp::resolver resolver(io_context);
//!   auto endpoints = resolver.resolve(argv[1], argv[2]);
//!   chat_client c(io_context, endpoints);
//!   std::thread t([&io_context](){ io_context.run(); });
//!   char line[chat_message::max_body_length + 1];
//!   while (std::cin.getline(line, chat_message::max_body_length + 1))
//!   {
//!     // ... make a chat_message of the line ...
//!     c.write(msg);
//!   }
//!   c.close();
//!   t.join();
//! }
//! ```
//!
//! Usage: `chat_client HOST PORT`. Each line of stdin (without its `\n` or `\r\n`, truncated
//! to 512 bytes) is sent as one message; each message received is printed on its own line.
//!
//! Two changes from the C++, both about ending:
//!
//! - At the end of stdin, Asio's `close()` closes the socket at once, which may cut off the
//!   last writes (and, with messages still unread, makes the system reset the connection).
//!   Here `close()` lets the write queue drain, then shuts down the sending side only: the
//!   server sees the end of the stream, leaves the room and closes, and the client prints
//!   what arrives until then.
//! - Stdin is read on a thread of its own and `main` waits for the context's thread, so the
//!   client also exits when the server closes the connection (Asio's waits for the end of
//!   stdin). It prints `connection closed` on stderr then.
//!
//! The mapping:
//!
//! - The C++ handlers capture `this` of a client that outlives `io_context.run()`; here they
//!   capture an [`Arc`] to it, from `shared_from_this()` (a [`Weak`] to itself).
//! - `asio::post(io_context_, f)` is [`Executor::post`]: `f` runs on the context's thread.
//! - Reads and the write queue are as in the server (see `chat_server.rs`).

#[path = "chat/message.rs"]
mod message;

use std::collections::VecDeque;
use std::io::{self, BufRead, Write};
use std::net::{Shutdown, SocketAddr};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use jeton::io::transfer_exactly;
use jeton::net::{self, Resolver, TcpSocket};
use jeton::{Executor, IoContext};

use message::{decode_header, ChatMessage, HEADER_LENGTH, MAX_BODY_LENGTH};

/// Locks `m`; the handlers never panic while holding a lock, so it is never poisoned.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().expect("no handler panics while holding a lock")
}

/// The network side of the client (Asio's `chat_client`).
struct ChatClient {
    ex: Executor,
    socket: TcpSocket,
    /// The messages to write (the front one is in flight) and whether to close once they are
    /// written. Only handlers running on the context touch it.
    write_msgs: Mutex<WriteQueue>,
    /// Whether connecting failed.
    failed: AtomicBool,
    /// The client itself: `shared_from_this()`.
    this: Weak<ChatClient>,
}

#[derive(Default)]
struct WriteQueue {
    msgs: VecDeque<ChatMessage>,
    closing: bool,
}

impl ChatClient {
    /// Creates the client and starts connecting to the first of `endpoints` that accepts.
    fn new(ex: &Executor, endpoints: Vec<SocketAddr>) -> Arc<ChatClient> {
        let client = Arc::new_cyclic(|this| ChatClient {
            ex: ex.clone(),
            socket: TcpSocket::new(ex),
            write_msgs: Mutex::default(),
            failed: AtomicBool::new(false),
            this: this.clone(),
        });
        client.clone().do_connect(endpoints);
        client
    }

    fn shared_from_this(&self) -> Arc<ChatClient> {
        self.this.upgrade().expect("a client in use is alive")
    }

    /// Queues `msg` for sending; callable from any thread.
    fn write(&self, msg: ChatMessage) {
        let this = self.shared_from_this();
        self.ex.post(move || {
            let mut queue = lock(&this.write_msgs);
            let write_in_progress = !queue.msgs.is_empty();
            queue.msgs.push_back(msg.clone());
            if !write_in_progress {
                drop(queue);
                this.do_write(msg);
            }
        });
    }

    /// Ends the conversation once the queued messages are written: shuts the sending side
    /// down, and goes on printing until the server closes its side. Callable from any thread.
    fn close(&self) {
        let this = self.shared_from_this();
        self.ex.post(move || {
            let mut queue = lock(&this.write_msgs);
            queue.closing = true;
            if queue.msgs.is_empty() {
                let _ = this.socket.shutdown(Shutdown::Write);
            }
        });
    }

    fn do_connect(self: Arc<Self>, endpoints: Vec<SocketAddr>) {
        let socket = self.socket.handle();
        net::async_connect(
            socket,
            endpoints,
            move |r: io::Result<SocketAddr>| match r {
                Ok(_) => self.do_read_header(vec![0; HEADER_LENGTH], vec![0; MAX_BODY_LENGTH]),
                Err(e) => {
                    eprintln!("connect: {e}");
                    self.failed.store(true, Ordering::Relaxed);
                }
            },
        );
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
                None => drop(self.socket.close()),
            },
        );
    }

    /// Reads a body of `len` bytes into the front of `body` and prints it.
    fn do_read_body(self: Arc<Self>, header: Vec<u8>, body: Vec<u8>, len: usize) {
        jeton::io::async_read_with(
            self.socket.handle(),
            body,
            transfer_exactly(len),
            move |(r, body): (io::Result<usize>, Vec<u8>)| match r {
                Ok(_) => {
                    let mut line = body[..len].to_vec();
                    line.push(b'\n');
                    let mut out = io::stdout().lock();
                    let _ = out.write_all(&line).and_then(|()| out.flush());
                    drop(out);
                    self.do_read_header(header, body);
                }
                Err(_) => drop(self.socket.close()),
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
                    } else if queue.closing {
                        let _ = self.socket.shutdown(Shutdown::Write);
                    }
                }
                Err(_) => drop(self.socket.close()),
            },
        );
    }
}

/// Returns `line` without its line ending.
fn trim_line_ending(mut line: &[u8]) -> &[u8] {
    if let Some(rest) = line.strip_suffix(b"\n") {
        line = rest;
    }
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Sends each line of stdin as a message, then closes the client.
fn read_stdin(client: Arc<ChatClient>) {
    let mut stdin = io::stdin().lock();
    let mut line = Vec::new();
    loop {
        line.clear();
        match stdin.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => client.write(ChatMessage::new(trim_line_ending(&line))),
        }
    }
    client.close();
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [host, port] = &args[..] else {
        eprintln!("Usage: chat_client <host> <port>");
        return ExitCode::FAILURE;
    };
    let start = || -> io::Result<(IoContext, Arc<ChatClient>)> {
        let io = IoContext::new()?;
        let resolver = Resolver::new(&io.executor());
        let endpoints = resolver.resolve(host, port)?;
        let client = ChatClient::new(&io.executor(), endpoints.endpoints().collect());
        Ok((io, client))
    };
    let (io, client) = match start() {
        Ok(started) => started,
        Err(e) => {
            eprintln!("Exception: {e}");
            return ExitCode::FAILURE;
        }
    };

    // The network side: runs until the connection is closed, by either side.
    let t = std::thread::spawn(move || io.run());

    // Stdin is read on its own thread: a blocking read cannot be interrupted, and the client
    // should also end when the server goes away. That thread is not joined.
    let c = client.clone();
    std::thread::spawn(move || read_stdin(c));

    t.join().expect("the context's thread does not panic");
    if client.failed.load(Ordering::Relaxed) {
        return ExitCode::FAILURE;
    }
    eprintln!("connection closed");
    ExitCode::SUCCESS
}
