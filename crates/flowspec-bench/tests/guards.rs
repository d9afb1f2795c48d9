//! Guards of the editor loop's cost that do not depend on the machine's
//! speed or load: the allocations per keystroke on a generated
//! 10,000-line design, each stage of the analysis (`flowspec-bench count`)
//! and the whole language server through the protocol, in process
//! (`flowspec-bench count-server`), against their budgets; and the bytes
//! the analysis of a generated 1,000-file workspace holds (`flowspec-bench
//! memory`). The same counts
//! on every run of a build; a change that makes a keystroke allocate a
//! quarter more fails here, before any timing could tell.

use std::process::Command;

fn bench(args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_flowspec-bench"))
        .args(args)
        .output()
        .expect("flowspec-bench runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "flowspec-bench {} went over a budget:\n{stdout}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn each_stage_of_a_keystroke_allocates_within_its_budget() {
    bench(&["count", "20"]);
}

#[test]
fn the_whole_server_allocates_within_its_budget_per_keystroke() {
    bench(&["count-server", "20"]);
}

#[test]
fn the_analysis_of_a_large_workspace_holds_its_memory_budget() {
    bench(&["memory"]);
}
