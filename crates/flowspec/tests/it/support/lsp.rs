//! Helpers of the protocol tests: starting the server on a fixture, and
//! reading the answers that several features share.

use flowspec_lsp_harness::{Fixture, Options, Server};
use serde_json::{Value, json};

use super::binary;

/// The server started on a fixture (files on disk, not yet indexed).
pub fn start(source: &str, options: Options) -> Server {
    Server::start(binary(), &Fixture::parse(source), options)
}

/// The server started on a fixture, indexed, with every file opened.
pub fn start_opened(source: &str, options: Options) -> Server {
    Server::start_opened(binary(), &Fixture::parse(source), options)
}

/// The integers of a semantic tokens answer (`data`).
pub fn integers(data: &Value) -> Vec<u64> {
    data.as_array()
        .expect("data")
        .iter()
        .map(|n| n.as_u64().expect("an unsigned integer"))
        .collect()
}

/// Applies `full/delta` edits to the integers of the previous answer, as a
/// client does (each edit's `start` counts in the old array).
pub fn apply_delta(old: &[u64], edits: &Value) -> Vec<u64> {
    let mut edits: Vec<&Value> = edits.as_array().expect("edits").iter().collect();
    edits.sort_by_key(|e| e["start"].as_u64());
    let mut out = old.to_vec();
    for e in edits.iter().rev() {
        let start = e["start"].as_u64().unwrap() as usize;
        let delete = e["deleteCount"].as_u64().unwrap() as usize;
        let data = e.get("data").map(integers).unwrap_or_default();
        out.splice(start..start + delete, data);
    }
    out
}

/// Diagnostics as sorted lines (range, severity, code, message), to compare
/// two servers' whatever order they publish in.
pub fn summary(diagnostics: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {}",
                d["range"], d["severity"], d["code"], d["message"]
            )
        })
        .collect();
    out.sort();
    out
}

/// Sends, together, the requests VS Code sends after a keystroke in
/// `path`: outline, semantic tokens as a delta from `previous_result_id`,
/// folding, code lenses, and inlay hints for `lines` (those on screen).
/// Returns their ids, in that order.
pub fn send_keystroke_requests(
    server: &mut Server,
    path: &str,
    previous_result_id: &str,
    lines: std::ops::Range<u64>,
) -> [u64; 5] {
    let doc = json!({ "uri": server.uri(path) });
    [
        server.send_request(
            "textDocument/documentSymbol",
            json!({ "textDocument": doc }),
        ),
        server.send_request(
            "textDocument/semanticTokens/full/delta",
            json!({ "textDocument": doc, "previousResultId": previous_result_id }),
        ),
        server.send_request("textDocument/foldingRange", json!({ "textDocument": doc })),
        server.send_request("textDocument/codeLens", json!({ "textDocument": doc })),
        server.send_request(
            "textDocument/inlayHint",
            json!({ "textDocument": doc, "range": {
                "start": { "line": lines.start, "character": 0 },
                "end": { "line": lines.end, "character": 0 },
            }}),
        ),
    ]
}
