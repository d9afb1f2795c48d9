//! Rename and prepare rename, through the protocol: a tool renamed in every
//! file (open or not), with accents, Amharic and emoji before the names, in
//! UTF-16 and UTF-8; the edit applied as an editor would, after which the
//! server reports exactly the diagnostics it reported before; `changes` or
//! versioned `documentChanges` as the client supports; refusals as error
//! answers. What may be renamed to what: `flowspec-analysis`'s
//! `tests/it/ide/rename.rs`.

use std::collections::BTreeMap;

use flowspec_lsp_harness::{Fixture, Options, Server, codes};
use flowspec_test_fixture::designs::MINISTRY;
use serde_json::json;

use crate::support::binary;
use crate::support::protocol::error_code;
use crate::support::protocol::file_change;

fn start(fixture: &Fixture, utf8: bool) -> Server {
    Server::start_indexed(binary(), fixture, Options::with_utf8(utf8))
}

/// Every file of the fixture after the edit, as the client holds it.
fn applied(
    server: &Server,
    fixture: &Fixture,
    edits: &BTreeMap<String, Vec<(usize, usize, String)>>,
) -> String {
    let mut out = String::new();
    for (path, _) in &fixture.files {
        let mut text = server.text(path);
        for (start, end, new_text) in edits.get(path).into_iter().flatten() {
            text.replace_range(start..end, new_text);
        }
        let state = if edits.contains_key(path) {
            "edited"
        } else {
            "unchanged"
        };
        let open = if server.open.contains_key(path) {
            "open"
        } else {
            "not open"
        };
        out.push_str(&format!("//- {path} ({open}, {state})\n{text}"));
    }
    out
}

#[test]
fn renaming_a_tool_edits_every_file_and_leaves_no_broken_reference() {
    let fixture = Fixture::parse(MINISTRY);
    let mut results = Vec::new();
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        server.open("tools.flow");
        server.open("monthly.flow");
        let mut before = BTreeMap::new();
        for path in ["tools.flow", "monthly.flow"] {
            before.insert(path, codes(&server.diagnostics(path)));
        }
        before.insert(
            "weekly.flow",
            codes(&server.diagnostics_where("weekly.flow", |_| true)),
        );
        assert!(
            before.values().flatten().all(|c| c != "unknown-reference"),
            "{before:?}"
        );
        assert!(!before["weekly.flow"].is_empty(), "so that it is published");

        let (path, at) = fixture.marker("$0");
        let mut params = server.at(&path, at);
        params["newName"] = json!("moh_hmis");
        let edit = server.request("textDocument/rename", params);
        let edits = server.workspace_edit_ranges(&edit);
        assert_eq!(edits.values().map(Vec::len).sum::<usize>(), 5, "{edit}");
        results.push(applied(&server, &fixture, &edits));

        // Apply it as an editor does: open documents through changes, the
        // other file on disk, then a watched-file notification.
        server.clear_notifications();
        for path in ["tools.flow", "monthly.flow"] {
            for (start, end, new_text) in &edits[path] {
                server.edit(path, *start, *end, new_text);
            }
        }
        let mut weekly = server.text("weekly.flow");
        for (start, end, new_text) in &edits["weekly.flow"] {
            weekly.replace_range(start..end, new_text);
        }
        std::fs::write(server.path("weekly.flow"), &weekly).unwrap();
        let uri = server.uri("weekly.flow");
        server.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": uri, "type": file_change::CHANGED }] }),
        );
        // Each open document at its new version (a later publication may
        // follow an intermediate one, so wait for the expected state: a
        // wrong edit never reaches it and times out).
        for path in ["tools.flow", "monthly.flow"] {
            let version = server.open[path].1;
            let expected = before[path].clone();
            server.diagnostics_where(path, |p| {
                p["version"] == json!(version)
                    && codes(p["diagnostics"].as_array().unwrap()) == expected
            });
        }
        // The file that is not open: a publication after the edit with the
        // same diagnostics as before (a missed step would stay unknown).
        let expected = before["weekly.flow"].clone();
        server.diagnostics_where("weekly.flow", |p| {
            codes(p["diagnostics"].as_array().unwrap()) == expected
        });
        server.shutdown();
    }
    assert_eq!(results[0], results[1], "UTF-16 and UTF-8 agree");
    insta::assert_snapshot!("rename_tool_across_files", results[0]);
}

