//! Completion through the protocol: the trigger characters announced,
//! completion while typing through incremental edits (each item's edit
//! replacing the word typed), and replace ranges after non-ASCII text in
//! UTF-16 and UTF-8. What is offered where: `flowspec-analysis`'s
//! `tests/it/ide/completion.rs`; snippets for clients without them:
//! `lsp_sync`.

use flowspec_lsp_harness::{Fixture, Options, Server, annotate, apply_edits};
use flowspec_test_fixture::designs::TOOLS;
use serde_json::{Value, json};

use crate::support::binary;
use crate::support::lsp::start_opened;
use crate::support::protocol::completion_kind::{self, ENUM_MEMBER, MODULE, UNIT, VARIABLE};
use crate::support::protocol::insert_text_format;

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
            completion_kind::name(i["kind"].as_u64().unwrap())
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
    let provider = &server.capabilities["completionProvider"];
    assert_eq!(provider["triggerCharacters"], json!([">", ":", "/", " "]));
    assert_eq!(provider["resolveProvider"], false);
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
    // Each item as the protocol carries it: its kind, detail (also as the
    // label's description), Markdown documentation, sort and filter text.
    let all = items(&result);
    let hmis = item(&all, "hmis", MODULE);
    assert_eq!(hmis["detail"], "tool · National HMIS · mis");
    assert_eq!(hmis["labelDetails"]["description"], hmis["detail"]);
    assert_eq!(hmis["documentation"]["kind"], "markdown");
    assert!(
        hmis["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("The ministry's own HMIS.")
    );
    assert_eq!(hmis["filterText"], "hmis");
    assert_eq!(hmis["insertTextFormat"], insert_text_format::PLAIN_TEXT);
    assert!(
        hmis["sortText"].as_str().unwrap()
            < item(&all, "excel", MODULE)["sortText"].as_str().unwrap(),
        "declared names first"
    );
    item(&all, "clerk", VARIABLE);
    let result = type_in(&mut server, "hm");
    let hmis = item(&items(&result), "hmis", MODULE).clone();
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
    let hours = item(&items(&result), "hours", UNIT).clone();
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
        let mis = item(&all, "mis", ENUM_MEMBER);
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
        let forms = item(&items(&result), "forms", UNIT).clone();
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
