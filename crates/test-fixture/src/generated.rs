//! Realistic generated designs for benchmarks, stress tests and the
//! payload guards.
//!
//! Deterministic: the same arguments give the same files, so figures from
//! different runs compare.

use std::fmt::Write;

use crate::Rng;

const CATALOG: [&str; 10] = [
    "commcare",
    "odk",
    "dhis2",
    "excel",
    "googlesheets",
    "postgresql",
    "openmrs",
    "salesforce",
    "telerivet",
    "kobotoolbox",
];
const FREQUENCIES: [&str; 6] = [
    "daily",
    "weekly",
    "monthly",
    "every 2 hours",
    "cron \"0 2 * * 1\"",
    "hourly",
];
const UNITS: [&str; 5] = ["records", "forms", "cases", "messages", "rows"];
const PERIODS: [&str; 4] = ["day", "week", "month", "run"];

/// One file of about `lines` lines: tools and a role declared here, and flows
/// between them, tools of other files, and catalog tools.
pub fn design_file(index: usize, files: usize, lines: usize) -> String {
    let mut rng = Rng::new(index as u64);
    // Skipped: the designs stay those that the README's figures measured.
    rng.next_u64();
    let mut out = String::with_capacity(lines * 32);
    let _ = writeln!(out, "## Generated design {index}: programme data flows.\n");
    let mut written = 2;
    let tools = 3;
    for t in 0..tools {
        let _ = writeln!(
            out,
            "## A tool of programme {index}.\ntool tool_{index}_{t} \"Tool {index}.{t}\" {{\n  kind: {}\n  owner: \"Team {t}\"\n}}\n",
            rng.pick(&["collection", "mis", "database", "spreadsheet"])
        );
        written += 6;
    }
    let _ = writeln!(out, "role officer_{index} \"Data officer {index}\"\n");
    written += 2;
    let mut flow = 0;
    while written + 12 <= lines {
        let other = (index + 1 + rng.below(files.max(1))) % files.max(1);
        let source = format!("tool_{index}_{}", rng.below(tools));
        let middle = if rng.below(4) == 0 {
            format!(" -> officer_{index}")
        } else {
            String::new()
        };
        let target = if rng.below(2) == 0 {
            format!("tool_{other}_{}", rng.below(tools))
        } else {
            rng.pick(&CATALOG).to_string()
        };
        let _ = writeln!(
            out,
            "## Flow {flow} of programme {index}.\nflow flow_{index}_{flow}: {source}{middle} -> {target} {{\n  data: [\"visit forms\", \"indicators {flow}\"]\n  transform {{\n    visit_date: \"MM/DD/YYYY\" -> \"DD/MM/YYYY\"\n    totals: \"sum per district\"\n  }}\n  timing: batch \"scheduled\"\n  frequency: {}\n  volume: ~{} {}/{}\n}}\n",
            rng.pick(&FREQUENCIES),
            100 + rng.below(20_000),
            rng.pick(&UNITS),
            rng.pick(&PERIODS),
        );
        written += 12;
        flow += 1;
    }
    while written < lines {
        out.push_str("# padding\n");
        written += 1;
    }
    out
}

/// A workspace of `files` files of about `lines_per_file` lines each:
/// (path, text) pairs.
pub fn workspace(files: usize, lines_per_file: usize) -> Vec<(String, String)> {
    (0..files)
        .map(|i| {
            (
                format!("designs/programme_{i:04}.flow"),
                design_file(i, files, lines_per_file),
            )
        })
        .collect()
}

/// One file of `lines` lines (the "large file" of editor benchmarks).
pub fn large_file(lines: usize) -> String {
    design_file(0, 1, lines)
}
