//! `textDocument/foldingRange`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeParams, ServerCapabilities};

use crate::state::StateHandle;

pub fn register(_caps: &mut ServerCapabilities) {}

pub async fn folding(
    _state: &StateHandle,
    _params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    Ok(None)
}
