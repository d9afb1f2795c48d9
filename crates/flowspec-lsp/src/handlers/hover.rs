//! `textDocument/hover`: the analysis's Markdown, over the hovered word or
//! value.

use flowspec_analysis::ide::hover::hover as analyse;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    Hover, HoverContents, HoverParams, HoverProviderCapability, MarkupContent, MarkupKind,
    ServerCapabilities,
};

use crate::convert;
use crate::state::StateHandle;

pub fn register(caps: &mut ServerCapabilities) {
    caps.hover_provider = Some(HoverProviderCapability::Simple(true));
}

pub async fn hover(state: &StateHandle, params: HoverParams) -> Result<Option<Hover>> {
    let at = params.text_document_position_params;
    let key = convert::key(&at.text_document.uri);
    let position = at.position;
    state
        .query(move |core| {
            let id = core.workspace.file_id(&key)?;
            let file = core.workspace.file(id)?;
            let offset = convert::offset(file, position, core.encoding);
            let found = analyse(&core.workspace, id, offset)?;
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: found.markdown,
                }),
                range: Some(convert::range(file, found.span, core.encoding)),
            })
        })
        .await
}
