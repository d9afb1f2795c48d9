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
//! Times are from the `didChange` write to each answer: until the client
//! read its last byte (the server's part, as `lspbench.py` times it: the
//! client reads on one thread and parses on another, so parsing a large
//! answer does not hold up reading the next) and until it had parsed it too
//! (into `serde_json::Value`, on the same two cores); the last answer's is
//! what a person waits for.
//! Then each request again, alone after a keystroke: what it costs when it
//! does not wait behind the others.

use std::path::Path;
use std::time::{Duration, Instant};

use flowspec_lsp_harness::{Answer, Fixture, Options, Server};
use serde_json::{Value, json};

use crate::lsp::percentile;

/// The lines an editor shows at once.
const VISIBLE_LINES: usize = 60;

struct Samples {
    name: &'static str,
    /// Until the last byte was read: the server's part.
    times: Vec<Duration>,
    /// Until it was parsed too: what the editor waits for.
    parsed: Vec<Duration>,
    bytes: Vec<usize>,
}

impl Samples {
    fn new(name: &'static str) -> Samples {
        Samples {
            name,
            times: Vec::new(),
            parsed: Vec::new(),
            bytes: Vec::new(),
        }
    }

    fn add(&mut self, time: Duration, parsed: Duration, bytes: usize) {
        self.times.push(time);
        self.parsed.push(parsed);
        self.bytes.push(bytes);
    }

    fn print(&mut self) {
        if self.times.is_empty() {
            println!("{:<28} (not sent)", self.name);
            return;
        }
        self.times.sort();
        self.parsed.sort();
        self.bytes.sort();
        let median = self.bytes[self.bytes.len() / 2];
        println!(
            "{:<28} p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms | parsed p50 {:>6.2} ms  p99 {:>6.2} ms | payload p50 {:>7} B  max {:>7} B",
            self.name,
            percentile(&self.times, 0.5),
            percentile(&self.times, 0.99),
            percentile(&self.times, 1.0),
            percentile(&self.parsed, 0.5),
            percentile(&self.parsed, 0.99),
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
/// does for those on screen: when the last answer was read and parsed, and
/// the bytes.
fn resolve_lenses(
    server: &mut Server,
    lenses: &[Value],
    lines: std::ops::Range<usize>,
) -> Option<(Instant, Instant, usize)> {
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
    let read = answers.iter().map(|a| a.read).max()?;
    let end = answers.iter().map(|a| a.at).max()?;
    Some((read, end, answers.iter().map(|a| a.bytes).sum()))
}

/// The lines on screen around the byte offset `at` of the design: the
/// first of them, and the range an inlay hint request asks for.
fn screen_at(server: &Server, at: usize) -> (usize, Value) {
    let line = server.text("design.flow")[..at].matches('\n').count();
    let first = line.saturating_sub(VISIBLE_LINES / 3);
    let range = json!({
        "start": { "line": first, "character": 0 },
        "end": { "line": first + VISIBLE_LINES, "character": 0 },
    });
    (first, range)
}

/// One keystroke at `at`: a letter typed (even rounds) or deleted again
/// (odd rounds). When it was sent, and the document's new version.
fn keystroke(server: &mut Server, at: usize, round: usize) -> (Instant, i32) {
    let start = Instant::now();
    let version = if round.is_multiple_of(2) {
        server.edit("design.flow", at, at, "x")
    } else {
        server.edit("design.flow", at, at + 1, "")
    };
    (start, version)
}

/// The requests of the bundle.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Symbols,
    Tokens,
    Folding,
    Lenses,
    Hints,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Symbols,
        Kind::Tokens,
        Kind::Folding,
        Kind::Lenses,
        Kind::Hints,
    ];

    fn name(self, delta: bool) -> &'static str {
        match self {
            Kind::Symbols => "documentSymbol",
            Kind::Tokens if delta => "semanticTokens/full/delta",
            Kind::Tokens => "semanticTokens/full",
            Kind::Folding => "foldingRange",
            Kind::Lenses => "codeLens",
            Kind::Hints => "inlayHint (60 lines)",
        }
    }

