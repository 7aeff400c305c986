//! `Handshake`: the TLS handshake as an operation.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::core::TlsCore;
use super::role::Role;
use crate::executor::Executor;
use crate::io::{AsyncReadStream, AsyncWriteStream, Core, Handle, IoObject, OpState};
use crate::op::Operation;

/// The operation behind [`Stream::async_handshake`](super::Stream::async_handshake)
/// (feature `tls`).
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct Handshake<S: Core + AsyncReadStream + AsyncWriteStream> {
    stream: IoObject<TlsCore<S>, Handle>,
    role: Role,
    op: OpState,
}

impl<S: Core + AsyncReadStream + AsyncWriteStream> Handshake<S> {
    /// Starts the handshake of `stream` in `role`.
    pub(super) fn new(stream: IoObject<TlsCore<S>, Handle>, role: Role) -> Handshake<S> {
        let op = stream.core().start_read();
        Handshake { stream, role, op }
    }
}

impl<S: Core + AsyncReadStream + AsyncWriteStream> Future for Handshake<S> {
    type Output = io::Result<()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        this.stream
            .core()
            .poll_handshake(cx, this.role, &mut this.op)
    }
}

impl<S: Core + AsyncReadStream + AsyncWriteStream> Operation for Handshake<S> {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.stream.executor()
    }
}
