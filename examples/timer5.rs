//! Timer.5 - Synchronising completion handlers in multithreaded programs.
//!
//! Asio's tutorial, fifth step: two repeating timers share one counter, and two threads call
//! `io.run()`. Both timers' handlers are bound to one strand, so they never run at the same
//! time, and the shared counter needs no lock.
//!
//! ```cpp
//! class printer
//! {
//! public:
//!   printer(asio::io_context& io)
//!     : strand_(asio::make_strand(io)),
//!       timer1_(io, asio::chrono::seconds(1)),
//!       timer2_(io, asio::chrono::seconds(1)),
//!       count_(0)
//!   {
//!     timer1_.async_wait(asio::bind_executor(strand_, std::bind(&printer::print1, this)));
//!     timer2_.async_wait(asio::bind_executor(strand_, std::bind(&printer::print2, this)));
//!   }
//!
//!   ~printer()
//!   {
//!     std::cout << "Final count is " << count_ << std::endl;
//!   }
//!
//!   void print1()
//!   {
//!     if (count_ < 10)
//!     {
//!       std::cout << "Timer 1: " << count_ << std::endl;
//!       ++count_;
//!       timer1_.expires_at(timer1_.expiry() + asio::chrono::seconds(1));
//!       timer1_.async_wait(asio::bind_executor(strand_, std::bind(&printer::print1, this)));
//!     }
//!   }
//!
//!   void print2() { /* the same with timer2_ and "Timer 2: " */ }
//!
//! private:
//!   asio::strand<asio::io_context::executor_type> strand_;
//!   asio::steady_timer timer1_;
//!   asio::steady_timer timer2_;
//!   int count_;
//! };
//!
//! int main()
//! {
//!   asio::io_context io;
//!   printer p(io);
//!   std::thread t([&]{ io.run(); });
//!   io.run();
//!   t.join();
//! }
//! ```
//!
//! The mapping:
//!
//! - `asio::make_strand(io)` is [`Strand::new`]`(&io.executor())`, and
//!   `asio::bind_executor(strand_, handler)` is [`bind_executor`]`(&self.strand, handler)`: the
//!   handler runs on the strand instead of directly on the context, whichever thread runs it.
//! - `std::bind(&printer::print1, this)` holds a raw `this`; the Rust handler holds an
//!   `Arc<Printer>` (see Timer.4), and `Drop for Printer` prints the final count.
//! - `std::thread t([&]{ io.run(); })` is a scoped thread: [`std::thread::scope`] lets it
//!   borrow `io` just as the C++ lambda captures it by reference, and joins it at the end of the
//!   scope, like `t.join()`.
//! - `int count_` is an [`AtomicUsize`] used only with `Relaxed` loads and stores, not an
//!   `Arc<Mutex<usize>>`: a lock would hide what the strand provides. The strand runs one
//!   handler at a time, and everything a handler did happens-before the next handler of the
//!   same strand starts, on whichever thread. That is the ordering the counter needs; the
//!   atomic is only there because Rust requires shared data to be `Sync`, and `Relaxed` is the
//!   plain `int` of the C++.
//!
//! Both timers expire at the same moments, so in each second either may print first; the
//! counts always go 0, 1, ..., 9 with no repeats, which is what the strand guarantees.
//!
//! Run it with `cargo run --example timer5`. Set `JETON_TIMER_SCALE_MS` to shorten the
//! "second" (the tests use 20 ms).

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;

use jeton::{bind_executor, IoContext, SteadyTimer, Strand};

#[path = "common/seconds.rs"]
mod seconds;
use seconds::seconds;

/// Two timers counting to ten together, their handlers serialised by one strand.
struct Printer {
    strand: Strand,
    timer1: SteadyTimer,
    timer2: SteadyTimer,
    /// Changed only by handlers running on `strand`, which orders the accesses.
    count: AtomicUsize,
}

impl Printer {
    /// Makes the printer and starts both timers' first one-second wait.
    fn new(io: &IoContext) -> Arc<Printer> {
        let ex = io.executor();
        let printer = Arc::new(Printer {
            strand: Strand::new(&ex),
            timer1: SteadyTimer::with_duration(&ex, seconds(1)),
            timer2: SteadyTimer::with_duration(&ex, seconds(1)),
            count: AtomicUsize::new(0),
        });
        let this = printer.clone();
        printer
            .timer1
            .async_wait(bind_executor(&printer.strand, move |_| this.print1()));
        let this = printer.clone();
        printer
            .timer2
            .async_wait(bind_executor(&printer.strand, move |_| this.print2()));
        printer
    }

    /// Timer 1's completion handler, run on the strand.
    fn print1(self: Arc<Self>) {
        let count = self.count.load(Relaxed);
        if count < 10 {
            println!("Timer 1: {count}");
            self.count.store(count + 1, Relaxed);

            self.timer1.expires_at(self.timer1.expiry() + seconds(1));
            let this = self.clone();
            self.timer1
                .async_wait(bind_executor(&self.strand, move |_| this.print1()));
        }
    }

    /// Timer 2's completion handler, run on the strand.
    fn print2(self: Arc<Self>) {
        let count = self.count.load(Relaxed);
        if count < 10 {
            println!("Timer 2: {count}");
            self.count.store(count + 1, Relaxed);

            self.timer2.expires_at(self.timer2.expiry() + seconds(1));
            let this = self.clone();
            self.timer2
                .async_wait(bind_executor(&self.strand, move |_| this.print2()));
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
    std::thread::scope(|s| {
        s.spawn(|| io.run());
        io.run();
    });

    Ok(())
}
