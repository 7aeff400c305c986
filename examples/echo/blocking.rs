//! `blocking_tcp_echo_server.cpp`: a thread per connection, blocking calls.

use super::*;

fn session(sock: TcpSocket) {
    let result = (|| -> io::Result<()> {
        loop {
            let mut data = [0u8; MAX_LENGTH];
            let length = sock.read_some(&mut data)?;
            if length == 0 {
                return Ok(()); // Connection closed cleanly by peer.
            }
            jeton::io::write(&sock, &data[..length])?;
        }
    })();
    if let Err(e) = result {
        eprintln!("Exception in thread: {e}");
    }
}

/// Accepts connections on the calling thread until `--max-conns`, then waits for the
/// sessions to end. A failed accept is logged, and the next one waits a back-off.
pub fn server(acceptor: TcpAcceptor, max_conns: Option<usize>) -> io::Result<()> {
    let mut sessions = Vec::new();
    let mut next = SessionThread::start(&acceptor.executor());
    let mut accepted = 0;
    while accepted < max_conns.unwrap_or(usize::MAX) {
        let sock = match acceptor.accept() {
            Ok((sock, _peer)) => sock,
            Err(e) => {
                log_accept_error(&e);
                std::thread::sleep(ACCEPT_BACKOFF);
                continue;
            }
        };
        accepted += 1;
        sessions.retain(|s: &std::thread::JoinHandle<()>| !s.is_finished());
        let thread = std::mem::replace(&mut next, SessionThread::start(&acceptor.executor()));
        sessions.push(thread.serve(sock));
    }
    drop(next); // Its thread ends without a connection.
    for s in sessions {
        s.join().expect("a session thread does not panic");
    }
    Ok(())
}

/// The thread of the next connection, started before the accept.
///
/// Each thread that makes blocking calls needs one descriptor of its own: jeton's
/// per-thread wake-up eventfd, made by its first blocking call that waits. A thread
/// started after the accept took the last free descriptor could not make it, and every
/// read of its session would fail with `EMFILE`. So the thread makes it first, retrying
/// after a back-off at the limit, and the accept waits until it has.
struct SessionThread {
    socket: mpsc::Sender<TcpSocket>,
    handle: std::thread::JoinHandle<()>,
}

impl SessionThread {
    /// Starts the thread and waits until it has its wake-up descriptor.
    fn start(ex: &Executor) -> SessionThread {
        let (socket, next_socket) = mpsc::channel::<TcpSocket>();
        let (ready, is_ready) = mpsc::channel();
        let timer = SteadyTimer::new(ex);
        let handle = std::thread::spawn(move || {
            // A 1 ms blocking wait makes the descriptor, or fails at the limit.
            timer.expires_after(Duration::from_millis(1));
            while let Err(e) = timer.wait() {
                if e.raw_os_error() != Some(libc::EMFILE) {
                    break;
                }
                log_accept_error(&e);
                std::thread::sleep(ACCEPT_BACKOFF);
                timer.expires_after(Duration::from_millis(1));
            }
            let _ = ready.send(());
            if let Ok(sock) = next_socket.recv() {
                session(sock);
            }
        });
        let _ = is_ready.recv();
        SessionThread { socket, handle }
    }

    /// Hands `sock` to the thread, which serves it.
    fn serve(self, sock: TcpSocket) -> std::thread::JoinHandle<()> {
        self.socket
            .send(sock)
            .expect("the session thread waits for its socket");
        self.handle
    }
}
