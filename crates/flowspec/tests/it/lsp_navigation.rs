//! Go to definition and declaration, find references and document
//! highlight, through the protocol: across files (open and not open), with
//! accents, Amharic and emoji before the names, in UTF-16 and UTF-8.
//!
//! Snapshots show each file of the fixture with the answer's ranges marked
//! under their lines (and the cursor); the same rendering is required in
//! both encodings.

use flowspec_lsp_harness::{Fixture, Mark, Options, Server, position};

use crate::support::binary;
use serde_json::{Value, json};

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

/// The declaration in one file, uses in two others (one never opened); a
/// name after non-ASCII text on the same line everywhere.
const WORKSPACE: &str = r#"//- tools.flow
## Les systèmes du ministère — ሚኒስቴር 😀
role clerk "Agent de saisie — ጸሐፊ 😀" tool hmis "Système national 😀" { kind: mis }
//- monthly.flow
flow monthly: commcare -> clerk -> hmis monthly batch { data: "visites é ጉብኝት 😀" } hm$0is -> dhis2 weekly
//- weekly.flow
flow weekly: excel -> hmis { notes: "é 😀" } flow other: hmis -> excel daily
"#;

#[test]
fn definition_and_declaration_lead_to_the_declaration_in_another_file() {
    let fixture = Fixture::parse(WORKSPACE);
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
    let fixture = Fixture::parse(WORKSPACE);
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
fn definition_from_a_file_that_is_not_open_and_from_the_declaration_itself() {
    let fixture = Fixture::parse(WORKSPACE);
    let mut server = start(&fixture, false);
    // weekly.flow was never opened: the workspace has it from the disk.
    let text = server.text("weekly.flow");
    let at = server.at("weekly.flow", text.rfind("hmis").unwrap() + 2);
    let found = server.request("textDocument/definition", at);
    let found = marks(&server, &found, "definition");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "tools.flow");
    let tools = server.text("tools.flow");
    let hmis = tools.find("hmis").unwrap();
    assert_eq!(
        found[0].1["start"],
        position(&tools, hmis, server.encoding),
        "the declared name"
    );
    assert_eq!(
        found[0].1["end"],
        position(&tools, hmis + 4, server.encoding)
    );
    // On the declaration's own name: itself.
    let at = server.at("tools.flow", hmis + 4);
    let again = server.request("textDocument/definition", at);
    assert_eq!(marks(&server, &again, "definition")[0].1, found[0].1);
    server.shutdown();
}

#[test]
fn no_definition_for_a_catalog_tool_a_keyword_or_a_value_and_a_flow_leads_to_itself() {
    let fixture = Fixture::parse(
        "//- a.flow\nflow f$1: comm$0care -> x -> nowhere mon$2thly\n//- b.flow\ntool x \"X 😀\" role x\n",
    );
    let mut server = start(&fixture, false);
    server.open("a.flow");
    let (_, commcare) = fixture.marker("$0");
    for offset in [commcare, 1, fixture.marker("$2").1] {
        let found = server.request("textDocument/definition", server.at("a.flow", offset));
        assert_eq!(found, Value::Null, "at {offset}");
        let found = server.request("textDocument/declaration", server.at("a.flow", offset));
        assert_eq!(found, Value::Null, "at {offset}");
    }
    let text = server.text("a.flow");
    let nowhere = text.find("nowhere").unwrap();
    let found = server.request("textDocument/definition", server.at("a.flow", nowhere));
    assert_eq!(found, Value::Null, "an unknown name has no definition");

    // A duplicated name: every declaration.
    let x = text.find("x ->").unwrap();
    let found = server.request("textDocument/definition", server.at("a.flow", x));
    let mut all = marks(&server, &found, "definition");
    assert_eq!(all.len(), 2, "{found}");
    // A flow's name: the flow itself.
    let (_, f) = fixture.marker("$1");
    let found = server.request("textDocument/definition", server.at("a.flow", f));
    all.extend(marks(&server, &found, "flow definition"));
    for marker in ["$0", "$1", "$2"] {
        all.push(server.cursor(&fixture, marker));
    }
    insta::assert_snapshot!(
        "definition_special_cases",
        server.annotate_files(&fixture, &all)
    );
    server.shutdown();
}

#[test]
fn references_in_every_file_with_and_without_the_declaration() {
    let fixture = Fixture::parse(WORKSPACE);
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
        server.shutdown();
    }
    assert_eq!(renders[0], renders[1], "UTF-16 and UTF-8 agree");
    insta::assert_snapshot!("references_across_files", renders[0]);
}

#[test]
fn references_of_a_catalog_tool_and_of_a_flow() {
    let fixture = Fixture::parse(
        "//- a.flow\nflow f: comm$0care -> dhis2 { notes: \"ጉብኝት\" } commcare -> excel\n//- b.flow\nflow g$1: excel -> commcare\n",
    );
    let mut server = start(&fixture, false);
    let (path, offset) = fixture.marker("$0");
    let mut params = server.at(&path, offset);
    params["context"] = json!({ "includeDeclaration": true });
    let found = server.request("textDocument/references", params);
    let mut all = marks(&server, &found, "commcare");
    assert_eq!(all.len(), 3);
    let (path, offset) = fixture.marker("$1");
    let mut params = server.at(&path, offset);
    params["context"] = json!({ "includeDeclaration": true });
    let found = server.request("textDocument/references", params.clone());
    all.extend(marks(&server, &found, "flow g"));
    params["context"] = json!({ "includeDeclaration": false });
    let found = server.request("textDocument/references", params);
    assert_eq!(found, json!([]), "nothing references a flow");
    all.push(server.cursor(&fixture, "$0"));
    all.push(server.cursor(&fixture, "$1"));
    insta::assert_snapshot!(
        "references_catalog_and_flow",
        server.annotate_files(&fixture, &all)
    );
    // On a keyword: nothing.
    let mut params = server.at("a.flow", 1);
    params["context"] = json!({ "includeDeclaration": true });
    assert_eq!(
        server.request("textDocument/references", params),
        Value::Null
    );
    server.shutdown();
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
                    Some(3) => "write",
                    Some(2) => "read",
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
