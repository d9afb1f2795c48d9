//! `textDocument/foldingRange`: the analysis's folds, as whole lines (what
//! clients with `lineFoldingOnly`, VS Code among them, need; the others
//! take lines too). Comment runs have the `comment` kind, so "fold all
//! comments" finds them; blocks, lists and headers have none.

use flowspec_analysis::ide::folding::{FoldKind, folding_ranges};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    FoldingRange, FoldingRangeKind, FoldingRangeParams, FoldingRangeProviderCapability,
    ServerCapabilities,
};

use crate::convert;
use crate::state::StateHandle;

pub fn register(caps: &mut ServerCapabilities) {
    caps.folding_range_provider = Some(FoldingRangeProviderCapability::Simple(true));
}

pub async fn folding(
    state: &StateHandle,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    let key = convert::key(&params.text_document.uri);
    state
        .query(move |core| {
            let id = core.workspace.file_id(&key)?;
            let file = core.workspace.file(id)?;
            let folds = folding_ranges(file)
                .into_iter()
                .map(|fold| FoldingRange {
                    start_line: convert::position(file, fold.span.start, core.encoding).line,
                    end_line: convert::position(file, fold.span.end, core.encoding).line,
                    kind: (fold.kind == FoldKind::Comment).then_some(FoldingRangeKind::Comment),
                    ..Default::default()
                })
                .collect();
            Some(folds)
        })
        .await
}
