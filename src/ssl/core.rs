//! `TlsCore`: the core of a TLS stream, a rustls connection over the next layer, and its
//! read, write and shutdown steps, through which [`Stream`](super::Stream) gets the whole
//! stream surface of [`IoObject`](crate::IoObject).

use std::fmt;
use std::io::{self, IoSlice};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::task::{ready, Context, Poll};

use rustls::pki_types::ServerName;
use rustls::{ClientConnection, Connection, ServerConnection};

use super::bridge::{fill, flush, tls_error};
use super::context::Context as TlsContext;
use super::role::Role;
use crate::error;
use crate::executor::Executor;
use crate::io::{AsyncReadStream, AsyncWriteStream, Core, OpState};

/// The core of a [`Stream`](super::Stream): the next layer (a socket, or any stream that is a
/// [`Core`]) and the rustls connection over it (feature `tls`).
///
/// Every operation on the stream polls the next layer with the operation's own state, made by
/// the next layer's `start_read` or `start_write`, in whichever direction TLS needs (a read may
/// have to write an alert, a handshake does both): the states of jeton's I/O objects serve
/// both directions.
pub struct TlsCore<S> {
    next: S,
    ctx: TlsContext,
    /// Locked by each poll of an operation on the stream, for the time of that poll.
    state: Mutex<TlsState>,
}

/// The TLS state of a stream.
struct TlsState {
    /// Made by the first poll of the handshake; `None` before.
    conn: Option<Connection>,
    /// The name a client verifies the server's certificate against and sends (SNI).
    host_name: Option<ServerName<'static>>,
    /// Plaintext bytes the write in progress has handed to the connection, whose records are
    /// not all on the next layer yet: the write completes with this count once they are.
    /// Cleared when a write starts (a write dropped half-way leaves its records queued; they
    /// go out, in order, before the next write's).
    write_taken: Option<usize>,
    /// `close_notify` has been queued.
    close_sent: bool,
}

/// The error of a read or write before the handshake.
fn no_handshake() -> io::Error {
    io::Error::new(
        io::ErrorKind::NotConnected,
        "the TLS handshake has not been made: call handshake first",
    )
}

impl<S> TlsCore<S> {
    /// A core over `next`, with no connection yet.
    pub(super) fn new(next: S, ctx: &TlsContext) -> TlsCore<S> {
        TlsCore {
            next,
            ctx: ctx.clone(),
            state: Mutex::new(TlsState {
                conn: None,
                host_name: None,
                write_taken: None,
                close_sent: false,
            }),
        }
    }

    /// Returns the next layer.
    pub fn next_layer(&self) -> &S {
        &self.next
    }

    fn lock(&self) -> MutexGuard<'_, TlsState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sets the host name a client handshake verifies and sends.
    pub(super) fn set_host_name(&self, name: ServerName<'static>) {
        self.lock().host_name = Some(name);
    }

    /// Returns the protocol ALPN agreed on, once the handshake has made it.
    pub(super) fn alpn_protocol(&self) -> Option<Vec<u8>> {
        self.lock()
            .conn
            .as_ref()
            .and_then(|c| c.alpn_protocol().map(<[u8]>::to_vec))
    }

    /// Makes the connection for `role` if there is none yet.
    fn connect(&self, st: &mut TlsState, role: Role) -> io::Result<()> {
        if st.conn.is_some() {
            return Ok(());
        }
        let conn: Connection = match role {
            Role::Client => {
                let name = st.host_name.clone().ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "a TLS client needs the server's name: call set_host_name first",
                    )
                })?;
                ClientConnection::new(self.ctx.client_config()?, name)
                    .map_err(tls_error)?
                    .into()
            }
            Role::Server => ServerConnection::new(self.ctx.server_config()?)
                .map_err(tls_error)?
                .into(),
        };
        st.conn = Some(conn);
        Ok(())
    }
}

impl<S: Core + AsyncReadStream + AsyncWriteStream> TlsCore<S> {
    /// One poll of the handshake in `role`: exchanges records until the connection is no
    /// longer handshaking and every record of ours is on the next layer.
    pub(super) fn poll_handshake(
        &self,
        cx: &mut Context<'_>,
        role: Role,
        op: &mut OpState,
    ) -> Poll<io::Result<()>> {
        let mut guard = self.lock();
        let st = &mut *guard;
        self.connect(st, role)?;
        let conn = st.conn.as_mut().expect("connected above");
        loop {
            let written = flush(&self.next, conn, cx, op)?.is_ready();
            if !conn.is_handshaking() {
                return if written {
                    Poll::Ready(Ok(()))
                } else {
                    Poll::Pending
                };
            }
            if !conn.wants_read() {
                return if written {
                    Poll::Ready(Err(io::Error::other("the TLS handshake stalled")))
                } else {
                    Poll::Pending
                };
            }
            if !ready!(fill(&self.next, conn, cx, op))? {
                // The peer left in the middle of the handshake.
                return Poll::Ready(Err(error::eof()));
            }
        }
    }

