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

use jeton::net::UdpSocket;
use jeton::IoContext;

#[path = "daytime/common.rs"]
mod common;
use common::{make_daytime_string, Args};

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
