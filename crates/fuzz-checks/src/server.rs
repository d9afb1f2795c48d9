//! The `server_messages` target: the language server's message handling, fed
//! through in-memory pipes the way an editor feeds stdio. The input becomes a
//! session: initialize (with a fuzzed position encoding), a document opened,
//! then a run of messages — requests with valid-looking params (positions
//! out of range, documents never opened), requests and notifications with
//! arbitrary params (wrong types, missing fields), edits, cancellations and
//! raw bodies that may not be JSON at all — and a final `shutdown`.
//!
//! The properties: the server answers every request it was sent, with a
//! result or an error, and never with an internal error (a panic it caught);
//! it logs no internal error; it never stops reading or hangs (a bound on
//! the whole session).

use std::collections::BTreeSet;
use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{Map, Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

/// The whole session's bound: far above what a session of a few kilobytes
/// takes, so that only a server that stopped answering reaches it.
const SESSION: Duration = Duration::from_secs(20);

/// The documents a session talks about: two designs, one whose name needs
/// escapes, one that is not a design, and one never opened.
const URIS: &[&str] = &[
    "file:///fuzz/a.flow",
    "file:///fuzz/b.flow",
    "file:///fuzz/%C3%A9cole%20%E1%88%A0%F0%9F%9A%80.flow",
    "file:///fuzz/notes.txt",
    "untitled:Untitled-1",
    "file:///fuzz/never-opened.flow",
];

/// Requests the server has a handler for, and what their params hold.
const REQUESTS: &[(&str, Shape)] = &[
    ("textDocument/hover", Shape::Position),
    ("textDocument/completion", Shape::Position),
    ("textDocument/definition", Shape::Position),
    ("textDocument/declaration", Shape::Position),
    ("textDocument/references", Shape::References),
    ("textDocument/documentHighlight", Shape::Position),
    ("textDocument/prepareRename", Shape::Position),
    ("textDocument/rename", Shape::Rename),
    ("textDocument/documentSymbol", Shape::Document),
    ("textDocument/semanticTokens/full", Shape::Document),
    ("textDocument/semanticTokens/full/delta", Shape::Delta),
    ("textDocument/semanticTokens/range", Shape::Range),
    ("textDocument/foldingRange", Shape::Document),
    ("textDocument/selectionRange", Shape::Positions),
    ("textDocument/codeAction", Shape::CodeAction),
    ("textDocument/codeLens", Shape::Document),
    ("codeLens/resolve", Shape::Lens),
    ("textDocument/inlayHint", Shape::Range),
    ("textDocument/formatting", Shape::Formatting),
    ("workspace/symbol", Shape::Query),
    ("workspace/executeCommand", Shape::Command),
    ("flowspec/documentText", Shape::Document),
    ("flowspec/diagram", Shape::Document),
];

/// Notifications the server handles (not `exit`, which ends the session).
const NOTIFICATIONS: &[&str] = &[
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "textDocument/didSave",
    "workspace/didChangeConfiguration",
    "workspace/didChangeWatchedFiles",
    "$/cancelRequest",
    "$/setTrace",
];

#[derive(Clone, Copy)]
enum Shape {
    Document,
    Position,
    Positions,
    Range,
    References,
    Rename,
    Delta,
    CodeAction,
    Lens,
    Formatting,
    Query,
    Command,
}

#[derive(Arbitrary, Debug)]
struct Session {
    encoding: u8,
    text: String,
    messages: Vec<Message>,
}

#[derive(Arbitrary, Debug)]
enum Message {
    /// A request as an editor would send it, positions and all fuzzed.
    Request {
        method: u8,
        doc: u8,
        at: [u32; 4],
        text: String,
    },
    /// A request whose params are anything at all.
    Untyped {
        method: u8,
        params: Json,
    },
    /// A notification whose params are anything at all.
    Notify {
        method: u8,
        params: Json,
    },
    /// An edit of an open document (or one never opened).
    Edit {
        doc: u8,
        version: i32,
        at: Option<[u32; 4]>,
        text: String,
    },
    Open {
        doc: u8,
        version: i32,
        text: String,
    },
    Close {
        doc: u8,
    },
    /// Cancels the request sent that many requests ago.
    Cancel {
        back: u8,
    },
    /// A body that may not be JSON, framed correctly.
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(Key, Json)>),
}

/// Keys the server's params have, so that wrong types reach its readers.
#[derive(Arbitrary, Debug)]
enum Key {
    TextDocument,
    Uri,
    Position,
    Line,
    Character,
    Range,
    Start,
    End,
    NewName,
    Context,
    ContentChanges,
    Text,
    Version,
    Settings,
    Other(String),
}

