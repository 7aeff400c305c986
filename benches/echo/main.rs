//! Echo benchmark harness: compares echo server styles against one load
//! generator, with the server in a child process pinned to its own core.
//!
//! Run: `cargo bench --bench echo -- [--quick] [--secs N] [--rounds N]
//!       [--styles mio,tokio,std,jeton-callback,...] [--scenarios 1x64,50x64,50x4096]`.
//!
//! The binary re-executes itself as `--serve <style> --port P [--cpu N]`
//! to run a server; see `servers.rs` for how styles are dispatched.
//!
//! `tools/` holds the profiling helpers: `prof.sh` (perf record / perf
//! stat syscall counts per round trip on the server child) and `cg.sh`
//! (callgrind instructions per round trip, immune to machine load).

mod affinity;
mod args;
mod child;
mod cpu_time;
mod jeton_blocking;
mod jeton_callback;
mod jeton_coroutine;
#[cfg(feature = "stackful")]
mod jeton_stackful;
mod loadgen;
mod mio_server;
mod report;
mod runner;
mod scenario;
mod servers;
mod stats;
mod std_server;
mod tokio_server;
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
