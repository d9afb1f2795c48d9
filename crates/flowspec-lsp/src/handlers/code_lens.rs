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

use crate::convert;
use crate::requests::content_modified;
use crate::snapshot::Snapshot;
use crate::state::StateHandle;
use crate::wire::Json;

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
        let sent: Vec<CodeLens> = spots
            .iter()
            .enumerate()
            .map(|(i, spot)| CodeLens {
                range: snap.range(file, spot.span),
                command: None,
                data: Some(json!([set, i])),
            })
            .collect();
        Lenses {
            set,
            spots,
            sent: Json::of(&sent),
        }
    })
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