impl Key {
    fn name(&self) -> &str {
        match self {
            Key::TextDocument => "textDocument",
            Key::Uri => "uri",
            Key::Position => "position",
            Key::Line => "line",
            Key::Character => "character",
            Key::Range => "range",
            Key::Start => "start",
            Key::End => "end",
            Key::NewName => "newName",
            Key::Context => "context",
            Key::ContentChanges => "contentChanges",
            Key::Text => "text",
            Key::Version => "version",
            Key::Settings => "settings",
            Key::Other(s) => s,
        }
    }
}

impl Json {
    fn value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Int(n) => json!(n),
            Json::Float(f) => json!(f),
            Json::Str(s) => Value::String(s.clone()),
            Json::Array(items) => Value::Array(items.iter().map(Json::value).collect()),
            Json::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.name().to_string(), v.value()))
                    .collect::<Map<_, _>>(),
            ),
        }
    }
}

fn uri(doc: u8) -> &'static str {
    URIS[usize::from(doc) % URIS.len()]
}

fn position(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

fn range(at: [u32; 4]) -> Value {
    json!({ "start": position(at[0], at[1]), "end": position(at[2], at[3]) })
}

/// Valid-looking params of a request's shape.
fn params(shape: Shape, doc: u8, at: [u32; 4], text: &str) -> Value {
    let document = json!({ "uri": uri(doc) });
    let here = position(at[0], at[1]);
    match shape {
        Shape::Document => json!({ "textDocument": document }),
        Shape::Position => json!({ "textDocument": document, "position": here }),
        Shape::Positions => json!({
            "textDocument": document,
            "positions": [here, position(at[2], at[3])],
        }),
        Shape::Range => json!({ "textDocument": document, "range": range(at) }),
        Shape::References => json!({
            "textDocument": document,
            "position": here,
            "context": { "includeDeclaration": at[2].is_multiple_of(2) },
        }),
        Shape::Rename => json!({ "textDocument": document, "position": here, "newName": text }),
        Shape::Delta => json!({ "textDocument": document, "previousResultId": text }),
        Shape::CodeAction => json!({
            "textDocument": document,
            "range": range(at),
            "context": { "diagnostics": [] },
        }),
        Shape::Lens => json!({
            "range": range(at),
            "data": { "uri": uri(doc), "id": at[2], "version": at[3] },
        }),
        Shape::Formatting => json!({
            "textDocument": document,
            "options": { "tabSize": at[2] % 9, "insertSpaces": at[3].is_multiple_of(2) },
        }),
        Shape::Query => json!({ "query": text }),
        Shape::Command => json!({ "command": text, "arguments": [{ "message": text }] }),
    }
}

/// One message body, framed as the protocol frames it.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The session, as the bytes an editor writes (`initialize`, then the rest
/// once it is answered), and the ids of its requests.
fn script(session: &Session) -> (Vec<u8>, Vec<u8>, Vec<String>) {
    let mut out = Vec::new();
    let mut ids = Vec::new();
    let send = |out: &mut Vec<u8>, message: Value| {
        out.extend(frame(message.to_string().as_bytes()));
    };
    let request = |out: &mut Vec<u8>, ids: &mut Vec<String>, method: &str, params: Value| {
        let id = format!("q{}", ids.len());
        send(
            out,
            json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }),
        );
        ids.push(id);
    };
    let encoding = ["utf-16", "utf-8", "utf-32"][usize::from(session.encoding) % 3];
    request(
        &mut out,
        &mut ids,
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "capabilities": { "general": { "positionEncodings": [encoding] } },
        }),
    );
    let first = std::mem::take(&mut out);
    let notify = |out: &mut Vec<u8>, method: &str, params: Value| {
        out.extend(frame(
            json!({ "jsonrpc": "2.0", "method": method, "params": params })
                .to_string()
                .as_bytes(),
        ));
    };
    notify(&mut out, "initialized", json!({}));
    let open = |out: &mut Vec<u8>, doc: u8, version: i32, text: &str| {
        notify(
            out,
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri(doc), "languageId": "flow", "version": version, "text": text,
            }}),
        );
    };
    open(&mut out, 0, 1, &session.text);
    for message in &session.messages {
        match message {
            Message::Request {
                method,
                doc,
                at,
                text,
            } => {
                let (method, shape) = REQUESTS[usize::from(*method) % REQUESTS.len()];
                request(&mut out, &mut ids, method, params(shape, *doc, *at, text));
            }
            Message::Untyped { method, params } => {
                let (method, _) = REQUESTS[usize::from(*method) % REQUESTS.len()];
                request(&mut out, &mut ids, method, params.value());
            }
            Message::Notify { method, params } => {
                let method = NOTIFICATIONS[usize::from(*method) % NOTIFICATIONS.len()];
                notify(&mut out, method, params.value());
            }
            Message::Edit {
                doc,
                version,
                at,
                text,
            } => {
                let change = match at {
                    Some(at) => json!({ "range": range(*at), "text": text }),
                    None => json!({ "text": text }),
                };
                notify(
                    &mut out,
                    "textDocument/didChange",
                    json!({
                        "textDocument": { "uri": uri(*doc), "version": version },
                        "contentChanges": [change],
                    }),
                );
            }
            Message::Open { doc, version, text } => open(&mut out, *doc, *version, text),
            Message::Close { doc } => notify(
                &mut out,
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri(*doc) } }),
            ),
            Message::Cancel { back } => {
                let back = usize::from(*back);
                if back < ids.len() {
                    let id = ids[ids.len() - 1 - back].clone();
                    notify(&mut out, "$/cancelRequest", json!({ "id": id }));
                }
            }
            Message::Raw(body) => {
                // `exit` would end the session early (the server then owes
                // nothing); the bytes are skipped rather than the
                // property weakened.
                if !body.windows(4).any(|w| w.eq_ignore_ascii_case(b"exit")) {
                    out.extend(frame(body));
                }
            }
        }
    }
    request(&mut out, &mut ids, "shutdown", Value::Null);
    (first, out, ids)
}

