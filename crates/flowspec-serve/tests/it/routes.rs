//! Each route's answer, and every refusal.

use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use flowspec_serve::{Hosts, Snapshot, router};
use futures_util::StreamExt;
use tower::ServiceExt;

use crate::{app, body, design, get, get_as};

const TOOLS: &str = "## Santé communautaire — ኢትዮጵያ 🌍\r\n\r\ntool dossier \"Dossier · École\" { kind: database }\r\nrole clerk \"Clerk\"\r\n";
const FLOWS: &str = "flow monthly: commcare -> clerk -> dossier {\n  data: [\"visits\"]\n  timing: batch\n  frequency: monthly\n  volume: tbd\n}\nflow broken: commcare -> nowhere { frequency: sometimes }\n";

fn ethiopia() -> (tempfile::TempDir, std::path::PathBuf) {
    design(&[("tools.flow", TOOLS), ("flows.flow", FLOWS)])
}

fn key(root: &std::path::Path, file: &str) -> String {
    flowspec_design::display_path(&root.join(file))
}

/// `path` as a query value: every byte but letters and digits encoded.
fn query(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn the_page_its_assets_and_the_design_as_check_sees_it() {
    let (_work, root) = ethiopia();
    let app = app(&[&root], Hosts::Local);

    let (status, page) = get(&app, "/").await;
    assert_eq!(status, 200);
    assert!(page.contains("<script src=\"/assets/app.js\" defer></script>"));
    assert!(page.contains("id=\"viewport\""));
    let (status, script) = get(&app, "/assets/app.js").await;
    assert_eq!(status, 200);
    assert!(script.contains("new EventSource('/events')"));
    let (status, style) = get(&app, "/assets/app.css").await;
    assert_eq!(status, 200);
    assert!(style.contains(".viewport"));

    let (status, json) = get(&app, "/api/design").await;
    assert_eq!(status, 200);
    let payload: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(payload["version"], 1);
    assert_eq!(payload["error"], serde_json::Value::Null);
    assert_eq!(payload["paths"][0], flowspec_design::display_path(&root));
    let workspace = flowspec_design::load_workspace(std::slice::from_ref(&root)).unwrap();
    // The diagnostics are check's, in check's order.
    let check: serde_json::Value = serde_json::from_str(&flowspec_design::json(
        &workspace,
        &flowspec_design::collect(&workspace),
    ))
    .unwrap();
    assert_eq!(payload["design"]["diagnostics"], check);
    assert!(
        check
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "unknown-reference")
    );
    // The picture is graph's, and the cards index its boxes.
    let svg = payload["svg"].as_str().unwrap();
    assert_eq!(
        svg,
        flowspec_diagram::svg(&flowspec_diagram::graph(&workspace, None).unwrap())
    );
    let nodes = payload["design"]["nodes"].as_array().unwrap();
    for (i, node) in nodes.iter().enumerate() {
        assert!(
            svg.contains(&format!(
                "id=\"fs-node-{i}\" data-name=\"{}\"",
                node["id"].as_str().unwrap()
            )),
            "{node}"
        );
    }
    assert_eq!(payload["design"]["title"], "Santé communautaire — ኢትዮጵያ 🌍");
    let monthly = &payload["design"]["flows"][0];
    assert_eq!(monthly["answers"].as_array().unwrap().len(), 6);
    assert_eq!(monthly["open_questions"][0]["key"], "volume");

    let (status, report) = get(&app, "/report").await;
    assert_eq!(status, 200);
    assert_eq!(report, flowspec_diagram::report(&workspace));
}

#[tokio::test]
async fn a_source_is_the_files_text_by_the_path_the_design_names_it() {
    let (_work, root) = ethiopia();
    let app = app(&[&root], Hosts::Local);
    let (status, text) = get(
        &app,
        &format!("/api/source?path={}", query(&key(&root, "tools.flow"))),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        text, TOOLS,
        "the bytes as loaded: CRLF, accents, Ethiopic, emoji"
    );
    let (_, response) = get_as(
        &app,
        &format!("/api/source?path={}", query(&key(&root, "flows.flow"))),
        "localhost:4000",
    )
    .await;
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
    assert_eq!(body(response).await, FLOWS);
}

