//! Handler tracking: a program run with `JETON_HANDLER_TRACKING=1` writes Asio's
//! `@asio|<ts>|<action>|<description>` lines on stderr; they parse as Asio's `handlerviz.pl`
//! parses them, and show the creation, entry, exit and destruction of a timer wait, a socket
//! read and the handler of a dropped context, with the right parent of each operation.
//!
//! The program is the test `program` below, run again as a child process of this binary with
//! the variable set (the variable is read once per process).

mod support;

use std::process::Command;
use std::time::Duration;

use jeton::net::unix;
use jeton::{Blocking, IoContext, SteadyTimer};

/// Set in the child process: `program` runs only there.
const CHILD: &str = "JETON_TRACKING_TEST_CHILD";

#[test]
fn program() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (a, b) = unix::connect_pair(&ex).unwrap();
    let timer = SteadyTimer::with_duration(&ex, Duration::from_millis(1));
    let reader = a.handle();
    let writer = b.handle();
    // Operation 1: the timer wait, initiated outside any handler.
    timer.async_wait(move |r: std::io::Result<()>| {
        r.unwrap();
        // Operation 2, a child of 1: a socket read.
        reader.async_read_some(vec![0u8; 8], |(r, _): (std::io::Result<usize>, Vec<u8>)| {
            assert_eq!(r.unwrap(), 2);
        });
        // Operation 3, a child of 1: a blocking write, entered at once.
        writer.async_write_some(&b"hi"[..], Blocking).unwrap();
    });
    io.run();
    // A cancel on the socket (no handler running: `0|...cancel`).
    a.cancel();
    // A context dropped with a pending wait: its handler is destroyed uninvoked.
    let io2 = IoContext::new().unwrap();
    let t2 = SteadyTimer::with_duration(&io2.executor(), Duration::from_secs(3600));
    t2.async_wait(|_: std::io::Result<()>| unreachable!("never called"));
    drop(t2);
    drop(io2);
}

/// One parsed line: (action, description).
fn parse(stderr: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in stderr.lines().filter(|l| l.starts_with("@asio|")) {
        // handlerviz.pl: /\@asio\|([^|]*)\|([^|]*)\|(.*)$/
        let mut parts = line["@asio|".len()..].splitn(3, '|');
        let ts = parts.next().expect("timestamp");
        let (secs, micros) = ts.split_once('.').expect("seconds.microseconds");
        assert!(secs.parse::<u64>().is_ok() && micros.len() == 6, "{line}");
        let action = parts.next().expect("action").to_owned();
        let desc = parts.next().expect("description").to_owned();
        out.push((action, desc));
    }
    out
}

/// The id created by the line `n*m` whose description ends with `suffix`: (n, m).
fn created(lines: &[(String, String)], suffix: &str) -> (u64, u64) {
    let (action, _) = lines
        .iter()
        .find(|(a, d)| a.contains('*') && d.ends_with(suffix))
        .unwrap_or_else(|| panic!("no creation of {suffix} in {lines:?}"));
    let (n, m) = action.split_once('*').expect("n*m");
    (n.parse().unwrap(), m.parse().unwrap())
}

fn position(lines: &[(String, String)], action: &str) -> usize {
    lines
        .iter()
        .position(|(a, _)| a == action)
        .unwrap_or_else(|| panic!("no {action} in {lines:?}"))
}

#[test]
fn tracking_lines_show_the_handlers_and_their_parents() {
    let _w = support::watchdog(120);
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "program", "--nocapture", "--test-threads", "1"])
        .env(CHILD, "1")
        .env("JETON_HANDLER_TRACKING", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let lines = parse(&stderr);
    // Every action is one of Asio's forms.
    for (a, _) in &lines {
        let ok = a
            .split_once('*')
            .is_some_and(|(n, m)| n.parse::<u64>().is_ok() && m.parse::<u64>().is_ok())
            || [">", "<", "!", "~"]
                .iter()
                .any(|p| a.strip_prefix(p).is_some_and(|n| n.parse::<u64>().is_ok()))
            || a.parse::<u64>().is_ok();
        assert!(ok, "not an Asio action: {a}");
    }
    // The timer wait: created by no handler, entered, left.
    let (parent, timer) = created(&lines, ".async_wait");
    assert_eq!(parent, 0);
    assert!(lines
        .iter()
        .any(|(a, d)| a == &format!("0*{timer}") && d.starts_with("SteadyTimer@0x")));
    let enter_timer = position(&lines, &format!(">{timer}"));
    let leave_timer = position(&lines, &format!("<{timer}"));
    // The socket read: created by the timer's handler, while it ran.
    let (parent, read) = created(&lines, ".async_read_some");
    assert_eq!(parent, timer);
    let create_read = position(&lines, &format!("{timer}*{read}"));
    assert!(lines[create_read].1.starts_with("UnixStream@0x"));
    assert!(enter_timer < create_read && create_read < leave_timer);
    // The blocking write: a child of the timer's handler, entered and left inside it.
    let (parent, write) = created(&lines, ".async_write_some");
    assert_eq!(parent, timer);
    let enter_write = position(&lines, &format!(">{write}"));
    assert!(enter_write < leave_timer);
    // The read's handler runs after the timer's.
    let enter_read = position(&lines, &format!(">{read}"));
    assert!(leave_timer < enter_read && enter_read < position(&lines, &format!("<{read}")));
    // The cancel, by no handler.
    assert!(lines
        .iter()
        .any(|(a, d)| a == "0" && d.starts_with("UnixStream@0x") && d.ends_with(".cancel")));
    // The dropped context's wait: created, never entered, destroyed.
    let waits: Vec<u64> = lines
        .iter()
        .filter(|(a, d)| a.starts_with("0*") && d.ends_with(".async_wait"))
        .map(|(a, _)| a[2..].parse().unwrap())
        .collect();
    let dropped = *waits.last().unwrap();
    assert_ne!(dropped, timer);
    position(&lines, &format!("~{dropped}"));
    assert!(!lines.iter().any(|(a, _)| a == &format!(">{dropped}")));
}

#[test]
fn nothing_is_written_when_the_variable_is_unset() {
    let _w = support::watchdog(120);
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "program", "--nocapture", "--test-threads", "1"])
        .env(CHILD, "1")
        .env_remove("JETON_HANDLER_TRACKING")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("@asio|"));
}
