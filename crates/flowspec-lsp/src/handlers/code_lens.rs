//! `textDocument/codeLens` and `codeLens/resolve`: "n/6 answered" over each
//! flow, and an export lens once a named flow answers all six questions.
//!
//! `codeLens` says where the lenses stand (the analysis's spots, converted
//! once per version of the file); each carries `data: [set, index]`, and
//! `codeLens/resolve` writes the title and command of the ones the editor
//! shows. A lens of a version the editor has since changed is answered
//! `ContentModified` (the editor asks for the new lenses after an edit).
//!
//! The export runs the client command `flowspec.exportFlow` with
//! `{ uri, flow }` (the VS Code extension provides it; other editors show
//! the lens as information). The count lens runs `flowspec.showAnswers`, a
//! server command (declared in `executeCommandProvider`, so every client can
//! run it, and VS Code's client registers it): `workspace/executeCommand`
//! answers `null` and shows the lens's message (`window/showMessage`): the
//! questions still to ask. An empty command would do, in VS Code, but
//! Neovim's `codelens.run` tries to run it.

use std::sync::Arc;

use flowspec_analysis::FileData;
use flowspec_analysis::ide::code_lens::{LensAction, LensSpot, lens_spots, resolve_lens};
use serde_json::json;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeLens, CodeLensOptions, CodeLensParams, Command, ExecuteCommandOptions,
    ExecuteCommandParams, MessageType, ServerCapabilities,
};

use crate::convert::{self, Encoding};
use crate::requests::content_modified;
use crate::snapshot::Snapshot;
use crate::state::StateHandle;
use crate::wire::{Json, Text};

/// The client command an export lens runs.
pub const EXPORT_FLOW: &str = "flowspec.exportFlow";

/// The server command the count lens runs, with `{ message }`.
pub const SHOW_ANSWERS: &str = "flowspec.showAnswers";

pub fn register(caps: &mut ServerCapabilities) {
    caps.code_lens_provider = Some(CodeLensOptions {
        resolve_provider: Some(true),
    });
    caps.execute_command_provider = Some(ExecuteCommandOptions {
        commands: vec![SHOW_ANSWERS.to_string()],
        work_done_progress_options: Default::default(),
    });
}

/// `workspace/executeCommand`: shows a count lens's message. The message
/// travels in the lens (written by the analysis when the lens was
/// resolved), so running an old lens shows what it said, and needs no
/// state.
pub async fn execute_command(
    client: &Client,
    params: ExecuteCommandParams,
) -> Result<Option<serde_json::Value>> {
    if params.command != SHOW_ANSWERS {
        return Err(Error::invalid_params(format!(
            "unknown command `{}`",
            params.command
        )));
    }
    let message = params
        .arguments
        .first()
        .and_then(|a| a.get("message"))
        .and_then(|m| m.as_str())
        .ok_or_else(|| Error::invalid_params("expected `[{ \"message\": … }]`"))?;
    client
        .show_message(MessageType::INFO, message.to_string())
        .await;
    Ok(None)
}

/// The lenses of one version of a file, as sent, and where they stand.
struct Lenses {
    set: u64,
    spots: Vec<LensSpot>,
    sent: Json,
}

/// Made once per version of a file.
fn lenses_of(snap: &Snapshot, file: &Arc<FileData>) -> Arc<Lenses> {
    snap.shared.per_version("codeLens", file, || {
        let set = snap.shared.new_lens_set(file);
        let spots = lens_spots(file);
        let sent = write_lenses(file, set, &spots, snap.encoding);
        Lenses { set, spots, sent }
    })
}

/// The lenses, without titles, as the protocol's `CodeLens` writes them
/// (see [`crate::wire::Text`]): where each stands, and `data: [set, i]`.
fn write_lenses(file: &FileData, set: u64, spots: &[LensSpot], encoding: Encoding) -> Json {
    let mut out = Text::with_capacity(110 * spots.len() + 2);
    let set = set.to_string();
    out.list(spots.iter().enumerate(), |out, (i, spot)| {
        out.raw(r#"{"range":"#);
        out.range(convert::range(file, spot.span, encoding));
        out.raw(r#","data":["#);
        out.raw(&set);
        out.raw(",");
        out.uint(i as u32);
        out.raw("]}");
    });
    out.finish()
}

pub async fn code_lens(state: &StateHandle, params: CodeLensParams) -> Result<Json> {
    let uri = params.text_document.uri;
    state
        .read(&uri.clone(), move |snap| match snap.document(&uri) {
            Some(doc) => lenses_of(snap, doc.file).sent.clone(),
            None => Json::null(),
        })
        .await
}

pub async fn resolve(state: &StateHandle, mut lens: CodeLens) -> Result<Json> {
    let data = lens.data.as_ref().and_then(|d| d.as_array());
    let (Some(set), Some(index)) = (
        data.and_then(|d| d.first()).and_then(|s| s.as_u64()),
        data.and_then(|d| d.get(1)).and_then(|i| i.as_u64()),
    ) else {
        return Err(Error::invalid_params(
            "expected a lens of `textDocument/codeLens`, with its `data`",
        ));
    };
    // Lenses of a version that was replaced: the editor has newer ones.
    let file: Arc<FileData> = state.shared.lens_set(set).ok_or_else(content_modified)?;
    let uri = convert::uri(&file.path).ok_or_else(content_modified)?;
    state
        .read(&uri.clone(), move |snap| {
            let current = snap.document(&uri).ok_or_else(content_modified)?.file;
            if !Arc::ptr_eq(current, &file) {
                return Err(content_modified());
            }
            let lenses = lenses_of(snap, current);
            if lenses.set != set {
                return Err(content_modified());
            }
            let spot = lenses
                .spots
                .get(index as usize)
                .ok_or_else(content_modified)?;
            let resolved = resolve_lens(current, *spot).ok_or_else(content_modified)?;
            let (command, arguments) = match resolved.action {
                LensAction::Summary { message } => {
                    (SHOW_ANSWERS, vec![json!({ "message": message })])
                }
                LensAction::ExportFlow { flow } => (
                    EXPORT_FLOW,
                    vec![json!({ "uri": uri.as_str(), "flow": flow })],
                ),
            };
            lens.command = Some(Command {
                title: resolved.title,
                command: command.to_string(),
                arguments: Some(arguments),
            });
            Ok(Json::of(&lens))
        })
        .await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenses_are_written_as_the_protocols_types_write_them() {
        let text = "## é ክ 😀\nflow f: odk -> dhis2 { data: \"😀\" }\nodk -> dhis2 monthly batch\nflow done: odk -> dhis2 {\n  data: \"x\"\n  transform: none\n  timing: batch\n  frequency: daily\n  volume: ~5 forms/day\n}\n";
        let mut ws = flowspec_analysis::Workspace::new();
        let (id, _) = ws.set_file("file:///a.flow", text);
        let file = ws.file(id).unwrap();
        let spots = lens_spots(file);
        assert!(spots.len() >= 4, "{spots:?}");
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let typed: Vec<CodeLens> = spots
                .iter()
                .enumerate()
                .map(|(i, spot)| CodeLens {
                    range: convert::range(file, spot.span, encoding),
                    command: None,
                    data: Some(json!([12345678901u64, i])),
                })
                .collect();
            assert_eq!(
                String::from_utf8_lossy(
                    write_lenses(file, 12345678901, &spots, encoding).as_bytes()
                ),
                serde_json::to_string(&typed).unwrap()
            );
        }
    }
}
