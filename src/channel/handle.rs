//! `Channel`: the channel object, its state queries and its lifecycle (close, cancel, reset,
//! drop). Sending and receiving are in `send` and `receive`.

use std::fmt;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};

use super::state::Shared;
use crate::executor::{Execute, Executor};
use crate::runtime::WakeOnShutdown;

/// A channel of `T` values between operations (Asio's `experimental::channel` and
/// `experimental::concurrent_channel`).
///
/// Values are received in the order they were sent. With capacity 0 a send waits until a
/// receive takes its value (a rendezvous); with capacity `n`, up to `n` values wait in the
/// buffer and a send waits only when it is full. A waiting send holds its value, so memory is
/// bounded by the capacity plus one value per waiting send. Every clone is a handle to the
/// same channel; operations use the channel's executor (its completions run there: an
/// [`Executor`], or a [`Strand`](crate::Strand)).
///
/// | operation | completion value | at once when |
/// |---|---|---|
/// | [`async_send`](Channel::async_send), [`send`](Channel::send), [`try_send`](Channel::try_send) | `Result<(), SendError<T>>` | a receive waits, or the buffer has room |
/// | [`async_receive`](Channel::async_receive), [`receive`](Channel::receive), [`try_receive`](Channel::try_receive) | `io::Result<T>` | a value is buffered, or a send waits |
///
/// [`close`](Channel::close) stops sends; receives drain the buffer, then fail with
/// [`error::channel_closed`](crate::error::channel_closed). [`cancel`](Channel::cancel) fails
/// every waiting operation with [`error::channel_cancelled`](crate::error::channel_cancelled),
/// a send handing its value back. Dropping the last handle cancels too.
///
/// One implementation serves both of Asio's types: its lock is a `std::sync::Mutex`, which
/// costs one uncontended atomic operation per call, so a channel used from one thread or
/// strand pays next to nothing for being safe to share. [`ConcurrentChannel`] is the same
/// type. (A lock-free single-threaded variant could not be `Send`, and jeton's operations are
/// `Send`.)
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe; any thread may send, receive, close or
/// cancel, with any token, at any time.
///
/// # Examples
///
/// A blocked sender on one thread, a receiver on another; no thread runs the context:
///
/// ```
/// use jeton::{channel::Channel, IoContext};
///
/// let io = IoContext::new()?;
/// let ch = Channel::new(&io.executor(), 0); // a rendezvous
/// let tx = ch.clone();
/// let producer = std::thread::spawn(move || {
///     for i in 0..3 {
///         tx.send(i).unwrap(); // waits for the receive
///     }
///     tx.close();
/// });
/// let mut got = Vec::new();
/// while let Ok(v) = ch.receive() {
///     got.push(v);
/// }
/// assert_eq!(got, [0, 1, 2]);
/// producer.join().unwrap();
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Channel<T, E = Executor> {
    pub(super) shared: Arc<Shared<T>>,
    pub(super) ex: E,
}

/// A channel that any thread may use (Asio's `experimental::concurrent_channel`): the same
/// type as [`Channel`], which is safe and cheap for both uses.
pub type ConcurrentChannel<T, E = Executor> = Channel<T, E>;

impl<T: Send, E: Execute> Channel<T, E> {
    /// Creates an open channel on `ex` whose buffer holds up to `capacity` values (0: every
    /// send waits for a receive).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{channel::Channel, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let ch = Channel::<String>::new(&io.executor(), 8);
    /// assert_eq!(ch.capacity(), 8);
    /// assert!(ch.is_open() && !ch.ready());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new(ex: &E, capacity: usize) -> Channel<T, E>
    where
        T: 'static,
    {
        let shared = Arc::new(Shared::new(capacity));
        // The context's drop wakes the channel's waiting operations, wherever they are
        // awaited, so that they complete with `error::shut_down()` (G3).
        let place: Weak<dyn WakeOnShutdown> = Arc::downgrade(&shared) as _;
        ex.inner_executor().engine().shutdown_wakes.register(place);
        Channel {
            shared,
            ex: ex.clone(),
        }
    }

    /// Returns the executor the channel's completions run on.
    pub fn executor(&self) -> E {
        self.ex.clone()
    }

    /// Returns how many values the buffer holds at most.
    pub fn capacity(&self) -> usize {
        self.shared.capacity
    }

    /// Returns whether the channel is open: sends are accepted.
    pub fn is_open(&self) -> bool {
        self.shared.lock().is_open()
    }

    /// Returns whether a receive would complete at once: a value is buffered, a send waits, or
    /// the channel is closed (Asio's `ready`).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{channel::Channel, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let ch = Channel::new(&io.executor(), 1);
    /// assert!(!ch.ready());
    /// ch.try_send(1)?;
    /// assert!(ch.ready());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn ready(&self) -> bool {
        self.shared.lock().ready()
    }

    /// Closes the channel: later sends fail with
    /// [`error::channel_closed`](crate::error::channel_closed), and so do waiting sends, which
    /// hand their values back; receives take what is buffered, then fail with the same error.
    ///
    /// Unlike Asio, whose `close()` leaves waiting sends pending, every waiting operation
    /// completes, and buffered values are not discarded.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{channel::Channel, error, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let ch = Channel::new(&io.executor(), 2);
    /// ch.try_send(1)?;
    /// ch.close();
    /// assert!(!ch.is_open());
    /// assert_eq!(ch.try_receive()?, 1); // drained first
    /// assert!(error::is_channel_closed(&ch.try_receive().unwrap_err()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn close(&self) {
        self.shared.close();
    }

    /// Cancels every waiting operation: each completes with
    /// [`error::channel_cancelled`](crate::error::channel_cancelled), a send handing its value
    /// back. The buffer and the open state are unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{channel::Channel, error, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let ch = Channel::<u32>::new(&io.executor(), 0);
    /// let (tx, rx) = std::sync::mpsc::channel();
    /// // A closure token starts the receive inside the call: it waits now.
    /// ch.async_receive(move |r: std::io::Result<u32>| tx.send(r).unwrap());
    /// ch.cancel();
    /// io.run();
    /// assert!(error::is_channel_cancelled(&rx.recv().unwrap().unwrap_err()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cancel(&self) {
        self.shared.cancel();
    }

    /// Resets the channel to its state when created: cancels every waiting operation (as
    /// [`cancel`](Channel::cancel)), drops what is buffered, and opens it again.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{channel::Channel, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let ch = Channel::new(&io.executor(), 1);
    /// ch.try_send(1)?;
    /// ch.close();
    /// ch.reset();
    /// assert!(ch.is_open() && !ch.ready());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn reset(&self) {
        self.shared.reset();
    }
}

impl<T, E: Clone> Clone for Channel<T, E> {
    fn clone(&self) -> Channel<T, E> {
        self.shared.handles.fetch_add(1, Ordering::Relaxed);
        Channel {
            shared: self.shared.clone(),
            ex: self.ex.clone(),
        }
    }
}

impl<T, E> Drop for Channel<T, E> {
    /// Dropping the last handle cancels the waiting operations, as Asio's destructor does: no
    /// handle is left to complete them.
    fn drop(&mut self) {
        if self.shared.handles.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.shared.cancel();
        }
    }
}

impl<T, E: fmt::Debug> fmt::Debug for Channel<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Channel")
            .field("capacity", &self.shared.capacity)
            .field("ex", &self.ex)
            .finish_non_exhaustive()
    }
}
