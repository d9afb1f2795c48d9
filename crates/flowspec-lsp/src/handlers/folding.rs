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

use crate::state::StateHandle;
use crate::wire::Json;

pub fn register(caps: &mut ServerCapabilities) {
    caps.folding_range_provider = Some(FoldingRangeProviderCapability::Simple(true));
}

pub async fn folding(state: &StateHandle, params: FoldingRangeParams) -> Result<Json> {
    let uri = params.text_document.uri;
    state
        .read(&uri.clone(), move |snap| {
            let Some(doc) = snap.document(&uri) else {
                return Json::null();
            };
            // Lines do not depend on the position encoding: once per version.
            let folds = snap.shared.per_version("folding", doc.file, || {
                let folds: Vec<FoldingRange> = folding_ranges(doc.file)
                    .into_iter()
                    .map(|fold| FoldingRange {
                        start_line: doc.file.lines.line_of(fold.span.start as usize),
                        end_line: doc.file.lines.line_of(fold.span.end as usize),
                        kind: (fold.kind == FoldKind::Comment).then_some(FoldingRangeKind::Comment),
                        ..Default::default()
                    })
                    .collect();
                Json::of(&folds)
            });
            folds.as_ref().clone()
        })
        .await
}
