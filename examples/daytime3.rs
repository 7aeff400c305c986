//! Daytime.3 - An asynchronous TCP daytime server.
//!
//! Asio's tutorial, third networking step: the server of Daytime.2 with completion handlers.
//! A `tcp_server` keeps one `async_accept` pending; each accepted connection is a
//! `tcp_connection` that writes the time of day with `async_write` and lives, through a
//! `shared_ptr`, exactly as long as an operation still refers to it.
//!
//! ```cpp
//! class tcp_connection
//!   : public std::enable_shared_from_this<tcp_connection>
//! {
//! public:
//!   typedef std::shared_ptr<tcp_connection> pointer;
//!
//!   static pointer create(asio::io_context& io_context)
//!   {
//!     return pointer(new tcp_connection(io_context));
//!   }
//!
//!   tcp::socket& socket() { return socket_; }
//!
//!   void start()
//!   {
//!     message_ = make_daytime_string();
//!
//!     asio::async_write(socket_, asio::buffer(message_),
//!         std::bind(&tcp_connection::handle_write, shared_from_this(),
//!           asio::placeholders::error,
//!           asio::placeholders::bytes_transferred));
//!   }
//!
//! private:
//!   void handle_write(const std::error_code& /*error*/,
//!       size_t /*bytes_transferred*/)
//!   {
//!   }
//!
//!   tcp::socket socket_;
//!   std::string message_;
//! };
//!
//! class tcp_server
//! {
//! public:
//!   tcp_server(asio::io_context& io_context)
//!     : io_context_(io_context),
//!       acceptor_(io_context, tcp::endpoint(tcp::v4(), 13))
//!   {
//!     start_accept();
//!   }
//!
//! private:
//!   void start_accept()
//!   {
//!     tcp_connection::pointer new_connection =
//!       tcp_connection::create(io_context_);
//!
//!     acceptor_.async_accept(new_connection->socket(),
//!         std::bind(&tcp_server::handle_accept, this, new_connection,
//!           asio::placeholders::error));
//!   }
//!
//!   void handle_accept(tcp_connection::pointer new_connection,
//!       const std::error_code& error)
//!   {
//!     if (!error)
//!     {
//!       new_connection->start();
//!     }
//!
//!     start_accept();
//!   }
//!
//!   asio::io_context& io_context_;
//!   tcp::acceptor acceptor_;
//! };
//!
//! int main()
//! {
//!   asio::io_context io_context;
//!   tcp_server server(io_context);
//!   io_context.run();
//! }
//! ```
//!
//! The mapping:
//!
//! - `std::shared_ptr<tcp_connection>` is `Arc<TcpConnection>`, and `shared_from_this()` is
//!   `self: Arc<Self>` plus a clone: the closure passed to `async_write` owns a clone, so the
//!   connection (and its socket) lives until the handler has run, then is dropped, which
//!   closes the socket. An operation holds only a [`handle`](TcpSocket::handle) to the socket,
//!   which does not keep it open: forgetting the clone would close the connection before the
//!   write, as forgetting `shared_from_this()` would be a use-after-free in C++.
//! - `std::bind(&tcp_connection::handle_write, shared_from_this(), placeholders::error,
//!   placeholders::bytes_transferred)` is `move |(result, message)| this.handle_write(result,
//!   message)`: the closure's argument carries the placeholders, its captures the bound values.
//! - `asio::buffer(message_)` points into the connection, which the bound `shared_ptr` keeps
//!   alive. In jeton the message is an owned buffer (`Vec<u8>`): it moves into the operation,
//!   and the operation hands it back to the handler with the result (success or error).
//! - Asio accepts into a socket made beforehand (`tcp_connection::create(io_context_)` then
//!   `async_accept(new_connection->socket(), ...)`); jeton's
//!   [`async_accept`](TcpAcceptor::async_accept) completes with the new socket, so the
//!   connection is created in `handle_accept` (Asio's move-accept overload does the same).
//! - `tcp_server` binds `this` into its handlers and relies on `main` keeping the server
//!   alive. A closure handler must be `'static`, so the server is shared through an `Arc` too.
//! - `io_context.run()` returns when no work is left: with `--count N`, the server stops
//!   accepting after N connections, and `run()` returns once their writes are done.
//!
//! Differences, so the example runs without root and in tests: it listens on `127.0.0.1`, on
//! the port given as first argument (default 13; 0 picks a free port), prints `listening on
//! 127.0.0.1:PORT` to stderr, and `--count N` bounds it. The time is UTC (see Daytime.2).
//!
//! ```text
//! cargo run --example daytime3 -- 1313 &
//! cargo run --example daytime1 -- 127.0.0.1 1313
//! ```

