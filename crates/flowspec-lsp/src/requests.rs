//! How a request is answered: from a snapshot, on a worker thread.
//!
//! 1. The state thread hands over a [`Snapshot`] taken after every edit
//!    received before the request (it analyses pending edits first), so the
//!    answer matches the text the editor has.
//! 2. The handler's work runs on tokio's blocking pool, so requests run side
//!    by side and none waits behind another, and the state thread is free
//!    for the next edit meanwhile.
//! 3. `$/cancelRequest`: the protocol crate answers `RequestCancelled` and
//!    drops the request's future; dropping it marks the work cancelled, and
//!    work not yet started is skipped.
//! 4. A request about a document that the client edited while the answer
//!    was computed is answered `ContentModified` (LSP 3.17: the result is
//!    for a text the client no longer has; clients ask again).
//! 5. A panic in a handler becomes an internal error and a log line, never a
//!    dead server.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{MessageType, Uri};

use crate::convert;
use crate::snapshot::Snapshot;
use crate::state::StateHandle;

/// The protocol's `ContentModified`.
pub const CONTENT_MODIFIED: i64 = -32801;

pub fn content_modified() -> Error {
    Error {
        code: ErrorCode::ServerError(CONTENT_MODIFIED),
        message: "the document changed while the answer was computed".into(),
        data: None,
    }
}

