//! Sending on a channel: `try_send`, `async_send`, `send`, and `ChannelSend`, the operation.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::handle::Channel;
use super::operation::channel_operation;
use super::send_error::SendError;
use super::state::{abort_error, recheck_shutdown, wake, SendState, Shared, TrySend};
use crate::error;
use crate::executor::Execute;
use crate::op::cancellation::CancellationType;
use crate::op::drive::{self, Begin, HeldWork};
use crate::tokens::{Blocking, CompletionToken};

impl<T: Send, E: Execute> Channel<T, E> {
    /// Sends `value` if that can be done at once: a receive waits for it, or the buffer has
    /// room (Asio's `try_send`).
    ///
    /// # Errors
    ///
    /// Hands `value` back in a [`SendError`] whose error is
    /// [`WouldBlock`](io::ErrorKind::WouldBlock) if no receive waits and the buffer is full
    /// (always so for a rendezvous channel with no receive waiting), or
    /// [`error::channel_closed`] if the channel is closed.
    ///
    /// # Examples
    ///
    /// Asio's unbuffered channel test: with nobody receiving, `try_send` fails; with a receive
    /// waiting, it succeeds.
    ///
    /// ```
    /// use jeton::{channel::Channel, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let ch = Channel::new(&io.executor(), 0);
    /// assert!(ch.try_send("hello").is_err());
    /// let (tx, rx) = std::sync::mpsc::channel();
    /// ch.async_receive(move |r: std::io::Result<&'static str>| tx.send(r.unwrap()).unwrap());
    /// ch.try_send("world")?;
    /// io.run();
    /// assert_eq!(rx.recv().unwrap(), "world");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn try_send(&self, value: T) -> Result<(), SendError<T>> {
        let sent = self.shared.lock().try_send(value);
        match sent {
            TrySend::Sent(woken) => {
                wake(woken);
                Ok(())
            }
            TrySend::Full(v) => Err(SendError::new(io::ErrorKind::WouldBlock.into(), v)),
            TrySend::Closed(v) => Err(SendError::new(error::channel_closed(), v)),
        }
    }

    /// Sends `value`, waiting while no receive waits and the buffer is full.
    ///
    /// Equivalent to: `async fn async_send(&self, value: T) -> Result<(), SendError<T>>`.
    ///
    /// A closure token gets the result on the channel's executor; [`UseFuture`](crate::UseFuture)
    /// returns a [`ChannelSend`] future of it; [`Blocking`] returns it. The handler is never
    /// called from inside this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// A [`SendError`] with the value: [`error::channel_closed`] if the channel is or gets
    /// closed before the value is taken, [`error::channel_cancelled`] if it is cancelled.
    ///
    /// # Cancellation
    ///
    /// Honours every type ([`TOTAL`](crate::CancellationType::TOTAL) included): a waiting
    /// send that is cancelled never delivered its value, and completes with
    /// [`error::channel_cancelled`] and the value. The channel's
    /// [`cancel`](Channel::cancel) does the same to every waiting send. Dropping the future
    /// withdraws the send (and drops the value, if not delivered).
    ///
    /// # Examples
    ///
    /// Asio's test: a send on a rendezvous channel completes after a `try_receive` takes its
    /// value.
    ///
    /// ```
    /// use jeton::{channel::Channel, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let ch = Channel::new(&io.executor(), 0);
    /// let (tx, rx) = std::sync::mpsc::channel();
    /// ch.async_send(7, move |r: Result<(), _>| tx.send(r.is_ok()).unwrap());
    /// assert_eq!(ch.try_receive()?, 7);
    /// io.run();
    /// assert!(rx.recv().unwrap());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_send<K>(&self, value: T, token: K) -> K::Output
    where
        K: CompletionToken<ChannelSend<T, E>>,
    {
        token.launch(ChannelSend {
            shared: self.shared.clone(),
            ex: self.ex.clone(),
            value: Some(value),
            key: None,
            work: HeldWork::default(),
        })
    }

    /// Sends `value`, blocking the calling thread while it waits: `async_send(value, Blocking)`.
    ///
    /// # Errors
    ///
    /// As [`async_send`](Channel::async_send).
    ///
    /// # Examples
    ///
    /// A rendezvous channel (capacity 0): the send waits for the receiver.
    ///
    ///
    /// ```
    /// use jeton::{channel::Channel, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let ch = Channel::new(&io.executor(), 0);
    /// let tx = ch.clone();
    /// let sender = std::thread::spawn(move || tx.send("handed over"));
    /// assert_eq!(ch.receive()?, "handed over"); // no thread runs the context
    /// sender.join().unwrap().map_err(|e| e.into_parts().0)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn send(&self, value: T) -> Result<(), SendError<T>> {
        self.async_send(value, Blocking)
    }
}

