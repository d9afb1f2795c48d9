//! The server's document and workspace handling, through the protocol:
//! opening, incremental edits (in UTF-16 and UTF-8), indexing, watched
//! files, settings, formatting, shutdown.

use flowspec_lsp_harness::{Fixture, Options, Server, apply_edits, codes};
use serde_json::{Value, json};

use crate::support::binary;
use crate::support::protocol::{
    diagnostic_tag, file_change, insert_text_format, severity, sync_kind,
};

/// Whether a diagnostics publication holds one with this code.
fn has_code(publication: &Value, code: &str) -> bool {
    publication["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == code)
}

#[test]
fn initialize_announces_the_negotiated_encoding() {
    let fixture = Fixture::parse("");
    let server = Server::start(binary(), &fixture, Options::default());
    assert_eq!(server.capabilities["positionEncoding"], "utf-16");
    assert_eq!(
        server.capabilities["textDocumentSync"]["change"],
        sync_kind::INCREMENTAL
    );
    server.shutdown();
    let server = Server::start(binary(), &fixture, Options::with_utf8(true));
    assert_eq!(server.capabilities["positionEncoding"], "utf-8");
    server.shutdown();
}

#[test]
fn diagnostics_follow_incremental_edits() {
    let fixture = Fixture::parse("//- a.flow\ncommcare -> dhis2 monthly batch\n");
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.open("a.flow");
    let d = server.diagnostics("a.flow");
    assert_eq!(
        codes(&d),
        [
            "unanswered-data",
            "unanswered-transform",
            "unanswered-volume"
        ]
    );
    let first = &d[0];
    assert_eq!(first["source"], "flowspec");
    assert_eq!(first["severity"], severity::WARNING);
    assert_eq!(
        first["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 17}})
    );
    assert!(
        first["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("diagnostics.md#unanswered-data")
    );

    // Answer the three questions, in three edits.
    let end = server.text("a.flow").trim_end().len();
    server.edit("a.flow", end, end, " {\n  data: \"visits\"\n}");
    let d = server.diagnostics("a.flow");
    assert_eq!(codes(&d), ["unanswered-transform", "unanswered-volume"]);
    let text = server.text("a.flow");
    let at = text.find("\n}").unwrap();
    server.edit("a.flow", at, at, "\n  transform: none");
    let text = server.text("a.flow");
    let at = text.find("\n}").unwrap();
    server.edit("a.flow", at, at, "\n  volume: ~50 forms/month");
    let d = server.diagnostics("a.flow");
    assert_eq!(codes(&d), Vec::<String>::new());
    server.shutdown();
}

#[test]
fn positions_after_accents_amharic_and_emoji_in_utf16_and_utf8() {
    for utf8 in [false, true] {
        let source = "//- a.flow\ntool t \"é ክ 😀\" { notes: \"😀😀\" }\nflow f: t -> dhiss2 { data: \"ክክ\" }\n";
        let fixture = Fixture::parse(source);
        let mut server = Server::start(binary(), &fixture, Options::with_utf8(utf8));
        server.open("a.flow");
        let d = server.diagnostics("a.flow");
        let unknown = d
            .iter()
            .find(|d| d["code"] == "unknown-reference")
            .expect("unknown reference");
        // `dhiss2` starts at column 13 on line 1 in every encoding (ASCII before it).
        assert_eq!(
            unknown["range"]["start"],
            json!({"line": 1, "character": 13})
        );
        // Now an edit after the multi-byte text on line 0: rename the notes.
        let text = server.text("a.flow");
        let at = text.find("😀😀").unwrap();
        server.edit("a.flow", at, at + "😀😀".len(), "ክé😀!");
        let text = server.text("a.flow");
        let at = text.find("dhiss2").unwrap();
        server.edit("a.flow", at, at + "dhiss2".len(), "dhis2");
        let d = server.diagnostics("a.flow");
        assert!(
            d.iter().all(|d| d["code"] != "unknown-reference"),
            "utf8={utf8}: {d:?}"
        );
        // The server's text equals ours: format it and compare.
        let edits = server.request(
            "textDocument/formatting",
            json!({
                "textDocument": { "uri": server.uri("a.flow") },
                "options": { "tabSize": 2, "insertSpaces": true }
            }),
        );
        let text = apply_edits(
            &server.text("a.flow"),
            edits.as_array().unwrap(),
            server.encoding,
        );
        assert_eq!(
            text,
            "tool t \"é ክ 😀\" {\n  notes: \"ክé😀!\"\n}\n\nflow f: t -> dhis2 {\n  data: \"ክክ\"\n}\n",
            "utf8={utf8}"
        );
        server.shutdown();
    }
}

#[test]
fn the_workspace_is_indexed_and_files_not_open_get_diagnostics() {
    let fixture = Fixture::parse(
        "//- tools.flow\ntool hmis \"HMIS\"\n//- sub/flows.flow\nflow f: commcare -> hmis -> nowhere\n//- node_modules/x.flow\ngarbage {{\n//- .hidden/y.flow\ngarbage {{\n",
    );
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.wait_log("indexed 2 .flow files");
    let d = server.diagnostics_where("sub/flows.flow", |_| true);
    assert!(
        codes(&d).contains(&"unknown-reference".to_string()),
        "{d:?}"
    );
    let unknown: Vec<&Value> = d
        .iter()
        .filter(|d| d["code"] == "unknown-reference")
        .collect();
    assert_eq!(
        unknown.len(),
        1,
        "hmis resolves across files; nowhere does not"
    );
    server.shutdown();
}

#[test]
fn an_open_document_wins_over_the_disk_until_it_is_closed() {
    let fixture = Fixture::parse(
        "//- tools.flow\ntool hmis \"HMIS\"\n//- flows.flow\nflow f: commcare -> hmis\n",
    );
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.wait_log("indexed 2 .flow files");
    // Rename the tool in the editor, unsaved: the flow's reference breaks.
    server.open("tools.flow");
    server.edit("tools.flow", 5, 9, "hmis2");
    let d = server.diagnostics_where("flows.flow", |p| has_code(p, "unknown-reference"));
    let unknown = d.iter().find(|d| d["code"] == "unknown-reference").unwrap();
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("Did you mean `hmis2`?"),
        "{unknown}"
    );
    // Close without saving: back to the disk's `hmis`, and the error goes.
    server.close("tools.flow");
    server.diagnostics_where("flows.flow", |p| !has_code(p, "unknown-reference"));
    server.shutdown();
}

#[test]
fn watched_files_are_followed() {
    let fixture = Fixture::parse("//- flows.flow\nflow f: commcare -> hmis\n");
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.wait_log("indexed 1 .flow files");
    server.diagnostics_where("flows.flow", |p| {
        !p["diagnostics"].as_array().unwrap().is_empty()
    });
    // Create the declaration on disk.
    std::fs::write(server.path("tools.flow"), "tool hmis \"HMIS\"\n").unwrap();
    let uri = server.uri("tools.flow");
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri, "type": file_change::CREATED }] }),
    );
    server.diagnostics_where("flows.flow", |p| !has_code(p, "unknown-reference"));
    // Delete it: the reference is unknown again.
    std::fs::remove_file(server.path("tools.flow")).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri, "type": file_change::DELETED }] }),
    );
    server.diagnostics_where("flows.flow", |p| has_code(p, "unknown-reference"));
    server.shutdown();
}

