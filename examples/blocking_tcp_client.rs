//! Blocking TCP client with timeouts - Asio's `timeouts/blocking_tcp_client.cpp`: connect,
//! send a line, and read lines until the same line comes back, each step with a deadline.
//!
//! Asio writes each step as an asynchronous operation whose handler stores the result, then
//! runs the context for at most the timeout and closes the socket if the operation has not
//! finished, to abort it:
//!
//! ```cpp
//! std::string read_line(std::chrono::steady_clock::duration timeout)
//! {
//!   std::error_code error;
//!   std::size_t n = 0;
//!   asio::async_read_until(socket_, asio::dynamic_buffer(input_buffer_), '\n',
//!       [&](const std::error_code& result_error, std::size_t result_n)
//!       {
//!         error = result_error;
//!         n = result_n;
//!       });
//!   run(timeout);
//!   if (error)
//!     throw std::system_error(error);
//!   std::string line(input_buffer_.substr(0, n - 1));
//!   input_buffer_.erase(0, n);
//!   return line;
//! }
//!
//! void run(std::chrono::steady_clock::duration timeout)
//! {
//!   io_context_.restart();
//!   io_context_.run_for(timeout);
//!   if (!io_context_.stopped())
//!   {
//!     socket_.close();
//!     io_context_.run();
//!   }
//! }
//! ```
//!
//! In jeton the deadline is a completion token: `cancel_after(timeout, Blocking)` runs the
//! operation on the calling thread (no thread runs the context) and cancels it at the
//! deadline. So each step is one line, the `run(timeout)` dance is gone, and a composed
//! operation (`read_until`, `write`) is bounded as a whole.
//!
//! Usage: `blocking_tcp_client <host> <port> <message> [timeout_ms]` (the timeout of each
//! step, 10 s as in Asio by default). It prints `Round trip time: N microseconds`; a step
//! that does not finish in time fails with `read_line: timed out` (or `connect`, `write_line`)
//! and exit status 1.

use std::io;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use jeton::io::DynamicBuffer;
use jeton::net::{self, Resolver, TcpSocket};
use jeton::{cancel_after, error, Blocking, IoContext};

/// A client whose every operation has a deadline.
struct Client {
    /// Never run: the blocking calls drive their own operations.
    _io: IoContext,
    resolver: Resolver,
    socket: TcpSocket,
    input_buffer: DynamicBuffer,
}

/// Names the step that failed, and says "timed out" for a step its deadline cancelled.
fn step(name: &'static str) -> impl FnOnce(io::Error) -> io::Error {
    move |e| {
        if error::is_aborted(&e) {
            io::Error::new(io::ErrorKind::TimedOut, format!("{name}: timed out"))
        } else {
            io::Error::new(e.kind(), format!("{name}: {e}"))
        }
    }
}

impl Client {
    fn new() -> io::Result<Client> {
        let io = IoContext::new()?;
        Ok(Client {
            resolver: Resolver::new(&io.executor()),
            socket: TcpSocket::new(&io.executor()),
            input_buffer: DynamicBuffer::new(Vec::new()),
            _io: io,
        })
    }

    fn connect(&self, host: &str, service: &str, timeout: Duration) -> io::Result<SocketAddr> {
        let endpoints = self
            .resolver
            .async_resolve(host, service, cancel_after(timeout, Blocking))
            .map_err(step("resolve"))?;
        let endpoints: Vec<SocketAddr> = endpoints.endpoints().collect();
        net::async_connect(&self.socket, endpoints, cancel_after(timeout, Blocking))
            .map_err(step("connect"))
    }

    fn read_line(&mut self, timeout: Duration) -> io::Result<String> {
        let n = jeton::io::async_read_until(
            &self.socket,
            &mut self.input_buffer,
            b'\n',
            cancel_after(timeout, Blocking),
        )
        .map_err(step("read_line"))?;
        let line = String::from_utf8_lossy(&self.input_buffer.data()[..n - 1]).into_owned();
        self.input_buffer.consume(n);
        Ok(line)
    }

    fn write_line(&self, line: &str, timeout: Duration) -> io::Result<()> {
        let data = format!("{line}\n");
        jeton::io::async_write(
            &self.socket,
            data.as_bytes(),
            cancel_after(timeout, Blocking),
        )
        .map_err(step("write_line"))?;
        Ok(())
    }
}

fn run(host: &str, port: &str, message: &str, timeout: Duration) -> io::Result<Duration> {
    let mut c = Client::new()?;
    c.connect(host, port, timeout)?;
    let time_sent = Instant::now();
    c.write_line(message, timeout)?;
    loop {
        let line = c.read_line(timeout)?;
        // Keep going until we get back the line that was sent.
        if line == message {
            return Ok(time_sent.elapsed());
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (host, port, message, timeout) = match &args[..] {
        [h, p, m] => (h, p, m, Duration::from_secs(10)),
        [h, p, m, t] => match t.parse() {
            Ok(ms) => (h, p, m, Duration::from_millis(ms)),
            Err(_) => {
                eprintln!("blocking_tcp_client: timeout_ms must be a number");
                return ExitCode::FAILURE;
            }
        },
        _ => {
            eprintln!("Usage: blocking_tcp_client <host> <port> <message> [timeout_ms]");
            return ExitCode::FAILURE;
        }
    };
    match run(host, port, message, timeout) {
        Ok(rtt) => {
            println!("Round trip time: {} microseconds", rtt.as_micros());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Exception: {e}");
            ExitCode::FAILURE
        }
    }
}
