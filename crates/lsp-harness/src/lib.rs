//! A language-server client for tests and benchmarks: it starts the real
//! `flowspec lsp` binary, speaks JSON-RPC to it over stdio as an editor
//! does, and answers the requests the server sends back (settings, watcher
//! registration). Every wait has a timeout: a test fails, it never hangs.
//!
//! Fixtures hold one or more files, each introduced by a `//- path` line,
//! with cursor markers `$0` … `$9` in the text:
//!
//! ```text
//! //- tools.flow
//! tool commcare "CommCare"
//! //- flows.flow
//! flow f: comm$0care -> dhis2
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod pipeline;
pub use pipeline::{Answer, CONTENT_MODIFIED, REQUEST_CANCELLED};

pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The example of the product design (LANGUAGE.md), verbatim: the fixture
/// the diagnostics snapshots also read.
pub const LANGUAGE_EXAMPLE: &str =
    include_str!("../../../tests/fixtures/diagnostics/language-example.flow");

/// Files and cursor markers.
#[derive(Debug, Clone, Default)]
pub struct Fixture {
    pub files: Vec<(String, String)>,
    /// `$0` → (file, byte offset).
    pub markers: HashMap<String, (String, usize)>,
}

impl Fixture {
    pub fn parse(source: &str) -> Fixture {
        let mut fixture = Fixture::default();
        let mut current: Option<(String, String)> = None;
        let single = !source.trim_start().starts_with("//-");
        if single {
            current = Some(("test.flow".to_string(), String::new()));
        }
        for line in source.split_inclusive('\n') {
            if let Some(path) = line.strip_prefix("//- ") {
                if let Some(done) = current.take() {
                    fixture.files.push(done);
                }
                current = Some((path.trim().to_string(), String::new()));
            } else if let Some((_, text)) = current.as_mut() {
                text.push_str(line);
            }
        }
        if let Some(done) = current.take() {
            fixture.files.push(done);
        }
        // Markers are removed in text order, so each offset is where the
        // marker stands in the text without any marker.
        for (path, text) in &mut fixture.files {
            loop {
                let next = (0..10)
                    .filter_map(|n| text.find(&format!("${n}")).map(|at| (at, n)))
                    .min();
                let Some((at, n)) = next else { break };
                text.replace_range(at..at + 2, "");
                fixture.markers.insert(format!("${n}"), (path.clone(), at));
            }
        }
        fixture
    }

    pub fn text(&self, path: &str) -> &str {
        &self
            .files
            .iter()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("no file {path} in the fixture"))
            .1
    }

    pub fn marker(&self, name: &str) -> (String, usize) {
        self.markers
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("no marker {name} in the fixture"))
    }
}

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Byte offsets where lines start: after `\n`, `\r\n` or a lone `\r`, as
/// the protocol defines lines.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// The line and column of a byte offset, in an encoding.
pub fn position(text: &str, offset: usize, encoding: Encoding) -> Value {
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    let before = &text[starts[line]..offset];
    let col: usize = match encoding {
        Encoding::Utf8 => before.len(),
        Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
    };
    json!({ "line": line, "character": col })
}

/// The byte offset of a protocol position in a text (clamped).
pub fn offset(text: &str, position: &Value, encoding: Encoding) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let col = position["character"].as_u64().unwrap() as usize;
    let starts = line_starts(text);
    let Some(&start) = starts.get(line) else {
        return text.len();
    };
    let end = starts.get(line + 1).copied().unwrap_or(text.len());
    let line_text = text[start..end].trim_end_matches(['\n', '\r']);
    let mut counted = 0;
    for (i, c) in line_text.char_indices() {
        if counted >= col {
            return start + i;
        }
        counted += match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
    }
    start + line_text.len()
}

