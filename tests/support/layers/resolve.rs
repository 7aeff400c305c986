//! Resolves the paths a file writes to the files that define the modules they name, by
//! walking the crate's module tree as the compiler does.

use std::collections::{BTreeMap, HashMap};

use super::scan::{scan, RawPath, Scan};

/// A module path from the crate root: `[]` is `lib.rs`, `["io", "read"]` is `crate::io::read`.
pub type ModPath = Vec<String>;

/// One import: from a file, at a line, to the file defining a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: String,
    pub line: usize,
    pub to: String,
    /// The module it lands in (`crate::io::read`), or, for an import through `lib.rs`, the
    /// re-exported name (`crate::Executor`).
    pub shown: String,
    /// The path names something `lib.rs` re-exports (or defines) instead of a module.
    pub via_root: bool,
}

/// The crate's files, scanned, and its module tree.
pub struct Crate {
    /// Each file (`src/io/read.rs`) with its module path and scan.
    pub files: BTreeMap<String, (ModPath, Scan)>,
    /// Every module, inline ones included, with the file that holds it.
    pub modules: HashMap<ModPath, String>,
}

/// The module path of the file at `path` (`src/a/b.rs`, `src/a/mod.rs`, `src/lib.rs`).
pub fn module_of(path: &str) -> ModPath {
    let rel = path.strip_prefix("src/").unwrap_or(path);
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut segs: ModPath = rel.split('/').map(str::to_owned).collect();
    if matches!(segs.last().map(String::as_str), Some("mod" | "lib")) {
        segs.pop();
    }
    segs
}

/// The module `name` inside `m`.
fn child(m: &[String], name: &str) -> ModPath {
    let mut v = m.to_vec();
    v.push(name.to_owned());
    v
}

impl Crate {
    /// Scans `files` (path, source) and builds the module tree.
    pub fn new(files: &[(String, String)]) -> Crate {
        let mut c = Crate {
            files: BTreeMap::new(),
            modules: HashMap::new(),
        };
        for (path, src) in files {
            let m = module_of(path);
            let s = scan(src);
            c.modules.insert(m.clone(), path.clone());
            for d in s.mods.iter().filter(|d| d.inline) {
                let inner = child(&[&m[..], &d.scope[..]].concat(), &d.name);
                c.modules.insert(inner, path.clone());
            }
            c.files.insert(path.clone(), (m, s));
        }
        c
    }

    /// Whether the file is test code: it says `#![cfg(test)]`, or it is, or is under, a module
    /// declared `#[cfg(test)] mod x;`.
    pub fn is_test_only(&self, path: &str) -> bool {
        let (m, s) = &self.files[path];
        s.test_only
            || (1..=m.len()).any(|n| {
                let (parent, name) = (&m[..n - 1], &m[n - 1]);
                let decls = self
                    .modules
                    .get(parent)
                    .and_then(|f| self.files.get(f))
                    .map_or(&[][..], |(_, s)| &s.mods[..]);
                decls
                    .iter()
                    .any(|d| d.test_only && !d.inline && &d.name == name)
            })
    }

    /// The imports of one file, in order.
    pub fn edges(&self, path: &str) -> Vec<Edge> {
        let (m, s) = &self.files[path];
        let mut aliases: HashMap<String, ModPath> = HashMap::new();
        let mut out = Vec::new();
        for p in &s.paths {
            let Some((module, rest)) = self.resolve(m, &aliases, p) else {
                continue;
            };
            let via_root = module.is_empty() && !rest.is_empty() && rest[0] != "self";
            if let (Some(name), true) = (&p.binds, rest.iter().all(|r| r == "self")) {
                aliases.insert(name.clone(), module.clone());
            }
            let to = &self.modules[&module];
            if to == path || (module.is_empty() && !via_root) {
                continue;
            }
            let shown = match via_root {
                true => format!("crate::{}", rest[0]),
                false => format!("crate::{}", module.join("::")),
            };
            out.push(Edge {
                from: path.to_owned(),
                line: p.line,
                to: to.clone(),
                shown,
                via_root,
            });
        }
        out
    }

    /// Resolves `p`, written in the module `file_mod` (and `p.scope` inside it): returns the
    /// deepest module it names and the segments after it, or `None` if it does not start in
    /// this crate (`std::..`, a local type, a generic parameter).
    pub fn resolve(
        &self,
        file_mod: &[String],
        aliases: &HashMap<String, ModPath>,
        p: &RawPath,
    ) -> Option<(ModPath, Vec<String>)> {
        let here: ModPath = [file_mod, &p.scope[..]].concat();
        let (mut cur, mut rest) = match p.segs[0].as_str() {
            "crate" | "$crate" => (Vec::new(), &p.segs[1..]),
            "self" => (here, &p.segs[1..]),
            "super" => {
                let ups = p.segs.iter().take_while(|s| *s == "super").count();
                let keep = here.len().checked_sub(ups)?;
                (here[..keep].to_vec(), &p.segs[ups..])
            }
            first => {
                let sub = child(&here, first);
                if let Some(target) = aliases.get(first) {
                    (target.clone(), &p.segs[1..])
                } else if self.modules.contains_key(&sub) {
                    (sub, &p.segs[1..])
                } else {
                    return None;
                }
            }
        };
        while let Some(seg) = rest.first() {
            let next = child(&cur, seg);
            if !self.modules.contains_key(&next) {
                break;
            }
            cur = next;
            rest = &rest[1..];
        }
        Some((cur, rest.to_vec()))
    }
}
