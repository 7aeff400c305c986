//! Bounds each measurement in time: if one overruns its limit, the watchdog
//! SIGKILLs the watched server child and exits the whole process (children
//! also die with us through PR_SET_PDEATHSIG).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
struct Armed {
    deadline: Option<Instant>,
    what: String,
    child: Option<u32>,
}

pub struct Watchdog {
    state: Arc<Mutex<Armed>>,
}

impl Watchdog {
    /// Starts the (disarmed) watchdog thread.
    pub fn start() -> Watchdog {
        let state = Arc::new(Mutex::new(Armed::default()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || watch(&shared));
        Watchdog { state }
    }

    pub fn arm(&self, limit: Duration, what: String) {
        let mut s = self.lock();
        *s = Armed {
            deadline: Some(Instant::now() + limit),
            what,
            child: None,
        };
    }

    /// Makes an overrun also SIGKILL `pid` until the returned guard drops.
    /// Declare the guard after the child handle so it drops (and forgets
    /// the pid) before the child is reaped and its pid can be reused.
    pub fn watch_child(&self, pid: u32) -> ChildWatch<'_> {
        self.lock().child = Some(pid);
        ChildWatch(self)
    }

    pub fn disarm(&self) {
        *self.lock() = Armed::default();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Armed> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub struct ChildWatch<'a>(&'a Watchdog);

impl Drop for ChildWatch<'_> {
    fn drop(&mut self) {
        self.0.lock().child = None;
    }
}

fn watch(state: &Mutex<Armed>) {
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let s = state.lock().unwrap_or_else(|e| e.into_inner());
        if s.deadline.is_some_and(|d| Instant::now() > d) {
            eprintln!("echo bench: watchdog: {} overran its time limit", s.what);
            if let Some(pid) = s.child {
                // SAFETY: kill(2) takes plain integers; `pid` is our own
                // child, not yet reaped (see `watch_child`).
                unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
            }
            std::process::exit(3);
        }
    }
}
