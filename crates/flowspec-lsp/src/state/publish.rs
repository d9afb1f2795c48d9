//! Publishing diagnostics: after an edit, `debounceMs` after the last one
//! (continuous typing holds them back at most [`MAX_WAIT`]); at once for a
//! file opened, read from disk or reconfigured. Each file's diagnostics go
//! out with the version of the text they were computed from, in order,
//! through the one publisher task.

use std::collections::{BTreeSet, HashSet};
use std::time::{Duration, Instant};

use flowspec_analysis::FileId;
use tower_lsp_server::ls_types as lsp;

use super::{Core, Out};
use crate::convert;
use crate::wire::Json;

/// Publications made and not yet written above which the state thread
/// waits before making more (indexing publishes every file at once).
const BACKLOG_LIMIT: usize = 1 << 20;

/// How long one round of publishing waits for the client in all.
const BACKLOG_PATIENCE: Duration = Duration::from_secs(2);

/// How long continuous typing may hold diagnostics back.
pub const MAX_WAIT: Duration = Duration::from_millis(400);

/// Files whose diagnostics wait to be published, and until when.
#[derive(Default)]
pub struct Debounce {
    pending: BTreeSet<FileId>,
    /// When the first edit not yet published came.
    since: Option<Instant>,
    deadline: Option<Instant>,
    /// Files whose last published diagnostics were not empty.
    published: HashSet<String>,
}

impl Debounce {
    /// An edit came: publish `debounce` after it, unless edits have been
    /// coming for [`MAX_WAIT`] already.
    pub fn edited(&mut self, now: Instant, debounce: Duration) {
        let since = *self.since.get_or_insert(now);
        self.deadline = Some((now + debounce).min(since + MAX_WAIT));
    }

    /// Files whose diagnostics may have changed.
    pub fn add(&mut self, files: impl IntoIterator<Item = FileId>) {
        self.pending.extend(files);
    }

    pub fn wake(&self) -> Option<Instant> {
        self.deadline
    }

    pub fn is_due(&self, now: Instant) -> bool {
        self.deadline.is_some_and(|t| t <= now)
    }

    /// The files to publish now; the wait is over.
    fn take(&mut self) -> BTreeSet<FileId> {
        self.since = None;
        self.deadline = None;
        std::mem::take(&mut self.pending)
    }
}

impl Core {
    /// Publishes what waits (nothing before the folders are indexed:
    /// indexing publishes every file).
    pub(super) fn publish_pending(&mut self) {
        let files = self.debounce.take();
        if self.indexed {
            self.publish(files);
        }
    }

    /// Publishes the diagnostics of these files (nothing for a file that had
    /// none and still has none).
    pub(super) fn publish(&mut self, files: impl IntoIterator<Item = FileId>) {
        // A client slower than the server to read them waits no longer
        // than this in all: then the rest is queued.
        let patience = Instant::now() + BACKLOG_PATIENCE;
        for id in files {
            if let Some(backlog) = &self.backlog {
                backlog.wait_below(BACKLOG_LIMIT, patience);
            }
            let Some(file) = self.workspace.file(id) else {
                continue;
            };
            let key = file.path.clone();
            let diagnostics = self.workspace.diagnostics(id);
            let open = self.docs.get(&key);
            let published = &mut self.debounce.published;
            if diagnostics.is_empty() && open.is_none() && !published.contains(&key) {
                continue;
            }
            if diagnostics.is_empty() {
                published.remove(&key);
            } else {
                published.insert(key.clone());
            }
            if let Some(uri) = convert::uri(&key) {
                let version = open.map(|d| d.version);
                let params = convert::publication(
                    &self.workspace,
                    file,
                    &diagnostics,
                    self.encoding,
                    &uri,
                    version,
                );
                self.send_diagnostics(params);
            }
        }
    }

    /// Publishes every file's diagnostics, once the workspace is indexed.
    pub(super) fn publish_all(&mut self) {
        self.debounce.take();
        if self.indexed {
            let all: Vec<FileId> = self.workspace.files().map(|(id, _)| id).collect();
            self.publish(all);
        }
    }

    /// Clears the diagnostics of a file that left the workspace.
    pub(super) fn clear(&mut self, key: &str) {
        if self.debounce.published.remove(key)
            && let Some(uri) = convert::uri(key)
        {
            let params = Json::of(&lsp::PublishDiagnosticsParams {
                uri,
                diagnostics: Vec::new(),
                version: None,
            });
            self.send_diagnostics(params);
        }
    }

    /// Sends a publication, counted in the wire's backlog until written.
    fn send_diagnostics(&self, params: Json) {
        if let Some(backlog) = &self.backlog {
            backlog.add(params.as_bytes().len());
        }
        let _ = self.out.send(Out::Diagnostics(params));
    }
}
