//! `textDocument/selectionRange`: for each position, the analysis's chain
//! of growing spans, innermost first, as nested `SelectionRange`s.

use flowspec_analysis::ide::selection::selection_ranges;
use flowspec_analysis::syntax::Span;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    SelectionRange, SelectionRangeParams, SelectionRangeProviderCapability, ServerCapabilities,
};

use crate::snapshot::At;
use crate::state::StateHandle;

pub fn register(caps: &mut ServerCapabilities) {
    caps.selection_range_provider = Some(SelectionRangeProviderCapability::Simple(true));
}

pub async fn selection(
    state: &StateHandle,
    params: SelectionRangeParams,
) -> Result<Option<Vec<SelectionRange>>> {
    let uri = params.text_document.uri;
    let positions = params.positions;
    state
        .read(&uri.clone(), move |snap| {
            // One answer per position, in order, as the protocol requires.
            let answers = positions
                .iter()
                .map(|position| {
                    let At { file, offset, .. } = snap.at(&uri, *position)?;
                    let mut spans = selection_ranges(file, offset);
                    if spans.is_empty() {
                        spans.push(Span::empty(offset));
                    }
                    spans.iter().rev().fold(None, |parent, span| {
                        Some(SelectionRange {
                            range: snap.range(file, *span),
                            parent: parent.map(Box::new),
                        })
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(answers)
        })
        .await
}
