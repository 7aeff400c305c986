//! Command-line options of the scheduler benchmark.

pub const USAGE: &str = "\
usage: cargo bench --bench scheduler -- [options]
  --quick            divide every count by 10 (targets apply to full counts)
  --only a,b         run only these scenarios: chain, chains, bulk, fire, backlog,
                     cancel (repeatable)
  --jeton-only       skip C++ Asio, tokio and the floor (for profiling jeton alone)
  --no-asio          skip the C++ Asio peer (built from benches/asio/ with g++ and
                     Debian's libasio-dev on first run; skipped when they are missing)
  --asio-lean        Asio with concurrency hint 1 and no I/O object (no reactor) in the
                     post scenarios; default: a default io_context with a timer, so its
                     reactor runs as in any program with I/O
  --jeton-hint N     create jeton's contexts with IoContext::with_concurrency_hint(N)
                     (1: one thread promised; default: IoContext::new)
  --phases           print monotonic timestamps of jeton's phases (for perf --time)
  --reps N           repetitions of each scenario, best reported [3]
  --posts N          handlers per post scenario instead of 10 M (tools/cg.sh)
  --timers N         timers per timer scenario instead of 1 M (tools/cg.sh); targets
                     are judged at full counts only
  -h, --help         this text";

/// Every scenario, in run order.
pub const SCENARIOS: [&str; 6] = ["chain", "chains", "bulk", "fire", "backlog", "cancel"];

/// The benchmark's options.
#[derive(Debug)]
pub struct Opts {
    /// Count divisor: 1, or 10 with `--quick`.
    pub divisor: u64,
    /// Scenarios to run, in [`SCENARIOS`] order.
    pub only: Vec<&'static str>,
    /// Run jeton only (no Asio, no tokio, no floor).
    pub jeton_only: bool,
    /// Leave out the C++ Asio peer.
    pub no_asio: bool,
    /// Run Asio's lean variant (see `asio_side::Asio`).
    pub asio_lean: bool,
    /// jeton's concurrency hint (`--jeton-hint`); `None`: `IoContext::new`.
    pub jeton_hint: Option<usize>,
    /// Repetitions of each scenario.
    pub reps: usize,
    /// Print phase timestamps (see `phases.rs`).
    pub phases: bool,
    /// Explicit counts (`--posts`, `--timers`), overriding the divisor.
    pub posts: Option<u64>,
    pub timers: Option<u64>,
}

impl Opts {
    /// Returns whether `scenario` is selected.
    pub fn wants(&self, scenario: &str) -> bool {
        self.only.contains(&scenario)
    }
}

/// Parses the arguments; `Ok(None)` means help was asked for.
pub fn parse(args: impl Iterator<Item = String>) -> Result<Option<Opts>, String> {
    let mut opts = Opts {
        divisor: 1,
        only: Vec::new(),
        jeton_only: false,
        no_asio: false,
        asio_lean: false,
        jeton_hint: None,
        reps: 3,
        phases: false,
        posts: None,
        timers: None,
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            // `cargo bench` appends `--bench` to harness = false binaries.
            "--bench" => {}
            "-h" | "--help" => return Ok(None),
            "--quick" => opts.divisor = 10,
            "--jeton-only" => opts.jeton_only = true,
            "--no-asio" => opts.no_asio = true,
            "--asio-lean" => opts.asio_lean = true,
            "--phases" => opts.phases = true,
            "--reps" => {
                let v = value()?;
                opts.reps = v
                    .parse::<usize>()
                    .map_err(|e| format!("--reps {v}: {e}"))?
                    .max(1);
            }
            "--jeton-hint" => {
                let v = value()?;
                opts.jeton_hint = Some(v.parse().map_err(|e| format!("--jeton-hint {v}: {e}"))?);
            }
            "--posts" => opts.posts = Some(count(&value()?)?),
            "--timers" => opts.timers = Some(count(&value()?)?),
            "--only" => {
                for name in value()?.split(',') {
                    let known = SCENARIOS
                        .iter()
                        .find(|s| **s == name)
                        .ok_or(format!("unknown scenario {name:?}"))?;
                    opts.only.push(known);
                }
            }
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    if opts.only.is_empty() {
        opts.only = SCENARIOS.to_vec();
    }
    Ok(Some(opts))
}

fn count(v: &str) -> Result<u64, String> {
    match v.parse::<u64>() {
        Ok(n) if n >= 1000 => Ok(n),
        _ => Err(format!(
            "bad count {v:?} (at least 1000, a multiple of the 1000 chains)"
        )),
    }
}
