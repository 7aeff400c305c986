//! Timer.1 - Using a timer synchronously.
//!
//! Asio's tutorial, first step: block on a timer for five seconds, then print.
//!
//! ```cpp
//! asio::io_context io;
//! asio::steady_timer t(io, asio::chrono::seconds(5));
//! t.wait();
//! std::cout << "Hello, world!" << std::endl;
//! ```
//!
//! The mapping, line by line:
//!
//! - `asio::io_context io;` is [`IoContext::new`]. It can fail (the operating system may refuse
//!   a poll descriptor), so `main` returns `io::Result<()>` and uses `?`.
//! - `steady_timer t(io, seconds(5))` is [`SteadyTimer::with_duration`]. I/O objects are made
//!   from the context's [`Executor`](jeton::Executor), a cheap cloneable handle, rather than
//!   from a reference to the context itself.
//! - `t.wait()` is [`SteadyTimer::wait`], which is `t.async_wait(Blocking)`: the calling thread
//!   waits, and no thread needs to run the context. Asio's `wait()` throws on error; here the
//!   error comes back as an `io::Error` and `?` passes it on.
//!
//! Run it with `cargo run --example timer1`. Set `JETON_TIMER_SCALE_MS` to shorten the
//! "second" (the tests use 20 ms).

use std::io;

use jeton::{IoContext, SteadyTimer};

#[path = "common/seconds.rs"]
mod seconds;
use seconds::seconds;

fn main() -> io::Result<()> {
    let io = IoContext::new()?;

    let t = SteadyTimer::with_duration(&io.executor(), seconds(5));
    t.wait()?;

    println!("Hello, world!");

    Ok(())
}
