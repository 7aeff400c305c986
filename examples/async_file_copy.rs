//! Copies a file with callbacks (Asio's `files/async_file_copy`): a read of the source and a
//! write of what it read to the target, in a chain of handlers, until the end of the source.
//!
//! Usage: `async_file_copy <from> <to>`

use std::io;
use std::sync::Arc;

use jeton::file::{OpenFlags, StreamFile};
use jeton::io::Handle;
use jeton::IoContext;

/// The copy in progress: the two files, each step a handler that starts the next.
struct FileCopier {
    from: StreamFile<Handle>,
    to: StreamFile<Handle>,
}

impl FileCopier {
    /// Reads the next chunk into `buf`.
    fn do_read(self: Arc<Self>, buf: Vec<u8>) {
        let from = self.from.clone();
        from.async_read_some(buf, move |(r, buf): (io::Result<usize>, Vec<u8>)| match r {
            Ok(0) => {} // The end of the source: done.
            Ok(n) => self.do_write(buf, n),
            Err(e) => eprintln!("read error: {e}"),
        });
    }

    /// Writes the first `n` bytes of `buf`, then reads again.
    fn do_write(self: Arc<Self>, buf: Vec<u8>, n: usize) {
        let to = self.to.clone();
        let cond = jeton::io::transfer_exactly(n);
        jeton::io::async_write_with(
            to,
            buf,
            cond,
            move |(r, buf): (io::Result<usize>, Vec<u8>)| match r {
                Ok(_) => self.do_read(buf),
                Err(e) => eprintln!("write error: {e}"),
            },
        );
    }
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("Usage: async_file_copy <from> <to>");
        std::process::exit(1);
    }
    let io = IoContext::new()?;
    let ex = io.executor();
    let from = StreamFile::open(&ex, &args[1], OpenFlags::READ_ONLY)?;
    let flags = OpenFlags::WRITE_ONLY | OpenFlags::CREATE | OpenFlags::TRUNCATE;
    let to = StreamFile::open(&ex, &args[2], flags)?;
    let copier = Arc::new(FileCopier {
        from: from.handle(),
        to: to.handle(),
    });
    copier.do_read(vec![0u8; 1024]);
    io.run();
    Ok(())
}
