//! A tour of jeton: the same operations, completed in every style.
//!
//! In Asio, and in jeton, every asynchronous operation takes a *completion token* as its last
//! argument, and the token alone decides how the result reaches you: a callback, a future to
//! `.await`, a plain blocking call, and so on. The operation's code is the same in every case.
//!
//! This program starts the same two operations under each token and prints one line per style:
//! the two results and the thread the completion was delivered on.
//!
//! - `wait`: `timer.async_wait(token)`, one 10 ms wait on a [`SteadyTimer`], a leaf operation.
//! - `wait_twice`: [`async_wait_twice`]`(&ex, 10 ms, token)`, two 10 ms waits in a row. It is a
//!   *composed* operation, written once in this file as an `async` block over the leaf
//!   `async_wait(UseFuture)` and turned into an operation with [`jeton::op::operation`]. It
//!   completes with `Ok(2)`, the number of waits. Every token works with it, `Blocking`
//!   included, with no extra code.
//!
//! The styles, in the order printed:
//!
//! 1. a closure handler, called by `io.run()` (Asio's callbacks);
//! 2. a future on the context: `co_spawn` of an `async` block that `.await`s
//!    `async_wait(UseFuture)` (Asio's `co_spawn` + `use_awaitable`), its result delivered to a
//!    closure;
//! 3. a future on a foreign executor: `futures::executor::block_on` on the main thread while
//!    another thread runs the context (Asio's `use_future`);
//! 4. `Blocking`: a plain synchronous call, with no thread running the context (Asio's `wait()`);
//! 5. `redirect_error(Blocking, &mut ec)`: the error goes to an out-parameter (Asio's
//!    `error_code& ec` overloads); then the same with `cancel_after(5 ms, ..)` on a 60 s timer,
//!    which ends in an error;
//! 6. `bind_executor(&strand, closure)`: the handler runs on a [`Strand`];
//! 7. `Detached`: the result is dropped.
//!
//! Last, a 60 s wait cancelled by `timer.cancel()` from another thread: its handler gets the
//! aborted error (Asio's `operation_aborted`).
//!
//! Run it with `cargo run --release --example tour`. It takes about a quarter of a second.

use std::fmt::Debug;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use jeton::op::{operation, FutureOp};
use jeton::{
    bind_executor, cancel_after, co_spawn, error, redirect_error, Blocking, CompletionToken,
    Detached, Executor, IoContext, SteadyTimer, Strand, UseFuture, WorkGuard,
};

/// The length of every short wait in the tour.
const TICK: Duration = Duration::from_millis(10);

/// A wait that never ends by itself within the tour: it must be cancelled.
const LONG: Duration = Duration::from_secs(60);

/// Tags a completion of the single wait, `wait`.
const WAIT: usize = 0;

/// Tags a completion of the composed operation, `wait_twice`.
const TWICE: usize = 1;

/// The operation [`async_wait_twice`] builds: a boxed `async` block paired with an executor.
type WaitTwice = FutureOp<Pin<Box<dyn Future<Output = io::Result<u32>> + Send>>, Executor>;

/// Waits `d` twice in a row on a timer of its own; completes with `Ok(2)`, the number of waits.
///
/// Equivalent to: `async fn async_wait_twice(ex: &Executor, d: Duration) -> io::Result<u32>`.
///
/// This is how a composed operation is written once for every token: build the operation,
/// here an `async` block over the leaf `async_wait(UseFuture)`, then hand it to the token.
fn async_wait_twice<T: CompletionToken<WaitTwice>>(
    ex: &Executor,
    d: Duration,
    token: T,
) -> T::Output {
    let timer = SteadyTimer::new(ex);
    let wait_twice = async move {
        for _ in 0..2 {
            timer.expires_after(d);
            timer.async_wait(UseFuture).await?;
        }
        Ok::<u32, io::Error>(2)
    };
    token.launch(operation(ex, Box::pin(wait_twice) as Pin<Box<_>>))
}

fn main() -> io::Result<()> {
    let io = IoContext::new()?;
    let ex = io.executor();
    let timer = SteadyTimer::new(&ex);

    println!("jeton tour: the same operations, completed in every style.");
    println!("  wait        timer.async_wait(token)              one 10 ms timer wait");
    println!("  wait_twice  async_wait_twice(&ex, 10 ms, token)  two 10 ms waits in a row,");
    println!("              a composed operation written once as an async block");
    println!("Only the token changes.");
    println!();
    report("style (the token)", "wait", "wait_twice", "delivered on");

    closure_handler(&io, &timer);
    future_on_the_context(&io);
    future_on_a_foreign_executor(&io, &timer)?;
    blocking(&ex, &timer);
    redirect_error_out_parameter(&ex, &timer);
    strand(&io, &timer);
    detached(&io, &timer);
    println!();
    cancel(&io, &timer)?;
    Ok(())
}

