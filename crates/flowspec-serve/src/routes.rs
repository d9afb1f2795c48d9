//! The HTTP side: a handful of read-only routes over the current snapshot.
//!
//! | route | answers |
//! |---|---|
//! | `GET /` | the page (`assets/index.html`), its script and style under `/assets/` |
//! | `GET /api/design` | the snapshot as JSON: version, SVG, cards, diagnostics |
//! | `GET /events` | server-sent events: the same JSON now and after each change |
//! | `GET /report` | the design's HTML report (`flowspec report`) |
//! | `GET /api/source?path=P` | the text of the design's file `P`, as loaded |
//!
//! Nothing is read from disk to answer: the page is compiled in, and a
//! source is one of the snapshot's files, looked up by the exact path the
//! design names it by. So no path, however spelled (`..`, encoded slashes,
//! absolute, a link), reaches any other file. Other methods are refused
//! (405). On a loopback address a request must name the server by a
//! loopback name or an IP address in its `Host` header, so that a web page
//! elsewhere cannot read the design through a DNS name rebound to this
//! machine.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use serde::Deserialize;
use tokio::sync::watch;

use crate::snapshot::Snapshot;

const INDEX: &str = include_str!("../assets/index.html");
const SCRIPT: &str = include_str!("../assets/app.js");
const STYLE: &str = include_str!("../assets/app.css");

/// Scripts from the server only; the SVG and the report carry `<style>`
/// elements; the report shows in a frame of the page.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; \
base-uri 'none'; form-action 'none'";

/// Which `Host` headers are answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hosts {
    /// `localhost` and IP addresses only (the server listens on loopback).
    Local,
    /// Any (shared on a network with `--host`).
    Any,
}

#[derive(Clone)]
struct AppState {
    snapshots: watch::Receiver<Arc<Snapshot>>,
    hosts: Hosts,
}

/// The server's routes over the snapshots `snapshots` receives.
pub fn router(snapshots: watch::Receiver<Arc<Snapshot>>, hosts: Hosts) -> Router {
    let state = AppState { snapshots, hosts };
    Router::new()
        .route("/", get(|| async { html(INDEX) }))
        .route(
            "/assets/app.js",
            get(|| async { typed("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/assets/app.css",
            get(|| async { typed("text/css; charset=utf-8", STYLE) }),
        )
        .route("/api/design", get(design))
        .route("/api/source", get(source))
        .route("/report", get(report))
        .route("/events", get(events))
        .fallback(|| async { (StatusCode::NOT_FOUND, "not found\n") })
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

fn typed(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

fn html(body: impl Into<String>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body.into(),
    )
        .into_response()
}

fn current(state: &AppState) -> Arc<Snapshot> {
    state.snapshots.borrow().clone()
}

async fn design(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        current(&state).payload(),
    )
        .into_response()
}

async fn report(State(state): State<AppState>) -> Response {
    html(current(&state).report.to_string())
}

#[derive(Deserialize)]
struct SourceQuery {
    path: String,
}

async fn source(State(state): State<AppState>, Query(query): Query<SourceQuery>) -> Response {
    let snapshot = current(&state);
    match snapshot.sources.get(&query.path) {
        Some(text) => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            text.to_string(),
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            "not a file of this design (the paths of its cards and diagnostics are)\n",
        )
            .into_response(),
    }
}

async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut receiver = state.snapshots.clone();
    // The snapshot now, then one event per change. A reader that falls
    // behind gets the newest (a watch channel keeps only that).
    receiver.mark_changed();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.changed().await.ok()?;
        let payload = receiver.borrow_and_update().payload();
        Some((Ok(Event::default().event("design").data(payload)), receiver))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The `Host` check, and the headers every answer carries.
async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if state.hosts == Hosts::Local {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok());
        if !host.is_some_and(local_host) {
            return (
                StatusCode::MISDIRECTED_REQUEST,
                "this server answers to localhost and IP addresses only\n",
            )
                .into_response();
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// `localhost`, `127.0.0.1`, `[::1]`, any IP address, with or without a
/// port: names no other site can take over.
pub fn local_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        // `[::1]:8080`, `127.0.0.1:8080`, `localhost:8080`.
        Some((name, port)) if !name.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let bare = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    name.eq_ignore_ascii_case("localhost")
        || name.eq_ignore_ascii_case("localhost.")
        || bare.parse::<std::net::IpAddr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::local_host;

    #[test]
    fn local_hosts_are_loopback_names_and_addresses() {
        for good in [
            "localhost",
            "localhost:4000",
            "LOCALHOST:4000",
            "127.0.0.1",
            "127.0.0.1:4000",
            "[::1]:4000",
            "[::1]",
            "192.168.1.20:4000",
        ] {
            assert!(local_host(good), "{good}");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:4000",
            "localhost.evil.example:4000",
            "127.0.0.1.evil.example",
            "[::1]x:4000",
            ":4000",
        ] {
            assert!(!local_host(bad), "{bad}");
        }
    }
}
