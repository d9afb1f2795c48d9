//! The requests the server answers itself, in front of the protocol crate:
//! those an editor sends after every keystroke (outline, semantic tokens,
//! folding, code lenses and their titles, inlay hints), whose answers are
//! large on a large design.
//!
//! Each is answered by its handler in [`crate::handlers`] as JSON text,
//! made on the worker that computed it, and written by [`crate::wire`]
//! (why: see there). Everything else, and every request before
//! `initialize` has been answered or after `shutdown`, goes to the protocol
//! crate as before, which answers those two cases with the protocol's
//! errors.
//!
//! What the protocol crate would do for these requests is done here too:
//! each runs as its own task (a slow one holds up nothing);
//! `$/cancelRequest` for one still running stops it and answers
//! `RequestCancelled`; a request whose id is already running is refused;
//! parameters that do not decode are `InvalidParams`; a panic is an internal
//! error, never a request left unanswered.

use std::collections::HashMap;
use std::future::{Future, ready};
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::task::AbortHandle;
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response, Result};
use tower_lsp_server::{ExitedError, LspService};

use crate::backend::Backend;
use crate::handlers::{code_lens, folding, inlay_hints, semantic_tokens, symbols};
use crate::state::StateHandle;
use crate::wire::{Json, Wire};

/// The requests answered here.
#[derive(Clone, Copy, Debug)]
enum Method {
    DocumentSymbol,
    SemanticTokensFull,
    SemanticTokensDelta,
    SemanticTokensRange,
    FoldingRange,
    CodeLens,
    CodeLensResolve,
    InlayHint,
}

impl Method {
    fn of(name: &str) -> Option<Method> {
        Some(match name {
            "textDocument/documentSymbol" => Method::DocumentSymbol,
            "textDocument/semanticTokens/full" => Method::SemanticTokensFull,
            "textDocument/semanticTokens/full/delta" => Method::SemanticTokensDelta,
            "textDocument/semanticTokens/range" => Method::SemanticTokensRange,
            "textDocument/foldingRange" => Method::FoldingRange,
            "textDocument/codeLens" => Method::CodeLens,
            "codeLens/resolve" => Method::CodeLensResolve,
            "textDocument/inlayHint" => Method::InlayHint,
            _ => return None,
        })
    }
}

/// The parameters of a request, as the protocol crate decodes them.
fn params<P: DeserializeOwned>(params: Option<Value>) -> Result<P> {
    let params = params.ok_or_else(|| Error::invalid_params("Missing params field"))?;
    serde_json::from_value(params).map_err(|e| Error::invalid_params(e.to_string()))
}

async fn answer(state: StateHandle, method: Method, p: Option<Value>) -> Result<Json> {
    match method {
        Method::DocumentSymbol => symbols::document(&state, params(p)?).await,
        Method::SemanticTokensFull => semantic_tokens::full(&state, params(p)?).await,
        Method::SemanticTokensDelta => semantic_tokens::delta(&state, params(p)?).await,
        Method::SemanticTokensRange => semantic_tokens::range(&state, params(p)?).await,
        Method::FoldingRange => folding::folding(&state, params(p)?).await,
        Method::CodeLens => code_lens::code_lens(&state, params(p)?).await,
        Method::CodeLensResolve => code_lens::resolve(&state, params(p)?).await,
        Method::InlayHint => inlay_hints::inlay_hints(&state, params(p)?).await,
    }
}

/// Where the session stands, as far as requests go: answered here only
/// once `initialize` has been answered, and not after `shutdown`.
#[derive(Default)]
pub struct Phase(AtomicU8);

const STARTING: u8 = 0;
const READY: u8 = 1;
const SHUT_DOWN: u8 = 2;

impl Phase {
    /// `initialize` is answered (set as its answer is made: the protocol
    /// crate reads no other message until it is sent).
    pub fn initialized(&self) {
        let _ = self
            .0
            .compare_exchange(STARTING, READY, Ordering::AcqRel, Ordering::Acquire);
    }

    pub fn shut_down(&self) {
        self.0.store(SHUT_DOWN, Ordering::Release);
    }

    fn ready(&self) -> bool {
        self.0.load(Ordering::Acquire) == READY
    }
}

/// The requests taken here, each with the handle that stops it once it
/// runs.
type Running = Arc<Mutex<HashMap<Id, Option<AbortHandle>>>>;

/// The protocol crate's service, with the requests above answered here.
pub struct Service {
    inner: LspService<Backend>,
    state: StateHandle,
    wire: Wire,
    phase: Arc<Phase>,
    running: Running,
}

impl Service {
    pub fn new(inner: LspService<Backend>, wire: Wire) -> Service {
        let backend = inner.inner();
        Service {
            state: backend.state(),
            phase: backend.phase(),
            inner,
            wire,
            running: Running::default(),
        }
    }

