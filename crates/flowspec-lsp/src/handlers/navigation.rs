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
    GotoDefinitionParams, GotoDefinitionResponse, Location, OneOf, Position, ReferenceParams,
    ServerCapabilities, Uri,
};

use crate::convert;
use crate::state::StateHandle;

pub fn register(caps: &mut ServerCapabilities) {
    caps.definition_provider = Some(OneOf::Left(true));
    caps.declaration_provider = Some(DeclarationCapability::Simple(true));
    caps.references_provider = Some(OneOf::Left(true));
    caps.document_highlight_provider = Some(OneOf::Left(true));
}

/// The declarations of the name at a position, as locations of their names.
async fn locate(
    state: &StateHandle,
    uri: &Uri,
    position: Position,
) -> Result<Option<Vec<Location>>> {
    let key = convert::key(uri);
    state
        .query(move |core| {
            let id = core.workspace.file_id(&key)?;
            let file = core.workspace.file(id)?;
            let offset = convert::offset(file, position, core.encoding);
            let targets = navigation::definition(&core.workspace, id, offset)?;
            let locations: Vec<Location> = targets
                .iter()
                .filter_map(|t| convert::location(&core.workspace, t.file, t.focus, core.encoding))
                .collect();
            (!locations.is_empty()).then_some(locations)
        })
        .await
}

pub async fn definition(
    state: &StateHandle,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let p = params.text_document_position_params;
    let found = locate(state, &p.text_document.uri, p.position).await?;
    Ok(found.map(GotoDefinitionResponse::Array))
}

pub async fn declaration(
    state: &StateHandle,
    params: GotoDeclarationParams,
) -> Result<Option<GotoDeclarationResponse>> {
    let p = params.text_document_position_params;
    let found = locate(state, &p.text_document.uri, p.position).await?;
    Ok(found.map(GotoDeclarationResponse::Array))
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