#[test]
fn settings_change_severities() {
    let fixture = Fixture::parse("//- a.flow\ncommcare -> dhis2 monthly batch\n");
    let options = Options {
        settings: json!({ "diagnostics": { "unanswered-volume": "off", "unanswered-data": "error" } }),
        ..Options::default()
    };
    let mut server = Server::start(binary(), &fixture, options);
    server.open("a.flow");
    let d = server.diagnostics_where("a.flow", |p| {
        p["diagnostics"].as_array().unwrap().len() == 2
    });
    let data = d.iter().find(|d| d["code"] == "unanswered-data").unwrap();
    assert_eq!(data["severity"], severity::ERROR);
    // Settings pushed by the client.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "flowspec": { "diagnostics": {} } } }),
    );
    server.diagnostics_where("a.flow", |p| {
        p["diagnostics"].as_array().unwrap().len() == 3
    });
    // Settings pulled after a change notification without a payload.
    server.set_client_settings(json!({ "diagnostics": { "unanswered-transform": "off" } }));
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    server.diagnostics_where("a.flow", |p| {
        let d = p["diagnostics"].as_array().unwrap();
        d.len() == 2 && !d.iter().any(|d| d["code"] == "unanswered-transform")
    });
    server.shutdown();
}

#[test]
fn formatting_a_broken_file_gives_no_edit() {
    let fixture = Fixture::parse("//- a.flow\ntool a {\n");
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.open("a.flow");
    let result = server.request(
        "textDocument/formatting",
        json!({
            "textDocument": { "uri": server.uri("a.flow") },
            "options": { "tabSize": 2, "insertSpaces": true }
        }),
    );
    assert_eq!(result, Value::Null, "no edit");
    // The log says why.
    let log = server.wait_log("not formatted");
    assert!(
        log.contains("a.flow") && log.contains("syntax error at 1:"),
        "{log}"
    );
    server.shutdown();
}

