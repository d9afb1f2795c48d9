//! `textDocument/foldingRange`: the analysis's folds, as whole lines (what
//! clients with `lineFoldingOnly`, VS Code among them, need; the others
//! take lines too). Comment runs have the `comment` kind, so "fold all
//! comments" finds them; blocks, lists and headers have none.

use flowspec_analysis::ide::folding::{FoldKind, folding_ranges_within};
use flowspec_analysis::{Edit, FileData};
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

/// The folds of one version of a file, in lines, and as sent.
struct Folds {
    version: u64,
    line_count: usize,
    /// Each fold's first and last line, and whether it is a comment run.
    lines: Vec<(u32, u32, bool)>,
    /// Where each fold starts, in bytes.
    anchors: Vec<u32>,
    /// Where each item starts that starts on the line where the one before
    /// it ends: the one place where one item's folds can change another's
    /// (a fold that ends on the line where the next item's starts cuts
    /// those), so an edit next to one is not spliced.
    joined: Vec<u32>,
    json: Json,
}

/// Whether the folds of `file` can be taken from `previous` on both sides
/// of the text `edit` changed: no item there starts on the line where the
/// one before it ends, before the edit or after (`joined`: `file`'s).
fn splices(file: &FileData, joined: &[u32], previous: &Folds, edit: Edit) -> bool {
    let items = &file.tree.items;
    let first_from = |at: u32| {
        let i = items.partition_point(|i| i.span.start < at);
        items.get(i).map(|i| i.span.start)
    };
    let old_after = (i64::from(edit.after) - edit.delta) as u32;
    [first_from(edit.before), first_from(edit.after)]
        .into_iter()
        .flatten()
        .all(|start| joined.binary_search(&start).is_err())
        && previous.joined.binary_search(&old_after).is_err()
}

/// The starts of `file`'s items that start on the line where the item
/// before them ends (two items on a line; rare).
fn joined(file: &FileData) -> Vec<u32> {
    let items = &file.tree.items;
    let line = |offset: u32| file.lines.line_of(offset as usize);
    items
        .windows(2)
        .filter(|pair| line(pair[0].span.end) == line(pair[1].span.start))
        .map(|pair| pair[1].span.start)
        .collect()
}

impl Folds {
    /// The folds of `file`. After an edit, only those of the text it
    /// changed are found afresh; those before it are `previous`'s, those
    /// after it `previous`'s moved by the lines the edit added or removed
    /// (see [`folding_ranges_within`]). A keystroke seldom changes them
    /// (the answer is made of line numbers only): when they equal
    /// `previous`'s, its text is sent again rather than written anew.
    fn of(file: &FileData, previous: Option<&Folds>) -> Folds {
        let previous = previous.filter(|p| file.edit.is_some_and(|e| e.from == p.version));
        let line = |offset: u32| file.lines.line_of(offset as usize);
        let found = |bytes| {
            folding_ranges_within(file, bytes).into_iter().map(|fold| {
                let lines = (
                    line(fold.span.start),
                    line(fold.span.end),
                    fold.kind == FoldKind::Comment,
                );
                (lines, fold.span.start)
            })
        };
        let joined = joined(file);
        let mut folds: Vec<((u32, u32, bool), u32)> = Vec::new();
        match (previous, file.edit) {
            (Some(previous), Some(edit)) if splices(file, &joined, previous, edit) => {
                let kept = previous.anchors.partition_point(|&a| a < edit.before);
                let old_after = (i64::from(edit.after) - edit.delta) as u32;
                let moved = previous
                    .anchors
                    .partition_point(|&a| a < old_after)
                    .max(kept);
                let lines = file.lines.line_count() as i64 - previous.line_count as i64;
                folds.reserve(previous.lines.len() + 8);
                folds.extend(
                    previous.lines[..kept]
                        .iter()
                        .copied()
                        .zip(previous.anchors.iter().copied()),
                );
                folds.extend(found(edit.before..edit.after));
                folds.extend(
                    previous.lines[moved..]
                        .iter()
                        .zip(&previous.anchors[moved..])
                        .map(|(&(start, end, comment), &anchor)| {
                            let shift = |l: u32| (i64::from(l) + lines) as u32;
                            (
                                (shift(start), shift(end), comment),
                                (i64::from(anchor) + edit.delta) as u32,
                            )
                        }),
                );
            }
            _ => folds.extend(found(0..u32::MAX)),
        }
        let (lines, anchors): (Vec<_>, Vec<_>) = folds.into_iter().unzip();
        let json = match previous {
            Some(previous) if previous.lines == lines => previous.json.clone(),
            _ => write_folds(&lines),
        };
        Folds {
            version: file.version,
            line_count: file.lines.line_count(),
            lines,
            anchors,
            joined,
            json,
        }
    }
}

