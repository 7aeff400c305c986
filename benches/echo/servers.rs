//! Server mode: the child process binds 127.0.0.1, reports its port on
//! stdout and hands the listener to the selected server style.
//!
//! Every style is a function `fn(std::net::TcpListener) -> !`: it receives a
//! bound, listening, *blocking* std listener (convert it as needed, e.g.
//! `set_nonblocking(true)` + `mio::net::TcpListener::from_std`) and serves
//! echo connections forever. It should set TCP_NODELAY on accepted sockets
//! and keep serving when a single connection fails.

use crate::affinity;
use crate::args::ServeOpts;
use std::io::Write;
use std::net::{Ipv4Addr, TcpListener};

/// All styles the dispatcher in [`serve`] knows, in default report order.
/// Add new styles here too.
pub const STYLES: &[&str] = &[
    "mio",
    "tokio",
    "std",
    "jeton-callback",
    "jeton-coroutine",
    "jeton-blocking",
    "jeton-stackful",
];

/// Entry point of `--serve`: never returns; exits on setup errors.
pub fn child_main(opts: &ServeOpts) -> ! {
    die_with_parent();
    if let Some(cpu) = opts.cpu {
        // Pin before any thread exists so every server thread inherits it.
        affinity::pin_current_thread(cpu).unwrap_or_else(|e| fail("pin", e));
    }
    let listener =
        TcpListener::bind((Ipv4Addr::LOCALHOST, opts.port)).unwrap_or_else(|e| fail("bind", e));
    let port = listener
        .local_addr()
        .unwrap_or_else(|e| fail("addr", e))
        .port();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{port}")
        .and_then(|()| out.flush())
        .unwrap_or_else(|e| fail("report port", e));
    drop(out);
    serve(&opts.style, listener)
}

/// The style dispatcher: the one place that maps a style name to a server.
fn serve(style: &str, listener: TcpListener) -> ! {
    match style {
        "mio" => crate::mio_server::serve(listener),
        "tokio" => crate::tokio_server::serve(listener),
        "std" => crate::std_server::serve(listener),
        "jeton-callback" => crate::jeton_callback::serve(listener),
        "jeton-coroutine" => crate::jeton_coroutine::serve(listener),
        "jeton-blocking" => crate::jeton_blocking::serve(listener),
        #[cfg(feature = "stackful")]
        "jeton-stackful" => crate::jeton_stackful::serve(listener),
        #[cfg(not(feature = "stackful"))]
        "jeton-stackful" => fail("style", "jeton-stackful needs the `stackful` feature"),
        other => fail("style", format!("unknown server style {other:?}")),
    }
}

/// Prints a server-side fatal error and exits the child.
pub fn fail(what: &str, err: impl std::fmt::Display) -> ! {
    eprintln!("echo server: {what}: {err}");
    std::process::exit(1)
}

/// Makes the kernel SIGKILL this child if the bench process dies, so an
/// aborted run never leaves a server behind.
fn die_with_parent() {
    // SAFETY: prctl(PR_SET_PDEATHSIG) takes a plain integer signal number and
    // touches no memory of ours.
    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) };
    // SAFETY: getppid has no preconditions.
    if unsafe { libc::getppid() } == 1 {
        // The parent already died before the prctl took effect.
        std::process::exit(1);
    }
}
