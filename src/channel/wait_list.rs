//! `WaitList`: the operations waiting on one side of a channel, in arrival order; any of them
//! can leave from anywhere in the list in O(1).

use slab::Slab;

/// A FIFO of waiting entries, each under a key its operation keeps.
///
/// An entry is *linked* while it waits. The channel unlinks the first one when it completes it
/// ([`pop_front`](WaitList::pop_front)), or every one ([`unlink_all`](WaitList::unlink_all)),
/// and leaves it in place with its outcome; only its operation removes it
/// ([`remove`](WaitList::remove)), so a key never names another operation's entry.
#[derive(Debug)]
pub(super) struct WaitList<E> {
    nodes: Slab<Node<E>>,
    /// The first and last linked entries.
    head: Option<usize>,
    tail: Option<usize>,
}

#[derive(Debug)]
struct Node<E> {
    entry: E,
    /// The neighbours while linked; `None` once unlinked.
    links: Option<Links>,
}

#[derive(Clone, Copy, Debug)]
struct Links {
    prev: Option<usize>,
    next: Option<usize>,
}

impl<E> WaitList<E> {
    pub(super) fn new() -> WaitList<E> {
        WaitList {
            nodes: Slab::new(),
            head: None,
            tail: None,
        }
    }

    /// Returns whether no entry is waiting.
    pub(super) fn is_empty(&self) -> bool {
        self.head.is_none()
    }

    /// Links `entry` at the back; returns its key.
    pub(super) fn push_back(&mut self, entry: E) -> usize {
        let key = self.nodes.insert(Node {
            entry,
            links: Some(Links {
                prev: self.tail,
                next: None,
            }),
        });
        match self.tail {
            Some(t) => self.links_mut(t).next = Some(key),
            None => self.head = Some(key),
        }
        self.tail = Some(key);
        key
    }

    /// Unlinks the first waiting entry; returns it (it stays until its operation removes it).
    pub(super) fn pop_front(&mut self) -> Option<&mut E> {
        let key = self.head?;
        self.unlink(key);
        Some(&mut self.nodes[key].entry)
    }

    /// Unlinks every waiting entry, calling `f` on each, in order.
    pub(super) fn unlink_all(&mut self, mut f: impl FnMut(&mut E)) {
        while let Some(entry) = self.pop_front() {
            f(entry);
        }
    }

    /// Returns the entry under `key`.
    ///
    /// # Panics
    ///
    /// Panics if `key` was removed (a bug: only its operation removes it).
    pub(super) fn get_mut(&mut self, key: usize) -> &mut E {
        &mut self.nodes[key].entry
    }

    /// Removes the entry under `key`, unlinking it if it still waits; returns it.
    pub(super) fn remove(&mut self, key: usize) -> E {
        self.unlink(key);
        self.nodes.remove(key).entry
    }

    fn links_mut(&mut self, key: usize) -> &mut Links {
        self.nodes[key].links.as_mut().expect("a linked entry")
    }

    /// Takes the entry under `key` out of the waiting order, if it is in it.
    fn unlink(&mut self, key: usize) {
        let Some(Links { prev, next }) = self.nodes[key].links.take() else {
            return;
        };
        match prev {
            Some(p) => self.links_mut(p).next = next,
            None => self.head = next,
        }
        match next {
            Some(n) => self.links_mut(n).prev = prev,
            None => self.tail = prev,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::WaitList;

    #[test]
    fn entries_leave_from_anywhere_and_the_rest_keep_their_order() {
        let mut list = WaitList::new();
        let keys: Vec<usize> = (0..5).map(|i| list.push_back(i)).collect();
        assert_eq!(list.remove(keys[2]), 2);
        assert_eq!(list.remove(keys[0]), 0);
        assert_eq!(list.pop_front().copied(), Some(1));
        let mut rest = Vec::new();
        list.unlink_all(|e| rest.push(*e));
        assert_eq!(rest, [3, 4]);
        assert!(list.is_empty());
        // Unlinked entries stay until removed.
        assert_eq!(*list.get_mut(keys[4]), 4);
        assert_eq!(list.remove(keys[4]), 4);
        let k = list.push_back(9);
        assert_eq!(list.pop_front().copied(), Some(9));
        assert_eq!(list.remove(k), 9);
    }
}
