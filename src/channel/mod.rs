//! Channels: values passed between operations, with every token (Asio's
//! `experimental::channel` and `experimental::concurrent_channel`).
//!
//! A [`Channel<T>`](Channel) carries `T` values from senders to receivers in order. With
//! capacity 0 every send waits for a receive (a rendezvous); with capacity `n` up to `n`
//! values wait in a buffer. Each operation takes a completion token, so one channel can join
//! a callback chain on one thread, a coroutine on another context, and a plain blocking call
//! on a thread of its own: a blocked [`send`](Channel::send) on one thread is woken by an
//! [`async_receive`](Channel::async_receive) anywhere.
//!
//! # Asio and jeton
//!
//! | Asio | jeton |
//! |---|---|
//! | `experimental::channel<void(error_code, T)>`, `concurrent_channel<...>` | [`Channel<T>`](Channel), [`ConcurrentChannel<T>`] (the same type: one lock-based implementation is safe and cheap for both) |
//! | `channel(ex, max_buffer_size)` | [`Channel::new(&ex, capacity)`](Channel::new) |
//! | `try_send(ec, v)` → `bool` | [`try_send(v)`](Channel::try_send) → `Result<(), SendError<T>>` (the value handed back) |
//! | `async_send(ec, v, token)`, signature `void(error_code)` | [`async_send(v, token)`](Channel::async_send) → `Result<(), SendError<T>>`; [`send(v)`](Channel::send) |
//! | `try_receive(handler)` → `bool` | [`try_receive()`](Channel::try_receive) → `io::Result<T>` |
//! | `async_receive(token)`, signature `void(error_code, T)` | [`async_receive(token)`](Channel::async_receive) → `io::Result<T>`; [`receive()`](Channel::receive) |
//! | `close()`, `cancel()`, `reset()`, `is_open()`, `ready()`, `capacity()` | the same names |
//! | `experimental::error::channel_closed`, `channel_cancelled` | [`error::channel_closed`](crate::error::channel_closed), [`error::channel_cancelled`](crate::error::channel_cancelled) and their predicates |
//!
//! The error Asio sends with each message (`void(error_code, T)`) is not part of a jeton
//! message: send `io::Result<U>` as `T` to carry one.
//!
//! Differences from Asio: [`close`](Channel::close) also completes waiting sends (with
//! `channel_closed`, handing their values back), and keeps what is buffered for receivers to
//! drain before they see `channel_closed`; Asio leaves waiting sends pending. A value handed
//! to a receive whose future is then dropped goes back to the channel.
//!
//! # Cancellation
//!
//! | operation | honours | completes with |
//! |---|---|---|
//! | [`async_send`](Channel::async_send) (waiting) | terminal, partial, total: the value was never delivered, so nothing happened | [`SendError`] with `channel_cancelled` and the value |
//! | [`async_receive`](Channel::async_receive) (waiting) | terminal, partial, total: nothing was taken | `channel_cancelled` |
//! | either, once the channel took or handed the value | nothing is left to cancel | its result |
//!
//! The channel's [`cancel`](Channel::cancel) (and [`reset`](Channel::reset), and dropping
//! its last handle) completes every waiting operation the same way. `channel_cancelled` is
//! also an aborted error ([`error::is_aborted`](crate::error::is_aborted)).
//!
//! # Examples
//!
//! A producer thread with blocking sends, a consumer chain of closures on the context:
//!
//! ```
//! use jeton::{channel::Channel, IoContext};
//! use std::sync::{Arc, Mutex};
//!
//! fn consume(ch: Channel<u32>, sum: Arc<Mutex<u32>>) {
//!     ch.clone().async_receive(move |r: std::io::Result<u32>| {
//!         if let Ok(v) = r {
//!             *sum.lock().unwrap() += v;
//!             consume(ch, sum); // the next receive; the chain ends when the channel closes
//!         }
//!     });
//! }
//!
//! let io = IoContext::new()?;
//! let ch = Channel::new(&io.executor(), 4);
//! let tx = ch.clone();
//! let producer = std::thread::spawn(move || {
//!     for i in 1..=10 {
//!         tx.send(i).unwrap();
//!     }
//!     tx.close();
//! });
//! let sum = Arc::new(Mutex::new(0));
//! consume(ch, sum.clone());
//! io.run();
//! producer.join().unwrap();
//! assert_eq!(*sum.lock().unwrap(), 55);
//! # Ok::<(), std::io::Error>(())
//! ```

mod handle;
mod operation;
mod receive;
mod send;
mod send_error;
mod state;
mod wait_list;

pub use handle::{Channel, ConcurrentChannel};
pub use receive::ChannelReceive;
pub use send::ChannelSend;
pub use send_error::SendError;
