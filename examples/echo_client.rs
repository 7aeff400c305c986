//! A blocking TCP echo client.
//!
//! A port of Asio's `cpp11/echo/blocking_tcp_echo_client.cpp`: connect, send a message, read
//! back exactly as many bytes, print them.
//!
//! ```cpp
//! asio::io_context io_context;
//!
//! tcp::socket s(io_context);
//! tcp::resolver resolver(io_context);
//! asio::connect(s, resolver.resolve(argv[1], argv[2]));
//!
//! std::cout << "Enter message: ";
//! char request[max_length];
//! std::cin.getline(request, max_length);
//! size_t request_length = std::strlen(request);
//! asio::write(s, asio::buffer(request, request_length));
//!
//! char reply[max_length];
//! size_t reply_length = asio::read(s,
//!     asio::buffer(reply, request_length));
//! std::cout << "Reply is: ";
//! std::cout.write(reply, reply_length);
//! std::cout << "\n";
//! ```
//!
//! ```text
//! echo_client HOST PORT [MESSAGE...]
//! ```
//!
//! The mapping:
//!
//! - `resolver.resolve(host, port)` and `asio::connect(s, endpoints)` are
//!   [`Resolver::resolve`] and [`net::connect`], as in Daytime.1.
//! - `asio::write(s, buffer)` is [`io::write`] and `asio::read(s, buffer(reply,
//!   request_length))` is [`io::read`] into a buffer of exactly `request_length` bytes: both
//!   loop over `write_some`/`read_some` until the whole buffer is transferred
//!   ([`io::async_read_exact`] with the [`Blocking`](jeton::Blocking) token, under the name
//!   other Rust libraries use). A server that closes early makes `read` fail with
//!   [`error::eof`](jeton::error::eof).
//! - No thread runs the context: every call blocks the calling thread.
//!
//! Differences: the C++ sends one line of at most 1023 bytes; this client sends each
//! `MESSAGE` argument in turn over one connection (byte for byte, of any length), or, without
//! arguments, each line read from stdin (prompting with `Enter message: ` only when stdin is
//! a terminal).
//!
//! ```text
//! cargo run --example echo_server -- --port 5555 &
//! cargo run --example echo_client -- 127.0.0.1 5555 hello "echo echo"
//! Reply is: hello
//! Reply is: echo echo
//! ```

use std::error::Error;
use std::ffi::OsString;
use std::io::{BufRead, IsTerminal, Write};
use std::os::unix::ffi::OsStrExt;

use jeton::io;
use jeton::net::{self, Resolver, TcpSocket};
use jeton::IoContext;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let (Some(host), Some(port)) = (
        args.get(1).and_then(|a| a.to_str()),
        args.get(2).and_then(|a| a.to_str()),
    ) else {
        eprintln!("Usage: echo_client <host> <port> [message...]");
        std::process::exit(1);
    };

    let io_context = IoContext::new()?;

    let s = TcpSocket::new(&io_context.executor());
    let resolver = Resolver::new(&io_context.executor());
    net::connect(&s, resolver.resolve(host, port)?.endpoints())?;

    let messages = &args[3..];
    if !messages.is_empty() {
        for request in messages {
            echo(&s, request.as_bytes())?;
        }
        return Ok(());
    }

    let stdin = std::io::stdin();
    let prompt = stdin.is_terminal();
    let mut lines = stdin.lock().lines();
    loop {
        if prompt {
            print!("Enter message: ");
            std::io::stdout().flush()?;
        }
        let Some(request) = lines.next() else {
            return Ok(());
        };
        echo(&s, request?.as_bytes())?;
    }
}

/// Sends `request` and prints the reply, which is read back to exactly the same length.
fn echo(s: &TcpSocket, request: &[u8]) -> std::io::Result<()> {
    let request_length = request.len();
    io::write(s, request)?;

    let mut reply = vec![0u8; request_length];
    let reply_length = io::read(s, &mut reply[..])?;

    let mut stdout = std::io::stdout().lock();
    stdout.write_all(b"Reply is: ")?;
    stdout.write_all(&reply[..reply_length])?;
    stdout.write_all(b"\n")?;
    stdout.flush()
}
