//! Printing diagnostics: for people (source excerpts, via ariadne) and for
//! programs (one JSON array, from `flowspec-design`, which `serve` and `mcp`
//! print too).

use std::collections::HashMap;
use std::sync::Arc;

use ariadne::{Cache, Color, Config, IndexType, Label, Report, ReportKind, Source};
use flowspec_analysis::{Code, FileId, Severity, Workspace};

pub use flowspec_design::diagnostics::{FileDiagnostics, collect, json, summary};

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
        Code::UnansweredAuth
        | Code::UnansweredHosting
        | Code::UnansweredSandbox
        | Code::UnansweredAdmin
        | Code::UnansweredLimits => "this tool",
        Code::BasicAuth => "a password on every request",
        Code::OverLimit => "more than the tool accepts",
        Code::UnansweredFailure | Code::UnansweredIdentifier | Code::UnansweredDirection => {
            "this flow"
        }
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
