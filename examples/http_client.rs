//! HTTP client - an HTTP/1.0 GET with `read_until`, synchronous and asynchronous.
//!
//! Asio's `http/client/sync_client.cpp` and `async_client.cpp` (also the "network programming"
//! chapter of Schäling's book): resolve the server, connect to the first endpoint that accepts,
//! send the request, read the status line with `read_until(.., "\r\n")`, check it, read the
//! headers with `read_until(.., "\r\n\r\n")` and print them, then print the body until the
//! server closes the connection.
//!
//! ```cpp
//! tcp::resolver resolver(io_context);
//! tcp::resolver::results_type endpoints = resolver.resolve(argv[1], "http");
//! tcp::socket socket(io_context);
//! asio::connect(socket, endpoints);
//! asio::write(socket, request);
//!
//! asio::streambuf response;
//! asio::read_until(socket, response, "\r\n");
//! // ... check "HTTP/" and the status code ...
//! asio::read_until(socket, response, "\r\n\r\n");
//! // ... print the headers ...
//! if (response.size() > 0)
//!   std::cout << &response;
//! asio::error_code error;
//! while (asio::read(socket, response, asio::transfer_at_least(1), error))
//!   std::cout << &response;
//! if (error != asio::error::eof)
//!   throw asio::system_error(error);
//! ```
//!
//! Usage: `http_client [--async] HOST PORT PATH`, for example
//! `cargo run --example http_client -- 127.0.0.1 8000 /index.html` against
//! `python3 -m http.server 8000 --bind 127.0.0.1`.
//!
//! The headers go to stdout one per line (without their `\r`), then an empty line, then the
//! body's bytes exactly as received. A status other than 200 prints `Response returned with
//! status code N` and a malformed status line `Invalid response`, as in Asio; here these
//! messages and I/O errors go to stderr and the exit status is 1, so that stdout holds only
//! the response.
//!
//! The mapping:
//!
//! - `asio::streambuf` is a [`DynamicBuffer`]. `read_until` returns the length up to and
//!   including the delimiter, and may read past it: the first body bytes often arrive with the
//!   headers and stay in the buffer. They must be printed before reading on (Asio's
//!   `if (response.size() > 0) std::cout << &response;`).
//! - Asio's istream consumes the status line before the second `read_until`. Here the status
//!   line stays in the buffer and `"\r\n\r\n"` is searched from its start, so a response with
//!   no header at all (status line, then the empty line) is found too.
//! - `asio::read(socket, response, transfer_at_least(1), error)` is
//!   [`io::async_read_with`] with [`transfer_at_least(1)`](io::transfer_at_least): each call
//!   returns what one read brought; end of stream is the error [`error::is_eof`].
//! - Synchronous calls are the [`Blocking`] token: no thread runs the context.
//! - Asio's `streambuf` has no limit: a server that sends headers without end takes the
//!   client's memory with it. The buffer here is bounded (`DynamicBuffer::with_max_size`,
//!   64 KiB); past that the fetch fails with `Response headers exceed 65536 bytes` (see
//!   `http/response.rs`, which the fuzz target `http_response` exercises).
//! - `--async` chains callbacks as `async_client.cpp` does: each handler starts the next
//!   operation. The C++ binds `this` of a `client` that outlives `io_context.run()`; the
//!   handlers here share the client through an [`Arc`], and the response buffer travels from
//!   handler to handler by value (an owned buffer comes back with the result).

#[path = "http/response.rs"]
mod response;

use std::io as stdio;
use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use jeton::io::{self, transfer_at_least, DynamicBuffer};
use jeton::net::{self, Resolver, ResolverResults, TcpSocket};
use jeton::{error, Blocking, IoContext};

use response::{check_status, head_failure, print_headers, read_head, response_buffer, Failure};

/// The size of each body read.
const CHUNK: usize = 64 * 1024;

