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
