//! Drives the benchmark: places processes on cores, runs every
//! (round, scenario, style) measurement in interleaved order, and reports
//! medians across rounds.

use crate::args::BenchOpts;
use crate::child::ServerChild;
use crate::cpu_time::process_cpu_ns;
use crate::loadgen::LoadGen;
use crate::placement;
use crate::report::{self, Row, Sample};
use crate::scenario::Scenario;
use crate::stats::{median, percentile};
use crate::watchdog::Watchdog;
use std::io;
use std::time::{Duration, Instant};

pub fn run(opts: &BenchOpts) -> io::Result<()> {
    let styles = available_styles(opts);
    let server_cpus = placement::place(opts.scale.total())?;
    let watchdog = Watchdog::start();
    let (nsc, nst) = (opts.scenarios.len(), styles.len());
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); nsc * nst];
    for round in 1..=opts.rounds {
        for (i, &scenario) in opts.scenarios.iter().enumerate() {
            for (j, style) in styles.iter().enumerate() {
                let what = format!("round {round}/{} {style} {scenario}", opts.rounds);
                let s = measure(style, scenario, opts, &server_cpus, &watchdog, &what)?;
                eprintln!("{what}: {}", report::format_sample(&s));
                samples[i * nst + j].push(s);
            }
        }
    }
    let rows = rows(opts, &styles, samples);
    report::print(&rows, opts.scale);
    crate::targets::print_targets(&rows, &opts.scenarios);
    Ok(())
}

/// The styles to run: the C++ peers are built here, before any measurement, and left out
/// with the reason when they cannot be.
fn available_styles(opts: &BenchOpts) -> Vec<String> {
    let mut styles = Vec::new();
    for style in &opts.styles {
        if let Some(source) = style
            .strip_prefix("asio-")
            .and_then(crate::asio_peer::source)
        {
            if let Err(why) = crate::cxx::binary(source) {
                eprintln!("echo bench: {style} skipped: {why}");
                continue;
            }
        }
        styles.push(style.clone());
    }
    if opts.scale != crate::args::Scale::ONE {
        let fixed: Vec<&String> = styles
            .iter()
            .filter(|s| !crate::servers::SCALABLE.contains(&s.as_str()))
            .collect();
        if !fixed.is_empty() {
            eprintln!("echo bench: {fixed:?} take no --server-threads/--contexts: run as usual");
        }
    }
    styles
}

fn measure(
    style: &str,
    scenario: Scenario,
    opts: &BenchOpts,
    server_cpus: &[usize],
    watchdog: &Watchdog,
    what: &str,
) -> io::Result<Sample> {
    let warmup = (opts.measure / 5).min(Duration::from_secs(1));
    watchdog.arm(
        3 * (warmup + opts.measure) + Duration::from_secs(10),
        what.into(),
    );
    let server = ServerChild::spawn(style, server_cpus, opts.scale);
    let result =
        server.and_then(|server| measure_armed(server, scenario, opts.measure, warmup, watchdog));
    watchdog.disarm();
    result.map_err(|e| io::Error::new(e.kind(), format!("{what}: {e}")))
}

fn measure_armed(
    mut server: ServerChild,
    scenario: Scenario,
    window: Duration,
    warmup: Duration,
    watchdog: &Watchdog,
) -> io::Result<Sample> {
    let watch = watchdog.watch_child(server.pid());
    let mut load = LoadGen::connect(server.addr, scenario)?;
    load.run(warmup, |_| {})?;
    let mut lat_ns: Vec<u32> = Vec::with_capacity(1 << 20);
    // Allocation totals are read around the window only: start-up, accepts and warm-up are
    // left out. The two requests themselves allocate nothing in the child.
    let allocs_before = server.alloc_stats()?;
    let cpu_before = process_cpu_ns(server.pid())?;
    let t0 = Instant::now();
    load.run(window, |rt| {
        lat_ns.push(u32::try_from(rt.as_nanos()).unwrap_or(u32::MAX))
    })?;
    let elapsed = t0.elapsed();
    let cpu_ns = process_cpu_ns(server.pid())?.saturating_sub(cpu_before);
    let allocs_after = server.alloc_stats()?;
    drop(load);
    drop(watch);
    server.stop()?;
    let allocs = (
        allocs_after.0.saturating_sub(allocs_before.0),
        allocs_after.1.saturating_sub(allocs_before.1),
    );
    Ok(summarize(lat_ns, elapsed, cpu_ns, allocs))
}

fn summarize(mut lat_ns: Vec<u32>, elapsed: Duration, cpu_ns: u64, allocs: (u64, u64)) -> Sample {
    lat_ns.sort_unstable();
    let rts = lat_ns.len().max(1) as f64;
    Sample {
        rts_per_s: lat_ns.len() as f64 / elapsed.as_secs_f64(),
        p50_us: f64::from(percentile(&lat_ns, 50.0)) / 1e3,
        p99_us: f64::from(percentile(&lat_ns, 99.0)) / 1e3,
        cpu_us_per_rt: cpu_ns as f64 / 1e3 / rts,
        allocs_per_rt: allocs.0 as f64 / rts,
        bytes_per_rt: allocs.1 as f64 / rts,
    }
}

/// One row per (scenario, style), each metric the median over rounds.
fn rows(opts: &BenchOpts, styles: &[String], samples: Vec<Vec<Sample>>) -> Vec<Row> {
    let nst = styles.len();
    samples
        .into_iter()
        .enumerate()
        .map(|(k, rounds)| {
            let med = |f: fn(&Sample) -> f64| median(rounds.iter().map(f).collect());
            Row {
                style: styles[k % nst].clone(),
                scenario: opts.scenarios[k / nst],
                median: Sample {
                    rts_per_s: med(|s| s.rts_per_s),
                    p50_us: med(|s| s.p50_us),
                    p99_us: med(|s| s.p99_us),
                    cpu_us_per_rt: med(|s| s.cpu_us_per_rt),
                    allocs_per_rt: med(|s| s.allocs_per_rt),
                    bytes_per_rt: med(|s| s.bytes_per_rt),
                },
            }
        })
        .collect()
}
