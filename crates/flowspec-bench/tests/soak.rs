//! The soak of the server (`flowspec_bench::soak`), small enough for CI:
//!
//!     cargo test --workspace --test soak -- --ignored
//!
//! (`scripts/test-all.sh` runs it so, on the test build; add `--release`
//! after `cargo build --release -p flowspec` for the optimized server.)
//! `FLOWSPEC_SOAK_STEPS` and `FLOWSPEC_SOAK_SEED` change its size and seed.
//! The `flowspec` binary is the one of this build's profile, beside the
//! test's own folder (`target/debug/flowspec`, `target/release/flowspec`).

use std::path::PathBuf;

use flowspec_bench::soak::{Config, run};

fn binary() -> PathBuf {
    // target/<profile>/deps/soak-… → target/<profile>/flowspec
    let exe = std::env::current_exe().unwrap();
    let binary = exe.parent().unwrap().parent().unwrap().join("flowspec");
    assert!(
        binary.exists(),
        "{} is missing: build it first (cargo build -p flowspec, with --release for a release run)",
        binary.display()
    );
    binary
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
#[ignore = "holds a real server for thousands of steps: run with --ignored (scripts/test-all.sh does)"]
fn one_server_survives_a_soak_and_agrees_with_check() {
    let config = Config {
        steps: env_number("FLOWSPEC_SOAK_STEPS", 6_000),
        seed: env_number("FLOWSPEC_SOAK_SEED", 2) as u64,
        sample_every: 100,
        ..Config::default()
    };
    let report = run(&binary(), &config);
    report.print();
    report.assert_ok();
    assert!(report.requests > config.steps / 3, "{report:?}");
    assert!(
        report.diagnostics_at_end > 0,
        "a run ends with problems to compare"
    );
}
