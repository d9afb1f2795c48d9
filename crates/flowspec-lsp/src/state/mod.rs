//! The one owner of all document and workspace state: the state thread.
//!
//! Handlers never touch state: notifications become messages to this
//! thread, and requests ask it for a [`Snapshot`] (see [`crate::requests`]).
//! The thread
//!
//! - applies document changes in version order ([`ordering`]);
//! - analyses each burst of changes at once, so a snapshot for the requests
//!   that follow an edit is ready when they arrive;
//! - publishes diagnostics after the debounce, through one channel, in
//!   order, each with the version of the text it was computed from
//!   ([`publish`]);
//! - reads files from disk: indexing, watched-file events, workspace folders
//!   ([`disk`]);
//! - runs on its own OS thread: CPU work never blocks the async executor.
//!
//! Time comes from a [`Clock`], so the ordering and debounce rules are
//! tested without sleeping.

mod disk;
pub mod ordering;
mod publish;

use std::collections::{BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError, TryRecvError};
use std::time::Instant;

use flowspec_analysis::{FileId, Workspace};
use tokio::sync::mpsc::UnboundedSender;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{FileChangeType, MessageType, TextDocumentContentChangeEvent};

use crate::cache::Shared;
use crate::convert::Encoding;
use crate::document::Document;
use crate::settings::Settings;
use crate::snapshot::Snapshot;
use crate::wire::{Backlog, Json};
use ordering::{Arrival, Clock, Ordering, SystemClock};
use publish::Debounce;

/// What the client said it supports, where it changes what we send.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientCaps {
    pub snippets: bool,
    pub semantic_tokens_refresh: bool,
    pub inlay_hint_refresh: bool,
    /// `textDocument.definition.linkSupport`: answer with LocationLinks.
    pub definition_links: bool,
    /// `textDocument.declaration.linkSupport`.
    pub declaration_links: bool,
    /// `workspace.workspaceEdit.documentChanges`: versioned edits.
    pub document_changes: bool,
}

type Changes = Vec<TextDocumentContentChangeEvent>;

pub enum Msg {
    Initialize {
        encoding: Encoding,
        roots: Vec<PathBuf>,
        settings: Settings,
        client: ClientCaps,
    },
    /// Index every workspace folder (after `initialized`).
    Index,
    Open {
        key: String,
        version: i32,
        text: String,
    },
    Change {
        key: String,
        version: i32,
        changes: Changes,
    },
    Close {
        key: String,
    },
    Watched(Vec<(String, FileChangeType)>),
    Folders {
        added: Vec<PathBuf>,
        removed: Vec<PathBuf>,
    },
    Settings(Settings),
    /// A request wants the analysis of every edit received so far.
    Snapshot(tokio::sync::oneshot::Sender<Arc<Snapshot>>),
}

/// What the state thread sends to the client, in order.
pub enum Out {
    /// A file's diagnostics: `PublishDiagnosticsParams` as JSON text,
    /// written on the state thread (not on the protocol's task).
    Diagnostics(Json),
    Log(MessageType, String),
    /// Ask the client to request semantic tokens again: a step's meaning
    /// changed because of another file.
    RefreshSemanticTokens,
    /// Ask the client to request inlay hints again (a setting changed).
    RefreshInlayHints,
}

#[derive(Clone)]
pub struct StateHandle {
    tx: mpsc::Sender<Msg>,
    pub shared: Arc<Shared>,
}

impl StateHandle {
    pub fn send(&self, msg: Msg) {
        // Only fails once the state thread is gone, at exit.
        let _ = self.tx.send(msg);
    }

    /// The analysis of every edit received before this call.
    pub async fn snapshot(&self) -> jsonrpc::Result<Arc<Snapshot>> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.send(Msg::Snapshot(tx));
        rx.await.map_err(|_| jsonrpc::Error::internal_error())
    }
}

/// Starts the state thread.
/// `backlog`: the wire's, for publishing many files at once without
/// queueing all of them (`None`: nothing is waited for).
pub fn spawn(out: UnboundedSender<Out>, backlog: Option<Backlog>) -> StateHandle {
    let (tx, rx) = mpsc::channel();
    let shared = Arc::new(Shared::default());
    let mut core = Core::new(out, shared.clone(), Box::new(SystemClock));
    core.backlog = backlog;
    std::thread::Builder::new()
        .name("flowspec-state".into())
        .spawn(move || core.run(rx))
        .expect("the state thread starts");
    StateHandle { tx, shared }
}

