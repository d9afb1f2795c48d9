//! The IDE features on records, kept records and mappings: semantic
//! tokens, hover (a record, a field, a mapping line with its worked
//! example), the outline, and the features that must keep working around
//! the new syntax (completion, folding); the cross-file re-check when a
//! record changes. Definitions in Amharic and emoji, and `\r\n`.

use expect_test::expect;
use flowspec_analysis::ide::completion::completion;
use flowspec_analysis::ide::folding::folding_ranges;
use flowspec_analysis::ide::hover::hover;
use flowspec_analysis::ide::semantic_tokens::semantic_tokens;
use flowspec_analysis::ide::symbols::document_symbols;
use flowspec_analysis::{Code, Workspace};

use super::Db;

const DESIGN: &str = r#"//- records.flow
## A person registered for care. ሰላም 👋
record patient "Patient" {
  ## The national health ID.
  national_id: text identifier required
  birth_date: date "YYYY-MM-DD" personal
  sex: choice ["female", "male"]
}
//- tools.flow
tool odk {
  kind: collection
  keeps patient {
    birth_date: as "dob" "DD/MM/YYYY"
    sex: ["1", "2"]
  }
}
//- flows.flow
flow register: odk -> openmrs realtime continuous ~40 patients/day {
  data: patient
  transform {
    birth_date: "DD/MM/YYYY" -> "YYYY-MM-DD"
    sex: ["1" -> "female", "2" -> "male"]
  }
}
"#;

fn hover_at(db: &Db, path: &str, needle: &str, into: usize) -> String {
    let at = db.fixture.text(path).find(needle).expect(needle) + into;
    let h = hover(&db.ws, db.id(path), at).expect("a hover");
    let text = db.fixture.text(path);
    format!("{}\n---\n{}", &text[h.span.range()], h.markdown)
}

#[test]
fn the_design_is_clean() {
    let db = Db::new(DESIGN);
    for path in ["records.flow", "tools.flow", "flows.flow"] {
        let found: Vec<_> = db
            .ws
            .diagnostics(db.id(path))
            .into_iter()
            .map(|d| (d.code, d.message))
            .collect();
        assert_eq!(found, vec![], "{path}");
    }
}

#[test]
fn semantic_tokens_name_records_fields_types_and_keeps() {
    let db = Db::new(DESIGN);
    let show = |path: &str| -> Vec<String> {
        let text = db.fixture.text(path);
        semantic_tokens(&db.ws, db.file(path))
            .iter()
            .map(|t| format!("{} {:?}", &text[t.span.range()], t.kind))
            .collect()
    };
    let records = show("records.flow");
    for expected in [
        "record Keyword",
        "patient Record",
        "national_id Property",
        "text Value",
        "identifier Value",
        "choice Value",
    ] {
        assert!(
            records.contains(&expected.to_string()),
            "{expected}: {records:?}"
        );
    }
    let tools = show("tools.flow");
    for expected in [
        "keeps Keyword",
        "patient Record",
        "as Keyword",
        "birth_date Property",
    ] {
        assert!(
            tools.contains(&expected.to_string()),
            "{expected}: {tools:?}"
        );
    }
    let flows = show("flows.flow");
    assert!(flows.contains(&"patient Record".to_string()), "{flows:?}");
}

