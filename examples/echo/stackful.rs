//! `--style stackful`: Asio's `spawn/echo_server.cpp`, stackful coroutines with a
//! per-connection idle timeout.
//!
//! ```cpp
//! class session : public std::enable_shared_from_this<session>
//! {
//! public:
//!   void go()
//!   {
//!     auto self(shared_from_this());
//!     asio::spawn(strand_,
//!         [this, self](asio::yield_context yield)
//!         {
//!           try
//!           {
//!             char data[128];
//!             for (;;)
//!             {
//!               timer_.expires_after(std::chrono::seconds(10));
//!               std::size_t n = socket_.async_read_some(asio::buffer(data), yield);
//!               asio::async_write(socket_, asio::buffer(data, n), yield);
//!             }
//!           }
//!           catch (std::exception& e)
//!           {
//!             socket_.close();
//!             timer_.cancel();
//!           }
//!         }, asio::detached);
//!
//!     asio::spawn(strand_,
//!         [this, self](asio::yield_context yield)
//!         {
//!           while (socket_.is_open())
//!           {
//!             std::error_code ignored_ec;
//!             timer_.async_wait(yield[ignored_ec]);
//!             if (timer_.expiry() <= asio::steady_timer::clock_type::now())
//!               socket_.close();
//!           }
//!         }, asio::detached);
//!   }
//!
//! private:
//!   tcp::socket socket_;
//!   asio::steady_timer timer_;
//!   asio::strand<asio::io_context::executor_type> strand_;
//! };
//!
//! int main(int argc, char* argv[])
//! {
//!   asio::io_context io_context;
//!   asio::spawn(io_context,
//!       [&](asio::yield_context yield)
//!       {
//!         tcp::acceptor acceptor(io_context,
//!           tcp::endpoint(tcp::v4(), std::atoi(argv[1])));
//!         for (;;)
//!         {
//!           std::error_code ec;
//!           tcp::socket socket(io_context);
//!           acceptor.async_accept(socket, yield[ec]);
//!           if (!ec)
//!             std::make_shared<session>(io_context, std::move(socket))->go();
//!         }
//!       },
//!       [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
//!   io_context.run();
//! }
//! ```
//!
//! - `yield` is the `y: &YieldContext` each coroutine gets; `yield[ec]` is
//!   `redirect_error(y, &mut ec)`, as in the timeout loop. The accept loop matches on the
//!   `io::Result` instead: `redirect_error` returns `V::default()` on error, and an accepted
//!   socket has no default. The reader has no `try`: a failed read or write returns its error
//!   (`?`), and the session's cleanup runs after it.
//! - `std::make_shared<session>` is an `Arc<Session>` both coroutines hold.
//! - The strand is not needed for safety: jeton's sockets and timers may be used from any
//!   thread, and each coroutine runs on one thread only (its home). (jeton's `spawn` takes an
//!   executor, not a strand: a coroutine pinned to a thread cannot hop into a strand running
//!   elsewhere.) The strand also orders the C++ coroutines: the reader sets the deadline
//!   before the watcher first waits. Without it, on two run threads the watcher may start
//!   first and find a timer that has already expired, so the session arms its timer when it
//!   is made (`SteadyTimer::with_expiry`) instead.
//! - `asio::detached` is [`Detached`]; the acceptor's `rethrow_exception` handler is a
//!   closure that resumes the panic, so a bug in the accept loop still ends `run()`.
//! - The idle timeout is 10 s, as in the C++ (`ECHO_IDLE_TIMEOUT_MS` sets another, for tests). The acceptor is opened in `main`, like the other
//!   styles, and `--max-conns` ends the accept loop after that many connections.

use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jeton::io::async_write;
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{redirect_error, spawn, Detached, SteadyTimer, YieldContext};

/// How long a connection may stay silent: 10 s, or `ECHO_IDLE_TIMEOUT_MS` milliseconds
/// (for tests).
fn idle_timeout() -> Duration {
    std::env::var("ECHO_IDLE_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// One connection: the socket and its idle timer, shared by its two coroutines.
struct Session {
    socket: TcpSocket,
    timer: SteadyTimer,
    idle: Duration,
}

impl Session {
    /// Starts the echo coroutine and the timeout coroutine.
    fn go(self: Arc<Self>) {
        let ex = self.socket.executor();
        let this = self.clone();
        spawn(
            &ex,
            move |y: &YieldContext| {
                if let Err(e) = this.echo(y) {
                    if !jeton::error::is_aborted(&e) {
                        eprintln!("echo: {e}");
                    }
                }
                this.socket.close();
                this.timer.cancel();
            },
            Detached,
        );
        spawn(&ex, move |y: &YieldContext| self.watch(y), Detached);
    }

    /// Echoes until end of stream or an error, pushing the deadline back before each read.
    fn echo(&self, y: &YieldContext) -> io::Result<()> {
        let mut data = [0u8; 128];
        loop {
            self.timer.expires_after(self.idle);
            let n = self.socket.async_read_some(&mut data[..], y)?;
            if n == 0 {
                return Ok(()); // End of stream (Asio's eof exception).
            }
            async_write(&self.socket, &data[..n], y)?;
        }
    }

    /// Closes the socket once the deadline passes without being pushed back.
    fn watch(&self, y: &YieldContext) {
        while self.socket.is_open() {
            let mut ignored_ec = None;
            self.timer.async_wait(redirect_error(y, &mut ignored_ec));
            if self.timer.expiry() <= Instant::now() {
                self.socket.close();
            }
        }
    }
}

/// Spawns the accept loop on the acceptor's context.
pub fn start(acceptor: TcpAcceptor, max_conns: Option<usize>) {
    let ex = acceptor.executor();
    spawn(
        &ex,
        move |y: &YieldContext| {
            let mut accepted = 0;
            while max_conns.is_none_or(|max| accepted < max) {
                match acceptor.async_accept(y) {
                    Ok((socket, _peer)) => {
                        accepted += 1;
                        // Armed before either coroutine starts: on two run threads the
                        // watcher may run before the reader's first `expires_after`.
                        let idle = idle_timeout();
                        let timer = SteadyTimer::with_expiry(y.executor(), Instant::now() + idle);
                        Arc::new(Session {
                            socket,
                            timer,
                            idle,
                        })
                        .go();
                    }
                    Err(e) => eprintln!("accept: {e}"),
                }
            }
        },
        |r: std::thread::Result<()>| {
            if let Err(panic) = r {
                std::panic::resume_unwind(panic);
            }
        },
    );
}