/// A client that supports `documentChanges` gets the same edits, each
/// file's naming the version of the text they were made for: the current
/// version of an open document (here edited once), null for a file read
/// from disk.
#[test]
fn a_client_with_document_changes_gets_versioned_edits() {
    let fixture = Fixture::parse(MINISTRY);
    let mut applied_by = Vec::new();
    for document_changes in [false, true] {
        let options = Options {
            capabilities: json!({
                "workspace": { "workspaceEdit": { "documentChanges": document_changes } }
            }),
            ..Options::default()
        };
        let mut server = Server::start_indexed(binary(), &fixture, options);
        server.open("tools.flow");
        server.open("monthly.flow");
        let end = server.text("monthly.flow").len();
        let version = server.edit("monthly.flow", end, end, "# edited\n");
        assert_eq!(version, 2);
        server.diagnostics("monthly.flow");

        let (path, at) = fixture.marker("$0");
        let mut params = server.at(&path, at);
        params["newName"] = json!("moh_hmis");
        let edit = server.request("textDocument/rename", params);
        if document_changes {
            assert!(edit.get("changes").is_none(), "{edit}");
            let versions: BTreeMap<String, serde_json::Value> = edit["documentChanges"]
                .as_array()
                .unwrap_or_else(|| panic!("documentChanges: {edit}"))
                .iter()
                .map(|c| {
                    let document = &c["textDocument"];
                    (
                        server.relative(document["uri"].as_str().unwrap()),
                        document["version"].clone(),
                    )
                })
                .collect();
            let expected: BTreeMap<String, serde_json::Value> = [
                ("monthly.flow", json!(2)),
                ("tools.flow", json!(1)),
                ("weekly.flow", json!(null)),
            ]
            .into_iter()
            .map(|(p, v)| (p.to_string(), v))
            .collect();
            assert_eq!(versions, expected, "{edit}");
        } else {
            assert!(edit.get("documentChanges").is_none(), "{edit}");
        }
        // (workspace_edit_ranges also checks each version against the
        // client's own.)
        let edits = server.workspace_edit_ranges(&edit);
        applied_by.push(applied(&server, &fixture, &edits));
        server.shutdown();
    }
    assert_eq!(applied_by[0], applied_by[1], "the same edits either way");
    assert!(
        applied_by[1].contains("moh_hmis -> dhis2 weekly\n# edited"),
        "{}",
        applied_by[1]
    );
}

#[test]
fn prepare_rename_gives_the_name_and_a_placeholder() {
    let fixture = Fixture::parse(
        r#"//- tools.flow
role clerk "ጸሐፊ 😀" tool hm$0is "é" { kind: mis }
//- flows.flow
flow monthly: commcare -> clerk -> hmis { data: "😀" } flow week$1ly: cle$2rk -> hmis$3 daily
"#,
    );
    let mut renders = Vec::new();
    for utf8 in [false, true] {
        let mut server = start(&fixture, utf8);
        server.open("flows.flow");
        let mut marks = Vec::new();
        for marker in ["$0", "$1", "$2", "$3"] {
            let (path, at) = fixture.marker(marker);
            let found = server.request("textDocument/prepareRename", server.at(&path, at));
            let label = format!(
                "{marker}: placeholder `{}`",
                found["placeholder"].as_str().unwrap()
            );
            marks.push((path, found["range"].clone(), label));
            marks.push(server.cursor(&fixture, marker));
        }
        renders.push(server.annotate_files(&fixture, &marks));
        server.shutdown();
    }
    assert_eq!(renders[0], renders[1], "UTF-16 and UTF-8 agree");
    insta::assert_snapshot!("prepare_rename", renders[0]);
}

/// Refusals are error answers: `RequestFailed` with the analysis's
/// message where the cursor is on nothing renamable or the new name is
/// taken, `InvalidParams` for a name that is not a name; the server goes
/// on. (Every refusal and its message: `ide/rename.rs` of the analysis.)
#[test]
fn refusals_are_error_answers_with_their_message() {
    let fixture = Fixture::parse(
        "//- tools.flow\ntool hm$0is \"HMIS\" role clerk\n# a comme$1nt\n//- flows.flow\nflow monthly: commcare -> clerk -> hmis -> dhis2\n",
    );
    let mut server = start(&fixture, false);
    server.open("tools.flow");
    let (path, comment) = fixture.marker("$1");
    let error = server
        .try_request("textDocument/prepareRename", server.at(&path, comment))
        .expect_err("a refusal");
    assert_eq!(error["code"], error_code::REQUEST_FAILED, "{error}");
    assert_eq!(
        error["message"],
        "This is a comment: only tool, role, flow, record and field names can be renamed."
    );
    // `rename` itself refuses the same way.
    let mut params = server.at(&path, comment);
    params["newName"] = json!("other");
    let again = server
        .try_request("textDocument/rename", params)
        .expect_err("a refusal");
    assert_eq!(again, error);
    let (path, hmis) = fixture.marker("$0");
    for (new_name, code) in [
        ("moh hmis", error_code::INVALID_PARAMS),
        ("ሰላም", error_code::INVALID_PARAMS),
        ("clerk", error_code::REQUEST_FAILED),
    ] {
        let mut params = server.at(&path, hmis);
        params["newName"] = json!(new_name);
        let error = server
            .try_request("textDocument/rename", params)
            .expect_err("a refusal");
        assert_eq!(error["code"], code, "{new_name}: {error}");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("`{new_name}`")),
            "{error}"
        );
    }
    // Nothing changed meanwhile; a free name still works.
    let mut params = server.at(&path, hmis);
    params["newName"] = json!("moh-hmis");
    let edit = server.request("textDocument/rename", params);
    let edits = server.workspace_edit_ranges(&edit);
    assert_eq!(edits.values().map(Vec::len).sum::<usize>(), 2);
    server.shutdown();
}
