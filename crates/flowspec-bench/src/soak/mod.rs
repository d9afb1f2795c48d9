//! The soak: one real `flowspec lsp` process, held for a long run of random
//! steps across a workspace folder of generated designs, as an editor and
//! a file system drive it (see [`actions`]). Seeded and deterministic: a
//! seed replays the same messages.
//!
//! It asserts that
//! - every request gets a response or an error response, within the
//!   harness's bound on every wait ([`flowspec_lsp_harness::timeout`]), and
//!   none is an internal error (a panic the server caught), nor does the
//!   server log an error;
//! - the process never exits (checked at every memory sample, and every
//!   wait fails at once if it does);
//! - its resident memory stays flat after warm-up ([`memory::Samples::verdict`]);
//! - the server's text of an open document is the client's, whenever the
//!   run asks for it (`flowspec/documentText`);
//! - at the end, every document saved or not and closed, the diagnostics
//!   it last published for each file equal `flowspec check --format json`
//!   of the folder ([`compare`]).
//!
//! Run it (`fuzz/README.md` and the README have the figures):
//!
//! ```sh
//! cargo build --release -p flowspec
//! cargo run --release -p flowspec-bench -- soak --edits 100000 --files 50 [--seed N]
//! ```

mod actions;
pub mod compare;
pub mod memory;
pub mod text;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use flowspec_lsp_harness::{Options, Server};
use serde_json::json;

use actions::Soak;
use memory::{Samples, Verdict};

/// The size and seed of a run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Steps: edits, requests, opening and closing, changes on disk.
    pub steps: usize,
    /// Files in the folder at the start (the run keeps near this number).
    pub files: usize,
    /// Lines of each generated file at the start.
    pub lines: usize,
    pub seed: u64,
    /// Steps between two samples of the server's memory.
    pub sample_every: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            steps: 100_000,
            files: 50,
            lines: 80,
            seed: 1,
            sample_every: 250,
        }
    }
}

/// What a run did and measured.
#[derive(Debug)]
pub struct Report {
    pub config: Config,
    pub duration: Duration,
    pub counts: BTreeMap<&'static str, usize>,
    pub requests: usize,
    pub error_responses: BTreeMap<String, usize>,
    pub warnings: BTreeMap<String, usize>,
    pub failures: Vec<String>,
    pub samples: Samples,
    pub memory: Verdict,
    /// Files on disk at the end, and those with diagnostics.
    pub files_at_end: usize,
    pub files_with_diagnostics: usize,
    pub diagnostics_at_end: usize,
    /// Where the server's last diagnostics and `flowspec check` differ.
    pub differences: Option<String>,
}

impl Report {
    pub fn print(&self) {
        let c = &self.config;
        println!(
            "soak: {} steps over {} files (seed {}), {:.1} s, {} requests",
            c.steps,
            c.files,
            c.seed,
            self.duration.as_secs_f64(),
            self.requests
        );
        for (what, n) in &self.counts {
            println!("  {what}: {n}");
        }
        for (what, n) in &self.error_responses {
            println!("  error response {what}: {n}");
        }
        for (what, n) in &self.warnings {
            println!("  warning logged \"{what} …\": {n}");
        }
        let m = &self.memory;
        println!(
            "memory (VmRSS, MiB): {:.1} indexed, {:.1} max after warm-up (2nd quarter), {:.1} max in the last half (bound {:.1}), {:.1} at the end; slope over the last half {:+.2} MiB per 10,000 steps",
            m.start, m.warm, m.late, m.bound, m.end, m.slope
        );
        println!(
            "at the end: {} files on disk, {} diagnostics in {} files; server = flowspec check: {}",
            self.files_at_end,
            self.diagnostics_at_end,
            self.files_with_diagnostics,
            if self.differences.is_none() {
                "yes"
            } else {
                "NO"
            }
        );
        for failure in self.failures.iter().take(20) {
            println!("FAILURE: {failure}");
        }
        if let Some(d) = &self.differences {
            println!("differences:\n{d}");
        }
    }

    /// Fails (panics) unless the run met every assertion.
    pub fn assert_ok(&self) {
        assert!(
            self.failures.is_empty(),
            "{} failures, the first: {}",
            self.failures.len(),
            self.failures[0]
        );
        assert!(
            self.memory.flat(),
            "the server's memory grew after warm-up: {:?}",
            self.memory
        );
        if let Some(d) = &self.differences {
            panic!("the server's diagnostics differ from flowspec check:\n{d}");
        }
    }
}

