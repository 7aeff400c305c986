//! Runs each scenario for every contestant, interleaved by repetition, and turns the results
//! into the table's rows with issue 11's targets.

use std::time::Duration;

use crate::args::Opts;
use crate::asio_side::Asio;
use crate::measure::{Backlog, Cancel, Fire};
use crate::report::{mops, Row, Target, Unit};
use crate::stopwatch::Timing;
use crate::{floor, jeton_side, lateness, tokio_side};

const CHAINS: u64 = 1000;

#[derive(Clone, Copy, Debug)]
enum Who {
    Jeton,
    Asio,
    Tokio,
    Floor,
}

/// The post scenarios that `opts` selects: chain, 1000 chains, bulk.
pub fn posts(opts: &Opts, asio: &Asio, n: u64, rows: &mut Vec<Row>) {
    let scenarios = [
        ("chain", "post chain", 2.0),
        ("chains", "1000 chains", 1.1),
        ("bulk", "post bulk", 1.2),
    ];
    for (key, name, vs_asio) in scenarios {
        if !opts.wants(key) {
            continue;
        }
        let run = |who| match (who, key) {
            (Who::Jeton, "bulk") => Some(jeton_side::bulk(n)),
            (Who::Tokio, "bulk") => Some(tokio_side::bulk(n)),
            (Who::Floor, "bulk") => Some(floor::bulk(n)),
            (Who::Jeton, _) => Some(jeton_side::chains(chains(key), n)),
            (Who::Tokio, _) => Some(tokio_side::chains(chains(key), n)),
            (Who::Floor, _) => Some(floor::chains(chains(key), n)),
            (Who::Asio, _) => asio.posts(key, n),
        };
        rows.push(throughput(opts, name, n, run).target(Target::VsAsio(vs_asio)));
    }
}

fn chains(key: &str) -> u64 {
    if key == "chain" {
        1
    } else {
        CHAINS
    }
}

