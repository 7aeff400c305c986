//! Receiving from a channel: `try_receive`, `async_receive`, `receive`, and `ChannelReceive`,
//! the operation.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::handle::Channel;
use super::operation::channel_operation;
use super::state::{abort_error, recheck_shutdown, wake, ReceiveState, Shared, TryReceive};
use crate::error;
use crate::executor::Execute;
use crate::op::cancellation::CancellationType;
use crate::op::drive::{self, Begin, HeldWork};
use crate::tokens::{Blocking, CompletionToken};

impl<T: Send, E: Execute> Channel<T, E> {
    /// Receives a value if one can be had at once: one is buffered, or a send waits (Asio's
    /// `try_receive`). Values come in the order they were sent.
    ///
    /// # Errors
    ///
    /// [`WouldBlock`](io::ErrorKind::WouldBlock) if nothing is buffered and no send waits;
    /// [`error::channel_closed`] if the channel is closed and drained.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{channel::Channel, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let ch = Channel::new(&io.executor(), 2);
    /// assert_eq!(ch.try_receive().unwrap_err().kind(), std::io::ErrorKind::WouldBlock);
    /// ch.try_send('a')?;
    /// ch.try_send('b')?;
    /// assert_eq!((ch.try_receive()?, ch.try_receive()?), ('a', 'b'));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn try_receive(&self) -> io::Result<T> {
        let received = self.shared.lock().try_receive();
        match received {
            TryReceive::Received(v, woken) => {
                wake(woken);
                Ok(v)
            }
            TryReceive::Empty => Err(io::ErrorKind::WouldBlock.into()),
            TryReceive::Closed => Err(error::channel_closed()),
        }
    }

    /// Receives a value, waiting while nothing is buffered and no send waits.
    ///
    /// Equivalent to: `async fn async_receive(&self) -> io::Result<T>`.
    ///
    /// A closure token gets the result on the channel's executor; [`UseFuture`](crate::UseFuture)
    /// returns a [`ChannelReceive`] future of it; [`Blocking`] returns it. The handler is never
    /// called from inside this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// [`error::channel_closed`] once the channel is closed and drained;
    /// [`error::channel_cancelled`] if it is cancelled while this receive waits.
    ///
    /// # Cancellation
    ///
    /// Honours every type ([`TOTAL`](crate::CancellationType::TOTAL) included): a waiting
    /// receive has taken nothing, and completes with [`error::channel_cancelled`]. A receive
    /// that a value was handed to completes with the value, even if cancelled afterwards.
    /// Dropping such a future puts the value back, first in line, so it is never lost.
    ///
    /// # Examples
    ///
    /// A coroutine receives what a blocking sender on another thread sends:
    ///
    /// ```
    /// use jeton::{channel::Channel, co_spawn, IoContext, UseFuture};
    ///
    /// let io = IoContext::new()?;
    /// let ch = Channel::new(&io.executor(), 0);
    /// let tx = ch.clone();
    /// let sender = std::thread::spawn(move || tx.send("ping"));
    /// let got = io.block_on(co_spawn(&io.executor(), async move {
    ///     ch.async_receive(UseFuture).await
    /// }, UseFuture))?;
    /// assert_eq!(got, "ping");
    /// sender.join().unwrap()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_receive<K>(&self, token: K) -> K::Output
    where
        K: CompletionToken<ChannelReceive<T, E>>,
    {
        token.launch(ChannelReceive {
            shared: self.shared.clone(),
            ex: self.ex.clone(),
            key: None,
            work: HeldWork::default(),
            done: false,
        })
    }

    /// Receives a value, blocking the calling thread while it waits: `async_receive(Blocking)`.
    ///
    /// # Errors
    ///
    /// As [`async_receive`](Channel::async_receive).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{channel::Channel, error, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let ch = Channel::new(&io.executor(), 4);
    /// ch.try_send(1)?;
    /// ch.close();
    /// assert_eq!(ch.receive()?, 1); // buffered values are still received
    /// assert!(error::is_channel_closed(&ch.receive().unwrap_err()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn receive(&self) -> io::Result<T> {
        self.async_receive(Blocking)
    }
}

/// The operation behind [`Channel::async_receive`]: completes with the next value, or with
/// the error that ended the wait.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ChannelReceive<T, E> {
    shared: Arc<Shared<T>>,
    ex: E,
    /// The key of this receive's entry among the waiting receivers, while it has one.
    key: Option<usize>,
    work: HeldWork,
    done: bool,
}

impl<T, E> Unpin for ChannelReceive<T, E> {}

impl<T: Send, E: Execute> Future for ChannelReceive<T, E> {
    type Output = io::Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        let this = &mut *self;
        assert!(!this.done, "ChannelReceive polled after completion");
        // A waiting receive has taken nothing: every cancellation type is honoured.
        let drive = match drive::begin(this.ex.inner_executor(), cx, CancellationType::ALL) {
            Begin::Go(drive) => drive,
            Begin::Yield => return Poll::Pending,
            Begin::Abort(e) => return Poll::Ready(this.abort(e)),
        };
        let mut st = this.shared.lock();
        let Some(key) = this.key else {
            let received = st.try_receive();
            if let TryReceive::Empty = received {
                this.key = Some(st.receivers.push_back(ReceiveState::Waiting, cx.waker()));
                drop(st);
                recheck_shutdown(this.ex.inner_executor(), cx);
                this.work.hold(drive, this.ex.inner_executor());
                return Poll::Pending;
            }
            drop(st);
            this.done = true;
            return Poll::Ready(match received {
                TryReceive::Received(v, woken) => {
                    wake(woken);
                    Ok(v)
                }
                _ => Err(error::channel_closed()),
            });
        };
        let Some(outcome) = st.receivers.poll(key, cx.waker()) else {
            drop(st);
            recheck_shutdown(this.ex.inner_executor(), cx);
            return Poll::Pending;
        };
        drop(st);
        Poll::Ready(this.finish(outcome))
    }
}

impl<T, E> ChannelReceive<T, E> {
    /// Completes with the outcome the channel gave the waiting receive.
    fn finish(&mut self, state: ReceiveState<T>) -> io::Result<T> {
        self.key = None;
        self.done = true;
        self.work.release();
        match state {
            ReceiveState::Delivered(v) => Ok(v),
            ReceiveState::Failed(failure) => Err(failure.error()),
            ReceiveState::Waiting => unreachable!("a waiting receive does not finish"),
        }
    }

    /// Completes a receive whose poll was aborted with `e`, unless a value reached it first.
    fn abort(&mut self, e: io::Error) -> io::Result<T> {
        let state = match self.key {
            Some(key) => self.shared.lock().receivers.remove(key),
            None => ReceiveState::Waiting,
        };
        match state {
            ReceiveState::Waiting => {
                self.key = None;
                self.done = true;
                self.work.release();
                Err(abort_error(e))
            }
            done => self.finish(done),
        }
    }
}

impl<T, E> Drop for ChannelReceive<T, E> {
    fn drop(&mut self) {
        let Some(key) = self.key else { return };
        let woken = {
            let mut st = self.shared.lock();
            match st.receivers.remove(key) {
                // Handed a value but dropped before taking it: the value goes back.
                ReceiveState::Delivered(v) => st.give_back(v),
                _ => None,
            }
        };
        wake(woken);
    }
}

channel_operation!(ChannelReceive);
