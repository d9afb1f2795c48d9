//! Replays every saved fuzz input through its target's checks, on stable,
//! in every test run: `fuzz/corpus/TARGET/*` (the minimized corpora that
//! `cargo fuzz` found, kept in the repository), `fuzz/regressions/TARGET/*`
//! (inputs that once broke a check), and, for the text targets, every
//! bundled example and diagnostics fixture.

use std::path::{Path, PathBuf};

use flowspec_fuzz_checks::TARGETS;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_below(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn replay(target: &str, check: fn(&[u8]), inputs: &[PathBuf]) -> usize {
    for path in inputs {
        // A file a running fuzzer has just replaced is gone: not an input.
        let Ok(data) = std::fs::read(path) else {
            continue;
        };
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(
            outcome.is_ok(),
            "{target} fails on {} (replay: cargo test -p flowspec-fuzz-checks --test corpus)",
            path.display()
        );
    }
    inputs.len()
}

fn saved_inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = repo().join("fuzz");
    let mut inputs = Vec::new();
    files_below(&fuzz.join("corpus").join(target), &mut inputs);
    files_below(&fuzz.join("regressions").join(target), &mut inputs);
    inputs.sort();
    inputs
}

fn replay_saved(target: &str) {
    let (_, check) = TARGETS
        .iter()
        .find(|(t, _)| *t == target)
        .unwrap_or_else(|| panic!("{target} is not a fuzz target"));
    let inputs = saved_inputs(target);
    assert!(!inputs.is_empty(), "no saved inputs of {target}");
    replay(target, *check, &inputs);
}

/// A test per target, so the harness replays them side by side (one test
/// for all of them took 110 s of a debug CI run on its own, on one core).
macro_rules! replay_tests {
    ($($target:ident),* $(,)?) => {
        $(
            #[test]
            fn $target() {
                replay_saved(stringify!($target));
            }
        )*

        #[test]
        fn every_target_has_a_replay_test() {
            let tested = [$(stringify!($target)),*];
            let targets: Vec<&str> = TARGETS.iter().map(|(t, _)| *t).collect();
            assert_eq!(targets, tested, "a fuzz target without a replay test here");
        }
    };
}

replay_tests!(
    parse_and_analyse,
    format,
    reparse,
    positions,
    values,
    import,
    export,
    server_messages,
);

#[test]
fn every_example_and_fixture_passes_the_text_targets() {
    let mut inputs = Vec::new();
    files_below(&repo().join("examples"), &mut inputs);
    files_below(&repo().join("tests/fixtures"), &mut inputs);
    inputs.retain(|p| p.extension().is_some_and(|e| e == "flow"));
    inputs.sort();
    assert!(inputs.len() > 10, "{inputs:?}");
    for (target, check) in TARGETS {
        if matches!(*target, "parse_and_analyse" | "format" | "values") {
            replay(target, *check, &inputs);
        }
    }
}
