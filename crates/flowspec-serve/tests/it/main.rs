//! `flowspec-serve` in process: the router called with raw requests
//! (tower's `oneshot`, so no client tidies a path first), and snapshots
//! reloaded from temporary designs.
//!
//! - `routes`: what each route answers, the headers, the refusals: path
//!   traversal in every spelling, symbolic links out of the folder, other
//!   methods, foreign `Host` names;
//! - `snapshots`: a reload's version, its "nothing changed", and the last
//!   design kept with the error when the paths stop loading.
//!
//! The binary's end-to-end tests (a real socket, the watcher, events after
//! a save) are in `crates/flowspec/tests/it/serve.rs`; the page in a real
//! browser in `tests/serve/`.

mod routes;
mod snapshots;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use flowspec_serve::{Hosts, Snapshot, router};
use tower::ServiceExt;

/// A temporary folder holding `design/` with the given files, and that
/// folder.
pub fn design(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("design");
    for (path, text) in files {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    std::fs::create_dir_all(&root).unwrap();
    (work, root)
}

/// The router over the snapshot of `paths`.
pub fn app(paths: &[&Path], hosts: Hosts) -> Router {
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
    let snapshot = Snapshot::load(&paths).unwrap();
    let (_publish, receiver) = tokio::sync::watch::channel(Arc::new(snapshot));
    router(receiver, hosts)
}

/// The answer to `GET target` with `Host: host`, the target sent as is.
pub async fn get_as(app: &Router, target: &str, host: &str) -> (u16, Response<Body>) {
    let request = Request::builder()
        .uri(target)
        .header("host", host)
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    (response.status().as_u16(), response)
}

pub async fn get(app: &Router, target: &str) -> (u16, String) {
    let (status, response) = get_as(app, target, "127.0.0.1:4000").await;
    (status, body(response).await)
}

pub async fn body(response: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 26)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}
