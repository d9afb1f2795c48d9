//! Go to definition and declaration, find references and document
//! highlight, through the protocol: across files (the declaration's file
//! never opened), with accents, Amharic and emoji before the names, in
//! UTF-16 and UTF-8; locations or links as the client supports; null where
//! the cursor is on no name. Which names lead where:
//! `flowspec-analysis`'s `tests/it/ide/navigation.rs`.
//!
//! Snapshots show each file of the fixture with the answer's ranges marked
//! under their lines (and the cursor); the same rendering is required in
//! both encodings.

use flowspec_lsp_harness::{Fixture, Mark, Options, Server, position};
use flowspec_test_fixture::designs::MINISTRY;
use serde_json::{Value, json};

use crate::support::binary;
use crate::support::protocol::highlight_kind;

fn start(fixture: &Fixture, utf8: bool) -> Server {
    Server::start_indexed(binary(), fixture, Options::with_utf8(utf8))
}

/// A mark for each location, labelled.
fn marks(server: &Server, locations: &Value, label: &str) -> Vec<Mark> {
    locations
        .as_array()
        .unwrap_or_else(|| panic!("expected locations, got {locations}"))
        .iter()
        .map(|l| {
            (
                server.relative(l["uri"].as_str().expect("a URI")),
                l["range"].clone(),
                label.to_string(),
            )
        })
        .collect()
}

#[test]
fn definition_and_declaration_lead_to_the_declaration_in_another_file() {
    let fixture = Fixture::parse(MINISTRY);
    let mut renders = Vec::new();
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        server.open("monthly.flow");
        let (path, offset) = fixture.marker("$0");
        let at = server.at(&path, offset);
        let definition = server.request("textDocument/definition", at.clone());
        let declaration = server.request("textDocument/declaration", at);
        assert_eq!(definition, declaration, "one answer for both");
        let mut all = marks(&server, &definition, "definition");
        assert_eq!(all.len(), 1, "{definition}");
        // On a keyword: null, for both.
        for method in ["textDocument/definition", "textDocument/declaration"] {
            assert_eq!(
                server.request(method, server.at("monthly.flow", 1)),
                Value::Null
            );
        }
        all.push(server.cursor(&fixture, "$0"));
        renders.push(server.annotate_files(&fixture, &all));
        server.shutdown();
    }
    assert_eq!(renders[0], renders[1], "UTF-16 and UTF-8 agree");
    insta::assert_snapshot!("definition_across_files", renders[0]);
}

/// A client that supports links (VS Code does) gets LocationLinks: the
/// name under the cursor (which the editor underlines), the whole
/// declaration (its peek view) and the declared name (where the cursor
/// lands). Declaration asks separately: here the client supports links for
/// definition only.
#[test]
fn definition_answers_with_links_when_the_client_supports_them() {
    let fixture = Fixture::parse(MINISTRY);
    for utf8 in [false, true] {
        let options = Options {
            capabilities: json!({ "textDocument": { "definition": { "linkSupport": true } } }),
            ..Options::with_utf8(utf8)
        };
        let mut server = Server::start_indexed(binary(), &fixture, options);
        server.open("monthly.flow");
        let (path, offset) = fixture.marker("$0");
        let at = server.at(&path, offset);
        let links = server.request("textDocument/definition", at.clone());
        let links = links.as_array().unwrap_or_else(|| panic!("links: {links}"));
        assert_eq!(links.len(), 1, "{links:?}");
        let link = &links[0];
        let enc = server.encoding;
        let monthly = server.text("monthly.flow");
        let hmis = offset - 2;
        assert_eq!(&monthly[hmis..hmis + 4], "hmis");
        assert_eq!(
            link["originSelectionRange"],
            json!({ "start": position(&monthly, hmis, enc), "end": position(&monthly, hmis + 4, enc) })
        );
        assert_eq!(
            server.relative(link["targetUri"].as_str().unwrap()),
            "tools.flow"
        );
        let tools = server.text("tools.flow");
        let item = tools.find("tool hmis").unwrap();
        let name = item + "tool ".len();
        assert_eq!(
            link["targetRange"],
            json!({ "start": position(&tools, item, enc), "end": position(&tools, tools.trim_end().len(), enc) }),
            "the whole declaration, braces included"
        );
        assert_eq!(
            link["targetSelectionRange"],
            json!({ "start": position(&tools, name, enc), "end": position(&tools, name + 4, enc) })
        );
        // Declaration: no link support declared, so Locations.
        let declaration = server.request("textDocument/declaration", at);
        assert_eq!(
            declaration[0]["range"], link["targetSelectionRange"],
            "{declaration}"
        );
        assert!(declaration[0].get("targetUri").is_none());
        server.shutdown();
    }
}

