//! Deferred operations: Asio's `deferred` examples (`cpp11/deferred/deferred_1`, `_2`,
//! `cpp14/deferred/deferred_1` .. `_7`), one part each.
//!
//! An operation initiated with the [`Deferred`] token is packaged, not started: a
//! [`DeferredOp`] that is started later with any token (`op.start(token)`, Asio's
//! `std::move(op)(token)`), or chained (`op.then(|r| next)`, Asio's `deferred(fn)`), each link
//! a deferred operation itself.
//!
//! | part | Asio | what it shows |
//! |---|---|---|
//! | `deferred_1` | `deferred_1.cpp` | `timer.async_wait(Deferred)`, started later with a closure |
//! | `deferred_2` | `deferred_2.cpp` | `timer.async_wait(deferred(\|r\| timer.async_wait(Deferred)))`: a continuation |
//! | `deferred_3` | `deferred_3.cpp` | a function that returns the chain; its caller picks the token (a closure, then `Blocking`) |
//! | `deferred_4` | `deferred_4.cpp` | a second continuation that completes with `values(42)` |
//! | `deferred_5` | `deferred_5.cpp` | `when(ok).then(..).otherwise(..)`; run twice, the second time with the timer cancelled |
//! | `deferred_7` | `deferred_7.cpp` | the same chain written with the `\|` pipe |
//!
//! `deferred_6.cpp` is not ported: it threads the timer through the chain with
//! `deferred.values(&timer)` and `append`, a C++ way to carry state without captures; a Rust
//! closure captures it (the `Arc` below), which is `deferred_5`.
//!
//! The C++ captures the timer by reference (`[&]`) and relies on the programmer to keep it
//! alive; a closure token needs `'static`, so the timer is shared through an `Arc`. A timer
//! dropped while one of its waits is pending aborts the wait, as in Asio: `main` keeps a
//! handle to every timer until its part is over.
//!
//! Run it with `cargo run --example deferred [PART]`. Set `JETON_TIMER_SCALE_MS` to shorten
//! the "second" (the tests use 20 ms).

use std::io;
use std::sync::Arc;

use jeton::deferred::{values, when, DeferredOp};
use jeton::op::Operation;
use jeton::{deferred, error, Blocking, Deferred, IoContext, SteadyTimer};

#[path = "common/seconds.rs"]
mod seconds;
use seconds::seconds;

/// Asio's `ec.message()` for a wait's result.
fn message(r: &io::Result<()>) -> &'static str {
    match r {
        Ok(()) => "Success",
        Err(e) if error::is_aborted(e) => "Operation canceled",
        Err(_) => "Failure",
    }
}

fn deferred_1(io: &IoContext) {
    let timer = SteadyTimer::with_duration(&io.executor(), seconds(1));
    let deferred_op = timer.async_wait(Deferred);
    deferred_op.start(|r: io::Result<()>| {
        println!("deferred_1: timer wait finished: {}", message(&r));
    });
    io.run();
}

fn deferred_2(io: &IoContext) {
    let timer = Arc::new(SteadyTimer::with_duration(&io.executor(), seconds(1)));
    let t = timer.clone();
    let deferred_op = timer.async_wait(deferred(move |_r: io::Result<()>| {
        println!("deferred_2: first timer wait finished");
        t.expires_after(seconds(1));
        t.async_wait(Deferred)
    }));
    deferred_op.start(|r: io::Result<()>| {
        println!("deferred_2: second timer wait finished: {}", message(&r));
    });
    io.run();
}

/// Asio's `async_wait_twice` of `deferred_3`: two waits chained, returned unstarted.
fn async_wait_twice(
    timer: Arc<SteadyTimer>,
    part: &'static str,
) -> DeferredOp<impl Operation<Output = io::Result<()>>> {
    let t = timer.clone();
    timer.async_wait(Deferred).then(move |r| {
        println!("{part}: first timer wait finished: {}", message(&r));
        t.expires_after(seconds(1));
        t.async_wait(Deferred)
    })
}

