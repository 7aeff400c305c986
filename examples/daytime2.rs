//! Daytime.2 - A synchronous TCP daytime server.
//!
//! Asio's tutorial, second networking step: accept connections one at a time, write the time
//! of day to each, and close it.
//!
//! ```cpp
//! std::string make_daytime_string()
//! {
//!   using namespace std; // For time_t, time and ctime;
//!   time_t now = time(0);
//!   return ctime(&now);
//! }
//!
//! int main()
//! {
//!   asio::io_context io_context;
//!   tcp::acceptor acceptor(io_context, tcp::endpoint(tcp::v4(), 13));
//!
//!   for (;;)
//!   {
//!     tcp::socket socket(io_context);
//!     acceptor.accept(socket);
//!
//!     std::string message = make_daytime_string();
//!
//!     std::error_code ignored_error;
//!     asio::write(socket, asio::buffer(message), ignored_error);
//!   }
//! }
//! ```
//!
//! The mapping:
//!
//! - `tcp::acceptor(io_context, endpoint)` opens, binds and listens: [`TcpAcceptor::bind`].
//! - `acceptor.accept(socket)` fills a socket made beforehand; jeton's
//!   [`accept`](TcpAcceptor::accept) returns the new socket (and the peer's address), like
//!   Asio's move-accept overload `socket = acceptor.accept()`.
//! - `asio::write(socket, buffer(message), ignored_error)` is [`io::write`]`(&socket,
//!   message.as_bytes())`, which returns an `io::Result` that we ignore with `let _ =`.
//! - The socket is closed when it goes out of scope at the end of each iteration, in both
//!   languages: the client reads the message, then end of stream.
//! - No thread runs the context: every call blocks the calling thread.
//!
//! Differences, so the example runs without root and in tests: it listens on `127.0.0.1` (the
//! C++ listens on every IPv4 address, `tcp::v4()`), on the port given as first argument
//! (default 13; 0 picks a free port), and prints `listening on 127.0.0.1:PORT` to stderr.
//! `--count N` makes it exit after N connections; without it, it loops forever as the C++.
//! `ctime` formats the local time; `make_daytime_string` here formats UTC, in the same
//! layout (`"Sat Nov 21 23:40:00 2026\n"`), without `unsafe` calls into the C library.
//!
//! ```text
//! cargo run --example daytime2 -- 1313 --count 1 &
//! cargo run --example daytime1 -- 127.0.0.1 1313
//! ```

use std::error::Error;
use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use jeton::io;
use jeton::net::TcpAcceptor;
use jeton::IoContext;

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse("daytime2");

    let io_context = IoContext::new()?;
    let acceptor = TcpAcceptor::bind(
        &io_context.executor(),
        SocketAddr::from(([127, 0, 0, 1], args.port)),
    )?;
    eprintln!("listening on {}", acceptor.local_addr()?);

    // `for (;;)`, or N times with `--count N`.
    for _ in 0..args.count.unwrap_or(usize::MAX) {
        let (socket, _peer) = acceptor.accept()?;

        let message = make_daytime_string();

        let _ignored_error = io::write(&socket, message.as_bytes());
    }

    Ok(())
}

/// The command line: `daytime2 [PORT] [--count N]`.
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
