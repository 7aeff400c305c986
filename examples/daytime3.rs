//! Daytime.3 - An asynchronous TCP daytime server.
//!
//! Asio's tutorial, third networking step: the server of Daytime.2 with completion handlers.
//! A `tcp_server` keeps one `async_accept` pending; each accepted connection is a
//! `tcp_connection` that writes the time of day with `async_write` and lives, through a
//! `shared_ptr`, exactly as long as an operation still refers to it.
//!
//! ```cpp
//! class tcp_connection
//!   : public std::enable_shared_from_this<tcp_connection>
//! {
//! public:
//!   typedef std::shared_ptr<tcp_connection> pointer;
//!
//!   static pointer create(asio::io_context& io_context)
//!   {
//!     return pointer(new tcp_connection(io_context));
//!   }
//!
//!   tcp::socket& socket() { return socket_; }
//!
//!   void start()
//!   {
//!     message_ = make_daytime_string();
//!
//!     asio::async_write(socket_, asio::buffer(message_),
//!         std::bind(&tcp_connection::handle_write, shared_from_this(),
//!           asio::placeholders::error,
//!           asio::placeholders::bytes_transferred));
//!   }
//!
//! private:
//!   void handle_write(const std::error_code& /*error*/,
//!       size_t /*bytes_transferred*/)
//!   {
//!   }
//!
//!   tcp::socket socket_;
//!   std::string message_;
//! };
//!
//! class tcp_server
//! {
//! public:
//!   tcp_server(asio::io_context& io_context)
//!     : io_context_(io_context),
//!       acceptor_(io_context, tcp::endpoint(tcp::v4(), 13))
//!   {
//!     start_accept();
//!   }
//!
//! private:
//!   void start_accept()
//!   {
//!     tcp_connection::pointer new_connection =
//!       tcp_connection::create(io_context_);
//!
//!     acceptor_.async_accept(new_connection->socket(),
//!         std::bind(&tcp_server::handle_accept, this, new_connection,
//!           asio::placeholders::error));
//!   }
//!
//!   void handle_accept(tcp_connection::pointer new_connection,
//!       const std::error_code& error)
//!   {
//!     if (!error)
//!     {
//!       new_connection->start();
//!     }
//!
//!     start_accept();
//!   }
//!
//!   asio::io_context& io_context_;
//!   tcp::acceptor acceptor_;
//! };
//!
//! int main()
//! {
//!   asio::io_context io_context;
//!   tcp_server server(io_context);
//!   io_context.run();
//! }
//! ```
//!
//! The mapping:
//!
//! - `std::shared_ptr<tcp_connection>` is `Arc<TcpConnection>`, and `shared_from_this()` is
//!   `self: Arc<Self>` plus a clone: the closure passed to `async_write` owns a clone, so the
//!   connection (and its socket) lives until the handler has run, then is dropped, which
//!   closes the socket. An operation holds only a [`handle`](TcpSocket::handle) to the socket,
//!   which does not keep it open: forgetting the clone would close the connection before the
//!   write, as forgetting `shared_from_this()` would be a use-after-free in C++.
//! - `std::bind(&tcp_connection::handle_write, shared_from_this(), placeholders::error,
//!   placeholders::bytes_transferred)` is `move |(result, message)| this.handle_write(result,
//!   message)`: the closure's argument carries the placeholders, its captures the bound values.
//! - `asio::buffer(message_)` points into the connection, which the bound `shared_ptr` keeps
//!   alive. In jeton the message is an owned buffer (`Vec<u8>`): it moves into the operation,
//!   and the operation hands it back to the handler with the result (success or error).
//! - Asio accepts into a socket made beforehand (`tcp_connection::create(io_context_)` then
//!   `async_accept(new_connection->socket(), ...)`); jeton's
//!   [`async_accept`](TcpAcceptor::async_accept) completes with the new socket, so the
//!   connection is created in `handle_accept` (Asio's move-accept overload does the same).
//! - `tcp_server` binds `this` into its handlers and relies on `main` keeping the server
//!   alive. A closure handler must be `'static`, so the server is shared through an `Arc` too.
//! - `io_context.run()` returns when no work is left: with `--count N`, the server stops
//!   accepting after N connections, and `run()` returns once their writes are done.
//!
//! Differences, so the example runs without root and in tests: it listens on `127.0.0.1`, on
//! the port given as first argument (default 13; 0 picks a free port), prints `listening on
//! 127.0.0.1:PORT` to stderr, and `--count N` bounds it. The time is UTC (see Daytime.2).
//!
//! ```text
//! cargo run --example daytime3 -- 1313 &
//! cargo run --example daytime1 -- 127.0.0.1 1313
//! ```

use std::error::Error;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use jeton::io::async_write;
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::IoContext;

#[path = "daytime/budget.rs"]
mod budget;
#[path = "daytime/common.rs"]
mod common;
use budget::Budget;
use common::{make_daytime_string, Args};

/// One connection, shared by the handlers of its pending operations (Asio's
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
            move |(result, message): (io::Result<usize>, Vec<u8>)| {
                this.handle_write(result, message)
            },
        );
    }

    fn handle_write(&self, _result: io::Result<usize>, _message: Vec<u8>) {}
}

/// The server: one pending accept at a time.
struct TcpServer {
    acceptor: TcpAcceptor,
    /// The connections still to accept (`--count N`).
    budget: Budget,
}

impl TcpServer {
    fn new(io_context: &IoContext, port: u16, count: Option<usize>) -> io::Result<Arc<Self>> {
        let acceptor = TcpAcceptor::bind(
            &io_context.executor(),
            SocketAddr::from(([127, 0, 0, 1], port)),
        )?;
        let server = Arc::new(TcpServer {
            acceptor,
            budget: Budget::new(count),
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
                TcpConnection::create(socket).start();
                self.budget.spend()
            }
            Err(_) => true,
        };

        if more {
            self.start_accept();
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse("daytime3");

    let io_context = IoContext::new()?;
    let server = TcpServer::new(&io_context, args.port, args.count)?;
    eprintln!("listening on {}", server.local_addr()?);
    io_context.run();

    Ok(())
}
