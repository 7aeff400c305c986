//! Child processes: `cat` echoing its stdin through jeton pipes in every token style, exit
//! statuses, `kill` and signals, waits cancelled in every way, and the same through the
//! `SIGCHLD` fallback (the pidfd path is the default on this kernel).

#[path = "support/cancel.rs"]
mod cancel;
#[path = "support/streams.rs"]
mod streams;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use jeton::io as jio;
use jeton::process::Child;
use jeton::signal::SIGTERM;
use jeton::{cancel_after, error, Blocking, Executor, IoContext, UseFuture};
use watchdog::watchdog;

type Spawn = fn(&Executor, &mut Command) -> io::Result<Child>;

/// Both ways of watching a child's exit.
const WATCHES: [(&str, Spawn); 2] = [
    ("pidfd", Child::spawn),
    ("SIGCHLD", Child::spawn_watching_sigchld),
];

fn cat() -> Command {
    let mut cmd = Command::new("cat");
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped());
    cmd
}

fn sleeper() -> Command {
    let mut cmd = Command::new("sleep");
    cmd.arg("60");
    cmd
}

#[test]
fn cat_echoes_through_the_pipes_in_every_token_style_then_exits_0() {
    let _w = watchdog(60);
    for (how, spawn) in WATCHES {
        let io = IoContext::new().unwrap();
        let mut child = spawn(&io.executor(), &mut cat()).unwrap();
        assert_eq!(child.uses_pidfd(), how == "pidfd");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        assert!(child.stderr.is_none(), "stderr was not piped");
        streams::round_trip_every_token(&io, &stdout, &stdin);
        drop(stdin); // end of input
        let mut buf = [0u8; 1];
        assert_eq!(
            stdout.read_some(&mut buf).unwrap(),
            0,
            "{how}: cat closed its stdout"
        );
        let status = child.wait().unwrap();
        assert!(status.success(), "{how}: {status}");
    }
}

#[test]
fn exit_status_in_every_style_and_stderr_as_a_pipe() {
    let _w = watchdog(60);
    for (how, spawn) in WATCHES {
        let io = IoContext::new().unwrap();
        let mut sh = Command::new("sh");
        sh.args(["-c", "echo oops >&2; exit 3"])
            .stderr(Stdio::piped());
        let mut child = spawn(&io.executor(), &mut sh).unwrap();
        let stderr = child.stderr.take().unwrap();
        let mut text = jio::DynamicBuffer::new(Vec::new());
        let n = jio::read_until(&stderr, &mut text, "\n").unwrap();
        assert_eq!(&text.data()[..n], b"oops\n", "{how}");

        // Closure, future and blocking waits all get the status, before and after reaping.
        let (tx, rx) = mpsc::channel();
        child.async_wait(move |r: io::Result<ExitStatus>| tx.send(r).unwrap());
        assert!(rx.try_recv().is_err(), "{how}: G2");
        io.run();
        assert_eq!(rx.recv().unwrap().unwrap().code(), Some(3), "{how}");
        io.restart();
        assert_eq!(
            io.block_on(child.async_wait(UseFuture)).unwrap().code(),
            Some(3)
        );
        assert_eq!(child.wait().unwrap().code(), Some(3));
        assert_eq!(child.try_wait().unwrap().unwrap().code(), Some(3));
    }
}

#[test]
fn a_killed_child_reports_its_signal_and_cannot_be_signalled_once_reaped() {
    let _w = watchdog(60);
    for (how, spawn) in WATCHES {
        let io = IoContext::new().unwrap();
        let child = spawn(&io.executor(), &mut sleeper()).unwrap();
        assert!(child.try_wait().unwrap().is_none());
        let (tx, rx) = mpsc::channel();
        child.async_wait(move |r: io::Result<ExitStatus>| tx.send(r).unwrap());
        io.poll();
        assert!(rx.try_recv().is_err(), "{how}: sleeping");
        child.kill().unwrap();
        io.restart();
        io.run();
        assert_eq!(rx.recv().unwrap().unwrap().signal(), Some(9), "{how}");
        let e = child.kill().unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{how}: reaped");

        let child = spawn(&io.executor(), &mut sleeper()).unwrap();
        child.signal(SIGTERM).unwrap();
        assert_eq!(child.wait().unwrap().signal(), Some(SIGTERM), "{how}");
    }
}

#[test]
fn a_wait_is_cancelled_and_the_child_runs_on() {
    let _w = watchdog(60);
    for (how, spawn) in WATCHES {
        let io = IoContext::new().unwrap();
        let child = spawn(&io.executor(), &mut sleeper()).unwrap();
        // cancel()
        let (tx, rx) = mpsc::channel();
        child.async_wait(move |r: io::Result<ExitStatus>| tx.send(r).unwrap());
        child.cancel();
        io.run();
        assert!(error::is_aborted(&rx.recv().unwrap().unwrap_err()), "{how}");
        // A deadline on a blocking wait.
        let r = child.async_wait(cancel_after(Duration::from_millis(30), Blocking));
        assert!(error::is_aborted(&r.unwrap_err()), "{how}");
        // Each cancellation type through a slot.
        cancel::each_type_aborts(&io, |token| child.async_wait(token));
        assert!(child.try_wait().unwrap().is_none(), "{how}: still running");
        child.kill().unwrap();
        assert_eq!(child.wait().unwrap().signal(), Some(9));
    }
}

#[test]
fn dropping_the_child_aborts_its_waits_without_killing_it() {
    let _w = watchdog(60);
    for (how, spawn) in WATCHES {
        let io = IoContext::new().unwrap();
        let child = spawn(&io.executor(), &mut sleeper()).unwrap();
        let id = child.id();
        let (tx, rx) = mpsc::channel();
        child.async_wait(move |r: io::Result<ExitStatus>| tx.send(r).unwrap());
        drop(child);
        io.run();
        assert!(error::is_aborted(&rx.recv().unwrap().unwrap_err()), "{how}");
        // Still running: kill and reap it here.
        let pid = rustix::process::Pid::from_raw(id as i32).unwrap();
        rustix::process::kill_process(pid, rustix::process::Signal::KILL).unwrap();
        let status = rustix::process::waitpid(Some(pid), rustix::process::WaitOptions::empty())
            .unwrap()
            .unwrap();
        assert_eq!(status.1.terminating_signal(), Some(9), "{how}");
    }
}

#[test]
fn a_missing_program_is_not_found() {
    let io = IoContext::new().unwrap();
    let e = Child::spawn(&io.executor(), &mut Command::new("/no/such/program")).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::NotFound);
}

#[test]
fn child_and_its_wait_are_send() {
    fn send<T: Send>() {}
    fn send_sync<T: Send + Sync>() {}
    send::<jeton::process::ChildWait>();
    send_sync::<Child>();
}
