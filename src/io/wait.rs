//! `Wait`: the readiness wait of any descriptor-based I/O object (Asio's `async_wait` on
//! sockets, descriptors and pipes), and the trait its cores implement.

use std::future::Future;
use std::io;
use std::os::fd::AsRawFd;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::stream::OpState;
use crate::executor::Executor;
use crate::op::io_source::IoSource;
use crate::op::Operation;
use crate::sys::Interest;

/// What a [`Wait`] waits for (Asio's `wait_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WaitType {
    /// Until a read would not block (data, end of stream, or an error is there); Asio's
    /// `wait_read`.
    Read,
    /// Until a write would not block; Asio's `wait_write`.
    Write,
    /// Until an exceptional condition is pending: priority (out-of-band) data, an error or a
    /// hang-up; Asio's `wait_error`.
    Error,
}

impl WaitType {
    pub(crate) fn interest(self) -> Interest {
        match self {
            WaitType::Read => Interest::Read,
            WaitType::Write => Interest::Write,
            WaitType::Error => Interest::Error,
        }
    }
}

/// An I/O object core whose descriptor can be waited on for readiness: the base of
/// [`Wait`]. Implemented by the cores of sockets ([`SocketCore`](crate::net::SocketCore)) and
/// descriptors ([`DescriptorCore`](crate::posix::DescriptorCore)), so every socket,
/// descriptor, pipe and serial port has `async_wait` and `wait`, written once on
/// [`IoObject`](crate::io::IoObject).
pub trait AsyncWait: Send + Sync {
    /// Returns the executor of the object's context.
    fn executor(&self) -> Executor;

    /// Starts a wait: records the state `cancel()` compares against.
    fn start_wait(&self) -> OpState;

    /// Completes when the descriptor is ready for `kind`, or registers `cx` to be woken.
    fn poll_wait(
        &self,
        cx: &mut Context<'_>,
        kind: WaitType,
        st: &mut OpState,
    ) -> Poll<io::Result<()>>;
}

/// A core whose descriptor is an [`IoSource`]: it gets [`AsyncWait`] from the source's one
/// readiness wait (sockets' and descriptors' cores).
pub(crate) trait SourceCore: Send + Sync {
    /// The descriptor type the source owns.
    type Fd: AsRawFd;
    /// Returns the registered descriptor.
    fn io_source(&self) -> &IoSource<Self::Fd>;
}

/// Waits with `poll(2)` on the core's descriptor.
impl<C: SourceCore> AsyncWait for C {
    fn executor(&self) -> Executor {
        self.io_source().executor().clone()
    }

    fn start_wait(&self) -> OpState {
        OpState::readiness(self.io_source().start())
    }

    fn poll_wait(
        &self,
        cx: &mut Context<'_>,
        kind: WaitType,
        st: &mut OpState,
    ) -> Poll<io::Result<()>> {
        self.io_source().poll_wait(cx, kind.interest(), &mut st.0)
    }
}

/// The operation behind `async_wait(kind, token)` on sockets, descriptors and pipes: a wait
/// for readiness that moves no data.
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct Wait<S> {
    object: S,
    kind: WaitType,
    st: OpState,
}

impl<S: AsyncWait> Wait<S> {
    /// Starts a wait on `object` for `kind`.
    pub fn new(object: S, kind: WaitType) -> Wait<S> {
        let st = object.start_wait();
        Wait { object, kind, st }
    }
}

impl<S: AsyncWait + Unpin> Future for Wait<S> {
    type Output = io::Result<()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        this.object.poll_wait(cx, this.kind, &mut this.st)
    }
}

impl<S: AsyncWait + Unpin> Operation for Wait<S> {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.object.executor()
    }
}
