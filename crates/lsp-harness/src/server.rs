//! The server under test: started on a fixture in a temporary folder,
//! initialized as an editor initializes it, sent requests and
//! notifications, and shut down. The client answers what the server asks
//! of it (`workspace/configuration` with the test's settings; anything
//! else with null).

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use flowspec_test_fixture::Fixture;
use serde_json::{Value, json};

use crate::positions::Encoding;
use crate::transport::{Received, recv, spawn_reader, timeout, write_message};
use crate::uri::uri_of_path;

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
    pub(crate) child: Child,
    pub(crate) stdin: Arc<Mutex<ChildStdin>>,
    pub(crate) messages: Receiver<Received>,
    /// Notifications received and not yet looked at.
    pub notifications: Vec<Value>,
    pub(crate) next_id: u64,
    pub root: tempfile::TempDir,
    pub encoding: Encoding,
    /// The text of each open document, as the client holds it.
    pub open: HashMap<String, (String, i32)>,
    pub capabilities: Value,
    pub(crate) settings: Arc<Mutex<Value>>,
    /// The fixture's paths, when started from one.
    pub(crate) files: Vec<String>,
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

/// The client's answer to a request from the server.
fn answer(method: &str, params: &Value, settings: &Mutex<Value>) -> Value {
    match method {
        "workspace/configuration" => {
            let count = params["items"].as_array().map_or(1, Vec::len);
            json!(vec![settings.lock().unwrap().clone(); count])
        }
        _ => Value::Null,
    }
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
        let settings = Arc::new(Mutex::new(options.settings.clone()));
        let messages = {
            let settings = settings.clone();
            spawn_reader(stdout, stdin.clone(), move |method, params| {
                answer(method, params, &settings)
            })
        };
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
        let root_uri = uri_of_path(server.root.path());
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

    pub(crate) fn recv(&mut self, deadline: Instant, what: &str) -> Value {
        recv(&self.messages, deadline, what).message
    }

    /// The next message with the size of its body.
    pub(crate) fn recv_sized(&mut self, deadline: Instant, what: &str) -> Received {
        recv(&self.messages, deadline, what)
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
        let deadline = Instant::now() + timeout();
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
        let deadline = Instant::now() + timeout();
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

    /// Writes bytes as they are, framing and all: what a broken client
    /// sends.
    pub fn send_raw(&self, bytes: &[u8]) {
        use std::io::Write;
        let mut stdin = self.stdin.lock().unwrap();
        let _ = stdin.write_all(bytes);
        let _ = stdin.flush();
    }

    /// Shuts the server down as an editor does; it must exit promptly.
    pub fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + timeout();
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