/// The operation behind [`Channel::async_send`]: completes with `Ok(())` once a receive or the
/// buffer took the value, or with a [`SendError`] that hands it back.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ChannelSend<T, E> {
    shared: Arc<Shared<T>>,
    ex: E,
    /// The value, until the channel holds it.
    value: Option<T>,
    /// The key of this send's entry among the waiting senders, while it has one.
    key: Option<usize>,
    work: HeldWork,
}

impl<T, E> Unpin for ChannelSend<T, E> {}

impl<T: Send, E: Execute> Future for ChannelSend<T, E> {
    type Output = Result<(), SendError<T>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        // A waiting send has no side effect yet: every cancellation type is honoured.
        let drive = match drive::begin(this.ex.inner_executor(), cx, CancellationType::ALL) {
            Begin::Go(drive) => drive,
            Begin::Yield => return Poll::Pending,
            Begin::Abort(e) => return Poll::Ready(this.abort(e)),
        };
        let mut st = this.shared.lock();
        let Some(key) = this.key else {
            let value = this
                .value
                .take()
                .expect("ChannelSend polled after completion");
            return match st.try_send(value) {
                TrySend::Sent(woken) => {
                    drop(st);
                    wake(woken);
                    Poll::Ready(Ok(()))
                }
                TrySend::Closed(v) => Poll::Ready(Err(SendError::new(error::channel_closed(), v))),
                TrySend::Full(v) => {
                    this.key = Some(st.senders.push_back(SendState::Waiting(v), cx.waker()));
                    drop(st);
                    recheck_shutdown(this.ex.inner_executor(), cx);
                    this.work.hold(drive, this.ex.inner_executor());
                    Poll::Pending
                }
            };
        };
        let Some(outcome) = st.senders.poll(key, cx.waker()) else {
            drop(st);
            recheck_shutdown(this.ex.inner_executor(), cx);
            return Poll::Pending;
        };
        drop(st);
        Poll::Ready(this.finish(outcome))
    }
}

impl<T, E> ChannelSend<T, E> {
    /// Completes with the outcome the channel gave the waiting send.
    fn finish(&mut self, state: SendState<T>) -> Result<(), SendError<T>> {
        self.key = None;
        self.work.release();
        match state {
            SendState::Delivered => Ok(()),
            SendState::Failed(failure, v) => Err(SendError::new(failure.error(), v)),
            SendState::Waiting(_) => unreachable!("a waiting send does not finish"),
        }
    }

    /// Completes a send whose poll was aborted with `e`, unless it completed first.
    fn abort(&mut self, e: io::Error) -> Result<(), SendError<T>> {
        let state = match self.key {
            Some(key) => self.shared.lock().senders.remove(key),
            None => SendState::Waiting(
                self.value
                    .take()
                    .expect("ChannelSend polled after completion"),
            ),
        };
        match state {
            SendState::Waiting(v) => {
                self.key = None;
                self.work.release();
                Err(SendError::new(abort_error(e), v))
            }
            done => self.finish(done),
        }
    }
}

impl<T, E> Drop for ChannelSend<T, E> {
    fn drop(&mut self) {
        if let Some(key) = self.key {
            // The value (if not delivered) is dropped here, after the lock is released.
            let withdrawn = self.shared.lock().senders.remove(key);
            drop(withdrawn);
        }
    }
}

channel_operation!(ChannelSend);
