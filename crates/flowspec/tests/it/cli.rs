//! End-to-end tests of the `flowspec` binary: what a user runs, what it
//! prints, and its exit status.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::*;

#[test]
fn check_the_bundled_example_warns_but_passes() {
    let out = flowspec(&["check", "examples/ethiopia"], &repo());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "[unanswered-data] Warning: Data flow is unanswered",
        "[unanswered-transform] Warning",
        "[unanswered-volume] Warning",
        "[manual-step] Hint",
        "examples/ethiopia/reporting.flow:",
        "commcare -> excel -> dhis2 monthly batch",
        // The seed's date case: the transform converts to DD/MM/YYYY, DHIS2
        // keeps YYYY-MM-DD.
        "[format-mismatch] Warning: this converts `visit_date` to DD/MM/YYYY, but `dhis2` keeps it as YYYY-MM-DD",
        "[personal-data] Information",
        "Checked 3 files: 4 warnings, 1 note, 1 hint.",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // Piped output has no colour codes.
    assert!(!text.contains('\u{1b}'), "colour codes in piped output");
    let denied = flowspec(
        &["check", "--deny", "warnings", "examples/ethiopia"],
        &repo(),
    );
    assert_eq!(denied.status.code(), Some(1));
}

/// The README's command for the bundled example is one that works: it names
/// the package (the workspace has two binaries, and a bare `cargo run` refuses
/// to choose), and `scripts/test-all.sh` runs it verbatim, so it cannot rot.
#[test]
fn the_readme_command_for_the_example_is_run_by_test_all() {
    let read = |p: &str| std::fs::read_to_string(repo().join(p)).unwrap();
    let readme = read("README.md");
    let row = readme
        .lines()
        .find(|l| l.starts_with("| run Flowspec on the bundled example |"))
        .expect("the README's row for the bundled example");
    let command = row.split('`').nth(1).expect("a command in backquotes");
    assert!(
        command.starts_with("cargo run -p flowspec -- check examples/ethiopia"),
        "{command}"
    );
    let script = read("scripts/test-all.sh");
    assert!(
        script.lines().any(|l| l.trim() == command),
        "scripts/test-all.sh does not run `{command}`"
    );
}

#[test]
fn check_reports_errors_with_exit_status_one() {
    let dir = workspace(&[("a.flow", b"flow f: comcare -> dhis2 { data: \"x\" }\n")]);
    let out = flowspec(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("[unknown-reference] Error: `comcare` is not a declared tool"),
        "{text}"
    );
    assert!(text.contains("a.flow:1:9"), "{text}");
    assert!(text.contains("Did you mean `commcare`?"), "{text}");
}

