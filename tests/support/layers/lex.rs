//! A small Rust lexer, just enough to find paths: it drops comments (doc comments included),
//! string, byte-string, raw-string and char literals, and numbers, and keeps identifiers
//! (keywords, `$crate`, macro variables, lifetimes) and punctuation, each with its line.

/// One token: an identifier-like word (`use`, `crate`, `$crate`, `$x`, `'a`), `::`, one
/// punctuation character, or `"` standing for any literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tok {
    pub text: String,
    pub line: usize,
}

/// Splits `src` into tokens; comments and the contents of literals never become tokens.
pub fn lex(src: &str) -> Vec<Tok> {
    let mut lx = Lexer {
        s: src.chars().collect(),
        i: 0,
        line: 1,
        out: Vec::new(),
    };
    lx.run();
    lx.out
}

struct Lexer {
    s: Vec<char>,
    i: usize,
    line: usize,
    out: Vec<Tok>,
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl Lexer {
    fn at(&self, k: usize) -> Option<char> {
        self.s.get(self.i + k).copied()
    }

    /// Moves on by one character, counting lines.
    fn bump(&mut self) {
        if self.at(0) == Some('\n') {
            self.line += 1;
        }
        self.i += 1;
    }

    fn push(&mut self, text: String, line: usize) {
        self.out.push(Tok { text, line });
    }

    fn run(&mut self) {
        while let Some(c) = self.at(0) {
            let line = self.line;
            match c {
                _ if c.is_whitespace() => self.bump(),
                '/' if self.at(1) == Some('/') => self.line_comment(),
                '/' if self.at(1) == Some('*') => self.block_comment(),
                '"' => {
                    self.string();
                    self.push("\"".into(), line);
                }
                '\'' => self.quote(line),
                ':' if self.at(1) == Some(':') => {
                    self.i += 2;
                    self.push("::".into(), line);
                }
                '$' if self.at(1).is_some_and(is_ident_start) => {
                    self.bump();
                    let word = self.word();
                    self.push(format!("${word}"), line);
                }
                _ if c.is_ascii_digit() => {
                    self.word();
                }
                _ if is_ident_start(c) => self.ident_or_prefixed_literal(line),
                _ => {
                    self.bump();
                    self.push(c.to_string(), line);
                }
            }
        }
    }

    fn line_comment(&mut self) {
        while self.at(0).is_some_and(|c| c != '\n') {
            self.bump();
        }
    }

    /// Skips a block comment; block comments nest.
    fn block_comment(&mut self) {
        let mut depth = 0;
        while let Some(c) = self.at(0) {
            if c == '/' && self.at(1) == Some('*') {
                depth += 1;
                self.bump();
            } else if c == '*' && self.at(1) == Some('/') {
                depth -= 1;
                self.bump();
                if depth == 0 {
                    self.bump();
                    return;
                }
            }
            self.bump();
        }
    }

    /// Consumes identifier characters and returns them.
    fn word(&mut self) -> String {
        let start = self.i;
        while self.at(0).is_some_and(is_ident_char) {
            self.bump();
        }
        self.s[start..self.i].iter().collect()
    }

    /// Skips a `"..."` literal with escapes, from its opening quote.
    fn string(&mut self) {
        self.bump();
        while let Some(c) = self.at(0) {
            self.bump();
            match c {
                '\\' => self.bump(),
                '"' => return,
                _ => {}
            }
        }
    }

    /// Skips a raw string from its `r`: `r"..."`, `r#"..."#`, ...
    fn raw_string(&mut self) {
        self.bump();
        let mut hashes = 0;
        while self.at(0) == Some('#') {
            hashes += 1;
            self.bump();
        }
        self.bump(); // the opening quote
        while self.at(0).is_some() {
            if self.at(0) == Some('"') && (1..=hashes).all(|k| self.at(k) == Some('#')) {
                for _ in 0..=hashes {
                    self.bump();
                }
                return;
            }
            self.bump();
        }
    }

    /// At a `'`: a char literal (`'a'`, `'\n'`, `'\''`, `'{'`) or a lifetime / label (`'a`).
    fn quote(&mut self, line: usize) {
        if self.at(1) == Some('\\') {
            self.bump();
            self.bump();
            self.bump(); // the escaped character
            while self.at(0).is_some_and(|c| c != '\'') {
                self.bump(); // the rest of `\u{..}` or `\x..`
            }
            self.bump();
            self.push("\"".into(), line);
        } else if self.at(2) == Some('\'') {
            self.i += 3;
            self.push("\"".into(), line);
        } else {
            self.bump();
            let word = self.word();
            self.push(format!("'{word}"), line);
        }
    }

    /// An identifier (raw identifiers lose their `r#`), or a literal with a prefix: `b"..."`,
    /// `b'x'`, `br"..."`, `r"..."`, `r#"..."#`, `c"..."`, `cr"..."`.
    fn ident_or_prefixed_literal(&mut self, line: usize) {
        let (a, b, c) = (self.at(0), self.at(1), self.at(2));
        let raw_after = |k: usize| match self.at(k) {
            Some('"') => true,
            Some('#') => {
                let mut j = k;
                while self.at(j) == Some('#') {
                    j += 1;
                }
                self.at(j) == Some('"')
            }
            _ => false,
        };
        let literal = match (a, b) {
            (Some('b' | 'c'), Some('"')) => {
                self.bump();
                self.string();
                true
            }
            (Some('b'), Some('\'')) => {
                self.bump();
                self.quote(line);
                self.out.pop();
                true
            }
            (Some('b' | 'c'), Some('r')) if raw_after(2) => {
                self.bump();
                self.raw_string();
                true
            }
            (Some('r'), _) if raw_after(1) => {
                self.raw_string();
                true
            }
            (Some('r'), Some('#')) if c.is_some_and(is_ident_start) => {
                self.i += 2; // a raw identifier
                false
            }
            _ => false,
        };
        if literal {
            self.push("\"".into(), line);
        } else {
            let word = self.word();
            self.push(word, line);
        }
    }
}
