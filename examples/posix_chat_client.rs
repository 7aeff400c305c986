//! POSIX chat client - Asio's `posix/chat_client.cpp`: the chat client whose input and output
//! are stream descriptors, so stdin, stdout and the connection are all driven by one
//! `io_context.run()` on one thread.
//!
//! ```cpp
//! posix_chat_client(asio::io_context& io_context,
//!     const tcp::resolver::results_type& endpoints)
//!   : socket_(io_context),
//!     input_(io_context, ::dup(STDIN_FILENO)),
//!     output_(io_context, ::dup(STDOUT_FILENO)),
//!     input_buffer_(chat_message::max_body_length)
//! {
//!   asio::async_connect(socket_, endpoints,
//!       boost::bind(&posix_chat_client::handle_connect, this,
//!         asio::placeholders::error));
//! }
//!
//! void handle_read_input(const asio::error_code& error, std::size_t length)
//! {
//!   if (!error)
//!   {
//!     // Write the message (minus the newline) to the server.
//!     write_msg_.body_length(length - 1);
//!     input_buffer_.sgetn(write_msg_.body(), length - 1);
//!     input_buffer_.consume(1); // Remove newline from input.
//!     write_msg_.encode_header();
//!     asio::async_write(socket_,
//!         asio::buffer(write_msg_.data(), write_msg_.length()),
//!         boost::bind(&posix_chat_client::handle_write, this,
//!           asio::placeholders::error));
//!   }
//!   else if (error == asio::error::not_found)
//!   {
//!     // Didn't get a newline. Send whatever we have.
//!     ...
//!   }
//!   else
//!   {
//!     close();
//!   }
//! }
//! ```
//!
//! Usage: `posix_chat_client HOST PORT`. Each line read from stdin is sent as one message
//! (without its newline); a line longer than 512 bytes is sent in pieces of 512, as the C++
//! sends "whatever we have" when the buffer is full without a newline. Each message received
//! is written to stdout on its own line. The end of stdin (or an error anywhere) closes the
//! socket and both descriptors, which ends `run()`; the client then exits with status 0.
//!
//! The mapping:
//!
//! - `::dup(STDIN_FILENO)` is `try_clone_to_owned()` on the standard stream; the
//!   [`StreamDescriptor`] owns the duplicate and closes it. While the client runs the
//!   descriptors are non-blocking; they are put back in blocking mode when closed, so the
//!   shell that started the client gets its terminal back as it was.
//! - `input_buffer_` (an `asio::streambuf` of at most 512 bytes) is a
//!   [`DynamicBuffer::with_max_size`] that goes into each `async_read_until` and comes back
//!   with its result; a full buffer without a newline completes with a not-found error
//!   ([`error::is_not_found`]), Asio's `not_found`.
//! - The received message is written to stdout with one gather write of two buffers, the
//!   body and `"\n"` (the C++ `std::array<asio::const_buffer, 2>`).
//! - The `boost::bind(&posix_chat_client::..., this)` handlers are closures that hold an
//!   [`Arc`] to the client. One thread runs the context; each chain (socket reads, stdin reads
//!   and their writes) has one operation in flight at a time, as in the C++.
//! - The chat protocol is the other chat examples' (`chat/message.rs`).

#[path = "chat/message.rs"]
mod message;

use std::io;
use std::net::SocketAddr;
use std::os::fd::AsFd;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use jeton::io::DynamicBuffer;
use jeton::net::{self, Resolver, TcpSocket};
use jeton::posix::StreamDescriptor;
use jeton::{error, Executor, IoContext};

use message::{decode_header, ChatMessage, HEADER_LENGTH, MAX_BODY_LENGTH};

/// The client: the connection and the two standard streams, driven by one context.
struct PosixChatClient {
    socket: TcpSocket,
    input: StreamDescriptor,
    output: StreamDescriptor,
    /// Whether connecting failed (the exit status says so).
    failed: AtomicBool,
}

