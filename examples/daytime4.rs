//! Daytime.4 - A synchronous UDP daytime client.
//!
//! Asio's tutorial, fourth networking step: the client of Daytime.1 over UDP. It sends an
//! empty request (one byte) to the server and prints the datagram it gets back.
//!
//! ```cpp
//! asio::io_context io_context;
//!
//! udp::resolver resolver(io_context);
//! udp::endpoint receiver_endpoint =
//!   *resolver.resolve(udp::v4(), argv[1], "daytime").begin();
//!
//! udp::socket socket(io_context);
//! socket.open(udp::v4());
//!
//! std::array<char, 1> send_buf  = {{ 0 }};
//! socket.send_to(asio::buffer(send_buf), receiver_endpoint);
//!
//! std::array<char, 128> recv_buf;
//! udp::endpoint sender_endpoint;
//! size_t len = socket.receive_from(
//!     asio::buffer(recv_buf), sender_endpoint);
//!
//! std::cout.write(recv_buf.data(), len);
//! ```
//!
//! The mapping:
//!
//! - `udp::resolver` is [`Resolver::udp`]: service names are looked up for UDP.
//!   `resolve(udp::v4(), host, service)` restricts the answer to IPv4; here the code takes the
//!   first IPv4 endpoint of the results.
//! - `udp::socket socket(io_context); socket.open(udp::v4())` gives an unbound socket that
//!   the first `send_to` binds to an ephemeral port; jeton's [`UdpSocket`] is always bound, so
//!   it is bound to `0.0.0.0:0` (any address, any port), which is what that first send does.
//! - `receive_from(buffer, sender_endpoint)` fills an out-parameter; jeton's
//!   [`recv_from`](UdpSocket::recv_from) returns `(len, sender_endpoint)`.
//! - Both calls block the calling thread; no thread runs the context. As in the C++, if no
//!   reply comes (UDP may lose datagrams), the client waits forever.
//!
//! The C++ always asks for the `daytime` service (port 13); this port takes an optional port
//! (or service name) after the host.
//!
//! ```text
//! cargo run --example daytime5 -- 1313 &
//! cargo run --example daytime4 -- 127.0.0.1 1313
//! ```

use std::error::Error;
use std::io::Write;
use std::net::SocketAddr;

use jeton::net::{Resolver, UdpSocket};
use jeton::{error, IoContext};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 && args.len() != 3 {
        eprintln!("Usage: daytime4 <host> [port]");
        std::process::exit(1);
    }
    let host = &args[1];
    let service = args.get(2).map_or("daytime", String::as_str);

    let io_context = IoContext::new()?;

    let resolver = Resolver::udp(&io_context.executor());
    let receiver_endpoint = resolver
        .resolve(host, service)?
        .endpoints()
        .find(SocketAddr::is_ipv4)
        .ok_or_else(error::not_found)?;

    let socket = UdpSocket::bind(&io_context.executor(), ([0, 0, 0, 0], 0))?;

    let send_buf = [0u8; 1];
    socket.send_to(&send_buf, receiver_endpoint)?;

    let mut recv_buf = [0u8; 128];
    let (len, _sender_endpoint) = socket.recv_from(&mut recv_buf)?;

    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&recv_buf[..len])?;
    stdout.flush()?;

    Ok(())
}
