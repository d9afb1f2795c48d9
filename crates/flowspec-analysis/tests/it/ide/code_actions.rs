//! Code actions at `$0`: each action's title, kind, whether it is the
//! preferred fix and the diagnostic it resolves, then every file after its
//! edits. Applying a fix resolves its diagnostic; a rewrite keeps the
//! diagnostics as they were.

use expect_test::{Expect, expect};
use flowspec_analysis::Workspace;
use flowspec_analysis::ide::code_actions::{ActionKind, CodeAction, code_actions};
use flowspec_analysis::syntax::Span;

use super::Db;

fn actions(db: &Db, marker: &str) -> Vec<CodeAction> {
    let (file, at) = db.at(marker);
    code_actions(&db.ws, file, Span::new(at, at))
}

/// The codes of every file's diagnostics.
fn codes(ws: &Workspace) -> Vec<String> {
    let mut all: Vec<String> = ws
        .files()
        .flat_map(|(id, _)| ws.diagnostics(id))
        .map(|d| d.code.as_str().to_string())
        .collect();
    all.sort();
    all
}

/// The workspace after an action.
fn after(db: &Db, action: &CodeAction) -> Workspace {
    let mut ws = Workspace::new();
    for (path, text, _) in db.edited(&action.edits) {
        ws.set_file(&path, text);
    }
    ws
}

