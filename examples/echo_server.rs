//! A TCP echo server in three styles: callbacks, coroutines, and blocking threads.
//!
//! Ports of three Asio examples that serve the same protocol (send back every byte received):
//! `cpp11/echo/async_tcp_echo_server.cpp` (`--style callback`, the default),
//! `cpp20/coroutines/echo_server.cpp` (`--style coroutine`) and
//! `cpp11/echo/blocking_tcp_echo_server.cpp` (`--style blocking`). The three share one jeton
//! socket type; only the completion token changes.
//!
//! ```text
//! echo_server [--port P] [--style callback|coroutine|blocking] [--threads N] [--max-conns N]
//! ```
//!
//! `--port` defaults to 0 (a free port); the server listens on `127.0.0.1` and prints
//! `listening on 127.0.0.1:PORT` to stderr. `--threads N` runs `io.run()` on N threads for the
//! asynchronous styles (the blocking style runs one thread per connection and ignores it).
//! `--max-conns N` makes the server accept N connections, then stop accepting and exit once
//! they have all closed; without it, it runs forever, as the C++ servers do.
//!
//! Try it with the `echo_client` example:
//!
//! ```text
//! cargo run --example echo_server -- --port 5555 --style coroutine --threads 2 &
//! cargo run --example echo_client -- 127.0.0.1 5555 hello
//! Reply is: hello
//! ```
//!
//! # Callbacks (`async_tcp_echo_server.cpp`)
//!
//! ```cpp
//! class session : public std::enable_shared_from_this<session>
//! {
//!   void do_read()
//!   {
//!     auto self(shared_from_this());
//!     socket_.async_read_some(asio::buffer(data_, max_length),
//!         [this, self](std::error_code ec, std::size_t length)
//!         {
//!           if (!ec)
//!             do_write(length);
//!         });
//!   }
//!
//!   void do_write(std::size_t length)
//!   {
//!     auto self(shared_from_this());
//!     asio::async_write(socket_, asio::buffer(data_, length),
//!         [this, self](std::error_code ec, std::size_t /*length*/)
//!         {
//!           if (!ec)
//!             do_read();
//!         });
//!   }
//!
//!   tcp::socket socket_;
//!   enum { max_length = 1024 };
//!   char data_[max_length];
//! };
//!
//! class server
//! {
//!   void do_accept()
//!   {
//!     acceptor_.async_accept(
//!         [this](std::error_code ec, tcp::socket socket)
//!         {
//!           if (!ec)
//!             std::make_shared<session>(std::move(socket))->start();
//!           do_accept();
//!         });
//!   }
//!
//!   tcp::acceptor acceptor_;
//! };
//! ```
//!
//! - `std::make_shared<session>` is `Arc::new(Session)`, and `auto self(shared_from_this())`
//!   captured by each lambda is an `Arc` clone moved into each closure: the session lives
//!   while a read or a write is pending, and is dropped (closing its socket) when a handler
//!   ends the chain by not starting another operation.
//! - `data_` is a member that the pending operation reads into or writes from. jeton's owned
//!   buffers move into the operation and come back with its result, so the `Vec<u8>` travels
//!   `do_read` → read handler → `do_write` → write handler → `do_read`. `asio::buffer(data_,
//!   length)` (the first `length` bytes) is the whole buffer with the completion condition
//!   [`transfer_exactly(length)`](jeton::io::transfer_exactly).
//! - Asio reports the end of the stream as the `eof` error; jeton's `async_read_some`
//!   completes with `Ok(0)`, which ends the chain the same way.
//! - With several threads in `io.run()`, each session's handlers still run one at a time:
//!   a session has one operation pending at a time (Asio's "implicit strand").
//!
//! # Coroutines (`cpp20/coroutines/echo_server.cpp`)
//!
//! ```cpp
//! awaitable<void> echo(tcp::socket socket)
//! {
//!   try
//!   {
//!     char data[1024];
//!     for (;;)
//!     {
//!       std::size_t n = co_await socket.async_read_some(asio::buffer(data), use_awaitable);
//!       co_await async_write(socket, asio::buffer(data, n), use_awaitable);
//!     }
//!   }
//!   catch (std::exception& e)
//!   {
//!     std::printf("echo Exception: %s\n", e.what());
//!   }
//! }
//!
//! awaitable<void> listener()
//! {
//!   auto executor = co_await this_coro::executor;
//!   tcp::acceptor acceptor(executor, {tcp::v4(), 55555});
//!   for (;;)
//!   {
//!     tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
//!     co_spawn(executor, echo(std::move(socket)), detached);
//!   }
//! }
//!
//! co_spawn(io_context, listener(), detached);
//! io_context.run();
//! ```
//!
//! - `awaitable<void>` functions are `async fn`s, `use_awaitable` is [`UseFuture`], and
//!   `co_spawn(executor, f, detached)` is [`co_spawn`]`(&ex, f, `[`Detached`]`)`.
//! - The buffer is a plain local array borrowed by each operation: a future may borrow from
//!   the task that awaits it, as a coroutine frame holds `data` in C++.
//! - `try`/`catch` is an inner `async` block whose `?` stops at the block.
//! - The acceptor is opened in `main` rather than in `listener`, so that all three styles
//!   report the port (or a bind error) the same way before serving.
//!
//! # Blocking threads (`blocking_tcp_echo_server.cpp`)
//!
//! ```cpp
//! void session(tcp::socket sock)
//! {
//!   try
//!   {
//!     for (;;)
//!     {
//!       char data[max_length];
//!       std::error_code error;
//!       size_t length = sock.read_some(asio::buffer(data), error);
//!       if (error == asio::error::eof)
//!         break; // Connection closed cleanly by peer.
//!       else if (error)
//!         throw std::system_error(error); // Some other error.
//!       asio::write(sock, asio::buffer(data, length));
//!     }
//!   }
//!   catch (std::exception& e)
//!   {
//!     std::cerr << "Exception in thread: " << e.what() << "\n";
//!   }
//! }
//!
//! void server(asio::io_context& io_context, unsigned short port)
//! {
//!   tcp::acceptor a(io_context, tcp::endpoint(tcp::v4(), port));
//!   for (;;)
//!   {
//!     std::thread(session, a.accept()).detach();
//!   }
//! }
//! ```
//!
//! - The same sockets, with the synchronous calls (the [`Blocking`](jeton::Blocking) token
//!   underneath): no thread runs the context. [`jeton::io::write`] is `asio::write`.
//! - `std::thread(...).detach()` is `std::thread::spawn`; the handles are kept only to wait
//!   for the sessions when `--max-conns` ends the accept loop. Each session's thread is
//!   started before its accept, so that it has the one descriptor its blocking calls need
//!   (see `SessionThread`).
//!
//! # A failed accept
//!
//! The C++ servers accept again at once after an error; at the descriptor limit (`EMFILE`)
//! that spins, since the connection stays queued and the next accept fails the same way. Here
//! each style waits a short back-off after a failed accept, logging one line per back-off
//! (`server/backoff.rs`): the callback style with a [`SteadyTimer`] wait before the next
//! `async_accept`, the coroutine style by awaiting one, the blocking style with a sleep (it
//! does not exit either). The connections already accepted are served meanwhile, and the
//! server accepts again once they free descriptors.

