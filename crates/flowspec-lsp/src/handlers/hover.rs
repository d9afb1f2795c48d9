//! `textDocument/hover`: the analysis's Markdown, over the hovered word or
//! value.

use flowspec_analysis::ide::hover::hover as analyse;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    Hover, HoverContents, HoverParams, HoverProviderCapability, MarkupContent, MarkupKind,
    ServerCapabilities,
};

use crate::state::StateHandle;

pub fn register(caps: &mut ServerCapabilities) {
    caps.hover_provider = Some(HoverProviderCapability::Simple(true));
}

pub async fn hover(state: &StateHandle, params: HoverParams) -> Result<Option<Hover>> {
    let p = params.text_document_position_params;
    let uri = p.text_document.uri;
    state
        .read(&uri.clone(), move |snap| {
            let at = snap.at(&uri, p.position)?;
            let found = analyse(&snap.workspace, at.id, at.offset)?;
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: found.markdown,
                }),
                range: Some(snap.range(at.file, found.span)),
            })
        })
        .await
}