pub struct Core {
    workspace: Workspace,
    docs: HashMap<String, Document>,
    encoding: Encoding,
    settings: Settings,
    client: ClientCaps,
    roots: Vec<PathBuf>,
    /// Documents edited and not analysed yet.
    dirty: BTreeSet<String>,
    order: Ordering<Changes>,
    debounce: Debounce,
    out: UnboundedSender<Out>,
    /// The publications made and not yet written to the client.
    backlog: Option<Backlog>,
    /// Whether the workspace folders have been indexed. Until then nothing
    /// is published: a file opened early would show its steps as unknown
    /// until their declarations in other files are read. Indexing then
    /// publishes every file.
    indexed: bool,
    clock: Box<dyn Clock>,
    /// The snapshot of the current state, once a request asked for it;
    /// dropped at the next change.
    snapshot: Option<Arc<Snapshot>>,
    shared: Arc<Shared>,
}

impl Core {
    fn new(out: UnboundedSender<Out>, shared: Arc<Shared>, clock: Box<dyn Clock>) -> Core {
        Core {
            workspace: Workspace::new(),
            docs: HashMap::new(),
            encoding: Encoding::Utf16,
            settings: Settings::default(),
            client: ClientCaps::default(),
            roots: Vec::new(),
            dirty: BTreeSet::new(),
            order: Ordering::default(),
            debounce: Debounce::default(),
            out,
            backlog: None,
            indexed: false,
            clock,
            snapshot: None,
            shared,
        }
    }

