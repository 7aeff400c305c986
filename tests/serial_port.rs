//! `SerialPort` over a pseudo-terminal pair (no hardware): the port is the pty's terminal
//! side, a `StreamDescriptor` over its controlling side stands for the device. Round trips in
//! every token style both ways, every option set then read back, `send_break`, and errors.

#[path = "support/streams.rs"]
mod streams;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::io;
use std::os::fd::OwnedFd;

use jeton::io::WaitType;
use jeton::posix::StreamDescriptor;
use jeton::serial::{BaudRate, CharacterSize, FlowControl, Parity, SerialPort, StopBits};
use jeton::{error, IoContext};
use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
use watchdog::watchdog;

/// Opens a pseudo-terminal: (the port on its terminal side, its controlling side).
fn pty(io: &IoContext) -> (SerialPort, OwnedFd) {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let path = ptsname(&master, Vec::new()).unwrap();
    let port = SerialPort::open(&io.executor(), path.to_str().unwrap()).unwrap();
    (port, master)
}

#[test]
fn serial_port_round_trip_in_every_token_style_both_ways() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let (port, master) = pty(&io);
    let device = StreamDescriptor::new(&io.executor(), master).unwrap();
    streams::round_trip_every_token(&io, &device, &port); // port -> device
    streams::round_trip_every_token(&io, &port, &device); // device -> port
                                                          // Raw mode: bytes a terminal would translate arrive untouched.
    let raw = b"\r\n\x03\x04\x7f";
    jeton::io::write(&port, &raw[..]).unwrap();
    let mut buf = [0u8; 5];
    jeton::io::read(&device, &mut buf[..]).unwrap();
    assert_eq!(&buf, raw, "no translation, no signals");
    device.write_some(b"!").unwrap();
    port.wait(WaitType::Read).unwrap();
}

#[test]
fn every_option_is_set_then_read_back() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (port, _master) = pty(&io);

    // Linux takes any speed (BOTHER), not only the B* constants.
    for rate in [9600, 12_345, 19_200, 115_200, 230_400] {
        port.set_option(BaudRate(rate)).unwrap();
        assert_eq!(port.get_option::<BaudRate>().unwrap(), BaudRate(rate));
    }
    for stop in [StopBits::Two, StopBits::One] {
        port.set_option(stop).unwrap();
        assert_eq!(port.get_option::<StopBits>().unwrap(), stop);
    }
    for flow in [
        FlowControl::Software,
        FlowControl::Hardware,
        FlowControl::None,
    ] {
        port.set_option(flow).unwrap();
        assert_eq!(port.get_option::<FlowControl>().unwrap(), flow);
    }
    // Raw mode is 8 bits, no parity; setting what the port has is accepted.
    assert_eq!(
        port.get_option::<CharacterSize>().unwrap(),
        CharacterSize(8)
    );
    assert_eq!(port.get_option::<Parity>().unwrap(), Parity::None);
    port.set_option(CharacterSize(8)).unwrap();
    port.set_option(Parity::None).unwrap();
    // A pseudo-terminal always keeps 8 bits and no parity (Linux's pty driver forces them):
    // the setting is read back, and what the driver did not keep is an error, not silence.
    for size in [5, 6, 7] {
        let e = port.set_option(CharacterSize(size)).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::Unsupported, "{e}");
        assert_eq!(
            port.get_option::<CharacterSize>().unwrap(),
            CharacterSize(8)
        );
    }
    for parity in [Parity::Odd, Parity::Even] {
        let e = port.set_option(parity).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::Unsupported, "{e}");
        assert!(e.to_string().contains("did not accept"), "{e}");
    }
    // Values no terminal has.
    assert_eq!(
        port.set_option(CharacterSize(9)).unwrap_err().kind(),
        io::ErrorKind::InvalidInput
    );
    assert_eq!(
        port.set_option(StopBits::OnePointFive).unwrap_err().kind(),
        io::ErrorKind::Unsupported
    );
    // The options are still what was set last.
    assert_eq!(port.get_option::<BaudRate>().unwrap(), BaudRate(230_400));
    assert_eq!(port.get_option::<FlowControl>().unwrap(), FlowControl::None);
}

#[test]
fn send_break_and_errors_of_a_closed_or_missing_port() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (port, _master) = pty(&io);
    port.send_break().unwrap();
    port.close();
    assert!(error::is_bad_descriptor(&port.send_break().unwrap_err()));
    assert!(error::is_bad_descriptor(
        &port.get_option::<BaudRate>().unwrap_err()
    ));
    assert!(error::is_bad_descriptor(
        &port.set_option(BaudRate(9600)).unwrap_err()
    ));
    let e = SerialPort::open(&io.executor(), "/nonexistent/tty").unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::NotFound);
    // A file that is not a terminal.
    let e = SerialPort::open(&io.executor(), "/dev/null").unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ENOTTY), "{e}");
}

#[test]
fn cancel_aborts_a_pending_serial_read() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (port, _master) = pty(&io);
    let (tx, rx) = std::sync::mpsc::channel();
    port.async_read_some(vec![0u8; 8], move |(r, _): (io::Result<usize>, Vec<u8>)| {
        tx.send(r).unwrap()
    });
    port.cancel();
    io.run();
    assert!(error::is_aborted(&rx.recv().unwrap().unwrap_err()));
}
