//! Completion through the protocol, on the half-typed text editors send:
//! steps after `->` (across files), the keys a block lacks, the values a
//! key takes, units and periods, shorthand words, items and snippets at the
//! top level, replace ranges, non-ASCII positions in UTF-16 and UTF-8.

use flowspec_lsp_harness::{Fixture, Options, Server, annotate, apply_edits};

use crate::support::binary;
use crate::support::lsp::start_opened;
use serde_json::{Value, json};

const TOOLS: &str = r#"//- tools.flow
## The ministry's own HMIS.
tool hmis "National HMIS" {
  kind: mis
}

tool dhis2 "DHIS2 (Ethiopia MoH)" {
  owner: "Ethiopia Ministry of Health"
}

role clerk "Records clerk"
"#;

/// Opens `text` (with a `$0` cursor) as `path` next to the tools, and asks
/// for completion at the cursor.
fn complete_in(server: &mut Server, path: &str, text: &str) -> Value {
    let at = text.find("$0").expect("a $0 cursor");
    let text = text.replace("$0", "");
    server.open_with(path, &text);
    complete(server, path, at)
}

fn complete(server: &mut Server, path: &str, at: usize) -> Value {
    let params = server.at(path, at);
    server.request("textDocument/completion", params)
}

fn items(result: &Value) -> Vec<Value> {
    if result.is_null() {
        return Vec::new();
    }
    assert_eq!(result["isIncomplete"], false);
    result["items"].as_array().cloned().unwrap_or_default()
}

fn labels(result: &Value) -> Vec<String> {
    items(result)
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

fn item<'a>(items: &'a [Value], label: &str, kind: u64) -> &'a Value {
    items
        .iter()
        .find(|i| i["label"] == label && i["kind"] == kind)
        .unwrap_or_else(|| panic!("no {label} ({kind}) in {items:?}"))
}

fn kind_name(kind: &Value) -> &'static str {
    match kind.as_u64() {
        Some(14) => "keyword",
        Some(15) => "snippet",
        Some(9) => "tool",
        Some(6) => "role",
        Some(10) => "key",
        Some(20) => "value",
        Some(11) => "unit",
        Some(12) => "adaptor",
        _ => "?",
    }
}

