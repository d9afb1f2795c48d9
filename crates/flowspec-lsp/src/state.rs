//! The one owner of all document and workspace state.
//!
//! The protocol crate runs notification handlers concurrently (tower-lsp
//! issue #284), so two `didChange` notifications can reach us out of order.
//! Handlers therefore only send messages to this state thread, which:
//!
//! - applies document changes in version order: a burst of changes is
//!   collected and sorted before it is applied; a change that skips a
//!   version is held back (up to `GAP_WAIT`) until the missing one arrives;
//!   a change older than the document is refused and logged;
//! - debounces analysis after edits, and analyses before answering any
//!   request, so answers always reflect the latest text;
//! - publishes diagnostics through one channel, in order, each with the
//!   version of the text it was computed from;
//! - runs on its own OS thread: CPU work never blocks the async executor.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use flowspec_analysis::{FileData, FileId, Workspace};
use flowspec_fs::Loaded;
use tokio::sync::mpsc::UnboundedSender;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    self as lsp, FileChangeType, MessageType, TextDocumentContentChangeEvent, Uri,
};

use crate::convert::{self, Encoding};
use crate::document::Document;
use crate::settings::Settings;

/// How long continuous typing may hold diagnostics back (the debounce after
/// each edit is a setting).
const MAX_WAIT: Duration = Duration::from_millis(400);

/// How long a change that skips a version waits for the missing one. The
/// protocol allows versions that are not consecutive, so after this the
/// held changes are applied in order anyway (and the gap is logged).
const GAP_WAIT: Duration = Duration::from_millis(100);

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
        changes: Vec<TextDocumentContentChangeEvent>,
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
    /// A request: runs against up-to-date analysis.
    Query(Box<dyn FnOnce(&mut Core) + Send>),
}

/// What the state thread sends to the client, in order.
pub enum Out {
    Diagnostics {
        uri: Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    },
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
}

impl StateHandle {
    pub fn send(&self, msg: Msg) {
        // Only fails once the state thread is gone, at exit.
        let _ = self.tx.send(msg);
    }

    /// Runs `f` on the state thread, after any pending edit is analysed.
    pub async fn query<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Core) -> R + Send + 'static,
    ) -> jsonrpc::Result<R> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.send(Msg::Query(Box::new(move |core| {
            let _ = tx.send(f(core));
        })));
        rx.await.map_err(|_| jsonrpc::Error::internal_error())
    }
}

/// Starts the state thread.
pub fn spawn(out: UnboundedSender<Out>) -> StateHandle {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("flowspec-state".into())
        .spawn(move || Core::new(out).run(rx))
        .expect("the state thread starts");
    StateHandle { tx }
}

pub struct Core {
    pub workspace: Workspace,
    pub docs: HashMap<String, Document>,
    pub encoding: Encoding,
    pub settings: Settings,
    pub client: ClientCaps,
    roots: Vec<PathBuf>,
    dirty: BTreeSet<String>,
    dirty_since: Option<Instant>,
    deadline: Option<Instant>,
    /// Changes that came before a change they follow, per document, by
    /// version; applied when the gap closes or at `held_until`.
    held: HashMap<String, BTreeMap<i32, Vec<TextDocumentContentChangeEvent>>>,
    held_until: Option<Instant>,
    out: UnboundedSender<Out>,
    /// Files whose last published diagnostics were not empty.
    published: HashSet<String>,
    /// Old file versions to free off the state thread.
    garbage: mpsc::Sender<Vec<Arc<FileData>>>,
    /// Whether the workspace folders have been indexed. Until then nothing
    /// is published: a file opened early would show its steps as unknown
    /// until their declarations in other files are read. Indexing then
    /// publishes every file.
    indexed: bool,
}

impl Core {
    /// Edits as the client wants them: versioned per document when it can.
    pub fn workspace_edit(
        &self,
        edits: &[(
            flowspec_analysis::FileId,
            flowspec_analysis::diagnostic::Edit,
        )],
    ) -> tower_lsp_server::ls_types::WorkspaceEdit {
        let version = |path: &str| self.docs.get(path).map(|d| d.version);
        let versions: Option<&convert::VersionOf<'_>> =
            self.client.document_changes.then_some(&version);
        convert::workspace_edit(&self.workspace, edits, self.encoding, versions)
    }

