//! The Boost book's `posix::stream_descriptor` example ("The Boost C++ Libraries", chapter 32,
//! "Platform-specific I/O Objects"): an asynchronous write of a greeting to standard output
//! through a stream descriptor, with a handler that finishes the line. It prints
//! `Hello, world!`.
//!
//! ```cpp
//! int main()
//! {
//!   io_service ioservice;
//!
//!   posix::stream_descriptor stream{ioservice, STDOUT_FILENO};
//!   auto handler = [](const boost::system::error_code&, std::size_t) {
//!     std::cout << ", world!\n";
//!   };
//!   async_write(stream, buffer("Hello"), handler);
//!
//!   ioservice.run();
//! }
//! ```
//!
//! The mapping:
//!
//! - `posix::stream_descriptor stream{ioservice, STDOUT_FILENO}` takes standard output over,
//!   and closes it when the stream is destroyed. Rust's `OwnedFd` says who closes a
//!   descriptor, so the example gives the stream a duplicate of standard output
//!   (`try_clone_to_owned`, `dup(2)`): the handler's `println!` still has its own.
//! - `async_write(stream, buffer("Hello"), handler)` is [`io::async_write`] on a handle of the
//!   stream with a `&'static str` buffer (static, as a closure handler needs).
//! - The handler runs inside `run()`, after the five bytes are written, so the line is
//!   always in order. Standard output may be a terminal, a pipe or a file: a file is written at
//!   once, as Asio does (the reactor cannot watch files).

use std::os::fd::AsFd;
use std::process::ExitCode;

use jeton::io;
use jeton::posix::StreamDescriptor;
use jeton::IoContext;

fn main() -> ExitCode {
    let run = || -> std::io::Result<()> {
        let ioservice = IoContext::new()?;

        let stdout = std::io::stdout().as_fd().try_clone_to_owned()?;
        let stream = StreamDescriptor::new(&ioservice.executor(), stdout)?;
        let handler = |_: std::io::Result<usize>| {
            println!(", world!");
        };
        io::async_write(stream.handle(), "Hello", handler);

        ioservice.run();
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stream_descriptor: {e}");
            ExitCode::FAILURE
        }
    }
}