    /// Takes request `id`: it starts when the protocol crate first polls
    /// the returned future (see [`start`]).
    fn take(&self, method: Method, id: Id, params: Option<Value>) -> Answering {
        let mut running = self.running.lock().unwrap();
        if running.contains_key(&id) {
            // As the protocol crate does: an id must not be reused while
            // its request runs.
            self.wire.respond(&id, Err(Error::invalid_request()));
            return Box::pin(ready(Ok(None)));
        }
        // Known from now on, so that a `$/cancelRequest` read before it
        // starts finds it.
        running.insert(id.clone(), None);
        let finish = Finish {
            id,
            running: self.running.clone(),
            wire: self.wire.clone(),
        };
        let state = self.state.clone();
        Box::pin(async move {
            start(finish, answer(state, method, params));
            Ok(None)
        })
    }

    /// `$/cancelRequest` for a request taken here: stopped and answered
    /// `RequestCancelled`. `false` when it is not one of ours.
    fn cancel(&self, params: Option<&Value>) -> bool {
        let Some(id) = params
            .and_then(|p| p.get("id"))
            .and_then(|id| serde_json::from_value::<Id>(id.clone()).ok())
        else {
            return false;
        };
        let Some(task) = self.running.lock().unwrap().remove(&id) else {
            return false;
        };
        if let Some(task) = task {
            task.abort();
        }
        self.wire.respond(&id, Err(Error::request_cancelled()));
        true
    }
}

/// Starts a request's work: polled once here, then on a task of its own.
///
/// Why once here: the protocol crate polls each message's future for the
/// first time in the order the messages came, and a notification's work
/// (a `didChange` handing its edit to the state thread) happens in that
/// first poll. A request asks the state thread for its snapshot in its own
/// first poll, so polling it here keeps the order the client sent them in:
/// a request sent after an edit sees the edit, and one sent before it is
/// answered for the text it was about (or `ContentModified`), never for a
/// later one. A task's first poll would come at a time of its own.
fn start(finish: Finish, answer: impl Future<Output = Result<Json>> + Send + 'static) {
    let all = finish.running.clone();
    let mut running = all.lock().unwrap();
    match running.get_mut(&finish.id) {
        Some(slot) => {
            let mut answer = Box::pin(answer);
            let waker = std::task::Waker::noop();
            if let Poll::Ready(answer) = answer.as_mut().poll(&mut Context::from_waker(waker)) {
                drop(running);
                finish.answer(answer);
                return;
            }
            // The task ends by taking its entry out, which waits for this
            // lock: its handle is in before.
            let task = tokio::spawn(async move { finish.answer(answer.await) });
            *slot = Some(task.abort_handle());
        }
        // Cancelled before it started: answered already.
        None => {
            drop(running);
            std::mem::forget(finish);
        }
    }
}

/// Answers a request once: whoever takes its entry out of `running` (its
/// own task when done, or a cancel) sends the one answer. Dropped without
/// answering (the task panicked), it answers with an internal error.
struct Finish {
    id: Id,
    running: Running,
    wire: Wire,
}

impl Finish {
    fn take(&self) -> bool {
        self.running.lock().unwrap().remove(&self.id).is_some()
    }

    fn answer(self, answer: Result<Json>) {
        if self.take() {
            self.wire.respond(&self.id, answer);
        }
    }
}

impl Drop for Finish {
    fn drop(&mut self) {
        if self.take() {
            self.wire.respond(&self.id, Err(Error::internal_error()));
        }
    }
}

type Answering =
    Pin<Box<dyn Future<Output = std::result::Result<Option<Response>, ExitedError>> + Send>>;

