//! Fixture tests: every `.flow` file, and every folder of `.flow` files
//! (one workspace), under `tests/fixtures/diagnostics/`, analysed and
//! rendered with each diagnostic under the line it points at. The renders
//! are insta snapshots: a change in any message, range or severity shows up
//! in review.

use std::fmt::Write;
use std::path::Path;

use flowspec_analysis::discovery::Profile;
use flowspec_analysis::syntax::line_index::Encoding;
use flowspec_analysis::{FileId, Workspace};

fn load(path: &Path) -> Workspace {
    let mut files = Vec::new();
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "flow"))
            .collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            files.push((name, std::fs::read_to_string(&p).unwrap()));
        }
    } else {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        files.push((name, std::fs::read_to_string(path).unwrap()));
    }
    let mut workspace = Workspace::new();
    // `discovery-*` fixtures are checked with the discovery profile.
    if path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("discovery-"))
    {
        workspace.set_profile(Profile::Discovery);
    }
    for (name, text) in files {
        workspace.set_file(&name, text);
    }
    workspace
}

/// `line:col` (1-based, characters) of an offset in a file.
fn position(workspace: &Workspace, file: FileId, offset: u32) -> String {
    let f = workspace.file(file).unwrap();
    let lc = f.lines.line_col(&f.text, offset as usize, Encoding::Utf32);
    format!("{}:{}", lc.line + 1, lc.col + 1)
}

/// Each file's text with its diagnostics under the lines they start on.
fn render(workspace: &Workspace) -> String {
    let mut out = String::new();
    let mut files: Vec<_> = workspace.files().collect();
    files.sort_by(|a, b| a.1.path.cmp(&b.1.path));
    for (id, file) in files {
        let diagnostics = workspace.diagnostics(id);
        let _ = writeln!(out, "--- {} ({} diagnostics)", file.path, diagnostics.len());
        for (n, line) in file.text.lines().enumerate() {
            let _ = writeln!(out, "{:>3} | {line}", n + 1);
            for d in &diagnostics {
                let start = file
                    .lines
                    .line_col(&file.text, d.span.start as usize, Encoding::Utf32);
                if start.line as usize != n {
                    continue;
                }
                let end = file
                    .lines
                    .line_col(&file.text, d.span.end as usize, Encoding::Utf32);
                let width = if end.line == start.line {
                    (end.col - start.col).max(1) as usize
                } else {
                    line.chars()
                        .count()
                        .saturating_sub(start.col as usize)
                        .max(1)
                };
                let more = if end.line > start.line { "…" } else { "" };
                let _ = writeln!(
                    out,
                    "    | {}{}{more} {}[{}]: {}",
                    " ".repeat(start.col as usize),
                    "^".repeat(width),
                    d.severity,
                    d.code,
                    d.message
                );
                for r in &d.related {
                    let path = &workspace.file(r.file).unwrap().path;
                    let _ = writeln!(
                        out,
                        "    |     related {path}:{}: {}",
                        position(workspace, r.file, r.span.start),
                        r.message
                    );
                }
                for fix in &d.fixes {
                    let edits: Vec<String> = fix
                        .edits
                        .iter()
                        .map(|e| {
                            format!("{} {:?}", position(workspace, id, e.span.start), e.new_text)
                        })
                        .collect();
                    let _ = writeln!(out, "    |     fix: {} ({})", fix.title, edits.join(", "));
                }
            }
        }
    }
    out
}

#[test]
fn diagnostics_fixtures() {
    insta::glob!("../../../../tests/fixtures/diagnostics", "?*", |path| {
        let workspace = load(path);
        insta::assert_snapshot!(render(&workspace));
    });
}

/// The discovery profile only adds its own codes (and the open questions of
/// its properties): every other diagnostic of every fixture is the same
/// with it as without it.
#[test]
fn the_discovery_profile_only_adds_discovery_checks() {
    insta::glob!("../../../../tests/fixtures/diagnostics", "?*", |path| {
        let mut workspace = load(path);
        workspace.set_profile(Profile::Design);
        let mut ids: Vec<_> = workspace.files().map(|(id, _)| id).collect();
        ids.sort();
        let without: Vec<_> = ids.iter().map(|id| workspace.diagnostics(*id)).collect();
        workspace.set_profile(Profile::Discovery);
        for (id, before) in ids.iter().zip(without) {
            let kept: Vec<_> = workspace
                .diagnostics(*id)
                .into_iter()
                .filter(|d| !d.code.is_discovery())
                .filter(|d| before.contains(d) || d.code != flowspec_analysis::Code::OpenQuestion)
                .collect();
            assert_eq!(kept, before, "{}", path.display());
        }
    });
}
