//! Timer.3 - Binding arguments to a completion handler.
//!
//! Asio's tutorial, third step: a repeating timer. The handler takes extra arguments (the
//! timer and a counter), moves the timer's expiry one second on from the previous one, and
//! waits again, five times.
//!
//! ```cpp
//! void print(const std::error_code& /*e*/, asio::steady_timer* t, int* count)
//! {
//!   if (*count < 5)
//!   {
//!     std::cout << *count << std::endl;
//!     ++(*count);
//!     t->expires_at(t->expiry() + asio::chrono::seconds(1));
//!     t->async_wait(std::bind(print, asio::placeholders::error, t, count));
//!   }
//! }
//!
//! int main()
//! {
//!   asio::io_context io;
//!   int count = 0;
//!   asio::steady_timer t(io, asio::chrono::seconds(1));
//!   t.async_wait(std::bind(print, asio::placeholders::error, &t, &count));
//!   io.run();
//!   std::cout << "Final count is " << count << std::endl;
//! }
//! ```
//!
//! The mapping:
//!
//! - `std::bind(print, placeholders::error, t, count)` is a closure, `move |e| print(e, t,
//!   count)`: the closure's argument is the placeholder, its captures are the bound arguments.
//! - The C++ binds raw pointers to `t` and `count` on `main`'s stack, and relies on the
//!   programmer to know that they outlive every handler. A closure handler must be `'static`, so
//!   the compiler asks for that proof: the timer and the counter are shared through [`Arc`].
//! - A shared `int` needs interior mutability to be changed through an `Arc`; an [`AtomicUsize`]
//!   with `Relaxed` operations is the plain-`int` equivalent here. Only one thread runs the
//!   context, so the handlers run one after another and need no ordering from the atomic.
//! - `t->expires_at(t->expiry() + seconds(1))` is the same in jeton: [`SteadyTimer::expiry`]
//!   returns an [`Instant`](std::time::Instant), and basing the next expiry on the previous one
//!   (rather than on "now") keeps the ticks from drifting.
//! - `io.run()` returns once the handler stops re-arming the timer: no work is left.
//!
//! Run it with `cargo run --example timer3`. Set `JETON_TIMER_SCALE_MS` to shorten the
//! "second" (the tests use 20 ms).

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;

use jeton::{IoContext, SteadyTimer};

#[path = "common/seconds.rs"]
mod seconds;
use seconds::seconds;

fn print(_e: io::Result<()>, t: Arc<SteadyTimer>, count: Arc<AtomicUsize>) {
    if count.load(Relaxed) < 5 {
        println!("{}", count.load(Relaxed));
        count.fetch_add(1, Relaxed);

        t.expires_at(t.expiry() + seconds(1));
        let timer = t.clone();
        timer.async_wait(move |e| print(e, t, count));
    }
}

fn main() -> io::Result<()> {
    let io = IoContext::new()?;

    let count = Arc::new(AtomicUsize::new(0));
    let t = Arc::new(SteadyTimer::with_duration(&io.executor(), seconds(1)));
    t.async_wait({
        let (t, count) = (t.clone(), count.clone());
        move |e| print(e, t, count)
    });

    io.run();

    println!("Final count is {}", count.load(Relaxed));

    Ok(())
}
