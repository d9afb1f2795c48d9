//! `flowspec/diagram` through the protocol: the SVG of one document or of
//! the workspace, following unsaved edits, and the same picture as
//! `flowspec graph` draws of the same folder.

use std::path::Path;

use flowspec_lsp_harness::{Fixture, Options, Server};
use serde_json::json;

use crate::support::binary;

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

/// `flowspec graph` run in `dir`.
fn graph(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(binary())
        .arg("graph")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_editor_draws_what_the_command_line_draws() {
    // Files in several folders and out of alphabetical order of creation,
    // declarations in one file used by others, a person, open questions,
    // a bare chain and an unknown step.
    let fixture = Fixture::parse(concat!(
        "//- z-tools.flow\n## The design.\n\ntool hmis \"National HMIS\" { kind: mis owner: \"MoH\" }\nrole clerk \"Records clerk\"\n",
        "//- b.flow\nflow weekly: odk -> postgresql -> hmis { data: tbd frequency: weekly }\ncommcare -> clerk -> hmis monthly manual\n",
        "//- a/c.flow\n## Dashboards.\n\nflow dashboards: postgresql -> metabase\nflow odd: hmis -> mystery\n",
    ));
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.wait_log("indexed 3 .flow files");
    let root = server.path("");
    let all = server.request("flowspec/diagram", json!({}));
    let svg = all["svg"].as_str().unwrap();
    assert!(
        [
            "weekly",
            "dashboards",
            "Records clerk",
            "National HMIS",
            "mystery"
        ]
        .iter()
        .all(|w| svg.contains(w))
    );
    assert_eq!(svg, graph(&root, &[]), "the whole workspace, byte for byte");
    for file in ["b.flow", "a/c.flow", "z-tools.flow"] {
        let one = server.request("flowspec/diagram", json!({ "uri": server.uri(file) }));
        assert_eq!(
            one["svg"].as_str().unwrap(),
            graph(&root, &["--file", file]),
            "{file}: one document, steps resolved across the workspace"
        );
    }
    server.shutdown();
}
