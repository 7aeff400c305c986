//! A producer/consumer pipeline over a channel, across two threads, in three token styles.
//!
//! A producer thread sends the numbers 1 to 10 into a channel of capacity 2 (so it waits
//! whenever the consumer falls behind: memory stays bounded), then closes the channel; the
//! consumer, on the main thread, receives them in order, prints each with a running total, and
//! stops when the receive fails with `channel_closed` (after the buffer is drained).
//!
//! - `--style callback`: each side is a chain of closures on its own `IoContext`, run by its
//!   thread: a send's handler starts the next send, a receive's handler the next receive.
//!   The channel's handlers run on the consumer's context; the producer's sends are bound to
//!   its own with `bind_executor`.
//! - `--style coroutine`: each side is a `co_spawn` coroutine awaiting `UseFuture`
//!   operations, on its own context.
//! - `--style blocking`: plain blocking calls, `send` and `receive`; no thread runs a context.
//!
//! The channel is a [`ConcurrentChannel`]: its operations may be driven from any thread and
//! any context, under any token. The output is the same in every style.
//!
//! Run it with `cargo run --example channel_pipeline -- --style coroutine`.

use std::io;
use std::sync::Arc;
use std::thread;

use jeton::channel::{ConcurrentChannel, SendError};
use jeton::{bind_executor, co_spawn, error, Executor, IoContext, UseFuture};

/// How many numbers the producer sends.
const COUNT: u64 = 10;

/// Prints a received number and the running total.
fn consume(n: u64, total: &mut u64) {
    *total += n;
    println!("consumed {n} (total {total})");
}

/// Prints how the pipeline ended.
fn finish(r: io::Error, total: u64) {
    assert!(error::is_channel_closed(&r), "{r}");
    println!("channel closed: total {total}");
}

// ----- callback style -----

/// Sends `n`, then (in its handler, on `ex`: the producer's context) the next number.
fn produce_callbacks(ch: ConcurrentChannel<u64>, ex: Executor, n: u64) {
    if n > COUNT {
        ch.close();
        return;
    }
    let (next, on) = (ch.clone(), ex.clone());
    ch.async_send(
        n,
        bind_executor(&ex, move |r: Result<(), SendError<u64>>| {
            r.expect("the consumer is there");
            produce_callbacks(next, on, n + 1);
        }),
    );
}

fn consume_callbacks(ch: ConcurrentChannel<u64>, mut total: u64) {
    let next = ch.clone();
    ch.async_receive(move |r: io::Result<u64>| match r {
        Ok(n) => {
            consume(n, &mut total);
            consume_callbacks(next, total);
        }
        Err(e) => finish(e, total),
    });
}

fn callback_style() -> io::Result<()> {
    let producer_io = Arc::new(IoContext::new()?);
    let consumer_io = IoContext::new()?;
    // The channel's handlers run on the consumer's context; the producer binds its own.
    let ch = ConcurrentChannel::new(&consumer_io.executor(), 2);
    let tx = ch.clone();
    let producer = {
        let io = producer_io.clone();
        thread::spawn(move || {
            let ex = io.executor();
            ex.post({
                let ex = ex.clone();
                move || produce_callbacks(tx, ex, 1)
            });
            io.run();
        })
    };
    consume_callbacks(ch, 0);
    consumer_io.run();
    producer.join().expect("the producer thread");
    Ok(())
}

// ----- coroutine style -----

fn coroutine_style() -> io::Result<()> {
    let (producer_io, consumer_io) = (IoContext::new()?, IoContext::new()?);
    let ch = ConcurrentChannel::new(&consumer_io.executor(), 2);
    let tx = ch.clone();
    co_spawn(
        &producer_io.executor(),
        async move {
            for n in 1..=COUNT {
                tx.async_send(n, UseFuture).await?;
            }
            tx.close();
            Ok::<_, io::Error>(())
        },
        |r: io::Result<()>| r.expect("the producer"),
    );
    let producer = thread::spawn(move || producer_io.run());
    co_spawn(
        &consumer_io.executor(),
        async move {
            let mut total = 0;
            loop {
                match ch.async_receive(UseFuture).await {
                    Ok(n) => consume(n, &mut total),
                    Err(e) => return finish(e, total),
                }
            }
        },
        jeton::Detached,
    );
    consumer_io.run();
    producer.join().expect("the producer thread");
    Ok(())
}

// ----- blocking style -----

fn blocking_style() -> io::Result<()> {
    let io = IoContext::new()?;
    let ch = ConcurrentChannel::new(&io.executor(), 2);
    let tx = ch.clone();
    let producer = thread::spawn(move || {
        for n in 1..=COUNT {
            tx.send(n).expect("the consumer is there");
        }
        tx.close();
    });
    let mut total = 0;
    loop {
        match ch.receive() {
            Ok(n) => consume(n, &mut total),
            Err(e) => break finish(e, total),
        }
    }
    producer.join().expect("the producer thread");
    Ok(())
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let style = match args.iter().position(|a| a == "--style") {
        Some(i) => args.get(i + 1).map(String::as_str).unwrap_or(""),
        None => "callback",
    };
    match style {
        "callback" => callback_style(),
        "coroutine" => coroutine_style(),
        "blocking" => blocking_style(),
        other => {
            eprintln!("unknown style {other:?}: use --style callback|coroutine|blocking");
            std::process::exit(2);
        }
    }
}
