//! Scheduler benchmark: the same work in jeton (one thread in `io.run()`) and tokio (a
//! current_thread runtime), side by side in one process, with a plain `VecDeque` loop as the
//! floor for the post scenarios.
//!
//! Run: `cargo bench --bench scheduler -- [--quick] [--only chain,chains,bulk,fire,cancel]
//!       [--jeton-only] [--reps N]`.
//!
//! Scenarios (full counts; `--quick` divides them by 10):
//! - chain: each handler posts the next, 10 M in all;
//! - chains: 1000 independent chains, 10 M handlers in all;
//! - bulk: 10 M empty handlers posted before running, then run (both timed);
//! - fire: 1 M timers with deadlines spread uniformly over the next second, all awaited:
//!   scheduling time and lateness (handler time - deadline);
//! - cancel: 1 M timers 10 s out, one waiter each, each cancelled: schedule + cancel time.
//!
//! Every scenario checks that each handler ran exactly once (and that timers fired or were
//! aborted as expected) and panics otherwise.

mod args;
mod counter;
mod floor;
mod jeton_side;
mod lateness;
mod measure;
mod phases;
mod report;
mod stopwatch;
mod tokio_side;

use std::time::Duration;

use args::Opts;
use report::{mops, Row, Unit};
use stopwatch::Timing;

const POSTS: u64 = 10_000_000;
const CHAINS: u64 = 1000;
const TIMERS: u64 = 1_000_000;

fn main() {
    let opts = match args::parse(std::env::args().skip(1)) {
        Ok(Some(opts)) => opts,
        Ok(None) => return println!("{}", args::USAGE),
        Err(msg) => {
            eprintln!("scheduler bench: {msg}\n\n{}", args::USAGE);
            std::process::exit(2);
        }
    };
    if opts.phases {
        phases::enable();
    }
    watchdog(Duration::from_secs(600));
    let posts = POSTS / opts.divisor;
    let timers = (TIMERS / opts.divisor) as usize;
    println!(
        "scheduler bench: {posts} handlers, {timers} timers, best of {} repetitions{}",
        opts.reps,
        if opts.jeton_only { ", jeton only" } else { "" }
    );
    let mut rows = Vec::new();
    if opts.wants("chain") {
        rows.push(
            throughput(&opts, "post chain", posts, |who| match who {
                Who::Jeton => jeton_side::chains(1, posts),
                Who::Tokio => tokio_side::chains(1, posts),
                Who::Floor => floor::chains(1, posts),
            })
            .target(">= 8 M/s, >= 2x tokio", 8.0, Some(2.0))
            .asio("4.0 M/s"),
        );
    }
    if opts.wants("chains") {
        rows.push(
            throughput(&opts, "1000 chains", posts, |who| match who {
                Who::Jeton => jeton_side::chains(CHAINS, posts),
                Who::Tokio => tokio_side::chains(CHAINS, posts),
                Who::Floor => floor::chains(CHAINS, posts),
            })
            .target(">= 26 M/s, >= 6.5x tokio", 26.0, Some(6.5))
            .asio("26 M/s"),
        );
    }
    if opts.wants("bulk") {
        rows.push(
            throughput(&opts, "post bulk", posts, |who| match who {
                Who::Jeton => jeton_side::bulk(posts),
                Who::Tokio => tokio_side::bulk(posts),
                Who::Floor => floor::bulk(posts),
            })
            .target(">= 8 M/s, >= 4x tokio", 8.0, Some(4.0))
            .asio("8.0 M/s"),
        );
    }
    if opts.wants("fire") {
        fire(&opts, timers, &mut rows);
    }
    if opts.wants("cancel") {
        cancel(&opts, timers, &mut rows);
    }
    if opts.divisor != 1 {
        // Timer targets are for 1M timers: a tenth of the work says nothing about them.
        for r in rows.iter_mut().filter(|r| !matches!(r.unit, Unit::Mops)) {
            r.meets = None;
        }
    }
    println!();
    report::print(&rows);
    if opts.divisor != 1 {
        println!(
            "--quick: counts divided by {}; targets are for full counts.",
            opts.divisor
        );
    }
}

/// Aborts the process if the benchmark hangs (a lost wake-up would otherwise block forever).
fn watchdog(limit: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        eprintln!("scheduler bench: still running after {limit:?}; aborting");
        std::process::abort();
    });
}

#[derive(Clone, Copy, Debug)]
enum Who {
    Jeton,
    Tokio,
    Floor,
}

