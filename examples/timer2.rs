//! Timer.2 - Using a timer asynchronously.
//!
//! Asio's tutorial, second step: the same five-second wait, but the program asks for a
//! callback instead of blocking, and `io.run()` calls it.
//!
//! ```cpp
//! void print(const std::error_code& /*e*/)
//! {
//!   std::cout << "Hello, world!" << std::endl;
//! }
//!
//! int main()
//! {
//!   asio::io_context io;
//!   asio::steady_timer t(io, asio::chrono::seconds(5));
//!   t.async_wait(&print);
//!   io.run();
//! }
//! ```
//!
//! The mapping:
//!
//! - The completion handler `print(const std::error_code&)` becomes `fn print(io::Result<()>)`.
//!   A jeton operation completes with one value, here `io::Result<()>`: `Ok(())` when the timer
//!   expired, `Err(e)` with [`error::is_aborted`](jeton::error::is_aborted) if it was cancelled.
//! - `t.async_wait(&print)` passes the function itself as the completion token. Any
//!   `FnOnce(io::Result<()>) + Send + 'static` is a completion handler; `async_wait` returns at
//!   once and never calls it from inside (Asio's guarantee, G2 in jeton's design).
//! - `io.run()` is [`IoContext::run`]: it calls the handler when the timer expires, then
//!   returns because there is no work left. As in Asio, the handler runs only on a thread inside
//!   `run()`.
//!
//! Run it with `cargo run --example timer2`. Set `JETON_TIMER_SCALE_MS` to shorten the
//! "second" (the tests use 20 ms).

use std::io;

use jeton::{IoContext, SteadyTimer};

#[path = "common/seconds.rs"]
mod seconds;
use seconds::seconds;

fn print(_e: io::Result<()>) {
    println!("Hello, world!");
}

fn main() -> io::Result<()> {
    let io = IoContext::new()?;

    let t = SteadyTimer::with_duration(&io.executor(), seconds(5));
    t.async_wait(print);

    io.run();

    Ok(())
}