#[test]
fn every_severity_can_be_set() {
    let fixture = Fixture::parse(
        "//- a.flow
commcare -> dhis2 monthly batch
",
    );
    let options = Options {
        settings: json!({ "diagnostics": {
            "unanswered-data": "information",
            "unanswered-transform": "hint",
            "unanswered-volume": "warning"
        } }),
        ..Options::default()
    };
    let mut server = Server::start(binary(), &fixture, options);
    server.open("a.flow");
    let d = server.diagnostics("a.flow");
    let severity = |code: &str| {
        d.iter()
            .find(|d| d["code"] == code)
            .map(|d| d["severity"].clone())
    };
    assert_eq!(
        severity("unanswered-data"),
        Some(json!(severity::INFORMATION)),
        "{d:?}"
    );
    assert_eq!(
        severity("unanswered-transform"),
        Some(json!(severity::HINT)),
        "{d:?}"
    );
    assert_eq!(
        severity("unanswered-volume"),
        Some(json!(severity::WARNING)),
        "{d:?}"
    );
    server.shutdown();
}

#[test]
fn with_no_folder_the_open_files_are_the_workspace() {
    let fixture = Fixture::parse("//- a.flow\ntool x\n//- b.flow\nflow f: x -> dhis2\n");
    let mut server = Server::start(
        binary(),
        &fixture,
        Options {
            folder: false,
            ..Options::default()
        },
    );
    server.open("b.flow");
    let d = server.diagnostics("b.flow");
    assert!(
        codes(&d).contains(&"unknown-reference".to_string()),
        "a.flow is not part of it: {d:?}"
    );
    server.shutdown();
}

#[test]
fn a_file_opened_while_indexing_gets_no_false_errors() {
    // Many files to index; the file is opened right after `initialized`.
    let mut source = String::from(
        "//- flows.flow\nflow f: commcare -> hmis\n//- tools.flow\ntool hmis \"HMIS\"\n",
    );
    for i in 0..300 {
        source.push_str(&format!(
            "//- more/f{i}.flow\ntool t{i}\nflow g{i}: t{i} -> dhis2\n"
        ));
    }
    let fixture = Fixture::parse(&source);
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.open("flows.flow");
    // The first diagnostics published for the file already know `hmis`.
    let first = server.diagnostics_where("flows.flow", |_| true);
    assert_eq!(
        codes(&first),
        [
            "unanswered-data",
            "unanswered-frequency",
            "unanswered-timing",
            "unanswered-transform",
            "unanswered-volume"
        ],
        "{first:?}"
    );
    server.shutdown();
}

#[test]
fn clients_without_snippets_get_plain_text() {
    let fixture = Fixture::parse("//- a.flow\n\n");
    let mut server = Server::start(
        binary(),
        &fixture,
        Options {
            snippets: false,
            ..Options::default()
        },
    );
    server.open("a.flow");
    let items = server.request("textDocument/completion", server.at("a.flow", 0));
    let items = items["items"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| items.as_array().cloned().unwrap());
    assert!(!items.is_empty());
    for item in &items {
        assert_eq!(
            item["insertTextFormat"],
            insert_text_format::PLAIN_TEXT,
            "{item}"
        );
        let text = item["textEdit"]["newText"].as_str().unwrap_or_default();
        assert!(!text.contains("${"), "snippet syntax in plain text: {text}");
    }
    // The new-flow snippet, accepted as it is, is a valid flow: each
    // choice is its first option.
    let flow = items
        .iter()
        .find(|i| {
            i["textEdit"]["newText"]
                .as_str()
                .unwrap_or("")
                .starts_with("flow ")
        })
        .unwrap_or_else(|| panic!("a flow snippet: {items:?}"));
    let text = flow["textEdit"]["newText"].as_str().unwrap();
    assert!(text.contains("timing: realtime\n"), "{text}");
    assert!(!text.contains('|'), "{text}");
    server.edit("a.flow", 0, 0, text);
    let diagnostics = server.diagnostics("a.flow");
    assert!(
        !codes(&diagnostics).contains(&"syntax".to_string()),
        "{text}\n{diagnostics:?}"
    );
    server.shutdown();
}