use std::error::Error;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use jeton::io::async_write;
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::IoContext;

/// One connection, shared by the handlers of its pending operations (Asio's
/// `shared_ptr<tcp_connection>`).
struct TcpConnection {
    socket: TcpSocket,
}

impl TcpConnection {
    fn create(socket: TcpSocket) -> Arc<TcpConnection> {
        Arc::new(TcpConnection { socket })
    }

    fn start(self: Arc<Self>) {
        let message = make_daytime_string();

        let this = self.clone(); // shared_from_this()
        async_write(
            self.socket.handle(),
            message.into_bytes(),
            move |(result, message): (io::Result<usize>, Vec<u8>)| {
                this.handle_write(result, message)
            },
        );
    }

    fn handle_write(&self, _result: io::Result<usize>, _message: Vec<u8>) {}
}

/// The server: one pending accept at a time.
struct TcpServer {
    acceptor: TcpAcceptor,
    /// The connections still to accept (`--count N`).
    budget: Budget,
}

impl TcpServer {
    fn new(io_context: &IoContext, port: u16, count: Option<usize>) -> io::Result<Arc<Self>> {
        let acceptor = TcpAcceptor::bind(
            &io_context.executor(),
            SocketAddr::from(([127, 0, 0, 1], port)),
        )?;
        let server = Arc::new(TcpServer {
            acceptor,
            budget: Budget::new(count),
        });
        server.start_accept();
        Ok(server)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.acceptor.local_addr()
    }

    fn start_accept(self: &Arc<Self>) {
        let this = self.clone();
        self.acceptor
            .async_accept(move |result: io::Result<(TcpSocket, SocketAddr)>| {
                this.handle_accept(result)
            });
    }

    fn handle_accept(self: Arc<Self>, result: io::Result<(TcpSocket, SocketAddr)>) {
        let more = match result {
            Ok((socket, _peer)) => {
                TcpConnection::create(socket).start();
                self.budget.spend()
            }
            Err(_) => true,
        };

        if more {
            self.start_accept();
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse("daytime3");

    let io_context = IoContext::new()?;
    let server = TcpServer::new(&io_context, args.port, args.count)?;
    eprintln!("listening on {}", server.local_addr()?);
    io_context.run();

    Ok(())
}

/// How many more requests a server answers (`--count N`; without it, no limit).
struct Budget {
    left: Option<AtomicUsize>,
}

impl Budget {
    fn new(count: Option<usize>) -> Budget {
        Budget {
            left: count.map(AtomicUsize::new),
        }
    }

    /// Counts one request; returns whether the server should take another.
    fn spend(&self) -> bool {
        match &self.left {
            None => true,
            Some(left) => matches!(
                left.fetch_update(Relaxed, Relaxed, |n| n.checked_sub(1)),
                Ok(n) if n > 1
            ),
        }
    }
}

/// The command line: `daytime3 [PORT] [--count N]`.
struct Args {
    port: u16,
    count: Option<usize>,
}

impl Args {
    /// Parses the command line; prints the usage and exits with status 1 if it is wrong.
    fn parse(name: &str) -> Args {
        let mut args = Args {
            port: 13,
            count: None,
        };
        let mut it = std::env::args().skip(1);
        let mut port_seen = false;
        while let Some(arg) = it.next() {
            let ok = match arg.as_str() {
                "--count" => match it.next().and_then(|n| n.parse().ok()) {
                    Some(n) if n > 0 => {
                        args.count = Some(n);
                        true
                    }
                    _ => false,
                },
                port if !port_seen => {
                    port_seen = true;
                    port.parse().map(|p| args.port = p).is_ok()
                }
                _ => false,
            };
            if !ok {
                eprintln!("Usage: {name} [port] [--count N]");
                std::process::exit(1);
            }
        }
        args
    }
}

/// Returns the current time as `ctime` formats it, `"Sat Nov 21 23:40:00 2026\n"`, in UTC.
fn make_daytime_string() -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, secs) = ((now / 86_400) as i64, now % 86_400);
    let weekday = (days + 4).rem_euclid(7) as usize; // 1970-01-01 was a Thursday.
    let (year, month, day) = civil_from_days(days);
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}\n",
        DAYS[weekday],
        MONTHS[month as usize - 1],
        day,
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        year
    )
}

/// Returns the (year, month 1-12, day 1-31) of the day `days` after 1970-01-01 in the
/// proleptic Gregorian calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365], from March 1st
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
