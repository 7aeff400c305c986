//! The bridge between rustls and the next layer: `std::io::{Read, Write}` over the next
//! layer's poll functions (what `read_tls` and `write_tls` take), and the two steps every TLS
//! operation is made of, moving records out ([`flush`]) and in ([`fill`]).

use std::io::{self, IoSlice};
use std::task::{Context, Poll};

use rustls::Connection;

use crate::io::{AsyncReadStream, AsyncWriteStream, OpState};

/// The next layer as a `std::io::Read` for one poll: `Pending` becomes `WouldBlock`, noted
/// in `pending` (a `WouldBlock` the next layer returns itself, in non-blocking mode, is
/// passed on as an error).
struct NextReader<'a, 'c, S> {
    next: &'a S,
    cx: &'a mut Context<'c>,
    st: &'a mut OpState,
    pending: bool,
}

impl<S: AsyncReadStream> io::Read for NextReader<'_, '_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.next.poll_read_some(self.cx, buf, self.st) {
            Poll::Ready(r) => r,
            Poll::Pending => {
                self.pending = true;
                Err(io::ErrorKind::WouldBlock.into())
            }
        }
    }
}

/// The next layer as a `std::io::Write` for one poll, as [`NextReader`].
struct NextWriter<'a, 'c, S> {
    next: &'a S,
    cx: &'a mut Context<'c>,
    st: &'a mut OpState,
    pending: bool,
}

impl<S: AsyncWriteStream> io::Write for NextWriter<'_, '_, S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_vectored(&[IoSlice::new(buf)])
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        match self.next.poll_write_vectored(self.cx, bufs, self.st) {
            Poll::Ready(r) => r,
            Poll::Pending => {
                self.pending = true;
                Err(io::ErrorKind::WouldBlock.into())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Returns the error of a TLS protocol failure (a bad record, a certificate that does not
/// verify, an alert from the peer).
pub(super) fn tls_error(e: rustls::Error) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e)
}

/// Writes the connection's pending records to the next layer until none is left: `Ready(Ok)`
/// then, `Pending` when the next layer would block (this poll's waker is registered).
pub(super) fn flush<S: AsyncWriteStream>(
    next: &S,
    conn: &mut Connection,
    cx: &mut Context<'_>,
    st: &mut OpState,
) -> Poll<io::Result<()>> {
    while conn.wants_write() {
        let mut w = NextWriter {
            next,
            cx: &mut *cx,
            st: &mut *st,
            pending: false,
        };
        match conn.write_tls(&mut w) {
            Ok(0) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && w.pending => return Poll::Pending,
            Err(e) => return Poll::Ready(Err(e)),
        }
    }
    Poll::Ready(Ok(()))
}

/// Reads records from the next layer into the connection and processes them: `Ready(Ok(true))`
/// when some came, `Ready(Ok(false))` at the next layer's end of stream (the connection knows
/// it too), `Pending` when the next layer would block. A protocol error is returned after the
/// alert rustls queued for the peer has been given a chance to go out.
pub(super) fn fill<S: AsyncReadStream + AsyncWriteStream>(
    next: &S,
    conn: &mut Connection,
    cx: &mut Context<'_>,
    st: &mut OpState,
) -> Poll<io::Result<bool>> {
    let mut r = NextReader {
        next,
        cx: &mut *cx,
        st: &mut *st,
        pending: false,
    };
    let got = match conn.read_tls(&mut r) {
        Ok(n) => n,
        Err(e) if e.kind() == io::ErrorKind::WouldBlock && r.pending => return Poll::Pending,
        Err(e) => return Poll::Ready(Err(e)),
    };
    if let Err(e) = conn.process_new_packets() {
        let _ = flush(next, conn, cx, st); // Best effort: the alert.
        return Poll::Ready(Err(tls_error(e)));
    }
    Poll::Ready(Ok(got > 0))
}