#[test]
fn clients_are_asked_to_refresh_tokens_and_hints() {
    let fixture =
        Fixture::parse("//- tools.flow\nrole hmis\n//- flows.flow\nflow f: commcare -> hmis\n");
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.wait_log("indexed 2 .flow files");
    server.open("tools.flow");
    server.clear_notifications();
    // `hmis` becomes a tool: the step in the other file changes meaning.
    server.edit("tools.flow", 0, 4, "tool");
    server.wait_for("workspace/semanticTokens/refresh");
    // Turning inlay hints off asks for them again.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "flowspec": { "inlayHints": { "enabled": false } } } }),
    );
    server.wait_for("workspace/inlayHint/refresh");
    server.shutdown();
}

#[test]
fn diagnostics_carry_related_information_and_tags() {
    let fixture = Fixture::parse(
        "//- a.flow\ntool x \"X\"\ntool unused\nx -> dhis2\n//- b.flow\nrole x \"Team\"\n",
    );
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.wait_log("indexed 2 .flow files");
    server.open("a.flow");
    let d = server.diagnostics("a.flow");
    let duplicate = d
        .iter()
        .find(|d| d["code"] == "duplicate-declaration")
        .expect("a duplicate");
    let related = &duplicate["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], json!(server.uri("b.flow")));
    assert_eq!(
        related["location"]["range"]["start"],
        json!({"line": 0, "character": 5})
    );
    let unused = d
        .iter()
        .find(|d| d["code"] == "unused-declaration")
        .expect("an unused tool");
    assert_eq!(unused["tags"], json!([diagnostic_tag::UNNECESSARY]));
    assert_eq!(unused["severity"], severity::HINT);
    server.shutdown();
}

#[test]
fn workspace_folders_can_be_added_and_removed() {
    let fixture = Fixture::parse(
        "//- main/a.flow\nflow f: commcare -> hmis\n//- other/tools.flow\ntool hmis \"HMIS\"\n",
    );
    let root = tempfile::tempdir().unwrap();
    for (path, text) in &fixture.files {
        let full = root.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    // Start with the folder `main` only: open it as the workspace root.
    let main = tempfile::TempDir::new_in(root.path()).unwrap();
    std::fs::rename(root.path().join("main/a.flow"), main.path().join("a.flow")).unwrap();
    let mut server = Server::start_in(binary(), main, Options::default());
    server.wait_log("indexed 1 .flow files");
    server.diagnostics_where("a.flow", |p| has_code(p, "unknown-reference"));
    server.clear_notifications();
    let other = server.uri_of_path(&root.path().join("other"));
    server.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [{ "uri": other, "name": "other" }], "removed": [] } }),
    );
    server.diagnostics_where("a.flow", |p| !has_code(p, "unknown-reference"));
    // The steps' colours may have changed with their meaning.
    server.wait_for("workspace/semanticTokens/refresh");
    server.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [], "removed": [{ "uri": other, "name": "other" }] } }),
    );
    server.diagnostics_where("a.flow", |p| has_code(p, "unknown-reference"));
    server.shutdown();
}

#[test]
fn files_over_ten_megabytes_are_skipped_with_a_logged_reason() {
    let big = format!(
        "tool big\n{}",
        "# padding padding padding\n".repeat(420_000)
    );
    assert!(big.len() > 10 * 1024 * 1024);
    let fixture = Fixture {
        files: vec![
            ("big.flow".into(), big),
            ("small.flow".into(), "tool small\n".into()),
        ],
        ..Fixture::default()
    };
    let mut server = Server::start(binary(), &fixture, Options::default());
    let log = server.wait_log("skipped");
    assert!(log.contains("big.flow") && log.contains("10 MB"), "{log}");
    server.wait_log("indexed 1 .flow files");
    server.shutdown();
}
