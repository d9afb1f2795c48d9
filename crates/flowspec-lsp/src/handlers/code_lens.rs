//! `textDocument/codeLens`: "n/6 answered" over each flow, and an export
//! lens once a named flow answers all six questions. The export runs the
//! client command `flowspec.exportFlow` with `{ uri, flow }` (the VS Code
//! extension provides it; other editors show the lens as information).

use flowspec_analysis::ide::code_lens::{LensAction, code_lenses};
use serde_json::json;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeLens, CodeLensOptions, CodeLensParams, Command, ServerCapabilities,
};

use crate::convert;
use crate::state::StateHandle;

/// The client command an export lens runs.
pub const EXPORT_FLOW: &str = "flowspec.exportFlow";

pub fn register(caps: &mut ServerCapabilities) {
    caps.code_lens_provider = Some(CodeLensOptions {
        resolve_provider: Some(false),
    });
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
                        // An empty command shows the title without running anything.
                        LensAction::None => (String::new(), None),
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
