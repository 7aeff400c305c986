//! HTTP benchmark: `wrk` against the `http_server` example (Asio's cpp11/http/server on
//! jeton) and a tokio server doing the same job, in one run, on loopback.
//!
//! Run: `cargo bench --bench http -- [--secs N] [--conns N] [--wrk-threads N]
//! [--server-threads 1,2] [--size BYTES]` (defaults: 10 s, 100 connections, 2 wrk threads,
//! servers on 1 then 2 threads, a 1 KiB file). Needs `wrk` (Debian package `wrk`).
//!
//! Both servers run in this process, one at a time: jeton's is the example's code itself
//! (its modules are included by path) stopped with SIGTERM through its `SignalSet`, as a
//! user stops it; the peer is `tokio_server.rs`. Every request is HTTP/1.0 on a new
//! connection (the server closes after the reply), so this measures accept, read, parse,
//! file read, gather write and close: the example's whole path.
//!
//! Measured on the shared 2-core machine (load average 13 to 17 from other work, so the
//! figures move by 15 % between runs), 1 KiB file, two runs: jeton x1 5968 / 4461 req/s
//! against tokio x1 6087 / 5261 (ratio 0.98 / 0.85); jeton x2 4619 / 6662 against tokio x2
//! 5295 / 7337 (0.87 / 0.91); zero wrk errors for both servers in every run.

#[path = "../../examples/http_server/connection.rs"]
mod connection;
#[path = "../../examples/http_server/connection_manager.rs"]
mod connection_manager;
#[path = "../../examples/http_server/mime_types.rs"]
mod mime_types;
#[path = "../../examples/http_server/reply.rs"]
mod reply;
#[path = "../../examples/http_server/request.rs"]
mod request;
// The example's unit tests are compiled here too, unused.
#[allow(dead_code, unused_imports)]
#[path = "../../examples/http_server/request_handler.rs"]
mod request_handler;
#[allow(dead_code, unused_imports)]
#[path = "../../examples/http_server/request_parser.rs"]
mod request_parser;
#[path = "../../examples/http_server/server.rs"]
mod server;
mod tokio_server;
mod wrk;

use std::io;
use std::path::PathBuf;

/// The options of a run.
struct Opts {
    secs: u32,
    conns: u32,
    wrk_threads: u32,
    server_threads: Vec<usize>,
    size: usize,
}

fn parse() -> Result<Opts, String> {
    let mut o = Opts {
        secs: 10,
        conns: 100,
        wrk_threads: 2,
        server_threads: vec![1, 2],
        size: 1024,
    };
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--secs" => o.secs = val()?.parse().map_err(|e| format!("--secs: {e}"))?,
            "--conns" => o.conns = val()?.parse().map_err(|e| format!("--conns: {e}"))?,
            "--wrk-threads" => o.wrk_threads = val()?.parse().map_err(|e| format!("{e}"))?,
            "--size" => o.size = val()?.parse().map_err(|e| format!("--size: {e}"))?,
            "--server-threads" => {
                o.server_threads = val()?
                    .split(',')
                    .map(|t| t.parse().map_err(|e| format!("--server-threads: {e}")))
                    .collect::<Result<_, _>>()?
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(o)
}

/// Runs wrk against jeton's example server on `threads` threads.
fn bench_jeton(root: &std::path::Path, threads: usize, o: &Opts) -> io::Result<wrk::WrkResult> {
    let srv = server::Server::new("127.0.0.1", "0", root, threads)?;
    let addr = srv.local_addr()?;
    let result = std::thread::scope(|s| {
        let running = s.spawn(|| srv.run());
        let r = wrk::run(addr, "/file.bin", o.wrk_threads, o.conns, o.secs);
        // Stop it as a user does: SIGTERM, which its SignalSet watches.
        // SAFETY: raise(3) sends SIGTERM to this thread; a SignalSet watches it, so jeton's
        // handler (count, write a byte) runs instead of the default action.
        unsafe { libc::raise(libc::SIGTERM) };
        running.join().expect("the server does not panic");
        r
    });
    result
}

fn bench_tokio(root: &std::path::Path, threads: usize, o: &Opts) -> io::Result<wrk::WrkResult> {
    let (addr, stop, thread) = tokio_server::start(root.to_path_buf(), threads)?;
    let r = wrk::run(addr, "/file.bin", o.wrk_threads, o.conns, o.secs);
    let _ = stop.send(());
    let _ = thread.join();
    r
}

fn main() {
    let o = match parse() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("http bench: {e}");
            std::process::exit(2);
        }
    };
    let root: PathBuf =
        std::env::temp_dir().join(format!("jeton-http-bench-{}", std::process::id()));
    std::fs::create_dir_all(&root).expect("a temporary directory");
    let content: Vec<u8> = (0..o.size).map(|i| (i * 7 + i / 251) as u8).collect();
    std::fs::write(root.join("file.bin"), content).expect("the file");
    println!(
        "wrk -t{} -c{} -d{}s, GET of a {} B file, HTTP/1.0 (one connection per request)",
        o.wrk_threads, o.conns, o.secs, o.size
    );
    println!(
        "{:<28} {:>12} {:>10} {:>8}  errors",
        "server", "requests/s", "requests", "ratio"
    );
    let mut failed = false;
    for &threads in &o.server_threads {
        let j = bench_jeton(&root, threads, &o);
        let t = bench_tokio(&root, threads, &o);
        let base = t.as_ref().map(|t| t.requests_per_sec).unwrap_or(0.0);
        for (name, r) in [
            (format!("jeton http_server x{threads}"), j),
            (format!("tokio peer x{threads}"), t),
        ] {
            match r {
                Ok(r) => {
                    let ratio = if base > 0.0 {
                        r.requests_per_sec / base
                    } else {
                        0.0
                    };
                    println!(
                        "{name:<28} {:>12.0} {:>10} {:>8.2}  {} ({})",
                        r.requests_per_sec, r.requests, ratio, r.errors, r.error_detail
                    );
                    if name.starts_with("jeton") && r.errors > 0 {
                        failed = true;
                    }
                }
                Err(e) => {
                    println!("{name:<28} failed: {e}");
                    failed = true;
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&root);
    if failed {
        std::process::exit(1);
    }
}
