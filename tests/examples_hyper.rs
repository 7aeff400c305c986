//! The `hyper_server` example (feature `hyper`): served to `curl`, twice over one keep-alive
//! connection. Skipped, with a message, where `curl` is missing (CI installs it).

#![cfg(feature = "hyper")]

#[path = "support/programs.rs"]
mod child;
#[path = "support/examples.rs"]
mod examples_support;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::process::Command;
use std::time::Duration;

use child::{have, run, Running};

#[test]
fn hyper_server_serves_curl_twice_over_one_connection() {
    let _w = watchdog::watchdog(300);
    if !have("curl") {
        eprintln!("skipped: curl is not installed (apt-get install curl)");
        return;
    }
    let exe =
        examples_support::example_path("hyper_server", &["hyper_server"], Duration::from_secs(240));
    let mut cmd = Command::new(exe);
    cmd.args(["--port", "0", "--threads", "2"]);
    let mut server = Running::start(cmd);
    let line = server.line_with("listening on ", Duration::from_secs(20));
    let addr = line.trim_start_matches("listening on ").trim().to_owned();

    // Two URLs in one curl run: the second reuses the first's connection (num_connects 0).
    let mut curl = Command::new("curl");
    curl.args(["--silent", "--show-error", "--max-time", "10"])
        .args(["--write-out", "|%{http_code}|%{num_connects}\\n"])
        .arg(format!("http://{addr}/"))
        .arg(format!("http://{addr}/again"));
    let out = run(curl, Duration::from_secs(30));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "curl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout, "Hello, world!\n|200|1\nHello, world!\n|200|0\n",
        "bodies, statuses, and a second request over the first connection"
    );
    drop(server); // killed and reaped
}
