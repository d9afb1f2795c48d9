//! `textDocument/prepareRename` and `textDocument/rename`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    PrepareRenameResponse, RenameParams, ServerCapabilities, TextDocumentPositionParams,
    WorkspaceEdit,
};

use crate::state::StateHandle;

pub fn register(_caps: &mut ServerCapabilities) {}

pub async fn prepare(
    _state: &StateHandle,
    _params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    Ok(None)
}

pub async fn rename(_state: &StateHandle, _params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    Ok(None)
}
