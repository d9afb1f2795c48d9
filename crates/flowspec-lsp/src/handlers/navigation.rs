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
    uri: &Uri,
    position: Position,
    ask: Ask,
) -> Result<Option<GotoDefinitionResponse>> {
    let key = convert::key(uri);
    state
        .query(move |core| {
            let id = core.workspace.file_id(&key)?;
            let file = core.workspace.file(id)?;
            let offset = convert::offset(file, position, core.encoding);
            let found = navigation::definition(&core.workspace, id, offset)?;
            let links = match ask {
                Ask::Definition => core.client.definition_links,
                Ask::Declaration => core.client.declaration_links,
            };
            let origin = convert::range(file, found.origin, core.encoding);
            let mut locations = Vec::new();
            let mut link_list = Vec::new();
            for t in &found.targets {
                let Some(target) = core.workspace.file(t.file) else {
                    continue;
                };
                let Some(target_uri) = convert::uri(&target.path) else {
                    continue;
                };
                let selection = convert::range(target, t.focus, core.encoding);
                if links {
                    link_list.push(LocationLink {
                        origin_selection_range: Some(origin),
                        target_uri,
                        target_range: convert::range(target, t.full, core.encoding),
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
    locate(state, &p.text_document.uri, p.position, Ask::Definition).await
}

pub async fn declaration(
    state: &StateHandle,
    params: GotoDeclarationParams,
) -> Result<Option<GotoDeclarationResponse>> {
    let p = params.text_document_position_params;
    locate(state, &p.text_document.uri, p.position, Ask::Declaration).await
}

pub async fn references(
    state: &StateHandle,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let p = params.text_document_position;
    let key = convert::key(&p.text_document.uri);
    let position = p.position;
    let include_declaration = params.context.include_declaration;
    state
        .query(move |core| {
            let id = core.workspace.file_id(&key)?;
            let file = core.workspace.file(id)?;
            let offset = convert::offset(file, position, core.encoding);
            let found = navigation::references(&core.workspace, id, offset, include_declaration)?;
            Some(
                found
                    .iter()
                    .filter_map(|o| {
                        convert::location(&core.workspace, o.file, o.span, core.encoding)
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
    let key = convert::key(&p.text_document.uri);
    let position = p.position;
    state
        .query(move |core| {
            let id = core.workspace.file_id(&key)?;
            let file = core.workspace.file(id)?;
            let offset = convert::offset(file, position, core.encoding);
            let found = navigation::highlights(file, offset);
            (!found.is_empty()).then(|| {
                found
                    .iter()
                    .map(|h| DocumentHighlight {
                        range: convert::range(file, h.span, core.encoding),
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
