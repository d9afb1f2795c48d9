//! An immutable view of the analysis, for answering requests.
//!
//! The state thread makes one after it has applied and analysed every edit
//! received before a request (one per revision: requests in between share
//! it); the request then runs on a worker thread against it, while the
//! state thread goes on applying edits. Cloning the workspace is cheap (its
//! files are shared), so a snapshot costs a few pointer copies.
//!
//! Every handler opens the same way, "find the document, convert the
//! position": [`Snapshot::document`] and [`Snapshot::at`].

use std::collections::HashMap;
use std::sync::Arc;

use flowspec_analysis::syntax::Span;
use flowspec_analysis::{FileData, FileId, Workspace};
use tokio::sync::mpsc::UnboundedSender;
use tower_lsp_server::ls_types::{MessageType, Position, Range, Uri, WorkspaceEdit};

use crate::cache::Shared;
use crate::convert::{self, Encoding};
use crate::settings::Settings;
use crate::state::{ClientCaps, Out};

pub struct Snapshot {
    pub workspace: Workspace,
    /// The version of each open document, as analysed here.
    pub versions: HashMap<String, i32>,
    pub encoding: Encoding,
    pub settings: Settings,
    pub client: ClientCaps,
    /// Caches of answers, shared across snapshots.
    pub shared: Arc<Shared>,
    out: UnboundedSender<Out>,
}

/// A document of the workspace.
#[derive(Clone, Copy)]
pub struct Doc<'a> {
    pub id: FileId,
    pub key: &'a str,
    pub file: &'a Arc<FileData>,
}

/// A position in a document, as a byte offset.
#[derive(Clone, Copy)]
pub struct At<'a> {
    pub id: FileId,
    pub file: &'a Arc<FileData>,
    pub offset: usize,
}

impl Snapshot {
    pub fn new(
        workspace: Workspace,
        versions: HashMap<String, i32>,
        encoding: Encoding,
        settings: Settings,
        client: ClientCaps,
        shared: Arc<Shared>,
        out: UnboundedSender<Out>,
    ) -> Snapshot {
        Snapshot {
            workspace,
            versions,
            encoding,
            settings,
            client,
            shared,
            out,
        }
    }

    /// The document a URI names (`None`: not in the workspace).
    pub fn document(&self, uri: &Uri) -> Option<Doc<'_>> {
        let key = convert::key(uri);
        let id = self.workspace.file_id(&key)?;
        let file = self.workspace.file(id)?;
        Some(Doc {
            id,
            key: file.path.as_str(),
            file,
        })
    }

    /// A position of a document, as a byte offset (clamped into the text).
    pub fn at(&self, uri: &Uri, position: Position) -> Option<At<'_>> {
        let doc = self.document(uri)?;
        Some(At {
            id: doc.id,
            file: doc.file,
            offset: convert::offset(doc.file, position, self.encoding),
        })
    }

    pub fn range(&self, file: &FileData, span: Span) -> Range {
        convert::range(file, span, self.encoding)
    }

    pub fn position(&self, file: &FileData, offset: u32) -> Position {
        convert::position(file, offset, self.encoding)
    }

    pub fn span(&self, file: &FileData, range: Range) -> Span {
        convert::span(file, range, self.encoding)
    }

    /// The version of an open document as analysed here (`None`: not open).
    pub fn version(&self, key: &str) -> Option<i32> {
        self.versions.get(key).copied()
    }

    /// Edits as the client wants them: versioned per document when it can.
    pub fn workspace_edit(
        &self,
        edits: &[(FileId, flowspec_analysis::diagnostic::Edit)],
    ) -> WorkspaceEdit {
        let version = |path: &str| self.version(path);
        let versions: Option<&convert::VersionOf<'_>> =
            self.client.document_changes.then_some(&version);
        convert::workspace_edit(&self.workspace, edits, self.encoding, versions)
    }

    /// A message for the client's log.
    pub fn log(&self, kind: MessageType, message: String) {
        let _ = self.out.send(Out::Log(kind, message));
    }
}