    /// One poll of the TLS shutdown: queues `close_notify`, writes every pending record, then
    /// shuts down the next layer's writing side. It does not wait for the peer's
    /// `close_notify`: a read sees it (as end of stream, 0 bytes).
    pub(super) fn poll_close(
        &self,
        cx: &mut Context<'_>,
        op: &mut OpState,
    ) -> Poll<io::Result<()>> {
        {
            let mut guard = self.lock();
            let st = &mut *guard;
            if let Some(conn) = st.conn.as_mut() {
                if !st.close_sent {
                    conn.send_close_notify();
                    st.close_sent = true;
                }
                ready!(flush(&self.next, conn, cx, op))?;
            }
        }
        self.next.poll_shutdown(cx)
    }

    /// One poll of a write: hands plaintext to the connection with `take`, then writes its
    /// records to the next layer; completes with the count once they are all there.
    fn poll_write_with(
        &self,
        cx: &mut Context<'_>,
        op: &mut OpState,
        nothing: bool,
        take: impl FnOnce(&mut rustls::Writer<'_>) -> io::Result<usize>,
    ) -> Poll<io::Result<usize>> {
        let mut guard = self.lock();
        let st = &mut *guard;
        let Some(conn) = st.conn.as_mut() else {
            return Poll::Ready(Err(no_handshake()));
        };
        if st.write_taken.is_none() {
            if nothing {
                return Poll::Ready(Ok(0)); // G11: at once.
            }
            // Records queued earlier (a dropped write's, an alert) go first.
            ready!(flush(&self.next, conn, cx, op))?;
            st.write_taken = Some(take(&mut conn.writer())?);
        }
        let r = ready!(flush(&self.next, conn, cx, op));
        let taken = st.write_taken.take().expect("set above");
        Poll::Ready(r.map(|()| taken))
    }
}

impl<S: Core + AsyncReadStream + AsyncWriteStream> Core for TlsCore<S> {
    fn executor(&self) -> &Executor {
        Core::executor(&self.next)
    }

    /// Cancels the next layer's operations, and so this stream's.
    fn cancel(&self) {
        self.next.cancel();
    }

    /// Closes the next layer (with no `close_notify`: call `shutdown` first for that).
    fn close(&self) {
        self.next.close();
    }

    fn is_open(&self) -> bool {
        self.next.is_open()
    }
}

/// Reads plaintext: what the connection holds, else records from the next layer. `Ok(0)`
/// after the peer's `close_notify`; [`error::stream_truncated`] if the next layer ended
/// without one.
impl<S: Core + AsyncReadStream + AsyncWriteStream> AsyncReadStream for TlsCore<S> {
    fn executor(&self) -> Executor {
        Core::executor(&self.next).clone()
    }

    fn start_read(&self) -> OpState {
        self.next.start_read()
    }

    fn poll_read_some(
        &self,
        cx: &mut Context<'_>,
        buf: &mut [u8],
        op: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        let mut guard = self.lock();
        let Some(conn) = guard.conn.as_mut() else {
            return Poll::Ready(Err(no_handshake()));
        };
        if buf.is_empty() {
            return Poll::Ready(Ok(0)); // G11: at once.
        }
        loop {
            match io::Read::read(&mut conn.reader(), buf) {
                Ok(n) => return Poll::Ready(Ok(n)),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    return Poll::Ready(Err(error::stream_truncated()));
                }
                Err(e) => return Poll::Ready(Err(e)),
            }
            // Records we owe the peer (an alert, a key update) go out as we wait for data.
            if let Poll::Ready(Err(e)) = flush(&self.next, conn, cx, op) {
                return Poll::Ready(Err(e));
            }
            ready!(fill(&self.next, conn, cx, op))?;
        }
    }
}

/// Writes plaintext as records, completing once they are on the next layer; `poll_shutdown`
/// sends `close_notify` and shuts the next layer's writing side down.
impl<S: Core + AsyncReadStream + AsyncWriteStream> AsyncWriteStream for TlsCore<S> {
    fn executor(&self) -> Executor {
        Core::executor(&self.next).clone()
    }

    fn start_write(&self) -> OpState {
        self.lock().write_taken = None;
        self.next.start_write()
    }

    fn poll_write_some(
        &self,
        cx: &mut Context<'_>,
        buf: &[u8],
        op: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        self.poll_write_with(cx, op, buf.is_empty(), |w| io::Write::write(w, buf))
    }

    fn poll_write_vectored(
        &self,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
        op: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        let nothing = bufs.iter().all(|b| b.is_empty());
        self.poll_write_with(cx, op, nothing, |w| io::Write::write_vectored(w, bufs))
    }

    fn poll_shutdown(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // No operation state to keep between polls here (`futures::io`'s `poll_close` gives
        // none): each poll starts one for its flush.
        let mut op = self.next.start_write();
        self.poll_close(cx, &mut op)
    }
}

impl<S: fmt::Debug> fmt::Debug for TlsCore<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.lock();
        f.debug_struct("TlsCore")
            .field("next", &self.next)
            .field("handshaking", &st.conn.as_ref().map(|c| c.is_handshaking()))
            .field("host_name", &st.host_name)
            .finish()
    }
}
