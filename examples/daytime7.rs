//! Daytime.7 - A combined TCP/UDP asynchronous server.
//!
//! Asio's tutorial, last networking step: the TCP server of Daytime.3 and the UDP server of
//! Daytime.6 in one program, on one `io_context`. One thread calling `run()` serves both.
//!
//! ```cpp
//! class tcp_connection ...   // as in Daytime.3
//! class tcp_server ...       // as in Daytime.3
//!
//! class udp_server
//! {
//!   ...
//!   void start_receive()
//!   {
//!     socket_.async_receive_from(
//!         asio::buffer(recv_buffer_), remote_endpoint_,
//!         std::bind(&udp_server::handle_receive, this,
//!           asio::placeholders::error));
//!   }
//!
//!   void handle_receive(const std::error_code& error)
//!   {
//!     if (!error)
//!     {
//!       std::shared_ptr<std::string> message(
//!           new std::string(make_daytime_string()));
//!
//!       socket_.async_send_to(asio::buffer(*message), remote_endpoint_,
//!           std::bind(&udp_server::handle_send, this, message));
//!
//!       start_receive();
//!     }
//!   }
//!
//!   void handle_send(std::shared_ptr<std::string> /*message*/)
//!   {
//!   }
//!   ...
//! };
//!
//! int main()
//! {
//!   asio::io_context io_context;
//!   tcp_server server1(io_context);
//!   udp_server server2(io_context);
//!   io_context.run();
//! }
//! ```
//!
//! The mapping is that of Daytime.3 (TCP) and Daytime.6 (UDP):
//!
//! - Connections and servers are shared through `Arc` (`shared_ptr`, `shared_from_this()`,
//!   and the `this` that the C++ binds into handlers).
//! - Messages and receive buffers are owned buffers that move into each operation and come
//!   back to its handler (the C++ keeps them alive with a bound `shared_ptr` or a member).
//! - This version's handlers ignore the byte count, as the C++ does by binding only
//!   `placeholders::error`: a closure simply ignores that part of its argument.
//! - Both servers' operations are work on the one context, so `io_context.run()` serves both
//!   on one thread, and returns only when neither has an operation pending.
//!
//! Differences, so the example runs without root and in tests: it listens on `127.0.0.1`, on
//! the port given as first argument for TCP and the same port for UDP (default 13; 0 picks a
//! free TCP port, then UDP binds the same number), prints `listening on 127.0.0.1:PORT` to
//! stderr, and `--count N` makes it exit after N requests in all (TCP and UDP together): the
//! server that answers the last one cancels both servers' pending operations. The time is
//! UTC (see Daytime.2).
//!
//! ```text
//! cargo run --example daytime7 -- 1313 &
//! cargo run --example daytime1 -- 127.0.0.1 1313
//! cargo run --example daytime4 -- 127.0.0.1 1313
//! ```

use std::error::Error;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

use jeton::io::async_write;
use jeton::net::{TcpAcceptor, TcpSocket, UdpSocket};
use jeton::{error, IoContext};

#[path = "daytime/common.rs"]
mod common;
use common::{make_daytime_string, Args};

/// One TCP connection, shared by the handlers of its pending operations (Asio's
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
            move |(_result, message): (io::Result<usize>, Vec<u8>)| this.handle_write(message),
        );
    }

    fn handle_write(&self, _message: Vec<u8>) {}
}

/// The TCP server: one pending accept at a time.
struct TcpServer {
    acceptor: TcpAcceptor,
    /// The requests still to answer, shared with the UDP server (`--count N`).
    budget: Arc<Budget>,
}

impl TcpServer {
    fn new(io_context: &IoContext, port: u16, budget: Arc<Budget>) -> io::Result<Arc<Self>> {
        let acceptor = TcpAcceptor::bind(
            &io_context.executor(),
            SocketAddr::from(([127, 0, 0, 1], port)),
        )?;
        let server = Arc::new(TcpServer { acceptor, budget });
        let weak = Arc::downgrade(&server);
        server.budget.on_exhausted(move || {
            if let Some(server) = weak.upgrade() {
                server.acceptor.cancel();
            }
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
                let more = self.budget.spend();
                TcpConnection::create(socket).start();
                more
            }
            // Cancelled because the UDP server answered the last request.
            Err(e) if error::is_aborted(&e) => false,
            Err(_) => true,
        };

        if more {
            self.start_accept();
        }
    }
}

