//! `textDocument/documentSymbol` and `workspace/symbol`.
//!
//! Kinds, the same in both: a tool is a `Class` (a system with
//! properties), a role an `Interface` (a person who stands between tools and
//! moves data by hand), a flow a `Function` (a process from its first step
//! to its last). The outline is the analysis's: one symbol per item, a
//! flow's chain and answered questions in its detail. It depends on one
//! file only, so it is converted once per version of the file.

use flowspec_analysis::ide::symbols::{self, DocumentSymbol, SymbolKind};
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
            let symbols = snap.shared.per_version("documentSymbol", file, || {
                let symbols = symbols::document_symbols(file);
                // About 270 bytes a symbol.
                let mut out = Text::with_capacity(300 * symbols.len() + 2);
                out.list(&symbols, |out, s| write_symbol(out, file, s, snap.encoding));
                out.finish()
            });
            symbols.as_ref().clone()
        })
        .await
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
