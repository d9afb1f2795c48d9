//! `textDocument/inlayHint`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{InlayHint, InlayHintParams, ServerCapabilities};

use crate::state::StateHandle;

pub fn register(_caps: &mut ServerCapabilities) {}

pub async fn inlay_hints(
    _state: &StateHandle,
    _params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    Ok(None)
}
