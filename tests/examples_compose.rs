//! Runs the composition examples (`deferred`, `parallel_group`, `channel_pipeline`) and checks
//! their exact output.
//!
//! `JETON_TIMER_SCALE_MS=20` makes the deferred example's "second" last 20 ms.

use std::process::Command;
use std::time::Duration;

#[path = "support/examples.rs"]
mod examples_support;

/// How long one example may run before it is killed and the test fails.
const TIMEOUT: Duration = Duration::from_secs(60);

/// How long building the examples may take (other builds may hold cargo's lock meanwhile).
const BUILD_TIMEOUT: Duration = Duration::from_secs(900);

/// The examples this test runs, built before the first run.
const EXAMPLES: [&str; 3] = ["deferred", "parallel_group", "channel_pipeline"];

/// Runs example `name` with `args`; returns its output lines. Panics if it fails or times out.
fn run(name: &str, args: &[&str]) -> Vec<String> {
    let path = examples_support::example_path(name, &EXAMPLES, BUILD_TIMEOUT);
    let mut cmd = Command::new(path);
    cmd.args(args).env("JETON_TIMER_SCALE_MS", "20");
    let out = examples_support::run_bounded(&mut cmd, TIMEOUT)
        .unwrap_or_else(|e| panic!("example {name}: {e}"));
    assert!(
        out.status.success(),
        "example {name} {args:?} failed ({}):\n--- stdout\n{}--- stderr\n{}",
        out.status,
        out.stdout,
        out.stderr
    );
    out.stdout.lines().map(str::to_owned).collect()
}

#[test]
fn deferred_runs_every_ported_part_of_asio_s_examples() {
    let lines = run("deferred", &[]);
    assert_eq!(
        lines,
        [
            "deferred_1: timer wait finished: Success",
            "deferred_2: first timer wait finished",
            "deferred_2: second timer wait finished: Success",
            "deferred_3: first timer wait finished: Success",
            "deferred_3: second timer wait finished: Success",
            "deferred_3 (blocking): first timer wait finished: Success",
            "deferred_3 (blocking): second timer wait finished: Success",
            "deferred_4: first timer wait finished: Success",
            "deferred_4: second timer wait finished: Success",
            "deferred_4: result is 42",
            "deferred_5: first timer wait finished: Success",
            "deferred_5: second timer wait finished: Success",
            "deferred_5: result is 42",
            "deferred_5 (cancelled): first timer wait finished: Operation canceled",
            "deferred_5 (cancelled): second timer wait finished: Operation canceled",
            "deferred_5 (cancelled): result is 0",
            "deferred_7: first timer wait finished: Success",
            "deferred_7: second timer wait finished: Success",
            "deferred_7: result is 42",
        ]
    );
    assert_eq!(run("deferred", &["deferred_4"]).len(), 3, "one part alone");
}

#[test]
fn parallel_group_prints_both_results_of_each_race() {
    let lines = run("parallel_group", &[]);
    assert_eq!(
        lines,
        [
            "connect vs timer: a server that accepts",
            "  first: connect",
            "  connect: ok",
            "  timer: aborted",
            "connect vs timer: a server whose accept queue is full",
            "  first: timer",
            "  connect: aborted",
            "  timer: ok",
            "read vs shutdown: the record arrives",
            "  first: read",
            "  read: ok \"sixteen bytes!!!\"",
            "  shutdown: cancelled",
            "read vs shutdown: shutdown after 5 bytes",
            "  first: shutdown",
            "  read: aborted after 5 bytes \"hello\"",
            "  shutdown: ok",
        ]
    );
}

#[test]
fn channel_pipeline_delivers_every_number_in_order_in_every_style() {
    let mut expected: Vec<String> = Vec::new();
    let mut total = 0;
    for n in 1..=10 {
        total += n;
        expected.push(format!("consumed {n} (total {total})"));
    }
    expected.push("channel closed: total 55".to_owned());
    for style in ["callback", "coroutine", "blocking"] {
        assert_eq!(
            run("channel_pipeline", &["--style", style]),
            expected,
            "--style {style}"
        );
    }
}