/// Reads one framed message; `None` when the server closed its output.
async fn read_message<R: tokio::io::AsyncBufRead + Unpin>(input: &mut R) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    input.read_exact(&mut body).await.ok()?;
    Some(serde_json::from_slice(&body).expect("the server writes JSON"))
}

/// What went wrong, if anything, in one session.
async fn run(session: &Session) -> Result<(), String> {
    let (first, rest, ids) = script(session);
    let (client_end, server_end) = tokio::io::duplex(1 << 16);
    let (server_in, server_out) = tokio::io::split(server_end);
    let server = tokio::spawn(flowspec_lsp::serve(server_in, server_out));
    let (client_in, mut client_out) = tokio::io::split(client_end);
    // One writer, fed in order: the script, and answers to the server's own
    // requests. Reading goes on meanwhile, so neither side blocks the other.
    let (to_server, mut outgoing) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    let writer = tokio::spawn(async move {
        while let Some(bytes) = outgoing.recv().await {
            if client_out.write_all(&bytes).await.is_err() {
                break;
            }
        }
    });
    let _ = to_server.send(first);
    let mut rest = Some(rest);
    let mut pending: BTreeSet<String> = ids.iter().cloned().collect();
    let mut input = BufReader::new(client_in);
    let deadline = tokio::time::Instant::now() + SESSION;
    let outcome = loop {
        let Ok(message) = tokio::time::timeout_at(deadline, read_message(&mut input)).await else {
            let first: Vec<_> = pending.iter().take(5).collect();
            break Err(format!(
                "the server stopped answering: {} requests unanswered, among them {first:?}",
                pending.len()
            ));
        };
        let Some(message) = message else {
            break Err(format!(
                "the server closed its output with {} requests unanswered",
                pending.len()
            ));
        };
        if let Some(method) = message.get("method").and_then(Value::as_str) {
            if let Some(id) = message.get("id") {
                // A request of the server's own (configuration, refresh):
                // answered as an editor with nothing to say would.
                let reply = json!({ "jsonrpc": "2.0", "id": id, "result": null });
                let _ = to_server.send(frame(reply.to_string().as_bytes()));
            } else if method == "window/logMessage" || method == "window/showMessage" {
                let text = message["params"]["message"].as_str().unwrap_or_default();
                if message["params"]["type"] == 1 && text.contains("internal error") {
                    break Err(format!("the server logged: {text}"));
                }
            }
            continue;
        }
        let Some(id) = message.get("id").and_then(Value::as_str) else {
            // The answer to a raw body (a parse error has id null).
            continue;
        };
        if !pending.remove(id) {
            break Err(format!(
                "a second answer, or one never asked for: {message}"
            ));
        }
        if message.get("result").is_none() && message.get("error").is_none() {
            break Err(format!("neither result nor error: {message}"));
        }
        if message["error"]["code"] == -32603 {
            break Err(format!("an internal error: {message}"));
        }
        if id == "q0" {
            if message.get("error").is_some() {
                break Err(format!("initialize failed: {message}"));
            }
            // Initialized: the rest of the session, all at once, as a
            // quick typist's editor sends it.
            if let Some(rest) = rest.take() {
                let _ = to_server.send(rest);
            }
        }
        if pending.is_empty() {
            break Ok(());
        }
    };
    // Closing the input ends the server, and with it its threads.
    drop(to_server);
    writer.abort();
    drop(input);
    server.abort();
    outcome
}

/// Panics when the server fails a property on the session the bytes make.
pub fn server_messages(data: &[u8]) {
    let Ok(session) = Session::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let outcome = runtime.block_on(run(&session));
    runtime.shutdown_timeout(Duration::from_secs(1));
    if let Err(failure) = outcome {
        panic!("{failure}\nsession: {session:#?}");
    }
}
