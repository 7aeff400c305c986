//! Drives the benchmark: places processes on cores, runs every
//! (round, scenario, style) measurement in interleaved order, and reports
//! medians across rounds.

use crate::affinity;
use crate::args::BenchOpts;
use crate::child::ServerChild;
use crate::cpu_time::process_cpu_ns;
use crate::loadgen::LoadGen;
use crate::report::{self, Row, Sample};
use crate::scenario::Scenario;
use crate::stats::{median, percentile};
use crate::watchdog::Watchdog;
use std::io;
use std::time::{Duration, Instant};

pub fn run(opts: &BenchOpts) -> io::Result<()> {
    let server_cpu = place_self()?;
    let watchdog = Watchdog::start();
    let (nsc, nst) = (opts.scenarios.len(), opts.styles.len());
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); nsc * nst];
    for round in 1..=opts.rounds {
        for (i, &scenario) in opts.scenarios.iter().enumerate() {
            for (j, style) in opts.styles.iter().enumerate() {
                let what = format!("round {round}/{} {style} {scenario}", opts.rounds);
                let s = measure(style, scenario, opts, server_cpu, &watchdog, &what)?;
                eprintln!("{what}: {}", report::format_sample(&s));
                samples[i * nst + j].push(s);
            }
        }
    }
    report::print(&rows(opts, samples));
    Ok(())
}

/// Pins this process (the load generator) to the first allowed CPU and
/// returns the second for the server; pins nothing with a single CPU.
fn place_self() -> io::Result<Option<usize>> {
    let cpus = affinity::allowed_cpus()?;
    if cpus.len() < 2 {
        eprintln!("echo bench: fewer than 2 CPUs allowed ({cpus:?}); not pinning");
        return Ok(None);
    }
    affinity::pin_current_thread(cpus[0])?;
    eprintln!(
        "echo bench: load generator on CPU {}, server on CPU {}",
        cpus[0], cpus[1]
    );
    Ok(Some(cpus[1]))
}

fn measure(
    style: &str,
    scenario: Scenario,
    opts: &BenchOpts,
    server_cpu: Option<usize>,
    watchdog: &Watchdog,
    what: &str,
) -> io::Result<Sample> {
    let warmup = (opts.measure / 5).min(Duration::from_secs(1));
    watchdog.arm(
        3 * (warmup + opts.measure) + Duration::from_secs(10),
        what.into(),
    );
    let result = measure_armed(style, scenario, opts.measure, warmup, server_cpu, watchdog);
    watchdog.disarm();
    result.map_err(|e| io::Error::new(e.kind(), format!("{what}: {e}")))
}

fn measure_armed(
    style: &str,
    scenario: Scenario,
    window: Duration,
    warmup: Duration,
    server_cpu: Option<usize>,
    watchdog: &Watchdog,
) -> io::Result<Sample> {
    let server = ServerChild::spawn(style, server_cpu)?;
    let watch = watchdog.watch_child(server.pid());
    let mut load = LoadGen::connect(server.addr, scenario)?;
    load.run(warmup, |_| {})?;
    let mut lat_ns: Vec<u32> = Vec::with_capacity(1 << 20);
    let cpu_before = process_cpu_ns(server.pid())?;
    let t0 = Instant::now();
    load.run(window, |rt| {
        lat_ns.push(u32::try_from(rt.as_nanos()).unwrap_or(u32::MAX))
    })?;
    let elapsed = t0.elapsed();
    let cpu_ns = process_cpu_ns(server.pid())?.saturating_sub(cpu_before);
    drop(load);
    drop(watch);
    server.stop()?;
    Ok(summarize(lat_ns, elapsed, cpu_ns))
}

fn summarize(mut lat_ns: Vec<u32>, elapsed: Duration, cpu_ns: u64) -> Sample {
    lat_ns.sort_unstable();
    let rts = lat_ns.len().max(1) as f64;
    Sample {
        rts_per_s: lat_ns.len() as f64 / elapsed.as_secs_f64(),
        p50_us: f64::from(percentile(&lat_ns, 50.0)) / 1e3,
        p99_us: f64::from(percentile(&lat_ns, 99.0)) / 1e3,
        cpu_us_per_rt: cpu_ns as f64 / 1e3 / rts,
    }
}

/// One row per (scenario, style), each metric the median over rounds.
fn rows(opts: &BenchOpts, samples: Vec<Vec<Sample>>) -> Vec<Row> {
    let nst = opts.styles.len();
    samples
        .into_iter()
        .enumerate()
        .map(|(k, rounds)| {
            let med = |f: fn(&Sample) -> f64| median(rounds.iter().map(f).collect());
            Row {
                style: opts.styles[k % nst].clone(),
                scenario: opts.scenarios[k / nst],
                median: Sample {
                    rts_per_s: med(|s| s.rts_per_s),
                    p50_us: med(|s| s.p50_us),
                    p99_us: med(|s| s.p99_us),
                    cpu_us_per_rt: med(|s| s.cpu_us_per_rt),
                },
            }
        })
        .collect()
}
