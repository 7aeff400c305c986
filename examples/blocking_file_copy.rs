//! Copies a file with blocking calls (Asio's `files/blocking_file_copy`): `read_some` from the
//! source and `write` of what it read to the target, until the end of the source. No thread
//! runs the context.
//!
//! Usage: `blocking_file_copy <from> <to>`

use std::io;

use jeton::file::{OpenFlags, StreamFile};
use jeton::IoContext;

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("Usage: blocking_file_copy <from> <to>");
        std::process::exit(1);
    }
    let io = IoContext::new()?;
    let ex = io.executor();
    let from = StreamFile::open(&ex, &args[1], OpenFlags::READ_ONLY)?;
    let flags = OpenFlags::WRITE_ONLY | OpenFlags::CREATE | OpenFlags::TRUNCATE;
    let to = StreamFile::open(&ex, &args[2], flags)?;
    let mut data = vec![0u8; 1024];
    loop {
        let n = from.read_some(&mut data)?;
        if n == 0 {
            return Ok(()); // The end of the source.
        }
        jeton::io::write(&to, &data[..n])?;
    }
}
