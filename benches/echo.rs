//! Echo benchmark harness: compares echo server styles against one load
//! generator, with the server in a child process pinned to its own core.
//!
//! Run: `cargo bench --bench echo -- [--quick] [--secs N] [--rounds N]
//!       [--styles mio,tokio,std,jeton-callback,...] [--scenarios 1x64,50x64,50x4096]`.
//!
//! The binary re-executes itself as `--serve <style> --port P [--cpu N]`
//! to run a server; see `echo/servers.rs` for how styles are dispatched.
//!
//! `echo/tools/` holds the profiling helpers: `prof.sh` (perf record / perf
//! stat syscall counts per round trip on the server child) and `cg.sh`
//! (callgrind instructions per round trip, immune to machine load).

#[path = "echo/affinity.rs"]
mod affinity;
#[path = "echo/args.rs"]
mod args;
#[path = "echo/child.rs"]
mod child;
#[path = "echo/cpu_time.rs"]
mod cpu_time;
#[path = "echo/jeton_blocking.rs"]
mod jeton_blocking;
#[path = "echo/jeton_callback.rs"]
mod jeton_callback;
#[path = "echo/jeton_coroutine.rs"]
mod jeton_coroutine;
#[path = "echo/loadgen.rs"]
mod loadgen;
#[path = "echo/mio_server.rs"]
mod mio_server;
#[path = "echo/report.rs"]
mod report;
#[path = "echo/runner.rs"]
mod runner;
#[path = "echo/scenario.rs"]
mod scenario;
#[path = "echo/servers.rs"]
mod servers;
#[path = "echo/stats.rs"]
mod stats;
#[path = "echo/std_server.rs"]
mod std_server;
#[path = "echo/tokio_server.rs"]
mod tokio_server;
#[path = "echo/watchdog.rs"]
mod watchdog;

use args::Mode;

fn main() {
    let mode = match args::parse(std::env::args().skip(1)) {
        Ok(mode) => mode,
        Err(msg) => {
            eprintln!("echo bench: {msg}\n\n{}", args::USAGE);
            std::process::exit(2);
        }
    };
    match mode {
        Mode::Help => println!("{}", args::USAGE),
        Mode::Serve(opts) => servers::child_main(&opts),
        Mode::Bench(opts) => {
            if let Err(e) = runner::run(&opts) {
                eprintln!("echo bench failed: {e}");
                std::process::exit(1);
            }
        }
    }
}
