//! `textDocument/definition`, `declaration`, `references`, `documentHighlight`.
//!
//! A step (or a declaration's own name) leads to the `tool`/`role`
//! declarations of that name, in whatever file; a catalog tool that nothing
//! declares has none (the answer is null). The language has no separate
//! declaration: go to declaration answers as go to definition.

use flowspec_analysis::ide::navigation::{self, Access};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::request::{GotoDeclarationParams, GotoDeclarationResponse};
use tower_lsp_server::ls_types::{
    DeclarationCapability, DocumentHighlight, DocumentHighlightKind, DocumentHighlightParams,
    GotoDefinitionParams, GotoDefinitionResponse, Location, LocationLink, OneOf, Position,
    ReferenceParams, ServerCapabilities, Uri,
};

use crate::convert;
use crate::state::StateHandle;

pub fn register(caps: &mut ServerCapabilities) {
    caps.definition_provider = Some(OneOf::Left(true));
    caps.declaration_provider = Some(DeclarationCapability::Simple(true));
    caps.references_provider = Some(OneOf::Left(true));
    caps.document_highlight_provider = Some(OneOf::Left(true));
}

/// What go to definition and go to declaration answer.
#[derive(Clone, Copy)]
enum Ask {
    Definition,
    Declaration,
}

/// The declarations of the name at a position: as LocationLinks (the name
/// under the cursor, the whole declaration, its name) when the client
/// supports them for this request, else as Locations of the names.
async fn locate(
    state: &StateHandle,
    uri: Uri,
    position: Position,
    ask: Ask,
) -> Result<Option<GotoDefinitionResponse>> {
    state
        .read(&uri.clone(), move |snap| {
            let at = snap.at(&uri, position)?;
            let found = navigation::definition(&snap.workspace, at.id, at.offset)?;
            let links = match ask {
                Ask::Definition => snap.client.definition_links,
                Ask::Declaration => snap.client.declaration_links,
            };
            let origin = snap.range(at.file, found.origin);
            let mut locations = Vec::new();
            let mut link_list = Vec::new();
            for t in &found.targets {
                let Some(target) = snap.workspace.file(t.file) else {
                    continue;
                };
                let Some(target_uri) = convert::uri(&target.path) else {
                    continue;
                };
                let selection = snap.range(target, t.focus);
                if links {
                    link_list.push(LocationLink {
                        origin_selection_range: Some(origin),
                        target_uri,
                        target_range: snap.range(target, t.full),
                        target_selection_range: selection,
                    });
                } else {
                    locations.push(Location::new(target_uri, selection));
                }
            }
            if links {
                (!link_list.is_empty()).then_some(GotoDefinitionResponse::Link(link_list))
            } else {
                (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
            }
        })
        .await
}

pub async fn definition(
    state: &StateHandle,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let p = params.text_document_position_params;
    locate(state, p.text_document.uri, p.position, Ask::Definition).await
}

pub async fn declaration(
    state: &StateHandle,
    params: GotoDeclarationParams,
) -> Result<Option<GotoDeclarationResponse>> {
    let p = params.text_document_position_params;
    locate(state, p.text_document.uri, p.position, Ask::Declaration).await
}

pub async fn references(
    state: &StateHandle,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let p = params.text_document_position;
    let uri = p.text_document.uri;
    let include_declaration = params.context.include_declaration;
    state
        .read(&uri.clone(), move |snap| {
            let at = snap.at(&uri, p.position)?;
            let found =
                navigation::references(&snap.workspace, at.id, at.offset, include_declaration)?;
            Some(
                found
                    .iter()
                    .filter_map(|o| {
                        convert::location(&snap.workspace, o.file, o.span, snap.encoding)
                    })
                    .collect(),
            )
        })
        .await
}

pub async fn highlight(
    state: &StateHandle,
    params: DocumentHighlightParams,
) -> Result<Option<Vec<DocumentHighlight>>> {
    let p = params.text_document_position_params;
    let uri = p.text_document.uri;
    state
        .read(&uri.clone(), move |snap| {
            let at = snap.at(&uri, p.position)?;
            let found = navigation::highlights(&snap.workspace, at.id, at.offset);
            (!found.is_empty()).then(|| {
                found
                    .iter()
                    .map(|h| DocumentHighlight {
                        range: snap.range(at.file, h.span),
                        kind: Some(match h.access {
                            Access::Write => DocumentHighlightKind::WRITE,
                            Access::Read => DocumentHighlightKind::READ,
                        }),
                    })
                    .collect()
            })
        })
        .await
}
