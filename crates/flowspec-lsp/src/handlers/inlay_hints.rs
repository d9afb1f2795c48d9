//! `textDocument/inlayHint`: volumes as amounts per run or per day, in the
//! requested range; none when the `inlayHints.enabled` setting is off.

use flowspec_analysis::ide::inlay_hints::inlay_hints as analyse;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    InlayHint, InlayHintLabel, InlayHintParams, InlayHintTooltip, OneOf, ServerCapabilities,
};

use crate::state::StateHandle;
use crate::wire::Json;

pub fn register(caps: &mut ServerCapabilities) {
    caps.inlay_hint_provider = Some(OneOf::Left(true));
}

pub async fn inlay_hints(state: &StateHandle, params: InlayHintParams) -> Result<Json> {
    let uri = params.text_document.uri;
    let range = params.range;
    state
        .read(&uri.clone(), move |snap| {
            let file = match snap.document(&uri) {
                Some(doc) if snap.settings.inlay_hints => doc.file,
                _ => return Json::null(),
            };
            let hints: Vec<InlayHint> = analyse(file, snap.span(file, range))
                .into_iter()
                .map(|hint| InlayHint {
                    position: snap.position(file, hint.offset as u32),
                    label: InlayHintLabel::String(hint.label),
                    kind: None,
                    text_edits: None,
                    tooltip: Some(InlayHintTooltip::String(hint.tooltip)),
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                })
                .collect();
            Json::of(&hints)
        })
        .await
}
