//! `textDocument/documentSymbol` and `workspace/symbol`.
//!
//! Kinds, the same in both: a tool is a `Class` (a system with
//! properties), a role an `Interface` (a person who stands between tools and
//! moves data by hand), a flow a `Function` (a process from its first step
//! to its last). The outline is the analysis's: one symbol per item, a
//! flow's chain and answered questions in its detail. It depends on one
//! file only, so it is converted once per version of the file.

use flowspec_analysis::ide::symbols::{self, DocumentSymbol, SymbolKind};
use flowspec_analysis::{FileData, Workspace};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    self as lsp, DocumentSymbolParams, OneOf, ServerCapabilities, SymbolInformation,
    WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use crate::convert::{self, Encoding};
use crate::state::StateHandle;
use crate::wire::Json;

pub fn register(caps: &mut ServerCapabilities) {
    caps.document_symbol_provider = Some(OneOf::Left(true));
    caps.workspace_symbol_provider = Some(OneOf::Left(true));
}

fn kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Tool => lsp::SymbolKind::CLASS,
        SymbolKind::Role => lsp::SymbolKind::INTERFACE,
        SymbolKind::Flow => lsp::SymbolKind::FUNCTION,
        SymbolKind::Record => lsp::SymbolKind::STRUCT,
        SymbolKind::Field => lsp::SymbolKind::FIELD,
        SymbolKind::Sample => lsp::SymbolKind::OBJECT,
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the protocol's struct
fn document_symbol(file: &FileData, s: &DocumentSymbol, encoding: Encoding) -> lsp::DocumentSymbol {
    let children: Vec<lsp::DocumentSymbol> = s
        .children
        .iter()
        .map(|c| document_symbol(file, c, encoding))
        .collect();
    lsp::DocumentSymbol {
        name: s.name.clone(),
        detail: s.detail.clone(),
        kind: kind(s.kind),
        tags: None,
        deprecated: None,
        range: convert::range(file, s.span, encoding),
        selection_range: convert::range(file, s.focus, encoding),
        children: (!children.is_empty()).then_some(children),
    }
}

/// The outline, as JSON text made once per version of the file (what
/// [`crate::direct`] sends).
pub async fn document(state: &StateHandle, params: DocumentSymbolParams) -> Result<Json> {
    let uri = params.text_document.uri;
    state
        .read(&uri.clone(), move |snap| {
            let Some(doc) = snap.document(&uri) else {
                return Json::null();
            };
            let file = doc.file;
            let symbols = snap.shared.per_version("documentSymbol", file, || {
                let symbols: Vec<lsp::DocumentSymbol> = symbols::document_symbols(file)
                    .iter()
                    .map(|s| document_symbol(file, s, snap.encoding))
                    .collect();
                Json::of(&symbols)
            });
            symbols.as_ref().clone()
        })
        .await
}

#[allow(deprecated)] // `deprecated` is a required field of the protocol's struct
fn workspace_symbols(
    workspace: &Workspace,
    query: &str,
    encoding: Encoding,
) -> Vec<SymbolInformation> {
    symbols::workspace_symbols(workspace, query)
        .into_iter()
        .filter_map(|s| {
            Some(SymbolInformation {
                name: s.name.to_string(),
                kind: kind(s.kind),
                tags: None,
                deprecated: None,
                location: convert::location(workspace, s.file, s.focus, encoding)?,
                container_name: s.container,
            })
        })
        .collect()
}

pub async fn workspace(
    state: &StateHandle,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let query = params.query;
    state
        .read_workspace(move |snap| {
            Some(WorkspaceSymbolResponse::Flat(workspace_symbols(
                &snap.workspace,
                &query,
                snap.encoding,
            )))
        })
        .await
}