#[test]
fn references_in_every_file_with_and_without_the_declaration() {
    let fixture = Fixture::parse(MINISTRY);
    let mut renders = Vec::new();
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        server.open("monthly.flow");
        let (path, offset) = fixture.marker("$0");
        let mut params = server.at(&path, offset);
        params["context"] = json!({ "includeDeclaration": true });
        let with = server.request("textDocument/references", params.clone());
        params["context"] = json!({ "includeDeclaration": false });
        let without = server.request("textDocument/references", params);
        let with = marks(&server, &with, "reference");
        let without = marks(&server, &without, "reference");
        assert_eq!(with.len(), 5, "one declaration and four steps: {with:?}");
        assert_eq!(without.len(), 4);
        let declarations: Vec<&Mark> = with.iter().filter(|m| !without.contains(m)).collect();
        assert_eq!(declarations.len(), 1);
        assert_eq!(declarations[0].0, "tools.flow");
        let mut all: Vec<Mark> = with
            .iter()
            .map(|m| {
                let label = if without.contains(m) {
                    "reference"
                } else {
                    "reference (declaration)"
                };
                (m.0.clone(), m.1.clone(), label.to_string())
            })
            .collect();
        all.push(server.cursor(&fixture, "$0"));
        renders.push(server.annotate_files(&fixture, &all));
        // On a keyword: null; on a flow's name without its declaration: an
        // empty list (nothing references a flow).
        let mut params = server.at("weekly.flow", 1);
        params["context"] = json!({ "includeDeclaration": true });
        assert_eq!(
            server.request("textDocument/references", params),
            Value::Null
        );
        let mut params = server.at("weekly.flow", "flow we".len());
        params["context"] = json!({ "includeDeclaration": false });
        assert_eq!(server.request("textDocument/references", params), json!([]));
        server.shutdown();
    }
    assert_eq!(renders[0], renders[1], "UTF-16 and UTF-8 agree");
    insta::assert_snapshot!("references_across_files", renders[0]);
}

#[test]
fn document_highlight_marks_the_declaration_as_write_and_steps_as_read() {
    let fixture = Fixture::parse(
        "//- tools.flow\nrole clerk \"ጸሐፊ 😀\" tool hm$0is \"é\" { kind: mis }\nflow f: hmis -> excel { data: \"😀\" } excel -> hmis -> dhis2\n# hmis in a comment\n//- other.flow\nhmis -> dhis2\n",
    );
    let mut renders = Vec::new();
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        server.open("tools.flow");
        let (path, offset) = fixture.marker("$0");
        let found = server.request("textDocument/documentHighlight", server.at(&path, offset));
        let found = found.as_array().expect("highlights").clone();
        assert_eq!(found.len(), 3, "this file only: {found:?}");
        let mut all: Vec<Mark> = found
            .iter()
            .map(|h| {
                let label = match h["kind"].as_u64() {
                    Some(highlight_kind::WRITE) => "write",
                    Some(highlight_kind::READ) => "read",
                    other => panic!("kind {other:?}"),
                };
                (
                    "tools.flow".to_string(),
                    h["range"].clone(),
                    label.to_string(),
                )
            })
            .collect();
        all.push(server.cursor(&fixture, "$0"));
        renders.push(server.annotate_files(&fixture, &all));
        // Nothing to highlight on a property key.
        let text = server.text("tools.flow");
        let key = server.at("tools.flow", text.find("kind").unwrap());
        assert_eq!(
            server.request("textDocument/documentHighlight", key),
            Value::Null
        );
        server.shutdown();
    }
    assert_eq!(renders[0], renders[1], "UTF-16 and UTF-8 agree");
    insta::assert_snapshot!("highlight", renders[0]);
}

#[test]
fn the_capabilities_are_announced() {
    let server = Server::start(binary(), &Fixture::parse(""), Options::default());
    let caps = &server.capabilities;
    assert_eq!(caps["definitionProvider"], true);
    assert_eq!(caps["declarationProvider"], true);
    assert_eq!(caps["referencesProvider"], true);
    assert_eq!(caps["documentHighlightProvider"], true);
    server.shutdown();
}