    /// Sends the request; its id. Semantic tokens as a delta from
    /// `previous` when the server offers deltas.
    fn send(
        self,
        server: &mut Server,
        doc: &Value,
        screen: &Value,
        delta: bool,
        previous: &Option<String>,
    ) -> u64 {
        let (method, params) = match self {
            Kind::Symbols => ("documentSymbol", json!({ "textDocument": doc })),
            Kind::Tokens => match (previous, delta) {
                (Some(previous), true) => (
                    "semanticTokens/full/delta",
                    json!({ "textDocument": doc, "previousResultId": previous }),
                ),
                _ => ("semanticTokens/full", json!({ "textDocument": doc })),
            },
            Kind::Folding => ("foldingRange", json!({ "textDocument": doc })),
            Kind::Lenses => ("codeLens", json!({ "textDocument": doc })),
            Kind::Hints => ("inlayHint", json!({ "textDocument": doc, "range": screen })),
        };
        server.send_request(&format!("textDocument/{method}"), params)
    }
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

    let mut bundle = Kind::ALL.map(|k| Samples::new(k.name(delta)));
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
        let (first, screen) = screen_at(&server, points[round / 2]);
        let (start, version) = keystroke(&mut server, points[round / 2], round);
        let ids = Kind::ALL.map(|kind| kind.send(&mut server, &doc, &screen, delta, &result_id));
        let answers = server.answers(&ids);
        for (samples, answer) in bundle.iter_mut().zip(&answers) {
            let result = answer
                .result
                .as_ref()
                .unwrap_or_else(|e| panic!("{} failed: {e}", samples.name));
            assert!(!result.is_null(), "{} answered null", samples.name);
            samples.add(answer.read - start, answer.at - start, answer.bytes);
        }
        let bundle_read = answers.iter().map(|a| a.read).max().unwrap();
        let bundle_end = answers.iter().map(|a| a.at).max().unwrap();
        last.add(
            bundle_read - start,
            bundle_end - start,
            answers.iter().map(|a| a.bytes).sum(),
        );
        if let Ok(result) = &answers[1].result {
            result_id = result["resultId"].as_str().map(str::to_string);
        }

        // The lenses on screen that came without a command.
        let (mut read, mut end) = (bundle_read, bundle_end);
        if resolves && let Ok(Value::Array(all)) = &answers[3].result {
            let shown = first..first + VISIBLE_LINES;
            if let Some((at_read, at, bytes)) = resolve_lenses(&mut server, all, shown) {
                (read, end) = (at_read, at);
                resolve.add(read - start, end - start, bytes);
            }
        }
        last_all.add(read - start, end - start, 0);

        let (read, parsed) = server.publication_time("design.flow", version);
        diagnostics.add(read - start, parsed - start, 0);
    }
    // Each request alone after a keystroke: what it costs when it does not
    // wait behind the others for the two cores.
    let mut alone: Vec<Samples> = Kind::ALL.map(|k| Samples::new(k.name(delta))).into();
    for (kind, samples) in Kind::ALL.into_iter().zip(&mut alone) {
        for round in 0..rounds {
            let (_, screen) = screen_at(&server, points[round / 2]);
            let (start, version) = keystroke(&mut server, points[round / 2], round);
            let id = kind.send(&mut server, &doc, &screen, delta, &result_id);
            let answer = server.answers(&[id]).pop().expect("one answer");
            let result = answer.result.as_ref().expect("an answer");
            if kind == Kind::Tokens {
                result_id = result["resultId"].as_str().map(str::to_string);
            }
            samples.add(answer.read - start, answer.at - start, answer.bytes);
            server.publication_time("design.flow", version);
        }
    }

    let lines = text.lines().count();
    println!(
        "keystroke bundle, {name} ({lines} lines), {rounds} keystrokes; time from didChange to each answer:"
    );
    for samples in bundle
        .iter_mut()
        .chain([&mut resolve, &mut last, &mut last_all])
    {
        samples.print();
    }
    let (peak, now) = crate::lsp::memory(server.pid());
    diagnostics.times.sort();
    diagnostics.parsed.sort();
    println!(
        "{:<28} p50 {:>6.2} ms  p99 {:>6.2} ms  (debounce included) | parsed p50 {:>6.2} ms  p99 {:>6.2} ms",
        "didChange → diagnostics",
        percentile(&diagnostics.times, 0.5),
        percentile(&diagnostics.times, 0.99),
        percentile(&diagnostics.parsed, 0.5),
        percentile(&diagnostics.parsed, 0.99),
    );
    println!("each request alone after a keystroke ({rounds} keystrokes each):");
    for samples in &mut alone {
        samples.print();
    }
    println!("server memory: peak RSS {peak:.1} MiB, {now:.1} MiB at the end");
    server.shutdown();
}
