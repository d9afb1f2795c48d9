//! The client's side of documents: the text of each open document as the
//! client holds it, edits sent as incremental changes, positions and URIs
//! of fixture files, diagnostics waited for, and workspace edits read back
//! into byte ranges.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use flowspec_test_fixture::Fixture;
use serde_json::{Value, json};

use crate::Server;
use crate::positions::{byte_range, edit_ranges, position};
use crate::transport::timeout;
use crate::uri::{percent_decode, uri_of_path};

/// A range of a fixture's file, labelled: `(path, range, label)`.
pub type Mark = (String, Value, String);

impl Server {
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.path().join(relative)
    }

    pub fn uri_of_path(&self, path: &std::path::Path) -> String {
        uri_of_path(path)
    }

    pub fn uri(&self, relative: &str) -> String {
        self.uri_of_path(&self.path(relative))
    }

    /// The path, relative to the workspace folder, of a URI the server sent
    /// (percent-decoded, so that any escaping of the same path matches).
    /// When the server was started from a fixture, it must be one of its
    /// files.
    pub fn relative(&self, uri: &str) -> String {
        let decoded = percent_decode(uri);
        let root = percent_decode(&self.uri_of_path(self.root.path()));
        let path = decoded
            .strip_prefix(&root)
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or_else(|| panic!("{decoded} is not in the workspace folder"));
        if !self.files.is_empty() {
            assert!(
                self.files.iter().any(|p| p == path),
                "{decoded} is no file of the fixture"
            );
        }
        path.to_string()
    }

    /// The byte ranges and new texts of a `WorkspaceEdit`, per file, of each
    /// file's current text, last first (see [`edit_ranges`]). Either form:
    /// `changes`, or `documentChanges` (text edits only), whose version must
    /// be the open document's current one, or null for a file not open.
    /// A file with an empty list of edits is left out.
    pub fn workspace_edit_ranges(
        &self,
        edit: &Value,
    ) -> BTreeMap<String, Vec<(usize, usize, String)>> {
        let mut per_file: Vec<(String, &Value)> = Vec::new();
        if let Some(document_changes) = edit["documentChanges"].as_array() {
            assert!(
                edit.get("changes").is_none(),
                "changes and documentChanges together: {edit}"
            );
            for change in document_changes {
                let document = &change["textDocument"];
                let uri = document["uri"]
                    .as_str()
                    .unwrap_or_else(|| panic!("a text document edit: {change}"));
                let path = self.relative(uri);
                let expected = self.open.get(&path).map(|(_, v)| json!(v));
                assert_eq!(
                    document["version"],
                    expected.unwrap_or(Value::Null),
                    "the version of {path} in {edit}"
                );
                per_file.push((path, &change["edits"]));
            }
        } else {
            let changes = edit["changes"]
                .as_object()
                .unwrap_or_else(|| panic!("a workspace edit with changes: {edit}"));
            for (uri, edits) in changes {
                per_file.push((self.relative(uri), edits));
            }
        }
        let mut out = BTreeMap::new();
        for (path, edits) in per_file {
            let edits = edits
                .as_array()
                .unwrap_or_else(|| panic!("a list of edits: {edits}"));
            let ranges = edit_ranges(&self.text(&path), edits, self.encoding);
            if !ranges.is_empty() {
                assert!(out.insert(path, ranges).is_none(), "one file twice: {edit}");
            }
        }
        out
    }

    /// Applies a `WorkspaceEdit` for an open document through
    /// `didChange`, one change per edit, last first, as an editor does.
    pub fn apply_workspace_edit(&mut self, relative: &str, edit: &Value) {
        let ranges = self
            .workspace_edit_ranges(edit)
            .remove(relative)
            .unwrap_or_default();
        for (start, end, new_text) in ranges {
            self.edit(relative, start, end, &new_text);
        }
    }

    /// Opens a file of the workspace folder with its text on disk.
    pub fn open(&mut self, relative: &str) {
        let text = std::fs::read_to_string(self.path(relative)).unwrap_or_default();
        self.open_with(relative, &text);
    }

    pub fn open_with(&mut self, relative: &str, text: &str) {
        let uri = self.uri(relative);
        self.open
            .insert(relative.to_string(), (text.to_string(), 1));
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "flow", "version": 1, "text": text } }),
        );
    }

    pub fn close(&mut self, relative: &str) {
        let uri = self.uri(relative);
        self.open.remove(relative);
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }

    /// Replaces bytes `start..end` of an open document with `text`, as an
    /// incremental change, and returns the new version.
    pub fn edit(&mut self, relative: &str, start: usize, end: usize, text: &str) -> i32 {
        let (current, version) = self
            .open
            .get(relative)
            .cloned()
            .expect("the document is open");
        let range = json!({
            "start": position(&current, start, self.encoding),
            "end": position(&current, end, self.encoding),
        });
        let mut next = current.clone();
        next.replace_range(start..end, text);
        let version = version + 1;
        self.open.insert(relative.to_string(), (next, version));
        let uri = self.uri(relative);
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": range, "text": text }]
            }),
        );
        version
    }

    /// The text the server holds for a document (`flowspec/documentText`).
    pub fn held_text(&mut self, relative: &str) -> String {
        let uri = self.uri(relative);
        let text = self.request("flowspec/documentText", json!({ "uri": uri }));
        text.as_str()
            .unwrap_or_else(|| panic!("the text of {relative}: {text}"))
            .to_string()
    }

    /// The text of an open document as the client holds it.
    pub fn text(&self, relative: &str) -> String {
        match self.open.get(relative) {
            Some((text, _)) => text.clone(),
            None => std::fs::read_to_string(self.path(relative)).unwrap_or_default(),
        }
    }

    /// `{ textDocument, position }` for a byte offset in a file.
    pub fn at(&self, relative: &str, offset: usize) -> Value {
        let text = self.text(relative);
        json!({
            "textDocument": { "uri": self.uri(relative) },
            "position": position(&text, offset, self.encoding),
        })
    }

    /// Waits for diagnostics of a file that satisfy `ready`, and returns them.
    pub fn diagnostics_where(
        &mut self,
        relative: &str,
        ready: impl Fn(&Value) -> bool,
    ) -> Vec<Value> {
        let uri = self.uri(relative);
        let deadline = Instant::now() + timeout();
        let matches = |n: &Value| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == json!(uri)
        };
        loop {
            // The newest publication for this file counts.
            if let Some(n) = self.notifications.iter().rev().find(|n| matches(n))
                && ready(&n["params"])
            {
                return n["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            let message = self.recv(deadline, &format!("diagnostics of {relative}"));
            if message.get("method").is_some() && message.get("id").is_none() {
                self.notifications.push(message);
            }
        }
    }

    /// Waits for the diagnostics of a document at `version` and returns when
    /// the client had read them and when it had parsed them, for timing: the
    /// publication is not kept (see [`Server::diagnostics_where`] to look at
    /// it).
    pub fn publication_time(&mut self, relative: &str, version: i32) -> (Instant, Instant) {
        let uri = json!(self.uri(relative));
        let deadline = Instant::now() + timeout();
        loop {
            let received = self.recv_sized(deadline, &format!("diagnostics of {relative}"));
            let message = &received.message;
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                if message["params"]["version"] == json!(version) {
                    return (received.read, received.at);
                }
            } else if message.get("method").is_some() && message.get("id").is_none() {
                self.notifications.push(received.message);
            }
        }
    }

    /// The diagnostics of an open document for its current version.
    pub fn diagnostics(&mut self, relative: &str) -> Vec<Value> {
        let version = self.open.get(relative).map(|(_, v)| *v);
        self.diagnostics_where(relative, |p| match version {
            Some(v) => p["version"].as_i64() == Some(i64::from(v)),
            None => true,
        })
    }

    /// Forgets the notifications received so far.
    pub fn clear_notifications(&mut self) {
        self.notifications.clear();
    }

    /// Waits for a `window/logMessage` containing `text`.
    pub fn wait_log(&mut self, text: &str) -> String {
        let deadline = Instant::now() + timeout();
        loop {
            if let Some(n) = self.notifications.iter().find(|n| {
                n["method"] == "window/logMessage"
                    && n["params"]["message"]
                        .as_str()
                        .is_some_and(|m| m.contains(text))
            }) {
                return n["params"]["message"].as_str().unwrap().to_string();
            }
            let message = self.recv(deadline, &format!("a log containing {text:?}"));
            if message.get("method").is_some() && message.get("id").is_none() {
                self.notifications.push(message);
            }
        }
    }

    /// A fixture's marker as an empty range, labelled with its name.
    pub fn cursor(&self, fixture: &Fixture, marker: &str) -> Mark {
        let (path, offset) = fixture.marker(marker);
        let at = position(&self.text(&path), offset, self.encoding);
        (path, json!({ "start": at, "end": at }), marker.to_string())
    }

    /// Every file of the fixture as the client holds it, each after a
    /// `//- path` line, with its marks under their lines (see [`annotate`]).
    pub fn annotate_files(&self, fixture: &Fixture, marks: &[Mark]) -> String {
        let files: Vec<(String, String)> = fixture
            .files
            .iter()
            .map(|(path, _)| (path.clone(), self.text(path)))
            .collect();
        let marks: Vec<flowspec_test_fixture::Mark> = marks
            .iter()
            .map(|(path, range, label)| {
                let text = &files.iter().find(|(p, _)| p == path).map_or("", |f| &f.1);
                (
                    path.clone(),
                    byte_range(text, range, self.encoding),
                    label.clone(),
                )
            })
            .collect();
        flowspec_test_fixture::annotate_files(&files, &marks)
    }
}

/// The codes of diagnostics, sorted.
pub fn codes(diagnostics: &[Value]) -> Vec<String> {
    let mut codes: Vec<String> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}
