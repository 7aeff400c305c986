//! `SerialPort`: a serial port (Asio's `serial_port`), a descriptor of the serial kind with
//! terminal settings.

use std::io;
use std::path::Path;

use super::options::SerialPortOption;
use crate::executor::Executor;
use crate::io::{IoObject, Owner, Ownership};
use crate::posix::kind::Serial;
use crate::posix::DescriptorCore;
use crate::sys::{self, Termios};

/// A serial port (Asio's `serial_port`), opened in raw mode.
///
/// It is an [`IoObject`] over a [`DescriptorCore`]: the whole stream surface (`read_some`,
/// `async_read_some`, `write_some`, `async_write_some`, vectored writes, every composed
/// operation, `std::io`, `futures::io`) in every token style, `async_wait`, `cancel`,
/// `close`, `release`, `native_handle`; and, here, `open`, [`set_option`] and [`get_option`]
/// with Asio's option types ([`BaudRate`](super::BaudRate), [`Parity`](super::Parity),
/// [`StopBits`](super::StopBits), [`CharacterSize`](super::CharacterSize),
/// [`FlowControl`](super::FlowControl)), and [`send_break`].
///
/// [`set_option`]: IoObject::set_option
/// [`get_option`]: IoObject::get_option
/// [`send_break`]: IoObject::send_break
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (every method takes `&self`).
///
/// # Examples
///
/// A round trip over a pseudo-terminal, whose other side stands for the device:
///
/// ```
/// use jeton::serial::{BaudRate, SerialPort};
/// use jeton::IoContext;
/// use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
/// use std::io::{Read, Write};
///
/// let io = IoContext::new()?;
/// let mut device = std::fs::File::from(openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY)?);
/// grantpt(&device)?;
/// unlockpt(&device)?;
/// let path = ptsname(&device, Vec::new())?;
///
/// let port = SerialPort::open(&io.executor(), path.to_str().unwrap())?;
/// port.set_option(BaudRate(115_200))?;
/// assert_eq!(port.get_option::<BaudRate>()?, BaudRate(115_200));
/// port.write_some(b"AT\r")?;
/// let mut buf = [0u8; 3];
/// device.read_exact(&mut buf)?;
/// assert_eq!(&buf, b"AT\r");
/// device.write_all(b"OK")?;
/// let mut reply = [0u8; 2];
/// jeton::io::read(&port, &mut reply[..])?;
/// assert_eq!(&reply, b"OK");
/// # Ok::<(), std::io::Error>(())
/// ```
pub type SerialPort<O = Owner> = IoObject<DescriptorCore<Serial>, O>;

impl SerialPort {
    /// Opens the serial port at `path` (`/dev/ttyUSB0`, a pseudo-terminal, ...), registered
    /// with the context of `ex` (Asio's `open`). The port is put in raw mode, as Asio does: no
    /// line editing, echo, signals or character translation, 8 data bits, receiver on, modem
    /// control lines ignored; speed, parity, stop bits and flow control are as the device
    /// had them.
    ///
    /// # Errors
    ///
    /// The system's error: `NotFound`, `PermissionDenied`, or `ENOTTY` for a path that is
    /// not a terminal.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::serial::SerialPort;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// assert!(SerialPort::open(&io.executor(), "/dev/no-such-port").is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn open(ex: &Executor, path: impl AsRef<Path>) -> io::Result<SerialPort> {
        let fd = sys::open_device(path.as_ref())?;
        let mut t = Termios::get(&fd)?;
        t.make_raw();
        t.set(&fd)?;
        SerialPort::new(ex, fd)
    }
}

impl<O: Ownership> SerialPort<O> {
    /// Sets an option of the port (Asio's `set_option`), at once.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a value the system has no setting for (a baud rate it does not
    /// know, a character size other than 5 to 8); `Unsupported` for 1.5 stop bits, and for
    /// a setting the device's driver does not keep (it is read back: a pseudo-terminal, for
    /// one, always has 8 data bits and no parity);
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the port is closed.
    ///
    /// # Examples
    ///
    /// See [`SerialPort`].
    pub fn set_option<T: SerialPortOption>(&self, option: T) -> io::Result<()> {
        self.core().source().with(|fd| {
            let mut t = Termios::get(fd)?;
            option.store(&mut t)?;
            t.set(fd)?;
            // tcsetattr succeeds if any change was made: read back, so a setting the driver
            // does not keep is an error, not a silent no-op.
            let kept = T::load(&Termios::get(fd)?);
            if kept != option {
                return Err(io::Error::new(
                    io::ErrorKind::Unsupported,
                    format!("the device did not accept {option:?} (it keeps {kept:?})"),
                ));
            }
            Ok(())
        })
    }

    /// Reads an option of the port (Asio's `get_option`).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the port is closed, or the
    /// system's error.
    ///
    /// # Examples
    ///
    /// See [`SerialPort`].
    pub fn get_option<T: SerialPortOption>(&self) -> io::Result<T> {
        self.core()
            .source()
            .with(|fd| Termios::get(fd).map(|t| T::load(&t)))
    }

    /// Sends a break: the line held at zero for a quarter to half a second (Asio's
    /// `send_break`).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the port is closed, or the
    /// system's error.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use jeton::serial::SerialPort;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let port = SerialPort::open(&io.executor(), "/dev/ttyUSB0")?;
    /// port.send_break()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn send_break(&self) -> io::Result<()> {
        self.core().source().with(|fd| sys::send_break(fd))
    }
}
