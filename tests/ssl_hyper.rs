//! hyper over `ssl::Stream` (features `tls` and `hyper`): a TLS stream implements
//! `hyper::rt::{Read, Write}` through `IoObject`, with no TLS code for it.

#![cfg(all(feature = "tls", feature = "hyper"))]

#[path = "support/tls.rs"]
mod tls;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::io;

use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::ssl::{self, Role};
use jeton::{IoContext, UseFuture};
use tls::TestPki;

#[test]
fn hyper_serves_and_fetches_https_over_tls_streams() {
    use bytes::Bytes;
    use http_body_util::{BodyExt, Full};
    use jeton::hyper::HyperTimer;
    use jeton::{co_spawn, Detached};

    let _w = watchdog::watchdog(30);
    let pki = TestPki::new();
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0").unwrap();
    let addr = acceptor.local_addr().unwrap();
    let (server_ctx, server_ex) = (pki.server_context(), ex.clone());
    co_spawn(
        &ex,
        async move {
            let (sock, _) = acceptor.async_accept(UseFuture).await?;
            let tls = ssl::Stream::new(sock, &server_ctx);
            tls.async_handshake(Role::Server, UseFuture).await?;
            let service = hyper::service::service_fn(|req: hyper::Request<_>| async move {
                let body = format!("secure {}", req.uri().path());
                Ok::<_, std::convert::Infallible>(hyper::Response::new(Full::new(Bytes::from(
                    body,
                ))))
            });
            hyper::server::conn::http1::Builder::new()
                .timer(HyperTimer::new(&server_ex))
                .serve_connection(tls, service)
                .await
                .map_err(io::Error::other)
        },
        Detached,
    );
    let bodies = io
        .block_on(async {
            let sock = TcpSocket::new(&ex);
            sock.async_connect(addr, UseFuture).await?;
            let tls = ssl::Stream::new(sock, &pki.client_context());
            tls.set_host_name("localhost")?;
            tls.async_handshake(Role::Client, UseFuture).await?;
            let (mut sender, conn) = hyper::client::conn::http1::handshake(tls)
                .await
                .map_err(io::Error::other)?;
            co_spawn(&ex, async move { drop(conn.await) }, Detached);
            let mut bodies = Vec::new();
            for path in ["/a", "/b"] {
                let req = hyper::Request::get(path)
                    .header("host", "localhost")
                    .body(Full::new(Bytes::new()))
                    .unwrap();
                let resp = sender.send_request(req).await.map_err(io::Error::other)?;
                let body = resp.into_body().collect().await.map_err(io::Error::other)?;
                bodies.push(body.to_bytes());
            }
            Ok::<_, io::Error>(bodies)
        })
        .unwrap();
    assert_eq!(bodies, ["secure /a", "secure /b"]);
}
