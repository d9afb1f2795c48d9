//! `textDocument/inlayHint`: volumes as amounts per run or per day, in the
//! requested range; none when the `inlayHints.enabled` setting is off.

use flowspec_analysis::ide::inlay_hints::inlay_hints as analyse;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    InlayHint, InlayHintLabel, InlayHintParams, InlayHintTooltip, OneOf, ServerCapabilities,
};

use crate::convert;
use crate::state::StateHandle;

pub fn register(caps: &mut ServerCapabilities) {
    caps.inlay_hint_provider = Some(OneOf::Left(true));
}

pub async fn inlay_hints(
    state: &StateHandle,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    let key = convert::key(&params.text_document.uri);
    let range = params.range;
    state
        .query(move |core| {
            if !core.settings.inlay_hints {
                return None;
            }
            let id = core.workspace.file_id(&key)?;
            let file = core.workspace.file(id)?;
            let span = convert::span(file, range, core.encoding);
            let hints = analyse(file, span)
                .into_iter()
                .map(|hint| InlayHint {
                    position: convert::position(file, hint.offset as u32, core.encoding),
                    label: InlayHintLabel::String(hint.label),
                    kind: None,
                    text_edits: None,
                    tooltip: Some(InlayHintTooltip::String(hint.tooltip)),
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                })
                .collect();
            Some(hints)
        })
        .await
}
