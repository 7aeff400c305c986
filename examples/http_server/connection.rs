//! Represents a single connection from a client (Asio's `connection.cpp`): read a request,
//! parse it as it arrives, write the reply, close.

use std::io;
use std::net::Shutdown;
use std::sync::{Arc, Mutex};

use jeton::error;
use jeton::net::TcpSocket;

use super::connection_manager::ConnectionManager;
use super::reply::{Reply, Status};
use super::request::Request;
use super::request_handler::RequestHandler;
use super::request_parser::{ParseResult, RequestParser};

/// The size of each read (Asio's `std::array<char, 8192> buffer_`).
const BUFFER_SIZE: usize = 8192;

/// A connection: its socket, and the request being parsed.
pub struct Connection {
    socket: TcpSocket,
    /// The manager for this connection.
    manager: Arc<ConnectionManager>,
    /// The handler used to process the incoming request.
    handler: Arc<RequestHandler>,
    /// The parser and the request it fills. One operation of a connection is in flight at a
    /// time (a read, then the write), so only one handler touches it at once, whichever
    /// thread runs it.
    parsing: Mutex<(RequestParser, Request)>,
}

impl Connection {
    /// Constructs a connection with the given socket.
    pub fn new(
        socket: TcpSocket,
        manager: Arc<ConnectionManager>,
        handler: Arc<RequestHandler>,
    ) -> Arc<Connection> {
        Arc::new(Connection {
            socket,
            manager,
            handler,
            parsing: Mutex::default(),
        })
    }

    /// Starts the first asynchronous operation for the connection.
    pub fn start(self: &Arc<Self>) {
        self.clone().do_read(vec![0u8; BUFFER_SIZE]);
    }

    /// Stops all asynchronous operations associated with the connection.
    pub fn stop(&self) {
        self.socket.close();
    }

    /// Performs an asynchronous read operation.
    fn do_read(self: Arc<Self>, buffer: Vec<u8>) {
        let socket = self.socket.handle();
        socket.async_read_some(buffer, move |(r, buffer): (io::Result<usize>, Vec<u8>)| {
            match r {
                Ok(n) if n > 0 => {
                    let (result, reply) = {
                        let mut parsing = self.parsing.lock().expect("no handler panics");
                        let (parser, request) = &mut *parsing;
                        let (result, _) = parser.parse(request, &buffer[..n]);
                        let reply = match result {
                            ParseResult::Good => Some(self.handler.handle_request(request)),
                            ParseResult::Bad => Some(Reply::stock_reply(Status::BadRequest)),
                            ParseResult::Indeterminate => None,
                        };
                        (result, reply)
                    };
                    match reply {
                        Some(reply) => self.do_write(reply),
                        None => {
                            debug_assert_eq!(result, ParseResult::Indeterminate);
                            self.do_read(buffer)
                        }
                    }
                }
                // The end of the stream (Asio's eof) or an error: done with this one.
                Ok(_) => self.manager.clone().stop(&self),
                Err(e) if !error::is_aborted(&e) => self.manager.clone().stop(&self),
                Err(_) => {} // Stopped by the manager.
            }
        });
    }

    /// Performs an asynchronous write operation.
    fn do_write(self: Arc<Self>, reply: Reply) {
        let socket = self.socket.handle();
        jeton::io::async_write_vectored(
            socket,
            reply.into_buffers(),
            move |(r, _): (io::Result<usize>, Vec<Vec<u8>>)| {
                if r.is_ok() {
                    // Initiate graceful connection closure.
                    let _ = self.socket.shutdown(Shutdown::Both);
                }
                if !matches!(&r, Err(e) if error::is_aborted(e)) {
                    self.manager.clone().stop(&self);
                }
            },
        );
    }
}