impl tower_service::Service<Request> for Service {
    type Response = Option<Response>;
    type Error = ExitedError;
    type Future = Answering;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<std::result::Result<(), ExitedError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Answering {
        if self.phase.ready() {
            if let (Some(method), Some(_)) = (Method::of(request.method()), request.id()) {
                let (_, id, params) = request.into_parts();
                return self.take(method, id.expect("checked above"), params);
            }
            if request.method() == "$/cancelRequest" && self.cancel(request.params()) {
                return Box::pin(ready(Ok(None)));
            }
        }
        self.inner.call(request)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::{Value, json};
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

    /// A client of [`crate::serve`] over in-memory pipes.
    struct Client {
        to_server: tokio::io::WriteHalf<DuplexStream>,
        from_server: BufReader<tokio::io::ReadHalf<DuplexStream>>,
    }

    impl Client {
        fn start() -> Client {
            let (client, server) = tokio::io::duplex(1 << 20);
            let (server_in, server_out) = tokio::io::split(server);
            tokio::spawn(crate::serve(server_in, server_out));
            let (from_server, to_server) = tokio::io::split(client);
            Client {
                to_server,
                from_server: BufReader::new(from_server),
            }
        }

        /// Writes these messages in one write.
        async fn send(&mut self, messages: &[Value]) {
            let mut bytes = Vec::new();
            for message in messages {
                let body = message.to_string();
                bytes.extend(format!("Content-Length: {}\r\n\r\n{body}", body.len()).bytes());
            }
            self.to_server.write_all(&bytes).await.unwrap();
        }

        /// The next message from the server that is not a notification.
        async fn next_answer(&mut self) -> Value {
            loop {
                let read = async {
                    let mut length = 0;
                    loop {
                        let mut line = String::new();
                        self.from_server.read_line(&mut line).await.unwrap();
                        let line = line.trim_end();
                        if line.is_empty() {
                            break;
                        }
                        length = line["Content-Length: ".len()..].parse().unwrap();
                    }
                    let mut body = vec![0; length];
                    self.from_server.read_exact(&mut body).await.unwrap();
                    serde_json::from_slice::<Value>(&body).unwrap()
                };
                let message = tokio::time::timeout(Duration::from_secs(10), read)
                    .await
                    .expect("the server answers");
                if message.get("id").is_some() && message.get("method").is_none() {
                    return message;
                }
            }
        }

        async fn initialize(&mut self) {
            self.send(&[
                json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}}),
            ])
            .await;
            assert!(self.next_answer().await["result"]["capabilities"].is_object());
            self.send(&[json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})])
                .await;
        }
    }

    fn request(id: Value, method: &str, params: Value) -> Value {
        json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
    }

    fn outline(id: i64, uri: &str) -> Value {
        request(
            json!(id),
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    }

    const URI: &str = "file:///direct/a.flow";

    #[test]
    fn before_initialize_and_after_shutdown_the_protocols_errors_answer() {
        runtime().block_on(async {
            let mut client = Client::start();
            client.send(&[outline(1, URI)]).await;
            let answer = client.next_answer().await;
            assert_eq!(answer["id"], 1);
            assert_eq!(answer["error"]["code"], -32002, "{answer}");
            client.initialize().await;
            client.send(&[outline(2, URI)]).await;
            // Not open, not in the workspace: nothing to outline.
            assert_eq!(
                client.next_answer().await,
                json!({"jsonrpc": "2.0", "id": 2, "result": null})
            );
            client
                .send(&[request(json!(3), "shutdown", Value::Null)])
                .await;
            assert_eq!(client.next_answer().await["id"], 3);
            client.send(&[outline(4, URI)]).await;
            let answer = client.next_answer().await;
            assert_eq!(answer["id"], 4);
            assert_eq!(answer["error"]["code"], -32600, "{answer}");
        });
    }

    #[test]
    fn parameters_that_do_not_decode_and_reused_ids_are_refused() {
        runtime().block_on(async {
            let mut client = Client::start();
            client.initialize().await;
            client
                .send(&[request(
                    json!("bad"),
                    "textDocument/foldingRange",
                    json!({"textDocument": 5}),
                )])
                .await;
            let answer = client.next_answer().await;
            assert_eq!(answer["id"], "bad");
            assert_eq!(answer["error"]["code"], -32602, "{answer}");
            // The same id twice, the first still running (the outline of a
            // large design, after its edit, takes a while in a test build):
            // the second is refused, the first answered.
            let text = flowspec_test_fixture::generated::large_file(3_000);
            client
                .send(&[
                    json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
                        "textDocument": { "uri": URI, "languageId": "flow", "version": 1, "text": text }
                    }}),
                    json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                        "textDocument": { "uri": URI, "version": 2 },
                        "contentChanges": [{ "text": format!("{text}\n") }]
                    }}),
                    outline(7, URI),
                    outline(7, URI),
                ])
                .await;
            let mut codes = vec![
                client.next_answer().await["error"]["code"].clone(),
                client.next_answer().await["error"]["code"].clone(),
            ];
            codes.sort_by_key(|c| c.as_i64());
            assert_eq!(codes, vec![Value::Null, json!(-32600)]);
        });
    }

    #[test]
    fn a_request_cancelled_before_it_is_answered_is_answered_once_as_cancelled() {
        runtime().block_on(async {
            let mut client = Client::start();
            client.initialize().await;
            // Behind the analysis of a large design, the request is still
            // waiting (or running) when its cancel comes.
            let text = flowspec_test_fixture::generated::large_file(3_000);
            client
                .send(&[
                    json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
                        "textDocument": { "uri": URI, "languageId": "flow", "version": 1, "text": text }
                    }}),
                    outline(1, URI),
                    json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 1}}),
                    outline(2, "file:///direct/not-open.flow"),
                ])
                .await;
            let mut answers = [client.next_answer().await, client.next_answer().await];
            answers.sort_by_key(|a| a["id"].as_i64());
            assert_eq!(answers[0]["id"], 1);
            assert_eq!(answers[0]["error"]["code"], -32800, "{}", answers[0]);
            // The next request is answered, and nothing more about 1.
            assert_eq!(answers[1], json!({"jsonrpc": "2.0", "id": 2, "result": null}));
            client.send(&[outline(3, "file:///direct/not-open.flow")]).await;
            assert_eq!(client.next_answer().await["id"], 3);
        });
    }
}
