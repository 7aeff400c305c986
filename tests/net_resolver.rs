//! The resolver: "localhost" with every token, numeric hosts and services, flags, errors,
//! cancellation, and blocking resolution with no thread running the context.

#[path = "support/net_udp.rs"]
mod support;

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};

use jeton::net::{ResolveFlags, Resolver, ResolverResults};
use jeton::{co_spawn, error, Blocking, IoContext, UseFuture};
use support::watchdog;

/// Asserts that `results` hold a loopback endpoint (127.0.0.1 or ::1) on `port`, and only
/// loopback endpoints on `port`.
fn assert_localhost(results: &ResolverResults, port: u16) {
    assert!(!results.is_empty());
    let loopbacks: [IpAddr; 2] = ["127.0.0.1".parse().unwrap(), "::1".parse().unwrap()];
    assert!(
        results.endpoints().any(|a| loopbacks.contains(&a.ip())),
        "no loopback address in {results:?}"
    );
    for entry in results {
        assert!(entry.endpoint().ip().is_loopback(), "{entry:?}");
        assert_eq!(entry.endpoint().port(), port);
        assert_eq!(entry.host_name(), "localhost");
        assert_eq!(entry.service_name(), port.to_string());
    }
}

#[test]
fn resolve_localhost_with_a_closure() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    let resolver = Resolver::new(&io.executor());
    let calls = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel();
    let c = calls.clone();
    resolver.async_resolve("localhost", "80", move |r: io::Result<ResolverResults>| {
        c.fetch_add(1, Ordering::SeqCst);
        tx.send(r.unwrap()).unwrap();
    });
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "not inside initiation (G2)"
    );
    io.run(); // the pending resolution keeps run() going until it completes (G4)
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_localhost(&rx.try_recv().unwrap(), 80);
}

#[test]
fn resolve_localhost_with_use_future() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    let resolver = Resolver::new(&io.executor());
    // Awaited directly ...
    let results = io
        .block_on(resolver.async_resolve("localhost", "81", UseFuture))
        .unwrap();
    assert_localhost(&results, 81);
    // ... and inside a coroutine on the context (block_on ran it out of work: restart).
    io.restart();
    let ex = io.executor();
    let join = co_spawn(
        &ex,
        {
            let ex = ex.clone();
            async move {
                let resolver = Resolver::new(&ex);
                resolver.async_resolve("localhost", "82", UseFuture).await
            }
        },
        UseFuture,
    );
    assert_localhost(&io.block_on(join).unwrap(), 82);
}

#[test]
fn resolve_localhost_blocking_needs_no_running_context() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    let resolver = Resolver::new(&io.executor());
    assert_localhost(&resolver.resolve("localhost", "83").unwrap(), 83);
    assert_localhost(
        &resolver.async_resolve("localhost", "84", Blocking).unwrap(),
        84,
    );
    assert_eq!(io.poll(), 0, "nothing was queued on the context");
}

#[test]
fn blocking_resolve_inside_a_handler_does_not_deadlock() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (tx, rx) = mpsc::channel();
    let e = ex.clone();
    ex.post(move || {
        let resolver = Resolver::new(&e);
        tx.send(resolver.resolve("localhost", "85").unwrap())
            .unwrap();
    });
    io.run();
    assert_localhost(&rx.try_recv().unwrap(), 85);
}

#[test]
fn numeric_hosts_with_the_numeric_host_flag() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    let resolver = Resolver::new(&io.executor());
    for (host, expected) in [("127.0.0.1", "127.0.0.1:443"), ("::1", "[::1]:443")] {
        let results = resolver
            .resolve_with(host, "443", ResolveFlags::NUMERIC_HOST)
            .unwrap();
        let endpoints: Vec<SocketAddr> = results.endpoints().collect();
        assert_eq!(endpoints, vec![expected.parse::<SocketAddr>().unwrap()]);
        assert_eq!(results.iter().next().unwrap().host_name(), host);
    }
}

#[test]
fn numeric_service_gives_its_port() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    let resolver = Resolver::new(&io.executor());
    let results = resolver
        .resolve_with("127.0.0.1", "8080", ResolveFlags::NUMERIC_SERVICE)
        .unwrap();
    assert_eq!(
        results.endpoints().collect::<Vec<_>>(),
        vec!["127.0.0.1:8080".parse::<SocketAddr>().unwrap()]
    );
    let entry = results.into_iter().next().unwrap();
    assert_eq!(entry.service_name(), "8080");
    assert_eq!(SocketAddr::from(entry).port(), 8080);
    // UDP resolvers give the same port for a number.
    let udp = Resolver::udp(&io.executor());
    assert!(udp
        .resolve("127.0.0.1", "8080")
        .unwrap()
        .endpoints()
        .all(|a| a.port() == 8080));
}

