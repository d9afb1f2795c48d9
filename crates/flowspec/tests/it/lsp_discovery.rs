//! The discovery profile through the protocol: off by default, switched on
//! by the `profile` setting (pulled with `workspace/configuration`, pushed
//! with `workspace/didChangeConfiguration`) and off again; hover and
//! completion on the discovery properties, in UTF-16 after non-ASCII text.
//! What the checks say: `flowspec-analysis`'s fixtures; what hover and
//! completion answer: its `tests/it/ide/discovery.rs`.

use flowspec_lsp_harness::{Fixture, Options, Server};
use serde_json::json;

use crate::support::binary;

const DESIGN: &str = "//- a.flow\ntool dhis2 \"DHIS2 ሰላም 😀\" { auth: basic\n  limits: page 500\n  \n}\n\nflow f: odk -> dhis2 monthly batch ~120000 records/month {\n  data: \"visites é\"\n  transform: none\n}\n";

fn codes(diagnostics: &[serde_json::Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

const DISCOVERY: [&str; 4] = [
    "basic-auth",
    "over-limit",
    "unanswered-failure",
    "unanswered-direction",
];

#[test]
fn the_profile_setting_switches_the_discovery_checks() {
    // Off by default: only the design's own checks.
    let fixture = Fixture::parse(DESIGN);
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.open("a.flow");
    let d = server.diagnostics_where("a.flow", |_| true);
    assert!(
        codes(&d).iter().all(|c| !DISCOVERY.contains(&c.as_str())),
        "{:?}",
        codes(&d)
    );
    server.shutdown();

    // On from the client's settings.
    let options = Options {
        settings: json!({ "profile": "discovery" }),
        ..Options::default()
    };
    let mut server = Server::start(binary(), &fixture, options);
    server.open("a.flow");
    let d = server.diagnostics_where("a.flow", |p| {
        p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "basic-auth")
    });
    let found = codes(&d);
    for code in DISCOVERY {
        assert!(found.contains(&code.to_string()), "{code} not in {found:?}");
    }
    // The range of `basic-auth` is the value, in UTF-16 after Amharic and an emoji.
    let basic = d.iter().find(|d| d["code"] == "basic-auth").unwrap();
    assert_eq!(
        basic["range"]["start"],
        json!({ "line": 0, "character": 34 })
    );
    assert_eq!(basic["range"]["end"], json!({ "line": 0, "character": 39 }));
    assert_eq!(basic["severity"], 2);
    // Pushed off by the client: the discovery checks go.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "flowspec": { "profile": "design" } } }),
    );
    let d = server.diagnostics_where("a.flow", |p| {
        !p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "basic-auth")
    });
    assert!(
        codes(&d).iter().all(|c| !DISCOVERY.contains(&c.as_str())),
        "{:?}",
        codes(&d)
    );
    // And on again.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "flowspec": { "profile": "discovery" } } }),
    );
    server.diagnostics_where("a.flow", |p| {
        p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "over-limit")
    });
    server.shutdown();
}

#[test]
fn hover_and_completion_know_the_discovery_properties() {
    let fixture = Fixture::parse(DESIGN);
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.open("a.flow");
    // `basic`, after `tool dhis2 "DHIS2 ሰላም 😀" {` on its line.
    let text = server.text("a.flow");
    let offset = text.find("basic").unwrap() + 2;
    let at = server.at("a.flow", offset);
    let hover = server.request("textDocument/hover", at);
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("**Authentication** `basic`"), "{md}");
    assert_eq!(
        hover["range"]["start"],
        json!({ "line": 0, "character": 34 })
    );
    // Completion on the line before the tool's `}`: the keys still missing, the
    // discovery ones after the design's.
    let offset = text.find("500\n  ").unwrap() + 6;
    let at = server.at("a.flow", offset);
    let completion = server.request("textDocument/completion", at);
    let items = completion["items"]
        .as_array()
        .or(completion.as_array())
        .unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    for key in ["hosting", "sandbox", "admin"] {
        assert!(labels.contains(&key), "{key} not in {labels:?}");
    }
    let sort = |label: &str| {
        items
            .iter()
            .find(|i| i["label"] == label)
            .and_then(|i| i["sortText"].as_str())
            .unwrap()
            .to_string()
    };
    assert!(sort("kind") < sort("hosting"));
    server.shutdown();
}