fn deferred_3(io: &IoContext) {
    let timer = Arc::new(SteadyTimer::with_duration(&io.executor(), seconds(1)));
    async_wait_twice(timer.clone(), "deferred_3").start(|r: io::Result<()>| {
        println!("deferred_3: second timer wait finished: {}", message(&r));
    });
    io.run();
    // The same chain, a plain blocking call: no thread runs the context.
    timer.expires_after(seconds(1));
    let r = async_wait_twice(timer.clone(), "deferred_3 (blocking)").start(Blocking);
    println!(
        "deferred_3 (blocking): second timer wait finished: {}",
        message(&r)
    );
}

/// Asio's `async_wait_twice` of `deferred_4`: the second continuation completes with 42.
fn async_wait_twice_42(timer: Arc<SteadyTimer>) -> DeferredOp<impl Operation<Output = i32>> {
    async_wait_twice(timer, "deferred_4").then(|r| {
        println!("deferred_4: second timer wait finished: {}", message(&r));
        values(42)
    })
}

fn deferred_4(io: &IoContext) {
    let timer = Arc::new(SteadyTimer::with_duration(&io.executor(), seconds(1)));
    async_wait_twice_42(timer.clone()).start(|result: i32| {
        println!("deferred_4: result is {result}");
    });
    io.run();
}

/// Asio's `async_wait_twice` of `deferred_5`: each step goes on only if the wait succeeded.
fn async_wait_twice_checked(
    timer: Arc<SteadyTimer>,
    part: &'static str,
) -> DeferredOp<impl Operation<Output = i32>> {
    let t = timer.clone();
    timer
        .async_wait(Deferred)
        .then(move |r| {
            println!("{part}: first timer wait finished: {}", message(&r));
            t.expires_after(seconds(1));
            when(r.is_ok())
                .then(t.async_wait(Deferred))
                .otherwise(values(r))
        })
        .then(move |r| {
            println!("{part}: second timer wait finished: {}", message(&r));
            when(r.is_ok()).then(values(42)).otherwise(values(0))
        })
}

fn deferred_5(io: &IoContext) {
    for cancel in [false, true] {
        let part = if cancel {
            "deferred_5 (cancelled)"
        } else {
            "deferred_5"
        };
        let timer = Arc::new(SteadyTimer::with_duration(&io.executor(), seconds(1)));
        async_wait_twice_checked(timer.clone(), part).start(move |result: i32| {
            println!("{part}: result is {result}");
        });
        if cancel {
            // Asio's "uncomment the following line to trigger an error": the closure token
            // started the first wait inside the call, so this aborts it.
            timer.cancel();
        }
        io.restart();
        io.run();
    }
}

fn deferred_7(io: &IoContext) {
    let timer = Arc::new(SteadyTimer::with_duration(&io.executor(), seconds(1)));
    let t = timer.clone();
    let result = timer.async_wait(Deferred)
        | deferred(move |r: io::Result<()>| {
            println!("deferred_7: first timer wait finished: {}", message(&r));
            t.expires_after(seconds(1));
            when(r.is_ok())
                .then(t.async_wait(Deferred))
                .otherwise(values(r))
        })
        | deferred(|r: io::Result<()>| {
            println!("deferred_7: second timer wait finished: {}", message(&r));
            when(r.is_ok()).then(values(42)).otherwise(values(0))
        })
        | Blocking;
    println!("deferred_7: result is {result}");
}

/// One part of the example, run on a fresh context.
type Part = fn(&IoContext);

fn main() -> io::Result<()> {
    let parts: [(&str, Part); 6] = [
        ("deferred_1", deferred_1),
        ("deferred_2", deferred_2),
        ("deferred_3", deferred_3),
        ("deferred_4", deferred_4),
        ("deferred_5", deferred_5),
        ("deferred_7", deferred_7),
    ];
    let only = std::env::args().nth(1);
    for (name, part) in parts {
        if only.as_deref().is_none_or(|o| o == name) {
            part(&IoContext::new()?);
        }
    }
    Ok(())
}
