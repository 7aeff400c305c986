//! Issue 11's targets that the echo bench measures, each with its figure and verdict. The
//! callgrind targets (instructions per round trip) come from `tools/targets.sh`.

use crate::report::{efficiency, find, Row, ASIO_CB, CEILING};
use crate::scenario::Scenario;

/// A target line: what, the scenario, the figure, the target as text, and whether it is met.
struct Line {
    what: String,
    scenario: String,
    figure: Option<f64>,
    target: &'static str,
    meets: Option<bool>,
}

fn line(
    what: String,
    scenario: Scenario,
    figure: Option<f64>,
    target: &'static str,
    ok: impl Fn(f64) -> bool,
) -> Line {
    Line {
        what,
        scenario: scenario.to_string(),
        figure,
        target,
        meets: figure.map(ok),
    }
}

pub fn print_targets(rows: &[Row], scenarios: &[Scenario]) {
    let mut lines = Vec::new();
    for &sc in scenarios {
        for style in ["jeton-callback", "jeton-coroutine"] {
            let Some(s) = find(rows, style, sc) else {
                continue;
            };
            lines.push(line(
                format!("CPU efficiency vs Asio callback, {style}"),
                sc,
                efficiency(s, find(rows, ASIO_CB, sc)),
                ">= 1.00",
                |x| x >= 1.0,
            ));
            lines.push(line(
                format!("CPU efficiency vs raw ceiling, {style}"),
                sc,
                efficiency(s, find(rows, CEILING, sc)),
                ">= 0.97",
                |x| x >= 0.97,
            ));
        }
        if let Some(s) = find(rows, "jeton-callback", sc) {
            lines.push(line(
                "allocations per round trip, jeton-callback".into(),
                sc,
                Some(s.allocs_per_rt),
                "0",
                |x| x < 0.001,
            ));
        }
        if let (Some(b), Some(std)) = (find(rows, "jeton-blocking", sc), find(rows, "std", sc)) {
            lines.push(line(
                "Blocking vs std, CPU per round trip".into(),
                sc,
                efficiency(std, Some(b)),
                "<= 1.10x",
                |x| x <= 1.10,
            ));
        }
    }
    if lines.is_empty() {
        return;
    }
    println!("\nissue 11 targets (echo):");
    println!(
        "{:<50} {:<10} {:>8} {:>9}",
        "figure", "scenario", "value", "target"
    );
    for l in &lines {
        let verdict = match l.meets {
            Some(true) => "ok",
            Some(false) => "MISS",
            None => "(peer missing)",
        };
        let value = l.figure.map_or("-".into(), |x| format!("{x:.3}"));
        println!(
            "{:<50} {:<10} {:>8} {:>9}  {verdict}",
            l.what, l.scenario, value, l.target
        );
    }
    println!(
        "callgrind instructions per round trip (coroutine <= 800, callback <= 900): \
         benches/echo/tools/targets.sh"
    );
}
