//! The result table: jeton beside C++ Asio, tokio and the floor, with issue 11's targets.

use std::time::Duration;

/// How a row's values read.
#[derive(Clone, Copy, Debug)]
pub enum Unit {
    /// Millions of handlers per second (higher is better).
    Mops,
    /// Seconds (lower is better).
    Secs,
    /// Milliseconds (lower is better).
    Millis,
}

impl Unit {
    fn higher_is_better(self) -> bool {
        matches!(self, Unit::Mops)
    }
}

/// A row's target.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    /// jeton's value at most this (times).
    AtMost(f64),
    /// jeton at least this many times better than Asio (ratio column).
    VsAsio(f64),
}

/// One line of the table.
#[derive(Debug)]
pub struct Row {
    pub name: String,
    pub unit: Unit,
    pub jeton: Option<f64>,
    pub asio: Option<f64>,
    pub tokio: Option<f64>,
    pub floor: Option<f64>,
    pub target: Option<Target>,
}

impl Row {
    pub fn new(name: impl Into<String>, unit: Unit) -> Row {
        Row {
            name: name.into(),
            unit,
            jeton: None,
            asio: None,
            tokio: None,
            floor: None,
            target: None,
        }
    }

    pub fn target(mut self, target: Target) -> Row {
        self.target = Some(target);
        self
    }

    /// How many times better jeton is than `other` (> 1: jeton better), in either unit.
    fn better(&self, other: Option<f64>) -> Option<f64> {
        match (self.jeton, other) {
            (Some(j), Some(o)) if j > 0.0 && o > 0.0 => Some(if self.unit.higher_is_better() {
                j / o
            } else {
                o / j
            }),
            _ => None,
        }
    }

    /// Whether jeton meets the target; `None` without a target or the figure it needs.
    pub fn meets(&self) -> Option<bool> {
        match self.target? {
            Target::AtMost(limit) => self.jeton.map(|j| j <= limit),
            Target::VsAsio(r) => self.better(self.asio).map(|x| x >= r),
        }
    }
}

/// Converts a count and a duration to millions per second.
pub fn mops(count: u64, d: Duration) -> f64 {
    count as f64 / d.as_secs_f64() / 1e6
}

fn cell(v: Option<f64>, unit: Unit) -> String {
    match (v, unit) {
        (None, _) => "-".into(),
        (Some(v), Unit::Mops) => format!("{v:.2} M/s"),
        (Some(v), Unit::Secs) => format!("{v:.3} s"),
        (Some(v), Unit::Millis) => format!("{v:.2} ms"),
    }
}

fn ratio(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{x:.2}"))
}

fn target_text(t: Option<Target>, unit: Unit) -> String {
    match t {
        None => String::new(),
        Some(Target::AtMost(v)) => format!("<= {}", cell(Some(v), unit)),
        Some(Target::VsAsio(r)) => format!(">= {r}x Asio"),
    }
}

/// Prints the table.
pub fn print(rows: &[Row], asio_missing: bool) {
    let header = [
        "scenario", "jeton", "C++ Asio", "vs Asio", "tokio", "vs tokio", "floor", "vs floor",
        "target", "",
    ];
    let lines: Vec<[String; 10]> = rows
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                cell(r.jeton, r.unit),
                cell(r.asio, r.unit),
                ratio(r.better(r.asio)),
                cell(r.tokio, r.unit),
                ratio(r.better(r.tokio)),
                cell(r.floor, r.unit),
                ratio(r.better(r.floor)),
                target_text(r.target, r.unit),
                match r.meets() {
                    Some(true) => "ok".into(),
                    Some(false) => "MISS".into(),
                    None => "".into(),
                },
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for l in &lines {
        for (w, c) in widths.iter_mut().zip(l) {
            *w = (*w).max(c.len());
        }
    }
    let show = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i == 0 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect();
        println!("{}", parts.join("  ").trim_end());
    };
    show(&header.map(String::from));
    println!(
        "{}",
        "-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1))
    );
    for l in &lines {
        show(l);
    }
    println!(
        "\n\"vs X\" is how many times better jeton is than X (> 1: jeton better): X/jeton for \
         times, jeton/X for M/s.{}",
        if asio_missing {
            " C++ Asio was skipped: its targets are not judged."
        } else {
            ""
        }
    );
}
