//! `Child`: a child process with its standard streams as jeton pipes, and a wait for its exit
//! status in every token style (beyond Asio, as Boost.Process v2 does on Asio).

use std::fmt;
use std::io;
use std::os::fd::OwnedFd;
use std::process::{Command, ExitStatus};
use std::sync::Arc;

use super::exit_watch::{ExitWatch, Watch};
use super::wait::ChildWait;
use crate::executor::Executor;
use crate::posix::{ReadablePipe, WritablePipe};
use crate::tokens::{Blocking, CompletionToken};

/// A child process (Boost.Process v2's `process`, over `std::process::Command`).
///
/// [`spawn`](Child::spawn) starts the command as the standard library does; each standard
/// stream set to [`Stdio::piped()`](std::process::Stdio::piped) becomes a jeton pipe
/// registered with the context ([`stdin`](Child::stdin), [`stdout`](Child::stdout),
/// [`stderr`](Child::stderr)), with the whole stream surface in every token style.
/// [`async_wait`](Child::async_wait) waits for the exit status: through a pidfd the reactor
/// watches where the kernel has them (Linux 5.3 and later), else through a `SIGCHLD`
/// [`SignalSet`](crate::signal::SignalSet).
///
/// Dropping a `Child` does not kill the process (as with `std::process::Child`); it
/// completes pending waits with [`error::aborted`](crate::error::aborted). A process that is
/// never waited for stays a zombie until this process exits.
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (every method takes `&self`).
///
/// # Examples
///
/// `cat` echoes its stdin:
///
/// ```
/// use jeton::process::Child;
/// use jeton::{io, IoContext};
/// use std::process::{Command, Stdio};
///
/// let ctx = IoContext::new()?;
/// let mut cmd = Command::new("cat");
/// cmd.stdin(Stdio::piped()).stdout(Stdio::piped());
/// let mut child = Child::spawn(&ctx.executor(), &mut cmd)?;
/// let stdin = child.stdin.take().unwrap();
/// let stdout = child.stdout.take().unwrap();
/// io::write(&stdin, &b"meow"[..])?;
/// drop(stdin); // end of input: cat exits
/// let mut buf = [0u8; 4];
/// io::read(&stdout, &mut buf[..])?;
/// assert_eq!(&buf, b"meow");
/// assert!(child.wait()?.success());
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Child {
    /// The child's standard input, if it was piped.
    pub stdin: Option<WritablePipe>,
    /// The child's standard output, if it was piped.
    pub stdout: Option<ReadablePipe>,
    /// The child's standard error, if it was piped.
    pub stderr: Option<ReadablePipe>,
    watch: Arc<ExitWatch>,
    id: u32,
}

impl Child {
    /// Starts `cmd` as a child process whose piped streams and exit are watched by the context
    /// of `ex`.
    ///
    /// # Errors
    ///
    /// The error of `Command::spawn` (e.g. `NotFound` for a missing program), or the system's
    /// error if a pipe or the exit watch cannot be registered.
    ///
    /// # Examples
    ///
    /// See [`Child`].
    pub fn spawn(ex: &Executor, cmd: &mut Command) -> io::Result<Child> {
        Child::spawn_with(ex, cmd, None)
    }

    /// As [`spawn`](Child::spawn), watching the exit through `SIGCHLD` even where the kernel
    /// has pidfds: how the fallback is tested.
    #[doc(hidden)]
    pub fn spawn_watching_sigchld(ex: &Executor, cmd: &mut Command) -> io::Result<Child> {
        Child::spawn_with(ex, cmd, Some(ExitWatch::sigchld_set(ex)?))
    }

    fn spawn_with(
        ex: &Executor,
        cmd: &mut Command,
        sigchld: Option<crate::signal::SignalSet>,
    ) -> io::Result<Child> {
        let mut child = cmd.spawn()?;
        let id = child.id();
        let stdin = child.stdin.take().map(OwnedFd::from);
        let stdout = child.stdout.take().map(OwnedFd::from);
        let stderr = child.stderr.take().map(OwnedFd::from);
        let watch = Arc::new(ExitWatch::new(ex, child, sigchld)?);
        Ok(Child {
            stdin: stdin.map(|fd| WritablePipe::new(ex, fd)).transpose()?,
            stdout: stdout.map(|fd| ReadablePipe::new(ex, fd)).transpose()?,
            stderr: stderr.map(|fd| ReadablePipe::new(ex, fd)).transpose()?,
            watch,
            id,
        })
    }

