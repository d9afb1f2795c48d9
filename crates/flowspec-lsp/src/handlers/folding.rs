//! `textDocument/foldingRange`: the analysis's folds, as whole lines (what
//! clients with `lineFoldingOnly`, VS Code among them, need; the others
//! take lines too). Comment runs have the `comment` kind, so "fold all
//! comments" finds them; blocks, lists and headers have none.

use flowspec_analysis::FileData;
use flowspec_analysis::ide::folding::{FoldKind, Folding};
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
            let folds = snap.shared.per_version(FOLDING, doc.file, || {
                let previous = snap.shared.last::<Folds>(FOLDING, &doc.file.path);
                Folds::of(doc.file, previous.as_deref())
            });
            folds.json.clone()
        })
        .await
}

const FOLDING: &str = "folding";

/// The folds of one version of a file, and as sent.
struct Folds {
    folding: Folding,
    json: Json,
}

impl Folds {
    /// The folds of `file`, kept from `previous` where the edit kept them
    /// ([`Folding::of`]). A keystroke seldom changes them (the answer is
    /// made of line numbers only): when they equal `previous`'s, its text
    /// is sent again rather than written anew.
    fn of(file: &FileData, previous: Option<&Folds>) -> Folds {
        let folding = Folding::of(file, previous.map(|p| &p.folding));
        let json = match previous {
            Some(previous) if previous.folding.lines == folding.lines => previous.json.clone(),
            _ => write_folds(&folding.lines),
        };
        Folds { folding, json }
    }
}

/// The folds as the protocol's `FoldingRange` writes them (see
/// [`crate::wire::Text`]), whole lines.
fn write_folds(folds: &[(u32, u32, FoldKind)]) -> Json {
    let mut out = Text::with_capacity(40 * folds.len() + 2);
    out.list(folds, |out, &(start, end, kind)| {
        out.raw(r#"{"startLine":"#);
        out.uint(start);
        out.raw(r#","endLine":"#);
        out.uint(end);
        if kind == FoldKind::Comment {
            out.raw(r#","kind":"comment""#);
        }
        out.raw("}");
    });
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowspec_analysis::ide::folding::folding_ranges;
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
            String::from_utf8_lossy(Folds::of(file, None).json.as_bytes()),
            serde_json::to_string(&typed).unwrap()
        );
    }

    /// After an edit, the folds' text is the previous version's when their
    /// lines are the same, and written anew (equal to a fresh answer) when
    /// they are not.
    #[test]
    fn folds_are_sent_again_when_an_edit_keeps_their_lines() {
        let text = "tool t {\n  kind: mis\n}\nflow f: t -> u {\n  data: [\n    \"x\",\n  ]\n}\n";
        let mut ws = flowspec_analysis::Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let first = Folds::of(ws.file(id).unwrap(), None);
        // A letter typed in a string: the same lines.
        ws.set_file("a.flow", text.replace("\"x\"", "\"xy\""));
        let file = ws.file(id).unwrap();
        let kept = Folds::of(file, Some(&first));
        assert!(std::ptr::eq(kept.json.as_bytes(), first.json.as_bytes()));
        assert_eq!(kept.json, Folds::of(file, None).json);
        // A line added inside the list: written anew.
        ws.set_file("a.flow", text.replace("\"x\",", "\"x\",\n    \"z\","));
        let file = ws.file(id).unwrap();
        let moved = Folds::of(file, Some(&first));
        assert!(!std::ptr::eq(moved.json.as_bytes(), first.json.as_bytes()));
        assert_ne!(moved.json, first.json);
        assert_eq!(moved.json, Folds::of(file, None).json);
    }
}