/// The byte ranges and new texts of LSP `TextEdit`s on `text`, last first,
/// so that each applies as is to what the ones before it left. The ranges
/// are of `text` itself, as the protocol defines them; several inserts at
/// one position keep their order. Overlapping edits fail the test.
pub fn edit_ranges(text: &str, edits: &[Value], encoding: Encoding) -> Vec<(usize, usize, String)> {
    let mut ranges: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], encoding),
                offset(text, &e["range"]["end"], encoding),
                e["newText"]
                    .as_str()
                    .unwrap_or_else(|| panic!("an edit without newText: {e}"))
                    .to_string(),
            )
        })
        .collect();
    // Sorting is stable: reversing first puts the later of two edits at one
    // position first, so that the earlier one's text ends up before it.
    ranges.reverse();
    ranges.sort_by_key(|(start, ..)| std::cmp::Reverse(*start));
    for pair in ranges.windows(2) {
        assert!(pair[1].1 <= pair[0].0, "overlapping edits: {pair:?}");
    }
    ranges
}

/// `text` after LSP `TextEdit`s (their ranges all of `text`).
pub fn apply_edits(text: &str, edits: &[Value], encoding: Encoding) -> String {
    let ranges = edit_ranges(text, edits, encoding);
    let mut text = text.to_string();
    for (start, end, new_text) in ranges {
        text.replace_range(start..end, &new_text);
    }
    text
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

/// A URI with its `%XX` escapes decoded.
fn percent_decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = uri.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

pub struct Options {
    /// Offer UTF-8 positions (the server then picks them).
    pub utf8: bool,
    /// The `flowspec` settings section the client answers with.
    pub settings: Value,
    /// Open the workspace folder (else: no folder, files opened alone).
    pub folder: bool,
    /// Whether the client supports snippets in completion.
    pub snippets: bool,
    /// Client capabilities merged over the harness's own (objects merge,
    /// anything else replaces), e.g. `{"textDocument": {"definition":
    /// {"linkSupport": true}}}`.
    pub capabilities: Value,
}

impl Options {
    /// The defaults, offering UTF-8 positions or not.
    pub fn with_utf8(utf8: bool) -> Options {
        Options {
            utf8,
            ..Options::default()
        }
    }
}

impl Default for Options {
    fn default() -> Options {
        Options {
            utf8: false,
            settings: json!({}),
            folder: true,
            snippets: true,
            capabilities: json!({}),
        }
    }
}

pub struct Server {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    messages: Receiver<Value>,
    /// Notifications received and not yet looked at.
    pub notifications: Vec<Value>,
    next_id: u64,
    pub root: tempfile::TempDir,
    pub encoding: Encoding,
    /// The text of each open document, as the client holds it.
    pub open: HashMap<String, (String, i32)>,
    pub capabilities: Value,
    settings: Arc<Mutex<Value>>,
    /// The fixture's paths, when started from one.
    files: Vec<String>,
}

/// Merges `over` into `base`: objects key by key, anything else replaces.
fn merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(base), Value::Object(over)) => {
            for (key, value) in over {
                merge(base.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
        (base, over) => *base = over.clone(),
    }
}

fn write_message(stdin: &Mutex<ChildStdin>, message: &Value) {
    let body = message.to_string();
    let mut stdin = stdin.lock().unwrap();
    // A server that exited makes this fail; the next wait reports it.
    let _ = write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len());
    let _ = stdin.flush();
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(n) = header.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Server {
    /// Writes the fixture's files to a temporary folder, starts the server
    /// there, and initializes it.
    pub fn start(binary: &Path, fixture: &Fixture, options: Options) -> Server {
        let root = tempfile::tempdir().expect("a temporary folder");
        for (path, text) in &fixture.files {
            let full = root.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        let mut server = Server::start_in(binary, root, options);
        server.files = fixture.files.iter().map(|(p, _)| p.clone()).collect();
        server
    }

    /// Starts the server on a fixture and waits until it has indexed the
    /// workspace folder.
    pub fn start_indexed(binary: &Path, fixture: &Fixture, options: Options) -> Server {
        let mut server = Server::start(binary, fixture, options);
        server.wait_log("indexed");
        server
    }

    /// Starts the server on a fixture, waits until it has indexed the
    /// folder (its settings are read before), then opens every file of the
    /// fixture, in order.
    pub fn start_opened(binary: &Path, fixture: &Fixture, options: Options) -> Server {
        let mut server = Server::start_indexed(binary, fixture, options);
        for (path, _) in &fixture.files {
            server.open(path);
        }
        server
    }

    pub fn start_in(binary: &Path, root: tempfile::TempDir, options: Options) -> Server {
        let mut child = Command::new(binary)
            .args(["lsp", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let stdin = Arc::new(Mutex::new(child.stdin.take().unwrap()));
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = channel();
        let settings = Arc::new(Mutex::new(options.settings.clone()));
        {
            let stdin = stdin.clone();
            let settings = settings.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stdout);
                while let Some(message) = read_message(&mut reader) {
                    // Answer what the server asks of the client.
                    if let (Some(id), Some(method)) =
                        (message.get("id"), message["method"].as_str())
                    {
                        let result = match method {
                            "workspace/configuration" => {
                                let count =
                                    message["params"]["items"].as_array().map_or(1, Vec::len);
                                json!(vec![settings.lock().unwrap().clone(); count])
                            }
                            _ => Value::Null,
                        };
                        write_message(
                            &stdin,
                            &json!({"jsonrpc": "2.0", "id": id, "result": result}),
                        );
                    }
                    if tx.send(message).is_err() {
                        return;
                    }
                }
            });
        }
        let mut server = Server {
            child,
            stdin,
            messages,
            notifications: Vec::new(),
            next_id: 1,
            root,
            encoding: if options.utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            open: HashMap::new(),
            capabilities: Value::Null,
            settings,
            files: Vec::new(),
        };
        let root_uri = server.uri_of_path(server.root.path());
        let mut encodings = vec!["utf-16"];
        if options.utf8 {
            encodings.insert(0, "utf-8");
        }
        let folders = if options.folder {
            json!([{ "uri": root_uri, "name": "fixture" }])
        } else {
            Value::Null
        };
        let mut capabilities = json!({
            "general": { "positionEncodings": encodings },
            "workspace": {
                "configuration": true,
                "didChangeWatchedFiles": { "dynamicRegistration": true },
                "workspaceFolders": true,
                "semanticTokens": { "refreshSupport": true },
                "inlayHint": { "refreshSupport": true }
            },
            "textDocument": {
                "publishDiagnostics": { "relatedInformation": true, "versionSupport": true },
                "hover": { "contentFormat": ["markdown", "plaintext"] },
                "completion": { "completionItem": { "snippetSupport": options.snippets } },
                "rename": { "prepareSupport": true }
            }
        });
        merge(&mut capabilities, &options.capabilities);
        let result = server.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": if options.folder { json!(root_uri) } else { Value::Null },
                "workspaceFolders": folders,
                "capabilities": capabilities,
            }),
        );
        let negotiated = result["capabilities"]["positionEncoding"]
            .as_str()
            .unwrap_or("utf-16");
        server.encoding = if negotiated == "utf-8" {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        server.capabilities = result["capabilities"].clone();
        server.notify("initialized", json!({}));
        server
    }

    /// The server's process id (to read its memory).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn set_client_settings(&self, settings: Value) {
        *self.settings.lock().unwrap() = settings;
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.path().join(relative)
    }

    pub fn uri_of_path(&self, path: &Path) -> String {
        let mut uri = String::from("file://");
        for c in path.to_string_lossy().chars() {
            match c {
                'A'..='Z' | 'a'..='z' | '0'..='9' | '/' | '-' | '_' | '.' | '~' => uri.push(c),
                other => {
                    let mut buf = [0u8; 4];
                    for b in other.encode_utf8(&mut buf).bytes() {
                        uri.push_str(&format!("%{b:02X}"));
                    }
                }
            }
        }
        uri
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

    fn recv(&mut self, deadline: Instant, what: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {what}"),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the server exited while waiting for {what}")
            }
        }
    }

    /// Sends a request and waits for its response; `Err` holds a protocol
    /// error.
    pub fn try_request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        write_message(
            &self.stdin,
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        );
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.recv(deadline, method);
            if message.get("method").is_none() && message["id"] == json!(id) {
                return match message.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(message["result"].clone()),
                };
            }
            // Notifications, and requests the server sent us (already
            // answered by the reader thread).
            if message.get("method").is_some() {
                self.notifications.push(message);
            }
        }
    }

    /// Waits for a message from the server with this method.
    pub fn wait_for(&mut self, method: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self
                .notifications
                .iter()
                .position(|n| n["method"] == method)
            {
                return self.notifications.remove(i);
            }
            let message = self.recv(deadline, method);
            if message.get("method").is_some() {
                self.notifications.push(message);
            }
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.try_request(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        write_message(
            &self.stdin,
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        );
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
        let deadline = Instant::now() + TIMEOUT;
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
        let deadline = Instant::now() + TIMEOUT;
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
        let mut out = String::new();
        for (path, _) in &fixture.files {
            let mine: Vec<(Value, String)> = marks
                .iter()
                .filter(|(p, ..)| p == path)
                .map(|(_, r, l)| (r.clone(), l.clone()))
                .collect();
            out.push_str(&format!("//- {path}\n"));
            out.push_str(&annotate(&self.text(path), &mine, self.encoding));
        }
        out
    }

    /// Shuts the server down as an editor does; it must exit promptly.
    pub fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    assert!(status.success(), "the server exited with {status}");
                    return;
                }
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                _ => panic!("the server did not exit after `exit`"),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A range of a fixture's file, labelled: `(path, range, label)`.
pub type Mark = (String, Value, String);