/// Runs a soak against the `flowspec` binary.
pub fn run(binary: &Path, config: &Config) -> Report {
    let root = tempfile::tempdir().expect("a temporary folder");
    let files = crate::workspace(config.files, config.lines);
    for (path, text) in &files {
        let full = root.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    let started = Instant::now();
    let mut server = Server::start_in(binary, root, Options::default());
    server.wait_log("indexed");
    let pid = server.pid();
    let disk = files.into_iter().map(|(p, _)| p).collect();
    let limit = 3 * config.lines * 40;
    let mut soak = Soak::new(server, config.seed, disk, limit);
    soak.drain();
    let mut samples = Samples::default();
    let sample = |samples: &mut Samples, step: usize| {
        assert!(memory::alive(pid), "the server exited before step {step}");
        samples.push(step, memory::status_kib(pid, "VmRSS:").unwrap_or(0));
    };
    // After indexing, the first diagnostics out.
    soak.server
        .request("workspace/symbol", json!({ "query": "" }));
    sample(&mut samples, 0);
    for step in 1..=config.steps {
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| soak.step())) {
            eprintln!(
                "soak failed at step {step} of {} (seed {}): rerun with --seed {} --edits {step}",
                config.steps, config.seed, config.seed
            );
            resume_unwind(panic);
        }
        if step % config.sample_every == 0 || step == config.steps {
            sample(&mut samples, step);
        }
    }

    // Every document saved (or not) and closed: the server holds the disk.
    for path in soak.open_paths() {
        if soak.rng.chance(50) {
            soak.save_path(&path);
        }
        soak.server.close(&path);
    }
    let expected = compare::expected(binary, soak.server.root.path());
    let differences = settle(&mut soak, &expected);
    let duration = started.elapsed();
    assert!(memory::alive(pid), "the server exited at the end");
    let published = compare::published(&soak.server, &soak.latest);
    let Soak {
        server,
        counts,
        requests,
        error_responses,
        warnings,
        failures,
        disk,
        ..
    } = soak;
    server.shutdown();
    Report {
        config: config.clone(),
        duration,
        counts,
        requests,
        error_responses,
        warnings,
        failures,
        memory: samples.verdict(config.steps),
        samples,
        files_at_end: disk.len(),
        files_with_diagnostics: published.len(),
        diagnostics_at_end: published.values().map(Vec::len).sum(),
        differences,
    }
}

/// Waits for the server's last publications to agree with `flowspec
/// check` (the closes are analysed and published within the debounce, but
/// the publisher runs beside the answers): a request as a barrier, then a
/// pause, up to ten seconds; the differences if they never agree.
fn settle(soak: &mut Soak, expected: &compare::ByFile) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        soak.server
            .request("workspace/symbol", json!({ "query": "" }));
        soak.drain();
        let published = compare::published(&soak.server, &soak.latest);
        let differences = compare::differences(&published, expected);
        if differences.is_none() || Instant::now() > deadline {
            return differences;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// `flowspec-bench soak [--edits N] [--files N] [--lines N] [--seed N]
/// [--sample-every N]`: runs, prints the report, exits 1 if an assertion
/// failed.
pub fn cli(binary: &Path, args: &[String]) {
    let mut config = Config::default();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value: usize = args
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| usage(&format!("{flag} needs a number")));
        match flag.as_str() {
            "--edits" | "--steps" => config.steps = value,
            "--files" => config.files = value.max(1),
            "--lines" => config.lines = value.max(10),
            "--seed" => config.seed = value as u64,
            "--sample-every" => config.sample_every = value.max(1),
            other => usage(&format!("unknown option {other}")),
        }
    }
    let report = run(binary, &config);
    report.print();
    if catch_unwind(AssertUnwindSafe(|| report.assert_ok())).is_err() {
        std::process::exit(1);
    }
}

fn usage(problem: &str) -> ! {
    eprintln!(
        "{problem}\nusage: flowspec-bench soak [--edits N] [--files N] [--lines N] [--seed N] [--sample-every N]"
    );
    std::process::exit(2);
}
