//! Printing diagnostics: for people (source excerpts, via ariadne) and for
//! programs (one JSON array).

use std::collections::HashMap;
use std::sync::Arc;

use ariadne::{Cache, Color, Config, IndexType, Label, Report, ReportKind, Source};
use flowspec_analysis::syntax::line_index::Encoding;
use flowspec_analysis::{Code, Diagnostic, FileData, FileId, Severity, Workspace};
use serde::Serialize;

/// The diagnostics of a file, with the file they belong to.
pub struct FileDiagnostics<'a> {
    pub id: FileId,
    pub file: &'a FileData,
    pub diagnostics: Vec<Diagnostic>,
}

/// Every file's diagnostics, files sorted by path.
pub fn collect(workspace: &Workspace) -> Vec<FileDiagnostics<'_>> {
    let mut out: Vec<FileDiagnostics<'_>> = workspace
        .files()
        .map(|(id, file)| FileDiagnostics {
            id,
            file,
            diagnostics: workspace.diagnostics(id),
        })
        .collect();
    out.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    out
}

fn report_kind(severity: Severity) -> (ReportKind<'static>, Color) {
    match severity {
        Severity::Error => (ReportKind::Error, Color::Red),
        Severity::Warning => (ReportKind::Warning, Color::Yellow),
        Severity::Information => (ReportKind::Custom("Information", Color::Blue), Color::Blue),
        Severity::Hint => (ReportKind::Custom("Hint", Color::Cyan), Color::Cyan),
    }
}

/// A few words under the underlined span.
fn short_label(code: Code) -> &'static str {
    match code {
        Code::Syntax => "here",
        Code::UnknownReference => "not declared",
        Code::DuplicateDeclaration => "declared again here",
        Code::UnknownProperty => "unknown property",
        Code::InvalidValue => "not accepted here",
        Code::DuplicateAnswer => "second answer",
        Code::UnansweredData
        | Code::UnansweredTransform
        | Code::UnansweredTiming
        | Code::UnansweredFrequency
        | Code::UnansweredVolume
        | Code::Contradiction => "this flow",
        Code::OpenQuestion => "open question",
        Code::UnusedDeclaration => "never used",
        Code::ManualStep => "a person moves the data",
        Code::FormatMismatch => "formats differ",
        Code::UnmappedField => "a field gets no value",
        Code::UnknownField => "no such field",
        Code::TypeMismatch => "does not fit",
        Code::UnmappedCode => "codes left out",
        Code::NoIdentifier => "no identifier",
        Code::PersonalData => "personal data here",
        Code::DuplicateOwner => "another system of record",
    }
}

/// ariadne's sources, built once per file on first use and found by id: a
/// fresh source per diagnostic (copying and indexing the whole file each
/// time) made the output quadratic in the number of diagnostics.
struct SourceCache<'a> {
    workspace: &'a Workspace,
    sources: HashMap<FileId, Source<Arc<str>>>,
}

impl Cache<FileId> for SourceCache<'_> {
    type Storage = Arc<str>;

    fn fetch(&mut self, id: &FileId) -> Result<&Source<Arc<str>>, impl std::fmt::Debug> {
        let Some(file) = self.workspace.file(*id) else {
            return Err(format!("no file {}", id.0));
        };
        Ok(self
            .sources
            .entry(*id)
            .or_insert_with(|| Source::from(lines_for_ariadne(&file.text))))
    }

    fn display<'b>(&self, id: &'b FileId) -> Option<impl std::fmt::Display + 'b> {
        self.workspace.file(*id).map(|f| f.path.clone())
    }
}

