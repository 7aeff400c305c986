//! The helper pool: a small process-wide pool of threads for work that can only block
//! (`getaddrinfo`). Threads start on demand, at most [`MAX_THREADS`], and exit when idle.

use std::collections::VecDeque;
use std::io;
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

/// The most helper threads alive at once, over all contexts.
const MAX_THREADS: usize = 4;
/// How long an idle helper thread waits for work before it exits.
const IDLE_EXIT: Duration = Duration::from_secs(10);

/// A job for a helper thread.
pub(super) type Job = Box<dyn FnOnce() + Send>;

/// The process-wide helper pool, made on first use. Threads start on demand and exit when idle.
#[derive(Default)]
pub(super) struct Pool {
    /// Queue and thread counts; the condition variable wakes idle threads when jobs arrive.
    state: Mutex<PoolState>,
    cond: Condvar,
}

#[derive(Default)]
struct PoolState {
    jobs: VecDeque<Job>,
    /// Helper threads alive.
    threads: usize,
    /// Helper threads waiting for a job.
    idle: usize,
}

impl Pool {
    pub(super) fn get() -> &'static Pool {
        static POOL: OnceLock<Pool> = OnceLock::new();
        POOL.get_or_init(Pool::default)
    }

    fn lock(&self) -> MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues `job`, starting a thread if no idle one can take it.
    pub(super) fn submit(&'static self, job: Job) -> io::Result<()> {
        let mut st = self.lock();
        st.jobs.push_back(job);
        if st.jobs.len() > st.idle && st.threads < MAX_THREADS {
            let spawned = std::thread::Builder::new()
                .name("jeton-helper".into())
                .spawn(move || self.work());
            match spawned {
                Ok(_) => st.threads += 1,
                Err(e) if st.threads == 0 => {
                    st.jobs.pop_back();
                    return Err(e);
                }
                Err(_) => {} // The running threads will take the job.
            }
        }
        self.cond.notify_one();
        Ok(())
    }

    /// A helper thread's loop: run jobs, exit after being idle for `IDLE_EXIT`.
    fn work(&self) {
        let mut st = self.lock();
        loop {
            if let Some(job) = st.jobs.pop_front() {
                drop(st);
                job();
                st = self.lock();
                continue;
            }
            st.idle += 1;
            let (guard, timeout) = self
                .cond
                .wait_timeout(st, IDLE_EXIT)
                .unwrap_or_else(|e| e.into_inner());
            st = guard;
            st.idle -= 1;
            if timeout.timed_out() && st.jobs.is_empty() {
                st.threads -= 1;
                return;
            }
        }
    }
}
