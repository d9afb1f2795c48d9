//! The state thread's rules, driven message by message with a clock moved
//! by hand: no sleeps, no threads to wait for.

use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use super::ordering::GAP_WAIT;
use super::ordering::tests::ManualClock;
use super::publish::MAX_WAIT;
use super::*;

const KEY: &str = "file:///a.flow";

struct Test {
    core: Core,
    clock: ManualClock,
    out: UnboundedReceiver<Out>,
}

impl Test {
    /// A core with no workspace folder (nothing to index), a document open
    /// at version 1, and what opening it published drained.
    fn new(text: &str) -> Test {
        let (tx, out) = unbounded_channel();
        let clock = ManualClock::new();
        let mut core = Core::new(tx, Arc::new(Shared::default()), Box::new(clock.clone()));
        core.handle(Msg::Initialize {
            encoding: Encoding::Utf16,
            roots: Vec::new(),
            settings: Settings::default(),
            client: ClientCaps::default(),
        });
        core.handle(Msg::Open {
            key: KEY.to_string(),
            version: 1,
            text: text.to_string(),
        });
        let mut test = Test { core, clock, out };
        assert_eq!(test.published(), [Some(1)], "opening publishes at once");
        test
    }

    /// Replaces the whole text, as version `version` (one burst).
    fn change(&mut self, version: i32, text: &str) {
        self.burst(&[(version, text)]);
    }

    fn burst(&mut self, changes: &[(i32, &str)]) {
        let batch = changes
            .iter()
            .map(|(version, text)| Msg::Change {
                key: KEY.to_string(),
                version: *version,
                changes: vec![TextDocumentContentChangeEvent {
                    range: None,
                    range_length: None,
                    text: text.to_string(),
                }],
            })
            .collect();
        self.core.changes(batch);
    }

    fn wait(&mut self, by: Duration) {
        self.clock.advance(by);
        self.core.tick();
    }

    /// The versions of the diagnostics published since the last call.
    fn published(&mut self) -> Vec<Option<i32>> {
        let mut versions = Vec::new();
        while let Ok(out) = self.out.try_recv() {
            if let Out::Diagnostics(params) = out {
                let params: serde_json::Value = serde_json::from_slice(params.as_bytes()).unwrap();
                versions.push(params["version"].as_i64().map(|v| v as i32));
            }
        }
        versions
    }

    fn logs(&mut self) -> Vec<String> {
        let mut logs = Vec::new();
        while let Ok(out) = self.out.try_recv() {
            if let Out::Log(_, message) = out {
                logs.push(message);
            }
        }
        logs
    }

    fn doc(&self) -> (i32, String) {
        let doc = &self.core.docs[KEY];
        (doc.version, doc.text())
    }

    /// The text a request would be answered from.
    fn snapshot_text(&mut self) -> String {
        let (tx, mut rx) = tokio::sync::oneshot::channel();
        self.core.handle(Msg::Snapshot(tx));
        let snapshot = rx.try_recv().expect("a snapshot at once");
        let id = snapshot.workspace.file_id(KEY).unwrap();
        snapshot.workspace.file(id).unwrap().text.to_string()
    }
}

#[test]
fn diagnostics_are_published_once_the_debounce_is_over() {
    let mut t = Test::new("tool a\n");
    t.change(2, "tool b\n");
    assert_eq!(t.published(), [], "not at once");
    // Analysed at once, though: a request sees it without waiting.
    assert_eq!(t.snapshot_text(), "tool b\n");
    let debounce = Settings::default().debounce;
    t.wait(debounce - Duration::from_millis(1));
    assert_eq!(t.published(), []);
    t.wait(Duration::from_millis(1));
    assert_eq!(t.published(), [Some(2)]);
    assert_eq!(t.core.wake(), None, "nothing more is due");
}

#[test]
fn continuous_typing_holds_diagnostics_back_at_most_max_wait() {
    let mut t = Test::new("tool a\n");
    let step = Duration::from_millis(50);
    let mut version = 1;
    let mut waited = Duration::ZERO;
    while waited < MAX_WAIT {
        version += 1;
        t.change(version, &format!("tool a{version}\n"));
        t.wait(step);
        waited += step;
        if waited < MAX_WAIT {
            assert_eq!(t.published(), [], "at {waited:?}");
        }
    }
    assert_eq!(t.published(), [Some(version)]);
}

#[test]
fn a_change_that_skips_a_version_waits_for_the_missing_one() {
    let mut t = Test::new("v1");
    t.change(3, "v3");
    assert_eq!(t.doc(), (1, "v1".to_string()), "held");
    t.change(2, "v2");
    assert_eq!(t.doc(), (3, "v3".to_string()), "2 then 3");
    assert!(t.logs().is_empty(), "{:?}", t.logs());
}

#[test]
fn a_gap_that_never_closes_is_passed_after_the_wait() {
    let mut t = Test::new("v1");
    t.change(4, "v4");
    t.wait(GAP_WAIT - Duration::from_millis(1));
    assert_eq!(t.doc().0, 1);
    t.wait(Duration::from_millis(1));
    assert_eq!(t.doc(), (4, "v4".to_string()));
    let logs = t.logs();
    assert!(
        logs.iter()
            .any(|l| l.contains("version 4 follows version 1")),
        "{logs:?}"
    );
}

#[test]
fn a_request_sees_held_changes_at_once() {
    let mut t = Test::new("v1");
    t.change(3, "v3");
    assert_eq!(t.snapshot_text(), "v3");
    assert_eq!(t.doc().0, 3);
}

#[test]
fn a_burst_is_applied_in_version_order_and_old_changes_are_refused() {
    let mut t = Test::new("v1");
    t.burst(&[(3, "v3"), (2, "v2"), (4, "v4")]);
    assert_eq!(t.doc(), (4, "v4".to_string()));
    t.change(3, "late");
    assert_eq!(t.doc(), (4, "v4".to_string()));
    let logs = t.logs();
    assert!(
        logs.iter()
            .any(|l| l.contains("version 3 came after version 4 and was ignored")),
        "{logs:?}"
    );
}

#[test]
fn one_snapshot_serves_every_request_until_the_next_change() {
    let mut t = Test::new("v1");
    let take = |t: &mut Test| {
        let (tx, mut rx) = tokio::sync::oneshot::channel();
        t.core.handle(Msg::Snapshot(tx));
        rx.try_recv().unwrap()
    };
    let a = take(&mut t);
    let b = take(&mut t);
    assert!(Arc::ptr_eq(&a, &b));
    t.change(2, "v2");
    let c = take(&mut t);
    assert!(!Arc::ptr_eq(&a, &c));
    assert_eq!(c.version(KEY), Some(2));
    assert_eq!(a.version(KEY), Some(1), "an old snapshot does not change");
}
