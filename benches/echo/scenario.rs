//! A load scenario: `conns` connections each ping-ponging `msg`-byte messages.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub conns: usize,
    pub msg: usize,
}

/// The default scenarios, in report order.
pub const DEFAULTS: [Scenario; 3] = [
    Scenario { conns: 1, msg: 64 },
    Scenario { conns: 50, msg: 64 },
    Scenario {
        conns: 50,
        msg: 4096,
    },
];

impl Scenario {
    /// Parses `CxM`, e.g. `50x4096`.
    pub fn parse(s: &str) -> Result<Scenario, String> {
        let bad = || format!("bad scenario {s:?}, expected CONNSxBYTES like 50x64");
        let (c, m) = s.split_once('x').ok_or_else(bad)?;
        let conns: usize = c.parse().map_err(|_| bad())?;
        let msg: usize = m.parse().map_err(|_| bad())?;
        if conns == 0 || msg == 0 {
            return Err(bad());
        }
        Ok(Scenario { conns, msg })
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}B", self.conns, self.msg)
    }
}
