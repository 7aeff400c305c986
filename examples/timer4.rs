//! Timer.4 - Using a member function as a completion handler.
//!
//! Asio's tutorial, fourth step: Timer.3's repeating timer, with the timer and the counter
//! held by a `printer` object whose member function is the handler. The destructor prints the
//! final count.
//!
//! ```cpp
//! class printer
//! {
//! public:
//!   printer(asio::io_context& io)
//!     : timer_(io, asio::chrono::seconds(1)), count_(0)
//!   {
//!     timer_.async_wait(std::bind(&printer::print, this));
//!   }
//!
//!   ~printer()
//!   {
//!     std::cout << "Final count is " << count_ << std::endl;
//!   }
//!
//!   void print()
//!   {
//!     if (count_ < 5)
//!     {
//!       std::cout << count_ << std::endl;
//!       ++count_;
//!       timer_.expires_at(timer_.expiry() + asio::chrono::seconds(1));
//!       timer_.async_wait(std::bind(&printer::print, this));
//!     }
//!   }
//!
//! private:
//!   asio::steady_timer timer_;
//!   int count_;
//! };
//!
//! int main()
//! {
//!   asio::io_context io;
//!   printer p(io);
//!   io.run();
//! }
//! ```
//!
//! The mapping:
//!
//! - `class printer` is `struct Printer`; the constructor is [`Printer::new`], the destructor
//!   is `impl Drop for Printer`, which prints the final count just as `~printer()` does.
//! - `std::bind(&printer::print, this)` binds a raw `this`, valid only because `p` outlives
//!   `io.run()`. A Rust handler is `'static`, so it holds an `Arc<Printer>` instead:
//!   `move |_| this.print()`. The printer is dropped, and the final count printed, when the last
//!   `Arc` goes: the last handler drops its clone when it does not re-arm the timer, and `main`
//!   drops `p` at its end, after `io.run()` returned, where C++ runs `~printer()`.
//! - Like Asio's `std::bind` that drops the `error_code`, the handler ignores its
//!   `io::Result<()>`.
//! - `int count_` is an [`AtomicUsize`] used with `Relaxed` operations: handlers receive
//!   `&self` through the shared `Arc`, so the counter needs interior mutability. Only one thread
//!   runs the context, so the handlers never overlap and need no ordering from the atomic.
//!
//! Run it with `cargo run --example timer4`. Set `JETON_TIMER_SCALE_MS` to shorten the
//! "second" (the tests use 20 ms).

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;

use jeton::{IoContext, SteadyTimer};

#[path = "common/seconds.rs"]
mod seconds;
use seconds::seconds;

/// Prints a count once a second, five times.
struct Printer {
    timer: SteadyTimer,
    count: AtomicUsize,
}

impl Printer {
    /// Makes the printer and starts its first one-second wait.
    fn new(io: &IoContext) -> Arc<Printer> {
        let printer = Arc::new(Printer {
            timer: SteadyTimer::with_duration(&io.executor(), seconds(1)),
            count: AtomicUsize::new(0),
        });
        let this = printer.clone();
        printer.timer.async_wait(move |_| this.print());
        printer
    }

    /// The completion handler: prints the count and waits one more second, until 5.
    fn print(self: Arc<Self>) {
        if self.count.load(Relaxed) < 5 {
            println!("{}", self.count.load(Relaxed));
            self.count.fetch_add(1, Relaxed);

            self.timer.expires_at(self.timer.expiry() + seconds(1));
            let this = self.clone();
            self.timer.async_wait(move |_| this.print());
        }
    }
}

impl Drop for Printer {
    fn drop(&mut self) {
        println!("Final count is {}", self.count.load(Relaxed));
    }
}

fn main() -> io::Result<()> {
    let io = IoContext::new()?;
    let _p = Printer::new(&io);
    io.run();

    Ok(())
}
