//! `textDocument/semanticTokens/full`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{SemanticTokensParams, SemanticTokensResult, ServerCapabilities};

use crate::state::StateHandle;

pub fn register(_caps: &mut ServerCapabilities) {}

pub async fn full(
    _state: &StateHandle,
    _params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    Ok(None)
}
