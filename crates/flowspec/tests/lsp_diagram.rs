//! `flowspec/diagram` through the protocol: the SVG of one document or of
//! the workspace, following unsaved edits.

use std::path::Path;

use flowspec_lsp_harness::{Fixture, Options, Server};
use serde_json::json;

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_flowspec"))
}

#[test]
fn the_diagram_of_a_document_and_of_the_workspace() {
    let fixture = Fixture::parse(
        "//- tools.flow\ntool hmis \"National HMIS\" { kind: mis }\n//- a.flow\nflow monthly: commcare -> hmis\n//- b.flow\nflow weekly: odk -> postgresql\n",
    );
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.wait_log("indexed 3 .flow files");
    server.open("a.flow");
    let one = server.request("flowspec/diagram", json!({ "uri": server.uri("a.flow") }));
    let svg = one["svg"].as_str().unwrap();
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{svg:.80}"
    );
    assert!(
        svg.contains("monthly") && svg.contains("National HMIS"),
        "resolves across files"
    );
    assert!(!svg.contains("weekly"), "only this document's flows");
    let all = server.request("flowspec/diagram", json!({}));
    let all = all["svg"].as_str().unwrap();
    assert!(all.contains("monthly") && all.contains("weekly"));
    // An unsaved rename shows at once.
    let text = server.text("a.flow");
    let at = text.find("monthly").unwrap();
    server.edit("a.flow", at, at + "monthly".len(), "urgent_referrals");
    let renamed = server.request("flowspec/diagram", json!({ "uri": server.uri("a.flow") }));
    assert!(
        renamed["svg"]
            .as_str()
            .unwrap()
            .contains("urgent_referrals")
    );
    server.shutdown();
}