use std::error::Error;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use jeton::io::{async_write, async_write_with, transfer_exactly};
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{co_spawn, Detached, Executor, IoContext, SteadyTimer, UseFuture};

#[path = "server/backoff.rs"]
mod backoff;

use backoff::{log_accept_error, ACCEPT_BACKOFF};

/// The size of each read, as the C++ examples' `max_length`.
const MAX_LENGTH: usize = 1024;

/// `async_tcp_echo_server.cpp`: sessions kept alive by the `Arc` their pending handler holds.
mod callback {
    use super::*;

    /// One connection (Asio's `session`).
    struct Session {
        socket: TcpSocket,
    }

    impl Session {
        fn new(socket: TcpSocket) -> Arc<Session> {
            Arc::new(Session { socket })
        }

        fn start(self: Arc<Self>) {
            self.do_read(vec![0u8; MAX_LENGTH]);
        }

        fn do_read(self: Arc<Self>, data: Vec<u8>) {
            let this = self.clone(); // auto self(shared_from_this());
            self.socket.async_read_some(
                data,
                move |(result, data): (io::Result<usize>, Vec<u8>)| match result {
                    Ok(0) | Err(_) => {} // End of stream or error: the session ends.
                    Ok(length) => this.do_write(data, length),
                },
            );
        }

        fn do_write(self: Arc<Self>, data: Vec<u8>, length: usize) {
            let this = self.clone();
            async_write_with(
                self.socket.handle(),
                data,
                transfer_exactly(length),
                move |(result, data): (io::Result<usize>, Vec<u8>)| {
                    if result.is_ok() {
                        this.do_read(data);
                    }
                },
            );
        }
    }

