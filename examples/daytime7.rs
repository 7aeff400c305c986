//! Daytime.7 - A combined TCP/UDP asynchronous server.
//!
//! Asio's tutorial, last networking step: the TCP server of Daytime.3 and the UDP server of
//! Daytime.6 in one program, on one `io_context`. One thread calling `run()` serves both.
//!
//! ```cpp
//! class tcp_connection ...   // as in Daytime.3
//! class tcp_server ...       // as in Daytime.3
//!
//! class udp_server
//! {
//!   ...
//!   void start_receive()
//!   {
//!     socket_.async_receive_from(
//!         asio::buffer(recv_buffer_), remote_endpoint_,
//!         std::bind(&udp_server::handle_receive, this,
//!           asio::placeholders::error));
//!   }
//!
//!   void handle_receive(const std::error_code& error)
//!   {
//!     if (!error)
//!     {
//!       std::shared_ptr<std::string> message(
//!           new std::string(make_daytime_string()));
//!
//!       socket_.async_send_to(asio::buffer(*message), remote_endpoint_,
//!           std::bind(&udp_server::handle_send, this, message));
//!
//!       start_receive();
//!     }
//!   }
//!
//!   void handle_send(std::shared_ptr<std::string> /*message*/)
//!   {
//!   }
//!   ...
//! };
//!
//! int main()
//! {
//!   asio::io_context io_context;
//!   tcp_server server1(io_context);
//!   udp_server server2(io_context);
//!   io_context.run();
//! }
//! ```
//!
//! The mapping is that of Daytime.3 (TCP) and Daytime.6 (UDP):
//!
//! - Connections and servers are shared through `Arc` (`shared_ptr`, `shared_from_this()`,
//!   and the `this` that the C++ binds into handlers).
//! - Messages and receive buffers are owned buffers that move into each operation and come
//!   back to its handler (the C++ keeps them alive with a bound `shared_ptr` or a member).
//! - This version's handlers ignore the byte count, as the C++ does by binding only
//!   `placeholders::error`: a closure simply ignores that part of its argument.
//! - Both servers' operations are work on the one context, so `io_context.run()` serves both
//!   on one thread, and returns only when neither has an operation pending.
//!
//! Differences, so the example runs without root and in tests: it listens on `127.0.0.1`, on
//! the port given as first argument for TCP and the same port for UDP (default 13; 0 picks a
//! free TCP port, then UDP binds the same number), prints `listening on 127.0.0.1:PORT` to
//! stderr, and `--count N` makes it exit after N requests in all (TCP and UDP together): the
//! server that answers the last one cancels both servers' pending operations. The time is
//! UTC (see Daytime.2).
//!
//! ```text
//! cargo run --example daytime7 -- 1313 &
//! cargo run --example daytime1 -- 127.0.0.1 1313
//! cargo run --example daytime4 -- 127.0.0.1 1313
//! ```

use std::error::Error;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use jeton::io::async_write;
use jeton::net::{TcpAcceptor, TcpSocket, UdpSocket};
use jeton::{error, IoContext};

/// One TCP connection, shared by the handlers of its pending operations (Asio's
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
            move |(_result, message): (io::Result<usize>, Vec<u8>)| this.handle_write(message),
        );
    }

    fn handle_write(&self, _message: Vec<u8>) {}
}

/// The TCP server: one pending accept at a time.
struct TcpServer {
    acceptor: TcpAcceptor,
    /// The requests still to answer, shared with the UDP server (`--count N`).
    budget: Arc<Budget>,
}

impl TcpServer {
    fn new(io_context: &IoContext, port: u16, budget: Arc<Budget>) -> io::Result<Arc<Self>> {
        let acceptor = TcpAcceptor::bind(
            &io_context.executor(),
            SocketAddr::from(([127, 0, 0, 1], port)),
        )?;
        let server = Arc::new(TcpServer { acceptor, budget });
        let weak = Arc::downgrade(&server);
        server.budget.on_exhausted(move || {
            if let Some(server) = weak.upgrade() {
                server.acceptor.cancel();
            }
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
                let more = self.budget.spend();
                TcpConnection::create(socket).start();
                more
            }
            // Cancelled because the UDP server answered the last request.
            Err(e) if error::is_aborted(&e) => false,
            Err(_) => true,
        };

        if more {
            self.start_accept();
        }
    }
}

