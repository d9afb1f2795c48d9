//! `textDocument/completion`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{CompletionParams, CompletionResponse, ServerCapabilities};

use crate::state::StateHandle;

pub fn register(_caps: &mut ServerCapabilities) {}

pub async fn completion(
    _state: &StateHandle,
    _params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    Ok(None)
}
