//! `textDocument/definition`, `declaration`, `references`, `documentHighlight`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::request::{GotoDeclarationParams, GotoDeclarationResponse};
use tower_lsp_server::ls_types::{
    DocumentHighlight, DocumentHighlightParams, GotoDefinitionParams, GotoDefinitionResponse,
    Location, ReferenceParams, ServerCapabilities,
};

use crate::state::StateHandle;

pub fn register(_caps: &mut ServerCapabilities) {}

pub async fn definition(
    _state: &StateHandle,
    _params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    Ok(None)
}

pub async fn declaration(
    _state: &StateHandle,
    _params: GotoDeclarationParams,
) -> Result<Option<GotoDeclarationResponse>> {
    Ok(None)
}

pub async fn references(
    _state: &StateHandle,
    _params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    Ok(None)
}

pub async fn highlight(
    _state: &StateHandle,
    _params: DocumentHighlightParams,
) -> Result<Option<Vec<DocumentHighlight>>> {
    Ok(None)
}
