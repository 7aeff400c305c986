//! How the fuzz targets cut the fuzzer's bytes into parameters: a few leading bytes, then a
//! list of chunk sizes, then the data. Shared by path: `#[path = "input.rs"] mod input;`.

#![allow(dead_code)]

/// The fuzzer's bytes, taken from the front.
pub struct Input<'a>(pub &'a [u8]);

impl<'a> Input<'a> {
    /// Takes one byte (0 when there is none left).
    pub fn byte(&mut self) -> u8 {
        let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        b
    }

    /// Takes up to `n` bytes.
    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.0.split_at(n.min(self.0.len()));
        self.0 = rest;
        head
    }

    /// Takes a list of up to 15 chunk sizes (0: a `Pending` answer), one byte each, scaled
    /// by `scale`.
    pub fn chunks(&mut self, scale: usize) -> Vec<usize> {
        let n = (self.byte() % 16) as usize;
        (0..n).map(|_| self.byte() as usize * scale).collect()
    }

    /// Returns what is left.
    pub fn rest(self) -> &'a [u8] {
        self.0
    }
}
