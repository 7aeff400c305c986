//! Server mode: the child process binds 127.0.0.1 (one listener per context, sharing the port
//! with SO_REUSEPORT when there are several), reports its port on stdout, starts the
//! allocation-stats thread and hands the listeners to the selected server style.
//!
//! Every style is a function `fn(Listeners) -> !`: it receives bound, listening, *blocking*
//! std listeners (convert them as needed, e.g. `set_nonblocking(true)` +
//! `mio::net::TcpListener::from_std`) and serves echo connections forever. It should set
//! TCP_NODELAY on accepted sockets and keep serving when a single connection fails.

use crate::affinity;
use crate::args::{Scale, ServeOpts};
use socket2::{Domain, Socket, Type};
use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};

/// All styles the dispatcher in [`serve`] knows, in default report order.
/// Add new styles here too.
pub const STYLES: &[&str] = &[
    "mio",
    "tokio",
    "std",
    "jeton-callback",
    "jeton-coroutine",
    "jeton-blocking",
    "asio-callback",
    "asio-coroutine",
    "jeton-stackful",
];

/// The styles that take `--server-threads` and `--contexts`.
pub const SCALABLE: &[&str] = &[
    "tokio",
    "jeton-callback",
    "jeton-coroutine",
    "asio-callback",
    "asio-coroutine",
];

/// What a style serves with: one listener per context, and the threads per context.
pub struct Listeners {
    pub list: Vec<TcpListener>,
    pub threads: usize,
}

impl Listeners {
    /// The one listener of a style that takes no scale-out parameter.
    pub fn single(mut self) -> TcpListener {
        self.list.swap_remove(0)
    }
}

/// Entry point of `--serve`: never returns; exits on setup errors.
pub fn child_main(opts: &ServeOpts) -> ! {
    die_with_parent();
    if !opts.cpus.is_empty() {
        // Pin before any thread exists so every server thread inherits it.
        affinity::pin_current_thread(&opts.cpus).unwrap_or_else(|e| fail("pin", e));
    }
    let scale = if SCALABLE.contains(&opts.style.as_str()) {
        opts.scale
    } else {
        Scale::ONE
    };
    let list = bind(opts.port, scale.contexts).unwrap_or_else(|e| fail("bind", e));
    let port = list[0]
        .local_addr()
        .unwrap_or_else(|e| fail("addr", e))
        .port();
    let mut out = io::stdout().lock();
    writeln!(out, "{port}")
        .and_then(|()| out.flush())
        .unwrap_or_else(|e| fail("report port", e));
    drop(out);
    let listeners = Listeners {
        list,
        threads: scale.threads,
    };
    if let Some(peer) = opts.style.strip_prefix("asio-") {
        crate::asio_peer::exec(peer, listeners) // The C++ peer answers the stats itself.
    }
    crate::alloc_count::serve_stats();
    serve(&opts.style, listeners)
}

/// Binds `n` listeners on 127.0.0.1:`port` (all on the first one's port); with more than one,
/// they share it through SO_REUSEPORT and the kernel spreads connections over them.
fn bind(port: u16, n: usize) -> io::Result<Vec<TcpListener>> {
    if n == 1 {
        return Ok(vec![TcpListener::bind((Ipv4Addr::LOCALHOST, port))?]);
    }
    let mut list: Vec<TcpListener> = Vec::with_capacity(n);
    for _ in 0..n {
        let port = list
            .first()
            .map_or(Ok(port), |l| l.local_addr().map(|a| a.port()))?;
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
        socket.set_reuse_port(true)?;
        socket.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, port)).into())?;
        socket.listen(1024)?;
        list.push(socket.into());
    }
    Ok(list)
}

/// The style dispatcher: the one place that maps a style name to a server.
fn serve(style: &str, listeners: Listeners) -> ! {
    match style {
        "mio" => crate::mio_server::serve(listeners.single()),
        "tokio" => crate::tokio_server::serve(listeners),
        "std" => crate::std_server::serve(listeners.single()),
        "jeton-callback" => crate::jeton_callback::serve(listeners),
        "jeton-coroutine" => crate::jeton_coroutine::serve(listeners),
        "jeton-blocking" => crate::jeton_blocking::serve(listeners.single()),
        #[cfg(feature = "stackful")]
        "jeton-stackful" => crate::jeton_stackful::serve(listeners.single()),
        #[cfg(not(feature = "stackful"))]
        "jeton-stackful" => fail("style", "jeton-stackful needs the `stackful` feature"),
        other => fail("style", format!("unknown server style {other:?}")),
    }
}

/// Runs `run` for each context on `threads` threads each (C × T threads in all); never
/// returns.
pub fn run_threads<C: Sync>(contexts: &[C], threads: usize, run: impl Fn(&C) + Sync) -> ! {
    std::thread::scope(|s| {
        for c in contexts {
            for _ in 0..threads {
                s.spawn(|| run(c));
            }
        }
    });
    fail("server", "every run() returned")
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
