//! The keystroke scenario: what VS Code asks after each character typed in
//! a large design, sent together, through the protocol.
//!
//! The document's semantic tokens are asked for in full once, as an editor
//! does when it shows it. Each round is a one-character edit (a letter
//! typed into a string value, or deleted again, at lines spread over the
//! file), then at once
//! `documentSymbol` (outline, breadcrumbs), semantic tokens (`full/delta`
//! against the previous answer when the server offers deltas, else
//! `full`), `foldingRange`, `codeLens` and `inlayHint` for the 60 lines on
//! screen; when the lenses come back without titles, `codeLens/resolve`
//! for the ones on screen, as VS Code does. Then it waits for the
//! diagnostics of that version (a person types a few characters a second).
//!
//! Times are from the `didChange` write to each answer (read and parsed by
//! the client); the last answer's time is what a person waits for.

use std::path::Path;
use std::time::{Duration, Instant};

use flowspec_lsp_harness::{Answer, Fixture, Options, Server};
use serde_json::{Value, json};

use crate::lsp::percentile;

/// The lines an editor shows at once.
const VISIBLE_LINES: usize = 60;

struct Samples {
    name: &'static str,
    times: Vec<Duration>,
    bytes: Vec<usize>,
}

impl Samples {
    fn new(name: &'static str) -> Samples {
        Samples {
            name,
            times: Vec::new(),
            bytes: Vec::new(),
        }
    }

    fn add(&mut self, time: Duration, bytes: usize) {
        self.times.push(time);
        self.bytes.push(bytes);
    }

    fn print(&mut self) {
        if self.times.is_empty() {
            println!("{:<28} (not sent)", self.name);
            return;
        }
        self.times.sort();
        self.bytes.sort();
        let median = self.bytes[self.bytes.len() / 2];
        println!(
            "{:<28} p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  payload p50 {:>9} B  max {:>9} B",
            self.name,
            percentile(&self.times, 0.5),
            percentile(&self.times, 0.99),
            percentile(&self.times, 1.0),
            median,
            self.bytes[self.bytes.len() - 1],
        );
    }
}

/// Byte offsets where a letter can be typed into a string value: just after
/// the opening quote of `data: ["` / `owner: "` lines, spread over the text.
fn edit_points(text: &str, count: usize) -> Vec<usize> {
    let mut all = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("data: [\"") || trimmed.starts_with("owner: \"") {
            all.push(at + line.find('"').unwrap() + 1);
        }
        at += line.len();
    }
    assert!(
        !all.is_empty(),
        "the design has no `data: [\"` line to edit"
    );
    (0..count).map(|i| all[i * all.len() / count]).collect()
}

/// Whether the server offers semantic token deltas.
fn offers_delta(caps: &Value) -> bool {
    caps["semanticTokensProvider"]["full"]["delta"] == json!(true)
}

/// Resolves the lenses on `lines` that came without a command, as an editor
/// does for those on screen: when the last answer came, and the bytes.
fn resolve_lenses(
    server: &mut Server,
    lenses: &[Value],
    lines: std::ops::Range<usize>,
) -> Option<(Instant, usize)> {
    let ids: Vec<u64> = lenses
        .iter()
        .filter(|l| l.get("command").is_none_or(Value::is_null))
        .filter(|l| {
            let line = l["range"]["start"]["line"].as_u64().unwrap_or(0) as usize;
            lines.contains(&line)
        })
        .map(|lens| server.send_request("codeLens/resolve", lens.clone()))
        .collect();
    if ids.is_empty() {
        return None;
    }
    let answers: Vec<Answer> = server.answers(&ids);
    for answer in &answers {
        let result = answer.result.as_ref().expect("codeLens/resolve");
        assert!(result["command"]["title"].is_string(), "{result}");
    }
    let end = answers.iter().map(|a| a.at).max()?;
    Some((end, answers.iter().map(|a| a.bytes).sum()))
}

