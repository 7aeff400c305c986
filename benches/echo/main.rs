//! Echo benchmark harness: compares echo server styles against one load
//! generator, with the server in a child process pinned to its own core.
//!
//! Run: `cargo bench --bench echo -- [--quick] [--secs N] [--rounds N]
//!       [--styles mio,tokio,std,jeton-callback,...] [--scenarios 1x64,50x64,50x4096]
//!       [--server-threads N] [--contexts N]`.
//!
//! The binary re-executes itself as `--serve <style> --port P [--cpu N,..]`
//! to run a server; see `servers.rs` for how styles are dispatched. The
//! `asio-*` styles exec a C++ peer built from `benches/asio/` (`cxx.rs`).
//! The binary's global allocator counts allocations (`alloc_count.rs`); the
//! report gives them per round trip, over the measured window only, and
//! ends with issue 11's targets (`targets.rs`).
//!
//! `tools/` holds the profiling helpers: `prof.sh` (perf record / perf
//! stat syscall counts per round trip on the server child), `cg.sh`
//! (callgrind instructions per round trip, immune to machine load),
//! `targets.sh` (cg.sh for every style against the callgrind targets) and
//! `syscalls.sh` (strace -c system calls per round trip).

mod affinity;
mod alloc_count;
mod args;
mod asio_peer;
mod child;
mod cpu_time;
#[path = "../asio/cxx.rs"]
mod cxx;
mod jeton_blocking;
mod jeton_callback;
mod jeton_coroutine;
#[cfg(feature = "stackful")]
mod jeton_stackful;
mod loadgen;
mod mio_server;
mod placement;
mod report;
mod runner;
mod scenario;
mod servers;
mod stats;
mod std_server;
mod targets;
mod tokio_server;
mod watchdog;

use args::Mode;

#[global_allocator]
static ALLOC: alloc_count::Counting = alloc_count::Counting;

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
