//! `textDocument/documentSymbol` and `workspace/symbol`.
//!
//! Kinds, the same in both: a tool is a `Class` (a system with
//! properties), a role an `Interface` (a person who stands between tools and
//! moves data by hand), a flow a `Function` (a process from its first step
//! to its last). The outline is the analysis's: one symbol per item, a
//! flow's chain and answered questions in its detail. It depends on one
//! file only, so it is converted once per version of the file.

use flowspec_analysis::ide::symbols::{self, DocumentSymbol, SymbolKind};
use flowspec_analysis::syntax::Span;
use flowspec_analysis::{FileData, Workspace};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    self as lsp, DocumentSymbolParams, OneOf, ServerCapabilities, SymbolInformation,
    WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use crate::convert::{self, Encoding};
use crate::state::StateHandle;
use crate::wire::{Json, Text};

pub fn register(caps: &mut ServerCapabilities) {
    caps.document_symbol_provider = Some(OneOf::Left(true));
    caps.workspace_symbol_provider = Some(OneOf::Left(true));
}

fn kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Tool => lsp::SymbolKind::CLASS,
        SymbolKind::Role => lsp::SymbolKind::INTERFACE,
        SymbolKind::Flow => lsp::SymbolKind::FUNCTION,
        SymbolKind::Record => lsp::SymbolKind::STRUCT,
        SymbolKind::Field => lsp::SymbolKind::FIELD,
        SymbolKind::Sample => lsp::SymbolKind::OBJECT,
    }
}

