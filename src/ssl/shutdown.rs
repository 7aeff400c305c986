//! `Shutdown`: the TLS shutdown (`close_notify`) as an operation.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::core::TlsCore;
use crate::executor::Executor;
use crate::io::{AsyncReadStream, AsyncWriteStream, Core, Handle, IoObject, OpState};
use crate::op::Operation;

/// The operation behind [`Stream::async_shutdown`](super::Stream::async_shutdown)
/// (feature `tls`).
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct Shutdown<S: Core + AsyncReadStream + AsyncWriteStream> {
    stream: IoObject<TlsCore<S>, Handle>,
    op: OpState,
}

impl<S: Core + AsyncReadStream + AsyncWriteStream> Shutdown<S> {
    /// Starts the shutdown of `stream`.
    pub(super) fn new(stream: IoObject<TlsCore<S>, Handle>) -> Shutdown<S> {
        let op = stream.core().next_layer().start_write();
        Shutdown { stream, op }
    }
}

impl<S: Core + AsyncReadStream + AsyncWriteStream> Future for Shutdown<S> {
    type Output = io::Result<()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        this.stream.core().poll_close(cx, &mut this.op)
    }
}

impl<S: Core + AsyncReadStream + AsyncWriteStream> Operation for Shutdown<S> {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.stream.executor()
    }
}