fn check(source: &str, expect: Expect) {
    let db = Db::new(source);
    let mut out = String::new();
    for action in actions(&db, "$0") {
        let resolves = action
            .diagnostic
            .as_ref()
            .map_or(String::new(), |d| format!(", resolves {}", d.code.as_str()));
        let preferred = if action.preferred { ", preferred" } else { "" };
        out.push_str(&format!(
            "=== {} ({:?}{preferred}{resolves})\n",
            action.title, action.kind
        ));
        out.push_str(&db.apply(&action.edits));
        let (before, now) = (codes(&db.ws), codes(&after(&db, &action)));
        match (&action.kind, &action.diagnostic) {
            (ActionKind::QuickFix, Some(d)) => {
                let code = d.code.as_str().to_string();
                let left = |all: &[String]| all.iter().filter(|c| **c == code).count();
                assert!(
                    left(&now) < left(&before),
                    "{}: {code} not resolved: {now:?}",
                    action.title
                );
            }
            (ActionKind::Rewrite, _) => assert_eq!(
                now, before,
                "{}: the rewrite keeps the meaning",
                action.title
            ),
            _ => {}
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn did_you_mean_fixes_a_reference_a_key_and_a_value_with_non_ascii_before_them() {
    let source = "tool t \"é ክ 😀\" { owner: \"😀\" }\nflow f: t -> com$0care { data: \"ክ\" transform: none timing: batch frequncy$1: monthly volume: ~5 recrods$2/day }\n";
    check(
        source,
        expect![[r#"
        === Change to `commcare` (QuickFix, preferred, resolves unknown-reference)
        //- test.flow (edited)
        tool t "é ክ 😀" { owner: "😀" }
        flow f: t -> commcare { data: "ክ" transform: none timing: batch frequncy: monthly volume: ~5 recrods/day }
        === Declare `comcare` as a tool in this file (QuickFix, resolves unknown-reference)
        //- test.flow (edited)
        tool t "é ክ 😀" { owner: "😀" }
        flow f: t -> comcare { data: "ክ" transform: none timing: batch frequncy: monthly volume: ~5 recrods/day }

        tool comcare "Comcare"
        === Declare `comcare` as a role in this file (QuickFix, resolves unknown-reference)
        //- test.flow (edited)
        tool t "é ክ 😀" { owner: "😀" }
        flow f: t -> comcare { data: "ክ" transform: none timing: batch frequncy: monthly volume: ~5 recrods/day }

        role comcare "Comcare"
        === Mark the unanswered questions as open (tbd): Frequency (QuickFix, resolves unanswered-frequency)
        //- test.flow (edited)
        tool t "é ክ 😀" { owner: "😀" }
        flow f: t -> comcare { data: "ክ" transform: none timing: batch frequncy: monthly volume: ~5 recrods/day
          frequency: tbd
        }
    "#]],
    );
    // All three applied, one after the other (last first, so that each
    // marker still stands where it was): nothing left to report.
    let fixture = Db::new(source).fixture;
    let mut text = fixture.text("test.flow").to_string();
    for marker in ["$2", "$1", "$0"] {
        let (_, at) = fixture.marker(marker);
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("test.flow", text.as_str());
        let fix = code_actions(&ws, id, Span::new(at, at))
            .into_iter()
            .find(|a| a.title.starts_with("Change to"))
            .unwrap_or_else(|| panic!("a fix at {marker}"));
        let edits: Vec<_> = fix.edits.iter().map(|(_, e)| e).collect();
        text = super::apply(&text, &edits);
    }
    assert_eq!(
        text,
        "tool t \"é ክ 😀\" { owner: \"😀\" }\nflow f: t -> commcare { data: \"ክ\" transform: none timing: batch frequency: monthly volume: ~5 records/day }\n"
    );
    let mut ws = Workspace::new();
    let (id, _) = ws.set_file("test.flow", text);
    assert!(ws.diagnostics(id).is_empty(), "{:?}", ws.diagnostics(id));
}

#[test]
fn an_unknown_tool_can_be_declared_as_a_tool_or_a_role() {
    check(
        "flow f: data_h$0ub -> dhis2 {\n  data: \"x\"\n}\n",
        expect![[r#"
        === Declare `data_hub` as a tool in this file (QuickFix, resolves unknown-reference)
        //- test.flow (edited)
        flow f: data_hub -> dhis2 {
          data: "x"
        }

        tool data_hub "Data Hub"
        === Declare `data_hub` as a role in this file (QuickFix, resolves unknown-reference)
        //- test.flow (edited)
        flow f: data_hub -> dhis2 {
          data: "x"
        }

        role data_hub "Data Hub"
        === Mark the unanswered questions as open (tbd): Transformation, Timing, Frequency, Volume (QuickFix, resolves unanswered-transform)
        //- test.flow (edited)
        flow f: data_hub -> dhis2 {
          data: "x"
          transform: tbd
          timing: tbd
          frequency: tbd
          volume: tbd
        }
    "#]],
    );
    // In a CRLF file: every inserted line ends in the file's own `\r\n`.
    check(
        "flow f: data_h$0ub -> dhis2 {\r\n  data: \"ሰላም\"\r\n}\r\n",
        expect![[r#"
            === Declare `data_hub` as a tool in this file (QuickFix, resolves unknown-reference)
            //- test.flow (edited)
            flow f: data_hub -> dhis2 {␍
              data: "ሰላም"␍
            }␍
            ␍
            tool data_hub "Data Hub"␍
            === Declare `data_hub` as a role in this file (QuickFix, resolves unknown-reference)
            //- test.flow (edited)
            flow f: data_hub -> dhis2 {␍
              data: "ሰላም"␍
            }␍
            ␍
            role data_hub "Data Hub"␍
            === Mark the unanswered questions as open (tbd): Transformation, Timing, Frequency, Volume (QuickFix, resolves unanswered-transform)
            //- test.flow (edited)
            flow f: data_hub -> dhis2 {␍
              data: "ሰላም"␍
              transform: tbd␍
              timing: tbd␍
              frequency: tbd␍
              volume: tbd␍
            }␍
        "#]],
    );
}

#[test]
fn unanswered_questions_can_be_marked_open() {
    check(
        "comm$0care -> excel -> dhis2 monthly batch\n",
        expect![[r#"
        === Mark the unanswered questions as open (tbd): Data flow, Transformation, Volume (QuickFix, resolves unanswered-data)
        //- test.flow (edited)
        commcare -> excel -> dhis2 monthly batch {
          data: tbd
          transform: tbd
          volume: tbd
        }
        === Move the shorthand answers into the flow's block (Rewrite)
        //- test.flow (edited)
        commcare -> excel -> dhis2 {
          timing: batch
          frequency: monthly
        }
    "#]],
    );
}

#[test]
fn shorthand_becomes_the_block_form() {
    check(
        "## Monthly indicators.\ncomm$0care -> excel -> dhis2 monthly batch ~12000 records/month {\n  data: \"indicators\"\n}\n",
        expect![[r#"
            === Mark the unanswered questions as open (tbd): Transformation (QuickFix, resolves unanswered-transform)
            //- test.flow (edited)
            ## Monthly indicators.
            commcare -> excel -> dhis2 monthly batch ~12000 records/month {
              data: "indicators"
              transform: tbd
            }
            === Move the shorthand answers into the flow's block (Rewrite)
            //- test.flow (edited)
            ## Monthly indicators.
            commcare -> excel -> dhis2 {
              data: "indicators"
              timing: batch
              frequency: monthly
              volume: ~12000 records/month
            }
        "#]],
    );
}

#[test]
fn fixes_across_files_and_nothing_where_nothing_is_wrong() {
    // A typo of a tool declared in another file.
    check(
        "//- tools.flow\ntool moh_hmis \"HMIS 😀\"\n//- flows.flow\nflow f: commcare -> moh_hmsi$0 { data: \"x\" transform: none timing: batch frequency: daily volume: ~5 forms/day }\n",
        expect![[r#"
            === Change to `moh_hmis` (QuickFix, preferred, resolves unknown-reference)
            //- tools.flow (unchanged)
            tool moh_hmis "HMIS 😀"
            //- flows.flow (edited)
            flow f: commcare -> moh_hmis { data: "x" transform: none timing: batch frequency: daily volume: ~5 forms/day }
            === Declare `moh_hmsi` as a tool in this file (QuickFix, resolves unknown-reference)
            //- tools.flow (unchanged)
            tool moh_hmis "HMIS 😀"
            //- flows.flow (edited)
            flow f: commcare -> moh_hmsi { data: "x" transform: none timing: batch frequency: daily volume: ~5 forms/day }

            tool moh_hmsi "Moh Hmsi"
            === Declare `moh_hmsi` as a role in this file (QuickFix, resolves unknown-reference)
            //- tools.flow (unchanged)
            tool moh_hmis "HMIS 😀"
            //- flows.flow (edited)
            flow f: commcare -> moh_hmsi { data: "x" transform: none timing: batch frequency: daily volume: ~5 forms/day }

            role moh_hmsi "Moh Hmsi"
        "#]],
    );
    check(
        "tool t$0 \"T\"\nflow f: t -> dhis2 { data: \"x\" transform: none timing: batch frequency: daily volume: ~5 forms/day }\n",
        expect![""],
    );
}