/// Marks the work cancelled when the request's future is dropped before
/// it finished (cancelled by the client, or the server is exiting).
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl StateHandle {
    /// Answers a request about the document `uri` with `f`, run on a worker
    /// against a snapshot; `ContentModified` if the document is edited
    /// meanwhile.
    pub async fn read<R: Send + 'static>(
        &self,
        uri: &Uri,
        f: impl FnOnce(&Snapshot) -> R + Send + 'static,
    ) -> Result<R> {
        self.run(Some(convert::key(uri)), f).await
    }

    /// Answers a request that is about no one document (workspace symbols,
    /// the workspace's diagram) with `f`, run on a worker.
    pub async fn read_workspace<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Snapshot) -> R + Send + 'static,
    ) -> Result<R> {
        self.run(None, f).await
    }

    async fn run<R: Send + 'static>(
        &self,
        key: Option<String>,
        f: impl FnOnce(&Snapshot) -> R + Send + 'static,
    ) -> Result<R> {
        let snapshot = self.snapshot().await?;
        let cancelled = Arc::new(AtomicBool::new(false));
        let _guard = CancelOnDrop(cancelled.clone());
        let snap = snapshot.clone();
        let answer = tokio::task::spawn_blocking(move || {
            if cancelled.load(Ordering::Relaxed) {
                return None;
            }
            Some(catch_unwind(AssertUnwindSafe(|| f(&snap))))
        })
        .await
        .map_err(|_| Error::internal_error())?;
        let answer = match answer {
            Some(Ok(answer)) => answer,
            // Cancelled: the protocol crate has answered already.
            None => return Err(Error::request_cancelled()),
            Some(Err(_)) => {
                snapshot.log(
                    MessageType::ERROR,
                    "internal error while answering a request; please report it".to_string(),
                );
                return Err(Error::internal_error());
            }
        };
        if let Some(key) = key
            && snapshot.shared.moved_on(&key, snapshot.version(&key))
        {
            return Err(content_modified());
        }
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use tokio::sync::mpsc::unbounded_channel;
    use tower_lsp_server::jsonrpc::ErrorCode;

    use super::*;
    use crate::convert::Encoding;
    use crate::settings::Settings;
    use crate::state::{self, ClientCaps, Msg, Out};

    const KEY: &str = "file:///a.flow";

    /// The state thread with one document open at version 1, as the
    /// backend drives it (the backend records versions, then sends).
    fn started() -> (StateHandle, tokio::sync::mpsc::UnboundedReceiver<Out>, Uri) {
        let (tx, out) = unbounded_channel();
        let state = state::spawn(tx, None);
        state.send(Msg::Initialize {
            encoding: Encoding::Utf16,
            roots: Vec::new(),
            settings: Settings::default(),
            client: ClientCaps::default(),
        });
        state.shared.opened(KEY, Some(1));
        state.send(Msg::Open {
            key: KEY.to_string(),
            version: 1,
            text: "tool a\n".to_string(),
        });
        (state, out, KEY.parse().unwrap())
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_time()
            .build()
            .unwrap()
    }

    #[test]
    fn an_answer_for_a_version_the_client_replaced_is_content_modified() {
        let (state, _out, uri) = started();
        runtime().block_on(async {
            let len = state
                .read(&uri, |snap| {
                    let uri = KEY.parse().unwrap();
                    snap.document(&uri).map(|d| d.file.text.len())
                })
                .await;
            assert_eq!(len.unwrap(), Some(7));
            // The client sends version 2 while the answer is computed.
            let shared = state.shared.clone();
            let answer = state
                .read(&uri, move |_| {
                    shared.changed(KEY, 2);
                    "stale"
                })
                .await;
            let error = answer.unwrap_err();
            assert_eq!(error.code, ErrorCode::ServerError(CONTENT_MODIFIED));
            // A request about no document, or another one, is not stale.
            let shared = state.shared.clone();
            let answer = state
                .read_workspace(move |_| {
                    shared.changed(KEY, 3);
                    "fine"
                })
                .await;
            assert_eq!(answer.unwrap(), "fine");
        });
    }

    #[test]
    fn a_cancelled_request_that_has_not_started_is_skipped() {
        let (state, _out, uri) = started();
        // One worker: a first request holds it, so the next one waits.
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .max_blocking_threads(1)
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async {
            let (ran_tx, ran_rx) = mpsc::channel::<&str>();
            let (gate_tx, gate_rx) = mpsc::channel::<()>();
            let first = {
                let (state, uri) = (state.clone(), uri.clone());
                tokio::spawn(async move {
                    state
                        .read(&uri, move |_| {
                            gate_rx.recv_timeout(Duration::from_secs(5)).ok();
                        })
                        .await
                })
            };
            tokio::time::sleep(Duration::from_millis(50)).await;
            // The second request waits for the worker; then the protocol
            // crate drops its future (the client cancelled it).
            let ran = ran_tx.clone();
            let second = state.read(&uri, move |_| ran.send("cancelled").unwrap());
            tokio::select! {
                _ = second => panic!("the worker is busy: it cannot have answered"),
                _ = tokio::time::sleep(Duration::from_millis(100)) => {}
            }
            // A third, not cancelled, runs once the worker is free.
            let third = {
                let (state, uri) = (state.clone(), uri.clone());
                tokio::spawn(async move {
                    state
                        .read(&uri, move |_| ran_tx.send("kept").unwrap())
                        .await
                })
            };
            tokio::time::sleep(Duration::from_millis(50)).await;
            gate_tx.send(()).unwrap();
            first.await.unwrap().unwrap();
            third.await.unwrap().unwrap();
            let ran: Vec<&str> = ran_rx.try_iter().collect();
            assert_eq!(ran, ["kept"], "the cancelled request's work never ran");
        });
    }

    #[test]
    fn a_panic_in_a_handler_is_an_internal_error_and_a_log_line() {
        let (state, mut out, uri) = started();
        runtime().block_on(async {
            let answer = state.read(&uri, |_| -> u8 { panic!("a bug") }).await;
            assert_eq!(answer.unwrap_err().code, ErrorCode::InternalError);
            // The server goes on.
            assert!(state.read(&uri, |_| 1).await.is_ok());
        });
        let mut logged = false;
        while let Ok(message) = out.try_recv() {
            if let Out::Log(MessageType::ERROR, text) = message {
                logged |= text.contains("internal error while answering a request");
            }
        }
        assert!(logged);
    }
}