#[test]
fn service_names_are_looked_up_unless_numeric_service() {
    let _watchdog = watchdog(30);
    if !std::path::Path::new("/etc/services").exists() {
        eprintln!("no /etc/services here; skipping");
        return;
    }
    let io = IoContext::new().unwrap();
    let resolver = Resolver::new(&io.executor());
    let results = resolver.resolve("127.0.0.1", "http").unwrap();
    assert!(results.endpoints().all(|a| a.port() == 80));
    assert_eq!(results.iter().next().unwrap().service_name(), "http");
    assert!(resolver
        .resolve_with("127.0.0.1", "http", ResolveFlags::NUMERIC_SERVICE)
        .is_err());
}

#[test]
fn bad_numeric_host_is_an_error_with_every_token() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    let resolver = Resolver::new(&io.executor());
    let flags = ResolveFlags::NUMERIC_HOST;
    for host in ["not-an-address", "999.1.1.1", "localhost"] {
        let e = resolver.resolve_with(host, "80", flags).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound, "{host}: {e}");
    }
    let (tx, rx) = mpsc::channel();
    resolver.async_resolve_with(
        "not-an-address",
        "80",
        flags,
        move |r: io::Result<ResolverResults>| tx.send(r.map(|_| ())).unwrap(),
    );
    io.run();
    assert!(rx.try_recv().unwrap().is_err());
    assert!(io
        .block_on(resolver.async_resolve_with("1.2.3.x", "80", flags, UseFuture))
        .is_err());
    // A NUL byte is refused, not passed to getaddrinfo.
    let e = resolver.resolve("local\0host", "80").unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
}

#[test]
fn passive_with_no_host_gives_unspecified_addresses() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    let resolver = Resolver::new(&io.executor());
    let flags = ResolveFlags::PASSIVE | ResolveFlags::NUMERIC_SERVICE;
    assert!(flags.contains(ResolveFlags::PASSIVE));
    let results = resolver.resolve_with("", "9000", flags).unwrap();
    assert!(!results.is_empty());
    assert!(results
        .endpoints()
        .all(|a| a.ip().is_unspecified() && a.port() == 9000));
    // Without PASSIVE, no host means loopback.
    let results = resolver
        .resolve_with("", "9000", ResolveFlags::NUMERIC_SERVICE)
        .unwrap();
    assert!(results.endpoints().all(|a| a.ip().is_loopback()));
}

#[test]
fn cancel_aborts_a_pending_resolve_once() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    let resolver = Resolver::new(&io.executor());
    let calls = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel();
    let c = calls.clone();
    // Pending from the launch: the cancel() comes before any thread ran the lookup.
    resolver.async_resolve("localhost", "80", move |r: io::Result<ResolverResults>| {
        c.fetch_add(1, Ordering::SeqCst);
        tx.send(r).unwrap();
    });
    resolver.cancel();
    io.run();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert!(error::is_aborted(&rx.try_recv().unwrap().unwrap_err()));

    // A future made before cancel() is aborted too; one made after is not.
    let before = resolver.async_resolve("localhost", "80", UseFuture);
    resolver.cancel();
    let after = resolver.async_resolve("localhost", "80", UseFuture);
    assert!(error::is_aborted(&io.block_on(before).unwrap_err()));
    assert_localhost(&io.block_on(after).unwrap(), 80);
}

#[test]
fn dropping_the_resolver_aborts_pending_resolves() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    let resolver = Resolver::new(&io.executor());
    let (tx, rx) = mpsc::channel();
    resolver.async_resolve("localhost", "80", move |r: io::Result<ResolverResults>| {
        tx.send(r.map(|_| ())).unwrap();
    });
    drop(resolver);
    io.run();
    assert!(error::is_aborted(&rx.try_recv().unwrap().unwrap_err()));
}

#[test]
fn many_concurrent_resolves_each_complete_once() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    let resolver = Resolver::new(&io.executor());
    let (tx, rx) = mpsc::channel();
    for port in 0..20u16 {
        let tx = tx.clone();
        resolver.async_resolve_with(
            "127.0.0.1",
            &(1000 + port).to_string(),
            ResolveFlags::NUMERIC_HOST,
            move |r: io::Result<ResolverResults>| {
                tx.send(r.unwrap().endpoints().next().unwrap().port())
                    .unwrap();
            },
        );
    }
    drop(tx);
    io.run();
    let mut ports: Vec<u16> = rx.iter().collect();
    ports.sort();
    assert_eq!(ports, (1000..1020).collect::<Vec<_>>());
}

#[test]
fn resolver_is_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Resolver>();
    send_sync::<ResolverResults>();
    send::<jeton::net::Resolve>();
}
