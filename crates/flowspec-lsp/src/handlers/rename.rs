//! `textDocument/prepareRename` and `textDocument/rename`.
//!
//! A tool or role is renamed everywhere it is written, in every file of the
//! workspace (open or not); a flow's name where it is written. What cannot
//! be renamed, and new names that are invalid or taken, are refused with a
//! message the editor shows: `RequestFailed` (-32803) for the position or a
//! conflict, `InvalidParams` for a new name that is not a name.

use flowspec_analysis::ide::rename::{self, RenameError};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    OneOf, PrepareRenameResponse, RenameOptions, RenameParams, ServerCapabilities,
    TextDocumentPositionParams, WorkDoneProgressOptions, WorkspaceEdit,
};

use crate::state::StateHandle;

/// The protocol's `RequestFailed`: a valid request the server refuses.
const REQUEST_FAILED: i64 = -32803;

pub fn register(caps: &mut ServerCapabilities) {
    caps.rename_provider = Some(OneOf::Right(RenameOptions {
        prepare_provider: Some(true),
        work_done_progress_options: WorkDoneProgressOptions::default(),
    }));
}

fn error(e: RenameError) -> Error {
    let code = match e {
        RenameError::InvalidName(_) => ErrorCode::InvalidParams,
        RenameError::NotRenamable(_) | RenameError::Conflict(_) => {
            ErrorCode::ServerError(REQUEST_FAILED)
        }
    };
    Error {
        code,
        message: e.message().to_string().into(),
        data: None,
    }
}

pub async fn prepare(
    state: &StateHandle,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let uri = params.text_document.uri;
    let position = params.position;
    state
        .read(&uri.clone(), move |snap| {
            let Some(at) = snap.at(&uri, position) else {
                return Ok(None);
            };
            let target =
                rename::prepare_rename(&snap.workspace, at.id, at.offset).map_err(error)?;
            Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: snap.range(at.file, target.span),
                placeholder: target.name.to_string(),
            }))
        })
        .await?
}

pub async fn rename(state: &StateHandle, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let p = params.text_document_position;
    let uri = p.text_document.uri;
    let new_name = params.new_name;
    state
        .read(&uri.clone(), move |snap| {
            let Some(at) = snap.at(&uri, p.position) else {
                return Ok(None);
            };
            let edits =
                rename::rename(&snap.workspace, at.id, at.offset, &new_name).map_err(error)?;
            Ok(Some(snap.workspace_edit(&edits)))
        })
        .await?
}