    /// Returns the child's process id.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::process::Child;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let child = Child::spawn(&io.executor(), &mut std::process::Command::new("true"))?;
    /// assert!(child.id() > 0);
    /// child.wait()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn id(&self) -> u32 {
        self.id
    }

    /// Returns whether the child watches its exit with a pidfd (else with `SIGCHLD`).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::process::Child;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let child = Child::spawn(&io.executor(), &mut std::process::Command::new("true"))?;
    /// println!("pidfd: {}", child.uses_pidfd());
    /// child.wait()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn uses_pidfd(&self) -> bool {
        matches!(self.watch.watch, Watch::Pidfd(_))
    }

    /// Kills the child with `SIGKILL` (Boost.Process's `terminate`). Its wait then completes
    /// with a status whose signal is 9.
    ///
    /// # Errors
    ///
    /// `InvalidInput` if the child has exited and been reaped (its id may belong to another
    /// process now), or the system's error.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::process::Child;
    /// use jeton::IoContext;
    /// use std::os::unix::process::ExitStatusExt;
    ///
    /// let io = IoContext::new()?;
    /// let mut sleep = std::process::Command::new("sleep");
    /// let child = Child::spawn(&io.executor(), sleep.arg("60"))?;
    /// child.kill()?;
    /// assert_eq!(child.wait()?.signal(), Some(9));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn kill(&self) -> io::Result<()> {
        self.signal(crate::sys::SIGKILL)
    }

    /// Sends the signal `signo` to the child (`SIGTERM` asks it to exit, `SIGINT` to
    /// interrupt: Boost.Process's `request_exit` and `interrupt`). With a pidfd the signal
    /// cannot reach another process that reused the id.
    ///
    /// # Errors
    ///
    /// As [`kill`](Child::kill); `InvalidInput` for a number that is not a signal.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::process::Child;
    /// use jeton::signal::SIGTERM;
    /// use jeton::IoContext;
    /// use std::os::unix::process::ExitStatusExt;
    ///
    /// let io = IoContext::new()?;
    /// let mut sleep = std::process::Command::new("sleep");
    /// let child = Child::spawn(&io.executor(), sleep.arg("60"))?;
    /// child.signal(SIGTERM)?;
    /// assert_eq!(child.wait()?.signal(), Some(SIGTERM));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn signal(&self, signo: i32) -> io::Result<()> {
        self.watch.signal(signo)
    }

    /// Waits for the child to exit.
    ///
    /// Equivalent to: `async fn async_wait(&self) -> io::Result<ExitStatus>`.
    ///
    /// Completes with the child's exit status, reaping it; any number of waits may be
    /// made, before or after it exits, and each gets the status.
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`ChildWait`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function, even when the child has
    /// already exited ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// [`error::aborted`](crate::error::aborted) if it is cancelled; the system's error.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](Child::cancel) or dropping the `Child` completes it with
    /// [`error::aborted`](crate::error::aborted); the child runs on. The wait has no side
    /// effect, so it honours every [`CancellationType`](crate::CancellationType).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::process::Child;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let mut sh = std::process::Command::new("sh");
    /// let child = Child::spawn(&io.executor(), sh.args(["-c", "exit 3"]))?;
    /// child.async_wait(|r: std::io::Result<std::process::ExitStatus>| {
    ///     assert_eq!(r.unwrap().code(), Some(3));
    /// });
    /// io.run();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_wait<T: CompletionToken<ChildWait>>(&self, token: T) -> T::Output {
        token.launch(ChildWait::new(self.watch.clone()))
    }

    /// Waits for the child to exit on the calling thread (`async_wait(Blocking)`).
    ///
    /// # Errors
    ///
    /// As [`async_wait`](Child::async_wait).
    ///
    /// # Examples
    ///
    /// See [`Child`].
    pub fn wait(&self) -> io::Result<ExitStatus> {
        self.async_wait(Blocking)
    }

    /// Returns the exit status if the child has exited (reaping it), without waiting.
    ///
    /// # Errors
    ///
    /// The system's error.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::process::Child;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let mut sleep = std::process::Command::new("sleep");
    /// let child = Child::spawn(&io.executor(), sleep.arg("60"))?;
    /// assert!(child.try_wait()?.is_none());
    /// child.kill()?;
    /// child.wait()?;
    /// assert!(child.try_wait()?.is_some());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn try_wait(&self) -> io::Result<Option<ExitStatus>> {
        self.watch.lock().try_wait()
    }

    /// Completes every pending wait with [`error::aborted`](crate::error::aborted); the child
    /// is not affected.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::process::Child;
    /// use jeton::{error, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let mut sleep = std::process::Command::new("sleep");
    /// let child = Child::spawn(&io.executor(), sleep.arg("60"))?;
    /// child.async_wait(|r: std::io::Result<std::process::ExitStatus>| {
    ///     assert!(error::is_aborted(&r.unwrap_err()));
    /// });
    /// child.cancel();
    /// io.run();
    /// child.kill()?;
    /// child.wait()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cancel(&self) {
        self.watch.cancel();
    }
}

impl Drop for Child {
    /// Completes pending waits with [`error::aborted`](crate::error::aborted)
    /// ([G3](crate::guarantees#g3)); the process is not killed.
    fn drop(&mut self) {
        self.watch.close();
    }
}

impl fmt::Debug for Child {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Child")
            .field("id", &self.id)
            .field("pidfd", &self.uses_pidfd())
            .field("stdin", &self.stdin)
            .field("stdout", &self.stdout)
            .field("stderr", &self.stderr)
            .finish()
    }
}