/// The UDP server: one pending receive at a time.
struct UdpServer {
    socket: UdpSocket,
    /// The requests still to answer, shared with the TCP server (`--count N`).
    budget: Arc<Budget>,
}

impl UdpServer {
    fn new(io_context: &IoContext, port: u16, budget: Arc<Budget>) -> io::Result<Arc<Self>> {
        let socket = UdpSocket::bind(
            &io_context.executor(),
            SocketAddr::from(([127, 0, 0, 1], port)),
        )?;
        let server = Arc::new(UdpServer { socket, budget });
        let weak = Arc::downgrade(&server);
        server.budget.on_exhausted(move || {
            if let Some(server) = weak.upgrade() {
                server.socket.cancel();
            }
        });
        server.start_receive(vec![0u8; 1]);
        Ok(server)
    }

    fn start_receive(self: &Arc<Self>, recv_buffer: Vec<u8>) {
        let this = self.clone();
        self.socket.async_recv_from(
            recv_buffer,
            move |(result, recv_buffer): (io::Result<(usize, SocketAddr)>, Vec<u8>)| {
                this.handle_receive(result.map(|(_len, from)| from), recv_buffer)
            },
        );
    }

    fn handle_receive(self: Arc<Self>, result: io::Result<SocketAddr>, recv_buffer: Vec<u8>) {
        if let Ok(remote_endpoint) = result {
            // Counted before the reply is sent: when this is the last request, counting it
            // cancels this socket's pending operations, and the reply must not be one of them.
            let more = self.budget.spend();

            let message = make_daytime_string().into_bytes();

            let this = self.clone();
            self.socket.async_send_to(
                message,
                remote_endpoint,
                move |(_result, message): (io::Result<usize>, Vec<u8>)| this.handle_send(message),
            );

            if more {
                self.start_receive(recv_buffer);
            }
        }
    }

    fn handle_send(&self, _message: Vec<u8>) {}
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse("daytime7");

    let io_context = IoContext::new()?;
    let budget = Budget::new(args.count);
    let server1 = TcpServer::new(&io_context, args.port, budget.clone())?;
    // The same port number for UDP, as the daytime service's 13/tcp and 13/udp.
    let port = server1.local_addr()?.port();
    let _server2 = UdpServer::new(&io_context, port, budget)?;
    eprintln!("listening on {}", server1.local_addr()?);
    io_context.run();

    Ok(())
}

/// How many more requests the two servers answer together (`--count N`; without it, no
/// limit), and how to stop both once none are left.
struct Budget {
    left: Option<AtomicUsize>,
    /// What each server registered to cancel its pending operation; called once, when the
    /// last request is counted. (Cancelling the UDP socket would also abort a reply still
    /// waiting for buffer space, which a datagram socket practically never does.)
    on_exhausted: Mutex<Vec<Box<dyn FnOnce() + Send>>>,
}

impl Budget {
    fn new(count: Option<usize>) -> Arc<Budget> {
        Arc::new(Budget {
            left: count.map(AtomicUsize::new),
            on_exhausted: Mutex::new(Vec::new()),
        })
    }

    /// Registers `stop`, to be called when the last request is counted.
    fn on_exhausted(&self, stop: impl FnOnce() + Send + 'static) {
        self.on_exhausted
            .lock()
            .expect("no hook panics")
            .push(Box::new(stop));
    }

    /// Counts one request; returns whether the server should take another.
    fn spend(&self) -> bool {
        let Some(left) = &self.left else {
            return true;
        };
        match left.fetch_update(Relaxed, Relaxed, |n| n.checked_sub(1)) {
            Ok(1) => {
                let hooks = std::mem::take(&mut *self.on_exhausted.lock().expect("no hook panics"));
                for stop in hooks {
                    stop();
                }
                false
            }
            Ok(_) => true,
            Err(_) => false, // An extra request (accepted before the cancel): answered too.
        }
    }
}

/// The command line: `daytime7 [PORT] [--count N]`.
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