/// The text as ariadne should see it: ariadne also ends lines at a form
/// feed, a vertical tab, U+0085, U+2028 and U+2029, which the line model
/// (and so the JSON output and the editor) does not. Each becomes a space
/// of the same UTF-8 length, so byte offsets and characters stay where
/// they are.
fn lines_for_ariadne(text: &Arc<str>) -> Arc<str> {
    const ODD: [char; 5] = ['\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}'];
    if !text.contains(ODD) {
        return text.clone();
    }
    text.chars()
        .map(|c| match c {
            '\u{b}' | '\u{c}' => ' ',
            '\u{85}' => '\u{a0}',
            '\u{2028}' | '\u{2029}' => '\u{2007}',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// Human output: each diagnostic with its source line underlined.
pub fn human(workspace: &Workspace, files: &[FileDiagnostics<'_>], color: bool) -> String {
    let mut out = Vec::new();
    let mut cache = SourceCache {
        workspace,
        sources: HashMap::new(),
    };
    for FileDiagnostics {
        id, diagnostics, ..
    } in files
    {
        for d in diagnostics {
            let (kind, tint) = report_kind(d.severity);
            let span = (*id, d.span.range());
            let label_text = match d.fixes.first() {
                Some(fix) => fix.title.to_lowercase(),
                None => short_label(d.code).to_string(),
            };
            let mut labels = vec![(
                (*id, d.span),
                Label::new(span.clone())
                    .with_message(label_text)
                    .with_color(tint),
            )];
            for related in &d.related {
                labels.push((
                    (related.file, related.span),
                    Label::new((related.file, related.span.range()))
                        .with_message(&related.message)
                        .with_color(Color::Fixed(244)),
                ));
            }
            // ariadne starts a new section (with a header at the wrong place)
            // when a label in the same file comes before the previous one:
            // the diagnostic's file first, then by position.
            labels.sort_by_key(|((file, span), _)| (*file != *id, *file, span.end, span.start));
            // The config comes first: it decides whether labels get colour.
            let report = Report::build(kind, span)
                .with_config(
                    Config::default()
                        .with_color(color)
                        .with_index_type(IndexType::Byte)
                        .with_compact(false),
                )
                .with_code(d.code)
                .with_message(&d.message)
                .with_labels(labels.into_iter().map(|(_, label)| label));
            // Writing to a Vec cannot fail.
            let _ = report.finish().write(&mut cache, &mut out);
        }
    }
    let out = String::from_utf8_lossy(&out).into_owned();
    if color { out } else { strip_ansi(&out) }
}

/// Removes terminal colour codes. ariadne colours the header of custom
/// report kinds (our Information and Hint) even when told not to.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ parameters final-byte
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// "2 errors, 1 warning in 3 files", or that all is well.
pub fn summary(files: &[FileDiagnostics<'_>]) -> String {
    // Information is an open question, or another question to ask (a note,
    // such as personal data reaching a spreadsheet).
    let count = |s: Severity, open: Option<bool>| {
        files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == s)
            .filter(|d| open.is_none_or(|o| (d.code == Code::OpenQuestion) == o))
            .count()
    };
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let parts: Vec<String> = [
        (Severity::Error, None, "error"),
        (Severity::Warning, None, "warning"),
        (Severity::Information, Some(true), "open question"),
        (Severity::Information, Some(false), "note"),
        (Severity::Hint, None, "hint"),
    ]
    .into_iter()
    .filter_map(|(s, open, w)| {
        let n = count(s, open);
        (n > 0).then(|| plural(n, w))
    })
    .collect();
    let checked = plural(files.len(), "file");
    if parts.is_empty() {
        format!("Checked {checked}: no problems found.")
    } else {
        format!("Checked {checked}: {}.", parts.join(", "))
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRelated {
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: String,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    replacement: &'a str,
}

/// 1-based line and column, columns counting characters.
fn position(file: &FileData, offset: u32) -> (u32, u32) {
    let lc = file
        .lines
        .line_col(&file.text, offset as usize, Encoding::Utf32);
    (lc.line + 1, lc.col + 1)
}

/// Machine output: one JSON array of every diagnostic.
pub fn json(workspace: &Workspace, files: &[FileDiagnostics<'_>]) -> String {
    let mut all = Vec::new();
    for FileDiagnostics {
        file, diagnostics, ..
    } in files
    {
        for d in diagnostics {
            let (line, column) = position(file, d.span.start);
            let (end_line, end_column) = position(file, d.span.end);
            let related = d
                .related
                .iter()
                .filter_map(|r| {
                    let other = workspace.file(r.file)?;
                    let (line, column) = position(other, r.span.start);
                    let (end_line, end_column) = position(other, r.span.end);
                    Some(JsonRelated {
                        path: other.path.clone(),
                        line,
                        column,
                        end_line,
                        end_column,
                        message: r.message.clone(),
                    })
                })
                .collect();
            let fixes = d
                .fixes
                .iter()
                .filter_map(|f| match f.edits.as_slice() {
                    [edit] => Some(JsonFix {
                        title: &f.title,
                        replacement: &edit.new_text,
                    }),
                    _ => None,
                })
                .collect();
            all.push(JsonDiagnostic {
                path: &file.path,
                line,
                column,
                end_line,
                end_column,
                severity: d.severity.as_str(),
                code: d.code.as_str(),
                message: &d.message,
                related,
                fixes,
            });
        }
    }
    serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The excerpt's line is the line the JSON output, the editor and the
    /// reference name: a form feed, a line or paragraph separator or a
    /// next-line character (which ariadne alone would take for line
    /// breaks) ends no line.
    #[test]
    fn excerpts_count_lines_as_everything_else_does() {
        for odd in ["\u{c}", "\u{b}", "\u{85}", "\u{2028}", "\u{2029}"] {
            let text = format!("## A design.{odd} More.\n\ntool a{odd}\nflow f: a -> nowhere\n");
            let mut ws = Workspace::new();
            ws.set_file("a.flow", text.as_str());
            let files: Vec<FileDiagnostics<'_>> = collect(&ws)
                .into_iter()
                .map(|mut f| {
                    f.diagnostics.retain(|d| d.code == Code::UnknownReference);
                    f
                })
                .collect();
            let out = human(&ws, &files, false);
            assert!(out.contains("a.flow:4:14 ]"), "{odd:?}:\n{out}");
            assert!(
                out.contains(" 4 │ flow f: a -> nowhere\n"),
                "{odd:?}:\n{out}"
            );
            assert!(json(&ws, &files).contains("\"line\": 4,"), "{odd:?}");
        }
    }
}
