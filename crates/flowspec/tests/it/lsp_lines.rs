//! Lines and positions through the protocol: lines end at `\n`, `\r\n` or
//! a lone `\r` in every answer and every change, in UTF-16 and UTF-8, and
//! the edits the server makes keep the file's own line ending.

use flowspec_analysis::Workspace;
use flowspec_analysis::ide::semantic_tokens::semantic_tokens;
use flowspec_lsp_harness::{Encoding, Fixture, Options, Server, position};
use serde_json::{Value, json};

use crate::support::binary;

fn one_file(path: &str, text: &str) -> Fixture {
    Fixture {
        files: vec![(path.to_string(), text.to_string())],
        ..Fixture::default()
    }
}

/// Mixed line endings, a lone `\r` first, and characters of every width.
const MIXED: &str = "tool a \"é\"\rtool b \"ሰላም\"\r\nflow f: a -> b {\r  data: \"😀 x\" # é\n  timing: batch\r}\rb -> a monthly\n";

/// The semantic tokens of a file, decoded: (line, column, length) each.
fn decoded_tokens(server: &mut Server, path: &str) -> Vec<(u64, u64, u64)> {
    let result = server.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": server.uri(path) } }),
    );
    let data: Vec<u64> = result["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|n| n.as_u64().expect("an unsigned integer"))
        .collect();
    let (mut line, mut col) = (0, 0);
    data.chunks(5)
        .map(|t| {
            line += t[0];
            col = if t[0] == 0 { col + t[1] } else { t[1] };
            (line, col, t[2])
        })
        .collect()
}

/// Where each token of the analysis is, as the protocol counts: its line,
/// column and length, computed by the test client's own line model.
fn expected_tokens(text: &str, encoding: Encoding) -> Vec<(u64, u64, u64)> {
    let mut ws = Workspace::new();
    let (id, _) = ws.set_file("a.flow", text);
    let file = ws.file(id).unwrap();
    semantic_tokens(&ws, file)
        .iter()
        .map(|t| {
            let start = position(text, t.span.start as usize, encoding);
            let end = position(text, t.span.end as usize, encoding);
            assert_eq!(start["line"], end["line"], "a token across lines");
            let col = start["character"].as_u64().unwrap();
            (
                start["line"].as_u64().unwrap(),
                col,
                end["character"].as_u64().unwrap() - col,
            )
        })
        .collect()
}

#[test]
fn semantic_tokens_after_a_lone_carriage_return_are_on_their_line() {
    for utf8 in [false, true] {
        let mut server = Server::start(
            binary(),
            &one_file("a.flow", MIXED),
            Options::with_utf8(utf8),
        );
        server.open("a.flow");
        server.diagnostics("a.flow");
        let expected = expected_tokens(MIXED, server.encoding);
        assert!(expected.len() > 15, "{expected:?}");
        assert_eq!(
            decoded_tokens(&mut server, "a.flow"),
            expected,
            "utf8={utf8}"
        );
        server.shutdown();
    }
}

/// Sends one incremental change with a raw protocol range, and records the
/// text the client expects afterwards.
fn change(server: &mut Server, path: &str, range: Value, text: &str, expected: &str) {
    let version = server.open[path].1 + 1;
    server
        .open
        .insert(path.to_string(), (expected.to_string(), version));
    let uri = server.uri(path);
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "range": range, "text": text }]
        }),
    );
}

#[test]
fn a_column_past_the_end_of_a_line_is_the_end_of_that_line_whatever_ends_it() {
    for utf8 in [false, true] {
        let text = "tool a\rtool b\r\ntool c\ntool d";
        let mut server = Server::start(
            binary(),
            &one_file("a.flow", text),
            Options::with_utf8(utf8),
        );
        server.open("a.flow");
        let at = |line: u32| json!({ "start": { "line": line, "character": 99 }, "end": { "line": line, "character": 99 } });
        change(
            &mut server,
            "a.flow",
            at(0),
            "1",
            "tool a1\rtool b\r\ntool c\ntool d",
        );
        change(
            &mut server,
            "a.flow",
            at(1),
            "2",
            "tool a1\rtool b2\r\ntool c\ntool d",
        );
        change(
            &mut server,
            "a.flow",
            at(2),
            "3",
            "tool a1\rtool b2\r\ntool c3\ntool d",
        );
        change(
            &mut server,
            "a.flow",
            at(3),
            "4",
            "tool a1\rtool b2\r\ntool c3\ntool d4",
        );
        // A range whose end is past its line replaces up to the line's end,
        // never the line ending.
        let range = json!({ "start": { "line": 0, "character": 5 }, "end": { "line": 0, "character": 50 } });
        let after = "tool x \"é\"\rtool b2\r\ntool c3\ntool d4";
        change(&mut server, "a.flow", range, "x \"é\"", after);
        assert_eq!(server.held_text("a.flow"), after, "utf8={utf8}");
        // Each declaration is on its own line, unused.
        let d = server.diagnostics("a.flow");
        assert!(d.iter().all(|d| d["code"] == "unused-declaration"), "{d:?}");
        let lines: Vec<&Value> = d.iter().map(|d| &d["range"]["start"]["line"]).collect();
        assert_eq!(lines, [0, 1, 2, 3], "{d:?}");
        server.shutdown();
    }
}

