//! The workspace on disk, through the protocol: which files indexing and
//! watched-file events take (the language's workspace rule), and that
//! diagnostics of files that are not open follow the disk, down to an empty
//! publication when a file becomes clean or goes away.

use flowspec_lsp_harness::{Fixture, Options, Server};
use serde_json::{Value, json};

use crate::support::binary;
use crate::support::protocol::file_change;

/// The messages of the unknown-reference diagnostics in a list.
fn unknown_in(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == "unknown-reference")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

/// The same, of a publication.
fn unknown(publication: &Value) -> Vec<String> {
    unknown_in(publication["diagnostics"].as_array().unwrap())
}

fn names_unknown(publication: &Value, name: &str) -> bool {
    unknown(publication)
        .iter()
        .any(|m| m.starts_with(&format!("`{name}`")))
}

fn watched(server: &mut Server, uri: &str, kind: u64) {
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri, "type": kind }] }),
    );
}

#[cfg(unix)]
#[test]
fn indexing_skips_build_folders_hidden_files_and_symbolic_links() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("elsewhere.flow"), "tool far\n").unwrap();
    std::fs::create_dir(outside.path().join("dir")).unwrap();
    std::fs::write(outside.path().join("dir/deep.flow"), "tool deep\n").unwrap();

    let root = tempfile::tempdir().unwrap();
    let files = [
        (
            "flows.flow",
            "flow f: commcare -> far -> deep -> built -> hidden -> near\n",
        ),
        ("tools.flow", "tool near\n"),
        ("target/built.flow", "tool built\n"),
        ("node_modules/m.flow", "tool built\n"),
        (".hidden.flow", "tool hidden\n"),
        ("types.js.flow", "// @flow\n"),
    ];
    for (path, text) in files {
        let full = root.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    symlink(
        outside.path().join("elsewhere.flow"),
        root.path().join("link.flow"),
    )
    .unwrap();
    symlink(outside.path().join("dir"), root.path().join("linked")).unwrap();

    let mut server = Server::start_in(binary(), root, Options::default());
    server.wait_log("indexed 2 .flow files");
    let messages = unknown_in(&server.diagnostics_where("flows.flow", |_| true));
    for name in ["far", "deep", "built", "hidden"] {
        assert!(
            messages.iter().any(|m| m.starts_with(&format!("`{name}`"))),
            "{name} should not be declared: {messages:?}"
        );
    }
    assert_eq!(messages.len(), 4, "near is declared: {messages:?}");
    server.shutdown();
}

#[test]
fn a_file_that_is_not_open_is_followed_until_clean_and_until_deleted() {
    let fixture = Fixture::parse("//- flows.flow\nflow f: commcare -> hmis\n");
    let mut server = Server::start_indexed(binary(), &fixture, Options::default());
    let uri = server.uri("flows.flow");
    server.diagnostics_where("flows.flow", |p| names_unknown(p, "hmis"));

    // Changed on disk to a clean file: an empty publication.
    let complete = "tool hmis \"HMIS\"\nflow f: commcare -> hmis {\n  data: \"visits\"\n  transform: none\n  timing: batch\n  frequency: monthly\n  volume: ~50 forms/month\n}\n";
    std::fs::write(server.path("flows.flow"), complete).unwrap();
    watched(&mut server, &uri, file_change::CHANGED);
    let d = server.diagnostics_where("flows.flow", |p| !names_unknown(p, "hmis"));
    assert!(d.is_empty(), "a clean file: {d:?}");

    // Broken again, then deleted: the problems go with the file.
    std::fs::write(server.path("flows.flow"), "flow f: commcare -> nowhere\n").unwrap();
    watched(&mut server, &uri, file_change::CHANGED);
    server.diagnostics_where("flows.flow", |p| names_unknown(p, "nowhere"));
    std::fs::remove_file(server.path("flows.flow")).unwrap();
    watched(&mut server, &uri, file_change::DELETED);
    let d = server.diagnostics_where("flows.flow", |p| {
        p["diagnostics"].as_array().unwrap().is_empty()
    });
    assert!(d.is_empty());
    server.shutdown();
}

#[cfg(unix)]
#[test]
fn watched_files_follow_the_same_rule_as_indexing() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("far.flow"), "tool far\n").unwrap();
    let fixture =
        Fixture::parse("//- flows.flow\nflow f: commcare -> far -> hidden -> built -> near\n");
    let mut server = Server::start_indexed(binary(), &fixture, Options::default());
    server.diagnostics_where("flows.flow", |p| unknown(p).len() == 4);

    symlink(outside.path().join("far.flow"), server.path("link.flow")).unwrap();
    std::fs::write(server.path(".hidden.flow"), "tool hidden\n").unwrap();
    std::fs::create_dir(server.path("target")).unwrap();
    std::fs::write(server.path("target/built.flow"), "tool built\n").unwrap();
    std::fs::write(server.path("tools.flow"), "tool near\n").unwrap();
    for path in [
        "link.flow",
        ".hidden.flow",
        "target/built.flow",
        "tools.flow",
    ] {
        let uri = server.uri(path);
        watched(&mut server, &uri, file_change::CREATED);
    }
    // Events are handled in order: once `near` resolves, the others were
    // seen, and left out.
    let d = server.diagnostics_where("flows.flow", |p| !names_unknown(p, "near"));
    assert_eq!(unknown_in(&d).len(), 3, "{d:?}");
    server.shutdown();
}

#[test]
fn a_file_that_grows_past_the_size_limit_leaves_the_workspace() {
    let fixture =
        Fixture::parse("//- tools.flow\ntool hmis\n//- flows.flow\nflow f: commcare -> hmis\n");
    let mut server = Server::start_indexed(binary(), &fixture, Options::default());
    server.diagnostics_where("flows.flow", |p| !names_unknown(p, "hmis"));
    let big = format!(
        "tool hmis\n{}",
        "# padding padding padding\n".repeat(420_000)
    );
    std::fs::write(server.path("tools.flow"), big).unwrap();
    let uri = server.uri("tools.flow");
    watched(&mut server, &uri, file_change::CHANGED);
    let log = server.wait_log("skipped");
    assert!(log.contains("tools.flow") && log.contains("10 MB"), "{log}");
    server.diagnostics_where("flows.flow", |p| names_unknown(p, "hmis"));
    server.shutdown();
}

#[test]
fn a_file_from_outside_the_folders_takes_part_while_open_and_leaves_when_closed() {
    let fixture = Fixture::parse("//- flows.flow\nflow f: commcare -> hmis\n");
    let mut server = Server::start_indexed(binary(), &fixture, Options::default());
    server.diagnostics_where("flows.flow", |p| names_unknown(p, "hmis"));
    let outside = tempfile::tempdir().unwrap();
    let path = outside.path().join("tools.flow");
    std::fs::write(&path, "tool hmis\n").unwrap();
    let uri = server.uri_of_path(&path);
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "flow", "version": 1, "text": "tool hmis\n" } }),
    );
    server.diagnostics_where("flows.flow", |p| !names_unknown(p, "hmis"));
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    server.diagnostics_where("flows.flow", |p| names_unknown(p, "hmis"));
    server.shutdown();
}
