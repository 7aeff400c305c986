//! `Incoming`: the stream of connections an acceptor accepts, one [`Accept`] after another.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures::Stream;

use super::accept::{accept, Accept};
use crate::io::{Handle, IoObject};
use crate::net::ip::protocol::Tcp;
use crate::net::protocol::StreamProtocol;
use crate::net::socket::core::SocketCore;
use crate::net::socket::role::Listener;
use crate::net::socket::stream_socket::StreamSocket;

/// The stream of connections returned by an acceptor's `incoming()` (for the default, TCP:
/// [`TcpAcceptor::incoming`](crate::net::TcpAcceptor)).
///
/// Each item is what `async_accept` completes with; each accept is an [`Accept`] operation,
/// started by the poll that finds none in progress. The stream ends when the acceptor is
/// closed or dropped; `cancel()` yields one aborted error and the stream goes on.
#[must_use = "streams do nothing unless polled"]
#[derive(Debug)]
pub struct Incoming<P: StreamProtocol = Tcp> {
    acceptor: IoObject<SocketCore<P, Listener>, Handle>,
    /// The accept in progress, if a poll returned `Pending`.
    pending: Option<Accept<P>>,
}

impl<P: StreamProtocol> Incoming<P> {
    /// The connections `acceptor` accepts.
    pub(crate) fn new(acceptor: IoObject<SocketCore<P, Listener>, Handle>) -> Incoming<P> {
        Incoming {
            acceptor,
            pending: None,
        }
    }
}

impl<P: StreamProtocol> Stream for Incoming<P> {
    type Item = io::Result<(StreamSocket<P>, P::Endpoint)>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let acceptor = &this.acceptor;
        let op = this
            .pending
            .get_or_insert_with(|| accept(acceptor.clone(), None));
        let r = ready!(Pin::new(op).poll(cx));
        this.pending = None;
        match r {
            Err(_) if !this.acceptor.is_open() => Poll::Ready(None),
            r => Poll::Ready(Some(r)),
        }
    }
}