/// The actions offered at a byte offset of an open file.
fn actions_at(server: &mut Server, path: &str, at: usize) -> Vec<Value> {
    let text = server.text(path);
    let pos = position(&text, at, server.encoding);
    let diagnostics = server.diagnostics(path);
    let result = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": server.uri(path) },
            "range": { "start": pos, "end": pos },
            "context": { "diagnostics": diagnostics }
        }),
    );
    result.as_array().cloned().unwrap_or_default()
}

fn take(actions: &[Value], title: &str) -> Value {
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title)))
        .cloned()
        .unwrap_or_else(|| panic!("no {title:?} in {titles:?}"))
}

/// Applies the action titled `title` offered at `needle` and returns the
/// text it leaves.
fn apply_action(text: &str, needle: &str, title: &str) -> String {
    let mut server = Server::start(binary(), &one_file("a.flow", text), Options::default());
    server.open("a.flow");
    let at = text.find(needle).unwrap() + 1;
    let actions = actions_at(&mut server, "a.flow", at);
    let action = take(&actions, title);
    server.apply_workspace_edit("a.flow", &action["edit"]);
    let after = server.text("a.flow");
    assert_eq!(server.held_text("a.flow"), after);
    server.shutdown();
    after
}

#[test]
fn the_edits_of_code_actions_keep_the_file_line_ending() {
    for (ending, other) in [("\r\n", "\n"), ("\r", "\n"), ("\n", "\r")] {
        let file = |lines: &[&str]| lines.join(ending) + ending;
        // Every line break of the result is the file's own.
        let check = |after: &str, expected: &str| {
            assert_eq!(after, expected, "{ending:?}");
            assert!(
                !after.replace(ending, "").contains(['\r', '\n']),
                "{ending:?}: a line break of another kind in {after:?}"
            );
        };

        let text = file(&["flow f: data_hub -> dhis2 {", "  data: \"x\"", "}"]);
        let after = apply_action(&text, "data_hub", "Declare `data_hub` as a tool");
        let mut lines = vec!["flow f: data_hub -> dhis2 {", "  data: \"x\"", "}"];
        lines.extend(["", "tool data_hub \"Data Hub\""]);
        check(&after, &file(&lines));

        let text = file(&["commcare -> excel -> dhis2 monthly batch"]);
        let after = apply_action(&text, "commcare", "Mark the unanswered questions as open");
        check(
            &after,
            &file(&[
                "commcare -> excel -> dhis2 monthly batch {",
                "  data: tbd",
                "  transform: tbd",
                "  volume: tbd",
                "}",
            ]),
        );

        let text = file(&["flow f: odk -> dhis2 batch daily {", "  data: \"x\"", "}"]);
        let after = apply_action(&text, "odk", "Mark the unanswered questions as open");
        check(
            &after,
            &file(&[
                "flow f: odk -> dhis2 batch daily {",
                "  data: \"x\"",
                "  transform: tbd",
                "  volume: tbd",
                "}",
            ]),
        );

        // The file's first line break decides: one of another kind later on
        // does not change it.
        let text = format!("odk -> dhis2 monthly batch{ending}# a note{other}");
        let after = apply_action(&text, "odk", "Mark the unanswered questions as open");
        assert!(
            after.starts_with(&format!(
                "odk -> dhis2 monthly batch {{{ending}  data: tbd{ending}"
            )),
            "{after:?}"
        );
    }
}
