//! `WaitList`: the operations waiting on one side of a channel, in arrival order, with their
//! wakers; any of them can leave from anywhere in the list in O(1).

use std::task::Waker;

use slab::Slab;

/// A FIFO of waiting entries, each under a key its operation keeps, with the waker of the
/// operation.
///
/// An entry is *linked* while it waits. The channel unlinks the first one when it completes it
/// ([`pop_front`](WaitList::pop_front)), or every one ([`unlink_all`](WaitList::unlink_all)),
/// and leaves it in place with its outcome; only its operation removes it
/// ([`poll`](WaitList::poll), [`remove`](WaitList::remove)), so a key never names another
/// operation's entry.
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
    /// The operation's waker, taken when the entry is unlinked.
    waker: Option<Waker>,
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

    /// Links `entry`, whose operation `waker` wakes, at the back; returns its key.
    pub(super) fn push_back(&mut self, entry: E, waker: &Waker) -> usize {
        let key = self.nodes.insert(Node {
            entry,
            waker: Some(waker.clone()),
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

    /// Unlinks the first waiting entry; returns it, to be given its outcome (it stays until its
    /// operation removes it), and the waker to wake once the lock is released.
    pub(super) fn pop_front(&mut self) -> Option<(&mut E, Option<Waker>)> {
        let key = self.head?;
        self.unlink(key);
        let node = &mut self.nodes[key];
        Some((&mut node.entry, node.waker.take()))
    }

    /// Unlinks every waiting entry, calling `f` on each, in order, and collecting their wakers
    /// into `woken`.
    pub(super) fn unlink_all(&mut self, mut f: impl FnMut(&mut E), woken: &mut Vec<Waker>) {
        while let Some((entry, waker)) = self.pop_front() {
            f(entry);
            woken.extend(waker);
        }
    }

    /// Adds a clone of the waker of every waiting entry to `woken`, changing nothing.
    pub(super) fn waiting_wakers(&self, woken: &mut Vec<Waker>) {
        let mut at = self.head;
        while let Some(key) = at {
            let node = &self.nodes[key];
            woken.extend(node.waker.clone());
            at = node.links.and_then(|l| l.next);
        }
    }

    /// Returns `None`, after storing `waker`, if the entry under `key` still waits; else
    /// removes it and returns it, with its outcome.
    ///
    /// # Panics
    ///
    /// Panics if `key` was removed (a bug: only its operation removes it).
    pub(super) fn poll(&mut self, key: usize, waker: &Waker) -> Option<E> {
        let node = &mut self.nodes[key];
        if node.links.is_none() {
            return Some(self.remove(key));
        }
        match &mut node.waker {
            Some(old) if old.will_wake(waker) => {}
            slot => *slot = Some(waker.clone()),
        }
        None
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
        let waker = futures::task::noop_waker();
        let mut list = WaitList::new();
        let keys: Vec<usize> = (0..5).map(|i| list.push_back(i, &waker)).collect();
        assert_eq!(list.remove(keys[2]), 2);
        assert_eq!(list.remove(keys[0]), 0);
        assert_eq!(list.pop_front().map(|(e, _)| *e), Some(1));
        let (mut rest, mut woken) = (Vec::new(), Vec::new());
        list.unlink_all(|e| rest.push(*e), &mut woken);
        assert_eq!((rest, woken.len()), (vec![3, 4], 2));
        assert!(list.is_empty());
        // Unlinked entries stay until their operation polls or removes them.
        assert_eq!(list.poll(keys[4], &waker), Some(4));
        assert_eq!(list.remove(keys[3]), 3);
        let k = list.push_back(9, &waker);
        assert_eq!(list.poll(k, &waker), None, "still waiting");
        assert_eq!(list.remove(k), 9);
    }
}
