//! `textDocument/codeAction`: quick fixes ("did you mean", declare an
//! unknown tool, mark unanswered questions `tbd`) and the shorthand-to-block
//! rewrite, all computed by the analysis.

use flowspec_analysis::ide::code_actions::{ActionKind, code_actions as actions};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeActionResponse, ServerCapabilities,
};

use crate::convert;
use crate::state::StateHandle;

pub fn register(caps: &mut ServerCapabilities) {
    caps.code_action_provider = Some(CodeActionProviderCapability::Options(CodeActionOptions {
        code_action_kinds: Some(vec![
            CodeActionKind::QUICKFIX,
            CodeActionKind::REFACTOR_REWRITE,
        ]),
        ..Default::default()
    }));
}

pub async fn code_actions(
    state: &StateHandle,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let only = params.context.only;
    let range = params.range;
    state
        .read(&uri.clone(), move |snap| {
            let doc = snap.document(&uri)?;
            let (id, file) = (doc.id, doc.file);
            let span = snap.span(file, range);
            let wanted = |kind: &CodeActionKind| {
                only.as_ref()
                    .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
            };
            let response: CodeActionResponse = actions(&snap.workspace, id, span)
                .into_iter()
                .filter_map(|action| {
                    let kind = match action.kind {
                        ActionKind::QuickFix => CodeActionKind::QUICKFIX,
                        ActionKind::Rewrite => CodeActionKind::REFACTOR_REWRITE,
                    };
                    if !wanted(&kind) {
                        return None;
                    }
                    let diagnostics = action.diagnostic.as_ref().map(|d| {
                        vec![convert::diagnostic(&snap.workspace, file, d, snap.encoding)]
                    });
                    Some(CodeActionOrCommand::CodeAction(CodeAction {
                        title: action.title,
                        kind: Some(kind),
                        diagnostics,
                        edit: Some(snap.workspace_edit(&action.edits)),
                        is_preferred: action.preferred.then_some(true),
                        ..Default::default()
                    }))
                })
                .collect();
            Some(response)
        })
        .await
}
