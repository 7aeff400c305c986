//! Daytime.5 - A synchronous UDP daytime server.
//!
//! Asio's tutorial, fifth networking step: the server of Daytime.2 over UDP. It waits for a
//! datagram, and answers its sender with the time of day.
//!
//! ```cpp
//! int main()
//! {
//!   asio::io_context io_context;
//!
//!   udp::socket socket(io_context, udp::endpoint(udp::v4(), 13));
//!
//!   for (;;)
//!   {
//!     std::array<char, 1> recv_buf;
//!     udp::endpoint remote_endpoint;
//!     socket.receive_from(asio::buffer(recv_buf), remote_endpoint);
//!
//!     std::string message = make_daytime_string();
//!
//!     std::error_code ignored_error;
//!     socket.send_to(asio::buffer(message),
//!         remote_endpoint, 0, ignored_error);
//!   }
//! }
//! ```
//!
//! The mapping:
//!
//! - `udp::socket(io_context, endpoint)` opens and binds: [`UdpSocket::bind`].
//! - `receive_from(buffer, remote_endpoint)` fills an out-parameter; jeton's
//!   [`recv_from`](UdpSocket::recv_from) returns `(len, remote_endpoint)`. The request is
//!   ignored: a one-byte buffer is enough, and a longer datagram is truncated to it.
//! - `send_to(buffer, endpoint, flags, ignored_error)` is
//!   [`send_to`](UdpSocket::send_to)`(bytes, endpoint)`; the result is ignored with `let _ =`.
//! - Both calls block the calling thread; no thread runs the context.
//!
//! Differences, so the example runs without root and in tests: it listens on `127.0.0.1`, on
//! the port given as first argument (default 13; 0 picks a free port), prints `listening on
//! 127.0.0.1:PORT` to stderr, and `--count N` makes it exit after N requests. The time is
//! UTC (see Daytime.2).
//!
//! ```text
//! cargo run --example daytime5 -- 1313 --count 1 &
//! cargo run --example daytime4 -- 127.0.0.1 1313
//! ```

use std::error::Error;
use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use jeton::net::UdpSocket;
use jeton::IoContext;

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse("daytime5");

    let io_context = IoContext::new()?;

    let socket = UdpSocket::bind(
        &io_context.executor(),
        SocketAddr::from(([127, 0, 0, 1], args.port)),
    )?;
    eprintln!("listening on {}", socket.local_addr()?);

    // `for (;;)`, or N times with `--count N`.
    for _ in 0..args.count.unwrap_or(usize::MAX) {
        let mut recv_buf = [0u8; 1];
        let (_len, remote_endpoint) = socket.recv_from(&mut recv_buf)?;

        let message = make_daytime_string();

        let _ignored_error = socket.send_to(message.as_bytes(), remote_endpoint);
    }

    Ok(())
}

/// The command line: `daytime5 [PORT] [--count N]`.
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
