//! The whole language server's work per keystroke, in one process, for
//! counting instructions (`valgrind --tool=callgrind flowspec-bench
//! count-server N`): the server (`flowspec_lsp::serve`) on in-memory pipes,
//! a 10,000-line design opened, then N rounds of what an editor sends after
//! a keystroke (the edit, then outline, semantic token delta, folding, code
//! lenses and the inlay hints of 60 lines, together) and the diagnostics
//! published for it (debounce 0). Everything the server does is counted:
//! the edit's analysis, each answer's conversion and JSON, the writing;
//! the client here only frames its messages and finds the ids of the
//! answers (no JSON tree is built), so it adds little. `count-server 6`
//! minus `count-server 1`, over 5, is the cost of one keystroke, the same
//! on every run of the same binary whatever the machine is doing.

use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

/// What the client reads of each message: its id and method, or, for a
/// publication, the version.
#[derive(Deserialize)]
struct Seen {
    id: Option<u64>,
    method: Option<String>,
    #[serde(default)]
    params: Option<Params>,
}

#[derive(Deserialize)]
struct Params {
    #[serde(default)]
    version: Option<i64>,
}

/// The semantic tokens answer, read for its result id.
#[derive(Deserialize)]
struct Tokens {
    result: TokensResult,
}

#[derive(Deserialize)]
struct TokensResult {
    #[serde(rename = "resultId")]
    result_id: Option<String>,
}

/// Allocations per keystroke of the whole server (its client's framing
/// included) on the generated 10,000-line file: 1,988 measured (3,671
/// before the edit's allocations were cut), then about a quarter of room. A guard that does not depend on the machine: the
/// same count on every run (the threads' order does not change it).
const BUDGET: u64 = 2_500;

/// Runs the session; `false` when the allocations per keystroke are over
/// the budget.
pub fn run(rounds: usize, text: &str) -> bool {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let (count, bytes) = runtime.block_on(session(rounds, text));
    let per = |n: u64| n / rounds.max(1) as u64;
    println!(
        "count-server: {rounds} keystrokes answered, {} allocations ({} B) per keystroke, budget {BUDGET}{}",
        per(count),
        per(bytes),
        if per(count) > BUDGET {
            "  OVER BUDGET"
        } else {
            ""
        }
    );
    per(count) <= BUDGET
}

/// The allocations (count, bytes) the keystrokes took.
async fn session(rounds: usize, text: &str) -> (u64, u64) {
    let (client, server) = tokio::io::duplex(1 << 20);
    let (server_in, server_out) = tokio::io::split(server);
    let serving = tokio::spawn(flowspec_lsp::serve(server_in, server_out));
    let (from_server, mut to_server) = tokio::io::split(client);
    let mut input = BufReader::new(from_server);
    let next_id = std::cell::Cell::new(0u64);
    let send = |method: &str, params: Value, request: bool| {
        let message = if request {
            next_id.set(next_id.get() + 1);
            json!({"jsonrpc": "2.0", "id": next_id.get(), "method": method, "params": params})
        } else {
            json!({"jsonrpc": "2.0", "method": method, "params": params})
        };
        let body = message.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    };
    let uri = "file:///bench/design.flow";
    let mut out = send(
        "initialize",
        json!({
            "capabilities": {},
            "initializationOptions": { "debounceMs": 0 },
        }),
        true,
    );
    out.extend(send("initialized", json!({}), false));
    out.extend(send(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "flow", "version": 1, "text": text } }),
        false,
    ));
    to_server.write_all(&out).await.unwrap();
    wait(&mut input, 0, 0, Some(1)).await;

    let doc = json!({ "uri": uri });
    let full = send(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": doc }),
        true,
    );
    to_server.write_all(&full).await.unwrap();
    let mut result_id = wait(&mut input, 1, next_id.get(), None).await;

    // A letter typed into a string in the middle of the file, and taken
    // out again.
    let at = text.len() / 2
        + text[text.len() / 2..]
            .find("data: [\"")
            .expect("a data line")
        + 8;
    let line = text[..at].matches('\n').count() as u32;
    let before = crate::count::so_far();
    let column = text[..at]
        .rsplit('\n')
        .next()
        .unwrap()
        .encode_utf16()
        .count() as u32;
    for round in 0..rounds {
        let version = round as i64 + 2;
        let range = if round % 2 == 0 {
            json!({ "start": { "line": line, "character": column }, "end": { "line": line, "character": column } })
        } else {
            json!({ "start": { "line": line, "character": column }, "end": { "line": line, "character": column + 1 } })
        };
        let change = if round % 2 == 0 { "x" } else { "" };
        let mut out = send(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": range, "text": change }],
            }),
            false,
        );
        out.extend(send(
            "textDocument/documentSymbol",
            json!({ "textDocument": doc }),
            true,
        ));
        out.extend(send(
            "textDocument/semanticTokens/full/delta",
            json!({ "textDocument": doc, "previousResultId": result_id }),
            true,
        ));
        let tokens_id = next_id.get();
        out.extend(send(
            "textDocument/foldingRange",
            json!({ "textDocument": doc }),
            true,
        ));
        out.extend(send(
            "textDocument/codeLens",
            json!({ "textDocument": doc }),
            true,
        ));
        out.extend(send(
            "textDocument/inlayHint",
            json!({ "textDocument": doc, "range": {
                "start": { "line": line.saturating_sub(20), "character": 0 },
                "end": { "line": line + 40, "character": 0 },
            }}),
            true,
        ));
        to_server.write_all(&out).await.unwrap();
        // The answers, and the diagnostics of this version (published at
        // once: no debounce), in whatever order they come.
        if let Some(id) = wait(&mut input, 5, tokens_id, Some(version)).await {
            result_id = Some(id);
        }
    }
    let after = crate::count::so_far();
    let mut out = send("shutdown", Value::Null, true);
    out.extend(send("exit", Value::Null, false));
    to_server.write_all(&out).await.unwrap();
    let _ = serving.await;
    (after.0 - before.0, after.1 - before.1)
}

/// The next message; the server answering it is never waited for longer
/// than a minute (callgrind runs some fifty times slower).
async fn next<R: tokio::io::AsyncRead + Unpin>(input: &mut BufReader<R>) -> (Seen, Vec<u8>) {
    let read = async {
        let mut length = 0;
        loop {
            let mut line = String::new();
            input.read_line(&mut line).await.unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        input.read_exact(&mut body).await.unwrap();
        let seen = serde_json::from_slice::<Seen>(&body).expect("the server writes JSON-RPC");
        (seen, body)
    };
    tokio::time::timeout(std::time::Duration::from_secs(600), read)
        .await
        .expect("the server answers")
}

/// Waits for `count` answers and, if asked, the diagnostics of document
/// version `version`; returns the result id of the semantic tokens answer,
/// request `tokens`.
async fn wait<R: tokio::io::AsyncRead + Unpin>(
    input: &mut BufReader<R>,
    count: usize,
    tokens: u64,
    mut version: Option<i64>,
) -> Option<String> {
    let mut got = 0;
    let mut result_id = None;
    while got < count || version.is_some() {
        let (seen, body) = next(input).await;
        if seen.id.is_some() && seen.method.is_none() {
            got += 1;
            if seen.id == Some(tokens) {
                let answer: Tokens = serde_json::from_slice(&body).expect("a tokens answer");
                result_id = answer.result.result_id;
            }
        } else if seen.method.as_deref() == Some("textDocument/publishDiagnostics")
            && seen.params.and_then(|p| p.version) == version
        {
            version = None;
        }
    }
    result_id
}
