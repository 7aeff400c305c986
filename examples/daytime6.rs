//! Daytime.6 - An asynchronous UDP daytime server.
//!
//! Asio's tutorial, sixth networking step: the server of Daytime.5 with completion handlers.
//! A `udp_server` keeps one `async_receive_from` pending; each request is answered with an
//! `async_send_to` whose message lives, through a `shared_ptr`, until the send completes.
//!
//! ```cpp
//! class udp_server
//! {
//! public:
//!   udp_server(asio::io_context& io_context)
//!     : socket_(io_context, udp::endpoint(udp::v4(), 13))
//!   {
//!     start_receive();
//!   }
//!
//! private:
//!   void start_receive()
//!   {
//!     socket_.async_receive_from(
//!         asio::buffer(recv_buffer_), remote_endpoint_,
//!         std::bind(&udp_server::handle_receive, this,
//!           asio::placeholders::error,
//!           asio::placeholders::bytes_transferred));
//!   }
//!
//!   void handle_receive(const std::error_code& error,
//!       std::size_t /*bytes_transferred*/)
//!   {
//!     if (!error)
//!     {
//!       std::shared_ptr<std::string> message(
//!           new std::string(make_daytime_string()));
//!
//!       socket_.async_send_to(asio::buffer(*message), remote_endpoint_,
//!           std::bind(&udp_server::handle_send, this, message,
//!             asio::placeholders::error,
//!             asio::placeholders::bytes_transferred));
//!
//!       start_receive();
//!     }
//!   }
//!
//!   void handle_send(std::shared_ptr<std::string> /*message*/,
//!       const std::error_code& /*error*/,
//!       std::size_t /*bytes_transferred*/)
//!   {
//!   }
//!
//!   udp::socket socket_;
//!   udp::endpoint remote_endpoint_;
//!   std::array<char, 1> recv_buffer_;
//! };
//!
//! int main()
//! {
//!   asio::io_context io_context;
//!   udp_server server(io_context);
//!   io_context.run();
//! }
//! ```
//!
//! The mapping:
//!
//! - `recv_buffer_` and `remote_endpoint_` are members that the pending receive fills in.
//!   jeton's [`async_recv_from`](UdpSocket::async_recv_from) takes an owned buffer
//!   (`Vec<u8>`) and completes with `(result, buffer)`, where `result` carries the length and
//!   the sender: the buffer travels from `start_receive` to `handle_receive` and back, and the
//!   remote endpoint is a local value of `handle_receive`.
//! - The message is a `shared_ptr<std::string>` bound into `handle_send` to keep it alive
//!   until the send completes. In jeton the message is an owned buffer: it moves into
//!   [`async_send_to`](UdpSocket::async_send_to), and the operation hands it back to the
//!   handler, which drops it.
//! - `std::bind(&udp_server::handle_receive, this, placeholders::error,
//!   placeholders::bytes_transferred)` is a closure; `this` becomes a clone of the server's
//!   `Arc`, because a closure handler must be `'static` (the C++ relies on `main` keeping the
//!   server alive).
//! - As in the C++, the next receive is started right after the send, so a slow send does not
//!   delay the next request; an error stops the server (no new receive is started).
//! - `io_context.run()` returns when no work is left: with `--count N`, the server stops
//!   receiving after N requests, and `run()` returns once their replies are sent.
//!
//! Differences, so the example runs without root and in tests: it listens on `127.0.0.1`, on
//! the port given as first argument (default 13; 0 picks a free port), prints `listening on
//! 127.0.0.1:PORT` to stderr, and `--count N` bounds it. The time is UTC (see Daytime.2).
//!
//! ```text
//! cargo run --example daytime6 -- 1313 &
//! cargo run --example daytime4 -- 127.0.0.1 1313
//! ```

use std::error::Error;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use jeton::net::UdpSocket;
use jeton::IoContext;

/// The server: one pending receive at a time.
struct UdpServer {
    socket: UdpSocket,
    /// The requests still to answer (`--count N`).
    budget: Budget,
}

impl UdpServer {
    fn new(io_context: &IoContext, port: u16, count: Option<usize>) -> io::Result<Arc<Self>> {
        let socket = UdpSocket::bind(
            &io_context.executor(),
            SocketAddr::from(([127, 0, 0, 1], port)),
        )?;
        let server = Arc::new(UdpServer {
            socket,
            budget: Budget::new(count),
        });
        server.start_receive(vec![0u8; 1]);
        Ok(server)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.socket.local_addr()
    }

    fn start_receive(self: &Arc<Self>, recv_buffer: Vec<u8>) {
        let this = self.clone();
        self.socket.async_recv_from(
            recv_buffer,
            move |(result, recv_buffer): (io::Result<(usize, SocketAddr)>, Vec<u8>)| {
                this.handle_receive(result, recv_buffer)
            },
        );
    }

    fn handle_receive(
        self: Arc<Self>,
        result: io::Result<(usize, SocketAddr)>,
        recv_buffer: Vec<u8>,
    ) {
        if let Ok((_bytes_transferred, remote_endpoint)) = result {
            let message = make_daytime_string().into_bytes();

            let this = self.clone();
            self.socket.async_send_to(
                message,
                remote_endpoint,
                move |(result, message): (io::Result<usize>, Vec<u8>)| {
                    this.handle_send(message, result)
                },
            );

            if self.budget.spend() {
                self.start_receive(recv_buffer);
            }
        }
    }

    fn handle_send(&self, _message: Vec<u8>, _result: io::Result<usize>) {}
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse("daytime6");

    let io_context = IoContext::new()?;
    let server = UdpServer::new(&io_context, args.port, args.count)?;
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

/// The command line: `daytime6 [PORT] [--count N]`.
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
