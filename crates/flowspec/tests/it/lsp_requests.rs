//! How requests are answered with respect to the edits around them, through
//! the protocol: a request sent after an edit sees the edit; one sent
//! before an edit is answered for its own text or `ContentModified`, never
//! for a later text; `$/cancelRequest` stops a request still waiting. These
//! hold for every request, and are checked here on those the server writes
//! itself (outline, tokens, folding, lenses, hints) and on hover, which the
//! protocol crate answers.

use flowspec_lsp_harness::{Fixture, Options, Server};
use flowspec_test_fixture::generated::large_file;
use serde_json::{Value, json};

use crate::support::binary;
use crate::support::protocol::error_code;

/// The flow names of an outline.
fn names(outline: &Value) -> Vec<String> {
    outline
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_request_sent_right_after_an_edit_sees_the_edit() {
    let fixture = Fixture::parse("//- a.flow\n## é ክ 😀\nflow f0: commcare -> dhis2\n");
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.open("a.flow");
    server.diagnostics("a.flow");
    let doc = json!({ "textDocument": { "uri": server.uri("a.flow") } });
    let start = "## é ክ 😀\nflow f".len();
    for n in 1..30 {
        let old = (n - 1).to_string();
        server.edit("a.flow", start, start + old.len(), &n.to_string());
        // Written at once behind the edit, not waited for in between.
        let ids = [
            server.send_request("textDocument/documentSymbol", doc.clone()),
            server.send_request(
                "textDocument/hover",
                json!({ "textDocument": doc["textDocument"], "position": { "line": 1, "character": 6 } }),
            ),
        ];
        let answers = server.answers(&ids);
        let outline = answers[0].result.as_ref().unwrap();
        assert_eq!(names(outline), vec![format!("f{n}")]);
        let hover = answers[1].result.as_ref().unwrap().to_string();
        assert!(hover.contains(&format!("f{n}")), "{hover}");
    }
    server.shutdown();
}

#[test]
fn a_request_sent_before_an_edit_is_for_its_own_text_or_content_modified() {
    let text = large_file(2_000);
    let fixture = Fixture {
        files: vec![("a.flow".to_string(), text.clone())],
        ..Fixture::default()
    };
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.open("a.flow");
    server.diagnostics("a.flow");
    let doc = json!({ "textDocument": { "uri": server.uri("a.flow") } });
    let first = names(&server.request("textDocument/documentSymbol", doc.clone()))[0].clone();
    let (mut stale, mut answered) = (0, 0);
    for round in 0..20 {
        let before = server.text("a.flow");
        let current = names(&server.request("textDocument/documentSymbol", doc.clone()))[0].clone();
        let id = server.send_request("textDocument/documentSymbol", doc.clone());
        // The first item's name changes right behind the request.
        let at = before.find(&current).unwrap();
        let renamed = format!("{first}_{round}");
        server.edit("a.flow", at, at + current.len(), &renamed);
        let answer = server.answers(&[id]).remove(0);
        match answer.result {
            Ok(outline) => {
                assert_eq!(
                    names(&outline)[0],
                    current,
                    "an answer for the text it was about"
                );
                answered += 1;
            }
            Err(error) => {
                assert_eq!(error["code"], error_code::CONTENT_MODIFIED, "{error}");
                stale += 1;
            }
        }
    }
    assert_eq!(stale + answered, 20);
    server.shutdown();
}

#[test]
fn a_request_cancelled_while_it_waits_for_an_edit_is_answered_cancelled() {
    // An edit of a large design takes a while to analyse; the request
    // behind it waits for that, and its cancel comes meanwhile.
    let text = large_file(10_000);
    let fixture = Fixture {
        files: vec![("a.flow".to_string(), text.clone())],
        ..Fixture::default()
    };
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.open("a.flow");
    server.diagnostics("a.flow");
    let doc = json!({ "textDocument": { "uri": server.uri("a.flow") } });
    let at = text.find("data: [\"").unwrap() + 8;
    server.edit("a.flow", at, at, "x");
    let methods = [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/codeLens",
        "textDocument/semanticTokens/full",
    ];
    let ids: Vec<u64> = methods
        .iter()
        .map(|m| server.send_request(m, doc.clone()))
        .collect();
    for id in &ids {
        server.cancel(*id);
    }
    for (answer, method) in server.answers(&ids).iter().zip(methods) {
        assert_eq!(
            Server::error_code(answer),
            Some(error_code::REQUEST_CANCELLED),
            "{method}: {:?}",
            answer.result
        );
    }
    // The server goes on: the same requests now answer.
    let ids: Vec<u64> = methods
        .iter()
        .map(|m| server.send_request(m, doc.clone()))
        .collect();
    for answer in server.answers(&ids) {
        assert!(answer.result.unwrap().is_array() || answer.id == ids[3]);
    }
    server.shutdown();
}
