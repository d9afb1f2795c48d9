//! Records, fields and mappings through the protocol, in files with
//! `\r\n` line endings and French, Amharic and emoji text before the names
//! on their lines, in UTF-16 and UTF-8: go to definition, references and
//! highlight of a record and of a field across files; rename of a field
//! applied as an editor applies it (the diagnostics after are the ones
//! before); completion of records, fields, a conversion and codes; hover
//! on a mapping line with its worked example and on a sample's value; the
//! quick fix that maps the unmapped required fields; the outline (records
//! and their fields, a tool's kept records and samples). A sample's lines
//! are uses of their fields: found, highlighted and renamed with them. What each feature answers where:
//! `flowspec-analysis`'s `tests/it/ide/record_names.rs` and `records.rs`.

use flowspec_lsp_harness::{Fixture, Options, Server, codes};
use serde_json::{Value, json};

use crate::support::binary;

const DESIGN: &str = r#"//- records.flow
## Une visite à domicile. ጉብኝት 🏥
record visit "Visite à domicile 🏥" {
  visit_id: text identifier required
  ## Le jour de la visite. ቀን 📅
  visit_date: date "MM/DD/YYYY" required
  sex: choice ["1", "2"]
}

record report "ወርሃዊ 😀" {
  report_id: text identifier required
  ## Le jour de la visite, comme le rapport l'écrit. ቀን 📅
  visit_date: date "DD/MM/YYYY" required
  sex: choice ["ሴት", "ወንድ"]
}
//- tools.flow
tool commcare {
  kind: collection
  owner: "Équipe ክ 😀"
  owns visit { visit_date: as "jour_ቀን" "MM/DD/YYYY" }
  sample visit {
    visit_id: "ጉ-1 😀"
    visit_date: "12/$931/2024"
  }
}
//- flows.flow
flow monthly: commcare -> dhis2 monthly batch ~40 records/day {
  data: ["ክ 😀 visites", vi$0sit -> rep$1ort]
  transform {
    visit_d$2ate: "MM/DD/YYYY" -> "DD/MM/YYYY"
    sex: ["1" -> "ሴት", "2" -> "ወንድ"]
  }
}
"#;

/// The design with `\r\n` line endings.
fn fixture(source: &str) -> Fixture {
    Fixture::parse(&source.replace('\n', "\r\n"))
}

fn start(fixture: &Fixture, utf8: bool) -> Server {
    let mut server = Server::start_indexed(binary(), fixture, Options::with_utf8(utf8));
    for path in ["records.flow", "tools.flow", "flows.flow"] {
        server.open(path);
    }
    server
}

/// `(path, the text a range covers)`, for locations.
fn located(server: &Server, locations: &Value) -> Vec<(String, String)> {
    locations
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let path = server.relative(l["uri"].as_str().unwrap());
            let text = server.text(&path);
            let range = flowspec_lsp_harness::byte_range(&text, &l["range"], server.encoding);
            let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
            (
                path,
                format!("{}[{}]", &text[line_start..range.start], &text[range]),
            )
        })
        .collect()
}

#[test]
fn a_record_and_a_field_lead_to_their_declarations_and_uses_across_files() {
    let fixture = fixture(DESIGN);
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        let (path, at) = fixture.marker("$0");
        let found = server.request("textDocument/definition", server.at(&path, at));
        assert_eq!(
            located(&server, &found),
            [("records.flow".to_string(), "record [visit]".to_string())],
            "utf8={utf8}"
        );
        let mut params = server.at(&path, at);
        params["context"] = json!({ "includeDeclaration": true });
        let refs = server.request("textDocument/references", params);
        assert_eq!(
            located(&server, &refs),
            [
                (
                    "flows.flow".to_string(),
                    "  data: [\"ክ 😀 visites\", [visit]".to_string()
                ),
                ("records.flow".to_string(), "record [visit]".to_string()),
                ("tools.flow".to_string(), "  owns [visit]".to_string()),
                ("tools.flow".to_string(), "  sample [visit]".to_string()),
            ]
        );
        // A field: the key of a mapping line is the target's field; the
        // source's of the same name is a reference of the kept line too.
        let (path, at) = fixture.marker("$2");
        let found = server.request("textDocument/definition", server.at(&path, at));
        assert_eq!(
            located(&server, &found),
            [("records.flow".to_string(), "  [visit_date]".to_string())]
        );
        let range = &found[0]["range"];
        assert_eq!(
            range["start"]["line"], 11,
            "report's line, after CRLF lines"
        );
        let text = server.text("tools.flow");
        let kept = text.find("visit_date: as").unwrap() + 2;
        let mut params = server.at("tools.flow", kept);
        params["context"] = json!({ "includeDeclaration": false });
        let refs = server.request("textDocument/references", params);
        assert_eq!(
            located(&server, &refs),
            [
                ("flows.flow".to_string(), "    [visit_date]".to_string()),
                (
                    "tools.flow".to_string(),
                    "  owns visit { [visit_date]".to_string()
                ),
                ("tools.flow".to_string(), "    [visit_date]".to_string()),
            ]
        );
        let highlights = server.request(
            "textDocument/documentHighlight",
            server.at(
                "records.flow",
                fixture.text("records.flow").find("sex").unwrap(),
            ),
        );
        let kinds: Vec<u64> = highlights
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["kind"].as_u64().unwrap())
            .collect();
        assert_eq!(kinds, [3], "the declaration, a write: {highlights}");
        server.shutdown();
    }
}

