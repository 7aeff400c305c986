//! Finds, in one file's tokens, the paths that may import from another file, the `mod`
//! declarations, and what is test-only.
//!
//! - Every `use` declaration, expanded into one path per leaf: `use a::{b, c::{self, D as E},
//!   *}` gives `a::b`, `a::c::self`, `a::c::D`, `a::*`, each with the name it binds.
//! - Every other path of two or more segments, such as `crate::x::f()`, `$crate::x::T`,
//!   `super::super::y`, `self::z::W` or `child::g()`; whether its first segment names a module
//!   is for the resolver to decide. A segment after `::` or `.` never starts a path.
//! - Items under `#[cfg(test)]` (or `#[cfg(all(test, ..))]`) are skipped; a `#[cfg(test)] mod
//!   x;` is recorded as a test-only file, and `#![cfg(test)]` makes the whole file test-only.
//! - Inline `mod name { ... }` blocks are tracked, so that `self` and `super` inside them mean
//!   what they mean to the compiler. `pub(in path)` is not read (it names an ancestor), and
//!   `#[path]` attributes are recorded, to be reported: the module tree would not follow them.

use super::cfg::is_cfg_test;
use super::lex::{lex, Tok};

/// A path that may import from another file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawPath {
    /// The segments as written (`crate`, `$crate`, `self`, `super`, names, `*`).
    pub segs: Vec<String>,
    /// The line of its last segment.
    pub line: usize,
    /// The inline modules it is written in, outermost first.
    pub scope: Vec<String>,
    /// For a `use` leaf, the name it binds (the last segment or its rename); `None` for globs,
    /// `as _`, and paths outside `use`.
    pub binds: Option<String>,
    /// Whether it comes from a `use` declaration.
    pub in_use: bool,
}

/// A `mod name;` or `mod name { ... }` declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModDecl {
    pub scope: Vec<String>,
    pub name: String,
    pub inline: bool,
    /// Declared under `#[cfg(test)]`.
    pub test_only: bool,
}

/// What one file holds, for the layering check.
#[derive(Debug, Default)]
pub struct Scan {
    pub paths: Vec<RawPath>,
    pub mods: Vec<ModDecl>,
    /// The file starts with `#![cfg(test)]`.
    pub test_only: bool,
    /// The lines of `#[path = ..]` attributes, which this test does not follow.
    pub path_attrs: Vec<usize>,
}

/// Scans one file's source text.
pub fn scan(src: &str) -> Scan {
    let mut s = Scanner {
        toks: lex(src),
        i: 0,
        depth: 0,
        inline: Vec::new(),
        out: Scan::default(),
    };
    s.run();
    s.out
}

fn is_word(t: &str) -> bool {
    t.starts_with(|c: char| c == '_' || c == '$' || c.is_alphabetic())
}

struct Scanner {
    toks: Vec<Tok>,
    i: usize,
    /// How many `{` are open.
    depth: usize,
    /// The open inline modules: name, and the depth inside their braces.
    inline: Vec<(String, usize)>,
    out: Scan,
}

impl Scanner {
    fn t(&self, k: usize) -> &str {
        self.toks.get(self.i + k).map_or("", |t| t.text.as_str())
    }

    fn line(&self) -> usize {
        self.toks.get(self.i).map_or(0, |t| t.line)
    }

    fn scope(&self) -> Vec<String> {
        self.inline.iter().map(|(n, _)| n.clone()).collect()
    }

    fn run(&mut self) {
        while self.i < self.toks.len() {
            match self.t(0) {
                "{" => {
                    self.depth += 1;
                    self.i += 1;
                }
                "}" => {
                    if self.inline.last().is_some_and(|&(_, d)| d == self.depth) {
                        self.inline.pop();
                    }
                    self.depth = self.depth.saturating_sub(1);
                    self.i += 1;
                }
                "#" => {
                    if self.attribute() {
                        return;
                    }
                }
                "mod" if is_word(self.t(1)) && matches!(self.t(2), "{" | ";") => {
                    self.mod_decl(false);
                }
                "use" if self.t(1) == "<" => self.i += 1, // `impl Trait + use<'a>`
                "pub" if self.t(1) == "(" && self.t(2) == "in" => {
                    self.i += 1;
                    self.group(); // `pub(in crate::a)` names an ancestor, not an import
                }
                "use" => {
                    self.i += 1;
                    let mut leaves = Vec::new();
                    self.use_tree(&[], &mut leaves);
                    self.out.paths.extend(leaves);
                    self.skip_past(";");
                }
                w if is_word(w) && self.t(1) == "::" && !self.after_path_joint() => {
                    self.code_path();
                }
                _ => self.i += 1,
            }
        }
    }

    /// Whether the word at `i` follows `::` or `.`, so it cannot start a path.
    fn after_path_joint(&self) -> bool {
        self.i > 0 && matches!(self.toks[self.i - 1].text.as_str(), "::" | ".")
    }

    /// At `mod`: records `mod name;` / `mod name {`, and opens the inline module.
    fn mod_decl(&mut self, test_only: bool) {
        let name = self.t(1).to_owned();
        let inline = self.t(2) == "{";
        self.out.mods.push(ModDecl {
            scope: self.scope(),
            name: name.clone(),
            inline,
            test_only,
        });
        self.i += 3;
        if inline {
            self.depth += 1;
            self.inline.push((name, self.depth));
        }
    }

