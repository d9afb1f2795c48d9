//! Code actions through the protocol: ask at a position, apply the chosen
//! action's edit as an editor does, and check the text and the diagnostics
//! that follow.

use flowspec_lsp_harness::{Fixture, Options, Server};

use crate::support::binary;
use serde_json::{Value, json};

/// The actions offered at a marker.
fn actions_at(server: &mut Server, fixture: &Fixture, marker: &str) -> Vec<Value> {
    let (path, at) = fixture.marker(marker);
    let text = server.text(&path);
    let pos = flowspec_lsp_harness::position(&text, at, server.encoding);
    let diagnostics = server.diagnostics(&path);
    let result = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": server.uri(&path) },
            "range": { "start": pos, "end": pos },
            "context": { "diagnostics": diagnostics }
        }),
    );
    result.as_array().cloned().unwrap_or_default()
}

fn titles(actions: &[Value]) -> Vec<String> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

fn take(actions: &[Value], title: &str) -> Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with(title))
        .cloned()
        .unwrap_or_else(|| panic!("no {title:?} in {:?}", titles(actions)))
}

#[test]
fn did_you_mean_fixes_a_reference_key_and_value_with_non_ascii_before_them() {
    for utf8 in [false, true] {
        let fixture = Fixture::parse(
            "//- a.flow\ntool t \"é ክ 😀\" { owner: \"😀\" }\nflow f: t -> com$0care { data: \"ክ\" transform: none timing: batch frequncy$1: monthly volume: ~5 recrods$2/day }\n",
        );
        let mut server = Server::start(binary(), &fixture, Options::with_utf8(utf8));
        server.open("a.flow");
        for (marker, title) in [
            ("$0", "Change to `commcare`"),
            ("$1", "Change to `frequency`"),
            ("$2", "Change to `records`"),
        ] {
            let actions = actions_at(&mut server, &fixture, marker);
            let fix = take(&actions, title);
            assert_eq!(fix["kind"], "quickfix");
            assert_eq!(fix["isPreferred"], true);
            assert!(fix["diagnostics"][0]["code"].is_string());
            server.apply_workspace_edit("a.flow", &fix["edit"]);
        }
        assert_eq!(
            server.text("a.flow"),
            "tool t \"é ክ 😀\" { owner: \"😀\" }\nflow f: t -> commcare { data: \"ክ\" transform: none timing: batch frequency: monthly volume: ~5 records/day }\n"
        );
        let d = server.diagnostics("a.flow");
        assert!(d.is_empty(), "utf8={utf8}: {d:?}");
        server.shutdown();
    }
}

#[test]
fn an_unknown_tool_can_be_declared_in_the_file() {
    let fixture = Fixture::parse("//- a.flow\nflow f: data_h$0ub -> dhis2 {\n  data: \"x\"\n}\n");
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.open("a.flow");
    let actions = actions_at(&mut server, &fixture, "$0");
    assert!(titles(&actions).contains(&"Declare `data_hub` as a role in this file".to_string()));
    let action = take(&actions, "Declare `data_hub` as a tool");
    server.apply_workspace_edit("a.flow", &action["edit"]);
    assert!(
        server
            .text("a.flow")
            .ends_with("}\n\ntool data_hub \"Data Hub\"\n")
    );
    let d = server.diagnostics("a.flow");
    assert!(!d.iter().any(|d| d["code"] == "unknown-reference"), "{d:?}");
    server.shutdown();
}

#[test]
fn unanswered_questions_can_be_marked_open() {
    let fixture = Fixture::parse("//- a.flow\ncomm$0care -> excel -> dhis2 monthly batch\n");
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.open("a.flow");
    let actions = actions_at(&mut server, &fixture, "$0");
    let action = take(&actions, "Mark the unanswered questions as open (tbd)");
    assert_eq!(
        action["title"],
        "Mark the unanswered questions as open (tbd): Data flow, Transformation, Volume"
    );
    server.apply_workspace_edit("a.flow", &action["edit"]);
    assert_eq!(
        server.text("a.flow"),
        "commcare -> excel -> dhis2 monthly batch {\n  data: tbd\n  transform: tbd\n  volume: tbd\n}\n"
    );
    let d = server.diagnostics("a.flow");
    let codes: Vec<&str> = d.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["open-question", "open-question", "open-question"]);
    server.shutdown();
}

#[test]
fn shorthand_becomes_the_block_form() {
    let fixture = Fixture::parse(
        "//- a.flow\n## Monthly indicators.\ncomm$0care -> excel -> dhis2 monthly batch ~12000 records/month {\n  data: \"indicators\"\n}\n",
    );
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.open("a.flow");
    let actions = actions_at(&mut server, &fixture, "$0");
    let action = take(&actions, "Move the shorthand answers into the flow's block");
    assert_eq!(action["kind"], "refactor.rewrite");
    let before: Vec<String> = server
        .diagnostics("a.flow")
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    server.apply_workspace_edit("a.flow", &action["edit"]);
    assert_eq!(
        server.text("a.flow"),
        "## Monthly indicators.\ncommcare -> excel -> dhis2 {\n  data: \"indicators\"\n  timing: batch\n  frequency: monthly\n  volume: ~12000 records/month\n}\n"
    );
    let after: Vec<String> = server
        .diagnostics("a.flow")
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(before, after, "the rewrite keeps the meaning");
    // `only` filters by kind.
    let (path, at) = fixture.marker("$0");
    let text = server.text(&path);
    let pos = flowspec_lsp_harness::position(&text, at, server.encoding);
    let result = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": server.uri(&path) }, "range": { "start": pos, "end": pos },
                "context": { "diagnostics": [], "only": ["quickfix"] } }),
    );
    assert!(
        result
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["kind"] == "quickfix")
    );
    server.shutdown();
}
