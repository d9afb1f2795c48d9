//! Inlay hints through the protocol: announced; at the right column after
//! non-ASCII text and in the requested range, in UTF-16 and UTF-8; none
//! when the setting is off, and back when the client turns it on. Which
//! hints say what: `flowspec-analysis`'s `tests/it/ide/inlay_hints.rs`.

use std::time::{Duration, Instant};

use flowspec_lsp_harness::{Fixture, Options, Server, annotate, position};
use flowspec_test_fixture::designs::VOLUMES;
use serde_json::{Value, json};

use crate::support::binary;
use crate::support::lsp::start_opened;

fn hints_in(server: &mut Server, path: &str, start: usize, end: usize) -> Value {
    let text = server.text(path);
    let params = json!({
        "textDocument": { "uri": server.uri(path) },
        "range": {
            "start": position(&text, start, server.encoding),
            "end": position(&text, end, server.encoding),
        }
    });
    server.request("textDocument/inlayHint", params)
}

fn hints(server: &mut Server, path: &str) -> Value {
    let len = server.text(path).len();
    hints_in(server, path, 0, len)
}

/// The text with each hint's label under its position.
fn show(server: &Server, path: &str, hints: &Value) -> String {
    let marks: Vec<(Value, String)> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            assert_eq!(h["paddingLeft"], true);
            assert!(h["tooltip"].as_str().is_some_and(|t| !t.is_empty()));
            (
                json!({ "start": h["position"], "end": h["position"] }),
                h["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    annotate(&server.text(path), &marks, server.encoding)
}

fn labels(hints: &Value) -> Vec<String> {
    hints
        .as_array()
        .map(|a| {
            a.iter()
                .map(|h| h["label"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn inlay_hints_are_announced() {
    let server = Server::start(binary(), &Fixture::parse(""), Options::default());
    assert_eq!(server.capabilities["inlayHintProvider"], true);
    server.shutdown();
}

#[test]
fn no_hints_when_the_setting_is_off() {
    let options = Options {
        settings: json!({ "inlayHints": { "enabled": false } }),
        ..Options::default()
    };
    let mut server = start_opened(&format!("//- flows.flow\n{VOLUMES}"), options);
    let result = hints(&mut server, "flows.flow");
    assert!(labels(&result).is_empty(), "{result}");
    // Turned on by the client: hints come back (the setting travels on its
    // own, so wait for it).
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "flowspec": { "inlayHints": { "enabled": true } } } }),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let result = hints(&mut server, "flows.flow");
        if labels(&result).len() == 3 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the hints did not come back: {result}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    server.shutdown();
}

#[test]
fn positions_after_accents_amharic_and_emoji() {
    let source = "//- a.flow\nflow f: odk -> dhis2 { notes: \"é ክ 😀\" frequency: weekly volume: ~12000 records/month }\n";
    let mut shown = Vec::new();
    for utf8 in [false, true] {
        let mut server = start_opened(source, Options::with_utf8(utf8));
        let result = hints(&mut server, "a.flow");
        assert_eq!(labels(&result), ["≈ 2,760 records/run"]);
        let text = server.text("a.flow");
        let end = text.find("month }").unwrap() + "month".len();
        let expected = if utf8 {
            end
        } else {
            text[..end].chars().map(char::len_utf16).sum()
        };
        assert_eq!(
            result[0]["position"]["character"],
            json!(expected),
            "utf8={utf8}"
        );
        // A range that starts after the emoji, in the client's encoding.
        let from = text.find("frequency").unwrap();
        let result = hints_in(&mut server, "a.flow", from, text.len());
        assert_eq!(labels(&result).len(), 1, "utf8={utf8}");
        let past = text.find(" }").unwrap() + 1;
        let result = hints_in(&mut server, "a.flow", past, text.len());
        assert!(labels(&result).is_empty(), "utf8={utf8}: {result}");
        let all = hints(&mut server, "a.flow");
        shown.push(show(&server, "a.flow", &all));
        server.shutdown();
    }
    assert_eq!(shown[0], shown[1]);
    insta::assert_snapshot!("non_ascii", shown[0]);
}