#[test]
fn renaming_a_field_edits_every_file_and_the_design_means_the_same() {
    let fixture = fixture(DESIGN);
    let mut results = Vec::new();
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        let mut before = Vec::new();
        for path in ["records.flow", "tools.flow", "flows.flow"] {
            before.push(codes(&server.diagnostics(path)));
        }
        let text = server.text("tools.flow");
        let kept = text.find("visit_date: as").unwrap();
        let prepared = server.request("textDocument/prepareRename", server.at("tools.flow", kept));
        assert_eq!(prepared["placeholder"], "visit_date", "{prepared}");
        let mut params = server.at("tools.flow", kept);
        params["newName"] = json!("jour");
        let edit = server.request("textDocument/rename", params);
        for path in ["records.flow", "tools.flow", "flows.flow"] {
            server.apply_workspace_edit(path, &edit);
        }
        let mut after = Vec::new();
        for path in ["records.flow", "tools.flow", "flows.flow"] {
            after.push(codes(&server.diagnostics(path)));
        }
        assert_eq!(after, before, "utf8={utf8}");
        let texts: Vec<String> = ["records.flow", "tools.flow", "flows.flow"]
            .iter()
            .map(|p| server.text(p))
            .collect();
        assert!(
            texts[0].contains("  jour: date \"MM/DD/YYYY\" required\r\n"),
            "{}",
            texts[0]
        );
        assert!(
            texts[0].contains("  visit_date: date \"DD/MM/YYYY\""),
            "report's stays"
        );
        assert!(
            texts[1].contains("owns visit { jour: as \"jour_ቀን\""),
            "{}",
            texts[1]
        );
        assert!(
            texts[1].contains("    visit_id: \"ጉ-1 😀\"\r\n    jour: \"12/31/2024\"\r\n"),
            "the sample's line is renamed: {}",
            texts[1]
        );
        assert!(
            texts[2].contains("    visit_date: jour \"MM/DD/YYYY\" -> \"DD/MM/YYYY\"\r\n"),
            "{}",
            texts[2]
        );
        results.push(texts);
        // A name that collides: an error answer, nothing edited.
        let text = server.text("records.flow");
        let mut params = server.at("records.flow", text.find("sex").unwrap());
        params["newName"] = json!("visit_id");
        let refused = server
            .try_request("textDocument/rename", params)
            .unwrap_err();
        assert!(
            refused["message"]
                .as_str()
                .unwrap()
                .contains("already has a field `visit_id`"),
            "{refused}"
        );
        server.shutdown();
    }
    assert_eq!(results[0], results[1], "UTF-16 and UTF-8 agree");
}

fn completion(server: &mut Server, path: &str, at: usize) -> Vec<Value> {
    let answer = server.request("textDocument/completion", server.at(path, at));
    let items = if answer.is_array() {
        answer
    } else {
        answer["items"].clone()
    };
    items.as_array().cloned().unwrap_or_default()
}

fn labels(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn completion_offers_records_fields_conversions_and_codes() {
    let source = DESIGN
        .replace(
            "visit_d$2ate: \"MM/DD/YYYY\" -> \"DD/MM/YYYY\"",
            "visit_date: $2",
        )
        .replace(
            "    sex: [\"1\" -> \"ሴት\", \"2\" -> \"ወንድ\"]",
            "    sex: [\"1\" -> $3, \"2\" -> \"ወንድ\"]\n    $4",
        );
    let fixture = fixture(&source);
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        // A record after `->`, after non-ASCII text on the line: the word
        // under the cursor is replaced.
        let (path, at) = fixture.marker("$1");
        let items = completion(&mut server, &path, at);
        assert_eq!(labels(&items), ["report", "visit"], "utf8={utf8}");
        assert_eq!(items[0]["kind"], 22, "a struct");
        let edit = &items[0]["textEdit"];
        let text = server.text(&path);
        let range = flowspec_lsp_harness::byte_range(&text, &edit["range"], server.encoding);
        assert_eq!(&text[range], "report");
        // The conversion from the source's format to the target's.
        let (path, at) = fixture.marker("$2");
        let items = completion(&mut server, &path, at);
        assert_eq!(items[0]["label"], r#""MM/DD/YYYY" -> "DD/MM/YYYY""#);
        let docs = items[0]["documentation"]["value"].as_str().unwrap();
        assert!(docs.contains("`12/31/2024 → 31/12/2024`"), "{docs}");
        // The target's codes inside a code list.
        let (path, at) = fixture.marker("$3");
        let items = completion(&mut server, &path, at);
        assert_eq!(labels(&items), ["\"ሴት\"", "\"ወንድ\""]);
        // A new line: the target fields no line maps, required first,
        // each a field.
        let (path, at) = fixture.marker("$4");
        let items = completion(&mut server, &path, at);
        assert_eq!(labels(&items), ["report_id"]);
        assert_eq!(items[0]["kind"], 5, "a field");
        server.shutdown();
    }
}

#[test]
fn hover_on_a_mapping_line_shows_the_fields_definition_and_a_worked_example() {
    let fixture = fixture(DESIGN);
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        let (path, at) = fixture.marker("$2");
        let hover = server.request("textDocument/hover", server.at(&path, at));
        let md = hover["contents"]["value"].as_str().unwrap();
        assert!(
            md.starts_with("**report.visit_date** · a date as DD/MM/YYYY"),
            "{md}"
        );
        assert!(
            md.contains("\n\nLe jour de la visite, comme le rapport l'écrit. ቀን 📅\n\n")
                && md.contains(
                    "**In this flow:** From `visit_date`, converted from MM/DD/YYYY to DD/MM/YYYY."
                ),
            "{md}"
        );
        assert!(
            md.ends_with("For example: `12/31/2024 → 31/12/2024`"),
            "{md}"
        );
        let text = server.text(&path);
        let range = flowspec_lsp_harness::byte_range(&text, &hover["range"], server.encoding);
        assert_eq!(&text[range], "visit_date");
        server.shutdown();
    }
}

