//! The C++ Asio contestant: `benches/asio/micro.cpp`, built on first use (see `cxx.rs`) and run
//! once per repetition and scenario, one thread in `io_context::run()`. It prints one line of
//! `key=seconds` pairs, parsed here into the same measures as the Rust contestants.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::lateness::Percentiles;
use crate::measure::{Backlog, Cancel, Fire};
use crate::stopwatch::Timing;

/// The built micro bench (or why there is none) and its variant.
#[derive(Debug)]
pub struct Asio {
    bin: Result<PathBuf, String>,
    /// `--asio-lean`: concurrency hint 1 and no reactor in the post scenarios (see micro.cpp).
    lean: bool,
}

impl Asio {
    /// Builds (or finds) the micro bench; `skip` leaves it out (`--jeton-only`, `--no-asio`).
    pub fn new(skip: bool, lean: bool) -> Asio {
        if skip {
            let bin = Err("left out by option".into());
            return Asio { bin, lean };
        }
        let bin = crate::cxx::binary("micro");
        match &bin {
            Err(why) => println!("C++ Asio peer skipped: {why}"),
            Ok(_) if lean => println!("C++ Asio: io_context(1), no I/O object (--asio-lean)"),
            Ok(_) => println!("C++ Asio: default io_context with its reactor on (a timer exists)"),
        }
        Asio { bin, lean }
    }

    /// Whether the peer runs.
    pub fn present(&self) -> bool {
        self.bin.is_ok()
    }

    /// A post scenario (`chain`, `chains`, `bulk`) of `count` handlers.
    pub fn posts(&self, scenario: &str, count: u64) -> Option<Timing> {
        let v = self.run(scenario, count)?;
        Some(Timing {
            wall: get(&v, "wall"),
            cpu: Some(get(&v, "cpu")),
        })
    }

    /// The timers-fire scenario. Asio's waits enter the timer queue inside `async_wait`, so the
    /// schedule time is its initiate loop (its marker handler runs only after the timers due
    /// by then).
    pub fn fire(&self, n: usize) -> Option<Fire> {
        let v = self.run("fire", n as u64)?;
        Some(Fire {
            initiate: get(&v, "initiate"),
            armed: get(&v, "initiate"),
            total: get(&v, "total"),
            late: Percentiles {
                p50: get(&v, "p50"),
                p99: get(&v, "p99"),
                max: get(&v, "max"),
            },
        })
    }

    /// The due-backlog scenario.
    pub fn backlog(&self, n: usize) -> Option<Backlog> {
        let v = self.run("backlog", n as u64)?;
        Some(Backlog {
            initiate: get(&v, "initiate"),
            fire: get(&v, "fire"),
        })
    }

    /// The timers-cancel scenario.
    pub fn cancel(&self, n: usize) -> Option<Cancel> {
        let v = self.run("cancel", n as u64)?;
        Some(Cancel {
            initiate: get(&v, "initiate"),
            arm: get(&v, "arm"),
            cancel: get(&v, "cancel"),
            deliver: get(&v, "deliver"),
        })
    }

    fn run(&self, scenario: &str, count: u64) -> Option<Vec<(String, f64)>> {
        let bin = self.bin.as_ref().ok()?;
        match run_micro(bin, scenario, count, self.lean) {
            Ok(v) => Some(v),
            Err(e) => panic!("asio micro {scenario}: {e}"),
        }
    }
}

fn run_micro(
    bin: &Path,
    scenario: &str,
    count: u64,
    lean: bool,
) -> Result<Vec<(String, f64)>, String> {
    let out = Command::new(bin)
        .args([scenario, &count.to_string()])
        .args(lean.then_some("lean"))
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!("{}: {}", out.status, err.trim()));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace()
        .map(|kv| {
            let (k, v) = kv.split_once('=').ok_or(format!("bad output {text:?}"))?;
            let v: f64 = v.parse().map_err(|_| format!("bad number in {text:?}"))?;
            Ok((k.to_string(), v))
        })
        .collect()
}

fn get(v: &[(String, f64)], key: &str) -> Duration {
    let secs = v
        .iter()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("asio micro printed no {key}= in {v:?}"))
        .1;
    Duration::from_secs_f64(secs.max(0.0))
}