/// Returns the request for `path` on `host`: HTTP/1.0, so the server closes the connection
/// after the body.
fn request(host: &str, path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.0\r\nHost: {host}\r\nAccept: */*\r\nConnection: close\r\n\r\n")
        .into_bytes()
}

/// Fetches `path` from `host:port` with blocking calls (`sync_client.cpp`).
fn sync_client(io: &IoContext, host: &str, port: &str, path: &str) -> Result<(), Failure> {
    let ex = io.executor();
    let resolver = Resolver::new(&ex);
    let endpoints = resolver.resolve(host, port)?;
    let socket = TcpSocket::new(&ex);
    net::connect(&socket, endpoints.endpoints())?;

    io::write(&socket, &request(host, path)[..])?;

    // The status line and the headers, at most 64 KiB.
    let mut response = response_buffer();
    let (status_len, head_len) = read_head(&socket, &mut response)?;
    let mut out = stdio::stdout().lock();
    print_headers(&mut out, &response.data()[status_len..head_len])?;

    // Body bytes read along with the headers are already in the buffer.
    response.consume(head_len);
    out.write_all(response.data())?;

    // The rest of the body, until the server closes the connection.
    let mut chunk = vec![0u8; CHUNK];
    loop {
        match io::async_read_with(&socket, &mut chunk[..], transfer_at_least(1), Blocking) {
            Ok(n) => out.write_all(&chunk[..n])?,
            Err(e) => {
                out.write_all(&chunk[..io::transferred(&e)])?;
                out.flush()?;
                return if error::is_eof(&e) {
                    Ok(())
                } else {
                    Err(e.into())
                };
            }
        }
    }
}

/// The asynchronous client (`async_client.cpp`): each handler starts the next operation.
///
/// The client is shared by the handlers in flight; `main` keeps a handle to read the outcome
/// once `io.run()` returns.
struct AsyncClient {
    resolver: Resolver,
    socket: TcpSocket,
    request: Vec<u8>,
    /// The first failure, set by the handler that met it; read after `run()`.
    outcome: Mutex<Result<(), Failure>>,
}

impl AsyncClient {
    /// Creates the client and starts resolving `host` and `port`.
    fn start(io: &IoContext, host: &str, port: &str, path: &str) -> Arc<AsyncClient> {
        let ex = io.executor();
        let client = Arc::new(AsyncClient {
            resolver: Resolver::new(&ex),
            socket: TcpSocket::new(&ex),
            request: request(host, path),
            outcome: Mutex::new(Ok(())),
        });
        let c = client.clone();
        client
            .resolver
            .async_resolve(host, port, move |r: stdio::Result<ResolverResults>| {
                c.handle_resolve(r)
            });
        client
    }

    /// Records why the chain stopped.
    fn fail(&self, failure: impl Into<Failure>) {
        *self.outcome.lock().expect("no handler panics") = Err(failure.into());
    }

    fn handle_resolve(self: Arc<Self>, r: stdio::Result<ResolverResults>) {
        match r {
            Ok(endpoints) => {
                let socket = self.socket.handle();
                net::async_connect(
                    socket,
                    endpoints.endpoints(),
                    move |r: stdio::Result<SocketAddr>| self.handle_connect(r),
                );
            }
            Err(e) => self.fail(e),
        }
    }

    fn handle_connect(self: Arc<Self>, r: stdio::Result<SocketAddr>) {
        match r {
            Ok(_) => {
                let (socket, request) = (self.socket.handle(), self.request.clone());
                io::async_write(
                    socket,
                    request,
                    move |(r, _request): (stdio::Result<usize>, Vec<u8>)| {
                        self.handle_write_request(r)
                    },
                );
            }
            Err(e) => self.fail(e),
        }
    }

    fn handle_write_request(self: Arc<Self>, r: stdio::Result<usize>) {
        match r {
            Ok(_) => {
                let response = response_buffer();
                io::async_read_until(
                    self.socket.handle(),
                    response,
                    "\r\n",
                    move |(r, response): (stdio::Result<usize>, DynamicBuffer)| {
                        self.handle_read_status_line(r, response)
                    },
                );
            }
            Err(e) => self.fail(e),
        }
    }

    fn handle_read_status_line(self: Arc<Self>, r: stdio::Result<usize>, response: DynamicBuffer) {
        let status_len = match r {
            Ok(n) => n,
            Err(e) => return self.fail(head_failure(e, &response)),
        };
        if let Err(failure) = check_status(&response.data()[..status_len]) {
            return self.fail(failure);
        }
        io::async_read_until(
            self.socket.handle(),
            response,
            "\r\n\r\n",
            move |(r, response): (stdio::Result<usize>, DynamicBuffer)| {
                self.handle_read_headers(status_len, r, response)
            },
        );
    }

    fn handle_read_headers(
        self: Arc<Self>,
        status_len: usize,
        r: stdio::Result<usize>,
        mut response: DynamicBuffer,
    ) {
        let head_len = match r {
            Ok(n) => n,
            Err(e) => return self.fail(head_failure(e, &response)),
        };
        let mut out = stdio::stdout().lock();
        let printed = print_headers(&mut out, &response.data()[status_len..head_len]);
        // Body bytes read along with the headers are already in the buffer.
        response.consume(head_len);
        if let Err(e) = printed.and_then(|()| out.write_all(response.data())) {
            return self.fail(e);
        }
        self.read_content(vec![0u8; CHUNK]);
    }

    /// Starts one body read of at least one byte into `chunk`.
    fn read_content(self: Arc<Self>, chunk: Vec<u8>) {
        io::async_read_with(
            self.socket.handle(),
            chunk,
            transfer_at_least(1),
            move |(r, chunk): (stdio::Result<usize>, Vec<u8>)| self.handle_read_content(r, chunk),
        );
    }

    fn handle_read_content(self: Arc<Self>, r: stdio::Result<usize>, chunk: Vec<u8>) {
        let mut out = stdio::stdout().lock();
        match r {
            Ok(n) => match out.write_all(&chunk[..n]) {
                Ok(()) => self.read_content(chunk),
                Err(e) => self.fail(e),
            },
            Err(e) => {
                // The end of the body: the server closed the connection.
                let written = out.write_all(&chunk[..io::transferred(&e)]);
                if let Err(e) = written.and_then(|()| out.flush()) {
                    self.fail(e);
                } else if !error::is_eof(&e) {
                    self.fail(e);
                }
            }
        }
    }
}

/// Fetches `path` from `host:port` with chained callbacks, then runs the context until the
/// chain ends.
fn async_client(io: &IoContext, host: &str, port: &str, path: &str) -> Result<(), Failure> {
    let client = AsyncClient::start(io, host, port, path);
    io.run();
    let outcome = std::mem::replace(
        &mut *client.outcome.lock().expect("no handler panics"),
        Ok(()),
    );
    outcome
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let async_mode = args.iter().any(|a| a == "--async");
    args.retain(|a| a != "--async");
    let [host, port, path] = &args[..] else {
        eprintln!("Usage: http_client [--async] <host> <port> <path>");
        eprintln!("Example:\n  http_client 127.0.0.1 8000 /index.html");
        return ExitCode::FAILURE;
    };
    let result = IoContext::new().map_err(Failure::Io).and_then(|io| {
        if async_mode {
            async_client(&io, host, port, path)
        } else {
            sync_client(&io, host, port, path)
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::FAILURE
        }
    }
}
