//! `textDocument/codeLens`: "n/6 answered" over each flow, and an export
//! lens once a named flow answers all six questions. The export runs the
//! client command `flowspec.exportFlow` with `{ uri, flow }` (the VS Code
//! extension provides it; other editors show the lens as information).
//!
//! The count lens runs `flowspec.showAnswers`, a server command (declared in
//! `executeCommandProvider`, so every client can run it, and VS Code's client
//! registers it): `workspace/executeCommand` answers `null` and shows the
//! lens's message (`window/showMessage`): the questions still to ask. An
//! empty command would do, in VS Code, but Neovim's `codelens.run` tries to
//! run it.

use flowspec_analysis::ide::code_lens::{LensAction, code_lenses};
use serde_json::json;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeLens, CodeLensOptions, CodeLensParams, Command, ExecuteCommandOptions,
    ExecuteCommandParams, MessageType, ServerCapabilities,
};

use crate::convert;
use crate::state::StateHandle;

/// The client command an export lens runs.
pub const EXPORT_FLOW: &str = "flowspec.exportFlow";

/// The server command the count lens runs, with `{ message }`.
pub const SHOW_ANSWERS: &str = "flowspec.showAnswers";

pub fn register(caps: &mut ServerCapabilities) {
    caps.code_lens_provider = Some(CodeLensOptions {
        resolve_provider: Some(false),
    });
    caps.execute_command_provider = Some(ExecuteCommandOptions {
        commands: vec![SHOW_ANSWERS.to_string()],
        work_done_progress_options: Default::default(),
    });
}

/// `workspace/executeCommand`: shows a count lens's message. The message
/// travels in the lens (written by the analysis when the lens was made), so
/// running an old lens shows what it said, and needs no state.
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

pub async fn code_lens(
    state: &StateHandle,
    params: CodeLensParams,
) -> Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    let key = convert::key(&uri);
    state
        .query(move |core| {
            let id = core.workspace.file_id(&key)?;
            let file = core.workspace.file(id)?;
            let lenses = code_lenses(file)
                .into_iter()
                .map(|lens| {
                    let (command, arguments) = match lens.action {
                        LensAction::Summary { message } => (
                            SHOW_ANSWERS.to_string(),
                            Some(vec![json!({ "message": message })]),
                        ),
                        LensAction::ExportFlow { flow } => (
                            EXPORT_FLOW.to_string(),
                            Some(vec![json!({ "uri": uri.as_str(), "flow": flow })]),
                        ),
                    };
                    CodeLens {
                        range: convert::range(file, lens.span, core.encoding),
                        command: Some(Command {
                            title: lens.title,
                            command,
                            arguments,
                        }),
                        data: None,
                    }
                })
                .collect();
            Some(lenses)
        })
        .await
}
