//! The response side of `http_client`: reading and checking the head (status line and
//! headers) within a bound, and printing the headers. Shared with the fuzz target
//! (`fuzz/fuzz_targets/http_response.rs`) through `#[path = "http/response.rs"] mod response;`.
//!
//! Asio's clients read the head into an unbounded `asio::streambuf`: a server that sends
//! headers without end takes the client's memory with it (2.4 GB in 10 s). Here the response
//! buffer is a [`DynamicBuffer`] with a `max_size` of [`MAX_HEAD`]: `read_until` stops there
//! and the fetch fails with [`Failure::HeadTooLarge`].

use std::{fmt, io as stdio};

use jeton::io::{self, AsyncReadStream, DynamicBuffer};

/// The most bytes the status line and headers may take, with the empty line that ends them
/// (and any body bytes read along with them).
pub const MAX_HEAD: usize = 64 * 1024;

/// Why a fetch failed.
#[derive(Debug)]
pub enum Failure {
    /// The status line does not start with `HTTP/` followed by a number.
    InvalidResponse,
    /// The status code is not 200.
    Status(u32),
    /// The head did not end within [`MAX_HEAD`] bytes.
    HeadTooLarge,
    /// A system or protocol error.
    Io(stdio::Error),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::InvalidResponse => write!(f, "Invalid response"),
            Failure::Status(code) => write!(f, "Response returned with status code {code}"),
            Failure::HeadTooLarge => write!(f, "Response headers exceed {MAX_HEAD} bytes"),
            Failure::Io(e) => write!(f, "Error: {e}"),
        }
    }
}

impl From<stdio::Error> for Failure {
    fn from(e: stdio::Error) -> Failure {
        Failure::Io(e)
    }
}

/// Returns the buffer the head is read into: empty, at most [`MAX_HEAD`] bytes.
pub fn response_buffer() -> DynamicBuffer {
    DynamicBuffer::with_max_size(Vec::new(), MAX_HEAD)
}

/// Turns the error of a `read_until` into `response` into the failure to report:
/// [`Failure::HeadTooLarge`] when the buffer is full, the error itself otherwise.
pub fn head_failure(e: stdio::Error, response: &DynamicBuffer) -> Failure {
    if response.len() >= response.max_size() {
        Failure::HeadTooLarge
    } else {
        Failure::Io(e)
    }
}

/// Checks a status line such as `HTTP/1.0 200 OK\r\n`.
pub fn check_status(line: &[u8]) -> Result<(), Failure> {
    let line = String::from_utf8_lossy(line);
    let mut words = line.split_whitespace();
    let version = words.next().unwrap_or("");
    match words.next().map(str::parse::<u32>) {
        Some(Ok(code)) if version.starts_with("HTTP/") => match code {
            200 => Ok(()),
            code => Err(Failure::Status(code)),
        },
        _ => Err(Failure::InvalidResponse),
    }
}

/// Reads the head from `socket` into `response` with blocking calls and checks its status
/// line. Returns the length of the status line and of the whole head; body bytes read along
/// with the head follow it in `response`.
pub fn read_head<S: AsyncReadStream + Unpin>(
    socket: S,
    response: &mut DynamicBuffer,
) -> Result<(usize, usize), Failure> {
    let status_len =
        io::read_until(&socket, &mut *response, "\r\n").map_err(|e| head_failure(e, response))?;
    check_status(&response.data()[..status_len])?;
    // The headers, from the end of the status line to the empty line: searched from the
    // start, so that a head with no header (status line, then the empty line) is found too.
    let head_len = io::read_until(&socket, &mut *response, "\r\n\r\n")
        .map_err(|e| head_failure(e, response))?;
    Ok((status_len, head_len))
}

/// Prints the header lines of `headers` (the bytes after the status line, up to and including
/// the empty line), then an empty line.
pub fn print_headers(out: &mut impl stdio::Write, headers: &[u8]) -> stdio::Result<()> {
    for line in headers.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.is_empty() {
            out.write_all(line)?;
            out.write_all(b"\n")?;
        }
    }
    out.write_all(b"\n")
}