    /// At `#`: reads one attribute. A test-only outer attribute skips the item it is on;
    /// `#![cfg(test)]` at the top of the file ends the scan (returns true).
    fn attribute(&mut self) -> bool {
        let inner = self.t(1) == "!";
        let open = if inner { 2 } else { 1 };
        if self.t(open) != "[" {
            self.i += 1;
            return false;
        }
        let line = self.line();
        self.i += open;
        let body = self.group();
        if body.first().is_some_and(|t| t == "path") {
            self.out.path_attrs.push(line);
        }
        if !is_cfg_test(&body) {
            return false;
        }
        if inner {
            if self.depth == 0 {
                self.out.test_only = true;
                return true;
            }
            self.skip_rest_of_block();
        } else {
            self.skip_item();
        }
        false
    }

    /// From an opening bracket, returns the tokens up to its match, and moves past it.
    fn group(&mut self) -> Vec<String> {
        let mut body = Vec::new();
        let mut level = 0i32;
        while self.i < self.toks.len() {
            let t = self.t(0).to_owned();
            self.i += 1;
            match t.as_str() {
                "(" | "[" | "{" => level += 1,
                ")" | "]" | "}" => level -= 1,
                _ => {}
            }
            if level == 0 {
                break;
            }
            body.push(t);
        }
        body.remove(0);
        body
    }

    /// Skips the item (or statement, field, arm) after a test-only attribute: its other
    /// attributes, then up to a `;` or `,` at its own level, the end of its first `{}` block,
    /// or the end of the enclosing group. A `mod name;` is still recorded, as test-only.
    fn skip_item(&mut self) {
        while self.t(0) == "#" && self.t(1) == "[" {
            self.i += 1;
            self.group();
        }
        let mut k = 0;
        if self.t(0) == "pub" {
            k = 1;
            if self.t(1) == "(" {
                while !matches!(self.t(k), ")" | "") {
                    k += 1; // pub(crate), pub(in path)
                }
                k += 1;
            }
        }
        if self.t(k) == "mod" && is_word(self.t(k + 1)) && self.t(k + 2) == ";" {
            self.i += k;
            self.mod_decl(true);
            return;
        }
        let mut level = 0i32;
        while self.i < self.toks.len() {
            match self.t(0) {
                "(" | "[" | "{" => level += 1,
                ")" | "]" | "}" if level == 0 => return,
                ")" | "]" => level -= 1,
                "}" => {
                    level -= 1;
                    if level == 0 {
                        self.i += 1;
                        return;
                    }
                }
                ";" | "," if level == 0 => {
                    self.i += 1;
                    return;
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    /// Skips to the `}` that closes the current block (left for `run` to close).
    fn skip_rest_of_block(&mut self) {
        let mut level = 0i32;
        while self.i < self.toks.len() {
            match self.t(0) {
                "{" => level += 1,
                "}" if level == 0 => return,
                "}" => level -= 1,
                _ => {}
            }
            self.i += 1;
        }
    }

    /// Moves past the next `stop` at this level (the end of a `use` declaration).
    fn skip_past(&mut self, stop: &str) {
        let mut level = 0i32;
        while self.i < self.toks.len() {
            let t = self.t(0).to_owned();
            self.i += 1;
            match t.as_str() {
                "{" | "(" | "[" => level += 1,
                "}" | ")" | "]" => level -= 1,
                _ if t == stop && level <= 0 => return,
                _ => {}
            }
        }
    }

    /// Reads one use tree after `prefix`, adding one path per leaf to `out`.
    fn use_tree(&mut self, prefix: &[String], out: &mut Vec<RawPath>) {
        let mut segs = prefix.to_vec();
        if self.t(0) == "::" {
            segs.push("::".into()); // `::std::..`: an external crate
            self.i += 1;
        }
        let mut line = self.line();
        loop {
            match self.t(0) {
                "{" => {
                    self.i += 1;
                    while !matches!(self.t(0), "}" | "") {
                        let before = self.i;
                        self.use_tree(&segs, out);
                        if self.t(0) == "," {
                            self.i += 1;
                        } else if self.i == before {
                            return; // not a use tree: give up on it
                        }
                    }
                    self.i += 1;
                    return;
                }
                "*" => {
                    self.i += 1;
                    segs.push("*".into());
                    return out.push(self.leaf(segs, line, None));
                }
                w if is_word(w) => {
                    segs.push(w.to_owned());
                    line = self.line();
                    self.i += 1;
                    if self.t(0) != "::" {
                        break;
                    }
                    self.i += 1;
                }
                _ => return,
            }
        }
        let last = segs.len() - 1;
        let mut binds = Some(
            segs[if segs[last] == "self" {
                last.max(1) - 1
            } else {
                last
            }]
            .clone(),
        );
        if self.t(0) == "as" {
            binds = Some(self.t(1).to_owned()).filter(|b| b != "_");
            self.i += 2;
        }
        out.push(self.leaf(segs, line, binds));
    }

    fn leaf(&self, segs: Vec<String>, line: usize, binds: Option<String>) -> RawPath {
        RawPath {
            segs,
            line,
            scope: self.scope(),
            binds,
            in_use: true,
        }
    }

    /// At the first word of a path outside `use`: records `a::b::c` (up to a `::<`, `::{`
    /// or `::*`) and moves past it.
    fn code_path(&mut self) {
        let line = self.line();
        let mut segs = vec![self.t(0).to_owned()];
        self.i += 1;
        while self.t(0) == "::" && is_word(self.t(1)) {
            segs.push(self.t(1).to_owned());
            self.i += 2;
        }
        self.out.paths.push(RawPath {
            segs,
            line,
            scope: self.scope(),
            binds: None,
            in_use: false,
        });
    }
}
