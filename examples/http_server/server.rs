//! The top-level class of the HTTP server (Asio's `server.cpp`): the acceptor, the signal set
//! that stops it, the connection manager and the request handler.

use std::io;
use std::path::Path;
use std::sync::Arc;

use jeton::net::{Acceptor, Resolver, Tcp, TcpAcceptor};
use jeton::signal::{SignalSet, SIGINT, SIGQUIT, SIGTERM};
use jeton::{error, io::Handle, IoContext};

use super::connection::Connection;
use super::connection_manager::ConnectionManager;
use super::request_handler::RequestHandler;

/// A handle to the acceptor, for the handlers.
type AcceptorRef = Acceptor<Tcp, Handle>;

/// The HTTP server.
pub struct Server {
    io_context: IoContext,
    /// How many threads call `run()`.
    threads: usize,
    /// The signal set is used to register for process termination notifications.
    _signals: SignalSet,
    /// Acceptor used to listen for incoming connections.
    acceptor: TcpAcceptor,
}

impl Server {
    /// Constructs the server to listen on the specified TCP address and port, and serve up
    /// files from the given directory.
    pub fn new(address: &str, port: &str, doc_root: &Path, threads: usize) -> io::Result<Server> {
        let io_context = IoContext::new()?;
        let ex = io_context.executor();
        // Register to handle the signals that indicate when the server should exit. It is
        // safe to register for the same signal multiple times in a program, provided all
        // registration for the specified signal is made through jeton.
        let signals = SignalSet::new(&ex, &[SIGINT, SIGTERM, SIGQUIT])?;

        // Open the acceptor with the option to reuse the address (i.e. SO_REUSEADDR).
        let endpoint = Resolver::new(&ex)
            .resolve(address, port)?
            .endpoints()
            .next()
            .ok_or_else(error::not_found)?;
        let acceptor = TcpAcceptor::bind(&ex, endpoint)?;

        let manager = Arc::new(ConnectionManager::default());
        let handler = Arc::new(RequestHandler::new(doc_root));
        do_accept(acceptor.handle(), manager.clone(), handler);
        do_await_stop(&signals, acceptor.handle(), manager);
        Ok(Server {
            io_context,
            threads: threads.max(1),
            _signals: signals,
            acceptor,
        })
    }

    /// Returns the address the server listens on.
    pub fn local_addr(&self) -> io::Result<std::net::SocketAddr> {
        self.acceptor.local_addr()
    }

    /// Runs the server's `io_context` loop on `threads` threads (this one included), until
    /// every connection and the acceptor are closed.
    pub fn run(&self) {
        // The io_context::run() call will block until all asynchronous operations have
        // finished. While the server is running, there is always at least one asynchronous
        // operation outstanding: the asynchronous accept call waiting for new incoming
        // connections.
        std::thread::scope(|s| {
            for _ in 1..self.threads {
                s.spawn(|| self.io_context.run());
            }
            self.io_context.run();
        });
    }
}

/// Performs an asynchronous accept operation.
fn do_accept(acceptor: AcceptorRef, manager: Arc<ConnectionManager>, handler: Arc<RequestHandler>) {
    let acc = acceptor.clone();
    acceptor.async_accept(move |r: io::Result<(jeton::net::TcpSocket, _)>| {
        // Check whether the server was stopped by a signal before this completion handler
        // had a chance to run.
        if !acc.is_open() {
            return;
        }
        if let Ok((socket, _peer)) = r {
            manager.start(Connection::new(socket, manager.clone(), handler.clone()));
        }
        do_accept(acc, manager, handler);
    });
}

/// Waits for a request to stop the server.
fn do_await_stop(signals: &SignalSet, acceptor: AcceptorRef, manager: Arc<ConnectionManager>) {
    signals.async_wait(move |_: io::Result<i32>| {
        // The server is stopped by cancelling all outstanding asynchronous operations. Once
        // all operations have finished the io_context::run() call will exit.
        acceptor.close();
        manager.stop_all();
    });
}
