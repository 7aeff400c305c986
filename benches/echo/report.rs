//! Result table: one row per (scenario, style), ratios against `mio`.

use crate::scenario::Scenario;

/// Metrics of one measurement (or medians over rounds).
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub rts_per_s: f64,
    pub p50_us: f64,
    pub p99_us: f64,
    pub cpu_us_per_rt: f64,
}

pub struct Row {
    pub style: String,
    pub scenario: Scenario,
    pub median: Sample,
}

/// The style every other one is compared with.
const BASELINE: &str = "mio";

pub fn format_sample(s: &Sample) -> String {
    format!(
        "{:.0} rt/s, p50 {:.1} us, p99 {:.1} us, server CPU {:.2} us/rt",
        s.rts_per_s, s.p50_us, s.p99_us, s.cpu_us_per_rt
    )
}

pub fn print(rows: &[Row]) {
    println!(
        "\n{:<16} {:<10} {:>10} {:>8} {:>8} {:>10} {:>12} {:>13}",
        "style",
        "scenario",
        "rt/s",
        "p50 us",
        "p99 us",
        "cpu us/rt",
        "rt/s vs mio",
        "cpu/rt vs mio"
    );
    for row in rows {
        let base = rows
            .iter()
            .find(|b| b.style == BASELINE && b.scenario == row.scenario);
        println!("{}", format_row(row, base.map(|b| &b.median)));
    }
}

fn format_row(row: &Row, base: Option<&Sample>) -> String {
    let m = &row.median;
    let ratio = |num: f64, den: Option<f64>| match den {
        Some(d) if d > 0.0 => format!("{:.2}x", num / d),
        _ => "-".to_string(),
    };
    format!(
        "{:<16} {:<10} {:>10.0} {:>8.1} {:>8.1} {:>10.2} {:>12} {:>13}",
        row.style,
        row.scenario.to_string(),
        m.rts_per_s,
        m.p50_us,
        m.p99_us,
        m.cpu_us_per_rt,
        ratio(m.rts_per_s, base.map(|b| b.rts_per_s)),
        ratio(m.cpu_us_per_rt, base.map(|b| b.cpu_us_per_rt)),
    )
}