    /// The listener (Asio's `server`).
    pub struct Server {
        acceptor: TcpAcceptor,
        /// How many more connections to accept (`--max-conns`; `usize::MAX`: no limit).
        accepts_left: AtomicUsize,
        /// The back-off after a failed accept; one accept or back-off is pending at a time.
        backoff: SteadyTimer,
    }

    impl Server {
        /// Starts accepting on `acceptor`; the server lives as long as an accept is pending.
        pub fn start(acceptor: TcpAcceptor, max_conns: Option<usize>) {
            let server = Arc::new(Server {
                backoff: SteadyTimer::new(&acceptor.executor()),
                acceptor,
                accepts_left: AtomicUsize::new(max_conns.unwrap_or(usize::MAX)),
            });
            server.do_accept();
        }

        fn do_accept(self: Arc<Self>) {
            let this = self.clone();
            self.acceptor
                .async_accept(move |result: io::Result<(TcpSocket, SocketAddr)>| {
                    match result {
                        Ok((socket, _peer)) => {
                            Session::new(socket).start();
                            if this.accepts_left.fetch_sub(1, Relaxed) == 1 {
                                return; // --max-conns reached: stop accepting.
                            }
                        }
                        Err(e) => {
                            log_accept_error(&e);
                            return this.back_off();
                        }
                    }
                    this.do_accept();
                });
        }

        /// Accepts again after [`ACCEPT_BACKOFF`].
        fn back_off(self: Arc<Self>) {
            self.backoff.expires_after(ACCEPT_BACKOFF);
            let this = self.clone();
            self.backoff
                .async_wait(move |_: io::Result<()>| this.do_accept());
        }
    }
}

/// `cpp20/coroutines/echo_server.cpp`: a task per connection, awaiting `UseFuture`.
mod coroutine {
    use super::*;

    async fn echo(socket: TcpSocket) {
        let result: io::Result<()> = async {
            let mut data = [0u8; MAX_LENGTH];
            loop {
                let n = socket.async_read_some(&mut data[..], UseFuture).await?;
                if n == 0 {
                    return Ok(()); // End of stream.
                }
                async_write(&socket, &data[..n], UseFuture).await?;
            }
        }
        .await;
        if let Err(e) = result {
            eprintln!("echo Exception: {e}");
        }
    }

    async fn listener(acceptor: TcpAcceptor, max_conns: Option<usize>) {
        let executor = acceptor.executor();
        let mut accepted = 0;
        while max_conns.map_or(true, |max| accepted < max) {
            match acceptor.async_accept(UseFuture).await {
                Ok((socket, _peer)) => {
                    accepted += 1;
                    co_spawn(&executor, echo(socket), Detached);
                }
                Err(e) => {
                    log_accept_error(&e);
                    let backoff = SteadyTimer::with_duration(&executor, ACCEPT_BACKOFF);
                    let _ = backoff.async_wait(UseFuture).await;
                }
            }
        }
    }

    /// Spawns the listener task on the acceptor's context.
    pub fn start(acceptor: TcpAcceptor, max_conns: Option<usize>) {
        let executor = acceptor.executor();
        co_spawn(&executor, listener(acceptor, max_conns), Detached);
    }
}

/// `blocking_tcp_echo_server.cpp`: a thread per connection, blocking calls.
mod blocking {
    use super::*;

    fn session(sock: TcpSocket) {
        let result = (|| -> io::Result<()> {
            loop {
                let mut data = [0u8; MAX_LENGTH];
                let length = sock.read_some(&mut data)?;
                if length == 0 {
                    return Ok(()); // Connection closed cleanly by peer.
                }
                jeton::io::write(&sock, &data[..length])?;
            }
        })();
        if let Err(e) = result {
            eprintln!("Exception in thread: {e}");
        }
    }

    /// Accepts connections on the calling thread until `--max-conns`, then waits for the
    /// sessions to end. A failed accept is logged, and the next one waits a back-off.
    pub fn server(acceptor: TcpAcceptor, max_conns: Option<usize>) -> io::Result<()> {
        let mut sessions = Vec::new();
        let mut next = SessionThread::start(&acceptor.executor());
        let mut accepted = 0;
        while accepted < max_conns.unwrap_or(usize::MAX) {
            let sock = match acceptor.accept() {
                Ok((sock, _peer)) => sock,
                Err(e) => {
                    log_accept_error(&e);
                    std::thread::sleep(ACCEPT_BACKOFF);
                    continue;
                }
            };
            accepted += 1;
            sessions.retain(|s: &std::thread::JoinHandle<()>| !s.is_finished());
            let thread = std::mem::replace(&mut next, SessionThread::start(&acceptor.executor()));
            sessions.push(thread.serve(sock));
        }
        drop(next); // Its thread ends without a connection.
        for s in sessions {
            s.join().expect("a session thread does not panic");
        }
        Ok(())
    }

