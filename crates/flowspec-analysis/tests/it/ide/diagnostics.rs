//! Diagnostics as the editor shows them: every file with each diagnostic
//! under its range (severity, code, message), its related locations and
//! its fixes. (The snapshots of `tests/fixtures/diagnostics/` cover every
//! code; these cases cover what an editor meets: several files, non-ASCII
//! text, broken input, CRLF.)

use expect_test::{Expect, expect};
use flowspec_analysis::SeverityConfig;

use super::Db;

fn show(db: &Db) -> String {
    let mut marks = Vec::new();
    let mut notes = String::new();
    for (path, _) in &db.fixture.files {
        let id = db.id(path);
        for d in db.ws.diagnostics(id) {
            let label = format!("{:?} {}: {}", d.severity, d.code.as_str(), d.message);
            marks.push(db.mark(id, d.span, label));
            for r in &d.related {
                notes.push_str(&format!(
                    "--- {} related: {} in {}\n",
                    d.code.as_str(),
                    r.message,
                    db.path(r.file)
                ));
            }
            for fix in &d.fixes {
                notes.push_str(&format!("--- {} fix: {}\n", d.code.as_str(), fix.title));
            }
        }
    }
    db.annotate(&marks) + &notes
}

fn check(source: &str, expect: Expect) {
    expect.assert_eq(&show(&Db::new(source)));
}

