//! `textDocument/codeAction`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{CodeActionParams, CodeActionResponse, ServerCapabilities};

use crate::state::StateHandle;

pub fn register(_caps: &mut ServerCapabilities) {}

pub async fn code_actions(
    _state: &StateHandle,
    _params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    Ok(None)
}
