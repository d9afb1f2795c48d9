//! Go to definition (and declaration: the same answer), find references
//! and document highlight: every file of the fixture with the answer's
//! ranges marked under their lines, and the cursor.

use expect_test::{Expect, expect};
use flowspec_analysis::ide::navigation::{Access, definition, highlights, references};
use flowspec_test_fixture::Mark;
use flowspec_test_fixture::designs::MINISTRY;

use super::Db;

/// The cursors of the fixture, as marks.
fn cursors(db: &Db) -> Vec<Mark> {
    db.fixture
        .sorted_markers()
        .into_iter()
        .map(|(name, path, at)| (path, at..at, name))
        .collect()
}

/// Definition at each marker: the names' spans (`focus`) and, for the
/// first target, the whole item (`full`).
fn check_definition(source: &str, expect: Expect) {
    let db = Db::new(source);
    let mut marks = Vec::new();
    for (name, path, at) in db.fixture.sorted_markers() {
        match definition(&db.ws, db.id(&path), at) {
            None => marks.push((path, at..at, format!("{name}: no name here"))),
            Some(found) => {
                marks.push(db.mark(db.id(&path), found.origin, format!("{name}: origin")));
                if found.targets.is_empty() {
                    marks.push((path, at..at, format!("{name}: no declaration")));
                }
                for target in &found.targets {
                    marks.push(db.mark(target.file, target.focus, format!("{name}: definition")));
                    marks.push(db.mark(target.file, target.full, format!("{name}: item")));
                }
            }
        }
    }
    marks.extend(cursors(&db));
    expect.assert_eq(&db.annotate(&marks));
}

fn check_references(source: &str, include_declaration: bool, expect: Expect) {
    let db = Db::new(source);
    let mut marks = Vec::new();
    for (name, path, at) in db.fixture.sorted_markers() {
        match references(&db.ws, db.id(&path), at, include_declaration) {
            None => marks.push((path, at..at, format!("{name}: no name here"))),
            Some(found) => {
                for o in found {
                    let what = if o.is_declaration {
                        "declaration"
                    } else {
                        "reference"
                    };
                    marks.push(db.mark(o.file, o.span, format!("{name}: {what}")));
                }
            }
        }
    }
    marks.extend(cursors(&db));
    expect.assert_eq(&db.annotate(&marks));
}

fn check_highlights(source: &str, expect: Expect) {
    let db = Db::new(source);
    let mut marks = Vec::new();
    for (name, path, at) in db.fixture.sorted_markers() {
        let id = db.id(&path);
        for h in highlights(&db.ws, id, at) {
            let access = match h.access {
                Access::Write => "write",
                Access::Read => "read",
            };
            marks.push(db.mark(id, h.span, format!("{name}: {access}")));
        }
    }
    marks.extend(cursors(&db));
    expect.assert_eq(&db.annotate(&marks));
}

