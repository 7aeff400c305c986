//! The layering test: reads every `.rs` file under `src/` and fails, with one line per
//! violation, when a file imports from a higher layer, imports through `lib.rs`, or is part of
//! a loop of file-level imports. Run it alone with `cargo test --test layers`.
//!
//! An import is every `use` declaration (each leaf of its tree; `pub use` re-exports
//! included) and every path in code that starts with `crate::`, `$crate::`, `super::`,
//! `self::`, a child module's name or a name a `use` bound to a module. It goes to the file
//! that defines the deepest module the path names: `crate::io::read_some::ReadSome` is
//! `src/io/read_some.rs`, `crate::io::ReadSome` is `src/io/mod.rs`. `mod x;` lines are not
//! imports; comments, doc comments and literals are never read; code under `#[cfg(test)]`
//! and test-only files (`#[cfg(test)] mod tests;`) are exempt. Inline `mod x { .. }` blocks
//! are part of their file. A path that names something `lib.rs` re-exports (`crate::Executor`)
//! is reported as an import through `lib.rs`, and is not an edge of the loop graph.
//!
//! Loops are printed as every pair of files that import each other, then, for each other file
//! in a loop, the shortest loop through it; each step shows the line of the import.
//!
//! The house rule that keeps loops out: a `mod.rs` holds only docs, `mod` and `pub use` lines,
//! and inside a folder a file imports from the file that defines a name, not from the
//! folder's `mod.rs` (which imports every file of the folder).

#[path = "support/layers/mod.rs"]
mod layering;

use std::path::Path;

use layering::check::check;

/// The layers of `src/`, lowest first. A file may import from its own layer and the layers
/// below it, never from a higher one. Every top-level folder and file of `src/` must be in
/// the table: a new one fails the test until it is given a layer here.
const LAYERS: &[(&str, usize)] = &[
    // 0: platform code, error codes, the guarantees page
    ("sys/", 0),
    ("error.rs", 0),
    ("guarantees.rs", 0),
    ("guide/", 0),
    // 1: the engine (scheduler, reactor, timer queue, per-thread state)
    ("runtime/", 1),
    // 2: the faces: IoContext, Executor, Strand, ThreadPool, WorkGuard, tasks
    ("executor/", 2),
    // 3: Operation, leaf waits, blocking mode
    ("op/", 3),
    // 4: completion tokens and adapters
    ("tokens/", 4),
    // 5: I/O objects, composed operations, co_spawn
    ("io/", 5),
    ("net/", 5),
    ("time/", 5),
    ("spawn/", 5),
    ("file/", 5),
    ("channel/", 5),
    ("deferred/", 5),
    ("parallel_group/", 5),
    ("posix/", 5),
    ("signal/", 5),
    ("serial/", 5),
    ("process/", 5),
    ("stackful/", 5),
    ("hyper/", 5),
    ("ssl/", 5),
    // 6: the table of contents (crate docs, `mod` and `pub use` lines)
    ("lib.rs", 6),
];

fn layer_of(top: &str) -> Option<usize> {
    LAYERS.iter().find(|(t, _)| *t == top).map(|&(_, l)| l)
}

/// Every `.rs` file under `dir`, as (path relative to `root`, source text).
fn sources(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(root, &path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            let rel = path.strip_prefix(root).expect("under the crate");
            let src = std::fs::read_to_string(&path).expect("a readable source file");
            out.push((rel.to_string_lossy().replace('\\', "/"), src));
        }
    }
}

#[test]
fn layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(root, &root.join("src"), &mut files);
    files.sort();
    assert!(
        files.iter().any(|(p, _)| p == "src/lib.rs"),
        "no src/lib.rs"
    );
    let lines = check(&files, &layer_of);
    for line in &lines {
        println!("{line}");
    }
    assert!(
        lines.is_empty(),
        "{} layering violations (printed above)",
        lines.len()
    );
}

// ----- the parser's own tests -----

mod parser {
    use super::layering::check::check;
    use super::layering::lex::lex;
    use super::layering::scan::scan;