/// Renders a text with ranges marked under their lines, for snapshots:
///
/// ```text
/// flow f: commcare -> dhis2
///         ^^^^^^^^ definition
/// ```
pub fn annotate(text: &str, marks: &[(Value, String)], encoding: Encoding) -> String {
    let starts = line_starts(text);
    let mut out = String::new();
    for (n, &line_start) in starts.iter().enumerate() {
        let next = starts.get(n + 1).copied().unwrap_or(text.len());
        let line = text[line_start..next].trim_end_matches(['\n', '\r']);
        if line_start == text.len() && line.is_empty() {
            break;
        }
        let line_end = line_start + line.len();
        out.push_str(line);
        out.push('\n');
        for (range, label) in marks {
            let start = offset(text, &range["start"], encoding);
            let end = offset(text, &range["end"], encoding);
            if start < line_start || start > line_end {
                continue;
            }
            let col = text[line_start..start].chars().count();
            let width = text[start..end.min(line_end).max(start)]
                .chars()
                .count()
                .max(1);
            let more = if end > line_end { "…" } else { "" };
            out.push_str(&format!(
                "{}{}{more} {label}\n",
                " ".repeat(col),
                "^".repeat(width)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_in_any_order() {
        let f = Fixture::parse("a$1b$0c");
        assert_eq!(f.text("test.flow"), "abc");
        assert_eq!(f.marker("$1").1, 1);
        assert_eq!(f.marker("$0").1, 2);
    }

    #[test]
    fn edits_apply_to_the_original_text_inserts_in_order() {
        let edit = |line: u32, start: u32, end: u32, text: &str| {
            json!({ "range": { "start": { "line": line, "character": start },
                               "end": { "line": line, "character": end } },
                    "newText": text })
        };
        // Out of order, two inserts at one position, after an emoji.
        let edits = [
            edit(1, 3, 4, "Z"),
            edit(0, 1, 1, "a"),
            edit(0, 1, 1, "b"),
            edit(0, 0, 1, ""),
        ];
        assert_eq!(
            apply_edits("xy\n😀cd", &edits, Encoding::Utf16),
            "aby\n😀cZ"
        );
    }

    #[test]
    fn uris_are_percent_decoded() {
        assert_eq!(
            percent_decode("file:///a%20b/%C3%A9.flow"),
            "file:///a b/é.flow"
        );
        assert_eq!(percent_decode("file:///a%2"), "file:///a%2");
    }

    #[test]
    fn annotates_crlf_text() {
        let text = "ab\r\ncd";
        let range =
            json!({ "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 2 } });
        assert_eq!(
            annotate(text, &[(range, "x".into())], Encoding::Utf16),
            "ab\ncd\n^^ x\n"
        );
    }
}
