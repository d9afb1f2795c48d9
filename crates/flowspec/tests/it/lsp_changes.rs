//! How the server takes `didChange`, through the protocol: changes that
//! arrive out of order, several changes in one notification, whole-text
//! replacements, and positions past the end of a line or of the file.

use std::time::Duration;

use flowspec_lsp_harness::{Fixture, Options, Server, codes};
use serde_json::{Value, json};

use crate::support::binary;

fn change(server: &mut Server, version: i32, changes: Value) {
    let uri = server.uri("a.flow");
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
    );
}

fn at(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

fn range(start: Value, end: Value) -> Value {
    json!({ "start": start, "end": end })
}

/// Version 3 reaches the server before version 2 (the protocol crate runs
/// notifications concurrently): it waits for version 2, and both apply in
/// order.
#[test]
fn a_change_that_arrives_before_the_one_it_follows_waits_for_it() {
    let fixture = Fixture::parse("//- a.flow\ntool a\n");
    let mut server = Server::start_indexed(binary(), &fixture, Options::default());
    server.open("a.flow");
    // v2 appends "\ntool b" after "tool a"; v3 then appends "\ntool c".
    let v2 = json!([{ "range": range(at(0, 6), at(0, 6)), "text": " \"A\"" }]);
    let v3 = json!([{ "range": range(at(0, 10), at(0, 10)), "text": " { kind: mis }" }]);
    change(&mut server, 3, v3);
    std::thread::sleep(Duration::from_millis(20));
    change(&mut server, 2, v2);
    let d = server.diagnostics_where("a.flow", |p| p["version"] == 3);
    assert!(!codes(&d).contains(&"syntax".to_string()), "{d:?}");
    assert_eq!(server.held_text("a.flow"), "tool a \"A\" { kind: mis }\n");
    server.shutdown();
}

/// A client whose versions skip numbers (the protocol allows it) is not
/// held up for long: the change applies after a short wait.
#[test]
fn versions_that_skip_numbers_still_apply() {
    let fixture = Fixture::parse("//- a.flow\ntool a\n");
    let mut server = Server::start_indexed(binary(), &fixture, Options::default());
    server.open("a.flow");
    change(
        &mut server,
        5,
        json!([{ "range": range(at(0, 6), at(0, 6)), "text": "b" }]),
    );
    let d = server.diagnostics_where("a.flow", |p| p["version"] == 5);
    assert_eq!(codes(&d), ["unused-declaration"], "{d:?}");
    assert!(d[0]["message"].as_str().unwrap().contains("`ab`"), "{d:?}");
    // A change older than the document is refused, and the text kept.
    change(
        &mut server,
        4,
        json!([{ "range": range(at(0, 0), at(0, 0)), "text": "junk" }]),
    );
    assert_eq!(server.held_text("a.flow"), "tool ab\n");
    server.wait_log("for version 4 came after version 5");
    server.shutdown();
}

#[test]
fn several_changes_in_one_notification_apply_one_after_another() {
    let fixture = Fixture::parse("//- a.flow\ntool a\n");
    for utf8 in [false, true] {
        let mut server = Server::start_indexed(binary(), &fixture, Options::with_utf8(utf8));
        server.open("a.flow");
        // Each range is in the text that the change before it left; the
        // third counts the emoji as 2 UTF-16 units or 4 UTF-8 bytes.
        let emoji_end = if utf8 { 15 } else { 13 };
        change(
            &mut server,
            2,
            json!([
                { "range": range(at(0, 6), at(0, 6)), "text": " \"😀\"" },
                { "range": range(at(0, 0), at(0, 0)), "text": "## é\n" },
                { "range": range(at(1, emoji_end), at(1, emoji_end)), "text": "\ntool b" },
            ]),
        );
        assert_eq!(
            server.held_text("a.flow"),
            "## é\ntool a \"😀\"\ntool b\n",
            "utf8={utf8}"
        );
        // A change without a range replaces the whole text.
        change(&mut server, 3, json!([{ "text": "tool only\n" }]));
        assert_eq!(server.held_text("a.flow"), "tool only\n");
        server.shutdown();
    }
}

/// Positions past the end of a line or of the file are clamped to it, in
/// changes and in requests: no error, no crash, and the server goes on.
#[test]
fn positions_past_the_end_are_clamped() {
    let fixture = Fixture::parse("//- a.flow\ntool a\n");
    let mut server = Server::start_indexed(binary(), &fixture, Options::default());
    server.open("a.flow");
    // Past the end of line 0: at its end. Past the last line: at the end.
    change(
        &mut server,
        2,
        json!([{ "range": range(at(0, 99), at(0, 99)), "text": "b" }]),
    );
    change(
        &mut server,
        3,
        json!([{ "range": range(at(40, 3), at(50, 0)), "text": "tool c\n" }]),
    );
    assert_eq!(server.held_text("a.flow"), "tool ab\ntool c\n");
    let uri = server.uri("a.flow");
    // A position past the end of a line answers as its end; past the last
    // line, as the end of the file.
    let ask = |server: &mut Server, method: &str, position: Value| {
        server.try_request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": position }),
        )
    };
    for method in [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
    ] {
        let line_end = ask(&mut server, method, at(0, 7)).expect("an answer");
        let file_end = ask(&mut server, method, at(2, 0)).expect("an answer");
        for (position, same_as) in [
            (at(0, 500), &line_end),
            (at(900, 0), &file_end),
            (at(u32::MAX, u32::MAX), &file_end),
        ] {
            let answer = ask(&mut server, method, position.clone());
            assert_eq!(answer.as_ref(), Ok(same_as), "{method} at {position}");
        }
    }
    // Still serving, on the clamped text.
    let d = server.diagnostics_where("a.flow", |p| p["version"] == 3);
    assert_eq!(
        codes(&d),
        ["unused-declaration", "unused-declaration"],
        "{d:?}"
    );
    let hover = ask(&mut server, "textDocument/hover", at(1, 6)).unwrap();
    assert_eq!(
        hover["range"],
        range(at(1, 5), at(1, 6)),
        "the name `c` of `tool c`: {hover}"
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**c** · tool `c`"),
        "{hover}"
    );
    server.shutdown();
}
