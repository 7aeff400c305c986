//! Example servers as child processes for the fault tests: started with an optional
//! `RLIMIT_NOFILE`, their stderr collected line by line, killed and reaped when dropped (also
//! when a test panics), and killed by the watchdog before it aborts a hung test.
//!
//! Included by path next to `examples.rs`:
//! `#[path = "support/child.rs"] mod child;`.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "watchdog.rs"]
mod watchdog;

/// The ids of the child processes running now, for the watchdog to kill.
static RUNNING: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Arms the test's watchdog: after `secs` it kills every child still running, then aborts.
pub fn watchdog(secs: u64) -> watchdog::Watchdog {
    watchdog::watchdog_then(secs, || {
        for id in RUNNING.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            let _ = Command::new("kill").args(["-9", &id.to_string()]).status();
        }
    })
}

/// A server example running in the background.
pub struct Server {
    child: Child,
    /// Every stderr line so far, in order (filled by a reader thread).
    lines: Arc<Mutex<Vec<String>>>,
    /// Signalled once per new stderr line.
    new_line: mpsc::Receiver<()>,
    /// The address of its first `listening on ADDR` line.
    pub addr: SocketAddr,
}

impl Server {
    /// Starts `exe` with `args`, limited to `nofile` descriptors if given, and waits for its
    /// `listening on ADDR` line on stderr.
    pub fn start(exe: &Path, args: &[&str], nofile: Option<u64>) -> Server {
        let mut cmd = Command::new(exe);
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(n) = nofile {
            // SAFETY: setrlimit is async-signal-safe, and the closure touches nothing else
            // between fork and exec.
            unsafe {
                cmd.pre_exec(move || {
                    let lim = libc::rlimit {
                        rlim_cur: n,
                        rlim_max: n,
                    };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
        RUNNING.lock().unwrap().push(child.id());
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (tx, new_line) = mpsc::channel();
        let pipe = child.stderr.take().expect("stderr is piped");
        let all = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                all.lock().unwrap().push(line);
                let _ = tx.send(());
            }
        });
        let mut server = Server {
            child,
            lines,
            new_line,
            addr: SocketAddr::from(([0, 0, 0, 0], 0)),
        };
        let line = server
            .wait_line(|l| l.starts_with("listening on "), Duration::from_secs(30))
            .unwrap_or_else(|| panic!("{} did not print its address", exe.display()));
        server.addr = line["listening on ".len()..]
            .parse()
            .unwrap_or_else(|e| panic!("bad address in {line:?}: {e}"));
        server
    }

    /// Returns the stderr lines printed so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// Returns how many stderr lines so far satisfy `pred`.
    pub fn count(&self, pred: impl Fn(&str) -> bool) -> usize {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter(|l| pred(l))
            .count()
    }

    /// Waits until a stderr line satisfies `pred`, at most `timeout`; returns it.
    pub fn wait_line(&self, pred: impl Fn(&str) -> bool, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(l) = self.lines.lock().unwrap().iter().find(|l| pred(l)) {
                return Some(l.clone());
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            if let Err(mpsc::RecvTimeoutError::Disconnected) = self.new_line.recv_timeout(left) {
                return self.lines.lock().unwrap().iter().find(|l| pred(l)).cloned();
            }
        }
    }

    /// Returns whether the process is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Returns the process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Returns the server's resident set size in KiB (`VmRSS` of `/proc/PID/status`).
    pub fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Waits for the process to exit by itself, at most `timeout`; returns whether it
    /// succeeded.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<bool> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status.success());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let id = self.child.id();
        RUNNING.lock().unwrap().retain(|&p| p != id);
    }
}
