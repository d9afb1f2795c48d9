//! `textDocument/selectionRange`: for each position, the analysis's chain
//! of growing spans, innermost first, as nested `SelectionRange`s.

use flowspec_analysis::ide::selection::selection_ranges;
use flowspec_analysis::syntax::Span;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    SelectionRange, SelectionRangeParams, SelectionRangeProviderCapability, ServerCapabilities,
};

use crate::convert;
use crate::state::StateHandle;

pub fn register(caps: &mut ServerCapabilities) {
    caps.selection_range_provider = Some(SelectionRangeProviderCapability::Simple(true));
}

pub async fn selection(
    state: &StateHandle,
    params: SelectionRangeParams,
) -> Result<Option<Vec<SelectionRange>>> {
    let key = convert::key(&params.text_document.uri);
    state
        .query(move |core| {
            let id = core.workspace.file_id(&key)?;
            let file = core.workspace.file(id)?;
            // One answer per position, in order, as the protocol requires.
            let answers = params
                .positions
                .iter()
                .map(|position| {
                    let offset = convert::offset(file, *position, core.encoding);
                    let mut spans = selection_ranges(file, offset);
                    if spans.is_empty() {
                        spans.push(Span::empty(offset));
                    }
                    spans.iter().rev().fold(None, |parent, span| {
                        Some(SelectionRange {
                            range: convert::range(file, *span, core.encoding),
                            parent: parent.map(Box::new),
                        })
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(answers)
        })
        .await
}
