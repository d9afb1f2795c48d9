//! `flowspec-bench`: end-to-end figures for the README, measured on this
//! machine against the release binary.
//!
//!     cargo build --release
//!     cargo run --release -p flowspec-bench -- check [RUNS]
//!
//! Writes a generated workspace of 1,000 files / 100,000 lines to a
//! temporary folder, runs `flowspec check` on it RUNS times, and prints the
//! wall time (median and worst) and the peak memory (RSS) of the process;
//! then the same for the workspace whose files also declare records, keep
//! them and map them in their flows, and the ratio of the two medians.
//!
//!     cargo run --release -p flowspec-bench -- lsp
//!
//! Drives `flowspec lsp` over stdio as an editor does: latency from
//! `didChange` to `publishDiagnostics` on a 10,000-line file (debounce set
//! to 0), completion latency in that file, the time to index a 1,000-file
//! workspace and the server's memory once it holds it.
//!
//!     cargo run --release -p flowspec-bench -- keystroke [DESIGN.flow [ROUNDS]]
//!
//! The requests VS Code sends after each keystroke, sent together, on a
//! 10,000-line design (generated, or the file given): per request p50/p99
//! and payload bytes, and the last answer's time after the edit.
//!
//!     cargo run --release -p flowspec-bench -- count [ROUNDS]
//!
//! Allocations per keystroke of each stage of the analysis's part of that
//! loop, in process, against budgets (fails over budget): a guard that does
//! not depend on the machine's load. Under `valgrind --tool=callgrind` it
//! counts instructions.
//!
//!     cargo run --release -p flowspec-bench -- memory [FOLDER]
//!
//! The bytes the analysis holds for a workspace (the generated 1,000 files,
//! or the `.flow` files under FOLDER), by part, against a budget for the
//! generated one: a memory guard that does not depend on the machine.
//!
//!     cargo run --release -p flowspec-bench -- soak --edits 100000 --files 50
//!
//! Holds one `flowspec lsp` for that many random edits, requests and
//! changes on disk, and checks it (`flowspec_bench::soak`).

mod count;
mod keystroke;
mod lsp;
mod server_count;

#[global_allocator]
static ALLOCATOR: count::Counting = count::Counting;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => {
            let runs = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(10);
            check(runs);
        }
        Some("lsp") => lsp::run(&binary()),
        Some("soak") => flowspec_bench::soak::cli(&binary(), &args[1..]),
        Some("count") => {
            let rounds = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(20);
            if !count::run(rounds) {
                std::process::exit(1);
            }
        }
        Some("count-server") => {
            let rounds = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(6);
            let text = match args.get(2) {
                Some(path) => std::fs::read_to_string(path).expect("the design file reads"),
                None => flowspec_bench::large_file(10_000),
            };
            if !server_count::run(rounds, &text) {
                std::process::exit(1);
            }
        }
        Some("memory") => {
            let files = match args.get(1) {
                Some(dir) => count::read_designs(Path::new(dir)),
                None => flowspec_bench::workspace(1000, 100),
            };
            if !count::memory(files) {
                std::process::exit(1);
            }
        }
        Some("keystroke") => {
            let design = args.get(1).map(Path::new);
            let rounds = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(100);
            keystroke::run(&binary(), design, rounds);
        }
        _ => {
            eprintln!(
                "usage: flowspec-bench check [RUNS] | lsp | keystroke [DESIGN.flow [ROUNDS]] | count [ROUNDS] | count-server [ROUNDS [DESIGN.flow]] | memory [FOLDER] | soak [--edits N] [--files N] [--seed N]"
            );
            std::process::exit(2);
        }
    }
}

/// The release binary, or the program `FLOWSPEC_BENCH_SERVER` names (an
/// older build to compare with, or a wrapper that profiles it).
fn binary() -> PathBuf {
    if let Some(other) = std::env::var_os("FLOWSPEC_BENCH_SERVER") {
        return PathBuf::from(other);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/flowspec");
    if !root.exists() {
        eprintln!("build the release binary first: cargo build --release");
        std::process::exit(2);
    }
    root
}

/// The end-to-end check of the generated workspace and of the same
/// workspace with records, kept records, samples and mappings, run in
/// turn (one of each, `runs` times) so that a busy machine slows both
/// alike, and their ratio.
fn check(runs: usize) {
    let mut cases = [
        Case::new("", flowspec_bench::workspace(1000, 100)),
        Case::new(
            " with records and mappings",
            flowspec_bench::workspace_with_records(1000, 100),
        ),
    ];
    let binary = binary();
    for _ in 0..runs {
        for case in &mut cases {
            case.run(&binary);
        }
    }
    let [plain, records] = cases.map(|c| c.report(runs));
    println!(
        "records and mappings: {:.2}× the check time of the workspace without them",
        records.as_secs_f64() / plain.as_secs_f64()
    );
}

/// One workspace on disk for `flowspec check`, and its runs so far.
struct Case {
    what: &'static str,
    files: usize,
    lines: usize,
    dir: tempfile::TempDir,
    times: Vec<Duration>,
    peak_kib: i64,
}

impl Case {
    fn new(what: &'static str, files: Vec<(String, String)>) -> Case {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (path, text) in &files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Case {
            what,
            files: files.len(),
            lines: files.iter().map(|(_, t)| t.lines().count()).sum(),
            dir,
            times: Vec::new(),
            peak_kib: 0,
        }
    }

    fn run(&mut self, binary: &Path) {
        let start = Instant::now();
        // Reaped by wait4 below, which also gives this child's peak RSS.
        #[allow(clippy::zombie_processes)]
        let child = Command::new(binary)
            .args(["check", "--format", "json", "."])
            .current_dir(self.dir.path())
            .stdout(Stdio::null())
            .spawn()
            .expect("flowspec runs");
        let (code, peak) = wait_with_peak_rss(child.id());
        self.times.push(start.elapsed());
        assert!(code <= 1, "flowspec check failed with status {code}");
        self.peak_kib = self.peak_kib.max(peak);
    }

    /// Prints the figures; returns the median.
    fn report(mut self, runs: usize) -> Duration {
        self.times.sort();
        println!(
            "flowspec check, {} files / {} lines{}, {runs} runs: median {:.0} ms, worst {:.0} ms, peak RSS {:.1} MiB",
            self.files,
            self.lines,
            self.what,
            self.times[self.times.len() / 2].as_secs_f64() * 1000.0,
            self.times[self.times.len() - 1].as_secs_f64() * 1000.0,
            self.peak_kib as f64 / 1024.0
        );
        self.times[self.times.len() / 2]
    }
}

/// Waits for a child process; returns its exit status and its own peak
/// RSS in KiB (wait4 reports the usage of that one process).
fn wait_with_peak_rss(pid: u32) -> (i32, i64) {
    // SAFETY: wait4 writes only into the status and rusage we pass.
    unsafe {
        let mut status = 0;
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage);
        (libc::WEXITSTATUS(status), usage.ru_maxrss)
    }
}
