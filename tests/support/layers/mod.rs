//! The machinery of `tests/layers.rs`, which holds the layer table and the rules' tests: a
//! lexer (`lex`), a scanner that finds the paths a file writes (`scan`), a resolver that maps
//! them to the files defining the modules they name (`resolve`), and the three rules (`check`).
//! No parser crate: the test reads the source text itself.

#![allow(dead_code)]

pub mod cfg;
pub mod check;
pub mod lex;
pub mod resolve;
pub mod scan;
