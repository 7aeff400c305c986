//! A server child process: this binary re-executed in `--serve` mode.
//! Dropping a `ServerChild` kills and reaps it, so errors never leak one.
//!
//! After the port, the child answers each line written to its stdin with its allocation
//! totals (see `alloc_count.rs`).

use crate::alloc_count;
use crate::args::Scale;
use std::io::{self, BufRead, BufReader, ErrorKind, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

pub struct ServerChild {
    child: Option<Child>,
    /// Kept open so the child never writes into a closed pipe.
    stdout_pipe: BufReader<ChildStdout>,
    /// Where allocation-stats requests go.
    stdin_pipe: ChildStdin,
    pub addr: SocketAddr,
}

impl ServerChild {
    /// Starts `style` (pinned to `cpus` unless empty, scaled by `scale`) and waits for its
    /// port.
    pub fn spawn(style: &str, cpus: &[usize], scale: Scale) -> io::Result<ServerChild> {
        let mut cmd = Command::new(std::env::current_exe()?);
        cmd.args(["--serve", style, "--port", "0"]);
        if !cpus.is_empty() {
            let list: Vec<String> = cpus.iter().map(usize::to_string).collect();
            cmd.args(["--cpu", &list.join(",")]);
        }
        cmd.args(["--server-threads", &scale.threads.to_string()]);
        cmd.args(["--contexts", &scale.contexts.to_string()]);
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let stdin = child.stdin.take().expect("stdin is piped");
        let mut server = ServerChild {
            child: Some(child),
            stdout_pipe: BufReader::new(stdout),
            stdin_pipe: stdin,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        };
        let port = server.read_port()?;
        server.addr.set_port(port);
        Ok(server)
    }

    fn read_port(&mut self) -> io::Result<u16> {
        let mut line = String::new();
        self.stdout_pipe.read_line(&mut line)?;
        line.trim().parse().map_err(|_| {
            let msg = format!("server child did not report a port (got {line:?})");
            io::Error::new(ErrorKind::InvalidData, msg)
        })
    }

    /// Asks the child for its allocation totals so far: `(allocations, bytes)`.
    pub fn alloc_stats(&mut self) -> io::Result<(u64, u64)> {
        self.stdin_pipe.write_all(b"stats\n")?;
        self.stdin_pipe.flush()?;
        let mut line = String::new();
        self.stdout_pipe.read_line(&mut line)?;
        alloc_count::parse(&line).ok_or_else(|| {
            let msg = format!("server child gave no allocation stats (got {line:?})");
            io::Error::new(ErrorKind::InvalidData, msg)
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Kills and reaps the child; errors if it had already died on its own.
    pub fn stop(mut self) -> io::Result<()> {
        let mut child = self.child.take().expect("child not yet stopped");
        let early_exit = child.try_wait()?;
        let _ = child.kill();
        child.wait()?;
        match early_exit {
            Some(status) => Err(io::Error::other(format!("server exited early: {status}"))),
            None => Ok(()),
        }
    }
}

impl Drop for ServerChild {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