#[test]
fn hover_shows_a_record_its_fields_and_who_keeps_it() {
    let db = Db::new(DESIGN);
    expect![[r#"
        patient
        ---
        **Patient** · record `patient`

        A person registered for care. ሰላም 👋

        | field | type | marks | definition |
        |---|---|---|---|
        | `national_id` | text | identifier, required | The national health ID. |
        | `birth_date` | a date as YYYY-MM-DD (2024-12-31) | personal data |  |
        | `sex` | a choice of female, male |  |  |

        **Kept by:** `odk`"#]]
    .assert_eq(&hover_at(&db, "flows.flow", "data: patient", 6));
    expect![[r#"
        birth_date
        ---
        **patient.birth_date** · a date as YYYY-MM-DD (2024-12-31) · personal data

        **How each tool keeps it:**
        - `odk`: as `dob`, DD/MM/YYYY (`31/12/2024`)"#]]
    .assert_eq(&hover_at(&db, "tools.flow", "birth_date", 0));
}

#[test]
fn hover_on_a_mapping_line_shows_a_worked_example() {
    let db = Db::new(DESIGN);
    expect![[r#"
        birth_date
        ---
        **patient.birth_date** · a date as YYYY-MM-DD (2024-12-31) · personal data

        **How each tool keeps it:**
        - `odk`: as `dob`, DD/MM/YYYY (`31/12/2024`)

        ---

        **In this flow:** From `birth_date`, converted from DD/MM/YYYY to YYYY-MM-DD.

        For example: `31/12/2024 → 2024-12-31`"#]]
    .assert_eq(&hover_at(&db, "flows.flow", "birth_date", 0));
}

#[test]
fn the_outline_shows_records_and_their_fields() {
    let db = Db::new(DESIGN);
    let outline: Vec<String> = document_symbols(db.file("records.flow"))
        .iter()
        .flat_map(|s| {
            std::iter::once(format!("{} {:?} {:?}", s.name, s.kind, s.detail)).chain(
                s.children
                    .iter()
                    .map(|c| format!("  {} {:?} {:?}", c.name, c.kind, c.detail)),
            )
        })
        .collect();
    assert_eq!(
        outline,
        [
            "patient Record Some(\"Patient\")",
            "  national_id Field Some(\"text identifier required\")",
            "  birth_date Field Some(\"date personal\")",
            "  sex Field Some(\"choice\")",
        ]
    );
}

#[test]
fn completion_and_folding_keep_working_around_records() {
    let db = Db::new(DESIGN);
    // In a flow that moves records, the block still completes its keys.
    let text = db.fixture.text("flows.flow");
    let at = text.find("  transform").unwrap() + 2;
    let keys = completion(&db.ws, db.id("flows.flow"), at).expect("keys");
    // (Timing is answered in shorthand, so only the unanswered keys.)
    assert!(
        keys.items.iter().any(|i| i.label == "status"),
        "{:?}",
        keys.items
    );
    assert!(
        !keys.items.iter().any(|i| i.label == "timing"),
        "{:?}",
        keys.items
    );
    // Records and kept records fold like any block.
    let folds = folding_ranges(db.file("tools.flow"));
    assert_eq!(folds.len(), 2, "{folds:?}");
}

#[test]
fn changing_a_record_rechecks_the_files_that_use_it() {
    let db = Db::new(DESIGN);
    let mut ws: Workspace = db.ws;
    let records = db.fixture.text("records.flow");
    // DHIS2-style dates in the record: the tool's conversion now targets
    // the wrong format, in another file.
    let edited = records.replace("\"YYYY-MM-DD\"", "\"DD-MM-YYYY\"");
    let (_, affected) = ws.set_file("records.flow", edited.as_str());
    let flows = ws.file_id("flows.flow").unwrap();
    let tools = ws.file_id("tools.flow").unwrap();
    assert!(
        affected.contains(&flows) && affected.contains(&tools),
        "{affected:?}"
    );
    let codes: Vec<Code> = ws.diagnostics(flows).iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::FormatMismatch]);
    // A comment only: what the record says is unchanged, nothing else is
    // re-checked.
    let (_, affected) = ws.set_file("records.flow", format!("# note\n{edited}").as_str());
    assert_eq!(affected, [ws.file_id("records.flow").unwrap()]);
}

#[test]
fn crlf_designs_check_the_same() {
    let lf = Db::new(DESIGN);
    let mut ws = Workspace::new();
    for (path, text) in &lf.fixture.files {
        let mut crlf = text.replace('\n', "\r\n");
        if path == "records.flow" {
            // The record now says month first; the flow converts to ISO.
            crlf = crlf.replace("\"YYYY-MM-DD\"", "\"MM/DD/YYYY\"");
        }
        ws.set_file(path, crlf);
    }
    let flows = ws.file_id("flows.flow").unwrap();
    let found: Vec<(Code, String)> = ws
        .diagnostics(flows)
        .into_iter()
        .map(|d| {
            (
                d.code,
                ws.file(flows).unwrap().text[d.span.range()].to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(Code::FormatMismatch, "\"YYYY-MM-DD\"".to_string())]
    );
}

const SAMPLES: &str = r#"//- records.flow
record patient "Patient" {
  ## The national health ID.
  national_id: text identifier required
  birth_date: date "YYYY-MM-DD" personal
}
//- tools.flow
tool odk {
  kind: collection
  keeps patient {
    birth_date: as "dob" "DD/MM/YYYY"
  }
  sample patient {
    national_id: "ET-ሰላም-1"
    birth_date: "31/12/2024"
  }
}
"#;

#[test]
fn hover_in_a_sample_shows_the_record_and_each_field_as_the_tool_keeps_it() {
    let db = Db::new(SAMPLES);
    expect![[r#"
        sample
        ---
        **sample** `patient`: one `patient` record as `odk` holds it, each line a field of the record with its value as `odk` writes it (its format, its codes). Each value is checked against the field; `flowspec export openfn` gives the samples of a flow's first step to its workflow as input."#]].assert_eq(&hover_at(&db, "tools.flow", "sample patient", 0));
    expect![[r#"
        patient
        ---
        **Patient** · record `patient`

        | field | type | marks | definition |
        |---|---|---|---|
        | `national_id` | text | identifier, required | The national health ID. |
        | `birth_date` | a date as YYYY-MM-DD (2024-12-31) | personal data |  |

        **Kept by:** `odk`"#]]
    .assert_eq(&hover_at(&db, "tools.flow", "sample patient", 8));
    expect![[r#"
        birth_date
        ---
        **patient.birth_date** · a date as YYYY-MM-DD (2024-12-31) · personal data

        **How each tool keeps it:**
        - `odk`: as `dob`, DD/MM/YYYY (`31/12/2024`)

        ---

        **In this sample:** "31/12/2024" as `odk` writes it (DD/MM/YYYY); as the record defines it (YYYY-MM-DD): `2024-12-31`"#]].assert_eq(&hover_at(&db, "tools.flow", "birth_date: \"31", 0));
    expect![[r#"
        "31/12/2024"
        ---
        **patient.birth_date** · a date as YYYY-MM-DD (2024-12-31) · personal data

        **How each tool keeps it:**
        - `odk`: as `dob`, DD/MM/YYYY (`31/12/2024`)

        ---

        **In this sample:** "31/12/2024" as `odk` writes it (DD/MM/YYYY); as the record defines it (YYYY-MM-DD): `2024-12-31`"#]].assert_eq(&hover_at(&db, "tools.flow", "\"31/12", 3));
    let keeps = hover_at(&db, "tools.flow", "keeps patient", 0);
    assert!(
        keeps.starts_with("keeps\n---\n**keeps** `patient`: `odk` holds"),
        "{keeps}"
    );
    // A value with no format of its own says only how the tool writes it.
    let id = hover_at(&db, "tools.flow", "\"ET-", 2);
    assert!(
        id.starts_with("\"ET-ሰላም-1\"\n---\n**patient.national_id**"),
        "{id}"
    );
    assert!(
        id.ends_with("**In this sample:** \"ET-ሰላም-1\" as `odk` writes it"),
        "{id}"
    );
}