/// The UDP server: one pending receive at a time.
struct UdpServer {
    socket: UdpSocket,
    /// The requests still to answer, shared with the TCP server (`--count N`).
    budget: Arc<Budget>,
}

impl UdpServer {
    fn new(io_context: &IoContext, port: u16, budget: Arc<Budget>) -> io::Result<Arc<Self>> {
        let socket = UdpSocket::bind(
            &io_context.executor(),
            SocketAddr::from(([127, 0, 0, 1], port)),
        )?;
        let server = Arc::new(UdpServer { socket, budget });
        let weak = Arc::downgrade(&server);
        server.budget.on_exhausted(move || {
            if let Some(server) = weak.upgrade() {
                server.socket.cancel();
            }
        });
        server.start_receive(vec![0u8; 1]);
        Ok(server)
    }

    fn start_receive(self: &Arc<Self>, recv_buffer: Vec<u8>) {
        let this = self.clone();
        self.socket.async_recv_from(
            recv_buffer,
            move |(result, recv_buffer): (io::Result<(usize, SocketAddr)>, Vec<u8>)| {
                this.handle_receive(result.map(|(_len, from)| from), recv_buffer)
            },
        );
    }

    fn handle_receive(self: Arc<Self>, result: io::Result<SocketAddr>, recv_buffer: Vec<u8>) {
        if let Ok(remote_endpoint) = result {
            // Counted before the reply is sent: when this is the last request, counting it
            // cancels this socket's pending operations, and the reply must not be one of them.
            let more = self.budget.spend();

            let message = make_daytime_string().into_bytes();

            let this = self.clone();
            self.socket.async_send_to(
                message,
                remote_endpoint,
                move |(_result, message): (io::Result<usize>, Vec<u8>)| this.handle_send(message),
            );

            if more {
                self.start_receive(recv_buffer);
            }
        }
    }

    fn handle_send(&self, _message: Vec<u8>) {}
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse("daytime7");

    let io_context = IoContext::new()?;
    let budget = Budget::new(args.count);
    let server1 = TcpServer::new(&io_context, args.port, budget.clone())?;
    // The same port number for UDP, as the daytime service's 13/tcp and 13/udp.
    let port = server1.local_addr()?.port();
    let _server2 = UdpServer::new(&io_context, port, budget)?;
    eprintln!("listening on {}", server1.local_addr()?);
    io_context.run();

    Ok(())
}

/// How many more requests the two servers answer together (`--count N`; without it, no
/// limit), and how to stop both once none are left.
struct Budget {
    left: Option<AtomicUsize>,
    /// What each server registered to cancel its pending operation; called once, when the
    /// last request is counted. (Cancelling the UDP socket would also abort a reply still
    /// waiting for buffer space, which a datagram socket practically never does.)
    on_exhausted: Mutex<Vec<Box<dyn FnOnce() + Send>>>,
}

impl Budget {
    fn new(count: Option<usize>) -> Arc<Budget> {
        Arc::new(Budget {
            left: count.map(AtomicUsize::new),
            on_exhausted: Mutex::new(Vec::new()),
        })
    }

    /// Registers `stop`, to be called when the last request is counted.
    fn on_exhausted(&self, stop: impl FnOnce() + Send + 'static) {
        self.on_exhausted
            .lock()
            .expect("no hook panics")
            .push(Box::new(stop));
    }

    /// Counts one request; returns whether the server should take another.
    fn spend(&self) -> bool {
        let Some(left) = &self.left else {
            return true;
        };
        match left.fetch_update(Relaxed, Relaxed, |n| n.checked_sub(1)) {
            Ok(1) => {
                let hooks = std::mem::take(&mut *self.on_exhausted.lock().expect("no hook panics"));
                for stop in hooks {
                    stop();
                }
                false
            }
            Ok(_) => true,
            Err(_) => false, // An extra request (accepted before the cancel): answered too.
        }
    }
}
