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
use flowspec_analysis::syntax::Span;
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
    version: u64,
    line_count: usize,
    /// Each lens's range, as bytes of `sent`.
    ranges: Vec<std::ops::Range<usize>>,
}

const CODE_LENS: &str = "codeLens";

/// Made once per version of a file.
fn lenses_of(snap: &Snapshot, file: &Arc<FileData>) -> Arc<Lenses> {
    snap.shared.per_version(CODE_LENS, file, || {
        let previous = snap.shared.last::<Lenses>(CODE_LENS, &file.path);
        let previous = previous.filter(|p| file.edit.is_some_and(|e| e.from == p.version));
        let set = snap.shared.new_lens_set(file);
        Lenses::of(file, set, previous.as_deref(), snap.encoding)
    })
}

impl Lenses {
    fn of(file: &FileData, set: u64, previous: Option<&Lenses>, encoding: Encoding) -> Lenses {
        let spots = lens_spots(file);
        let (sent, ranges) = write_lenses(file, set, &spots, previous, encoding);
        Lenses {
            set,
            spots,
            sent,
            version: file.version,
            line_count: file.lines.line_count(),
            ranges,
        }
    }

    /// The text of the range of a lens at `span` of `file` (edited from
    /// this version), if the edit left its lines and columns as they were
    /// ([`FileData::unmoved`]).
    fn kept<'a>(&'a self, file: &FileData, span: Span) -> Option<&'a [u8]> {
        let old = file.unmoved(span, self.line_count)?;
        let at = self.spots.partition_point(|s| s.span.start < old.start);
        self.spots.get(at).filter(|s| s.span == old)?;
        Some(&self.sent.as_bytes()[self.ranges[at].clone()])
    }
}

/// The lenses, without titles, as the protocol's `CodeLens` writes them
/// (see [`crate::wire::Text`]): where each stands, and `data: [set, i]`;
/// and where each one's range is in the text. A range `previous` wrote for
/// text the edit kept is copied (only `data` changes from one version to
/// the next).
fn write_lenses(
    file: &FileData,
    set: u64,
    spots: &[LensSpot],
    previous: Option<&Lenses>,
    encoding: Encoding,
) -> (Json, Vec<std::ops::Range<usize>>) {
    let mut out = Text::with_capacity(110 * spots.len() + 2);
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::with_capacity(spots.len());
    let set = set.to_string();
    out.list(spots.iter().enumerate(), |out, (i, spot)| {
        out.raw(r#"{"range":"#);
        let start = out.len();
        // A flow's lenses share its header: the second copies the first.
        let same = i
            .checked_sub(1)
            .filter(|&p| spots[p].span == spot.span)
            .map(|p| ranges[p].clone());
        match (same, previous.and_then(|p| p.kept(file, spot.span))) {
            (Some(range), _) => out.copy_within(range),
            (None, Some(bytes)) => out.bytes(bytes),
            (None, None) => out.range(convert::range(file, spot.span, encoding)),
        }
        ranges.push(start..out.len());
        out.raw(r#","data":["#);
        out.raw(&set);
        out.raw(",");
        out.uint(i as u32);
        out.raw("]}");
    });
    (out.finish(), ranges)
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

    /// After an edit, the lenses that copy the ranges the edit kept are the
    /// lenses written afresh: edits at every place of a text with two
    /// flows on a line, a flow with both lenses, accents, Amharic and
    /// emoji; letters, line breaks, comments and braces typed; UTF-8 and
    /// UTF-16.
    #[test]
    fn lenses_after_an_edit_equal_lenses_written_afresh() {
        let mut text = "## é ክ 😀\nflow f: odk -> dhis2 { data: \"😀\" }\nodk -> dhis2 monthly batch flow g: a -> b\n  # c\nflow done: odk -> dhis2 {\n  data: \"x\"\n  transform: none\n  timing: batch\n  frequency: daily\n  volume: ~5 forms/day\n}\nክ -> ሀ\n".to_string();
        let mut ws = flowspec_analysis::Workspace::new();
        let (id, _) = ws.set_file("file:///a.flow", text.as_str());
        let (mut kept, mut edits) = (0, 0);
        for (n, at) in (0..text.len()).enumerate() {
            if !text.is_char_boundary(at) {
                continue;
            }
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                edits += 1;
                let before = ws.file(id).unwrap().clone();
                let previous = Lenses::of(&before, 1, None, encoding);
                let mut next = text.clone();
                next.insert_str(at, ["x", "\n", "# d\n", "ክ", "{", " "][n % 6]);
                let mut edited = ws.clone();
                edited.set_file("file:///a.flow", next.as_str());
                let file = edited.file(id).unwrap();
                let again = Lenses::of(file, 2, Some(&previous), encoding);
                let fresh = Lenses::of(file, 2, None, encoding);
                assert_eq!(
                    String::from_utf8_lossy(again.sent.as_bytes()),
                    String::from_utf8_lossy(fresh.sent.as_bytes()),
                    "{at} in {next:?}"
                );
                kept += fresh
                    .spots
                    .iter()
                    .filter(|s| previous.kept(file, s.span).is_some())
                    .count();
            }
            if n % 7 == 0 {
                text.insert(at, ' ');
                ws.set_file("file:///a.flow", text.as_str());
            }
        }
        // Most lenses were copied.
        assert!(kept > edits * 2, "{kept} lenses kept in {edits} edits");
    }

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
                    write_lenses(file, 12345678901, &spots, None, encoding)
                        .0
                        .as_bytes()
                ),
                serde_json::to_string(&typed).unwrap()
            );
        }
    }
}
