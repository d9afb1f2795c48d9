//! A real editor as the client: Emacs in batch mode with
//! `editors/emacs/flowspec-mode.el` and Eglot opens a two-file design and
//! must receive the diagnostics, a hover and a go to definition from
//! `flowspec lsp`; the mode's file detection, highlighting, indentation and
//! comments are checked on the way, and a setting of the server
//! (`eglot-workspace-configuration`) must reach it.
//! In CI a missing Emacs is a failure; elsewhere the test says it skipped.

use std::process::Command;

use crate::support::{editor_design, have, repo};

#[test]
fn emacs_gets_diagnostics_hover_and_definition() {
    if !have("emacs") {
        assert!(
            std::env::var_os("CI").is_none(),
            "Emacs is required in CI (apt-get install emacs-nox elpa-eglot)"
        );
        eprintln!("skipped: emacs is not installed");
        return;
    }
    let repo = repo();
    let (work, root) = editor_design();
    let out = work.path().join("results.txt");
    let home = work.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let status = Command::new("timeout")
        .args(["60", "emacs", "--batch", "-l"])
        .arg(repo.join("tests/editors/emacs/test.el"))
        .current_dir(&root)
        .env("FLOWSPEC_BIN", env!("CARGO_BIN_EXE_flowspec"))
        .env("FLOWSPEC_MODE_DIR", repo.join("editors/emacs"))
        .env("FLOWSPEC_ROOT", &root)
        .env("FLOWSPEC_OUT", &out)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .output()
        .expect("emacs runs");
    let results = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        status.status.success(),
        "emacs failed ({}):\n{}\nresults so far:\n{results}",
        status.status,
        String::from_utf8_lossy(&status.stderr)
    );
    let lines: Vec<&str> = results.lines().collect();
    for expected in [
        "auto-mode flows.flow flowspec-mode",
        "auto-mode s.flow flowspec-mode",
        "auto-mode bus.flow flowspec-mode",
        "auto-mode js.flow flowspec-mode",
        "auto-mode UPPER.FLOW flowspec-mode",
        // JavaScript's Flow, in any letter case (as VS Code sees it).
        "auto-mode types.js.flow other",
        "auto-mode TYPES.JS.flow other",
        "auto-mode types.Js.flow other",
        "auto-mode types.js.FLOW other",
        "major-mode flowspec-mode",
        "face doc-comment font-lock-doc-face",
        "face keyword font-lock-keyword-face",
        "face flow-name font-lock-function-name-face",
        "face category-key font-lock-builtin-face",
        "comment \"# flow f: a -> b {\"",
        "server flowspec",
        "definition tools.flow line 2 col 5",
    ] {
        assert!(lines.contains(&expected), "no `{expected}` in:\n{results}");
    }
    assert!(
        results.contains(
            "indent \"flow f: a -> b {\n  data: \\\"x\\\"\n  transform {\n    id: \\\"A\\\" -> \\\"B\\\"\n  }\n  volume: [\n    \\\"a\\\",\n  ]\n}\n\""
        ),
        "indentation:\n{results}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            // `eglot-note`: the setting made it information.
            "diagnostic line 2 col 0 eglot-note: flowspec [unanswered-volume]: Volume is unanswered"
        )),
        "{results}"
    );
    assert!(
        !results.contains("unknown-reference"),
        "a step declared in the other file was reported unknown:\n{results}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("hover") && l.contains("How often is this process happening?")),
        "{results}"
    );
}