/// The folds as the protocol's `FoldingRange` writes them (see
/// [`crate::wire::Text`]), whole lines.
fn write_folds(folds: &[(u32, u32, bool)]) -> Json {
    let mut out = Text::with_capacity(40 * folds.len() + 2);
    out.list(folds, |out, &(start, end, comment)| {
        out.raw(r#"{"startLine":"#);
        out.uint(start);
        out.raw(r#","endLine":"#);
        out.uint(end);
        if comment {
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

    /// After an edit, the folds taken from the version before where the
    /// edit kept the text, and found afresh where it did not, are the folds
    /// found afresh: edits at every place of a text with blocks, lists,
    /// headers over several lines, comment runs of both kinds, two items
    /// on a line, an unclosed block, CRLF lines, accents, Amharic and
    /// emoji; letters, line breaks, comments, brackets and braces typed.
    #[test]
    fn folds_after_an_edit_equal_folds_found_afresh() {
        let mut text = "## é ክ 😀\n## more\n\ntool dhis2 \"DHIS2 😀\" {\n  kind: mis\n  # a\n  # b\n}\r\n# c\n# d\nflow f: odk ->\n  clerk -> dhis2\n  monthly batch flow g: odk -> dhis2 {\n  data: [\n    \"é\",\n    \"ክ\"\n  ]\n  transform {\n    a: \"x\" -> \"y\"\n  }\n}\n## g's\n## too\nrecord visit { visit_id: text identifier\n date: date required }\ntool t {\n  kind: mis\n".to_string();
        let mut ws = flowspec_analysis::Workspace::new();
        let (id, _) = ws.set_file("file:///a.flow", text.as_str());
        let (mut changed, mut spliced, mut edits) = (0, 0, 0);
        for (n, at) in (0..text.len()).enumerate() {
            if !text.is_char_boundary(at) {
                continue;
            }
            edits += 1;
            let before = ws.file(id).unwrap().clone();
            let previous = Folds::of(&before, None);
            let mut next = text.clone();
            next.insert_str(
                at,
                [
                    "x", "\n", "# d\n", "ክ", "{", "\r\n", "[", "## e\n", "}", " ",
                ][n % 10],
            );
            let mut edited = ws.clone();
            edited.set_file("file:///a.flow", next.as_str());
            let file = edited.file(id).unwrap();
            let again = Folds::of(file, Some(&previous));
            let fresh = Folds::of(file, None);
            assert_eq!(again.lines, fresh.lines, "{at} in {next:?}");
            assert_eq!(again.anchors, fresh.anchors, "{at} in {next:?}");
            assert_eq!(again.json, fresh.json, "{at} in {next:?}");
            changed += usize::from(again.lines != previous.lines);
            spliced += usize::from(splices(file, &joined(file), &previous, file.edit.unwrap()));
            if n % 7 == 0 {
                text.insert(at, ' ');
                ws.set_file("file:///a.flow", text.as_str());
            }
        }
        // The edits moved or changed folds, not only kept them; most were
        // spliced (not those next to the two items on a line).
        assert!(changed > 100, "{changed}");
        assert!(spliced * 4 > edits * 3, "{spliced} of {edits}");
    }

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
