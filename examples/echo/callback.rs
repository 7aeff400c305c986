//! `async_tcp_echo_server.cpp`: sessions kept alive by the `Arc` their pending handler holds.

use super::*;

/// One connection (Asio's `session`).
struct Session {
    socket: TcpSocket,
}

impl Session {
    fn new(socket: TcpSocket) -> Arc<Session> {
        Arc::new(Session { socket })
    }

    fn start(self: Arc<Self>) {
        self.do_read(vec![0u8; MAX_LENGTH]);
    }

    fn do_read(self: Arc<Self>, data: Vec<u8>) {
        let this = self.clone(); // auto self(shared_from_this());
        self.socket
            .async_read_some(
                data,
                move |(result, data): (io::Result<usize>, Vec<u8>)| match result {
                    Ok(0) | Err(_) => {} // End of stream or error: the session ends.
                    Ok(length) => this.do_write(data, length),
                },
            );
    }

    fn do_write(self: Arc<Self>, data: Vec<u8>, length: usize) {
        let this = self.clone();
        async_write(
            self.socket.handle(),
            data.slice(..length), // asio::buffer(data_, length)
            move |(result, data): (io::Result<usize>, Slice<Vec<u8>>)| {
                if result.is_ok() {
                    this.do_read(data.into_inner());
                }
            },
        );
    }
}

/// The listener (Asio's `server`).
pub struct Server {
    acceptor: TcpAcceptor,
    /// How many more connections to accept (`--max-conns`; `usize::MAX`: no limit).
    accepts_left: AtomicUsize,
    /// The back-off after a failed accept; one accept or back-off is pending at a time.
    backoff: SteadyTimer,
}

impl Server {
    /// Starts accepting on `acceptor`; the server lives as long as an accept is pending.
    pub fn start(acceptor: TcpAcceptor, max_conns: Option<usize>) {
        let server = Arc::new(Server {
            backoff: SteadyTimer::new(&acceptor.executor()),
            acceptor,
            accepts_left: AtomicUsize::new(max_conns.unwrap_or(usize::MAX)),
        });
        server.do_accept();
    }

    fn do_accept(self: Arc<Self>) {
        let this = self.clone();
        self.acceptor
            .async_accept(move |result: io::Result<(TcpSocket, SocketAddr)>| {
                match result {
                    Ok((socket, _peer)) => {
                        Session::new(socket).start();
                        if this.accepts_left.fetch_sub(1, Relaxed) == 1 {
                            return; // --max-conns reached: stop accepting.
                        }
                    }
                    Err(e) => {
                        log_accept_error(&e);
                        return this.back_off();
                    }
                }
                this.do_accept();
            });
    }

    /// Accepts again after [`ACCEPT_BACKOFF`].
    fn back_off(self: Arc<Self>) {
        self.backoff.expires_after(ACCEPT_BACKOFF);
        let this = self.clone();
        self.backoff
            .async_wait(move |_: io::Result<()>| this.do_accept());
    }
}