#[test]
fn json_output_has_every_field_with_character_columns() {
    // "é" and "ክ" are one character each but two and three bytes.
    let source = "tool t \"é ክ\"\nflow f: t -> dhis22 { data: \"ክክ\" }\n";
    let dir = workspace(&[("x.flow", source.as_bytes())]);
    let out = flowspec(&["check", "--format", "json", "x.flow"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let all: Value = serde_json::from_str(&stdout(&out)).expect("one JSON array");
    let all = all.as_array().unwrap();
    let unknown = all
        .iter()
        .find(|d| d["code"] == "unknown-reference")
        .expect("an unknown reference");
    assert_eq!(unknown["path"], "x.flow");
    assert_eq!(unknown["line"], 2);
    assert_eq!(unknown["column"], 14);
    assert_eq!(unknown["end_line"], 2);
    assert_eq!(unknown["end_column"], 20);
    assert_eq!(unknown["severity"], "error");
    assert!(unknown["message"].as_str().unwrap().contains("`dhis22`"));
    assert_eq!(unknown["fixes"][0]["replacement"], "dhis2");
    let severities: Vec<&str> = all
        .iter()
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert!(severities.contains(&"warning"));
    for d in all {
        for key in [
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "severity",
            "code",
            "message",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
}

#[test]
fn duplicates_across_files_point_at_each_other() {
    let dir = workspace(&[
        ("a.flow", b"tool x \"X\"\nx -> dhis2\n"),
        ("sub/b.flow", b"role x \"Team X\"\n"),
    ]);
    let out = flowspec(&["check", "--format", "json", "."], dir.path());
    let all: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let dups: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "duplicate-declaration")
        .collect();
    assert_eq!(dups.len(), 2);
    let a = dups.iter().find(|d| d["path"] == "a.flow").unwrap();
    assert_eq!(a["related"][0]["path"], "sub/b.flow");
    assert_eq!(a["related"][0]["line"], 1);
    assert_eq!(a["related"][0]["column"], 6);
    assert_eq!(a["related"][0]["end_line"], 1);
    assert_eq!(a["related"][0]["end_column"], 7);
}

/// Each source section of a human report is headed by the right place: a
/// related label earlier in the same file joins the diagnostic's section
/// (ariadne gave it a section of its own, headed by the diagnostic's place),
/// and another file's section is headed by its label.
#[test]
fn human_output_heads_each_section_with_its_place() {
    let dir = workspace_text(&[
        (
            "a.flow",
            "tool x \"X\"\nflow f: x -> dhis2 {\n  data: \"x\"\n  data: \"y\"\n}\n",
        ),
        ("sub/b.flow", "role x \"Team X\"\n"),
    ]);
    let text = stdout(&flowspec(&["check", "."], dir.path()));
    let report = |code: &str, path: &str| -> String {
        let mut lines = text
            .lines()
            .skip_while(|l| !l.starts_with(&format!("[{code}]")));
        let mut out: Vec<&str> = lines.next().into_iter().collect();
        out.extend(lines.take_while(|l| !l.starts_with('[')));
        let out = out.join("\n");
        assert!(
            out.contains(&format!("╭─[ {path}")),
            "{code} in {path}:\n{text}"
        );
        out
    };
    let answer = report("duplicate-answer", "a.flow");
    assert!(answer.contains("╭─[ a.flow:4:3 ]"), "{answer}");
    assert!(
        !answer.contains("├─["),
        "one section for one file:\n{answer}"
    );
    let first = answer.find("first answered here").unwrap();
    let second = answer.find("second answer").unwrap();
    assert!(first < second, "line 3 is shown before line 4:\n{answer}");
    let declared = report("duplicate-declaration", "a.flow");
    assert!(declared.contains("╭─[ a.flow:1:6 ]"), "{declared}");
    assert!(declared.contains("├─[ sub/b.flow:1:6 ]"), "{declared}");
    assert!(declared.contains("role x \"Team X\""), "{declared}");
}

/// A folder (or file) named two ways is one place: its files are loaded
/// once, under the first name given, so nothing is a duplicate of itself.
#[test]
fn the_same_folder_named_two_ways_is_loaded_once() {
    let dir = workspace_text(&[(
        "x/a.flow",
        "tool x \"X\"\ntool dhis2 \"DHIS2 (ours)\"\nx -> dhis2 monthly batch\n",
    )]);
    let x = dir.path().join("x");
    let absolute = x.to_str().unwrap();
    for (args, shown) in [
        (vec!["../x", "."], "../x/a.flow"),
        (vec![".", absolute], "a.flow"),
        (vec!["a.flow", "./a.flow", "../x/a.flow"], "a.flow"),
    ] {
        let mut all = vec!["check", "--format", "json"];
        all.extend(&args);
        let out = flowspec(&all, &x);
        let diagnostics: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let diagnostics = diagnostics.as_array().unwrap();
        assert!(!diagnostics.is_empty(), "{args:?}");
        for d in diagnostics {
            assert!(
                !d["code"].as_str().unwrap().starts_with("duplicate"),
                "{args:?}: {d}"
            );
            assert_eq!(d["path"], shown, "{args:?}: {d}");
        }
    }
    let human = stdout(&flowspec(&["check", "../x", "."], &x));
    assert!(human.contains("Checked 1 file:"), "{human}");
}

#[test]
fn folders_follow_the_workspace_rule() {
    let dir = workspace(&[
        ("designs/a.flow", b"flow a: odk -> dhis2\n"),
        ("node_modules/x.flow", b"garbage {{{"),
        (".hidden/y.flow", b"garbage {{{"),
        ("target/z.flow", b"garbage {{{"),
        ("notes.txt", b"garbage {{{"),
    ]);
    let out = flowspec(&["check", "--format", "json"], dir.path());
    let all: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let paths: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(!paths.is_empty());
    assert!(paths.iter().all(|p| *p == "designs/a.flow"), "{paths:?}");
}

#[test]
fn a_missing_path_is_a_usage_error_that_names_it() {
    let dir = workspace(&[]);
    let out = flowspec(&["check", "nowhere/design.flow"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read `nowhere/design.flow`: no such file or folder"),
        "{}",
        stderr(&out)
    );
    let out = flowspec(&["check", "--format", "xml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_file_that_is_not_utf8_gets_a_clear_error() {
    let dir = workspace(&[
        ("bad.flow", b"tool a\n# \xc3\xa9t\xc3\xa9 \xff\xfe b\n"),
        ("good.flow", b"tool c\n"),
    ]);
    let out = flowspec(&["check", "--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let all: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let bad: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "bad.flow")
        .collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0]["code"], "syntax");
    assert!(
        bad[0]["message"]
            .as_str()
            .unwrap()
            .contains("not UTF-8 text: byte 0xFF at line 2, column 7"),
        "{}",
        bad[0]["message"]
    );
    // The error is placed on the bad byte, columns counting characters.
    let place = |d: &Value| {
        [
            d["line"].clone(),
            d["column"].clone(),
            d["end_line"].clone(),
            d["end_column"].clone(),
        ]
    };
    assert_eq!(place(bad[0]), [2, 7, 2, 8].map(Value::from), "{}", bad[0]);
    let human = stdout(&flowspec(&["check", "bad.flow"], dir.path()));
    assert!(human.contains("[ bad.flow:2:7 ]"), "{human}");
    assert!(human.contains("# été \u{fffd}"), "{human}");
    // The other file is still checked.
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|d| d["path"] == "good.flow")
    );
}

#[test]
fn severity_settings_change_or_silence_codes() {
    let dir = workspace(&[("a.flow", b"commcare -> dhis2 monthly batch\n")]);
    let out = flowspec(
        &[
            "check",
            "--format",
            "json",
            "--severity",
            "unanswered-volume=off",
            "--severity",
            "unanswered-data=error",
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "unanswered-data is now an error"
    );
    let all: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<(&str, &str)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert!(!codes.iter().any(|(c, _)| *c == "unanswered-volume"));
    assert!(codes.contains(&("unanswered-data", "error")));
    let bad = flowspec(&["check", "--severity", "unanswered-volum=off"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("did you mean `unanswered-volume`?"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn fmt_rewrites_checks_and_refuses_broken_files() {
    let messy = "tool   a{kind:mis}\nflow f:a->dhis2 monthly # keep me\n";
    let broken = "tool b {\n  kind: mis\nflow\n";
    let dir = workspace(&[
        ("messy.flow", messy.as_bytes()),
        ("broken.flow", broken.as_bytes()),
    ]);

    let check = flowspec(&["fmt", "--check"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(stdout(&check), "messy.flow\n");
    assert!(
        stderr(&check).contains(
            "broken.flow: not formatted: it has a syntax error at 1:8: this `{` is not closed"
        ),
        "{}",
        stderr(&check)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("messy.flow")).unwrap(),
        messy,
        "--check changed a file"
    );

    let run = flowspec(&["fmt", "."], dir.path());
    assert_eq!(run.status.code(), Some(1), "a broken file makes fmt fail");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("messy.flow")).unwrap(),
        "tool a {\n  kind: mis\n}\n\nflow f: a -> dhis2 monthly # keep me\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("broken.flow")).unwrap(),
        broken,
        "a broken file was rewritten"
    );

    let again = flowspec(&["fmt", "--check", "messy.flow"], dir.path());
    assert_eq!(again.status.code(), Some(0), "formatting is idempotent");
}

#[test]
fn fmt_dash_filters_stdin_to_stdout() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowspec"))
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a->b  monthly")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "a -> b monthly\n");

    let mut child = Command::new(env!("CARGO_BIN_EXE_flowspec"))
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"tool {").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "",
        "nothing on stdout when the input is broken"
    );
    assert!(stderr(&out).contains("<stdin>: not formatted"));
}

#[test]
fn explain_prints_the_reference_section() {
    let out = flowspec(&["explain", "unanswered-volume"], &repo());
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("## `unanswered-volume`"), "{text}");
    assert!(text.contains("Default severity: warning"));
    assert!(text.contains("What is the scale of this"));
    assert!(!text.contains("## `open-question`"), "only one section");

    let all = flowspec(&["explain", "all"], &repo());
    let listed = stdout(&all);
    assert_eq!(
        listed.lines().count(),
        flowspec_analysis::Code::ALL.len(),
        "{listed}"
    );
    assert!(
        listed
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == [
                    "open-question",
                    "information",
                    "A",
                    "question",
                    "answered",
                    "`tbd`",
                    "or",
                    "`unknown`"
                ]),
        "{listed}"
    );

    let bad = flowspec(&["explain", "unknown-referense"], &repo());
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("did you mean `unknown-reference`?"));
}

/// `--profile discovery` adds the discovery checks, and only with it; the
/// bundled discovery example passes it with no diagnostic at all.
#[test]
fn check_with_the_discovery_profile() {
    let dir = workspace_text(&[(
        "a.flow",
        "tool dhis2 { auth: basic }\nflow f: odk -> dhis2 monthly batch ~10 records/month { data: \"é\" transform: none }\n",
    )]);
    let plain = flowspec(&["check", "a.flow"], dir.path());
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    assert!(!stdout(&plain).contains("basic-auth"), "{}", stdout(&plain));
    let out = flowspec(&["check", "--profile", "discovery", "a.flow"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for code in [
        "[basic-auth] Warning",
        "[unanswered-hosting] Warning",
        "[unanswered-failure] Warning",
        "[unanswered-identifier] Warning",
        "[unanswered-direction] Warning",
        // `odk`, a catalog tool used without a declaration, at its step.
        "`odk` does not say how the integration authenticates",
    ] {
        assert!(text.contains(code), "missing {code:?} in:\n{text}");
    }
    let denied = flowspec(
        &[
            "check",
            "--profile",
            "discovery",
            "--deny",
            "warnings",
            "a.flow",
        ],
        dir.path(),
    );
    assert_eq!(denied.status.code(), Some(1));
    let bad = flowspec(&["check", "--profile", "discover", "a.flow"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("discovery"), "{}", stderr(&bad));
}

#[test]
fn the_discovery_example_passes_the_discovery_profile() {
    let out = flowspec(
        &[
            "check",
            "--profile",
            "discovery",
            "--format",
            "json",
            "examples/discovery",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json, serde_json::json!([]), "no diagnostic at all");
    let human = flowspec(
        &["check", "--profile", "discovery", "examples/discovery"],
        &repo(),
    );
    assert!(
        stdout(&human).contains("Checked 2 files: no problems found."),
        "{}",
        stdout(&human)
    );
    // The design uses the discovery properties: its report has the
    // checklist, every question answered.
    let report = flowspec(&["report", "examples/discovery"], &repo());
    let html = stdout(&report);
    assert!(html.contains("<section id=\"discovery\">"), "no checklist");
    assert_eq!(
        html.matches("<article class=\"flow-discovery\">").count(),
        2
    );
    assert!(!html.contains("class=\"unanswered\""), "an unanswered row");
}

#[test]
fn the_report_has_the_checklist_with_the_profile_or_the_properties_only() {
    let plain = flowspec(&["report", "examples/ethiopia"], &repo());
    assert!(!stdout(&plain).contains("id=\"discovery\""));
    let with = flowspec(
        &["report", "--profile", "discovery", "examples/ethiopia"],
        &repo(),
    );
    let html = stdout(&with);
    assert!(html.contains("<section id=\"discovery\">"));
    assert!(html.contains("<a href=\"#discovery\">Discovery checklist</a>"));
    assert!(html.contains("class=\"unanswered\""));
}