/// Runs a counted scenario `reps` times per contestant, interleaved; keeps each one's best
/// wall-clock rate. Prints the on-CPU rate too: the machine may be shared.
fn throughput(opts: &Opts, name: &str, count: u64, run: impl Fn(Who) -> Timing) -> Row {
    let who: &[Who] = if opts.jeton_only {
        &[Who::Jeton]
    } else {
        &[Who::Jeton, Who::Tokio, Who::Floor]
    };
    let mut best = [None::<f64>; 3];
    for rep in 0..opts.reps {
        for &w in who {
            let t = run(w);
            let v = mops(count, t.wall);
            let cpu = t
                .cpu
                .map_or("-".into(), |c| format!("{:.2}", mops(count, c)));
            println!("  {name:<12} rep {rep}  {w:<5?}: {v:6.2} M/s wall, {cpu:>6} M/s on-CPU");
            let slot = &mut best[w as usize];
            *slot = Some(slot.map_or(v, |b: f64| b.max(v)));
        }
    }
    let mut row = Row::new(name, Unit::Mops);
    [row.jeton, row.tokio, row.floor] = best;
    row
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn fire(opts: &Opts, n: usize, rows: &mut Vec<Row>) {
    let offsets = lateness::offsets(n);
    let mut j: Option<measure::Fire> = None;
    let mut t: Option<measure::Fire> = None;
    // Keeps, per contestant, the repetition with the shortest schedule time.
    let keep = |best: &mut Option<measure::Fire>, r: measure::Fire| {
        if best.map_or(true, |b| r.armed < b.armed) {
            *best = Some(r);
        }
    };
    for rep in 0..opts.reps {
        let r = jeton_side::fire(&offsets);
        println!("  timers fire    rep {rep}  jeton: {r:?}");
        keep(&mut j, r);
        if !opts.jeton_only {
            let r = tokio_side::fire(&offsets);
            println!("  timers fire    rep {rep}  tokio: {r:?}");
            keep(&mut t, r);
        }
    }
    let j = j.expect("at least one repetition");
    let row = |name: String, unit: Unit, f: &dyn Fn(&measure::Fire) -> f64| {
        let mut r = Row::new(name, unit);
        r.jeton = Some(f(&j));
        r.tokio = t.as_ref().map(f);
        r
    };
    let m = n / 1000;
    rows.push(row(
        format!("{m}k timers: initiate loop"),
        Unit::Secs,
        &|r| secs(r.initiate),
    ));
    rows.push(
        row(
            format!("{m}k timers: schedule incl. 1st poll"),
            Unit::Secs,
            &|r| secs(r.armed),
        )
        .target("<= 0.1 s", 0.1, None)
        .asio("0.38 s"),
    );
    rows.push(
        row("timers: lateness p50".into(), Unit::Millis, &|r| {
            millis(r.late.p50)
        })
        .target("<= 5 ms", 5.0, None)
        .asio("680 ms"),
    );
    rows.push(row("timers: lateness p99".into(), Unit::Millis, &|r| {
        millis(r.late.p99)
    }));
    rows.push(row("timers: lateness max".into(), Unit::Millis, &|r| {
        millis(r.late.max)
    }));
    rows.push(row("timers: until last fired".into(), Unit::Secs, &|r| {
        secs(r.total)
    }));
}

fn cancel(opts: &Opts, n: usize, rows: &mut Vec<Row>) {
    let mut j: Option<measure::Cancel> = None;
    let mut t: Option<measure::Cancel> = None;
    // Keeps, per contestant, the repetition with the shortest total.
    let keep = |best: &mut Option<measure::Cancel>, r: measure::Cancel| {
        if best.map_or(true, |b| r.total() < b.total()) {
            *best = Some(r);
        }
    };
    for rep in 0..opts.reps {
        let r = jeton_side::cancel(n);
        println!("  timers cancel  rep {rep}  jeton: {r:?}");
        keep(&mut j, r);
        if !opts.jeton_only {
            let r = tokio_side::cancel(n);
            println!("  timers cancel  rep {rep}  tokio: {r:?}");
            keep(&mut t, r);
        }
    }
    let j = j.expect("at least one repetition");
    let row = |name: &str, f: &dyn Fn(&measure::Cancel) -> f64| {
        let mut r = Row::new(name, Unit::Secs);
        r.jeton = Some(f(&j));
        r.tokio = t.as_ref().map(f);
        r
    };
    let m = n / 1000;
    rows.push(row("cancel: initiate loop", &|r| secs(r.initiate)));
    rows.push(row("cancel: arm (1st poll of each)", &|r| secs(r.arm)));
    rows.push(row("cancel: cancel loop", &|r| secs(r.cancel)));
    rows.push(row("cancel: run aborted handlers", &|r| secs(r.deliver)));
    rows.push(
        row(&format!("{m}k timers: schedule+cancel total"), &|r| {
            secs(r.total())
        })
        .target("<= 0.2 s", 0.2, None)
        .asio("0.62 s"),
    );
}
