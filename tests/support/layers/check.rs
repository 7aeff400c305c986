//! The three rules over a crate's imports, as lines to print: no import from a higher layer,
//! none through `lib.rs`, no loop of file-level imports. Test-only files are left out.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::resolve::{Crate, Edge};

/// The top-level entry of `src/` a file belongs to: `sys/`, `error.rs`, `lib.rs`.
pub fn top_level(path: &str) -> String {
    let rel = path.strip_prefix("src/").unwrap_or(path);
    match rel.split_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => rel.to_owned(),
    }
}

/// Checks `files` (path under `src/`, source text) against `layer_of` (the layer of a
/// top-level entry, `None` if it has none) and returns one line per violation.
pub fn check(files: &[(String, String)], layer_of: &dyn Fn(&str) -> Option<usize>) -> Vec<String> {
    let krate = Crate::new(files);
    let live: Vec<&String> = krate
        .files
        .keys()
        .filter(|f| !krate.is_test_only(f))
        .collect();
    let mut lines = Vec::new();
    let tops: BTreeSet<String> = live.iter().map(|f| top_level(f)).collect();
    for top in tops.iter().filter(|t| layer_of(t).is_none()) {
        lines.push(format!(
            "src/{top}: has no layer (add it to the table at the top of tests/layers.rs)"
        ));
    }
    for &f in &live {
        for line in &krate.files[f].1.path_attrs {
            lines.push(format!(
                "{f}:{line}: #[path] is not supported by the layering test"
            ));
        }
    }
    let mut graph: BTreeMap<&str, Vec<Edge>> = BTreeMap::new();
    for &from in &live {
        let mut seen = BTreeSet::new();
        for e in krate.edges(from) {
            if krate.is_test_only(&e.to) || !seen.insert((e.line, e.shown.clone())) {
                continue;
            }
            let (la, lb) = (layer_of(&top_level(from)), layer_of(&top_level(&e.to)));
            if e.via_root {
                lines.push(format!(
                    "{from}:{}: imports {} through lib.rs",
                    e.line, e.shown
                ));
                continue; // not an edge of the loop graph: lib.rs imports everything
            }
            if let (Some(la), Some(lb)) = (la, lb) {
                if lb > la {
                    let (line, shown) = (e.line, &e.shown);
                    lines.push(format!(
                        "{from}:{line}: imports {shown} (layer {lb}) from layer {la}"
                    ));
                }
            }
            graph.entry(from.as_str()).or_default().push(e);
        }
    }
    lines.extend(loops(&graph));
    lines
}

/// The files each file imports, each with the line of its first import of it.
type Adjacency = BTreeMap<String, Vec<(String, usize)>>;

/// One line per import loop: every pair of files that import each other, then, for every
/// file in a longer loop that no printed loop has shown yet, the shortest loop through it.
/// Each step shows the line of the first import it stands for.
fn loops(graph: &BTreeMap<&str, Vec<Edge>>) -> Vec<String> {
    let mut adj = Adjacency::new();
    for (&from, edges) in graph {
        let next = adj.entry(from.to_owned()).or_default();
        for e in edges {
            if !next.iter().any(|(t, _)| *t == e.to) {
                next.push((e.to.clone(), e.line));
            }
        }
        next.sort();
    }
    let line_of = |a: &str, b: &str| adj.get(a)?.iter().find(|(t, _)| t == b).map(|p| p.1);
    let mut shown: BTreeSet<String> = BTreeSet::new();
    let mut lines = Vec::new();
    for (a, next) in &adj {
        for (b, la) in next {
            if let (true, Some(lb)) = (a < b, line_of(b, a)) {
                lines.push(format!("import loop: {a}:{la} -> {b}:{lb} -> {a}"));
                shown.extend([a.clone(), b.clone()]);
            }
        }
    }
    for start in adj.keys() {
        if shown.contains(start) {
            continue;
        }
        let Some(steps) = shortest_loop(&adj, start) else {
            continue;
        };
        let mut text: Vec<String> = Vec::new();
        for (file, line) in steps {
            text.push(format!("{file}:{line}"));
            shown.insert(file);
        }
        text.push(start.to_owned());
        lines.push(format!("import loop: {}", text.join(" -> ")));
    }
    lines
}

/// The shortest loop from `start` back to it, breadth first: the files from `start` on, each
/// with its line importing the next one.
fn shortest_loop(adj: &Adjacency, start: &str) -> Option<Vec<(String, usize)>> {
    let mut parent: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        for (v, line) in adj.get(u).into_iter().flatten() {
            if v == start {
                // Walk back from `u` to `start`.
                let mut steps = vec![(u.to_owned(), *line)];
                let mut at = u;
                while at != start {
                    let (p, l) = parent[at];
                    steps.push((p.to_owned(), l));
                    at = p;
                }
                steps.reverse();
                return Some(steps);
            }
            if !parent.contains_key(v.as_str()) {
                parent.insert(v, (u, *line));
                queue.push_back(v);
            }
        }
    }
    None
}
