//! `textDocument/selectionRange`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{SelectionRange, SelectionRangeParams, ServerCapabilities};

use crate::state::StateHandle;

pub fn register(_caps: &mut ServerCapabilities) {}

pub async fn selection(
    _state: &StateHandle,
    _params: SelectionRangeParams,
) -> Result<Option<Vec<SelectionRange>>> {
    Ok(None)
}
