//! What the daytime servers (daytime2, 3, 5, 6, 7) share: the command line and the time string.

use std::time::{SystemTime, UNIX_EPOCH};

/// The command line of a daytime server: `NAME [PORT] [--count N]`.
pub struct Args {
    pub port: u16,
    pub count: Option<usize>,
}

impl Args {
    /// Parses the command line; prints the usage and exits with status 1 if it is wrong.
    pub fn parse(name: &str) -> Args {
        let mut args = Args {
            port: 13,
            count: None,
        };
        let mut it = std::env::args().skip(1);
        let mut port_seen = false;
        while let Some(arg) = it.next() {
            let ok = match arg.as_str() {
                "--count" => match it.next().and_then(|n| n.parse().ok()) {
                    Some(n) if n > 0 => {
                        args.count = Some(n);
                        true
                    }
                    _ => false,
                },
                port if !port_seen => {
                    port_seen = true;
                    port.parse().map(|p| args.port = p).is_ok()
                }
                _ => false,
            };
            if !ok {
                eprintln!("Usage: {name} [port] [--count N]");
                std::process::exit(1);
            }
        }
        args
    }
}

/// Returns the current time as `ctime` formats it, `"Sat Nov 21 23:40:00 2026\n"`, in UTC.
pub fn make_daytime_string() -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, secs) = ((now / 86_400) as i64, now % 86_400);
    let weekday = (days + 4).rem_euclid(7) as usize; // 1970-01-01 was a Thursday.
    let (year, month, day) = civil_from_days(days);
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}\n",
        DAYS[weekday],
        MONTHS[month as usize - 1],
        day,
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        year
    )
}

/// Returns the (year, month 1-12, day 1-31) of the day `days` after 1970-01-01 in the
/// proleptic Gregorian calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365], from March 1st
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
