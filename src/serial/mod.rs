//! Serial ports (Asio's `serial_port`): [`SerialPort`] and its option types.
//!
//! | Asio | jeton |
//! |---|---|
//! | `serial_port(ctx, "/dev/ttyS0")`, `open` | [`SerialPort::open(&ex, path)`](SerialPort::open) |
//! | `set_option(serial_port::baud_rate(9600))` | [`set_option(BaudRate(9600))`](crate::io::IoObject::set_option) |
//! | `get_option(opt)` | [`get_option::<BaudRate>()`](crate::io::IoObject::get_option) |
//! | `baud_rate`, `flow_control`, `parity`, `stop_bits`, `character_size` | [`BaudRate`], [`FlowControl`], [`Parity`], [`StopBits`], [`CharacterSize`] |
//! | `send_break`, `read_some`, `async_write_some`, ... | the same names |

mod options;
mod port;

pub use options::{BaudRate, CharacterSize, FlowControl, Parity, SerialPortOption, StopBits};
pub use port::SerialPort;