/// Style 1: a closure is the completion handler; `io.run()` calls it.
fn closure_handler(io: &IoContext, timer: &SteadyTimer) {
    let ex = io.executor();
    let (tx, rx) = mpsc::channel();
    let tx2 = tx.clone();
    let (ex1, ex2) = (ex.clone(), ex.clone());

    timer.expires_after(TICK);
    timer.async_wait(move |r: io::Result<()>| send(&tx, WAIT, show(&r), where_in_run(&ex1)));
    async_wait_twice(&ex, TICK, move |r| {
        send(&tx2, TWICE, show(&r), where_in_run(&ex2))
    });
    io.run();

    let (wait, twice, at) = both(&rx);
    report("1. closure handler + io.run()", &wait, &twice, &at);
}

/// Style 2: a future on the context. A task `.await`s both operations with `UseFuture`, and
/// `co_spawn` delivers the task's output to a closure.
fn future_on_the_context(io: &IoContext) {
    let ex = io.executor();
    let (tx, rx) = mpsc::channel();
    let task_ex = ex.clone();
    let handler_ex = ex.clone();

    io.restart();
    co_spawn(
        &ex,
        async move {
            let timer = SteadyTimer::new(&task_ex);
            timer.expires_after(TICK);
            let wait = timer.async_wait(UseFuture).await;
            let twice = async_wait_twice(&task_ex, TICK, UseFuture).await;
            (wait, twice)
        },
        move |(wait, twice)| {
            let at = where_in_run(&handler_ex);
            send(&tx, WAIT, show(&wait), at.clone());
            send(&tx, TWICE, show(&twice), at);
        },
    );
    io.run();

    let (wait, twice, at) = both(&rx);
    report("2. co_spawn + .await UseFuture", &wait, &twice, &at);
}

/// Style 3: a future on a foreign executor. `futures::executor::block_on` awaits on this thread
/// while the thread `io-runner` runs the context.
fn future_on_a_foreign_executor(io: &IoContext, timer: &SteadyTimer) -> io::Result<()> {
    let ex = io.executor();
    io.restart();
    // Keeps run() from returning before the futures are first polled.
    let guard = WorkGuard::new(&ex);
    thread::scope(|s| {
        thread::Builder::new()
            .name("io-runner".into())
            .spawn_scoped(s, || io.run())?;

        timer.expires_after(TICK);
        let (wait, twice) = futures::executor::block_on(async {
            let wait = timer.async_wait(UseFuture).await;
            let twice = async_wait_twice(&ex, TICK, UseFuture).await;
            (wait, twice)
        });
        let at = format!("{}, in block_on ('io-runner' ran io.run())", thread_name());
        report(
            "3. UseFuture on a foreign executor",
            &show(&wait),
            &show(&twice),
            &at,
        );

        drop(guard);
        Ok(())
    })
}

/// Style 4: `Blocking`, plain synchronous calls; no thread runs the context.
fn blocking(ex: &Executor, timer: &SteadyTimer) {
    timer.expires_after(TICK);
    let wait = timer.async_wait(Blocking);
    let twice = async_wait_twice(ex, TICK, Blocking);

    let at = format!("{}, the caller; no thread ran io.run()", thread_name());
    report("4. Blocking", &show(&wait), &show(&twice), &at);
}

/// Style 5: `redirect_error(Blocking, &mut ec)`. The error goes to `ec` and the value is
/// returned. Then `cancel_after` makes both operations fail, on waits of a minute.
fn redirect_error_out_parameter(ex: &Executor, timer: &SteadyTimer) {
    let (mut ec1, mut ec2) = (None, None);
    timer.expires_after(TICK);
    timer.async_wait(redirect_error(Blocking, &mut ec1));
    let n = async_wait_twice(ex, TICK, redirect_error(Blocking, &mut ec2));

    let wait = format!("(), ec={}", show_ec(&ec1));
    let twice = format!("{n}, ec={}", show_ec(&ec2));
    let at = format!("{}, the caller", thread_name());
    report("5. redirect_error(Blocking, &mut ec)", &wait, &twice, &at);

    let start = Instant::now();
    timer.expires_after(LONG);
    timer.async_wait(cancel_after(TICK / 2, redirect_error(Blocking, &mut ec1)));
    let t1 = start.elapsed().as_millis();
    let start = Instant::now();
    let n = async_wait_twice(
        ex,
        LONG,
        cancel_after(TICK / 2, redirect_error(Blocking, &mut ec2)),
    );
    let t2 = start.elapsed().as_millis();

    let wait = format!("(), ec={}", show_ec(&ec1));
    let twice = format!("{n}, ec={}", show_ec(&ec2));
    let at = format!("{}, after {t1} ms and {t2} ms", thread_name());
    report("   + cancel_after(5 ms) on 60 s waits", &wait, &twice, &at);
    if let Some(e) = &ec1 {
        println!("{:39}ec is Some(io::Error \"{e}\")", "");
    }
}