    /// The paths a source text writes, as `a::b@line`, `use` leaves marked `use `.
    fn paths(src: &str) -> Vec<String> {
        let s = scan(src);
        s.paths
            .iter()
            .map(|p| {
                let kind = if p.in_use { "use " } else { "" };
                format!("{kind}{}@{}", p.segs.join("::"), p.line)
            })
            .collect()
    }

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(p, s)| (p.to_string(), s.to_string()))
            .collect()
    }

    /// Layers for the small crates below: `low/` 0, `high/` 1, `lib.rs` 2.
    fn layer(top: &str) -> Option<usize> {
        ["low/", "high/", "lib.rs"].iter().position(|t| *t == top)
    }

    #[test]
    fn nested_use_braces_give_one_path_per_leaf() {
        let src = "pub(crate) use crate::{io::{self, read::{A, B as C}}, net::*,\n  sys};";
        assert_eq!(
            paths(src),
            [
                "use crate::io::self@1",
                "use crate::io::read::A@1",
                "use crate::io::read::B@1",
                "use crate::net::*@1",
                "use crate::sys@2",
            ]
        );
        let binds: Vec<_> = scan(src).paths.into_iter().map(|p| p.binds).collect();
        let want = [Some("io"), Some("A"), Some("C"), None, Some("sys")];
        assert_eq!(binds, want.map(|b| b.map(String::from)));
    }

    #[test]
    fn comments_strings_and_chars_are_not_read() {
        let src = r####"
            // crate::line::X
            /// [`crate::doc::Y`]
            /* crate::block /* nested */ crate::still_comment */
            fn f<'a>(x: &'a str) -> char {
                let s = "crate::string::Z \" crate::escaped";
                let r = r#"crate::raw "# ;
                let b = b"crate::bytes";
                let q = '"'; let e = '\''; let l = b'{';
                crate::real::call(s, r, b, q, e, l)
            }
        "####;
        assert_eq!(paths(src), ["crate::real::call@10"]);
        assert!(
            lex("'a' 'b").iter().any(|t| t.text == "'b"),
            "a lifetime after a char"
        );
    }

    #[test]
    fn cfg_test_code_and_files_are_exempt() {
        let src = "#[cfg(test)]\nmod tests { use crate::high::X; }\n#[cfg(test)]\nmod more;\n\
                   #[cfg(all(test, unix))] use crate::high::Y;\n#[cfg(not(test))] use crate::b::Z;";
        assert_eq!(paths(src), ["use crate::b::Z@6"]);
        let krate = files(&[
            ("src/lib.rs", "mod low; mod high;"),
            ("src/low/mod.rs", "#[cfg(test)]\nmod tests;"),
            ("src/low/tests.rs", "use crate::high::h::H;"),
            ("src/high/mod.rs", "pub use h::H; mod h;"),
            ("src/high/h.rs", "pub struct H;"),
        ]);
        assert_eq!(check(&krate, &layer), Vec::<String>::new());
    }

    #[test]
    fn super_super_and_inline_modules_resolve_like_the_compiler() {
        let krate = files(&[
            ("src/lib.rs", "mod low; mod high;"),
            ("src/low/mod.rs", "mod deep;"),
            ("src/low/deep/mod.rs", "mod leaf;"),
            ("src/low/deep/leaf.rs", "use super::super::super::high::H;"),
            ("src/high/mod.rs", "pub struct H; mod x { use super::H; }"),
        ]);
        let lines = check(&krate, &layer);
        assert_eq!(
            lines,
            ["src/low/deep/leaf.rs:1: imports crate::high (layer 1) from layer 0"]
        );
    }

    #[test]
    fn macro_paths_with_dollar_crate_are_imports() {
        let src = "macro_rules! m { ($t:ty) => { impl $crate::io::Tr for $t {} \
                   $crate::net::stream::f!(@one $t); }; }";
        assert_eq!(paths(src), ["$crate::io::Tr@1", "$crate::net::stream::f@1"]);
    }

    #[test]
    fn rules_print_one_line_per_violation() {
        let krate = files(&[
            (
                "src/lib.rs",
                "mod low; mod high; mod odd; pub use high::{a::A, b::B};",
            ),
            (
                "src/low/mod.rs",
                "use crate::A;\nfn f() { crate::high::b::g() }",
            ),
            ("src/high/mod.rs", "mod a; mod b;"),
            ("src/high/a.rs", "use super::b::B; pub struct A;"),
            (
                "src/high/b.rs",
                "pub struct B;\nfn g() -> super::a::A { todo!() }",
            ),
            (
                "src/odd/mod.rs",
                "pub(in crate::odd) fn f() {}\n#[path = \"x.rs\"]\nmod y;",
            ),
        ]);
        assert_eq!(
            check(&krate, &layer),
            [
                "src/odd/: has no layer (add it to the table at the top of tests/layers.rs)",
                "src/odd/mod.rs:2: #[path] is not supported by the layering test",
                "src/low/mod.rs:1: imports crate::A through lib.rs",
                "src/low/mod.rs:2: imports crate::high::b (layer 1) from layer 0",
                "import loop: src/high/a.rs:1 -> src/high/b.rs:2 -> src/high/a.rs",
            ]
        );
    }

    #[test]
    fn each_loop_is_shown_once_with_its_lines() {
        let krate = files(&[
            ("src/lib.rs", "mod low;"),
            ("src/low/mod.rs", "mod a; mod b; mod c; mod d; mod e;"),
            ("src/low/a.rs", "use super::b::B; pub struct A;"),
            ("src/low/b.rs", "pub struct B;\nfn f() { super::c::f() }"),
            ("src/low/c.rs", "fn g(_: super::a::A) {}"),
            ("src/low/d.rs", "use super::e::*;"),
            ("src/low/e.rs", "use super::d::*;"),
        ]);
        assert_eq!(
            check(&krate, &layer),
            [
                "import loop: src/low/d.rs:1 -> src/low/e.rs:1 -> src/low/d.rs",
                "import loop: src/low/a.rs:1 -> src/low/b.rs:2 -> src/low/c.rs:1 -> src/low/a.rs",
            ]
        );
    }
}
