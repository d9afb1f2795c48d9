//! Records and fields as names in the editor: completion of records,
//! fields (the target's as a mapping line's key, the source's as its
//! value), formats and codes; definition, references, highlight and
//! rename of records and fields across files; the quick fix that maps the
//! unmapped required fields; hover on a line's source field. Display names
//! and definitions in French, Amharic and emoji; `\r\n`.

use expect_test::{Expect, expect};
use flowspec_analysis::ide::code_actions::code_actions;
use flowspec_analysis::ide::completion::completion;
use flowspec_analysis::ide::hover::hover;
use flowspec_analysis::ide::navigation::{Access, definition, highlights, references};
use flowspec_analysis::ide::rename::{prepare_rename, rename};
use flowspec_analysis::syntax::Span;
use flowspec_analysis::{Code, Workspace};

use super::{Db, visible};

/// Records in one file, the tools that keep them in another, the flow in
/// a third. `$0` … are placed by each test.
const DESIGN: &str = r#"//- records.flow
## A visit by a health extension worker. ጉብኝት 🏥
record visit "Visite à domicile" {
  ## The visit's own id. መለያ
  visit_id: text identifier required
  ## Day of the visit, as the phone records it. 📅
  visit_date: date "MM/DD/YYYY" required
  sex: choice ["1", "2"]
  village: text
}

## One row of the monthly report. ወርሃዊ
record report "Rapport mensuel" {
  report_id: text identifier required
  visit_date: date "DD/MM/YYYY" required
  sex: choice ["female", "male"]
  district: text required
  village: text
  total: integer
}
//- tools.flow
tool commcare {
  kind: collection
  owns visit {
    visit_date: as "date_mmddyyyy" "MM/DD/YYYY"
  }
  sample visit {
    visit_id: "ጉ-1 🏥"
    visit_date: "12/31/2024"
  }
}

tool dhis2 {
  kind: mis
  keeps report
}
//- flows.flow
flow monthly: commcare -> dhis2 monthly batch ~40 records/day {
  data: visit -> report
  transform {
    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"
    sex: ["1" -> "female", "2" -> "male"]
    total: count visit_id "per month"
  }
}
"#;

/// The design with `$0` put before the `nth` occurrence of `needle` in
/// `path` (plus `into` bytes).
fn at(path: &str, needle: &str, into: usize) -> String {
    let header = format!("//- {path}\n");
    let start = DESIGN.find(&header).unwrap() + header.len();
    let at = start + DESIGN[start..].find(needle).expect(needle) + into;
    format!("{}$0{}", &DESIGN[..at], &DESIGN[at..])
}

fn codes(ws: &Workspace) -> Vec<(String, Vec<&'static str>)> {
    let mut all: Vec<_> = ws
        .files()
        .map(|(id, f)| {
            let mut c: Vec<&'static str> =
                ws.diagnostics(id).iter().map(|d| d.code.as_str()).collect();
            c.sort();
            (f.path.clone(), c)
        })
        .collect();
    all.sort();
    all
}

#[test]
fn the_design_reports_only_the_unmapped_fields() {
    let db = Db::new(DESIGN);
    assert_eq!(
        codes(&db.ws),
        [
            (
                "flows.flow".to_string(),
                vec!["unmapped-field", "unmapped-field"]
            ),
            ("records.flow".to_string(), vec![]),
            ("tools.flow".to_string(), vec![]),
        ]
    );
}

/// Definition, references (with declarations) and highlights at `$0`,
/// drawn under the files.
fn check_nav(source: &str, expect: Expect) {
    let db = Db::new(source);
    let (file, at) = db.cursor();
    let mut marks = Vec::new();
    let found = definition(&db.ws, file, at).expect("a name");
    for t in &found.targets {
        marks.push(db.mark(t.file, t.focus, "definition"));
    }
    for o in references(&db.ws, file, at, true).unwrap() {
        let what = if o.is_declaration {
            "declaration"
        } else {
            "reference"
        };
        marks.push(db.mark(o.file, o.span, what));
    }
    for h in highlights(&db.ws, file, at) {
        let access = match h.access {
            Access::Write => "write",
            Access::Read => "read",
        };
        marks.push(db.mark(file, h.span, format!("highlight {access}")));
    }
    let (path, offset) = db.fixture.marker("$0");
    marks.push((path, offset..offset, "$0".to_string()));
    expect.assert_eq(&db.annotate(&marks));
}

