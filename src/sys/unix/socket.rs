//! Socket system calls with the flags and casts `socket2` leaves to its callers: writes that
//! never raise `SIGPIPE`, accepted sockets that are non-blocking from the start, and receives
//! into initialised byte buffers.

use std::io::{self, IoSlice};
use std::mem::MaybeUninit;

use socket2::{SockAddr, Socket};

/// The flags of every send: a peer that has gone reports `EPIPE` instead of raising `SIGPIPE`.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
const SEND_FLAGS: libc::c_int = libc::MSG_NOSIGNAL;
#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
const SEND_FLAGS: libc::c_int = 0;

/// Sends some bytes on a connected socket (`send(2)`).
pub(crate) fn send(s: &Socket, buf: &[u8]) -> io::Result<usize> {
    s.send_with_flags(buf, SEND_FLAGS)
}

/// Sends some bytes from several buffers on a connected socket (`sendmsg(2)`).
pub(crate) fn send_vectored(s: &Socket, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
    s.send_vectored_with_flags(bufs, SEND_FLAGS)
}

/// Sends one datagram to `to` (`sendto(2)`).
pub(crate) fn send_to(s: &Socket, buf: &[u8], to: &SockAddr) -> io::Result<usize> {
    s.send_to_with_flags(buf, to, SEND_FLAGS)
}

/// Receives some bytes (`recv(2)`).
pub(crate) fn recv(s: &Socket, buf: &mut [u8]) -> io::Result<usize> {
    s.recv(as_uninit(buf))
}

/// Receives one datagram and its sender's address (`recvfrom(2)`).
pub(crate) fn recv_from(s: &Socket, buf: &mut [u8]) -> io::Result<(usize, SockAddr)> {
    s.recv_from(as_uninit(buf))
}

/// Accepts one connection (`accept4(2)`): the new socket is non-blocking and close-on-exec
/// from the start.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
pub(crate) fn accept(s: &Socket) -> io::Result<(Socket, SockAddr)> {
    s.accept4(libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC)
}

/// Accepts one connection (`accept(2)`, close-on-exec) and makes it non-blocking.
#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
pub(crate) fn accept(s: &Socket) -> io::Result<(Socket, SockAddr)> {
    let (sock, addr) = s.accept()?;
    sock.set_nonblocking(true)?;
    Ok((sock, addr))
}

/// Views a byte buffer as the possibly-uninitialised buffer `socket2`'s receives take.
fn as_uninit(buf: &mut [u8]) -> &mut [MaybeUninit<u8>] {
    // SAFETY: `MaybeUninit<u8>` has the size, alignment and validity of `u8`, so the slice
    // cast keeps its length and layout. The receive calls only write initialised bytes into
    // it (they never de-initialise memory), so `buf` holds valid `u8`s afterwards.
    unsafe { &mut *(buf as *mut [u8] as *mut [MaybeUninit<u8>]) }
}
