//! `std` style: blocking std::net, one OS thread per connection.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

pub fn serve(listener: TcpListener) -> ! {
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                std::thread::spawn(move || echo(stream));
            }
            Err(e) => eprintln!("std echo server: accept: {e}"),
        }
    }
}

fn echo(mut stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if stream.write_all(&buf[..n]).is_err() {
                    return;
                }
            }
        }
    }
}
