//! The soak's steps, as an editor makes them: edits of open documents
//! (incremental, several changes in one notification, whole-text
//! replacements, the server's own formatting applied back), every read
//! request an editor sends, opening, saving and closing, and files created,
//! changed, renamed and deleted on disk with the watcher's events.

use std::collections::{BTreeMap, HashMap};

use flowspec_lsp_harness::{Server, edit_ranges, position};
use flowspec_test_fixture::Rng;
use serde_json::{Value, json};

use super::text;

/// `FileChangeType`.
const CREATED: u64 = 1;
const CHANGED: u64 = 2;
const DELETED: u64 = 3;

/// The most documents open at once.
const MAX_OPEN: usize = 12;

/// The state of a run besides the server's: the files on disk, what the
/// server published, what went wrong.
pub struct Soak {
    pub server: Server,
    pub rng: Rng,
    /// Files that exist on disk, by path relative to the folder.
    pub disk: Vec<String>,
    /// Files that existed and were deleted or renamed away.
    pub gone: Vec<String>,
    /// The number of files the run keeps near.
    pub files: usize,
    /// Above this many bytes, a document's edits shrink it.
    pub limit: usize,
    serial: usize,
    /// The newest `publishDiagnostics` params of each URI.
    pub latest: HashMap<String, Value>,
    /// How many steps of each kind were taken.
    pub counts: BTreeMap<&'static str, usize>,
    /// Requests sent, and error responses by method and code.
    pub requests: usize,
    pub error_responses: BTreeMap<String, usize>,
    /// What must not happen: internal errors (a handler's panic caught by
    /// the server), error logs, the server's text differing from ours.
    pub failures: Vec<String>,
    /// Warnings the server logged, by their first words.
    pub warnings: BTreeMap<String, usize>,
}

impl Soak {
    pub fn new(server: Server, seed: u64, disk: Vec<String>, limit: usize) -> Soak {
        let files = disk.len();
        Soak {
            server,
            rng: Rng::new(seed),
            disk,
            gone: Vec::new(),
            files,
            limit,
            serial: 0,
            latest: HashMap::new(),
            counts: BTreeMap::new(),
            requests: 0,
            error_responses: BTreeMap::new(),
            failures: Vec::new(),
            warnings: BTreeMap::new(),
        }
    }

    fn count(&mut self, what: &'static str) {
        *self.counts.entry(what).or_default() += 1;
    }