    /// The thread of the next connection, started before the accept.
    ///
    /// Each thread that makes blocking calls needs one descriptor of its own: jeton's
    /// per-thread wake-up eventfd, made by its first blocking call that waits. A thread
    /// started after the accept took the last free descriptor could not make it, and every
    /// read of its session would fail with `EMFILE`. So the thread makes it first, retrying
    /// after a back-off at the limit, and the accept waits until it has.
    struct SessionThread {
        socket: mpsc::Sender<TcpSocket>,
        handle: std::thread::JoinHandle<()>,
    }

    impl SessionThread {
        /// Starts the thread and waits until it has its wake-up descriptor.
        fn start(ex: &Executor) -> SessionThread {
            let (socket, next_socket) = mpsc::channel::<TcpSocket>();
            let (ready, is_ready) = mpsc::channel();
            let timer = SteadyTimer::new(ex);
            let handle = std::thread::spawn(move || {
                // A 1 ms blocking wait makes the descriptor, or fails at the limit.
                timer.expires_after(Duration::from_millis(1));
                while let Err(e) = timer.wait() {
                    if e.raw_os_error() != Some(libc::EMFILE) {
                        break;
                    }
                    log_accept_error(&e);
                    std::thread::sleep(ACCEPT_BACKOFF);
                    timer.expires_after(Duration::from_millis(1));
                }
                let _ = ready.send(());
                if let Ok(sock) = next_socket.recv() {
                    session(sock);
                }
            });
            let _ = is_ready.recv();
            SessionThread { socket, handle }
        }

        /// Hands `sock` to the thread, which serves it.
        fn serve(self, sock: TcpSocket) -> std::thread::JoinHandle<()> {
            self.socket
                .send(sock)
                .expect("the session thread waits for its socket");
            self.handle
        }
    }
}

/// How the server handles its connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Callback,
    Coroutine,
    Blocking,
}

/// The command line.
struct Args {
    port: u16,
    style: Style,
    threads: usize,
    max_conns: Option<usize>,
}

impl Args {
    /// Parses the command line; prints the usage and exits with status 1 if it is wrong.
    fn parse() -> Args {
        let mut args = Args {
            port: 0,
            style: Style::Callback,
            threads: 1,
            max_conns: None,
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let value = it.next();
            let ok = match (flag.as_str(), value.as_deref()) {
                ("--port", Some(v)) => v.parse().map(|p| args.port = p).is_ok(),
                ("--style", Some("callback")) => {
                    args.style = Style::Callback;
                    true
                }
                ("--style", Some("coroutine")) => {
                    args.style = Style::Coroutine;
                    true
                }
                ("--style", Some("blocking")) => {
                    args.style = Style::Blocking;
                    true
                }
                ("--threads", Some(v)) => match v.parse() {
                    Ok(n) if n > 0 => {
                        args.threads = n;
                        true
                    }
                    _ => false,
                },
                ("--max-conns", Some(v)) => match v.parse() {
                    Ok(n) if n > 0 => {
                        args.max_conns = Some(n);
                        true
                    }
                    _ => false,
                },
                _ => false,
            };
            if !ok {
                eprintln!(
                    "Usage: echo_server [--port P] [--style callback|coroutine|blocking] \
                     [--threads N] [--max-conns N]"
                );
                std::process::exit(1);
            }
        }
        args
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse();

    let io_context = IoContext::new()?;
    let acceptor = TcpAcceptor::bind(
        &io_context.executor(),
        SocketAddr::from(([127, 0, 0, 1], args.port)),
    )?;
    eprintln!("listening on {}", acceptor.local_addr()?);

    match args.style {
        Style::Callback => callback::Server::start(acceptor, args.max_conns),
        Style::Coroutine => coroutine::start(acceptor, args.max_conns),
        Style::Blocking => return Ok(blocking::server(acceptor, args.max_conns)?),
    }

    // `io_context.run()` on `--threads` threads: this one and N - 1 more.
    std::thread::scope(|s| {
        for _ in 1..args.threads {
            s.spawn(|| io_context.run());
        }
        io_context.run();
    });

    Ok(())
}
