//! Command-line parsing for both modes (bench driver and child server).

use crate::scenario::{self, Scenario};
use crate::servers;
use std::time::Duration;

pub const USAGE: &str = "\
usage: cargo bench --bench echo -- [options]
  --secs N            measured seconds per (style, scenario, round) [5]
  --rounds N          interleaved rounds; medians are reported [3]
  --styles a,b,c      server styles to compare [all: mio,tokio,std,jeton-callback,
                      jeton-coroutine,jeton-blocking,jeton-stackful,asio-callback,
                      asio-coroutine]
  --scenarios s,...   CONNSxBYTES scenarios [1x64,50x64,50x4096]
  --server-threads N  threads calling run() on each context [1] (jeton-callback,
                      jeton-coroutine, asio-*: N threads in run(); tokio: a
                      multi_thread runtime with N workers)
  --contexts N        contexts, one listener each, sharing the port with SO_REUSEPORT
                      [1] (the same styles; tokio: N runtimes)
  --quick             smoke run: 1 s, 1 round
The asio-* styles are C++ peers built from benches/asio/ with g++ and Debian's
libasio-dev on first run, skipped with a message when either is missing. mio,
std and jeton-blocking take no scale-out parameter (mio: one thread; std and
jeton-blocking: one thread per connection).
server mode (internal): --serve STYLE --port P [--cpu N[,M..]]
  [--server-threads N] [--contexts N]";

/// How many threads and contexts a server runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    /// Threads calling `run()` on each context.
    pub threads: usize,
    /// Contexts, each with its own listener on the shared port.
    pub contexts: usize,
}

impl Scale {
    pub const ONE: Scale = Scale {
        threads: 1,
        contexts: 1,
    };

    /// Server threads in all.
    pub fn total(self) -> usize {
        self.threads * self.contexts
    }
}

/// Options of the benchmark driver (parent process).
#[derive(Debug)]
pub struct BenchOpts {
    pub measure: Duration,
    pub rounds: usize,
    pub styles: Vec<String>,
    pub scenarios: Vec<Scenario>,
    pub scale: Scale,
}

/// Options of a server child process.
#[derive(Debug)]
pub struct ServeOpts {
    pub style: String,
    pub port: u16,
    pub cpus: Vec<usize>,
    pub scale: Scale,
}

#[derive(Debug)]
pub enum Mode {
    Help,
    Bench(BenchOpts),
    Serve(ServeOpts),
}

pub fn parse(args: impl Iterator<Item = String>) -> Result<Mode, String> {
    let mut bench = BenchOpts {
        measure: Duration::from_secs(5),
        rounds: 3,
        styles: servers::STYLES.iter().map(|s| s.to_string()).collect(),
        scenarios: scenario::DEFAULTS.to_vec(),
        scale: Scale::ONE,
    };
    let mut serve: Option<ServeOpts> = None;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            // `cargo bench` appends `--bench` to harness = false binaries.
            "--bench" => {}
            "-h" | "--help" => return Ok(Mode::Help),
            "--quick" => {
                bench.measure = Duration::from_secs(1);
                bench.rounds = 1;
            }
            "--secs" => bench.measure = Duration::from_secs_f64(number(&value()?)?),
            "--rounds" => bench.rounds = number::<usize>(&value()?)?.max(1),
            "--styles" => bench.styles = styles(&value()?)?,
            "--scenarios" => bench.scenarios = scenarios(&value()?)?,
            "--server-threads" => bench.scale.threads = positive(&value()?)?,
            "--contexts" => bench.scale.contexts = positive(&value()?)?,
            "--serve" => serve_opts(&mut serve).style = value()?,
            "--port" => serve_opts(&mut serve).port = number(&value()?)?,
            "--cpu" => serve_opts(&mut serve).cpus = list(&value()?)?,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    match serve {
        Some(s) if s.style.is_empty() => Err("--port/--cpu need --serve".into()),
        Some(s) => Ok(Mode::Serve(ServeOpts {
            scale: bench.scale,
            ..s
        })),
        None => Ok(Mode::Bench(bench)),
    }
}

fn serve_opts(serve: &mut Option<ServeOpts>) -> &mut ServeOpts {
    serve.get_or_insert_with(|| ServeOpts {
        style: String::new(),
        port: 0,
        cpus: Vec::new(),
        scale: Scale::ONE,
    })
}

fn number<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("bad number {s:?}"))
}

fn positive(s: &str) -> Result<usize, String> {
    match number(s)? {
        0 => Err(format!("{s} must be at least 1")),
        n => Ok(n),
    }
}

fn list(s: &str) -> Result<Vec<usize>, String> {
    s.split(',').map(|c| number(c.trim())).collect()
}

fn styles(list: &str) -> Result<Vec<String>, String> {
    let styles: Vec<String> = list.split(',').map(|s| s.trim().to_string()).collect();
    for s in &styles {
        if !servers::STYLES.contains(&s.as_str()) {
            return Err(format!("unknown style {s:?}; known: {:?}", servers::STYLES));
        }
    }
    Ok(styles)
}

fn scenarios(list: &str) -> Result<Vec<Scenario>, String> {
    list.split(',').map(|s| Scenario::parse(s.trim())).collect()
}
