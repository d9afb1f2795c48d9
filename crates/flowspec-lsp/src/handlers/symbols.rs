//! `textDocument/documentSymbol` and `workspace/symbol`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentSymbolParams, DocumentSymbolResponse, ServerCapabilities, WorkspaceSymbolParams,
    WorkspaceSymbolResponse,
};

use crate::state::StateHandle;

pub fn register(_caps: &mut ServerCapabilities) {}

pub async fn document(
    _state: &StateHandle,
    _params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    Ok(None)
}

pub async fn workspace(
    _state: &StateHandle,
    _params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    Ok(None)
}