impl PosixChatClient {
    /// Creates the client over duplicates of stdin and stdout and starts connecting.
    fn start(ex: &Executor, endpoints: Vec<SocketAddr>) -> io::Result<Arc<PosixChatClient>> {
        let client = Arc::new(PosixChatClient {
            socket: TcpSocket::new(ex),
            input: StreamDescriptor::new(ex, io::stdin().as_fd().try_clone_to_owned()?)?,
            output: StreamDescriptor::new(ex, io::stdout().as_fd().try_clone_to_owned()?)?,
            failed: AtomicBool::new(false),
        });
        let c = client.clone();
        net::async_connect(
            client.socket.handle(),
            endpoints,
            move |r: io::Result<SocketAddr>| c.handle_connect(r),
        );
        Ok(client)
    }

    fn handle_connect(self: Arc<Self>, result: io::Result<SocketAddr>) {
        match result {
            Ok(_) => {
                // Read the fixed-length header of the next message from the server.
                self.clone().read_header();
                // Read a line of input entered by the user.
                self.read_input(DynamicBuffer::with_max_size(Vec::new(), MAX_BODY_LENGTH));
            }
            Err(e) => {
                eprintln!("connect: {e}");
                self.failed.store(true, Ordering::Relaxed);
                self.close();
            }
        }
    }

    fn read_header(self: Arc<Self>) {
        jeton::io::async_read_exact(
            self.socket.handle(),
            vec![0u8; HEADER_LENGTH],
            move |(r, header): (io::Result<usize>, Vec<u8>)| match r
                .ok()
                .and_then(|_| decode_header(&header))
            {
                Some(len) => self.read_body(len),
                None => self.close(),
            },
        );
    }

    fn read_body(self: Arc<Self>, len: usize) {
        jeton::io::async_read_exact(
            self.socket.handle(),
            vec![0u8; len],
            move |(r, body): (io::Result<usize>, Vec<u8>)| match r {
                Ok(_) => self.write_output(body),
                Err(_) => self.close(),
            },
        );
    }

    /// Writes out the message just received, terminated by a newline.
    fn write_output(self: Arc<Self>, body: Vec<u8>) {
        jeton::io::async_write_vectored(
            self.output.handle(),
            vec![body, b"\n".to_vec()],
            move |(r, _): (io::Result<usize>, Vec<Vec<u8>>)| match r {
                Ok(_) => self.read_header(),
                Err(_) => self.close(),
            },
        );
    }

    fn read_input(self: Arc<Self>, input_buffer: DynamicBuffer) {
        jeton::io::async_read_until(
            self.input.handle(),
            input_buffer,
            b'\n',
            move |(r, mut input_buffer): (io::Result<usize>, DynamicBuffer)| {
                let msg = match r {
                    // Write the message (minus the newline) to the server.
                    Ok(length) => {
                        let msg = ChatMessage::new(&input_buffer.data()[..length - 1]);
                        input_buffer.consume(length);
                        msg
                    }
                    // Didn't get a newline. Send whatever we have.
                    Err(e) if error::is_not_found(&e) => {
                        let msg = ChatMessage::new(input_buffer.data());
                        input_buffer.consume(input_buffer.len());
                        msg
                    }
                    Err(_) => return self.close(),
                };
                self.write(msg, input_buffer);
            },
        );
    }

    fn write(self: Arc<Self>, msg: ChatMessage, input_buffer: DynamicBuffer) {
        jeton::io::async_write(
            self.socket.handle(),
            msg,
            move |(r, _): (io::Result<usize>, ChatMessage)| match r {
                // Read a line of input entered by the user.
                Ok(_) => self.read_input(input_buffer),
                Err(_) => self.close(),
            },
        );
    }

    /// Cancels all outstanding asynchronous operations.
    fn close(&self) {
        self.socket.close();
        self.input.close();
        self.output.close();
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [host, port] = &args[..] else {
        eprintln!("Usage: posix_chat_client <host> <port>");
        return ExitCode::FAILURE;
    };
    let run = || -> io::Result<bool> {
        let io_context = IoContext::new()?;
        let resolver = Resolver::new(&io_context.executor());
        let endpoints = resolver.resolve(host, port)?.endpoints().collect();
        let client = PosixChatClient::start(&io_context.executor(), endpoints)?;
        io_context.run();
        Ok(!client.failed.load(Ordering::Relaxed))
    };
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("Exception: {e}");
            ExitCode::FAILURE
        }
    }
}