#[test]
fn definition_leads_to_the_declaration_in_another_file() {
    check_definition(
        MINISTRY,
        expect![[r#"
        //- tools.flow
        ## Les systèmes du ministère — ሚኒስቴር 😀
        role clerk "Agent de saisie — ጸሐፊ 😀" tool hmis "Système national 😀" { kind: mis }
                                                  ^^^^ $0: definition
                                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ $0: item
        //- monthly.flow
        flow monthly: commcare -> clerk -> hmis monthly batch { data: "visites é ጉብኝት 😀" } hmis -> dhis2 weekly
                                                                                           ^^^^ $0: origin
                                                                                             ^ $0
        //- weekly.flow
        flow weekly: excel -> hmis { notes: "é 😀" } flow other: hmis -> excel daily
    "#]],
    );
}

#[test]
fn definition_from_a_use_in_another_file_and_from_the_declaration_itself() {
    check_definition(
        "//- tools.flow\ntool hmis$1 \"Système 😀\" {\n  kind: mis\n}\n//- weekly.flow\nflow weekly: excel -> h$0mis\n",
        expect![[r#"
            //- tools.flow
            tool hmis "Système 😀" {
                 ^^^^ $0: definition
            ^^^^^^^^^^^^^^^^^^^^^^^… $0: item
                 ^^^^ $1: origin
                 ^^^^ $1: definition
            ^^^^^^^^^^^^^^^^^^^^^^^… $1: item
                     ^ $1
              kind: mis
            }
            //- weekly.flow
            flow weekly: excel -> hmis
                                  ^^^^ $0: origin
                                   ^ $0
        "#]],
    );
}

#[test]
fn no_definition_for_a_catalog_tool_a_keyword_or_a_value_and_a_flow_leads_to_itself() {
    check_definition(
        "//- a.flow\nf$3low f$1: comm$0care -> x -> nowh$4ere mon$2thly\n//- b.flow\ntool x \"X 😀\" role x\n",
        expect![[r#"
            //- a.flow
            flow f: commcare -> x -> nowhere monthly
                    ^^^^^^^^ $0: origin
                        ^ $0: no declaration
                 ^ $1: origin
                 ^ $1: definition
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ $1: item
                                                ^ $2: no name here
             ^ $3: no name here
                                     ^^^^^^^ $4: origin
                                         ^ $4: no declaration
                        ^ $0
                  ^ $1
                                                ^ $2
             ^ $3
                                         ^ $4
            //- b.flow
            tool x "X 😀" role x
        "#]],
    );
    // A duplicated name: every declaration.
    check_definition(
        "//- a.flow\nflow f: commcare -> $0x\n//- b.flow\ntool x \"X 😀\" role x\n",
        expect![[r#"
            //- a.flow
            flow f: commcare -> x
                                ^ $0: origin
                                ^ $0
            //- b.flow
            tool x "X 😀" role x
                 ^ $0: definition
            ^^^^^^^^^^^^ $0: item
                              ^ $0: definition
                         ^^^^^^ $0: item
        "#]],
    );
}

#[test]
fn references_in_every_file_with_and_without_the_declaration() {
    check_references(
        MINISTRY,
        true,
        expect![[r#"
        //- tools.flow
        ## Les systèmes du ministère — ሚኒስቴር 😀
        role clerk "Agent de saisie — ጸሐፊ 😀" tool hmis "Système national 😀" { kind: mis }
                                                  ^^^^ $0: declaration
        //- monthly.flow
        flow monthly: commcare -> clerk -> hmis monthly batch { data: "visites é ጉብኝት 😀" } hmis -> dhis2 weekly
                                           ^^^^ $0: reference
                                                                                           ^^^^ $0: reference
                                                                                             ^ $0
        //- weekly.flow
        flow weekly: excel -> hmis { notes: "é 😀" } flow other: hmis -> excel daily
                              ^^^^ $0: reference
                                                                ^^^^ $0: reference
    "#]],
    );
    check_references(
        MINISTRY,
        false,
        expect![[r#"
        //- tools.flow
        ## Les systèmes du ministère — ሚኒስቴር 😀
        role clerk "Agent de saisie — ጸሐፊ 😀" tool hmis "Système national 😀" { kind: mis }
        //- monthly.flow
        flow monthly: commcare -> clerk -> hmis monthly batch { data: "visites é ጉብኝት 😀" } hmis -> dhis2 weekly
                                           ^^^^ $0: reference
                                                                                           ^^^^ $0: reference
                                                                                             ^ $0
        //- weekly.flow
        flow weekly: excel -> hmis { notes: "é 😀" } flow other: hmis -> excel daily
                              ^^^^ $0: reference
                                                                ^^^^ $0: reference
    "#]],
    );
}

#[test]
fn references_of_a_catalog_tool_of_a_flow_and_of_nothing() {
    let source = "//- a.flow\nf$2low f: comm$0care -> dhis2 { notes: \"ጉብኝት\" } commcare -> excel\n//- b.flow\nflow g$1: excel -> commcare\n";
    check_references(
        source,
        true,
        expect![[r#"
        //- a.flow
        flow f: commcare -> dhis2 { notes: "ጉብኝት" } commcare -> excel
                ^^^^^^^^ $0: reference
                                                    ^^^^^^^^ $0: reference
         ^ $2: no name here
                    ^ $0
         ^ $2
        //- b.flow
        flow g: excel -> commcare
                         ^^^^^^^^ $0: reference
             ^ $1: declaration
              ^ $1
    "#]],
    );
    // Nothing references a flow.
    check_references(
        source,
        false,
        expect![[r#"
        //- a.flow
        flow f: commcare -> dhis2 { notes: "ጉብኝት" } commcare -> excel
                ^^^^^^^^ $0: reference
                                                    ^^^^^^^^ $0: reference
         ^ $2: no name here
                    ^ $0
         ^ $2
        //- b.flow
        flow g: excel -> commcare
                         ^^^^^^^^ $0: reference
              ^ $1
    "#]],
    );
}

#[test]
fn highlight_marks_declarations_as_write_and_steps_as_read_in_this_file_only() {
    check_highlights(
        "//- tools.flow\nrole clerk \"ጸሐፊ 😀\" tool hm$0is \"é\" { ki$1nd: mis }\nflow f$2: hmis -> excel { data: \"😀\" } excel -> hmis -> dhis2\n# hmis in a comment\n//- other.flow\nhmis -> dhis2\n",
        expect![[r#"
            //- tools.flow
            role clerk "ጸሐፊ 😀" tool hmis "é" { kind: mis }
                                    ^^^^ $0: write
                                      ^ $0
                                                 ^ $1
            flow f: hmis -> excel { data: "😀" } excel -> hmis -> dhis2
                    ^^^^ $0: read
                                                         ^^^^ $0: read
                 ^ $2: write
                  ^ $2
            # hmis in a comment
            //- other.flow
            hmis -> dhis2
        "#]],
    );
}

#[test]
fn navigation_in_crlf_and_broken_files() {
    let source = "//- tools.flow\r\ntool {{ broken\r\ntool hmis \"ሰላም\"\r\n//- flows.flow\r\nflow f: commcare -> hm$0is {\r\n  data: \"x\r\n}\r\nhmis -> dhis2\r\n";
    check_definition(
        source,
        expect![[r#"
        //- tools.flow
        tool {{ broken
        tool hmis "ሰላም"
             ^^^^ $0: definition
        ^^^^^^^^^^^^^^^ $0: item
        //- flows.flow
        flow f: commcare -> hmis {
                            ^^^^ $0: origin
                              ^ $0
          data: "x
        }
        hmis -> dhis2
    "#]],
    );
    check_references(
        source,
        true,
        expect![[r#"
        //- tools.flow
        tool {{ broken
        tool hmis "ሰላም"
             ^^^^ $0: declaration
        //- flows.flow
        flow f: commcare -> hmis {
                            ^^^^ $0: reference
                              ^ $0
          data: "x
        }
        hmis -> dhis2
        ^^^^ $0: reference
    "#]],
    );
}