#[test]
fn a_record_named_in_data_leads_to_its_declaration_and_every_use() {
    check_nav(
        &at("flows.flow", "visit ->", 2),
        expect![[r#"
            //- records.flow
            ## A visit by a health extension worker. ጉብኝት 🏥
            record visit "Visite à domicile" {
                   ^^^^^ definition
                   ^^^^^ declaration
              ## The visit's own id. መለያ
              visit_id: text identifier required
              ## Day of the visit, as the phone records it. 📅
              visit_date: date "MM/DD/YYYY" required
              sex: choice ["1", "2"]
              village: text
            }

            ## One row of the monthly report. ወርሃዊ
            record report "Rapport mensuel" {
              report_id: text identifier required
              visit_date: date "DD/MM/YYYY" required
              sex: choice ["female", "male"]
              district: text required
              village: text
              total: integer
            }
            //- tools.flow
            tool commcare {
              kind: collection
              owns visit {
                   ^^^^^ reference
                visit_date: as "date_mmddyyyy" "MM/DD/YYYY"
              }
              sample visit {
                     ^^^^^ reference
                visit_id: "ጉ-1 🏥"
                visit_date: "12/31/2024"
              }
            }

            tool dhis2 {
              kind: mis
              keeps report
            }
            //- flows.flow
            flow monthly: commcare -> dhis2 monthly batch ~40 records/day {
              data: visit -> report
                    ^^^^^ reference
                    ^^^^^ highlight read
                      ^ $0
              transform {
                visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"
                sex: ["1" -> "female", "2" -> "male"]
                total: count visit_id "per month"
              }
            }
        "#]],
    );
}

#[test]
fn a_kept_field_leads_to_the_records_line_and_its_mapping_uses() {
    // The kept `visit_date` is visit's; the flow's line reads it under
    // the key's name (it names no source field).
    check_nav(
        &at("tools.flow", "visit_date", 3),
        expect![[r#"
            //- records.flow
            ## A visit by a health extension worker. ጉብኝት 🏥
            record visit "Visite à domicile" {
              ## The visit's own id. መለያ
              visit_id: text identifier required
              ## Day of the visit, as the phone records it. 📅
              visit_date: date "MM/DD/YYYY" required
              ^^^^^^^^^^ definition
              ^^^^^^^^^^ declaration
              sex: choice ["1", "2"]
              village: text
            }

            ## One row of the monthly report. ወርሃዊ
            record report "Rapport mensuel" {
              report_id: text identifier required
              visit_date: date "DD/MM/YYYY" required
              sex: choice ["female", "male"]
              district: text required
              village: text
              total: integer
            }
            //- tools.flow
            tool commcare {
              kind: collection
              owns visit {
                visit_date: as "date_mmddyyyy" "MM/DD/YYYY"
                ^^^^^^^^^^ reference
                ^^^^^^^^^^ highlight read
                   ^ $0
              }
              sample visit {
                visit_id: "ጉ-1 🏥"
                visit_date: "12/31/2024"
                ^^^^^^^^^^ reference
                ^^^^^^^^^^ highlight read
              }
            }

            tool dhis2 {
              kind: mis
              keeps report
            }
            //- flows.flow
            flow monthly: commcare -> dhis2 monthly batch ~40 records/day {
              data: visit -> report
              transform {
                visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"
                ^^^^^^^^^^ reference
                sex: ["1" -> "female", "2" -> "male"]
                total: count visit_id "per month"
              }
            }
        "#]],
    );
}

#[test]
fn a_mapping_key_is_the_targets_field_and_a_named_source_the_sources() {
    let db = Db::new(&at("flows.flow", "visit_date:", 0));
    let (file, offset) = db.cursor();
    let found = definition(&db.ws, file, offset).unwrap();
    let records = db.id("records.flow");
    let text = db.fixture.text("records.flow");
    let report_line = text.find("  visit_date: date \"DD").unwrap() + 2;
    assert_eq!(
        found
            .targets
            .iter()
            .map(|t| (t.file, t.focus.start as usize))
            .collect::<Vec<_>>(),
        [(records, report_line)]
    );
    let db = Db::new(&at("flows.flow", "visit_id \"per", 1));
    let (file, offset) = db.cursor();
    let found = definition(&db.ws, file, offset).unwrap();
    let visit_line = text.find("  visit_id:").unwrap() + 2;
    assert_eq!(found.targets[0].focus.start as usize, visit_line);
    // Hover on it: the source field's definition.
    let h = hover(&db.ws, file, offset).unwrap();
    assert!(
        h.markdown.starts_with(
            "**visit.visit_id** · text · identifier, required\n\nThe visit's own id. መለያ"
        ),
        "{}",
        h.markdown
    );
}

fn check_rename(source: &str, new_name: &str, expect: Expect) {
    let db = Db::new(source);
    let (file, at) = db.cursor();
    let before = codes(&db.ws);
    let edits = rename(&db.ws, file, at, new_name).unwrap_or_else(|e| panic!("{e:?}"));
    expect.assert_eq(&db.apply(&edits));
    let mut renamed = Workspace::new();
    for (path, text, _) in db.edited(&edits) {
        renamed.set_file(&path, text);
    }
    assert_eq!(
        codes(&renamed),
        before,
        "the rename changed what the design means"
    );
}

#[test]
fn renaming_a_record_renames_it_everywhere() {
    check_rename(
        &at("records.flow", "visit \"Visite", 0),
        "home_visit",
        expect![[r#"
            //- records.flow (edited)
            ## A visit by a health extension worker. ጉብኝት 🏥
            record home_visit "Visite à domicile" {
              ## The visit's own id. መለያ
              visit_id: text identifier required
              ## Day of the visit, as the phone records it. 📅
              visit_date: date "MM/DD/YYYY" required
              sex: choice ["1", "2"]
              village: text
            }

            ## One row of the monthly report. ወርሃዊ
            record report "Rapport mensuel" {
              report_id: text identifier required
              visit_date: date "DD/MM/YYYY" required
              sex: choice ["female", "male"]
              district: text required
              village: text
              total: integer
            }
            //- tools.flow (edited)
            tool commcare {
              kind: collection
              owns home_visit {
                visit_date: as "date_mmddyyyy" "MM/DD/YYYY"
              }
              sample home_visit {
                visit_id: "ጉ-1 🏥"
                visit_date: "12/31/2024"
              }
            }

            tool dhis2 {
              kind: mis
              keeps report
            }
            //- flows.flow (edited)
            flow monthly: commcare -> dhis2 monthly batch ~40 records/day {
              data: home_visit -> report
              transform {
                visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"
                sex: ["1" -> "female", "2" -> "male"]
                total: count visit_id "per month"
              }
            }
        "#]],
    );
}

#[test]
fn renaming_a_source_field_names_it_on_the_lines_that_read_it_by_the_keys_name() {
    check_rename(
        &at("records.flow", "visit_date: date \"MM", 0),
        "seen_on",
        expect![[r#"
            //- records.flow (edited)
            ## A visit by a health extension worker. ጉብኝት 🏥
            record visit "Visite à domicile" {
              ## The visit's own id. መለያ
              visit_id: text identifier required
              ## Day of the visit, as the phone records it. 📅
              seen_on: date "MM/DD/YYYY" required
              sex: choice ["1", "2"]
              village: text
            }

            ## One row of the monthly report. ወርሃዊ
            record report "Rapport mensuel" {
              report_id: text identifier required
              visit_date: date "DD/MM/YYYY" required
              sex: choice ["female", "male"]
              district: text required
              village: text
              total: integer
            }
            //- tools.flow (edited)
            tool commcare {
              kind: collection
              owns visit {
                seen_on: as "date_mmddyyyy" "MM/DD/YYYY"
              }
              sample visit {
                visit_id: "ጉ-1 🏥"
                seen_on: "12/31/2024"
              }
            }

            tool dhis2 {
              kind: mis
              keeps report
            }
            //- flows.flow (edited)
            flow monthly: commcare -> dhis2 monthly batch ~40 records/day {
              data: visit -> report
              transform {
                visit_date: seen_on "MM/DD/YYYY" -> "DD/MM/YYYY"
                sex: ["1" -> "female", "2" -> "male"]
                total: count visit_id "per month"
              }
            }
        "#]],
    );
}

#[test]
fn renaming_a_target_field_keeps_the_source_its_line_reads() {
    check_rename(
        &at("flows.flow", "sex:", 1),
        "gender",
        expect![[r#"
            //- records.flow (edited)
            ## A visit by a health extension worker. ጉብኝት 🏥
            record visit "Visite à domicile" {
              ## The visit's own id. መለያ
              visit_id: text identifier required
              ## Day of the visit, as the phone records it. 📅
              visit_date: date "MM/DD/YYYY" required
              sex: choice ["1", "2"]
              village: text
            }

            ## One row of the monthly report. ወርሃዊ
            record report "Rapport mensuel" {
              report_id: text identifier required
              visit_date: date "DD/MM/YYYY" required
              gender: choice ["female", "male"]
              district: text required
              village: text
              total: integer
            }
            //- tools.flow (unchanged)
            tool commcare {
              kind: collection
              owns visit {
                visit_date: as "date_mmddyyyy" "MM/DD/YYYY"
              }
              sample visit {
                visit_id: "ጉ-1 🏥"
                visit_date: "12/31/2024"
              }
            }

            tool dhis2 {
              kind: mis
              keeps report
            }
            //- flows.flow (edited)
            flow monthly: commcare -> dhis2 monthly batch ~40 records/day {
              data: visit -> report
              transform {
                visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"
                gender: sex ["1" -> "female", "2" -> "male"]
                total: count visit_id "per month"
              }
            }
        "#]],
    );
}

#[test]
fn renames_that_would_change_the_mapping_or_collide_are_refused() {
    let refused = |source: &str, new_name: &str| -> String {
        let db = Db::new(source);
        let (file, at) = db.cursor();
        match rename(&db.ws, file, at, new_name) {
            Err(e) => e.message().to_string(),
            Ok(edits) => panic!("renamed: {edits:?}"),
        }
    };
    // `village` passes by its common name, with no line.
    let why = refused(&at("records.flow", "village", 0), "hamlet");
    assert!(
        why.contains(
            "flow `monthly` in flows.flow gives `report.village` the value of `visit.village`"
        ),
        "{why}"
    );
    assert!(why.contains("`village: village`"), "{why}");
    assert!(
        refused(&at("records.flow", "visit \"V", 0), "report")
            .contains("already a record (`record report` in records.flow)")
    );
    assert!(refused(&at("records.flow", "visit \"V", 0), "date").contains("means something else"));
    assert!(
        refused(&at("records.flow", "sex", 0), "village").contains("already has a field `village`")
    );
    assert!(refused(&at("records.flow", "sex", 0), "const").contains("another kind of mapping"));
    let db = Db::new(&at("flows.flow", "visit_date:", 0));
    let (file, offset) = db.cursor();
    let target = prepare_rename(&db.ws, file, offset).unwrap();
    assert_eq!(
        (target.name.as_str(), format!("{:?}", target.kind)),
        ("visit_date", "Field".to_string())
    );
}

/// The completion labels at `$0`, and what they replace.
fn labels(source: &str) -> Vec<String> {
    let db = Db::new(source);
    let (file, at) = db.cursor();
    let Some(c) = completion(&db.ws, file, at) else {
        return Vec::new();
    };
    c.items
        .iter()
        .map(|i| {
            let detail = i.detail.as_deref().unwrap_or("");
            format!("{} {:?} | {} | {}", i.label, i.kind, i.insert, detail)
        })
        .collect()
}

#[test]
fn completion_offers_records_where_a_record_is_named() {
    let data = DESIGN.replace("data: visit -> report", "data: $0");
    let found = labels(&data);
    assert_eq!(
        &found[..2],
        [
            "report Record | report | record · Rapport mensuel",
            "visit Record | visit | record · Visite à domicile"
        ]
    );
    assert!(found.iter().any(|l| l.starts_with("tbd ")), "{found:?}");
    let arrow = DESIGN.replace("data: visit -> report", "data: visit -> rep$0");
    assert_eq!(labels(&arrow).len(), 2);
    let keeps = DESIGN.replace("keeps report", "keeps $0");
    assert_eq!(labels(&keeps).len(), 2);
    let typed = DESIGN.replace("  total: integer", "  first: visit\n  other: $0");
    let found = labels(&typed);
    assert!(
        found.iter().any(|l| l.starts_with("date Keyword")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|l| l.starts_with("visit Record")),
        "{found:?}"
    );
    let marks = DESIGN.replace("  total: integer", "  seen: date $0");
    expect![[r#"
        identifier Keyword | identifier | 
        required Keyword | required | 
        personal Keyword | personal | 
        iso-date Format | iso-date | ISO 8601 date, YYYY-MM-DD
        iso-datetime Format | iso-datetime | ISO 8601 date and time, YYYY-MM-DDTHH:mm:ss
        dhis2-period Format | dhis2-period | a DHIS2 period: 202412 (a month), 20241231 (a day), 2024W52 (a week), 2024Q4 (a quarter), 2024 (a year)
        "YYYY-MM-DD" Format | "YYYY-MM-DD" | 31 December 2024 is 2024-12-31
        "DD/MM/YYYY" Format | "DD/MM/YYYY" | 31 December 2024 is 31/12/2024
        "MM/DD/YYYY" Format | "MM/DD/YYYY" | 31 December 2024 is 12/31/2024
        "YYYY-MM-DDTHH:mm:ss" Format | "YYYY-MM-DDTHH:mm:ss" | 31 December 2024 is 2024-12-31T13:45:09"#]]
    .assert_eq(&labels(&marks).join("\n"));
}

#[test]
fn completion_offers_the_targets_fields_as_keys_and_the_sources_as_values() {
    let keys = DESIGN.replace("    total: count", "    $0\n    total: count");
    expect![[r#"
        report_id Field | report_id:  | report.report_id · text · identifier · required
        district Field | district:  | report.district · text · required
        village Field | village:  | report.village · text"#]]
    .assert_eq(&labels(&keys).join("\n"));
    let values = DESIGN.replace("    total: count", "    district: $0\n    total: count");
    let found = labels(&values);
    expect![[r#"
        visit_id Field | visit_id | visit.visit_id · text · identifier · required
        visit_date Field | visit_date | visit.visit_date · a date as MM/DD/YYYY · required
        sex Field | sex | visit.sex · a choice of 1, 2
        village Field | village | visit.village · text
        const Keyword | const | the same value for every record: `const "ET"`"#]]
    .assert_eq(&found[..5].join("\n"));
    assert_eq!(found.len(), 4 + 9);
}

#[test]
fn completion_offers_the_conversion_and_the_codes_between_the_two_systems() {
    let conversion = DESIGN.replace(
        "visit_date: \"MM/DD/YYYY\" -> \"DD/MM/YYYY\"",
        "visit_date: $0",
    );
    let found = labels(&conversion);
    assert_eq!(
        found[0],
        r#""MM/DD/YYYY" -> "DD/MM/YYYY" Format | "MM/DD/YYYY" -> "DD/MM/YYYY" | convert from `commcare`'s format to `dhis2`'s"#
    );
    assert!(
        found[1].starts_with("visit_date Field"),
        "the same name next: {found:?}"
    );
    let db = Db::new(&conversion);
    let (file, at) = db.cursor();
    let docs = completion(&db.ws, file, at).unwrap().items[0]
        .documentation
        .clone()
        .unwrap();
    assert!(
        docs.ends_with("For example: `12/31/2024 → 31/12/2024`"),
        "{docs}"
    );
    let right = DESIGN.replace("-> \"DD/MM/YYYY\"", "-> $0");
    assert_eq!(
        labels(&right),
        [r#""DD/MM/YYYY" Format | "DD/MM/YYYY" | how `dhis2` keeps `visit_date`"#]
    );
    let codes = DESIGN.replace("sex: [\"1\" -> \"female\", \"2\" -> \"male\"]", "sex: $0");
    assert_eq!(
        labels(&codes)[0],
        r#"[2 codes] Code | ["1" -> "${1:female}", "2" -> "${2:male}"] | map 1, 2 of `commcare` to female, male of `dhis2`"#
    );
    let left = DESIGN.replace(
        "[\"1\" -> \"female\", \"2\" -> \"male\"]",
        "[\"1\" -> \"female\", $0",
    );
    assert_eq!(labels(&left), [r#""2" Code | "2" ->  | "#]);
    let target = DESIGN.replace("[\"1\" -> \"female\", \"2\" -> \"male\"]", "[\"1\" -> $0");
    assert_eq!(
        labels(&target),
        [
            r#""female" Code | "female" | "#,
            r#""male" Code | "male" | "#
        ]
    );
}

#[test]
fn completion_in_a_keeps_block_offers_the_records_fields_and_what_a_line_takes() {
    let keys = DESIGN.replace("    visit_date: as", "    $0\n    visit_date: as");
    let found: Vec<String> = labels(&keys)
        .iter()
        .map(|l| l.split(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(found, ["visit_id", "sex", "village"]);
    let value = DESIGN.replace(
        "    visit_date: as \"date_mmddyyyy\" \"MM/DD/YYYY\"",
        "    visit_date: $0",
    );
    let found: Vec<String> = labels(&value)
        .iter()
        .map(|l| l.split(" | ").next().unwrap().to_string())
        .collect();
    assert_eq!(
        &found[..4],
        [
            "none Keyword",
            "as Keyword",
            "iso-date Format",
            "iso-datetime Format"
        ]
    );
    let codes = DESIGN.replace(
        "    visit_date: as \"date_mmddyyyy\" \"MM/DD/YYYY\"",
        "    sex: $0",
    );
    assert!(
        labels(&codes)
            .iter()
            .any(|l| l.starts_with("[codes] Code | [\"${1:1}\", \"${2:2}\"]")),
        "{:?}",
        labels(&codes)
    );
}

/// The quick fix on the unmapped-field diagnostic, applied.
fn mapped(text: &str) -> String {
    let mut ws = Workspace::new();
    let db = Db::new(DESIGN);
    for (path, t) in &db.fixture.files {
        if path != "flows.flow" {
            ws.set_file(path, t.as_str());
        }
    }
    let (id, _) = ws.set_file("flows.flow", text);
    let d = ws
        .diagnostics(id)
        .into_iter()
        .find(|d| d.code == Code::UnmappedField)
        .expect("unmapped");
    let actions = code_actions(&ws, id, d.span);
    let action = actions
        .iter()
        .find(|a| a.title.starts_with("Map the unmapped"))
        .expect("the action");
    assert!(action.preferred);
    assert_eq!(
        action.title,
        "Map the unmapped fields `report_id`, `district`"
    );
    let mut out = text.to_string();
    let mut edits: Vec<_> = action.edits.iter().map(|(_, e)| e.clone()).collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in edits {
        out.replace_range(e.span.start as usize..e.span.end as usize, &e.new_text);
    }
    let (after, _) = ws.set_file("flows.flow", out.as_str());
    let left: Vec<Code> = ws.diagnostics(after).iter().map(|d| d.code).collect();
    assert_eq!(left, [], "{out}");
    visible(&out)
}

#[test]
fn the_quick_fix_maps_the_unmapped_fields_in_the_files_indentation_and_line_ending() {
    let flows = Db::new(DESIGN).fixture.text("flows.flow").to_string();
    expect![[r#"
        flow monthly: commcare -> dhis2 monthly batch ~40 records/day {
          data: visit -> report
          transform {
            visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"
            sex: ["1" -> "female", "2" -> "male"]
            total: count visit_id "per month"
            report_id: rule "where report_id comes from"
            district: rule "where district comes from"
          }
        }
    "#]]
    .assert_eq(&mapped(&flows));
    // CRLF and tabs, no transform block yet (the dates then go through as
    // they are: a mismatch of its own, so the flow converts them here).
    let tabbed = "flow monthly: commcare -> dhis2 monthly batch ~40 records/day {\r\n\tdata: visit -> report\r\n\tnotes: \"ሰላም 👋\"\r\n}\r\n";
    let out = mapped(&tabbed.replace("\tnotes", "\ttransform {\r\n\t\tvisit_date: \"MM/DD/YYYY\" -> \"DD/MM/YYYY\"\r\n\t\tsex: [\"1\" -> \"female\", \"2\" -> \"male\"]\r\n\t}\r\n\tnotes"));
    assert!(out.contains("\t\tsex: [\"1\" -> \"female\", \"2\" -> \"male\"]␍\n\t\treport_id: rule \"where report_id comes from\"␍\n\t\tdistrict: rule \"where district comes from\"␍\n\t}␍\n"), "{out}");
}

#[test]
fn the_quick_fix_adds_a_transform_block_when_there_is_none() {
    let mut ws = Workspace::new();
    ws.set_file("r.flow", "record person {\r\n    pid: text identifier required\r\n    name: text\r\n}\r\nrecord client {\r\n    cid: text identifier required\r\n    name: text\r\n}\r\n");
    let text = "flow f: a -> b {\r\n    data: person -> client\r\n}\r\n";
    let (id, _) = ws.set_file("f.flow", text);
    let d = ws
        .diagnostics(id)
        .into_iter()
        .find(|d| d.code == Code::UnmappedField)
        .unwrap();
    let action = code_actions(&ws, id, Span::empty(d.span.start as usize))
        .into_iter()
        .find(|a| a.title == "Map the unmapped field `cid`")
        .unwrap();
    let e = &action.edits[0].1;
    let mut out = text.to_string();
    out.replace_range(e.span.start as usize..e.span.end as usize, &e.new_text);
    assert_eq!(
        visible(&out),
        "flow f: a -> b {␍\n    data: person -> client␍\n    transform {␍\n        cid: rule \"where cid comes from\"␍\n    }␍\n}␍\n"
    );
    // Elsewhere in the file: no such action.
    assert!(
        code_actions(&ws, id, Span::empty(0))
            .iter()
            .all(|a| !a.title.starts_with("Map"))
    );
}
