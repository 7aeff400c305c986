//! Child processes for the example tests: started with piped standard streams, killed and
//! reaped when their guard drops (also when the test panics), and their output read by
//! threads as lines.
//!
//! Included by path (`#[path = "support/procs.rs"] mod procs;`).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long one step (a line, an exit) may take before the test calls it hung.
pub const STEP: Duration = Duration::from_secs(30);

/// A running example: its stdin, and its stdout and stderr as lines.
pub struct Running {
    pub child: Child,
    pub stdin: Option<ChildStdin>,
    pub stdout: Lines,
    pub stderr: Lines,
}

impl Running {
    /// Starts `cmd` with every standard stream piped.
    pub fn start(cmd: &mut Command) -> Running {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        Running {
            stdin: child.stdin.take(),
            stdout: Lines::of(child.stdout.take().expect("piped")),
            stderr: Lines::of(child.stderr.take().expect("piped")),
            child,
        }
    }

    /// Reads the port from the next line of stderr, which must be `prefix` then the port
    /// (how the servers say they listen).
    pub fn port_from_stderr(&self, prefix: &str) -> u16 {
        let line = self.stderr.next();
        line.strip_prefix(prefix)
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("expected {prefix:?} and a port, got {line:?}"))
    }

    /// Waits for the exit, at most `limit`.
    pub fn exit_within(&mut self, limit: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            if start.elapsed() > limit {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits for the exit; panics after [`STEP`].
    pub fn exit(&mut self) -> ExitStatus {
        self.exit_within(STEP)
            .unwrap_or_else(|| panic!("{:?} still running after {STEP:?}", self.child.id()))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The lines of a pipe, read by a thread.
pub struct Lines(mpsc::Receiver<String>);

impl Lines {
    pub fn of(pipe: impl Read + Send + 'static) -> Lines {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Lines(rx)
    }

    /// The next line; panics if none comes within [`STEP`].
    pub fn next(&self) -> String {
        self.0
            .recv_timeout(STEP)
            .unwrap_or_else(|e| panic!("no line within {STEP:?}: {e}"))
    }

    /// Every line until the pipe closes; panics if it stays open past [`STEP`].
    pub fn rest(&self) -> Vec<String> {
        let deadline = Instant::now() + STEP;
        let mut rest = Vec::new();
        loop {
            match self
                .0
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) => rest.push(line),
                Err(RecvTimeoutError::Disconnected) => return rest,
                Err(RecvTimeoutError::Timeout) => panic!("pipe still open after {STEP:?}"),
            }
        }
    }
}