#[test]
fn hover_on_a_samples_value_shows_it_as_the_record_defines_it() {
    let fixture = fixture(DESIGN);
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        let (path, at) = fixture.marker("$9");
        let hover = server.request("textDocument/hover", server.at(&path, at));
        let md = hover["contents"]["value"].as_str().unwrap();
        assert!(
            md.starts_with("**visit.visit_date** · a date as MM/DD/YYYY"),
            "{md}"
        );
        assert!(
            md.ends_with("**In this sample:** \"12/31/2024\" as `commcare` writes it (MM/DD/YYYY)"),
            "{md}"
        );
        let text = server.text(&path);
        let range = flowspec_lsp_harness::byte_range(&text, &hover["range"], server.encoding);
        assert_eq!(&text[range], "\"12/31/2024\"");
        server.shutdown();
    }
}

#[test]
fn the_quick_fix_maps_the_unmapped_required_fields_in_crlf() {
    let fixture = fixture(DESIGN);
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        let diagnostics = server.diagnostics("flows.flow");
        let unmapped: Vec<&Value> = diagnostics
            .iter()
            .filter(|d| d["code"] == "unmapped-field")
            .collect();
        assert_eq!(unmapped.len(), 1, "{diagnostics:?}");
        let result = server.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": server.uri("flows.flow") },
                "range": unmapped[0]["range"],
                "context": { "diagnostics": [unmapped[0]] }
            }),
        );
        let action = result
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == "Map the unmapped field `report_id`")
            .unwrap_or_else(|| panic!("{result}"))
            .clone();
        assert_eq!(action["kind"], "quickfix");
        assert_eq!(action["isPreferred"], true);
        server.apply_workspace_edit("flows.flow", &action["edit"]);
        let text = server.text("flows.flow");
        assert!(
            text.contains("    sex: [\"1\" -> \"ሴት\", \"2\" -> \"ወንድ\"]\r\n    report_id: rule \"where report_id comes from\"\r\n  }\r\n"),
            "{text}"
        );
        let after = codes(&server.diagnostics("flows.flow"));
        assert!(
            !after.contains(&"unmapped-field".to_string()),
            "utf8={utf8}: {after:?}"
        );
        server.shutdown();
    }
}

#[test]
fn the_outline_shows_records_and_their_fields() {
    let fixture = fixture(DESIGN);
    let mut server = start(&fixture, false);
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": server.uri("records.flow") } }),
    );
    let outline: Vec<String> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let children: Vec<&str> = s["children"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap())
                .collect();
            format!(
                "{} ({}): {}",
                s["name"].as_str().unwrap(),
                s["kind"],
                children.join(", ")
            )
        })
        .collect();
    assert_eq!(
        outline,
        [
            "visit (23): visit_id, visit_date, sex",
            "report (23): report_id, visit_date, sex"
        ]
    );
    // A tool lists what it keeps and its samples (an object each).
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": server.uri("tools.flow") } }),
    );
    let held: Vec<(String, String, u64)> = symbols[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["detail"].as_str().unwrap().to_string(),
                c["kind"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        held,
        [
            ("visit".into(), "owns (system of record)".into(), 23),
            ("sample visit".into(), "visit_id: \"ጉ-1 😀\"".into(), 19),
        ]
    );
    let text = server.text("tools.flow");
    let sample = &symbols[0]["children"][1];
    let range = flowspec_lsp_harness::byte_range(&text, &sample["selectionRange"], server.encoding);
    assert_eq!(&text[range], "visit");
    assert!(
        text[flowspec_lsp_harness::byte_range(&text, &sample["range"], server.encoding)]
            .starts_with("sample visit {")
    );
    server.shutdown();
}
