//! `textDocument/foldingRange`: the analysis's folds, as whole lines (what
//! clients with `lineFoldingOnly`, VS Code among them, need; the others
//! take lines too). Comment runs have the `comment` kind, so "fold all
//! comments" finds them; blocks, lists and headers have none.

use flowspec_analysis::FileData;
use flowspec_analysis::ide::folding::{FoldKind, folding_ranges};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    FoldingRangeParams, FoldingRangeProviderCapability, ServerCapabilities,
};

use crate::state::StateHandle;
use crate::wire::{Json, Text};

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
            let folds = snap
                .shared
                .per_version("folding", doc.file, || write_folds(doc.file));
            folds.as_ref().clone()
        })
        .await
}

/// The folds as the protocol's `FoldingRange` writes them (see
/// [`crate::wire::Text`]), whole lines.
fn write_folds(file: &FileData) -> Json {
    let folds = folding_ranges(file);
    let mut out = Text::with_capacity(40 * folds.len() + 2);
    out.list(&folds, |out, fold| {
        out.raw(r#"{"startLine":"#);
        out.uint(file.lines.line_of(fold.span.start as usize));
        out.raw(r#","endLine":"#);
        out.uint(file.lines.line_of(fold.span.end as usize));
        if fold.kind == FoldKind::Comment {
            out.raw(r#","kind":"comment""#);
        }
        out.raw("}");
    });
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind};

    #[test]
    fn folds_are_written_as_the_protocols_types_write_them() {
        let text = "## a\n## b\ntool t {\n  kind: mis\n}\n# c\n# d\nflow f: t -> u {\n  data: [\n    \"x\",\n  ]\n}\r\n";
        let mut ws = flowspec_analysis::Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let file = ws.file(id).unwrap();
        let typed: Vec<FoldingRange> = folding_ranges(file)
            .into_iter()
            .map(|fold| FoldingRange {
                start_line: file.lines.line_of(fold.span.start as usize),
                end_line: file.lines.line_of(fold.span.end as usize),
                kind: (fold.kind == FoldKind::Comment).then_some(FoldingRangeKind::Comment),
                ..Default::default()
            })
            .collect();
        assert!(typed.len() >= 4, "{typed:?}");
        assert!(typed.iter().any(|f| f.kind.is_some()));
        assert_eq!(
            String::from_utf8_lossy(write_folds(file).as_bytes()),
            serde_json::to_string(&typed).unwrap()
        );
    }
}
