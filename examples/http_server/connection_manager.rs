//! Manages open connections so that they may be cleanly stopped when the server needs to shut
//! down (Asio's `connection_manager.cpp`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::connection::Connection;

/// The managed connections.
#[derive(Default)]
pub struct ConnectionManager {
    state: Mutex<Managed>,
}

#[derive(Default)]
struct Managed {
    /// The open connections, by address.
    connections: HashMap<usize, Arc<Connection>>,
    /// `stop_all` was called: a connection started later is stopped at once (with several
    /// threads, an accept handler may run after the stop).
    stopped: bool,
}

fn key(c: &Arc<Connection>) -> usize {
    Arc::as_ptr(c) as usize
}

impl ConnectionManager {
    fn lock(&self) -> MutexGuard<'_, Managed> {
        self.state
            .lock()
            .expect("no handler panics holding the lock")
    }

    /// Adds the specified connection to the manager and starts it.
    pub fn start(&self, c: Arc<Connection>) {
        {
            let mut state = self.lock();
            if state.stopped {
                drop(state);
                c.stop();
                return;
            }
            state.connections.insert(key(&c), c.clone());
        }
        c.start();
    }

    /// Stops the specified connection.
    pub fn stop(self: Arc<Self>, c: &Arc<Connection>) {
        self.lock().connections.remove(&key(c));
        c.stop();
    }

    /// Stops all connections.
    pub fn stop_all(&self) {
        let all: Vec<_> = {
            let mut state = self.lock();
            state.stopped = true;
            state.connections.drain().map(|(_, c)| c).collect()
        };
        for c in all {
            c.stop();
        }
    }
}
