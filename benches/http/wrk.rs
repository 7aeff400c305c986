//! Runs `wrk` (Debian's package) against a server and reads its summary.

use std::io;
use std::net::SocketAddr;
use std::process::Command;

/// What one `wrk` run reports.
#[derive(Debug, Default)]
pub struct WrkResult {
    pub requests_per_sec: f64,
    pub requests: u64,
    /// Socket errors (connect, read, write, timeout) plus non-2xx/3xx responses.
    pub errors: u64,
    pub error_detail: String,
}

/// Runs `wrk -t{threads} -c{conns} -d{secs}s http://addr/path`.
pub fn run(
    addr: SocketAddr,
    path: &str,
    threads: u32,
    conns: u32,
    secs: u32,
) -> io::Result<WrkResult> {
    let out = Command::new("wrk")
        .arg(format!("-t{threads}"))
        .arg(format!("-c{conns}"))
        .arg(format!("-d{secs}s"))
        .arg(format!("http://{addr}{path}"))
        .output()
        .map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot run wrk ({e}): apt-get install wrk"),
            )
        })?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(io::Error::other(format!(
            "wrk failed: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let mut r = WrkResult::default();
    for line in text.lines().map(str::trim) {
        if let Some(v) = line.strip_prefix("Requests/sec:") {
            r.requests_per_sec = v.trim().parse().unwrap_or(0.0);
        } else if let Some(v) = line.strip_prefix("Socket errors:") {
            // "connect 0, read 12, write 0, timeout 0"
            r.errors += v
                .split(',')
                .filter_map(|kv| kv.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum::<u64>();
            r.error_detail.push_str(v.trim());
        } else if let Some(v) = line.strip_prefix("Non-2xx or 3xx responses:") {
            r.errors += v.trim().parse::<u64>().unwrap_or(0);
            r.error_detail.push_str(&format!(" non-2xx {}", v.trim()));
        } else if line.contains("requests in") {
            r.requests = line
                .split_whitespace()
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
        }
    }
    Ok(r)
}