/// Style 6: `bind_executor(&strand, closure)`; the handlers run on a strand.
fn strand(io: &IoContext, timer: &SteadyTimer) {
    let ex = io.executor();
    let strand = Strand::new(&ex);
    let (tx, rx) = mpsc::channel();
    let tx2 = tx.clone();
    let (s1, s2) = (strand.clone(), strand.clone());

    io.restart();
    timer.expires_after(TICK);
    timer.async_wait(bind_executor(&strand, move |r: io::Result<()>| {
        send(&tx, WAIT, show(&r), where_in_strand(&s1));
    }));
    async_wait_twice(
        &ex,
        TICK,
        bind_executor(&strand, move |r| {
            send(&tx2, TWICE, show(&r), where_in_strand(&s2))
        }),
    );
    io.run();

    let (wait, twice, at) = both(&rx);
    report("6. bind_executor(&strand, closure)", &wait, &twice, &at);
}

/// Style 7: `Detached`; both operations run as tasks, and their results are dropped.
fn detached(io: &IoContext, timer: &SteadyTimer) {
    let ex = io.executor();
    io.restart();
    timer.expires_after(TICK);
    timer.async_wait(Detached);
    async_wait_twice(&ex, TICK, Detached);
    let start = Instant::now();
    io.run();

    let at = format!(
        "nowhere; io.run() still waited {} ms for both",
        start.elapsed().as_millis()
    );
    report("7. Detached", "dropped", "dropped", &at);
}

/// A one-minute wait, cancelled by `timer.cancel()` from this thread while `io-runner` runs
/// the context: the handler gets the aborted error.
fn cancel(io: &IoContext, timer: &SteadyTimer) -> io::Result<()> {
    let ex = io.executor();
    let (tx, rx) = mpsc::channel();
    io.restart();
    timer.expires_after(LONG);
    timer.async_wait(move |r: io::Result<()>| send(&tx, WAIT, show(&r), where_in_run(&ex)));

    let start = Instant::now();
    let (cancelled, after) = thread::scope(|s| {
        thread::Builder::new()
            .name("io-runner".into())
            .spawn_scoped(s, || io.run())?;
        thread::sleep(TICK);
        let after = start.elapsed().as_millis();
        Ok::<_, io::Error>((timer.cancel(), after))
    })?;

    let (_, result, at) = rx.recv().expect("the handler runs exactly once");
    println!(
        "cancel: a 60 s wait; {after} ms later, timer.cancel() on 'main' aborted {cancelled} wait."
    );
    println!("        Its handler got {result} on {at}.");
    Ok(())
}

/// Prints one style's line.
fn report(style: &str, wait: &str, twice: &str, at: &str) {
    println!("{style:38} {wait:16} {twice:16} {at}");
}

/// Formats a result, naming the aborted error as Asio does.
fn show<T: Debug>(r: &io::Result<T>) -> String {
    match r {
        Ok(v) => format!("Ok({v:?})"),
        Err(e) if error::is_aborted(e) => "Err(aborted)".to_string(),
        Err(e) => format!("Err({e})"),
    }
}

/// Formats `redirect_error`'s out-parameter.
fn show_ec(ec: &Option<io::Error>) -> String {
    match ec {
        None => "None".to_string(),
        Some(e) if error::is_aborted(e) => "aborted".to_string(),
        Some(e) => e.to_string(),
    }
}

/// Returns the calling thread's name, quoted.
fn thread_name() -> String {
    format!("'{}'", thread::current().name().unwrap_or("unnamed"))
}

/// Describes the calling thread, and whether it is inside `run()` of `ex`'s context.
fn where_in_run(ex: &Executor) -> String {
    let inside = if ex.running_in_this_thread() {
        "inside io.run()"
    } else {
        "outside io.run()"
    };
    format!("{}, {inside}", thread_name())
}

/// Describes the calling thread, and whether it is inside `strand`.
fn where_in_strand(strand: &Strand) -> String {
    let inside = if strand.running_in_this_thread() {
        "inside the strand"
    } else {
        "outside the strand"
    };
    format!("{}, {inside}", thread_name())
}

/// A completion's tag, result and where it ran, sent from a handler to the style that started it.
type Completion = (usize, String, String);

/// Sends a completion's result and where it ran to the style that started it.
fn send(tx: &mpsc::Sender<Completion>, tag: usize, result: String, at: String) {
    tx.send((tag, result, at))
        .expect("the receiver outlives io.run()");
}

/// Receives the two completions of a style; returns the wait's and the composed wait's results
/// and where they ran.
fn both(rx: &mpsc::Receiver<Completion>) -> (String, String, String) {
    let mut got = [rx.recv(), rx.recv()].map(|c| c.expect("both handlers ran"));
    got.sort_by_key(|c| c.0);
    let [(_, wait, at1), (_, twice, at2)] = got;
    let at = if at1 == at2 {
        at1
    } else {
        format!("{at1} / {at2}")
    };
    (wait, twice, at)
}
