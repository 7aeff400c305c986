//! A TCP echo server in four styles: callbacks, coroutines, blocking threads and stackful
//! coroutines.
//!
//! Ports of three Asio examples that serve the same protocol (send back every byte received):
//! `cpp11/echo/async_tcp_echo_server.cpp` (`--style callback`, the default),
//! `cpp20/coroutines/echo_server.cpp` (`--style coroutine`) and
//! `cpp11/echo/blocking_tcp_echo_server.cpp` (`--style blocking`). The three share one jeton
//! socket type; only the completion token changes. `--style stackful` is Asio's
//! `spawn/echo_server.cpp` (stackful coroutines with an idle timeout; feature `stackful`), in
//! `echo/stackful.rs`.
//!
//! ```text
//! echo_server [--port P] [--style callback|coroutine|blocking|stackful] [--threads N]
//!             [--contexts N] [--max-conns N]
//! ```
//!
//! `--port` defaults to 0 (a free port); the server listens on `127.0.0.1` and prints
//! `listening on 127.0.0.1:PORT` to stderr. `--threads N` runs `io.run()` on N threads for the
//! asynchronous styles (the blocking style runs one thread per connection and ignores it).
//! `--contexts N` (asynchronous styles) makes a pool of N contexts instead of one, each with
//! its own listener on the same port (`SO_REUSEPORT`) and `--threads` run threads: one context
//! per core, Asio's HTTP server 2 (`echo/pool.rs`). It cannot be combined with `--max-conns`.
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
//!   length)` (the first `length` bytes) is [`data.slice(..length)`](jeton::io::OwnedBuf::slice):
//!   the write uses that part and hands the [`Slice`](jeton::io::Slice) back, whose
//!   `into_inner()` is the whole buffer again.
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

use jeton::io::{async_write, OwnedBuf, Slice};
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{co_spawn, Detached, Executor, IoContext, SteadyTimer, UseFuture};

#[path = "server/backoff.rs"]
mod backoff;

use backoff::{log_accept_error, ACCEPT_BACKOFF};

/// The size of each read, as the C++ examples' `max_length`.
const MAX_LENGTH: usize = 1024;

#[path = "echo/callback.rs"]
mod callback;

#[path = "echo/coroutine.rs"]
mod coroutine;

#[path = "echo/blocking.rs"]
mod blocking;

#[path = "echo/pool.rs"]
mod pool;

#[cfg(feature = "stackful")]
#[path = "echo/stackful.rs"]
mod stackful;

/// How the server handles its connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Callback,
    Coroutine,
    Blocking,
    #[cfg(feature = "stackful")]
    Stackful,
}

/// The command line.
struct Args {
    port: u16,
    style: Style,
    threads: usize,
    contexts: usize,
    max_conns: Option<usize>,
}

impl Args {
    /// Parses the command line; prints the usage and exits with status 1 if it is wrong.
    fn parse() -> Args {
        let mut args = Args {
            port: 0,
            style: Style::Callback,
            threads: 1,
            contexts: 1,
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
                #[cfg(feature = "stackful")]
                ("--style", Some("stackful")) => {
                    args.style = Style::Stackful;
                    true
                }
                ("--threads", Some(v)) => match v.parse() {
                    Ok(n) if n > 0 => {
                        args.threads = n;
                        true
                    }
                    _ => false,
                },
                ("--contexts", Some(v)) => match v.parse() {
                    Ok(n) if n > 0 => {
                        args.contexts = n;
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
                Args::usage();
            }
        }
        if args.contexts > 1 && (args.max_conns.is_some() || args.style == Style::Blocking) {
            Args::usage();
        }
        args
    }

    fn usage() -> ! {
        eprintln!(
            "Usage: echo_server [--port P] [--style callback|coroutine|blocking|stackful] \
             [--threads N] [--contexts N (not blocking)] [--max-conns N (one context)]"
        );
        std::process::exit(1);
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse();
    let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
    if args.contexts > 1 {
        return Ok(pool::serve(
            addr,
            args.contexts,
            args.threads,
            |acceptor| match args.style {
                Style::Callback => callback::Server::start(acceptor, None),
                Style::Coroutine => coroutine::start(acceptor, None),
                Style::Blocking => unreachable!("refused by Args::parse"),
                #[cfg(feature = "stackful")]
                Style::Stackful => stackful::start(acceptor, None),
            },
        )?);
    }

    let io_context = IoContext::new()?;
    let acceptor = TcpAcceptor::bind(&io_context.executor(), addr)?;
    eprintln!("listening on {}", acceptor.local_addr()?);

    match args.style {
        Style::Callback => callback::Server::start(acceptor, args.max_conns),
        Style::Coroutine => coroutine::start(acceptor, args.max_conns),
        Style::Blocking => return Ok(blocking::server(acceptor, args.max_conns)?),
        #[cfg(feature = "stackful")]
        Style::Stackful => stackful::start(acceptor, args.max_conns),
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
