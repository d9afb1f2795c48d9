//! Code actions through the protocol: ask at a position, apply the chosen
//! action's edit as an editor does (in UTF-16 and UTF-8, after non-ASCII
//! text), and check the text and the diagnostics that follow; kinds and
//! `only`. Which actions are offered where and what they write:
//! `flowspec-analysis`'s `tests/it/ide/code_actions.rs`.

use flowspec_lsp_harness::{Fixture, Options, Server};
use serde_json::{Value, json};

use crate::support::binary;

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
        for (marker, title, code) in [
            ("$0", "Change to `commcare`", "unknown-reference"),
            ("$1", "Change to `frequency`", "unknown-property"),
            ("$2", "Change to `records`", "invalid-value"),
        ] {
            let actions = actions_at(&mut server, &fixture, marker);
            let fix = take(&actions, title);
            assert_eq!(fix["kind"], "quickfix");
            assert_eq!(fix["isPreferred"], true);
            // The diagnostic it resolves, as the server publishes it.
            let published = server.diagnostics("a.flow");
            assert_eq!(fix["diagnostics"][0]["code"], code, "{fix}");
            assert!(published.contains(&fix["diagnostics"][0]), "{fix}");
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

/// Kinds as the protocol names them, and `only` filters by kind (a prefix
/// of it, as the protocol defines).
#[test]
fn kinds_are_announced_and_only_filters_by_them() {
    let fixture = Fixture::parse(
        "//- a.flow\ncomm$0care -> excel -> dhis2 monthly batch ~12000 records/month {\n  data: \"indicators\"\n}\n",
    );
    let mut server = Server::start(binary(), &fixture, Options::default());
    assert_eq!(
        server.capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "refactor.rewrite"])
    );
    server.open("a.flow");
    let all = actions_at(&mut server, &fixture, "$0");
    let kinds: Vec<&str> = all.iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["quickfix", "refactor.rewrite"], "{all:?}");
    let (path, at) = fixture.marker("$0");
    let pos = flowspec_lsp_harness::position(&server.text(&path), at, server.encoding);
    for (only, expected) in [
        (json!(["quickfix"]), vec!["quickfix"]),
        (json!(["refactor"]), vec!["refactor.rewrite"]),
        (json!(["source"]), vec![]),
    ] {
        let result = server.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": server.uri(&path) }, "range": { "start": pos, "end": pos },
                    "context": { "diagnostics": [], "only": only } }),
        );
        let kinds: Vec<&str> = result
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, expected, "only {only}");
    }
    server.shutdown();
}
