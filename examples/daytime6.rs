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
use std::sync::Arc;

use jeton::net::UdpSocket;
use jeton::IoContext;

#[path = "daytime/budget.rs"]
mod budget;
#[path = "daytime/common.rs"]
mod common;
use budget::Budget;
use common::{make_daytime_string, Args};

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
