//! Terminal attributes of a serial port (`termios(3)`), through `rustix::termios`: the raw
//! mode a port is opened in, and the five settings Asio's serial port options read and write.

use std::io;
use std::os::fd::AsFd;

use rustix::termios::{self, ControlModes, InputModes, OptionalActions};

/// The terminal attributes of one port, read with [`Termios::get`] and applied with
/// [`Termios::set`]. Declared `pub` (in this private module) because the sealed serial-port
/// option trait names it in its methods.
#[derive(Clone, Debug)]
pub struct Termios(termios::Termios);

impl Termios {
    /// Reads the attributes of `fd` (`tcgetattr`).
    pub(crate) fn get(fd: impl AsFd) -> io::Result<Termios> {
        Ok(Termios(termios::tcgetattr(fd)?))
    }

    /// Applies the attributes to `fd` at once (`tcsetattr(TCSANOW)`).
    pub(crate) fn set(&self, fd: impl AsFd) -> io::Result<()> {
        Ok(termios::tcsetattr(fd, OptionalActions::Now, &self.0)?)
    }

    /// Sets the raw mode Asio opens a serial port in: no line editing, echo, signals or
    /// translation, 8 bits, parity errors ignored, receiver on, modem lines ignored.
    pub(crate) fn make_raw(&mut self) {
        self.0.make_raw();
        self.0.input_modes |= InputModes::IGNPAR;
        self.0.control_modes |= ControlModes::CREAD | ControlModes::CLOCAL;
    }

    /// Returns the baud rate (the output speed).
    pub(crate) fn baud_rate(&self) -> u32 {
        self.0.output_speed()
    }

    /// Sets the input and output speed.
    ///
    /// # Errors
    ///
    /// `InvalidInput` if the system has no such speed.
    pub(crate) fn set_baud_rate(&mut self, rate: u32) -> io::Result<()> {
        Ok(self.0.set_speed(rate)?)
    }

    /// Returns the character size in bits (5 to 8).
    pub(crate) fn character_size(&self) -> u8 {
        match self.0.control_modes & ControlModes::CSIZE {
            c if c == ControlModes::CS5 => 5,
            c if c == ControlModes::CS6 => 6,
            c if c == ControlModes::CS7 => 7,
            _ => 8,
        }
    }

    /// Sets the character size in bits.
    ///
    /// # Errors
    ///
    /// `InvalidInput` unless `bits` is 5 to 8.
    pub(crate) fn set_character_size(&mut self, bits: u8) -> io::Result<()> {
        let size = match bits {
            5 => ControlModes::CS5,
            6 => ControlModes::CS6,
            7 => ControlModes::CS7,
            8 => ControlModes::CS8,
            _ => return Err(invalid("a character size is 5 to 8 bits")),
        };
        self.0.control_modes = (self.0.control_modes - ControlModes::CSIZE) | size;
        Ok(())
    }

    /// Returns the parity: `None` for none, `Some(true)` for odd, `Some(false)` for even.
    pub(crate) fn parity(&self) -> Option<bool> {
        let c = self.0.control_modes;
        c.contains(ControlModes::PARENB)
            .then(|| c.contains(ControlModes::PARODD))
    }

    /// Sets the parity (as [`Termios::parity`] returns it); parity checking of input goes
    /// with it, as Asio sets it.
    pub(crate) fn set_parity(&mut self, parity: Option<bool>) {
        let t = &mut self.0;
        t.control_modes -= ControlModes::PARENB | ControlModes::PARODD;
        t.input_modes -= InputModes::INPCK | InputModes::ISTRIP;
        if let Some(odd) = parity {
            t.control_modes |= ControlModes::PARENB;
            t.input_modes |= InputModes::INPCK;
            if odd {
                t.control_modes |= ControlModes::PARODD;
            }
        }
    }

    /// Returns whether two stop bits are sent (else one).
    pub(crate) fn two_stop_bits(&self) -> bool {
        self.0.control_modes.contains(ControlModes::CSTOPB)
    }

    /// Sets two stop bits, or one.
    pub(crate) fn set_two_stop_bits(&mut self, two: bool) {
        self.0.control_modes.set(ControlModes::CSTOPB, two);
    }

    /// Returns the flow control: (software XON/XOFF, hardware RTS/CTS).
    pub(crate) fn flow_control(&self) -> (bool, bool) {
        let software = self
            .0
            .input_modes
            .contains(InputModes::IXON | InputModes::IXOFF);
        let hardware = self.0.control_modes.contains(ControlModes::CRTSCTS);
        (software, hardware)
    }

    /// Sets the flow control (as [`Termios::flow_control`] returns it).
    pub(crate) fn set_flow_control(&mut self, software: bool, hardware: bool) {
        let t = &mut self.0;
        t.input_modes
            .set(InputModes::IXON | InputModes::IXOFF, software);
        t.control_modes.set(ControlModes::CRTSCTS, hardware);
    }
}

/// Sends a break: zero bits for a quarter to half a second (`tcsendbreak(fd, 0)`).
pub(crate) fn send_break(fd: impl AsFd) -> io::Result<()> {
    Ok(termios::tcsendbreak(fd)?)
}

fn invalid(msg: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}
