//! The result table.

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

/// One line of the table.
#[derive(Debug)]
pub struct Row {
    pub name: String,
    pub unit: Unit,
    pub jeton: Option<f64>,
    pub tokio: Option<f64>,
    pub floor: Option<f64>,
    /// Target, as text, and the check of jeton's value against it.
    pub target: &'static str,
    pub meets: Option<bool>,
    /// C++ Asio reference from the issue.
    pub asio: &'static str,
}

impl Row {
    pub fn new(name: impl Into<String>, unit: Unit) -> Row {
        Row {
            name: name.into(),
            unit,
            jeton: None,
            tokio: None,
            floor: None,
            target: "",
            meets: None,
            asio: "",
        }
    }

    /// Sets the target: jeton's value must be at least (`Mops`) or at most (times) `limit`, and
    /// for throughput at least `min_ratio` times tokio's.
    pub fn target(mut self, text: &'static str, limit: f64, min_ratio: Option<f64>) -> Row {
        self.target = text;
        self.meets = self.jeton.map(|j| match self.unit {
            Unit::Mops => {
                j >= limit
                    && match (min_ratio, self.tokio) {
                        (Some(r), Some(t)) => j / t >= r,
                        _ => true,
                    }
            }
            Unit::Secs | Unit::Millis => j <= limit,
        });
        self
    }

    pub fn asio(mut self, text: &'static str) -> Row {
        self.asio = text;
        self
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

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "-".into(),
    }
}

/// Prints the table.
pub fn print(rows: &[Row]) {
    let header = [
        "scenario",
        "jeton",
        "tokio",
        "jeton/tokio",
        "floor",
        "jeton/floor",
        "target",
        "C++ Asio",
        "",
    ];
    let lines: Vec<[String; 9]> = rows
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                cell(r.jeton, r.unit),
                cell(r.tokio, r.unit),
                ratio(r.jeton, r.tokio),
                cell(r.floor, r.unit),
                ratio(r.jeton, r.floor),
                r.target.to_string(),
                r.asio.to_string(),
                match r.meets {
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
        "\nratios are jeton/tokio of the column's unit: for M/s higher is better, for times \
         lower is better."
    );
}
