//! `cpp20/coroutines/echo_server.cpp`: a task per connection, awaiting `UseFuture`.

use super::*;

async fn echo(socket: TcpSocket) {
    let result: io::Result<()> = async {
        let mut data = [0u8; MAX_LENGTH];
        loop {
            let n = socket.async_read_some(&mut data[..], UseFuture).await?;
            if n == 0 {
                return Ok(()); // End of stream.
            }
            async_write(&socket, &data[..n], UseFuture).await?;
        }
    }
    .await;
    if let Err(e) = result {
        eprintln!("echo Exception: {e}");
    }
}

async fn listener(acceptor: TcpAcceptor, max_conns: Option<usize>) {
    let executor = acceptor.executor();
    let mut accepted = 0;
    while max_conns.is_none_or(|max| accepted < max) {
        match acceptor.async_accept(UseFuture).await {
            Ok((socket, _peer)) => {
                accepted += 1;
                co_spawn(&executor, echo(socket), Detached);
            }
            Err(e) => {
                log_accept_error(&e);
                let backoff = SteadyTimer::with_duration(&executor, ACCEPT_BACKOFF);
                let _ = backoff.async_wait(UseFuture).await;
            }
        }
    }
}

/// Spawns the listener task on the acceptor's context.
pub fn start(acceptor: TcpAcceptor, max_conns: Option<usize>) {
    let executor = acceptor.executor();
    co_spawn(&executor, listener(acceptor, max_conns), Detached);
}