#[tokio::test]
async fn no_path_reaches_a_file_outside_the_design() {
    let (work, root) = ethiopia();
    let secret = "tool secret \"TOP SECRET\"\n";
    std::fs::write(work.path().join("secret.flow"), secret).unwrap();
    std::fs::write(root.join("notes.txt"), "TOP SECRET notes\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(work.path().join("secret.flow"), root.join("link.flow")).unwrap();
    let app = app(&[&root], Hosts::Local);

    let outside = key(work.path(), "secret.flow");
    let via_dots = format!("{}/../secret.flow", key(&root, ""));
    let targets = [
        format!("/api/source?path={}", query(&outside)),
        format!("/api/source?path={}", query(&via_dots)),
        format!("/api/source?path={}", query("../secret.flow")),
        "/api/source?path=..%2Fsecret.flow".to_string(),
        "/api/source?path=..%5Csecret.flow".to_string(),
        "/api/source?path=%2e%2e/%2e%2e/secret.flow".to_string(),
        "/api/source?path=/etc/passwd".to_string(),
        format!("/api/source?path={}", query(&key(&root, "notes.txt"))),
        format!("/api/source?path={}", query(&key(&root, "link.flow"))),
        format!("/api/source?path={}", query(&key(&root, "./tools.flow"))),
        "/api/source?path=".to_string(),
        "/api/source".to_string(),
        "/api/source?path=%00".to_string(),
        "/../secret.flow".to_string(),
        "/assets/../../secret.flow".to_string(),
        "/assets/%2e%2e/%2e%2e/secret.flow".to_string(),
        "/assets/..%2F..%2Fsecret.flow".to_string(),
        "/report/../../secret.flow".to_string(),
        "//etc/passwd".to_string(),
        format!("/{}", outside.trim_start_matches('/')),
        format!("/{}", key(&root, "tools.flow").trim_start_matches('/')),
    ];
    for target in &targets {
        let (status, text) = get(&app, target).await;
        assert!(status == 404 || status == 400, "{target}: {status} {text}");
        assert!(!text.contains("SECRET"), "{target}: {text}");
        assert!(!text.contains("tool dossier"), "{target}: {text}");
    }
    // A symbolic link is not part of the design (the folder walk does not
    // follow links), so the design has no `secret` either.
    let (_, json) = get(&app, "/api/design").await;
    assert!(!json.contains("SECRET"));
}

#[tokio::test]
async fn only_get_and_only_local_names_on_loopback() {
    let (_work, root) = ethiopia();
    let local = app(&[&root], Hosts::Local);
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        for target in ["/", "/api/design", "/api/source?path=x"] {
            let request = Request::builder()
                .method(method)
                .uri(target)
                .header("host", "127.0.0.1:4000")
                .body(Body::from("tool x\n"))
                .unwrap();
            let response = local.clone().oneshot(request).await.unwrap();
            assert_eq!(response.status().as_u16(), 405, "{method} {target}");
        }
    }
    for host in ["localhost:4000", "127.0.0.1:4000", "[::1]:4000"] {
        let (status, response) = get_as(&local, "/api/design", host).await;
        assert_eq!(status, 200, "{host}");
        let headers = response.headers();
        assert!(
            headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("script-src 'self'")
        );
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["cache-control"], "no-store");
    }
    // A page on another site whose name was rebound to this machine.
    for host in ["evil.example:4000", "localhost.evil.example"] {
        let (status, response) = get_as(&local, "/api/design", host).await;
        assert_eq!(status, 421, "{host}");
        assert!(!body(response).await.contains("dossier"));
    }
    let request = Request::builder()
        .uri("/api/design")
        .body(Body::empty())
        .unwrap();
    assert_eq!(local.clone().oneshot(request).await.unwrap().status(), 421);
    // Shared on a network (`--host`), any name.
    let shared = app(&[&root], Hosts::Any);
    let (status, _) = get_as(&shared, "/api/design", "design-laptop.lan:4000").await;
    assert_eq!(status, 200);
}

/// The events until one whose data has `"version":N`.
async fn read_until_version(stream: &mut axum::body::BodyDataStream, version: u64) -> String {
    let mut seen = String::new();
    let wanted = format!("\"version\":{version},");
    while !seen.contains(&wanted) {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), stream.next())
            .await
            .expect("an event in time")
            .expect("the stream goes on")
            .unwrap();
        seen.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    seen
}

#[tokio::test]
async fn events_carry_the_design_now_and_after_each_change() {
    let (_work, root) = ethiopia();
    let paths = vec![root.clone()];
    let first = Snapshot::load(&paths).unwrap();
    let (publish, receiver) = tokio::sync::watch::channel(Arc::new(first.clone()));
    let app = router(receiver, Hosts::Local);
    let (status, response) = get_as(&app, "/events", "127.0.0.1:4000").await;
    assert_eq!(status, 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut stream = response.into_body().into_data_stream();
    let now = read_until_version(&mut stream, 1).await;
    assert!(now.starts_with("event: design\ndata: {"), "{now}");
    assert!(now.contains(&first.payload()), "the payload, on one line");

    std::fs::write(root.join("more.flow"), "flow extra: dossier -> openmrs\n").unwrap();
    publish.send_replace(Arc::new(first.reload(&paths).unwrap()));
    let next = read_until_version(&mut stream, 2).await;
    assert!(next.contains("openmrs"), "{next}");
}
