//! Result table: one row per (scenario, style), with CPU efficiency against the ceiling
//! (`mio`) and against Asio's callback server, and allocations per round trip.

use crate::args::Scale;
use crate::scenario::Scenario;

/// Metrics of one measurement (or medians over rounds).
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub rts_per_s: f64,
    pub p50_us: f64,
    pub p99_us: f64,
    pub cpu_us_per_rt: f64,
    /// Allocations in the server during the measured window, per round trip.
    pub allocs_per_rt: f64,
    /// Bytes those allocations asked for, per round trip.
    pub bytes_per_rt: f64,
}

pub struct Row {
    pub style: String,
    pub scenario: Scenario,
    pub median: Sample,
}

/// The ceiling: raw mio.
pub const CEILING: &str = "mio";
/// The peer the jeton styles' CPU efficiency is judged against.
pub const ASIO_CB: &str = "asio-callback";

pub fn format_sample(s: &Sample) -> String {
    format!(
        "{:.0} rt/s, p50 {:.1} us, p99 {:.1} us, server CPU {:.2} us/rt, {:.3} allocs/rt \
         ({:.0} B/rt)",
        s.rts_per_s, s.p50_us, s.p99_us, s.cpu_us_per_rt, s.allocs_per_rt, s.bytes_per_rt
    )
}

/// The median sample of `style` in `scenario`, if it ran.
pub fn find<'a>(rows: &'a [Row], style: &str, scenario: Scenario) -> Option<&'a Sample> {
    rows.iter()
        .find(|r| r.style == style && r.scenario == scenario)
        .map(|r| &r.median)
}

/// CPU efficiency of `s` against `base`: base's CPU per round trip / s's (> 1: s cheaper).
pub fn efficiency(s: &Sample, base: Option<&Sample>) -> Option<f64> {
    base.filter(|b| b.cpu_us_per_rt > 0.0 && s.cpu_us_per_rt > 0.0)
        .map(|b| b.cpu_us_per_rt / s.cpu_us_per_rt)
}

pub fn print(rows: &[Row], scale: Scale) {
    println!(
        "\n{} thread(s) in run() per context, {} context(s)",
        scale.threads, scale.contexts
    );
    println!(
        "{:<16} {:<10} {:>10} {:>8} {:>8} {:>10} {:>9} {:>9} {:>10} {:>9}",
        "style",
        "scenario",
        "rt/s",
        "p50 us",
        "p99 us",
        "cpu us/rt",
        "eff. mio",
        "eff. asio",
        "allocs/rt",
        "bytes/rt"
    );
    for row in rows {
        let m = &row.median;
        let show = |x: Option<f64>| x.map_or("-".into(), |x| format!("{x:.2}"));
        println!(
            "{:<16} {:<10} {:>10.0} {:>8.1} {:>8.1} {:>10.2} {:>9} {:>9} {:>10.3} {:>9.0}",
            row.style,
            row.scenario.to_string(),
            m.rts_per_s,
            m.p50_us,
            m.p99_us,
            m.cpu_us_per_rt,
            show(efficiency(m, find(rows, CEILING, row.scenario))),
            show(efficiency(m, find(rows, ASIO_CB, row.scenario))),
            m.allocs_per_rt,
            m.bytes_per_rt,
        );
    }
    println!(
        "eff. X = X's server CPU per round trip / the style's (1.00: as cheap as X; > 1: \
         cheaper). CPU is the server process's, from /proc schedstat."
    );
}