/// A symbol as the protocol's `DocumentSymbol` writes it (see
/// [`crate::wire::Text`]; `the_outline_is_written_as_the_protocols_types_
/// write_it` checks).
fn write_symbol(out: &mut Text, file: &FileData, s: &DocumentSymbol, encoding: Encoding) {
    out.raw(r#"{"name":"#);
    out.string(&s.name);
    if let Some(detail) = &s.detail {
        out.raw(r#","detail":"#);
        out.string(detail);
    }
    out.raw(r#","kind":"#);
    out.value(&kind(s.kind));
    out.raw(r#","range":"#);
    out.range(convert::range(file, s.span, encoding));
    out.raw(r#","selectionRange":"#);
    out.range(convert::range(file, s.focus, encoding));
    if !s.children.is_empty() {
        out.raw(r#","children":"#);
        out.list(&s.children, |out, child| {
            write_symbol(out, file, child, encoding)
        });
    }
    out.raw("}");
}

#[cfg(test)]
#[allow(deprecated)] // `deprecated` is a required field of the protocol's struct
fn document_symbol(file: &FileData, s: &DocumentSymbol, encoding: Encoding) -> lsp::DocumentSymbol {
    let children: Vec<lsp::DocumentSymbol> = s
        .children
        .iter()
        .map(|c| document_symbol(file, c, encoding))
        .collect();
    lsp::DocumentSymbol {
        name: s.name.clone(),
        detail: s.detail.clone(),
        kind: kind(s.kind),
        tags: None,
        deprecated: None,
        range: convert::range(file, s.span, encoding),
        selection_range: convert::range(file, s.focus, encoding),
        children: (!children.is_empty()).then_some(children),
    }
}

/// The outline, as JSON text made once per version of the file (what
/// [`crate::direct`] sends).
pub async fn document(state: &StateHandle, params: DocumentSymbolParams) -> Result<Json> {
    let uri = params.text_document.uri;
    state
        .read(&uri.clone(), move |snap| {
            let Some(doc) = snap.document(&uri) else {
                return Json::null();
            };
            let file = doc.file;
            let outline = snap.shared.per_version(OUTLINE, file, || {
                let previous = snap.shared.last::<Outline>(OUTLINE, &file.path);
                Outline::of(file, previous.as_deref(), snap.encoding)
            });
            outline.json.clone()
        })
        .await
}

const OUTLINE: &str = "documentSymbol";

/// The outline of one version of a file, as sent, and where each item's
/// symbol stands in it: after an edit, the symbols of the items the edit
/// kept (their text, and their place in lines and columns) are copied from
/// the version before, the others written afresh.
struct Outline {
    json: Json,
    version: u64,
    /// The file's items and lines.
    items: usize,
    lines: usize,
    /// Each symbol's item, its bytes in `json`, and how far before its
    /// item it starts (its doc comment), in order.
    pieces: Vec<(usize, std::ops::Range<usize>, u32)>,
}

/// How far before an item its symbol starts: its doc comment's length.
fn lead(node: &flowspec_analysis::syntax::ast::Item) -> u32 {
    node.doc
        .as_ref()
        .map_or(0, |d| node.span.start.saturating_sub(d.span.start))
}

impl Outline {
    fn of(file: &FileData, previous: Option<&Outline>, encoding: Encoding) -> Outline {
        let previous = previous.filter(|p| file.edit.is_some_and(|e| e.from == p.version));
        let items = symbols::symbol_items(file);
        // Each item's kept symbol, looked up once.
        let kept: Vec<Option<&[u8]>> = items
            .iter()
            .map(|&item| previous.and_then(|p| p.kept(file, item)))
            .collect();
        let mut at = 0;
        let mut fresh = symbols::document_symbols_where(file, |item| {
            // Asked in the order of `items`, each once.
            while items.get(at).is_some_and(|&i| i < item) {
                at += 1;
            }
            kept.get(at).is_none_or(|k| k.is_none())
        })
        .into_iter();
        // About 270 bytes a symbol.
        let mut out = Text::with_capacity(300 * items.len() + 2);
        let mut pieces = Vec::with_capacity(items.len());
        out.raw("[");
        for (n, (item, kept)) in items.into_iter().zip(kept).enumerate() {
            if n > 0 {
                out.raw(",");
            }
            let start = out.len();
            match kept {
                Some(bytes) => out.bytes(bytes),
                None => {
                    let (found, symbol) = fresh.next().expect("a symbol for each item not kept");
                    debug_assert_eq!(found, item);
                    write_symbol(&mut out, file, &symbol, encoding);
                }
            }
            pieces.push((item, start..out.len(), lead(&file.tree.items[item])));
        }
        out.raw("]");
        Outline {
            json: out.finish(),
            version: file.version,
            items: file.tree.items.len(),
            lines: file.lines.line_count(),
            pieces,
        }
    }

    /// The text of the symbol of item `item` of `file` (edited from this
    /// version), if the edit left it as it was: where the item, from its
    /// doc comment on, has the lines and columns it had (typing before a
    /// `##` line can make it a plain comment: the doc comment must be the
    /// one it had too).
    fn kept<'a>(&'a self, file: &FileData, item: usize) -> Option<&'a [u8]> {
        let node = file.tree.items.get(item)?;
        let symbol = Span::new(
            (node.span.start - lead(node)) as usize,
            node.span.end as usize,
        );
        file.unmoved(symbol, self.lines)?;
        // The same item of the old version: at the same index before the
        // edit, as far from the end after it.
        let old = if symbol.end <= file.edit?.before {
            item
        } else {
            (item + self.items).checked_sub(file.tree.items.len())?
        };
        let at = self.pieces.binary_search_by_key(&old, |(i, ..)| *i).ok()?;
        let (_, bytes, old_lead) = &self.pieces[at];
        (*old_lead == lead(node)).then(|| &self.json.as_bytes()[bytes.clone()])
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the protocol's struct
fn workspace_symbols(
    workspace: &Workspace,
    query: &str,
    encoding: Encoding,
) -> Vec<SymbolInformation> {
    symbols::workspace_symbols(workspace, query)
        .into_iter()
        .filter_map(|s| {
            Some(SymbolInformation {
                name: s.name.to_string(),
                kind: kind(s.kind),
                tags: None,
                deprecated: None,
                location: convert::location(workspace, s.file, s.focus, encoding)?,
                container_name: s.container,
            })
        })
        .collect()
}

pub async fn workspace(
    state: &StateHandle,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let query = params.query;
    state
        .read_workspace(move |snap| {
            Some(WorkspaceSymbolResponse::Flat(workspace_symbols(
                &snap.workspace,
                &query,
                snap.encoding,
            )))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// After an edit, the outline that copies the symbols the edit kept is
    /// the outline written afresh: edits at every place of a text with doc
    /// comments, two items on a line, records with fields, accents, Amharic
    /// and emoji; letters, line breaks and doc comments typed.
    #[test]
    fn an_outline_after_an_edit_equals_one_written_afresh() {
        let mut text = "## é ክ 😀\n\n## The MoH.\ntool dhis2 \"DHIS2 😀\" { kind: mis }\nrole clerk \"ክሊኒክ\"\nrecord visit { visit_id: text identifier\n date: date required }\nflow f: odk -> clerk -> dhis2 monthly batch flow g: odk -> dhis2\n  ## g's\nflow h: odk -> dhis2 { data: \"é\" }\n".to_string();
        let mut ws = flowspec_analysis::Workspace::new();
        let (id, _) = ws.set_file("file:///a.flow", text.as_str());
        let mut kept = 0;
        for (n, at) in (0..text.len()).enumerate() {
            if !text.is_char_boundary(at) {
                continue;
            }
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                let before = ws.file(id).unwrap().clone();
                let previous = Outline::of(&before, None, encoding);
                let mut next = text.clone();
                next.insert_str(at, ["x", "\n", "## d\n", "ክ", " "][n % 5]);
                let mut edited = ws.clone();
                edited.set_file("file:///a.flow", next.as_str());
                let file = edited.file(id).unwrap();
                let again = Outline::of(file, Some(&previous), encoding);
                let fresh = Outline::of(file, None, encoding);
                assert_eq!(
                    String::from_utf8_lossy(again.json.as_bytes()),
                    String::from_utf8_lossy(fresh.json.as_bytes()),
                    "{at} in {next:?}"
                );
                kept += (0..file.tree.items.len())
                    .filter(|i| previous.kept(file, *i).is_some())
                    .count();
            }
            if n % 7 == 0 {
                text.insert(at, ' ');
                ws.set_file("file:///a.flow", text.as_str());
            }
        }
        assert!(kept > 500, "{kept}");
    }

    /// The outline written by hand is byte for byte what the protocol's
    /// `DocumentSymbol` writes: children, details with quotes, accents,
    /// Amharic and emoji, a file with no items, every encoding.
    #[test]
    fn the_outline_is_written_as_the_protocols_types_write_it() {
        let texts = [
            "## é ክ 😀\ntool dhis2 \"DHIS2 \\\"é\\\" 😀\" { kind: mis }\nrole clerk \"ክሊኒክ\"\nrecord visit { visit_id: text identifier\n date: date required }\ntool commcare {\n  owns visit\n  sample visit { visit_id: \"V-1 😀\" }\n}\nflow f: commcare -> clerk -> dhis2 monthly batch\ncommcare -> dhis2\n",
            "",
            "flow broken: a -> {\n",
        ];
        for text in texts {
            let mut ws = flowspec_analysis::Workspace::new();
            let (id, _) = ws.set_file("file:///a.flow", text);
            let file = ws.file(id).unwrap();
            let found = symbols::document_symbols(file);
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let typed: Vec<lsp::DocumentSymbol> = found
                    .iter()
                    .map(|s| document_symbol(file, s, encoding))
                    .collect();
                let mut out = Text::with_capacity(0);
                out.list(&found, |out, s| write_symbol(out, file, s, encoding));
                assert_eq!(
                    String::from_utf8_lossy(out.finish().as_bytes()),
                    serde_json::to_string(&typed).unwrap(),
                    "{text:?}"
                );
            }
        }
    }
}
