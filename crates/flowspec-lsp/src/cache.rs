//! What the server remembers between requests, shared by the protocol
//! handlers, the worker threads and the state thread:
//!
//! - the newest version the client sent of each open document (a request
//!   whose document moved on while it ran is answered `ContentModified`);
//! - answers that depend only on one version of one file, computed once
//!   per version however often they are asked for (a version is the
//!   analysed file itself: its `Arc`, held weakly, so a cache never keeps an
//!   old version alive);
//! - the last semantic tokens sent for each document, which `full/delta`
//!   answers are computed against.

use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

use flowspec_analysis::FileData;
use tower_lsp_server::ls_types::SemanticToken;

/// An answer kept for one version of a file: the version (held weakly) and
/// the answer, under the file's path and what the answer is.
type PerVersion = HashMap<(String, &'static str), (Weak<FileData>, Arc<dyn Any + Send + Sync>)>;

#[derive(Default)]
pub struct Shared {
    latest: Mutex<HashMap<String, i32>>,
    per_version: Mutex<PerVersion>,
    tokens: Mutex<HashMap<String, Arc<TokensResult>>>,
    /// The code lenses last made for each document: their set's number
    /// (in each lens's `data`) and the version they were made for.
    lens_sets: Mutex<HashMap<String, (u64, Weak<FileData>)>>,
    next_id: AtomicU64,
}

/// Semantic tokens as sent, under the id the client names them by.
pub struct TokensResult {
    pub id: String,
    pub data: Vec<SemanticToken>,
    /// The analysis's tokens they were encoded from, and the version of
    /// the file and the names epoch they are for: the next version's
    /// tokens start from them.
    pub found: Vec<flowspec_analysis::ide::semantic_tokens::SemanticToken>,
    pub version: u64,
    pub epoch: u64,
    /// The result these were encoded from (its id), and what of its numbers
    /// they kept at either end.
    pub same: Option<(String, crate::handlers::semantic_tokens::Same)>,
}

impl TokensResult {
    /// Tokens about to be sent (their id is given when kept).
    pub fn new(
        data: Vec<SemanticToken>,
        found: Vec<flowspec_analysis::ide::semantic_tokens::SemanticToken>,
        version: u64,
        epoch: u64,
    ) -> TokensResult {
        TokensResult {
            id: String::new(),
            data,
            found,
            version,
            epoch,
            same: None,
        }
    }
}

impl Shared {
    /// The client opened a document at this version (`None`: closed it).
    pub fn opened(&self, key: &str, version: Option<i32>) {
        let mut latest = self.latest.lock().unwrap();
        match version {
            Some(v) => latest.insert(key.to_string(), v),
            None => latest.remove(key),
        };
    }

    /// The client sent a change to this version of an open document (a
    /// change to a document that is not open is ignored, here as there).
    pub fn changed(&self, key: &str, version: i32) {
        if let Some(latest) = self.latest.lock().unwrap().get_mut(key) {
            *latest = (*latest).max(version);
        }
    }

    /// Whether the client has sent a version of `key` newer than `version`.
    pub fn moved_on(&self, key: &str, version: Option<i32>) -> bool {
        let latest = self.latest.lock().unwrap().get(key).copied();
        match (latest, version) {
            (Some(latest), Some(version)) => latest > version,
            // Opened since, or closed since.
            (Some(_), None) | (None, Some(_)) => true,
            (None, None) => false,
        }
    }

    /// `what` of this version of a file, computed once.
    pub fn per_version<T: Send + Sync + 'static>(
        &self,
        what: &'static str,
        file: &Arc<FileData>,
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        let key = (file.path.clone(), what);
        if let Some((version, value)) = self.per_version.lock().unwrap().get(&key)
            && std::ptr::eq(version.as_ptr(), Arc::as_ptr(file))
            && let Ok(value) = value.clone().downcast::<T>()
        {
            return value;
        }
        // Computed outside the lock: other requests go on meanwhile.
        let value = Arc::new(compute());
        self.per_version.lock().unwrap().insert(
            key,
            (
                Arc::downgrade(file),
                value.clone() as Arc<dyn Any + Send + Sync>,
            ),
        );
        value
    }

    /// The last `what` computed for the file at `path`, whichever version
    /// it was for (what the next version's can start from).
    pub fn last<T: Send + Sync + 'static>(&self, what: &'static str, path: &str) -> Option<Arc<T>> {
        let key = (path.to_string(), what);
        let (_, value) = self.per_version.lock().unwrap().get(&key)?.clone();
        value.downcast::<T>().ok()
    }

    /// Keeps the semantic tokens about to be sent for a document; returns
    /// them with their new result id.
    pub fn keep_tokens(&self, key: &str, mut result: TokensResult) -> Arc<TokensResult> {
        result.id = self.next_id.fetch_add(1, Ordering::Relaxed).to_string();
        let result = Arc::new(result);
        self.tokens
            .lock()
            .unwrap()
            .insert(key.to_string(), result.clone());
        result
    }

    /// The last semantic tokens sent for a document.
    pub fn last_tokens(&self, key: &str) -> Option<Arc<TokensResult>> {
        self.tokens.lock().unwrap().get(key).cloned()
    }

    /// The last semantic tokens sent for a document, if they have this id.
    pub fn tokens(&self, key: &str, id: &str) -> Option<Arc<TokensResult>> {
        self.tokens
            .lock()
            .unwrap()
            .get(key)
            .filter(|t| t.id == id)
            .cloned()
    }

    /// A number for the code lenses of this version of a file; the lenses
    /// of older versions cannot be resolved any more.
    pub fn new_lens_set(&self, file: &Arc<FileData>) -> u64 {
        let set = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.lens_sets
            .lock()
            .unwrap()
            .insert(file.path.clone(), (set, Arc::downgrade(file)));
        set
    }

    /// The file whose lenses are `set`, while it is the newest set made for
    /// that file and the version it was made for is alive.
    pub fn lens_set(&self, set: u64) -> Option<Arc<FileData>> {
        self.lens_sets
            .lock()
            .unwrap()
            .values()
            .find(|(s, _)| *s == set)
            .and_then(|(_, file)| file.upgrade())
    }

    /// Forgets what is kept for a file that left the workspace or closed.
    pub fn forget(&self, key: &str) {
        self.per_version
            .lock()
            .unwrap()
            .retain(|(path, _), _| path != key);
        self.tokens.lock().unwrap().remove(key);
        self.lens_sets.lock().unwrap().remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowspec_analysis::Workspace;

    #[test]
    fn a_value_is_computed_once_per_version() {
        let shared = Shared::default();
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", "tool a\n");
        let first = ws.file(id).unwrap().clone();
        let mut runs = 0;
        for _ in 0..3 {
            let v = shared.per_version("len", &first, || {
                runs += 1;
                first.text.len()
            });
            assert_eq!(*v, 7);
        }
        assert_eq!(runs, 1);
        ws.set_file("a.flow", "tool ab\n");
        let second = ws.file(id).unwrap().clone();
        let v = shared.per_version("len", &second, || second.text.len());
        assert_eq!(*v, 8, "a new version is computed afresh");
        drop(ws);
        drop(second);
        // The old version is not kept alive by the cache.
        assert_eq!(Arc::strong_count(&first), 1);
    }

    #[test]
    fn versions_received_say_when_a_document_moved_on() {
        let shared = Shared::default();
        shared.opened("a", Some(3));
        assert!(!shared.moved_on("a", Some(3)));
        shared.changed("a", 5);
        shared.changed("a", 4); // late: the newest stays
        assert!(shared.moved_on("a", Some(4)));
        assert!(!shared.moved_on("a", Some(5)));
        shared.opened("a", None);
        assert!(shared.moved_on("a", Some(5)), "closed since");
        // A change to a document that is not open is no version of it.
        shared.changed("b", 2);
        assert!(!shared.moved_on("b", None));
    }
}
