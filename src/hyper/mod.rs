//! hyper on jeton (feature `hyper`): every jeton stream object implements
//! `hyper::rt::{Read, Write}` itself (written once, on [`IoObject`](crate::IoObject)), and this
//! module gives hyper the other two things it asks a runtime for: an executor for the tasks it
//! spawns ([`HyperExecutor`], on [`co_spawn`](crate::co_spawn)) and a timer
//! ([`HyperTimer`], on the context's timer queue). No tokio runtime is involved.
//!
//! # Examples
//!
//! An HTTP/1.1 server and a hyper client on one jeton context, with no tokio runtime:
//!
//! ```
//! use bytes::Bytes;
//! use http_body_util::{BodyExt, Full};
//! use jeton::hyper::{HyperExecutor, HyperTimer};
//! use jeton::net::{TcpAcceptor, TcpSocket};
//! use jeton::{co_spawn, Detached, IoContext, UseFuture};
//!
//! let io = IoContext::new()?;
//! let ex = io.executor();
//! let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0")?;
//! let addr = acceptor.local_addr()?;
//! let server_ex = ex.clone();
//! co_spawn(&ex, async move {
//!     let (sock, _) = acceptor.async_accept(UseFuture).await?;
//!     let service = hyper::service::service_fn(|_req| async {
//!         Ok::<_, std::convert::Infallible>(hyper::Response::new(Full::new(Bytes::from("hi"))))
//!     });
//!     hyper::server::conn::http1::Builder::new()
//!         .timer(HyperTimer::new(&server_ex))
//!         .serve_connection(sock, service)
//!         .await
//!         .map_err(std::io::Error::other)
//! }, Detached);
//!
//! let body = io.block_on(async {
//!     let sock = TcpSocket::new(&ex);
//!     sock.async_connect(addr, UseFuture).await?;
//!     let (mut sender, conn) = hyper::client::conn::http1::handshake(sock)
//!         .await
//!         .map_err(std::io::Error::other)?;
//!     co_spawn(&ex, async move { let _ = conn.await; }, Detached);
//!     let req = hyper::Request::get("/").body(Full::new(Bytes::new())).unwrap();
//!     let resp = sender.send_request(req).await.map_err(std::io::Error::other)?;
//!     let body = resp.into_body().collect().await.map_err(std::io::Error::other)?;
//!     Ok::<_, std::io::Error>(body.to_bytes())
//! })?;
//! assert_eq!(body, "hi");
//! # let _ = HyperExecutor::new(&ex);
//! # Ok::<(), std::io::Error>(())
//! ```

mod executor;
mod timer;

pub use executor::HyperExecutor;
pub use timer::{HyperSleep, HyperTimer};
