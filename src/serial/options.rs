//! The options of a serial port, as Asio's `serial_port_base` option types: each can be set
//! with `SerialPort::set_option` and read back with `SerialPort::get_option`.

use std::io;

use crate::sys::Termios;

/// An option of a serial port (Asio's `SettableSerialPortOption` and
/// `GettableSerialPortOption`): [`BaudRate`], [`FlowControl`], [`Parity`], [`StopBits`],
/// [`CharacterSize`]. Sealed.
pub trait SerialPortOption: Sized + PartialEq + std::fmt::Debug + private::Apply {}

/// The speed in bits per second, for input and output (Asio's `baud_rate`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BaudRate(pub u32);

/// The flow control (Asio's `flow_control`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlowControl {
    /// None.
    None,
    /// XON/XOFF characters.
    Software,
    /// The RTS and CTS lines.
    Hardware,
}

/// The parity bit (Asio's `parity`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Parity {
    /// No parity bit.
    None,
    /// Odd parity; input is checked.
    Odd,
    /// Even parity; input is checked.
    Even,
}

/// The number of stop bits (Asio's `stop_bits`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StopBits {
    /// One stop bit.
    One,
    /// One and a half: not supported by POSIX terminals (setting it fails, as in Asio).
    OnePointFive,
    /// Two stop bits.
    Two,
}

/// The number of data bits in a character, 5 to 8 (Asio's `character_size`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CharacterSize(pub u8);

impl SerialPortOption for BaudRate {}
impl SerialPortOption for FlowControl {}
impl SerialPortOption for Parity {}
impl SerialPortOption for StopBits {}
impl SerialPortOption for CharacterSize {}

impl private::Apply for BaudRate {
    fn store(&self, t: &mut Termios) -> io::Result<()> {
        t.set_baud_rate(self.0)
    }
    fn load(t: &Termios) -> BaudRate {
        BaudRate(t.baud_rate())
    }
}

impl private::Apply for FlowControl {
    fn store(&self, t: &mut Termios) -> io::Result<()> {
        match self {
            FlowControl::None => t.set_flow_control(false, false),
            FlowControl::Software => t.set_flow_control(true, false),
            FlowControl::Hardware => t.set_flow_control(false, true),
        }
        Ok(())
    }
    fn load(t: &Termios) -> FlowControl {
        match t.flow_control() {
            (true, _) => FlowControl::Software,
            (false, true) => FlowControl::Hardware,
            (false, false) => FlowControl::None,
        }
    }
}

impl private::Apply for Parity {
    fn store(&self, t: &mut Termios) -> io::Result<()> {
        t.set_parity(match self {
            Parity::None => None,
            Parity::Odd => Some(true),
            Parity::Even => Some(false),
        });
        Ok(())
    }
    fn load(t: &Termios) -> Parity {
        match t.parity() {
            None => Parity::None,
            Some(true) => Parity::Odd,
            Some(false) => Parity::Even,
        }
    }
}

impl private::Apply for StopBits {
    fn store(&self, t: &mut Termios) -> io::Result<()> {
        match self {
            StopBits::One => t.set_two_stop_bits(false),
            StopBits::Two => t.set_two_stop_bits(true),
            StopBits::OnePointFive => {
                return Err(io::Error::new(
                    io::ErrorKind::Unsupported,
                    "1.5 stop bits are not supported by POSIX terminals",
                ))
            }
        }
        Ok(())
    }
    fn load(t: &Termios) -> StopBits {
        if t.two_stop_bits() {
            StopBits::Two
        } else {
            StopBits::One
        }
    }
}

impl private::Apply for CharacterSize {
    fn store(&self, t: &mut Termios) -> io::Result<()> {
        t.set_character_size(self.0)
    }
    fn load(t: &Termios) -> CharacterSize {
        CharacterSize(t.character_size())
    }
}

pub(super) mod private {
    use std::io;

    use crate::sys::Termios;

    /// How an option is written into and read from the terminal attributes. Seals
    /// [`SerialPortOption`](super::SerialPortOption).
    pub trait Apply {
        /// Writes the option into `t`.
        fn store(&self, t: &mut Termios) -> io::Result<()>;
        /// Reads the option from `t`.
        fn load(t: &Termios) -> Self;
    }
}