    /// The open documents, in a fixed order (the harness keeps a hash map).
    pub fn open_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.server.open.keys().cloned().collect();
        paths.sort();
        paths
    }

    fn pick(&mut self, paths: &[String]) -> Option<String> {
        (!paths.is_empty()).then(|| paths[self.rng.below(paths.len())].clone())
    }

    fn closed_on_disk(&self) -> Vec<String> {
        self.disk
            .iter()
            .filter(|p| !self.server.open.contains_key(*p))
            .cloned()
            .collect()
    }

    /// One random step.
    pub fn step(&mut self) {
        match self.rng.below(100) {
            0..=39 => self.edit(),
            40..=84 => self.request(),
            85..=91 => self.open_or_close(),
            92..=93 => self.save(),
            _ => self.disk_step(),
        }
    }

    /// Takes the notifications received so far: the newest diagnostics of
    /// each file, error logs as failures, warnings counted.
    pub fn drain(&mut self) {
        for n in std::mem::take(&mut self.server.notifications) {
            match n["method"].as_str() {
                Some("textDocument/publishDiagnostics") => {
                    let uri = n["params"]["uri"].as_str().unwrap_or_default().to_string();
                    self.latest.insert(uri, n["params"].clone());
                }
                Some("window/logMessage") => {
                    let message = n["params"]["message"].as_str().unwrap_or_default();
                    match n["params"]["type"].as_u64() {
                        Some(1) => self.failures.push(format!("error log: {message}")),
                        Some(2) => {
                            // Counted by what it says, without the file.
                            let what = match message.split_once(": ") {
                                Some((file, rest)) if file.starts_with("file://") => rest,
                                _ => message,
                            };
                            let head: String = what
                                .split_whitespace()
                                .take(3)
                                .collect::<Vec<_>>()
                                .join(" ");
                            *self.warnings.entry(head).or_default() += 1;
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }

    fn edit(&mut self) {
        let open = self.open_paths();
        let Some(path) = self.pick(&open) else {
            return self.open_one();
        };
        let text = self.server.text(&path);
        match self.rng.below(100) {
            0..=2 => {
                // The whole text at once (a change without a range).
                self.count("edit: whole text");
                let new = text::new_file(self.serial, self.files, Some(&text), &mut self.rng);
                self.change(&path, vec![(None, new.clone())], new);
            }
            3..=9 => {
                // Several changes in one notification, each on the text the
                // ones before it left.
                self.count("edit: several changes");
                let mut current = text;
                let mut changes = Vec::new();
                for _ in 0..2 + self.rng.below(3) {
                    let (start, end, insert) = text::edit(&current, self.limit, &mut self.rng);
                    let range = json!({
                        "start": position(&current, start, self.server.encoding),
                        "end": position(&current, end, self.server.encoding),
                    });
                    current.replace_range(start..end, &insert);
                    changes.push((Some(range), insert));
                }
                self.change(&path, changes, current);
            }
            _ => {
                self.count("edit: one change");
                let (start, end, insert) = text::edit(&text, self.limit, &mut self.rng);
                self.server.edit(&path, start, end, &insert);
            }
        }
    }

    /// Sends one `didChange` with these changes, the client's text becoming
    /// `result`.
    fn change(&mut self, path: &str, changes: Vec<(Option<Value>, String)>, result: String) {
        let version = self.server.open[path].1 + 1;
        self.server.open.insert(path.to_string(), (result, version));
        let changes: Vec<Value> = changes
            .into_iter()
            .map(|(range, text)| match range {
                Some(range) => json!({ "range": range, "text": text }),
                None => json!({ "text": text }),
            })
            .collect();
        let uri = self.server.uri(path);
        self.server.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": changes,
            }),
        );
    }

    fn open_one(&mut self) {
        let closed = self.closed_on_disk();
        if let Some(path) = self.pick(&closed) {
            self.count("didOpen");
            // As an editor shows a file that is not UTF-8: decoded lossily.
            let bytes = std::fs::read(self.server.path(&path)).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            self.server.open_with(&path, &text);
        }
    }

    fn open_or_close(&mut self) {
        let open = self.open_paths();
        if open.len() < 3 || (open.len() < MAX_OPEN && self.rng.chance(50)) {
            self.open_one();
        } else if let Some(path) = self.pick(&open) {
            self.count("didClose");
            self.server.close(&path);
        }
    }

    /// Writes an open document's text to disk, as saving does, with the
    /// watcher's event.
    pub fn save_path(&mut self, path: &str) {
        self.count("save");
        let full = self.server.path(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(&full, self.server.text(path)).unwrap();
        let kind = if self.disk.iter().any(|p| p == path) {
            CHANGED
        } else {
            self.disk.push(path.to_string());
            self.gone.retain(|p| p != path);
            CREATED
        };
        let uri = self.server.uri(path);
        self.watched(vec![(uri, kind)]);
    }

    fn save(&mut self) {
        let open = self.open_paths();
        if let Some(path) = self.pick(&open) {
            self.save_path(&path);
        }
    }

    fn watched(&mut self, events: Vec<(String, u64)>) {
        let changes: Vec<Value> = events
            .into_iter()
            .map(|(uri, kind)| json!({ "uri": uri, "type": kind }))
            .collect();
        self.server.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": changes }),
        );
    }

    /// One to four changes on disk, announced in one notification.
    fn disk_step(&mut self) {
        let mut events = Vec::new();
        let ops = if self.rng.chance(20) {
            2 + self.rng.below(3)
        } else {
            1
        };
        for _ in 0..ops {
            self.disk_op(&mut events);
        }
        if !events.is_empty() {
            self.watched(events);
        }
    }

    fn disk_op(&mut self, events: &mut Vec<(String, u64)>) {
        let n = self.disk.len();
        let op = if n < self.files * 4 / 5 {
            0
        } else if n > self.files * 6 / 5 {
            99
        } else {
            self.rng.below(100)
        };
        match op {
            0..=24 => {
                self.count("disk: create");
                self.serial += 1;
                let path = text::new_path(self.serial, &mut self.rng);
                let other = self.pick(&self.disk.clone());
                let copy = other.map(|p| self.server.text(&p));
                let mut bytes = text::new_file(
                    self.files + self.serial,
                    self.files,
                    copy.as_deref(),
                    &mut self.rng,
                )
                .into_bytes();
                if self.rng.chance(3) {
                    // Not UTF-8.
                    let at = self.rng.below(bytes.len() + 1);
                    bytes.insert(at, 0xff);
                }
                let full = self.server.path(&path);
                std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                std::fs::write(&full, bytes).unwrap();
                self.disk.push(path.clone());
                events.push((self.server.uri(&path), CREATED));
            }
            25..=59 => {
                // Open or not: an open document's text wins until closed.
                let disk = self.disk.clone();
                let Some(path) = self.pick(&disk) else { return };
                self.count("disk: change");
                let full = self.server.path(&path);
                let bytes = std::fs::read(&full).unwrap_or_default();
                let mut text = String::from_utf8_lossy(&bytes).into_owned();
                let (start, end, insert) = text::edit(&text, self.limit, &mut self.rng);
                text.replace_range(start..end, &insert);
                std::fs::write(&full, text).unwrap();
                events.push((self.server.uri(&path), CHANGED));
            }
            60..=84 => {
                let closed = self.closed_on_disk();
                let Some(from) = self.pick(&closed) else {
                    return;
                };
                self.count("disk: rename");
                self.serial += 1;
                let to = text::new_path(self.serial, &mut self.rng);
                let full = self.server.path(&to);
                std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                std::fs::rename(self.server.path(&from), &full).unwrap();
                self.disk.retain(|p| *p != from);
                self.disk.push(to.clone());
                self.gone.push(from.clone());
                events.push((self.server.uri(&from), DELETED));
                events.push((self.server.uri(&to), CREATED));
            }
            _ => {
                // Mostly closed files; sometimes one that is open.
                let candidates = if self.rng.chance(20) {
                    self.disk.clone()
                } else {
                    self.closed_on_disk()
                };
                let Some(path) = self.pick(&candidates) else {
                    return;
                };
                self.count("disk: delete");
                std::fs::remove_file(self.server.path(&path)).unwrap();
                self.disk.retain(|p| *p != path);
                self.gone.push(path.clone());
                events.push((self.server.uri(&path), DELETED));
            }
        }
    }

    fn request(&mut self) {
        let open = self.open_paths();
        let path = match self.rng.below(100) {
            0..=74 if !open.is_empty() => self.pick(&open),
            0..=94 => self.pick(&self.disk.clone()),
            _ => self.pick(&self.gone.clone()),
        };
        let Some(path) = path else {
            return self.open_one();
        };
        let text = self.server.text(&path);
        let uri = self.server.uri(&path);
        let doc = json!({ "uri": uri });
        let at = self.server.at(&path, text::offset(&text, &mut self.rng));
        let (a, b) = {
            let x = text::offset(&text, &mut self.rng);
            let y = text::offset(&text, &mut self.rng);
            (x.min(y), x.max(y))
        };
        let encoding = self.server.encoding;
        let range =
            json!({ "start": position(&text, a, encoding), "end": position(&text, b, encoding) });
        let whole = json!({ "start": position(&text, 0, encoding), "end": position(&text, text.len(), encoding) });
        let (method, params) = match self.rng.below(19) {
            0 | 1 => ("textDocument/hover", at),
            2 | 3 => ("textDocument/completion", at),
            4 => ("textDocument/definition", at),
            5 => ("textDocument/declaration", at),
            6 => {
                let mut p = at;
                p["context"] = json!({ "includeDeclaration": self.rng.chance(50) });
                ("textDocument/references", p)
            }
            7 => ("textDocument/documentHighlight", at),
            8 => ("textDocument/prepareRename", at),
            9 => {
                let mut p = at;
                p["newName"] = json!("renamed_1");
                ("textDocument/rename", p)
            }
            10 => (
                "textDocument/documentSymbol",
                json!({ "textDocument": doc }),
            ),
            11 => (
                "textDocument/semanticTokens/full",
                json!({ "textDocument": doc }),
            ),
            12 => ("textDocument/foldingRange", json!({ "textDocument": doc })),
            13 => {
                let position = at["position"].clone();
                (
                    "textDocument/selectionRange",
                    json!({ "textDocument": doc, "positions": [position] }),
                )
            }
            14 => ("textDocument/codeLens", json!({ "textDocument": doc })),
            15 => (
                "textDocument/inlayHint",
                json!({ "textDocument": doc, "range": whole }),
            ),
            16 => {
                let diagnostics = self
                    .latest
                    .get(&uri)
                    .map_or(json!([]), |p| p["diagnostics"].clone());
                (
                    "textDocument/codeAction",
                    json!({ "textDocument": doc, "range": range, "context": { "diagnostics": diagnostics } }),
                )
            }
            17 => (
                "textDocument/formatting",
                json!({ "textDocument": doc, "options": { "tabSize": 2, "insertSpaces": true } }),
            ),
            _ => match self.rng.below(3) {
                0 => (
                    "workspace/symbol",
                    json!({ "query": self.rng.pick(&["", "tool", "é", "flow_1"]) }),
                ),
                _ => ("flowspec/documentText", json!({ "uri": uri })),
            },
        };
        self.count(method);
        self.requests += 1;
        let answer = self.server.try_request(method, params);
        self.drain();
        match answer {
            Err(error) => {
                let code = error["code"].as_i64().unwrap_or(0);
                *self
                    .error_responses
                    .entry(format!("{method} {code}"))
                    .or_default() += 1;
                if code == -32603 {
                    self.failures
                        .push(format!("{method} on {path}: internal error {error}"));
                }
            }
            Ok(result) => {
                let is_open = self.server.open.contains_key(&path);
                if method == "flowspec/documentText" && (is_open || self.disk.contains(&path)) {
                    // An open document's text, or the disk's (lossily, for
                    // a file that is not UTF-8, the server holds its text
                    // up to the bad byte).
                    if is_open && result.as_str() != Some(text.as_str()) {
                        self.failures.push(format!(
                            "the server's text of {path} differs from the client's"
                        ));
                    }
                }
                if method == "textDocument/formatting" && is_open && self.rng.chance(50) {
                    // Apply the server's edits, as an editor does.
                    let edits = result.as_array().cloned().unwrap_or_default();
                    for (start, end, new_text) in edit_ranges(&text, &edits, encoding) {
                        self.server.edit(&path, start, end, &new_text);
                    }
                }
            }
        }
    }
}