    fn new(out: UnboundedSender<Out>) -> Core {
        let (garbage, trash) = mpsc::channel::<Vec<Arc<FileData>>>();
        std::thread::Builder::new()
            .name("flowspec-free".into())
            .spawn(move || {
                for batch in trash {
                    drop(batch)
                }
            })
            .expect("the freeing thread starts");
        Core {
            workspace: Workspace::new(),
            docs: HashMap::new(),
            encoding: Encoding::Utf16,
            settings: Settings::default(),
            client: ClientCaps::default(),
            roots: Vec::new(),
            dirty: BTreeSet::new(),
            dirty_since: None,
            deadline: None,
            held: HashMap::new(),
            held_until: None,
            out,
            published: HashSet::new(),
            garbage,
            indexed: false,
        }
    }

    fn run(mut self, rx: mpsc::Receiver<Msg>) {
        let mut next: Option<Msg> = None;
        loop {
            let msg = match next.take() {
                Some(msg) => msg,
                None => {
                    let wake = match (self.deadline, self.held_until) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                    let received = match wake {
                        Some(wake) => {
                            rx.recv_timeout(wake.saturating_duration_since(Instant::now()))
                        }
                        None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                    };
                    match received {
                        Ok(msg) => msg,
                        Err(RecvTimeoutError::Timeout) => {
                            let now = Instant::now();
                            if self.held_until.is_some_and(|t| t <= now) {
                                self.guard("held changes", |core| core.release_held());
                            }
                            if self.deadline.is_some_and(|t| t <= now) {
                                self.guard("analysis", |core| core.analyse());
                            }
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            };
            if let Msg::Change { .. } = msg {
                // Collect the burst of changes already waiting, and apply
                // them in version order.
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
                batch.sort_by_key(|m| match m {
                    Msg::Change { version, .. } => *version,
                    _ => 0,
                });
                for change in batch {
                    self.guard("a change", |core| core.handle(change));
                }
            } else {
                self.guard("a message", |core| core.handle(msg));
            }
        }
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
                self.settings = settings;
            }
            Msg::Index => {
                let roots = self.roots.clone();
                for root in &roots {
                    self.index_folder(root);
                }
                self.indexed = true;
                self.analyse();
                self.publish_all();
                self.refresh_semantic_tokens();
            }
            Msg::Open { key, version, text } => {
                self.held.remove(&key);
                self.docs.insert(key.clone(), Document::new(&text, version));
                self.dirty.insert(key);
                // A file just opened is analysed at once.
                self.analyse();
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
                let hints_changed = settings.inlay_hints != self.settings.inlay_hints;
                self.settings = settings;
                self.analyse();
                self.publish_all();
                if hints_changed && self.client.inlay_hint_refresh {
                    let _ = self.out.send(Out::RefreshInlayHints);
                }
            }
            Msg::Query(f) => {
                // An answer is for the newest text the client sent.
                self.release_held();
                self.analyse();
                f(self);
            }
        }
    }

    fn change(&mut self, key: String, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        let Some(doc) = self.docs.get(&key) else {
            self.log(
                MessageType::WARNING,
                format!("a change to {key}, which is not open, was ignored"),
            );
            return;
        };
        if version <= doc.version {
            let current = doc.version;
            self.log(
                MessageType::WARNING,
                format!("a change to {key} for version {version} came after version {current} and was ignored"),
            );
            return;
        }
        if version > doc.version + 1 {
            // Perhaps the change before it is still on its way.
            self.held.entry(key).or_default().insert(version, changes);
            self.held_until.get_or_insert(Instant::now() + GAP_WAIT);
            return;
        }
        self.apply(&key, version, &changes);
        // The changes this one was the gap before.
        while let Some(next) = self.docs.get(&key).map(|d| d.version + 1)
            && let Some(changes) = self.held.get_mut(&key).and_then(|h| h.remove(&next))
        {
            self.apply(&key, next, &changes);
        }
        if self.held.get(&key).is_some_and(BTreeMap::is_empty) {
            self.held.remove(&key);
        }
        if self.held.is_empty() {
            self.held_until = None;
        }
    }

    /// Applies the held changes in version order: no change filled their gap
    /// in time (or a request needs the newest text).
    fn release_held(&mut self) {
        self.held_until = None;
        for (key, held) in std::mem::take(&mut self.held) {
            if let Some((first, _)) = held.first_key_value() {
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
        self.dirty.insert(key.to_string());
        let now = Instant::now();
        let since = *self.dirty_since.get_or_insert(now);
        self.deadline = Some((now + self.settings.debounce).min(since + MAX_WAIT));
    }

    /// Analyses every edited document and publishes what changed.
    pub fn analyse(&mut self) {
        self.deadline = None;
        self.dirty_since = None;
        if self.dirty.is_empty() {
            return;
        }
        let mut affected: BTreeSet<FileId> = BTreeSet::new();
        let mut edited: BTreeSet<FileId> = BTreeSet::new();
        // The previous versions are freed after the diagnostics are out, on
        // another thread: freeing a large tree takes longer than analysing
        // an edit.
        let mut previous = Vec::new();
        for key in std::mem::take(&mut self.dirty) {
            if let Some(doc) = self.docs.get(&key) {
                if let Some(old) = self
                    .workspace
                    .file_id(&key)
                    .and_then(|id| self.workspace.file(id))
                {
                    previous.push(old.clone());
                }
                let (id, files) = self.workspace.set_file(&key, doc.text());
                edited.insert(id);
                affected.extend(files);
            }
        }
        // Another file's steps may now mean something else.
        let elsewhere = affected.iter().any(|f| !edited.contains(f));
        if self.indexed {
            self.publish(affected);
        }
        if elsewhere {
            self.refresh_semantic_tokens();
        }
        if !previous.is_empty() {
            let _ = self.garbage.send(previous);
        }
    }

    /// Publishes the diagnostics of these files (nothing for a file that had
    /// none and still has none).
    fn publish(&mut self, files: impl IntoIterator<Item = FileId>) {
        for id in files {
            let Some(file) = self.workspace.file(id) else {
                continue;
            };
            let key = file.path.clone();
            let diagnostics: Vec<lsp::Diagnostic> = self
                .workspace
                .diagnostics(id)
                .iter()
                .map(|d| convert::diagnostic(&self.workspace, file, d, self.encoding))
                .collect();
            let open = self.docs.get(&key);
            if diagnostics.is_empty() && open.is_none() && !self.published.contains(&key) {
                continue;
            }
            if diagnostics.is_empty() {
                self.published.remove(&key);
            } else {
                self.published.insert(key.clone());
            }
            if let Some(uri) = convert::uri(&key) {
                let _ = self.out.send(Out::Diagnostics {
                    uri,
                    diagnostics,
                    version: open.map(|d| d.version),
                });
            }
        }
    }

    fn refresh_semantic_tokens(&self) {
        if self.client.semantic_tokens_refresh {
            let _ = self.out.send(Out::RefreshSemanticTokens);
        }
    }

    /// Publishes every file's diagnostics, once the workspace is indexed.
    fn publish_all(&mut self) {
        if self.indexed {
            let all: Vec<FileId> = self.workspace.files().map(|(id, _)| id).collect();
            self.publish(all);
        }
    }

    /// Clears the diagnostics of a file that left the workspace.
    fn clear(&mut self, key: &str) {
        if self.published.remove(key)
            && let Some(uri) = convert::uri(key)
        {
            let _ = self.out.send(Out::Diagnostics {
                uri,
                diagnostics: Vec::new(),
                version: None,
            });
        }
    }

    fn close(&mut self, key: &str) {
        self.held.remove(key);
        if self.docs.remove(key).is_none() {
            return;
        }
        self.dirty.remove(key);
        // Back to the disk's text, if the file is on disk and in the
        // workspace; a file from elsewhere leaves with its editor.
        let on_disk = convert::path(key).filter(|p| self.is_design_on_disk(p));
        match on_disk {
            Some(path) => {
                if let Some(affected) = self.load_from_disk(key, &path) {
                    self.publish(affected);
                }
            }
            None => self.remove(key),
        }
    }

    fn remove(&mut self, key: &str) {
        let affected = self.workspace.remove_file(key);
        self.clear(key);
        self.publish(affected);
    }

    /// Reads a file into the workspace. `None` when it is skipped (too large,
    /// unreadable); the reason is logged.
    fn load_from_disk(&mut self, key: &str, path: &Path) -> Option<Vec<FileId>> {
        match flowspec_fs::read_flow_file(path) {
            Ok(Loaded::Text(text)) => Some(self.workspace.set_file(key, text).1),
            Ok(Loaded::NotUtf8(bad)) => Some(
                self.workspace
                    .set_unreadable_at(key, Arc::from(bad.text), bad.at, bad.message)
                    .1,
            ),
            Ok(Loaded::TooLarge(message)) => {
                self.log(
                    MessageType::WARNING,
                    format!("skipped {}: {message}", path.display()),
                );
                None
            }
            Err(e) => {
                self.log(
                    MessageType::WARNING,
                    format!("could not read {}: {e}", path.display()),
                );
                None
            }
        }
    }

    /// Whether indexing would read this path: a design file below a
    /// workspace folder, not in (or named as) a skipped folder or hidden file.
    fn in_workspace(&self, path: &Path) -> bool {
        flowspec_fs::is_flow_file(path)
            && self.roots.iter().any(|root| {
                path.strip_prefix(root).is_ok_and(|rest| {
                    !rest.components().any(|c| {
                        c.as_os_str()
                            .to_str()
                            .is_some_and(flowspec_fs::is_skipped_name)
                    })
                })
            })
    }

    /// A workspace design that is a regular file on disk (indexing does not
    /// follow symbolic links, so neither do watched-file events).
    fn is_design_on_disk(&self, path: &Path) -> bool {
        self.in_workspace(path) && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
    }

    fn index_folder(&mut self, root: &Path) {
        let started = Instant::now();
        let paths = match flowspec_fs::walk_folder(root) {
            Ok(paths) => paths,
            Err(e) => {
                self.log(MessageType::WARNING, format!("could not index {e}"));
                return;
            }
        };
        let mut texts: Vec<(String, Arc<str>)> = Vec::with_capacity(paths.len());
        let mut unreadable = Vec::new();
        let mut count = 0;
        for path in &paths {
            let Some(key) = convert::key_of_path(path) else {
                continue;
            };
            count += 1;
            if self.docs.contains_key(&key) {
                continue; // the open document's text wins
            }
            match flowspec_fs::read_flow_file(path) {
                Ok(Loaded::Text(text)) => texts.push((key, Arc::from(text))),
                Ok(Loaded::NotUtf8(bad)) => unreadable.push((key, bad)),
                Ok(Loaded::TooLarge(message)) => {
                    count -= 1;
                    self.log(
                        MessageType::WARNING,
                        format!("skipped {}: {message}", path.display()),
                    );
                }
                Err(e) => {
                    count -= 1;
                    self.log(
                        MessageType::WARNING,
                        format!("could not read {}: {e}", path.display()),
                    );
                }
            }
        }

        self.workspace.set_files(texts);
        for (key, bad) in unreadable {
            self.workspace
                .set_unreadable_at(&key, Arc::from(bad.text), bad.at, bad.message);
        }
        self.log(
            MessageType::INFO,
            format!(
                "indexed {count} .flow files in {} in {} ms",
                root.display(),
                started.elapsed().as_millis()
            ),
        );
    }

    fn watched(&mut self, events: Vec<(String, FileChangeType)>) {
        for (key, kind) in events {
            if self.docs.contains_key(&key) {
                continue; // an open document's text wins over the disk
            }
            let Some(path) = convert::path(&key) else {
                continue;
            };
            let known = self.workspace.file_id(&key).is_some();
            if kind == FileChangeType::DELETED || !self.is_design_on_disk(&path) {
                if known {
                    self.remove(&key);
                }
            } else {
                match self.load_from_disk(&key, &path) {
                    Some(affected) => self.publish(affected),
                    // Grown past the size limit, or unreadable now: as
                    // indexing would, leave it out.
                    None if known => self.remove(&key),
                    None => {}
                }
            }
        }
    }

    fn folders(&mut self, added: Vec<PathBuf>, removed: Vec<PathBuf>) {
        for root in &removed {
            self.roots.retain(|r| r != root);
            let gone: Vec<String> = self
                .workspace
                .files()
                .map(|(_, f)| f.path.clone())
                .filter(|key| !self.docs.contains_key(key))
                .filter(|key| {
                    convert::path(key)
                        .is_some_and(|p| p.starts_with(root) && !self.in_workspace(&p))
                })
                .collect();
            for key in gone {
                self.remove(&key);
            }
        }
        for root in added {
            if !self.roots.contains(&root) {
                self.roots.push(root.clone());
                self.index_folder(&root);
            }
        }
        self.publish_all();
        // Steps in open files may now resolve, or no longer.
        self.refresh_semantic_tokens();
    }
}
