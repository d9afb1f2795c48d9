//! Language-server benchmarks, through the protocol.

use std::path::Path;
use std::time::{Duration, Instant};

use flowspec_lsp_harness::{Fixture, Options, Server};
use serde_json::json;

pub(crate) fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{what}: {} samples, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        percentile(&times, 1.0)
    );
}

/// Peak and current resident memory of a process, in MiB.
pub fn memory(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|k| k.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (field("VmHWM:"), field("VmRSS:"))
}

pub fn run(binary: &Path) {
    large_file(binary);
    workspace(binary);
}

fn large_file(binary: &Path) {
    let text = flowspec_bench::large_file(10_000);
    let fixture = Fixture {
        files: vec![("big.flow".to_string(), text.clone())],
        ..Fixture::default()
    };
    let options = Options {
        settings: json!({ "debounceMs": 0 }),
        ..Options::default()
    };
    let mut server = Server::start(binary, &fixture, options);
    server.wait_log("indexed 1 .flow files");
    server.open("big.flow");
    server.diagnostics("big.flow");

    // Type and delete a character inside a string in the middle of the file.
    let at = text[text.len() / 2..]
        .find("\"visit forms\"")
        .map(|i| text.len() / 2 + i + 1)
        .unwrap();
    let mut times = Vec::new();
    for i in 0..200 {
        let start = Instant::now();
        if i % 2 == 0 {
            server.edit("big.flow", at, at, "x");
        } else {
            server.edit("big.flow", at, at + 1, "");
        }
        server.diagnostics("big.flow");
        times.push(start.elapsed());
    }
    report(
        "didChange → publishDiagnostics, 10,000-line file (debounce 0)",
        times,
    );

    // Completion: after `-> ` in a chain, and at a key position in a block.
    let chain = text.find(" -> ").unwrap() + 4;
    let key = text.find("\n  timing:").unwrap() + 3;
    let mut times = Vec::new();
    for i in 0..200 {
        let at = if i % 2 == 0 { chain } else { key };
        let params = server.at("big.flow", at);
        let start = Instant::now();
        server.request("textDocument/completion", params);
        times.push(start.elapsed());
    }
    report("completion, 10,000-line file", times);

    // Completion right after an edit (the edit is analysed first).
    let mut times = Vec::new();
    for i in 0..100 {
        if i % 2 == 0 {
            server.edit("big.flow", at, at, "x");
        } else {
            server.edit("big.flow", at, at + 1, "");
        }
        let params = server.at("big.flow", chain);
        let start = Instant::now();
        server.request("textDocument/completion", params);
        times.push(start.elapsed());
    }
    report("completion just after an edit, 10,000-line file", times);
    server.shutdown();
}

fn workspace(binary: &Path) {
    let files = flowspec_bench::workspace(1000, 100);
    let fixture = Fixture {
        files,
        ..Fixture::default()
    };
    let start = Instant::now();
    let mut server = Server::start(binary, &fixture, Options::default());
    let log = server.wait_log("indexed 1000 .flow files");
    let elapsed = start.elapsed();
    // Let the last diagnostics go out before reading the memory.
    std::thread::sleep(Duration::from_millis(200));
    let (peak, now) = memory(server.pid());
    println!(
        "index 1,000 files / 100,000 lines: {:.0} ms from start to indexed ({log}); server memory: {now:.1} MiB resident, {peak:.1} MiB peak",
        elapsed.as_secs_f64() * 1000.0
    );
    server.shutdown();
}
