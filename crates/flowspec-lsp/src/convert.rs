//! Every conversion between the analysis and the protocol's types lives
//! here, so that a change of the protocol crate touches one file: positions
//! in the negotiated encoding, spans and ranges, URIs and workspace keys,
//! diagnostics.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use flowspec_analysis::syntax::{LineCol, Span};
use flowspec_analysis::{Code, Diagnostic, FileData, FileId, Severity, Workspace};
use tower_lsp_server::ls_types::{
    self as lsp, ClientCapabilities, DiagnosticRelatedInformation, DiagnosticTag, Location,
    NumberOrString, Position, PositionEncodingKind, Range, Uri,
};

pub use flowspec_analysis::syntax::line_index::Encoding;

/// Where each diagnostic code's explanation is published.
pub const REFERENCE_URL: &str =
    "https://github.com/flowspec/flowspec/blob/main/grammar/diagnostics.md";

/// UTF-8 when the client offers it (no conversion at all), otherwise
/// UTF-16, the protocol's default.
pub fn negotiate_encoding(capabilities: &ClientCapabilities) -> Encoding {
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

pub fn encoding_kind(encoding: Encoding) -> PositionEncodingKind {
    match encoding {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// The workspace key of a document: its URI, normalised so that the same
/// file always has the same key however a client spells it.
pub fn key(uri: &Uri) -> String {
    match uri.to_file_path() {
        Some(path) => Uri::from_file_path(&path)
            .map_or_else(|| uri.as_str().to_string(), |u| u.as_str().to_string()),
        None => uri.as_str().to_string(),
    }
}

pub fn key_of_path(path: &Path) -> Option<String> {
    Uri::from_file_path(path).map(|u| u.as_str().to_string())
}

pub fn uri(key: &str) -> Option<Uri> {
    Uri::from_str(key).ok()
}

pub fn path(key: &str) -> Option<PathBuf> {
    uri(key)?.to_file_path().map(|p| p.into_owned())
}

pub fn position(file: &FileData, offset: u32, encoding: Encoding) -> Position {
    let lc = file.lines.line_col(&file.text, offset as usize, encoding);
    Position::new(lc.line, lc.col)
}

pub fn range(file: &FileData, span: Span, encoding: Encoding) -> Range {
    Range::new(
        position(file, span.start, encoding),
        position(file, span.end, encoding),
    )
}

/// The byte offset of a position, clamped into the text.
pub fn offset(file: &FileData, position: Position, encoding: Encoding) -> usize {
    file.lines.offset(
        &file.text,
        LineCol {
            line: position.line,
            col: position.character,
        },
        encoding,
    )
}

pub fn span(file: &FileData, range: Range, encoding: Encoding) -> Span {
    let start = offset(file, range.start, encoding);
    let end = offset(file, range.end, encoding).max(start);
    Span::new(start, end)
}

pub fn location(
    workspace: &Workspace,
    file: FileId,
    span: Span,
    encoding: Encoding,
) -> Option<Location> {
    let data = workspace.file(file)?;
    Some(Location::new(uri(&data.path)?, range(data, span, encoding)))
}

fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub fn code_description(code: Code) -> Option<lsp::CodeDescription> {
    let href = Uri::from_str(&format!("{REFERENCE_URL}#{}", code.as_str())).ok()?;
    Some(lsp::CodeDescription { href })
}

pub fn diagnostic(
    workspace: &Workspace,
    file: &FileData,
    d: &Diagnostic,
    encoding: Encoding,
) -> lsp::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            Some(DiagnosticRelatedInformation {
                location: location(workspace, r.file, r.span, encoding)?,
                message: r.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: range(file, d.span, encoding),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: code_description(d.code),
        source: Some("flowspec".to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: d
            .code
            .is_unnecessary()
            .then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// The version of the open document at a path (`None`: not open).
pub type VersionOf<'a> = dyn Fn(&str) -> Option<i32> + 'a;

/// A workspace edit from edits per file: as `documentChanges` when
/// `versions` gives the open documents' versions (the client supports
/// them), else as `changes`.
pub fn workspace_edit(
    workspace: &Workspace,
    edits: &[(FileId, flowspec_analysis::diagnostic::Edit)],
    encoding: Encoding,
    versions: Option<&VersionOf<'_>>,
) -> lsp::WorkspaceEdit {
    // Files in the order of their first edit, each with its edits in order.
    let mut files: Vec<(&FileData, Uri, Vec<lsp::TextEdit>)> = Vec::new();
    for (file, edit) in edits {
        let Some(data) = workspace.file(*file) else {
            continue;
        };
        let at = match files.iter().position(|(d, ..)| d.path == data.path) {
            Some(at) => at,
            None => {
                let Some(uri) = uri(&data.path) else { continue };
                files.push((data, uri, Vec::new()));
                files.len() - 1
            }
        };
        files[at].2.push(lsp::TextEdit {
            range: range(data, edit.span, encoding),
            new_text: edit.new_text.clone(),
        });
    }
    match versions {
        // Each file's edits name the version of the text they were made
        // for (none for a file read from disk): a client that has moved on
        // refuses them instead of applying them to the wrong text.
        Some(version_of) => lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Edits(
                files
                    .into_iter()
                    .map(|(data, uri, edits)| lsp::TextDocumentEdit {
                        text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                            uri,
                            version: version_of(&data.path),
                        },
                        edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
                    })
                    .collect(),
            )),
            ..Default::default()
        },
        None => lsp::WorkspaceEdit {
            changes: Some(
                files
                    .into_iter()
                    .map(|(_, uri, edits)| (uri, edits))
                    .collect(),
            ),
            ..Default::default()
        },
    }
}

/// The character index of a position; a line past the end gives the end of
/// the text, a column past the end of its line the end of that line, and a
/// column inside a character that character's start.
pub fn char_index(rope: &ropey::Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let line_start = rope.line_to_char(line);
    let slice = rope.line(line);
    let mut line_len = slice.len_chars();
    // The line ending (`\n`, `\r\n` or a lone `\r`: the rope's lines are
    // the line model's) is not part of the line.
    if line_len > 0 && slice.char(line_len - 1) == '\n' {
        line_len -= 1;
    }
    if line_len > 0 && slice.char(line_len - 1) == '\r' {
        line_len -= 1;
    }
    let col = position.character as usize;
    let chars = match encoding {
        Encoding::Utf32 => col,
        Encoding::Utf16 => {
            let start = rope.char_to_utf16_cu(line_start);
            let end = rope.char_to_utf16_cu(line_start + line_len);
            rope.utf16_cu_to_char((start + col).min(end)) - line_start
        }
        Encoding::Utf8 => {
            let start = rope.char_to_byte(line_start);
            let end = rope.char_to_byte(line_start + line_len);
            rope.byte_to_char((start + col).min(end)) - line_start
        }
    };
    line_start + chars.min(line_len)
}
