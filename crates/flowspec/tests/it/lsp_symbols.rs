//! Document symbols (the outline, nested) and workspace symbols, through
//! the protocol, in UTF-16 and UTF-8 with accents, Amharic and emoji
//! before the names, with the protocol's symbol kinds. The outline of
//! broken files and the ranking of searches: `flowspec-analysis`'s
//! `tests/it/ide/symbols.rs`.

use flowspec_lsp_harness::{Fixture, Options, Server, annotate, offset};
use flowspec_test_fixture::designs::OUTLINE;
use flowspec_test_fixture::designs::SEARCH;
use serde_json::{Value, json};

use crate::support::binary;
use crate::support::protocol::symbol_kind;

fn start(fixture: &Fixture, utf8: bool) -> Server {
    Server::start_indexed(binary(), fixture, Options::with_utf8(utf8))
}

fn document_symbols(server: &mut Server, path: &str) -> Value {
    let uri = server.uri(path);
    server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    )
}

fn kind_name(kind: &Value) -> &'static str {
    symbol_kind::name(kind.as_u64().expect("a kind"))
}

/// A position as `line:column`, the column in characters (the same in
/// every encoding).
fn at(text: &str, position: &Value, server: &Server) -> (usize, usize, usize) {
    let byte = offset(text, position, server.encoding);
    let line_start = text[..byte].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..byte].matches('\n').count();
    (line, text[line_start..byte].chars().count(), byte)
}

fn show(text: &str, range: &Value, server: &Server) -> String {
    let (l1, c1, _) = at(text, &range["start"], server);
    let (l2, c2, _) = at(text, &range["end"], server);
    format!("{l1}:{c1}-{l2}:{c2}")
}

/// Byte range of a protocol range.
fn bytes(text: &str, range: &Value, server: &Server) -> (usize, usize) {
    (
        at(text, &range["start"], server).2,
        at(text, &range["end"], server).2,
    )
}

fn outline(
    text: &str,
    symbols: &Value,
    server: &Server,
    depth: usize,
    parent: Option<(usize, usize)>,
    out: &mut String,
    marks: &mut Vec<(Value, String)>,
) {
    for s in symbols.as_array().expect("symbols") {
        let range = bytes(text, &s["range"], server);
        let selection = bytes(text, &s["selectionRange"], server);
        assert!(
            range.0 <= selection.0 && selection.1 <= range.1,
            "the selection is inside the range: {s}"
        );
        if let Some(parent) = parent {
            assert!(
                parent.0 <= range.0 && range.1 <= parent.1,
                "a child is inside its parent: {s}"
            );
        }
        let name = s["name"].as_str().unwrap();
        assert!(!name.is_empty());
        out.push_str(&format!(
            "{}{} {} [{}] range {} selection {} `{}`\n",
            "  ".repeat(depth),
            kind_name(&s["kind"]),
            name,
            s["detail"].as_str().unwrap_or("-"),
            show(text, &s["range"], server),
            show(text, &s["selectionRange"], server),
            &text[selection.0..selection.1],
        ));
        if depth == 0 {
            marks.push((s["selectionRange"].clone(), name.to_string()));
        }
        if let Some(children) = s.get("children") {
            outline(text, children, server, depth + 1, Some(range), out, marks);
        }
    }
}

#[test]
fn the_outline_has_tools_roles_and_flows_with_their_state() {
    let fixture = Fixture::parse(OUTLINE);
    let mut renders = Vec::new();
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        server.open("design.flow");
        let symbols = document_symbols(&mut server, "design.flow");
        let text = server.text("design.flow");
        let mut out = String::new();
        let mut marks = Vec::new();
        outline(&text, &symbols, &server, 0, None, &mut out, &mut marks);
        out.push_str("\n--- the selection ranges of the items:\n");
        out.push_str(&annotate(&text, &marks, server.encoding));
        renders.push(out);
        server.shutdown();
    }
    assert_eq!(renders[0], renders[1], "UTF-16 and UTF-8 agree");
    insta::assert_snapshot!("document_symbols", renders[0]);
}

fn search(server: &mut Server, query: &str) -> String {
    let found = server.request("workspace/symbol", json!({ "query": query }));
    let mut out = format!("query {query:?}:\n");
    for s in found.as_array().expect("symbols") {
        let path = server.relative(s["location"]["uri"].as_str().expect("a URI"));
        let text = server.text(&path);
        let range = &s["location"]["range"];
        let (start, end) = bytes(&text, range, server);
        let name = s["name"].as_str().unwrap();
        assert_eq!(&text[start..end], name, "the location is the name");
        out.push_str(&format!(
            "  {name} {} ({}) {path} {}\n",
            kind_name(&s["kind"]),
            s["containerName"].as_str().unwrap_or("-"),
            show(&text, range, server),
        ));
    }
    out
}

#[test]
fn workspace_symbols_are_fuzzy_matched_and_ranked_across_files() {
    let fixture = Fixture::parse(SEARCH);
    let mut renders = Vec::new();
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        server.open("tools.flow");
        let mut out = String::new();
        for query in ["his", "HMIS", "mi", "", "zzz"] {
            out.push_str(&search(&mut server, query));
        }
        renders.push(out);
        server.shutdown();
    }
    assert_eq!(renders[0], renders[1], "UTF-16 and UTF-8 agree");
    insta::assert_snapshot!("workspace_symbols", renders[0]);
}

#[test]
fn the_capabilities_are_announced() {
    let server = Server::start(binary(), &Fixture::parse(""), Options::default());
    assert_eq!(server.capabilities["documentSymbolProvider"], true);
    assert_eq!(server.capabilities["workspaceSymbolProvider"], true);
    server.shutdown();
}
