//! Evaluates `cfg` attributes just enough to tell test-only code.

/// Whether an attribute body (`cfg(test)`, `cfg(all(test, unix))`) is only compiled for tests.
pub fn is_cfg_test(body: &[String]) -> bool {
    body.first().is_some_and(|t| t == "cfg") && body.get(1).is_some_and(|t| t == "(") && {
        let mut i = 2;
        needs_test(body, &mut i)
    }
}

/// Evaluates one cfg predicate at `i` (moving past it): does it hold only when `test` does?
fn needs_test(body: &[String], i: &mut usize) -> bool {
    let word = body.get(*i).cloned().unwrap_or_default();
    *i += 1;
    if body.get(*i).map(String::as_str) != Some("(") {
        while body
            .get(*i)
            .is_some_and(|t| !matches!(t.as_str(), "," | ")"))
        {
            *i += 1; // `feature = "x"`
        }
        return word == "test";
    }
    *i += 1;
    let mut args = Vec::new();
    while body.get(*i).is_some_and(|t| t != ")") {
        args.push(needs_test(body, i));
        if body.get(*i).is_some_and(|t| t == ",") {
            *i += 1;
        }
    }
    *i += 1;
    match word.as_str() {
        "all" => args.iter().any(|&a| a),
        "any" => !args.is_empty() && args.iter().all(|&a| a),
        _ => false, // not(..) and anything unknown
    }
}
