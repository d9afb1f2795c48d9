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

/// `textDocument/publishDiagnostics`'s parameters for a file's
/// diagnostics, as JSON text written by hand (see [`crate::wire::Text`]):
/// byte for byte what the protocol's types write from [`diagnostic`]
/// (`a_publication_is_written_as_the_protocols_types_write_it` checks),
/// without a copy of each message or a URL parsed for each. A 10,000-line
/// design publishes some 1,600 of them after every pause in typing.
pub fn publication(
    workspace: &Workspace,
    file: &FileData,
    diagnostics: &[Diagnostic],
    encoding: Encoding,
    uri: &Uri,
    version: Option<i32>,
) -> crate::wire::Json {
    let mut out = crate::wire::Text::with_capacity(500 * diagnostics.len() + 100);
    out.raw(r#"{"uri":"#);
    out.string(uri.as_str());
    out.raw(r#","diagnostics":"#);
    out.list(diagnostics, |out, d| {
        out.raw(r#"{"range":"#);
        out.range(range(file, d.span, encoding));
        out.raw(r#","severity":"#);
        // The protocol's numbers (`DiagnosticSeverity`), written as they are.
        out.uint(match d.severity {
            Severity::Error => 1,
            Severity::Warning => 2,
            Severity::Information => 3,
            Severity::Hint => 4,
        });
        out.raw(r#","code":"#);
        out.string(d.code.as_str());
        // The link and the code are plain ASCII: nothing to escape.
        out.raw(r#","codeDescription":{"href":""#);
        out.raw(REFERENCE_URL);
        out.raw("#");
        out.raw(d.code.as_str());
        out.raw(r#""},"source":"flowspec","message":"#);
        out.string(&d.message);
        let related = d
            .related
            .iter()
            .filter_map(|r| Some((location(workspace, r.file, r.span, encoding)?, &r.message)));
        if related.clone().next().is_some() {
            out.raw(r#","relatedInformation":"#);
            out.list(related, |out, (location, message)| {
                out.raw(r#"{"location":{"uri":"#);
                out.string(location.uri.as_str());
                out.raw(r#","range":"#);
                out.range(location.range);
                out.raw(r#"},"message":"#);
                out.string(message);
                out.raw("}");
            });
        }
        if d.code.is_unnecessary() {
            out.raw(r#","tags":"#);
            out.value(&[DiagnosticTag::UNNECESSARY]);
        }
        out.raw("}");
    });
    if let Some(version) = version {
        out.raw(r#","version":"#);
        out.value(&version);
    }
    out.raw("}");
    out.finish()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The publication written from the analysis's diagnostics is the JSON
    /// the protocol's own types write: every field, related information
    /// across files, tags, positions after accents, Amharic and emoji, in
    /// every encoding.
    #[test]
    fn a_publication_is_written_as_the_protocols_types_write_it() {
        let mut ws = Workspace::new();
        ws.set_file(
            "file:///w/b.flow",
            "tool dhis2 \"DHIS2\"\ntool unused_one \"x\"\n",
        );
        let (id, _) = ws.set_file(
            "file:///w/a.flow",
            "## é ክ 😀\ntool dhis2 \"DHIS2 (é)\"\ntool spare \"y\"\nrole clerk \"ክሊኒክ 😀\"\nflow f: commcare -> clerk -> dhis2 -> nowhere monthly batch {\n  timing: realtime\n  volume: ~5 parsecs\n}\n",
        );
        let file = ws.file(id).unwrap();
        let diagnostics = ws.diagnostics(id);
        assert!(
            diagnostics.iter().any(|d| !d.related.is_empty()),
            "{diagnostics:#?}"
        );
        assert!(
            diagnostics.iter().any(|d| d.code.is_unnecessary()),
            "{diagnostics:#?}"
        );
        let uri = uri(&file.path).unwrap();
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for version in [None, Some(7)] {
                let typed = crate::wire::Json::of(&lsp::PublishDiagnosticsParams {
                    uri: uri.clone(),
                    diagnostics: diagnostics
                        .iter()
                        .map(|d| diagnostic(&ws, file, d, encoding))
                        .collect(),
                    version,
                });
                let written = publication(&ws, file, &diagnostics, encoding, &uri, version);
                assert_eq!(
                    String::from_utf8_lossy(written.as_bytes()),
                    String::from_utf8_lossy(typed.as_bytes())
                );
            }
        }
    }
}