pub fn run(binary: &Path, design: Option<&Path>, rounds: usize) {
    let (name, text) = match design {
        Some(path) => (
            path.display().to_string(),
            std::fs::read_to_string(path).expect("the design file reads"),
        ),
        None => (
            "generated 10,000-line file".to_string(),
            flowspec_bench::large_file(10_000),
        ),
    };
    let fixture = Fixture {
        files: vec![("design.flow".to_string(), text.clone())],
        ..Fixture::default()
    };
    let mut server = Server::start_indexed(binary, &fixture, Options::default());
    server.open("design.flow");
    server.diagnostics("design.flow");
    let uri = server.uri("design.flow");
    let doc = json!({ "uri": uri });
    let delta = offers_delta(&server.capabilities);
    let resolves = server.capabilities["codeLensProvider"]["resolveProvider"] == json!(true);

    let mut symbols = Samples::new("documentSymbol");
    let mut tokens = Samples::new(if delta {
        "semanticTokens/full/delta"
    } else {
        "semanticTokens/full"
    });
    let mut folding = Samples::new("foldingRange");
    let mut lenses = Samples::new("codeLens");
    let mut hints = Samples::new("inlayHint (60 lines)");
    let mut resolve = Samples::new("codeLens/resolve (on screen)");
    let mut last = Samples::new("last answer of the bundle");
    let mut last_all = Samples::new("last answer, resolves too");
    let mut diagnostics = Samples::new("publishDiagnostics");

    let points = edit_points(&text, rounds.div_ceil(2));
    // As an editor shows a document: its tokens in full, once; after each
    // keystroke, a delta from them.
    let mut result_id: Option<String> = if delta {
        let full = server.request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": doc }),
        );
        full["resultId"].as_str().map(str::to_string)
    } else {
        None
    };
    for round in 0..rounds {
        let at = points[round / 2];
        let current = server.text("design.flow");
        let line = current[..at].matches('\n').count();
        let first = line.saturating_sub(VISIBLE_LINES / 3);
        let screen = json!({
            "start": { "line": first, "character": 0 },
            "end": { "line": first + VISIBLE_LINES, "character": 0 },
        });
        let start = Instant::now();
        let version = if round % 2 == 0 {
            server.edit("design.flow", at, at, "x")
        } else {
            server.edit("design.flow", at, at + 1, "")
        };
        let token_request = match (&result_id, delta) {
            (Some(previous), true) => server.send_request(
                "textDocument/semanticTokens/full/delta",
                json!({ "textDocument": doc, "previousResultId": previous }),
            ),
            _ => server.send_request(
                "textDocument/semanticTokens/full",
                json!({ "textDocument": doc }),
            ),
        };
        let ids = [
            server.send_request(
                "textDocument/documentSymbol",
                json!({ "textDocument": doc }),
            ),
            token_request,
            server.send_request("textDocument/foldingRange", json!({ "textDocument": doc })),
            server.send_request("textDocument/codeLens", json!({ "textDocument": doc })),
            server.send_request(
                "textDocument/inlayHint",
                json!({ "textDocument": doc, "range": screen }),
            ),
        ];
        let answers = server.answers(&ids);
        for (samples, answer) in [
            &mut symbols,
            &mut tokens,
            &mut folding,
            &mut lenses,
            &mut hints,
        ]
        .into_iter()
        .zip(&answers)
        {
            let result = answer
                .result
                .as_ref()
                .unwrap_or_else(|e| panic!("{} failed: {e}", samples.name));
            assert!(!result.is_null(), "{} answered null", samples.name);
            samples.add(answer.at - start, answer.bytes);
        }
        let bundle_end = answers.iter().map(|a| a.at).max().unwrap();
        last.add(bundle_end - start, answers.iter().map(|a| a.bytes).sum());
        if let Ok(result) = &answers[1].result {
            result_id = result["resultId"].as_str().map(str::to_string);
        }

        // The lenses on screen that came without a command.
        let mut end = bundle_end;
        if resolves && let Ok(Value::Array(all)) = &answers[3].result {
            let shown = first..first + VISIBLE_LINES;
            if let Some((at, bytes)) = resolve_lenses(&mut server, all, shown) {
                end = at;
                resolve.add(end - start, bytes);
            }
        }
        last_all.add(end - start, 0);

        let published = server.publication_time("design.flow", version);
        diagnostics.add(published - start, 0);
    }
    let lines = text.lines().count();
    println!(
        "keystroke bundle, {name} ({lines} lines), {rounds} keystrokes; time from didChange to each answer:"
    );
    for samples in [
        &mut symbols,
        &mut tokens,
        &mut folding,
        &mut lenses,
        &mut hints,
        &mut resolve,
        &mut last,
        &mut last_all,
    ] {
        samples.print();
    }
    let (peak, now) = crate::lsp::memory(server.pid());
    diagnostics.times.sort();
    println!(
        "{:<28} p50 {:>7.2} ms  p99 {:>7.2} ms  (debounce included)",
        "didChange → diagnostics",
        percentile(&diagnostics.times, 0.5),
        percentile(&diagnostics.times, 0.99),
    );
    println!("server memory: peak RSS {peak:.1} MiB, {now:.1} MiB at the end");
    server.shutdown();
}
