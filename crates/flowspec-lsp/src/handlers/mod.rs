//! One file per LSP feature. Each handler finds the document, asks the
//! analysis, and converts the answer; none decides anything itself.

pub mod code_actions;
pub mod code_lens;
pub mod completion;
pub mod folding;
pub mod formatting;
pub mod hover;
pub mod inlay_hints;
pub mod navigation;
pub mod rename;
pub mod selection;
pub mod semantic_tokens;
pub mod symbols;

use tower_lsp_server::ls_types::*;

use crate::convert::{self, Encoding};

/// Everything the server can do, as announced in `initialize`.
pub fn capabilities(encoding: Encoding) -> ServerCapabilities {
    let mut caps = ServerCapabilities {
        position_encoding: Some(convert::encoding_kind(encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        document_formatting_provider: Some(OneOf::Left(true)),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..Default::default()
    };
    // Each feature announces itself, next to its handler.
    hover::register(&mut caps);
    completion::register(&mut caps);
    navigation::register(&mut caps);
    rename::register(&mut caps);
    symbols::register(&mut caps);
    semantic_tokens::register(&mut caps);
    folding::register(&mut caps);
    selection::register(&mut caps);
    code_actions::register(&mut caps);
    code_lens::register(&mut caps);
    inlay_hints::register(&mut caps);
    caps
}
