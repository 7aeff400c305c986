//! Runs the tutorial timer examples and the tour, and checks their exact output.
//!
//! The examples are separate binaries in `target/<profile>/examples/`, next to this test's own
//! `target/<profile>/deps/`; the test builds them first (see [`example_path`]) and runs them
//! directly, each bounded by a timeout that kills the child.
//!
//! `JETON_TIMER_SCALE_MS=20` makes the tutorial's "second" last 20 ms.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "support/examples.rs"]
mod examples_support;

use examples_support::run_bounded;

/// The length of one tutorial "second" in these runs.
const SCALE_MS: u64 = 20;

/// How long one example may run before it is killed and the test fails.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The examples this test runs, built before the first run.
const EXAMPLES: [&str; 6] = ["timer1", "timer2", "timer3", "timer4", "timer5", "tour"];

/// How long building the examples may take (other builds may hold cargo's lock meanwhile).
const BUILD_TIMEOUT: Duration = Duration::from_secs(900);

/// What one run of an example printed, and how long it took.
struct Run {
    stdout: String,
    elapsed: Duration,
}

impl Run {
    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }
}

/// Returns the path of the example `name`, built (with the others in [`EXAMPLES`]) for this
/// test's profile.
fn example_path(name: &str) -> PathBuf {
    examples_support::example_path(name, &EXAMPLES, BUILD_TIMEOUT)
}

/// Runs example `name` with the scaled tutorial second; kills it after [`TIMEOUT`]. Panics if
/// it fails or times out.
fn run(name: &str) -> Run {
    let mut cmd = Command::new(example_path(name));
    cmd.env("JETON_TIMER_SCALE_MS", SCALE_MS.to_string());
    let start = Instant::now();
    let out = run_bounded(&mut cmd, TIMEOUT).unwrap_or_else(|e| panic!("example {name}: {e}"));
    let elapsed = start.elapsed();
    assert!(
        out.status.success(),
        "example {name} failed ({}):\n--- stdout\n{}--- stderr\n{}",
        out.status,
        out.stdout,
        out.stderr
    );
    Run {
        stdout: out.stdout,
        elapsed,
    }
}

/// `n` tutorial seconds.
fn seconds(n: u64) -> Duration {
    Duration::from_millis(n * SCALE_MS)
}

#[test]
fn timer1_waits_five_seconds_then_greets() {
    let run = run("timer1");
    assert_eq!(run.lines(), ["Hello, world!"]);
    assert!(run.elapsed >= seconds(5), "took only {:?}", run.elapsed);
}

#[test]
fn timer2_greets_from_the_handler() {
    let run = run("timer2");
    assert_eq!(run.lines(), ["Hello, world!"]);
    assert!(run.elapsed >= seconds(5), "took only {:?}", run.elapsed);
}

/// Timer.3 and Timer.4 print the same thing: a tick each second at 1..5 s, and the final
/// count once the handler at 6 s stops re-arming the timer.
const COUNT_TO_FIVE: [&str; 6] = ["0", "1", "2", "3", "4", "Final count is 5"];

#[test]
fn timer3_counts_to_five_with_bound_arguments() {
    let run = run("timer3");
    assert_eq!(run.lines(), COUNT_TO_FIVE);
    assert!(run.elapsed >= seconds(6), "took only {:?}", run.elapsed);
}

#[test]
fn timer4_counts_to_five_with_a_printer_whose_drop_prints_the_total() {
    let run = run("timer4");
    assert_eq!(run.lines(), COUNT_TO_FIVE);
    assert!(run.elapsed >= seconds(6), "took only {:?}", run.elapsed);
}

#[test]
fn timer5_two_timers_on_one_strand_count_to_ten_in_order() {
    let run = run("timer5");
    let lines = run.lines();
    assert_eq!(lines.len(), 11, "output:\n{}", run.stdout);
    let mut timers_seen = [false; 2];
    for (expected, line) in lines[..10].iter().enumerate() {
        let (timer, count) = line
            .strip_prefix("Timer ")
            .and_then(|rest| rest.split_once(": "))
            .unwrap_or_else(|| panic!("not a timer line: {line:?}\n{}", run.stdout));
        match timer {
            "1" => timers_seen[0] = true,
            "2" => timers_seen[1] = true,
            _ => panic!("unknown timer in {line:?}"),
        }
        // The strand serialises the handlers: every count appears once, in order.
        assert_eq!(count, expected.to_string(), "output:\n{}", run.stdout);
    }
    assert_eq!(timers_seen, [true, true], "both timers printed");
    assert_eq!(lines[10], "Final count is 10");
    assert!(run.elapsed >= seconds(5), "took only {:?}", run.elapsed);
}

#[test]
fn tour_shows_every_style() {
    let run = run("tour");
    let lines = run.lines();
    // (start of the line, what it must also contain)
    let expected: [(&str, &[&str]); 10] = [
        (
            "1. closure handler + io.run()",
            &["Ok(())", "Ok(2)", "'main', inside io.run()"],
        ),
        (
            "2. co_spawn + .await UseFuture",
            &["Ok(())", "Ok(2)", "'main', inside io.run()"],
        ),
        (
            "3. UseFuture on a foreign executor",
            &[
                "Ok(())",
                "Ok(2)",
                "'main', in block_on",
                "'io-runner' ran io.run()",
            ],
        ),
        ("4. Blocking", &["Ok(())", "Ok(2)", "'main', the caller"]),
        (
            "5. redirect_error(Blocking, &mut ec)",
            &["(), ec=None", "2, ec=None"],
        ),
        (
            "   + cancel_after(5 ms) on 60 s waits",
            &["(), ec=aborted", "0, ec=aborted"],
        ),
        (
            "6. bind_executor(&strand, closure)",
            &["Ok(())", "Ok(2)", "inside the strand"],
        ),
        ("7. Detached", &["dropped", "io.run() still waited"]),
        (
            "cancel: a 60 s wait;",
            &["timer.cancel() on 'main' aborted 1 wait"],
        ),
        (
            "        Its handler got",
            &["Err(aborted) on 'io-runner', inside io.run()"],
        ),
    ];
    for (start, parts) in expected {
        let line = lines
            .iter()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line starting {start:?} in:\n{}", run.stdout));
        for part in parts {
            assert!(line.contains(part), "{line:?} lacks {part:?}");
        }
    }
    // Detached operations are still outstanding work: run() waits for the 20 ms composed wait.
    let waited: u64 = run
        .stdout
        .split_once("still waited ")
        .and_then(|(_, rest)| rest.split_once(" ms"))
        .and_then(|(ms, _)| ms.parse().ok())
        .expect("the Detached line gives run()'s duration");
    assert!(waited >= 20, "run() returned after {waited} ms");
    assert!(
        run.stdout.contains("Operation canceled"),
        "the error in ec is printed:\n{}",
        run.stdout
    );
}
