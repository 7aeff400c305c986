//! Where the processes run: the load generator (this process) on the first allowed CPU, the
//! server on the others. A server with more threads than the CPUs left (on a 2-core machine:
//! any scaled server) gets every allowed CPU, the load generator's included, and the driver
//! says so: its CPU per round trip stays comparable, its throughput is then bounded by the
//! shared core.

use crate::affinity;
use std::io;

/// Pins this process (the load generator) and returns the server's CPUs (empty: not pinned).
pub fn place(server_threads: usize) -> io::Result<Vec<usize>> {
    let cpus = affinity::allowed_cpus()?;
    if cpus.len() < 2 {
        eprintln!("echo bench: fewer than 2 CPUs allowed ({cpus:?}); not pinning");
        return Ok(Vec::new());
    }
    affinity::pin_current_thread(&cpus[..1])?;
    let server = if cpus.len() > server_threads {
        cpus[1..=server_threads].to_vec()
    } else {
        cpus.clone()
    };
    eprintln!(
        "echo bench: load generator (one thread) on CPU {}, server ({} thread{} in run()) on \
         CPU {:?}{}",
        cpus[0],
        server_threads,
        if server_threads == 1 { "" } else { "s" },
        server,
        if server.contains(&cpus[0]) {
            "; the server shares the load generator's CPU (too few CPUs to separate them)"
        } else {
            ""
        }
    );
    Ok(server)
}
