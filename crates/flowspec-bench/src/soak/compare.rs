//! The end of a soak: the diagnostics the server last published for each
//! file against `flowspec check --format json` of the files on disk, in one
//! form: per file (relative path), one line per diagnostic with its range
//! (0-based line, column in characters), severity, code, message and
//! related locations, sorted. (Fixes are left out: the server offers them
//! as code actions, not in the diagnostic.)

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;

use flowspec_lsp_harness::{Server, offset};
use flowspec_test_fixture::line_col;
use serde_json::Value;

/// Diagnostics per file, files without any left out.
pub type ByFile = BTreeMap<String, Vec<String>>;

fn severity_name(n: &Value) -> &'static str {
    match n.as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "information",
        Some(4) => "hint",
        _ => "?",
    }
}

/// `flowspec check --format json .`, run in the workspace folder.
pub fn expected(binary: &Path, root: &Path) -> ByFile {
    let output = Command::new(binary)
        .args(["check", "--format", "json", "."])
        .current_dir(root)
        .output()
        .expect("flowspec check runs");
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "flowspec check failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let all: Value = serde_json::from_slice(&output.stdout).expect("check's JSON");
    let at = |d: &Value| {
        // 1-based lines and columns in characters.
        let n = |k: &str| d[k].as_u64().unwrap() - 1;
        format!(
            "{}:{}-{}:{}",
            n("line"),
            n("column"),
            n("end_line"),
            n("end_column")
        )
    };
    let mut out = ByFile::new();
    for d in all.as_array().expect("an array") {
        let mut related: Vec<String> = d["related"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| format!("{} {} {}", r["path"].as_str().unwrap(), at(r), r["message"]))
            .collect();
        related.sort();
        let line = format!(
            "{} {} {} {} {related:?}",
            at(d),
            d["severity"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            d["message"]
        );
        out.entry(d["path"].as_str().unwrap().to_string())
            .or_default()
            .push(line);
    }
    for lines in out.values_mut() {
        lines.sort();
    }
    out
}

/// The last publication for each URI, read into the same form against the
/// texts on disk (every document is closed: the server holds the disk's
/// text).
pub fn published(server: &Server, latest: &HashMap<String, Value>) -> ByFile {
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut text_of = |path: &str| -> String {
        texts
            .entry(path.to_string())
            .or_insert_with(|| {
                // A file that is not UTF-8: the server's positions are in
                // the text before the bad byte, which decodes the same.
                let bytes = std::fs::read(server.path(path)).unwrap_or_default();
                String::from_utf8_lossy(&bytes).into_owned()
            })
            .clone()
    };
    let mut at = |path: &str, range: &Value| {
        let text = text_of(path);
        let start = line_col(&text, offset(&text, &range["start"], server.encoding));
        let end = line_col(&text, offset(&text, &range["end"], server.encoding));
        format!("{}:{}-{}:{}", start.0, start.1, end.0, end.1)
    };
    let mut out = ByFile::new();
    for (uri, params) in latest {
        let path = server.relative(uri);
        let mut lines = Vec::new();
        for d in params["diagnostics"].as_array().into_iter().flatten() {
            let mut related: Vec<String> = d["relatedInformation"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    let other = server.relative(r["location"]["uri"].as_str().unwrap());
                    let range = at(&other, &r["location"]["range"]);
                    format!("{other} {range} {}", r["message"])
                })
                .collect();
            related.sort();
            lines.push(format!(
                "{} {} {} {} {related:?}",
                at(&path, &d["range"]),
                severity_name(&d["severity"]),
                d["code"].as_str().unwrap_or("?"),
                d["message"]
            ));
        }
        if !lines.is_empty() {
            lines.sort();
            out.insert(path, lines);
        }
    }
    out
}

/// The differences, file by file, or `None` when they agree.
pub fn differences(server: &ByFile, check: &ByFile) -> Option<String> {
    let mut out = String::new();
    let paths: std::collections::BTreeSet<&String> = server.keys().chain(check.keys()).collect();
    for path in paths {
        let a = server.get(path).map_or(&[][..], Vec::as_slice);
        let b = check.get(path).map_or(&[][..], Vec::as_slice);
        if a != b {
            out.push_str(&format!("{path}:\n"));
            for line in a.iter().filter(|l| !b.contains(l)) {
                out.push_str(&format!("  server only: {line}\n"));
            }
            for line in b.iter().filter(|l| !a.contains(l)) {
                out.push_str(&format!("  check only:  {line}\n"));
            }
        }
    }
    (!out.is_empty()).then_some(out)
}