/// The line of the cursor with the replaced range marked, then one line per
/// item, in the server's order.
fn show(server: &Server, path: &str, result: &Value) -> String {
    let all = items(result);
    if all.is_empty() {
        return "(nothing)".to_string();
    }
    let range = all[0]["textEdit"]["range"].clone();
    for i in &all {
        assert_eq!(
            i["textEdit"]["range"], range,
            "every item replaces the same range"
        );
    }
    let text = server.text(path);
    let line = range["start"]["line"].as_u64().unwrap() as usize;
    let excerpt = text.lines().nth(line).unwrap_or("");
    let local = json!({
        "start": { "line": 0, "character": range["start"]["character"] },
        "end": { "line": 0, "character": range["end"]["character"] },
    });
    let mut out = annotate(excerpt, &[(local, "replaced".to_string())], server.encoding);
    for i in &all {
        let new_text = i["textEdit"]["newText"].as_str().unwrap();
        let mut line = format!(
            "{} ({})",
            i["label"].as_str().unwrap(),
            kind_name(&i["kind"])
        );
        if new_text != i["label"].as_str().unwrap() {
            line.push_str(&format!(" inserts {new_text:?}"));
        }
        if let Some(detail) = i["detail"].as_str() {
            line.push_str(&format!(" — {detail}"));
        }
        if i["preselect"] == true {
            line.push_str(" [preselected]");
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The text after applying an item's edit.
fn apply(server: &Server, path: &str, item: &Value) -> String {
    let edit = item["textEdit"].clone();
    apply_edits(&server.text(path), &[edit], server.encoding)
}

#[test]
fn completion_is_announced_with_its_trigger_characters() {
    let server = Server::start(binary(), &Fixture::parse(""), Options::default());
    let triggers = &server.capabilities["completionProvider"]["triggerCharacters"];
    for c in [">", ":", " "] {
        assert!(
            triggers.as_array().unwrap().contains(&json!(c)),
            "{triggers}"
        );
    }
    server.shutdown();
}

#[test]
fn after_an_arrow_with_nothing_after_it_every_tool_and_role_of_the_workspace() {
    let mut server = start_opened(TOOLS, Options::default());
    let result = complete_in(&mut server, "flows.flow", "commcare -> $0");
    let all = items(&result);
    // Declared names first (from the other file), roles marked as people;
    // a declaration refining a catalog id appears once, as declared.
    let clerk = item(&all, "clerk", 6);
    assert_eq!(clerk["detail"], "role · Records clerk (a person)");
    let hmis = item(&all, "hmis", 9);
    assert!(
        hmis["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("The ministry's own HMIS.")
    );
    assert_eq!(all.iter().filter(|i| i["label"] == "dhis2").count(), 1);
    assert_eq!(
        item(&all, "dhis2", 9)["detail"],
        "tool · DHIS2 (Ethiopia MoH) · mis"
    );
    let excel = item(&all, "excel", 9);
    assert_eq!(excel["detail"], "Microsoft Excel · spreadsheet");
    assert!(
        excel["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("Spreadsheet")
    );
    // Nothing else: no keywords, keys or values here.
    assert!(
        all.iter().all(|i| i["kind"] == 9 || i["kind"] == 6),
        "{all:?}"
    );
    // Every catalog tool is offered.
    let catalog_ids = [
        "commcare",
        "odk",
        "kobotoolbox",
        "surveycto",
        "salesforce",
        "googlesheets",
        "metabase",
        "tableau",
        "powerbi",
        "telerivet",
        "vonage",
        "twilio",
        "openmrs",
        "postgresql",
        "mysql",
        "primero",
        "openfn",
        "email",
        "sftp",
    ];
    for id in catalog_ids {
        assert!(all.iter().any(|i| i["label"] == id), "{id}");
    }
    insta::assert_snapshot!("steps_after_arrow", show(&server, "flows.flow", &result));
    server.shutdown();
}

#[test]
fn a_half_typed_step_is_replaced_wherever_it_stands() {
    let mut server = start_opened(TOOLS, Options::default());
    let result = complete_in(&mut server, "a.flow", "flow f: commcare -> dh$0\n");
    let all = items(&result);
    let dhis2 = item(&all, "dhis2", 9);
    assert_eq!(
        apply(&server, "a.flow", dhis2),
        "flow f: commcare -> dhis2\n"
    );
    // In the middle of a chain, and in the middle of a word.
    let result = complete_in(
        &mut server,
        "b.flow",
        "commcare -> ex$0cel -> dhis2 monthly\n",
    );
    let excel = item(&items(&result), "excel", 9).clone();
    assert_eq!(
        apply(&server, "b.flow", &excel),
        "commcare -> excel -> dhis2 monthly\n"
    );
    // The first step after `flow NAME:`, glued to the colon.
    let result = complete_in(&mut server, "c.flow", "flow f:$0");
    let hmis = item(&items(&result), "hmis", 9).clone();
    assert_eq!(apply(&server, "c.flow", &hmis), "flow f: hmis");
    // Glued to the arrow: a space goes between.
    let result = complete_in(&mut server, "d.flow", "hmis ->$0");
    let clerk = item(&items(&result), "clerk", 6).clone();
    assert_eq!(apply(&server, "d.flow", &clerk), "hmis -> clerk");
    server.shutdown();
}

#[test]
fn in_a_block_the_keys_the_item_still_lacks() {
    let mut server = start_opened(TOOLS, Options::default());
    // `monthly` answers the frequency in shorthand; `data` is given.
    let result = complete_in(
        &mut server,
        "a.flow",
        "flow f: hmis -> dhis2 monthly {\n  data: \"visits\"\n  $0\n  status: current\n}\n",
    );
    assert_eq!(
        labels(&result),
        ["transform", "timing", "volume", "owner", "notes"]
    );
    insta::assert_snapshot!("flow_keys", show(&server, "a.flow", &result));
    // Half typed, at the end of an unclosed block: `fre` is replaced.
    let result = complete_in(
        &mut server,
        "b.flow",
        "flow f: hmis -> dhis2 {\n  data: \"x\"\n  fre$0",
    );
    let all = items(&result);
    assert!(!all.iter().any(|i| i["label"] == "data"));
    let frequency = item(&all, "frequency", 10);
    assert_eq!(
        apply(&server, "b.flow", frequency),
        "flow f: hmis -> dhis2 {\n  data: \"x\"\n  frequency: "
    );
    // A tool's keys; the string after the id already gives the name.
    let result = complete_in(
        &mut server,
        "c.flow",
        "tool odk \"ODK Central\" {\n  kind: collection\n  $0\n}\n",
    );
    assert_eq!(labels(&result), ["adaptor", "owner", "url", "notes"]);
    let url = item(&items(&result), "url", 10).clone();
    assert_eq!(url["insertTextFormat"], 2);
    assert_eq!(url["textEdit"]["newText"], "url: \"https://$1\"$0");
    // A role takes fewer keys.
    let result = complete_in(&mut server, "d.flow", "role nurse { $0 }\n");
    assert_eq!(labels(&result), ["name", "owner", "notes"]);
    // Renaming a key that has its colon: the key alone.
    let result = complete_in(&mut server, "e.flow", "a -> b {\n  fre$0: monthly\n}\n");
    let frequency = item(&items(&result), "frequency", 10).clone();
    assert_eq!(frequency["textEdit"]["newText"], "frequency");
    server.shutdown();
}

#[test]
fn after_a_key_the_values_it_takes() {
    let mut server = start_opened(TOOLS, Options::default());
    let result = complete_in(&mut server, "a.flow", "a -> b {\n  frequency: $0\n}\n");
    insta::assert_snapshot!("frequency_values", show(&server, "a.flow", &result));
    let every = item(&items(&result), "every", 15).clone();
    assert_eq!(every["insertTextFormat"], 2);
    let result = complete_in(&mut server, "b.flow", "a -> b {\n  timing:$0\n}\n");
    assert_eq!(
        labels(&result),
        ["realtime", "batch", "manual", "tbd", "unknown"]
    );
    // Glued to the colon: a space goes between.
    let batch = item(&items(&result), "batch", 20).clone();
    assert_eq!(
        apply(&server, "b.flow", &batch),
        "a -> b {\n  timing: batch\n}\n"
    );
    let result = complete_in(&mut server, "c.flow", "a -> b {\n  status: $0\n}\n");
    assert_eq!(labels(&result), ["current", "proposed"]);
    let result = complete_in(&mut server, "d.flow", "a -> b {\n  transform: $0\n}\n");
    assert_eq!(labels(&result), ["none", "tbd", "unknown"]);
    let result = complete_in(&mut server, "e.flow", "tool t {\n  kind: $0\n}\n");
    insta::assert_snapshot!("kind_values", show(&server, "e.flow", &result));
    // Adaptors: OpenFn's list; a declaration refining a catalog tool gets
    // its adaptor first, preselected.
    let result = complete_in(&mut server, "f.flow", "tool commcare {\n  adaptor: $0\n}\n");
    let all = items(&result);
    assert!(all.len() > 100, "{}", all.len());
    assert_eq!(all[0]["label"], "commcare");
    assert_eq!(all[0]["preselect"], true);
    assert_eq!(all[0]["detail"], "@openfn/language-commcare");
    assert!(all.iter().all(|i| i["kind"] == 12));
    // Half typed: replaced.
    let result = complete_in(&mut server, "g.flow", "a -> b {\n  frequency: mon$0\n}\n");
    let monthly = item(&items(&result), "monthly", 20).clone();
    assert_eq!(
        apply(&server, "g.flow", &monthly),
        "a -> b {\n  frequency: monthly\n}\n"
    );
    // Nothing after a complete answer, nor in a text value.
    let result = complete_in(
        &mut server,
        "h.flow",
        "a -> b {\n  frequency: monthly $0\n}\n",
    );
    assert!(result.is_null(), "{result}");
    let result = complete_in(&mut server, "i.flow", "a -> b {\n  owner: $0\n}\n");
    assert!(result.is_null(), "{result}");
    server.shutdown();
}

#[test]
fn units_after_a_number_periods_after_a_slash_or_per() {
    let mut server = start_opened(TOOLS, Options::default());
    let result = complete_in(&mut server, "a.flow", "a -> b {\n  volume: ~12000 $0\n}\n");
    insta::assert_snapshot!("volume_units", show(&server, "a.flow", &result));
    let result = complete_in(
        &mut server,
        "b.flow",
        "a -> b {\n  volume: ~12000 records/$0\n}\n",
    );
    insta::assert_snapshot!("volume_periods", show(&server, "b.flow", &result));
    let month = item(&items(&result), "month", 11).clone();
    assert_eq!(
        apply(&server, "b.flow", &month),
        "a -> b {\n  volume: ~12000 records/month\n}\n"
    );
    let result = complete_in(
        &mut server,
        "c.flow",
        "a -> b {\n  volume: <2 GB per $0\n}\n",
    );
    assert_eq!(labels(&result)[..3], ["minute", "hour", "day"]);
    // One: singular units.
    let result = complete_in(&mut server, "d.flow", "a -> b {\n  volume: 1 $0\n}\n");
    assert_eq!(labels(&result)[..2], ["record", "row"]);
    // Glued to the number: a space goes between.
    let result = complete_in(&mut server, "e.flow", "a -> b {\n  volume: 12k$0\n}\n");
    let forms = item(&items(&result), "forms", 11).clone();
    assert_eq!(
        apply(&server, "e.flow", &forms),
        "a -> b {\n  volume: 12k forms\n}\n"
    );
    // `every`: units of time.
    let result = complete_in(
        &mut server,
        "f.flow",
        "a -> b {\n  frequency: every 3 $0\n}\n",
    );
    assert_eq!(
        labels(&result),
        ["minutes", "hours", "days", "weeks", "months"]
    );
    let result = complete_in(
        &mut server,
        "g.flow",
        "a -> b {\n  frequency: every $0\n}\n",
    );
    assert_eq!(labels(&result), ["minute", "hour", "day", "week", "month"]);
    server.shutdown();
}

#[test]
fn after_a_chain_the_shorthand_words_of_the_open_questions() {
    let mut server = start_opened(TOOLS, Options::default());
    let result = complete_in(&mut server, "a.flow", "commcare -> dhis2 $0");
    insta::assert_snapshot!("shorthand_words", show(&server, "a.flow", &result));
    let result = complete_in(
        &mut server,
        "b.flow",
        "flow f: commcare -> dhis2 every 2 hours $0",
    );
    assert_eq!(labels(&result), ["realtime", "batch", "manual"]);
    let result = complete_in(
        &mut server,
        "c.flow",
        "commcare -> dhis2 batch \"why\" mon$0",
    );
    let monthly = item(&items(&result), "monthly", 20).clone();
    assert_eq!(
        apply(&server, "c.flow", &monthly),
        "commcare -> dhis2 batch \"why\" monthly"
    );
    assert!(!labels(&result).contains(&"batch".to_string()));
    // The block answers the timing: not offered again in shorthand.
    let result = complete_in(
        &mut server,
        "d.flow",
        "commcare -> dhis2 $0 {\n  timing: manual\n}\n",
    );
    assert!(!labels(&result).contains(&"manual".to_string()));
    assert!(labels(&result).contains(&"daily".to_string()));
    // Units after a shorthand number.
    let result = complete_in(&mut server, "e.flow", "commcare -> dhis2 monthly ~500 $0");
    assert_eq!(labels(&result)[..3], ["records", "rows", "forms"]);
    server.shutdown();
}

#[test]
fn at_the_top_level_items_snippets_and_chain_starts() {
    let mut server = start_opened(TOOLS, Options::default());
    let result = complete_in(&mut server, "a.flow", "$0");
    let all = items(&result);
    for (label, kind) in [
        ("tool", 14),
        ("role", 14),
        ("flow", 14),
        ("tool", 15),
        ("role", 15),
        ("flow", 15),
        ("hmis", 9),
        ("clerk", 6),
        ("excel", 9),
    ] {
        item(&all, label, kind);
    }
    assert!(
        !all.iter().any(|i| i["kind"] == 10 || i["kind"] == 20),
        "no keys or values"
    );
    let flow = item(&all, "flow", 15);
    assert_eq!(flow["insertTextFormat"], 2);
    let snippet = flow["textEdit"]["newText"].as_str().unwrap();
    for question in [
        "->",
        "data:",
        "transform:",
        "timing:",
        "frequency:",
        "volume:",
    ] {
        assert!(snippet.contains(question), "{snippet}");
    }
    insta::assert_snapshot!("flow_snippet", snippet);
    insta::assert_snapshot!(
        "tool_snippet",
        item(&all, "tool", 15)["textEdit"]["newText"]
            .as_str()
            .unwrap()
    );
    // After a complete item, on a new line; half typed.
    let result = complete_in(
        &mut server,
        "b.flow",
        "tool t \"T\" {\n  kind: mis\n}\nfl$0",
    );
    let flow = item(&items(&result), "flow", 14).clone();
    assert_eq!(
        apply(&server, "b.flow", &flow),
        "tool t \"T\" {\n  kind: mis\n}\nflow"
    );
    // After `tool`: the catalog ids not yet declared, to refine.
    let result = complete_in(&mut server, "c.flow", "tool $0");
    let l = labels(&result);
    assert!(
        l.contains(&"commcare".to_string()) && !l.contains(&"dhis2".to_string()),
        "{l:?}"
    );
    server.shutdown();
}

#[test]
fn nothing_where_nothing_can_be_written() {
    let mut server = start_opened(TOOLS, Options::default());
    for (n, text) in [
        "# commcare -> $0",
        "## doc: a -> $0\ntool t",
        "tool t \"Comm$0",
        "tool t { owner: \"iNGO $0M&E\" }",
        "flow $0",
        "flow f $0",
        "role $0",
        "tool t \"T\" $0",
        "commcare $0",
        "a -> b { transform { visit_date: $0 } }",
        "a -> b { data: [\"x\", $0] }",
        "a -> b { volume: ~$0 }",
        "a -> b { frequency: 12$00 }",
    ]
    .into_iter()
    .enumerate()
    {
        let path = format!("n{n}.flow");
        let result = complete_in(&mut server, &path, text);
        assert!(
            result.is_null(),
            "{text:?}: {}",
            show(&server, &path, &result)
        );
    }
    server.shutdown();
}

#[test]
fn typing_a_flow_through_incremental_edits() {
    let mut server = start_opened(TOOLS, Options::default());
    server.open_with("a.flow", "");
    let type_in = |server: &mut Server, typed: &str| -> Value {
        let end = server.text("a.flow").len();
        server.edit("a.flow", end, end, typed);
        let end = server.text("a.flow").len();
        complete(server, "a.flow", end)
    };
    let result = type_in(&mut server, "commcare -> ");
    assert!(labels(&result).contains(&"hmis".to_string()));
    let result = type_in(&mut server, "hm");
    let hmis = item(&items(&result), "hmis", 9).clone();
    let range = hmis["textEdit"]["range"].clone();
    assert_eq!(range["start"], json!({"line": 0, "character": 12}));
    assert_eq!(range["end"], json!({"line": 0, "character": 14}));
    // Accept it as the editor would, as an edit.
    let text = server.text("a.flow");
    server.edit("a.flow", 12, text.len(), "hmis");
    let result = type_in(&mut server, " ");
    assert!(labels(&result).contains(&"weekly".to_string()));
    let result = type_in(&mut server, "{\n  ");
    assert!(labels(&result).contains(&"data".to_string()));
    let result = type_in(&mut server, "frequency:");
    assert!(labels(&result).contains(&"monthly".to_string()));
    // Glued to the count: a space goes between.
    let result = type_in(&mut server, " every 2");
    assert_eq!(
        labels(&result),
        ["minutes", "hours", "days", "weeks", "months"]
    );
    let hours = item(&items(&result), "hours", 11).clone();
    assert_eq!(
        apply(&server, "a.flow", &hours),
        "commcare -> hmis {\n  frequency: every 2 hours"
    );
    server.shutdown();
}

#[test]
fn positions_after_accents_amharic_and_emoji() {
    let mut shown = Vec::new();
    for utf8 in [false, true] {
        let mut server = start_opened(TOOLS, Options::with_utf8(utf8));
        // A half-typed value after non-ASCII text on its line.
        let text = "tool t \"é ክ 😀\" { kind: ma$0 }\n";
        let result = complete_in(&mut server, "a.flow", text);
        let all = items(&result);
        let mis = item(&all, "mis", 20);
        assert_eq!(
            apply(&server, "a.flow", mis),
            "tool t \"é ክ 😀\" { kind: mis }\n",
            "utf8={utf8}"
        );
        let character = mis["textEdit"]["range"]["start"]["character"]
            .as_u64()
            .unwrap() as usize;
        let before = &text[..text.find("ma$0").unwrap()];
        let expected = if utf8 {
            before.len()
        } else {
            before.chars().map(char::len_utf16).sum()
        };
        assert_eq!(character, expected, "utf8={utf8}");
        shown.push(show(&server, "a.flow", &result));
        // An empty range right after a number, after an emoji and Amharic.
        let text = "flow f: hmis -> dhis2 { notes: \"😀 ክ é\" volume: ~5 $0 }\n";
        let result = complete_in(&mut server, "b.flow", text);
        let forms = item(&items(&result), "forms", 11).clone();
        assert_eq!(
            apply(&server, "b.flow", &forms),
            "flow f: hmis -> dhis2 { notes: \"😀 ክ é\" volume: ~5 forms }\n",
            "utf8={utf8}"
        );
        server.shutdown();
    }
    // The client reads the same range in either encoding.
    assert_eq!(shown[0], shown[1]);
    insta::assert_snapshot!("non_ascii_kind", shown[0]);
}
