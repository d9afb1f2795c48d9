//! Document changes in version order.
//!
//! The protocol crate runs notification handlers concurrently (tower-lsp
//! issue #284), so two `didChange` can reach the state thread out of order.
//! A change for the next version is applied at once; a change that skips a
//! version is held (up to [`GAP_WAIT`]) until the missing one arrives; a
//! change older than the document is refused. The protocol allows versions
//! that are not consecutive, so once the wait is over the held changes are
//! applied in order anyway.
//!
//! Time comes in as an argument (from the state thread's [`Clock`]), so the
//! rules are tested without sleeping.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

/// How long a change that skips a version waits for the missing one.
pub const GAP_WAIT: Duration = Duration::from_millis(100);

/// Where the state thread reads the time: the system's, or a test's.
pub trait Clock: Send {
    fn now(&self) -> Instant;
}

/// The real time.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// What to do with a change that arrived.
#[derive(Debug, PartialEq)]
pub enum Arrival<C> {
    /// Older than (or as old as) the document, which is at this version.
    Stale { current: i32 },
    /// It skips a version: held until the missing one comes or time is up.
    Held,
    /// Apply these, in order: the change that arrived and the held ones it
    /// was the gap before.
    Apply(Vec<(i32, C)>),
}

/// The changes held back, per document, by version.
pub struct Ordering<C> {
    held: HashMap<String, BTreeMap<i32, C>>,
    /// When the held changes are applied anyway.
    until: Option<Instant>,
}

impl<C> Default for Ordering<C> {
    fn default() -> Self {
        Ordering {
            held: HashMap::new(),
            until: None,
        }
    }
}

impl<C> Ordering<C> {
    /// A change of `key` to `version`; the document is at `current`.
    pub fn arrive(
        &mut self,
        key: &str,
        current: i32,
        version: i32,
        change: C,
        now: Instant,
    ) -> Arrival<C> {
        if version <= current {
            return Arrival::Stale { current };
        }
        if version > current + 1 {
            // Perhaps the change before it is still on its way.
            self.held
                .entry(key.to_string())
                .or_default()
                .insert(version, change);
            self.until.get_or_insert(now + GAP_WAIT);
            return Arrival::Held;
        }
        let mut apply = vec![(version, change)];
        if let Some(held) = self.held.get_mut(key) {
            let mut next = version + 1;
            while let Some(change) = held.remove(&next) {
                apply.push((next, change));
                next += 1;
            }
            if held.is_empty() {
                self.held.remove(key);
            }
        }
        if self.held.is_empty() {
            self.until = None;
        }
        Arrival::Apply(apply)
    }

    /// When the held changes are due (`None`: none is held).
    pub fn wake(&self) -> Option<Instant> {
        self.until
    }

    pub fn is_due(&self, now: Instant) -> bool {
        self.until.is_some_and(|t| t <= now)
    }

    /// Every held change, per document in version order: no change filled
    /// their gap in time, or a request needs the newest text.
    pub fn release(&mut self) -> Vec<(String, Vec<(i32, C)>)> {
        self.until = None;
        let mut out: Vec<(String, Vec<(i32, C)>)> = std::mem::take(&mut self.held)
            .into_iter()
            .map(|(key, held)| (key, held.into_iter().collect()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Drops what is held for a document (opened afresh, or closed).
    pub fn forget(&mut self, key: &str) {
        self.held.remove(key);
        if self.held.is_empty() {
            self.until = None;
        }
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A clock a test moves by hand.
    #[derive(Clone)]
    pub struct ManualClock(pub Arc<Mutex<Instant>>);

    impl ManualClock {
        pub fn new() -> ManualClock {
            ManualClock(Arc::new(Mutex::new(Instant::now())))
        }

        pub fn advance(&self, by: Duration) {
            *self.0.lock().unwrap() += by;
        }
    }

    impl Clock for ManualClock {
        fn now(&self) -> Instant {
            *self.0.lock().unwrap()
        }
    }

    fn versions<C>(arrival: Arrival<C>) -> Vec<i32> {
        match arrival {
            Arrival::Apply(list) => list.into_iter().map(|(v, _)| v).collect(),
            _ => panic!("expected changes to apply"),
        }
    }

    #[test]
    fn the_next_version_is_applied_and_fills_the_gap_before_held_ones() {
        let t = Instant::now();
        let mut o = Ordering::default();
        assert_eq!(o.arrive("a", 1, 4, "v4", t), Arrival::Held);
        assert_eq!(o.arrive("a", 1, 3, "v3", t), Arrival::Held);
        assert_eq!(o.wake(), Some(t + GAP_WAIT), "the first hold sets the wait");
        // Another document is not held up.
        assert_eq!(versions(o.arrive("b", 7, 8, "b8", t)), [8]);
        // Version 2 closes the gap: 2, 3 and 4 in order.
        match o.arrive("a", 1, 2, "v2", t) {
            Arrival::Apply(list) => assert_eq!(list, [(2, "v2"), (3, "v3"), (4, "v4")]),
            other => panic!("{other:?}"),
        }
        assert_eq!(o.wake(), None, "nothing is held any more");
    }

    #[test]
    fn old_changes_are_refused() {
        let t = Instant::now();
        let mut o = Ordering::default();
        assert_eq!(
            o.arrive("a", 5, 5, "again", t),
            Arrival::Stale { current: 5 }
        );
        assert_eq!(o.arrive("a", 5, 2, "old", t), Arrival::Stale { current: 5 });
    }

    #[test]
    fn held_changes_are_due_after_the_wait_and_released_in_order() {
        let clock = ManualClock::new();
        let mut o = Ordering::default();
        assert_eq!(o.arrive("a", 1, 5, "v5", clock.now()), Arrival::Held);
        clock.advance(GAP_WAIT / 2);
        assert_eq!(o.arrive("a", 1, 3, "v3", clock.now()), Arrival::Held);
        assert!(!o.is_due(clock.now()));
        clock.advance(GAP_WAIT / 2);
        assert!(o.is_due(clock.now()), "the wait counts from the first hold");
        assert_eq!(o.release(), [("a".to_string(), vec![(3, "v3"), (5, "v5")])]);
        assert_eq!(o.wake(), None);
        assert!(o.release().is_empty());
    }

    #[test]
    fn forgetting_a_document_drops_its_held_changes() {
        let t = Instant::now();
        let mut o = Ordering::default();
        o.arrive("a", 1, 3, "v3", t);
        o.forget("a");
        assert_eq!(o.wake(), None);
        assert_eq!(versions(o.arrive("a", 1, 2, "v2", t)), [2], "3 is gone");
    }
}