#[test]
fn references_resolve_across_files_and_duplicates_name_each_other() {
    check(
        "//- tools.flow\ntool hmis \"HMIS — ሰላም 😀\"\ntool x \"X\"\ntool unused\n//- flows.flow\nflow f: commcare -> hmsi -> x -> dhis2 { data: \"é\" }\nx -> dhis2 monthly batch\n//- more.flow\nrole x \"Team\"\n",
        expect![[r#"
            //- tools.flow
            tool hmis "HMIS — ሰላም 😀"
                 ^^^^ Hint unused-declaration: tool `hmis` is declared but no flow uses it
            tool x "X"
                 ^ Error duplicate-declaration: `x` is declared 2 times; tools and roles share one namespace across the workspace, so keep one
            tool unused
                 ^^^^^^ Hint unused-declaration: tool `unused` is declared but no flow uses it
            //- flows.flow
            flow f: commcare -> hmsi -> x -> dhis2 { data: "é" }
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ Warning unanswered-transform: Transformation is unanswered: “Is any transformation needed so the integration goes smoothly?” Answer `transform: none` if the data goes through as it is, or say what changes: `transform: "sum visits per district"`; `transform: tbd` marks it as an open question
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ Warning unanswered-timing: Timing is unanswered: “What initiates this data flow?” Answer `timing: realtime` (each event starts it), `batch` (a schedule starts it) or `manual` (a person starts it); `timing: tbd` marks it as an open question
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ Warning unanswered-frequency: Frequency is unanswered: “How often is this process happening?” Answer with `frequency: monthly` (or hourly, daily, weekly, `every 2 hours`, `cron "0 2 * * *"`, continuous, on-demand); `frequency: tbd` marks it as an open question
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ Warning unanswered-volume: Volume is unanswered: “What is the scale of this integration?” Answer with `volume: ~500 forms/day` (about 500 forms a day); `volume: tbd` marks it as an open question
                                ^^^^ Error unknown-reference: `hmsi` is not a declared tool or role, nor a tool Flowspec knows: declare it with `tool hmsi "Display name"`. Did you mean `hmis`?
            x -> dhis2 monthly batch
            ^^^^^^^^^^ Warning unanswered-data: Data flow is unanswered: “What data are we sending? Which direction? What other tools or humans facilitate the flow?” Answer with `data: "what moves"` or a list, `data: ["visit forms", "referrals"]`; `data: tbd` marks it as an open question
            ^^^^^^^^^^ Warning unanswered-transform: Transformation is unanswered: “Is any transformation needed so the integration goes smoothly?” Answer `transform: none` if the data goes through as it is, or say what changes: `transform: "sum visits per district"`; `transform: tbd` marks it as an open question
            ^^^^^^^^^^ Warning unanswered-volume: Volume is unanswered: “What is the scale of this integration?” Answer with `volume: ~500 forms/day` (about 500 forms a day); `volume: tbd` marks it as an open question
            //- more.flow
            role x "Team"
                 ^ Error duplicate-declaration: `x` is declared 2 times; tools and roles share one namespace across the workspace, so keep one
            --- duplicate-declaration related: `x` is also declared here in more.flow
            --- unknown-reference fix: Change to `hmis`
            --- duplicate-declaration related: `x` is also declared here in tools.flow
        "#]],
    );
}

#[test]
fn positions_after_non_ascii_text_and_in_crlf_files() {
    check(
        "tool t \"é ክ 😀\" { notes: \"😀😀\" kind: spaceship }\r\nflow f: t -> dhiss2 { data: \"ክክ\" frequency: montly volume: 12 parsecs }\r\n",
        expect![[r#"
            //- test.flow
            tool t "é ክ 😀" { notes: "😀😀" kind: spaceship }
                                               ^^^^^^^^^ Error invalid-value: `kind` cannot be `spaceship`: it is one of collection, case-management, mis, ehr, spreadsheet, database, analytics, messaging, erp, storage or other.
            flow f: t -> dhiss2 { data: "ክክ" frequency: montly volume: 12 parsecs }
            ^^^^^^^^^^^^^^^^^^^ Warning unanswered-transform: Transformation is unanswered: “Is any transformation needed so the integration goes smoothly?” Answer `transform: none` if the data goes through as it is, or say what changes: `transform: "sum visits per district"`; `transform: tbd` marks it as an open question
            ^^^^^^^^^^^^^^^^^^^ Warning unanswered-timing: Timing is unanswered: “What initiates this data flow?” Answer `timing: realtime` (each event starts it), `batch` (a schedule starts it) or `manual` (a person starts it); `timing: tbd` marks it as an open question
                         ^^^^^^ Error unknown-reference: `dhiss2` is not a declared tool or role, nor a tool Flowspec knows: declare it with `tool dhiss2 "Display name"`. Did you mean `dhis2`?
                                                        ^^^^^^ Error invalid-value: `montly` is not a frequency: `frequency` takes hourly, daily, weekly, monthly, quarterly, yearly, `every N hours` (or minutes, days, weeks, months), `cron "m h dom mon dow"`, continuous or on-demand. Did you mean `monthly`?
                                                                          ^^^^^^^ Error invalid-value: `parsecs` is not a unit of volume: use records, rows, forms, submissions, cases, messages, events, patients, files, requests, KB, MB or GB.
            --- unknown-reference fix: Change to `dhis2`
            --- invalid-value fix: Change to `monthly`
        "#]],
    );
}

#[test]
fn broken_input_costs_only_its_item() {
    check(
        "tool {{ broken\nflow f: a -> { data: \"x\n\n} stray ✓✓\nflow ok: commcare -> dhis2 { data: \"x\" transform: none timing: batch frequency: daily volume: ~5 forms/day }\n",
        expect![[r#"
            //- test.flow
            tool {{ broken
                 ^ Error syntax: expected a name, found `{`
            flow f: a -> { data: "x
                    ^ Error unknown-reference: `a` is not a declared tool or role, nor a tool Flowspec knows: declare it with `tool a "Display name"`.
                      ^^ Error syntax: expected the name of a tool or role after `->`
                                 ^^ Error syntax: this string is not closed: add `"` before the end of the line

            } stray ✓✓
              ^^^^^ Error syntax: expected `tool`, `role`, `flow` or a chain like `a -> b`, found `stray`
                    ^^ Error syntax: unexpected characters `✓✓`: names use ASCII letters, digits, `_` and `-`; put other text in a "string"
            flow ok: commcare -> dhis2 { data: "x" transform: none timing: batch frequency: daily volume: ~5 forms/day }
        "#]],
    );
}

#[test]
fn settings_change_severities_and_turn_codes_off() {
    let mut db = Db::new("commcare -> dhis2 monthly batch\n");
    let mut config = SeverityConfig::default();
    for (code, level) in [
        ("unanswered-volume", "off"),
        ("unanswered-data", "error"),
        ("unanswered-transform", "hint"),
    ] {
        config.set(code.parse().unwrap(), level.parse().unwrap());
    }
    db.ws.set_config(config);
    expect![[r#"
        //- test.flow
        commcare -> dhis2 monthly batch
        ^^^^^^^^^^^^^^^^^ Error unanswered-data: Data flow is unanswered: “What data are we sending? Which direction? What other tools or humans facilitate the flow?” Answer with `data: "what moves"` or a list, `data: ["visit forms", "referrals"]`; `data: tbd` marks it as an open question
        ^^^^^^^^^^^^^^^^^ Hint unanswered-transform: Transformation is unanswered: “Is any transformation needed so the integration goes smoothly?” Answer `transform: none` if the data goes through as it is, or say what changes: `transform: "sum visits per district"`; `transform: tbd` marks it as an open question
    "#]].assert_eq(&show(&db));
}
