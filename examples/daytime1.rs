//! Daytime.1 - A synchronous TCP daytime client.
//!
//! Asio's tutorial, first networking step: resolve the server's name, connect to the first
//! endpoint that accepts, and print what the server sends until it closes the connection.
//!
//! ```cpp
//! asio::io_context io_context;
//!
//! tcp::resolver resolver(io_context);
//! tcp::resolver::results_type endpoints =
//!   resolver.resolve(argv[1], "daytime");
//!
//! tcp::socket socket(io_context);
//! asio::connect(socket, endpoints);
//!
//! for (;;)
//! {
//!   std::array<char, 128> buf;
//!   std::error_code error;
//!
//!   size_t len = socket.read_some(asio::buffer(buf), error);
//!
//!   if (error == asio::error::eof)
//!     break; // Connection closed cleanly by peer.
//!   else if (error)
//!     throw std::system_error(error); // Some other error.
//!
//!   std::cout.write(buf.data(), len);
//! }
//! ```
//!
//! The mapping:
//!
//! - `tcp::resolver` is [`Resolver`]; `resolve(host, service)` blocks the calling thread and
//!   returns every endpoint `getaddrinfo` found, as [`ResolverResults`](jeton::net::ResolverResults).
//! - `asio::connect(socket, endpoints)` is [`net::connect`]: it tries the endpoints in order
//!   (reopening the socket for each one's address family) and returns the one that accepted.
//!   `localhost` often resolves to `::1` and `127.0.0.1`; a server listening on IPv4 only
//!   refuses the first and accepts the second.
//! - No thread runs `io_context.run()`: synchronous calls are the [`Blocking`](jeton::Blocking)
//!   token under the hood, and wait on the calling thread.
//! - `read_some` with an `error_code` out-parameter becomes `read_some -> io::Result<usize>`.
//!   Asio reports the end of the stream as the `eof` error; jeton's `read_some`, like
//!   `std::io::Read`, completes with `Ok(0)` (the composed reads turn that into
//!   [`error::eof`](jeton::error::eof)). `throw` becomes `?`: `main` returns the error, and
//!   Rust prints it and exits with status 1.
//!
//! The C++ always asks for the `daytime` service (port 13, on which a server must run as root);
//! this port takes an optional port (or service name) after the host.
//!
//! ```text
//! cargo run --example daytime2 -- 1313 &    # or any daytime server
//! cargo run --example daytime1 -- 127.0.0.1 1313
//! Sat Nov 21 23:40:00 2026
//! ```

use std::error::Error;
use std::io::Write;

use jeton::net::{self, Resolver, TcpSocket};
use jeton::IoContext;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 && args.len() != 3 {
        eprintln!("Usage: daytime1 <host> [port]");
        std::process::exit(1);
    }
    let host = &args[1];
    let service = args.get(2).map_or("daytime", String::as_str);

    let io_context = IoContext::new()?;

    let resolver = Resolver::new(&io_context.executor());
    let endpoints = resolver.resolve(host, service)?;

    let socket = TcpSocket::new(&io_context.executor());
    net::connect(&socket, endpoints.endpoints())?;

    let mut stdout = std::io::stdout().lock();
    loop {
        let mut buf = [0u8; 128];

        let len = socket.read_some(&mut buf)?;

        if len == 0 {
            break; // Connection closed cleanly by peer.
        }

        stdout.write_all(&buf[..len])?;
    }
    stdout.flush()?;

    Ok(())
}
