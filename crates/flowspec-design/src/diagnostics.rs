//! A design's diagnostics for programs: every file's, sorted by path, as
//! one JSON array (`flowspec check --format json`, the MCP server's `check`
//! tool and the live page all print this), and the one-line summary.

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

/// One diagnostic as programs read it: 1-based lines and columns, columns
/// counting characters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonDiagnostic {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<JsonRelated>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<JsonFix>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonRelated {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonFix {
    pub title: String,
    pub replacement: String,
}

/// 1-based line and column, columns counting characters.
pub fn position(file: &FileData, offset: u32) -> (u32, u32) {
    let lc = file
        .lines
        .line_col(&file.text, offset as usize, Encoding::Utf32);
    (lc.line + 1, lc.col + 1)
}

/// Every diagnostic of `files`, in order.
pub fn json_diagnostics(
    workspace: &Workspace,
    files: &[FileDiagnostics<'_>],
) -> Vec<JsonDiagnostic> {
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
            // A fix of one edit is a replacement a program can apply.
            let fixes = d
                .fixes
                .iter()
                .filter_map(|f| match f.edits.as_slice() {
                    [edit] => Some(JsonFix {
                        title: f.title.clone(),
                        replacement: edit.new_text.clone(),
                    }),
                    _ => None,
                })
                .collect();
            all.push(JsonDiagnostic {
                path: file.path.clone(),
                line,
                column,
                end_line,
                end_column,
                severity: d.severity.as_str(),
                code: d.code.as_str(),
                message: d.message.clone(),
                related,
                fixes,
            });
        }
    }
    all
}

/// Machine output: one JSON array of every diagnostic.
pub fn json(workspace: &Workspace, files: &[FileDiagnostics<'_>]) -> String {
    serde_json::to_string_pretty(&json_diagnostics(workspace, files))
        .unwrap_or_else(|_| "[]".to_string())
}