/// Runs a counted scenario `reps` times per contestant, interleaved; keeps each one's best
/// wall-clock rate. Prints the on-CPU rate too: the machine may be shared.
fn throughput(opts: &Opts, name: &str, count: u64, run: impl Fn(Who) -> Option<Timing>) -> Row {
    let who: &[Who] = if opts.jeton_only {
        &[Who::Jeton]
    } else {
        &[Who::Jeton, Who::Asio, Who::Tokio, Who::Floor]
    };
    let mut best = [None::<f64>; 4];
    for rep in 0..opts.reps {
        for &w in who {
            let Some(t) = run(w) else { continue };
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
    [row.jeton, row.asio, row.tokio, row.floor] = best;
    row
}

/// Runs a timer scenario per repetition for jeton, Asio and tokio; keeps each one's best by
/// `key` (smallest).
fn best_of<M: Copy + std::fmt::Debug>(
    opts: &Opts,
    label: &str,
    mut run: impl FnMut(Who) -> Option<M>,
    key: impl Fn(&M) -> Duration,
) -> [Option<M>; 3] {
    let mut best: [Option<M>; 3] = [None; 3];
    let who: &[Who] = if opts.jeton_only {
        &[Who::Jeton]
    } else {
        &[Who::Jeton, Who::Asio, Who::Tokio]
    };
    for rep in 0..opts.reps {
        for (i, &w) in who.iter().enumerate() {
            let Some(r) = run(w) else { continue };
            println!("  {label:<14} rep {rep}  {w:?}: {r:?}");
            if best[i].as_ref().is_none_or(|b| key(&r) < key(b)) {
                best[i] = Some(r);
            }
        }
    }
    best
}

/// A row of one figure of a timer scenario for jeton, Asio and tokio.
fn row<M>(name: String, unit: Unit, best: &[Option<M>; 3], f: impl Fn(&M) -> f64) -> Row {
    let mut r = Row::new(name, unit);
    [r.jeton, r.asio, r.tokio] = [0, 1, 2].map(|i| best[i].as_ref().map(&f));
    r
}

/// Time until every wait is in its timer queue: jeton and Asio start a wait inside
/// `async_wait` (the cancel scenario asserts it for jeton), so it is their initiate loop;
/// tokio's sleep registers at the task's first poll, so it is until the marker task ran.
fn scheduled(who: usize, r: &Fire) -> Duration {
    if who == 2 {
        r.armed
    } else {
        r.initiate
    }
}

pub fn fire(opts: &Opts, asio: &Asio, n: usize, rows: &mut Vec<Row>) {
    let offsets = lateness::offsets(n);
    let best = best_of(
        opts,
        "timers fire",
        |w| match w {
            Who::Jeton => Some(jeton_side::fire(&offsets)),
            Who::Asio => asio.fire(n),
            _ => Some(tokio_side::fire(&offsets)),
        },
        |r: &Fire| r.armed,
    );
    let m = n / 1000;
    let secs = |d: Duration| d.as_secs_f64();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    rows.push(row(
        format!("{m}k timers: initiate loop"),
        Unit::Secs,
        &best,
        |r| secs(r.initiate),
    ));
    rows.push(row(
        format!("{m}k timers: until marker ran"),
        Unit::Secs,
        &best,
        |r| secs(r.armed),
    ));
    let mut sched = row(
        format!("{m}k timers: schedule time"),
        Unit::Secs,
        &best,
        |_| 0.0,
    );
    [sched.jeton, sched.asio, sched.tokio] =
        [0, 1, 2].map(|i| best[i].as_ref().map(|r| secs(scheduled(i, r))));
    rows.push(sched.target(Target::AtMost(0.1)));
    rows.push(
        row("timers: lateness p50".into(), Unit::Millis, &best, |r| {
            ms(r.late.p50)
        })
        .target(Target::AtMost(5.0)),
    );
    rows.push(row(
        "timers: lateness p99".into(),
        Unit::Millis,
        &best,
        |r| ms(r.late.p99),
    ));
    rows.push(row(
        "timers: lateness max".into(),
        Unit::Millis,
        &best,
        |r| ms(r.late.max),
    ));
    rows.push(row(
        "timers: until last fired".into(),
        Unit::Secs,
        &best,
        |r| secs(r.total),
    ));
}

pub fn backlog(opts: &Opts, asio: &Asio, n: usize, rows: &mut Vec<Row>) {
    let offsets = lateness::backlog_offsets(n);
    let best = best_of(
        opts,
        "timers backlog",
        |w| match w {
            Who::Jeton => Some(jeton_side::backlog(&offsets)),
            Who::Asio => asio.backlog(n),
            _ => Some(tokio_side::backlog(&offsets)),
        },
        |r: &Backlog| r.fire,
    );
    let m = n / 1000;
    rows.push(row(
        format!("{m}k due timers: initiate loop"),
        Unit::Secs,
        &best,
        |r| r.initiate.as_secs_f64(),
    ));
    rows.push(row(
        format!("{m}k due timers: fire time"),
        Unit::Secs,
        &best,
        |r| r.fire.as_secs_f64(),
    ));
}

pub fn cancel(opts: &Opts, asio: &Asio, n: usize, rows: &mut Vec<Row>) {
    let best = best_of(
        opts,
        "timers cancel",
        |w| match w {
            Who::Jeton => Some(jeton_side::cancel(n)),
            Who::Asio => asio.cancel(n),
            _ => Some(tokio_side::cancel(n)),
        },
        Cancel::total,
    );
    let secs = |d: Duration| d.as_secs_f64();
    rows.push(row(
        "cancel: initiate loop".into(),
        Unit::Secs,
        &best,
        |r| secs(r.initiate),
    ));
    rows.push(row("cancel: arm (poll)".into(), Unit::Secs, &best, |r| {
        secs(r.arm)
    }));
    rows.push(row("cancel: cancel loop".into(), Unit::Secs, &best, |r| {
        secs(r.cancel)
    }));
    rows.push(row(
        "cancel: run aborted handlers".into(),
        Unit::Secs,
        &best,
        |r| secs(r.deliver),
    ));
    let m = n / 1000;
    rows.push(row(
        format!("{m}k timers: schedule+cancel total"),
        Unit::Secs,
        &best,
        |r| secs(r.total()),
    ));
    rows.push(
        row(
            format!("{m}k timers: schedule+cancel ops/s"),
            Unit::Mops,
            &best,
            |r| mops(n as u64, r.total()),
        )
        .target(Target::VsAsio(2.0)),
    );
}