    fn run(mut self, rx: mpsc::Receiver<Msg>) {
        let mut next: Option<Msg> = None;
        loop {
            let msg = match next.take() {
                Some(msg) => msg,
                None => {
                    let received = match self.wake() {
                        Some(wake) => rx.recv_timeout(wake.saturating_duration_since(self.now())),
                        None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                    };
                    match received {
                        Ok(msg) => msg,
                        Err(RecvTimeoutError::Timeout) => {
                            self.tick();
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            };
            if let Msg::Change { .. } = msg {
                // Collect the burst of changes already waiting, apply them
                // in version order, and analyse them at once.
                let mut batch = vec![msg];
                loop {
                    match rx.try_recv() {
                        Ok(change @ Msg::Change { .. }) => batch.push(change),
                        Ok(other) => {
                            next = Some(other);
                            break;
                        }
                        Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
                    }
                }
                self.changes(batch);
            } else {
                self.guard("a message", |core| core.handle(msg));
            }
        }
    }

    fn now(&self) -> Instant {
        self.clock.now()
    }

    /// When something is due without a message: held changes, diagnostics.
    fn wake(&self) -> Option<Instant> {
        match (self.order.wake(), self.debounce.wake()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// What is due now: held changes whose gap did not close in time, and
    /// the diagnostics of the last edits once the debounce is over.
    fn tick(&mut self) {
        let now = self.now();
        if self.order.is_due(now) {
            self.guard("held changes", |core| {
                core.release_held();
                core.analyse();
            });
        }
        if self.debounce.is_due(now) {
            self.guard("diagnostics", |core| {
                core.analyse();
                core.publish_pending();
            });
        }
    }

    /// A burst of changes, applied in version order, then analysed.
    fn changes(&mut self, mut batch: Vec<Msg>) {
        batch.sort_by_key(|m| match m {
            Msg::Change { version, .. } => *version,
            _ => 0,
        });
        for change in batch {
            self.guard("a change", |core| core.handle(change));
        }
        self.guard("analysis", |core| core.analyse());
    }

    /// Runs `f`, and logs rather than dies if it panics: one bug in one
    /// feature must not take the server down.
    fn guard(&mut self, what: &str, f: impl FnOnce(&mut Core)) {
        if catch_unwind(AssertUnwindSafe(|| f(self))).is_err() {
            self.log(
                MessageType::ERROR,
                format!("internal error while handling {what}; please report it"),
            );
        }
    }

    pub fn log(&self, kind: MessageType, message: String) {
        let _ = self.out.send(Out::Log(kind, message));
    }

    fn handle(&mut self, msg: Msg) {
        if !matches!(msg, Msg::Snapshot(_)) {
            self.invalidate();
        }
        match msg {
            Msg::Initialize {
                encoding,
                roots,
                settings,
                client,
            } => {
                self.client = client;
                self.encoding = encoding;
                self.indexed = roots.is_empty();
                self.roots = roots;
                self.workspace.set_config(settings.severities.clone());
                self.workspace.set_profile(settings.profile);
                self.settings = settings;
            }
            Msg::Index => self.index(),
            Msg::Open { key, version, text } => {
                self.order.forget(&key);
                self.docs.insert(key.clone(), Document::new(&text, version));
                self.dirty.insert(key);
                // A file just opened is analysed and published at once.
                self.analyse();
                self.publish_pending();
            }
            Msg::Change {
                key,
                version,
                changes,
            } => self.change(key, version, changes),
            Msg::Close { key } => self.close(&key),
            Msg::Watched(events) => self.watched(events),
            Msg::Folders { added, removed } => self.folders(added, removed),
            Msg::Settings(settings) => {
                self.workspace.set_config(settings.severities.clone());
                self.workspace.set_profile(settings.profile);
                let hints_changed = settings.inlay_hints != self.settings.inlay_hints;
                self.settings = settings;
                self.analyse();
                self.publish_all();
                if hints_changed && self.client.inlay_hint_refresh {
                    let _ = self.out.send(Out::RefreshInlayHints);
                }
            }
            Msg::Snapshot(reply) => {
                // An answer is for the newest text the client sent.
                self.release_held();
                self.analyse();
                let _ = reply.send(self.snapshot());
            }
        }
    }

    fn change(&mut self, key: String, version: i32, changes: Changes) {
        let Some(doc) = self.docs.get(&key) else {
            self.log(
                MessageType::WARNING,
                format!("a change to {key}, which is not open, was ignored"),
            );
            return;
        };
        let now = self.now();
        match self.order.arrive(&key, doc.version, version, changes, now) {
            Arrival::Stale { current } => self.log(
                MessageType::WARNING,
                format!("a change to {key} for version {version} came after version {current} and was ignored"),
            ),
            Arrival::Held => {}
            Arrival::Apply(list) => {
                for (version, changes) in list {
                    self.apply(&key, version, &changes);
                }
            }
        }
    }

    /// Applies the held changes in version order: no change filled their gap
    /// in time (or a request needs the newest text).
    fn release_held(&mut self) {
        for (key, held) in self.order.release() {
            if let Some((first, _)) = held.first() {
                let current = self.docs.get(&key).map_or(0, |d| d.version);
                self.log(
                    MessageType::INFO,
                    format!("{key}: version {first} follows version {current}; no change came between them"),
                );
            }
            for (version, changes) in held {
                self.apply(&key, version, &changes);
            }
        }
    }

    fn apply(&mut self, key: &str, version: i32, changes: &[TextDocumentContentChangeEvent]) {
        let encoding = self.encoding;
        let Some(doc) = self.docs.get_mut(key) else {
            return;
        };
        for change in changes {
            doc.apply(change, encoding);
        }
        doc.version = version;
        self.invalidate();
        self.dirty.insert(key.to_string());
        let now = self.now();
        self.debounce.edited(now, self.settings.debounce);
    }

    /// Analyses every edited document; their diagnostics and those of the
    /// files they affect wait to be published.
    fn analyse(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        self.invalidate();
        let mut affected: BTreeSet<FileId> = BTreeSet::new();
        let mut edited: BTreeSet<FileId> = BTreeSet::new();
        for key in std::mem::take(&mut self.dirty) {
            if let Some(doc) = self.docs.get(&key) {
                // When no request still reads the old version, its parts
                // move into the new one (nothing copied, nothing to free).
                let (id, files) = self.workspace.set_file(&key, doc.text());
                edited.insert(id);
                affected.extend(files);
            }
        }
        // Another file's steps may now mean something else.
        if affected.iter().any(|f| !edited.contains(f)) {
            self.refresh_semantic_tokens();
        }
        self.debounce.add(affected);
    }

    /// The current state for requests: made once per revision.
    fn snapshot(&mut self) -> Arc<Snapshot> {
        if let Some(snapshot) = &self.snapshot {
            return snapshot.clone();
        }
        let versions = self
            .docs
            .iter()
            .map(|(key, doc)| (key.clone(), doc.version))
            .collect();
        let snapshot = Arc::new(Snapshot::new(
            self.workspace.clone(),
            versions,
            self.encoding,
            self.settings.clone(),
            self.client,
            self.shared.clone(),
            self.out.clone(),
        ));
        self.snapshot = Some(snapshot.clone());
        snapshot
    }

    /// Drops the snapshot of the state about to change (requests that hold
    /// it keep it). At once, not on another thread: the edit that follows
    /// moves the parts of a file nobody else holds rather than copying them,
    /// and this snapshot must not be what holds it.
    fn invalidate(&mut self) {
        self.snapshot = None;
    }

    fn refresh_semantic_tokens(&self) {
        if self.client.semantic_tokens_refresh {
            let _ = self.out.send(Out::RefreshSemanticTokens);
        }
    }
}

#[cfg(test)]
mod tests;
