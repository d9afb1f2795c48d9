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
        let (source, middle, target) = chain_ends(&mut rng, index, files, tools, false);
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

/// A generated flow's chain: a tool of this file, sometimes through its
/// officer, to a tool of another file (never this one, with `other_file`)
/// or of the catalog.
fn chain_ends(
    rng: &mut Rng,
    index: usize,
    files: usize,
    tools: usize,
    other_file: bool,
) -> (String, String, String) {
    let mut other = (index + 1 + rng.below(files.max(1))) % files.max(1);
    if other_file && other == index {
        other = (index + 1) % files.max(1);
    }
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
    (source, middle, target)
}

/// One file of about `lines` lines that also says what its data is: a
/// record with typed fields (its definitions as doc comments), its tools
/// keeping it in their own formats and codes (the system of record with a
/// sample record), and flows that move it with
/// a mapping (a date conversion, a code list, a lookup, an aggregation).
/// Flows go to tools of other files and catalog tools, as in
/// [`design_file`].
pub fn design_file_with_records(index: usize, files: usize, lines: usize) -> String {
    let mut rng = Rng::new(index as u64);
    rng.next_u64();
    let mut out = String::with_capacity(lines * 36);
    let _ = writeln!(
        out,
        "## Generated design {index}: programme data flows and their records.\n"
    );
    let _ = writeln!(
        out,
        "## A household visit of programme {index}.\nrecord visit_{index} \"Visit {index}\" {{\n  ## One submitted visit form.\n  visit_id: text identifier\n  visit_date: date \"YYYY-MM-DD\" required\n  sex: choice [\"female\", \"male\"]\n  district: text required\n  client_name: text personal\n}}\n"
    );
    let mut written = 2 + 10;
    let tools = 3;
    for t in 0..tools {
        let verb = if t == 0 { "owns" } else { "keeps" };
        // The system of record carries a sample record, as it writes it.
        let sample = if t == 0 {
            written += 6;
            format!(
                "  sample visit_{index} {{\n    visit_id: \"v-{index}-1\"\n    visit_date: \"12/31/2024\"\n    sex: \"1\"\n    district: \"District {index}\"\n  }}\n"
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "## A tool of programme {index}.\ntool tool_{index}_{t} \"Tool {index}.{t}\" {{\n  kind: {}\n  owner: \"Team {t}\"\n  {verb} visit_{index} {{\n    visit_date: as \"date\" \"MM/DD/YYYY\"\n    sex: [\"1\", \"2\"]\n  }}\n{sample}}}\n",
            rng.pick(&["collection", "mis", "database", "spreadsheet"])
        );
        written += 10;
    }
    let _ = writeln!(out, "role officer_{index} \"Data officer {index}\"\n");
    written += 2;
    let mut flow = 0;
    while written + 14 <= lines {
        // Another programme's tool: it keeps no record of this one, so it
        // takes the record's own formats and codes, as the mapping writes.
        let (source, middle, target) = chain_ends(&mut rng, index, files, tools, true);
        let _ = writeln!(
            out,
            "## Flow {flow} of programme {index}.\nflow flow_{index}_{flow}: {source}{middle} -> {target} {{\n  data: visit_{index}\n  transform {{\n    visit_date: \"MM/DD/YYYY\" -> \"YYYY-MM-DD\"\n    sex: [\"1\" -> \"female\", \"2\" -> \"male\"]\n    district: lookup \"the facility's district\"\n    client_name: rule \"initials only\"\n  }}\n  timing: batch \"scheduled\"\n  frequency: {}\n  volume: ~{} {}/{}\n}}\n",
            rng.pick(&FREQUENCIES),
            100 + rng.below(20_000),
            rng.pick(&UNITS),
            rng.pick(&PERIODS),
        );
        written += 14;
        flow += 1;
    }
    while written < lines {
        out.push_str("# padding\n");
        written += 1;
    }
    out
}

/// [`workspace`], each file with records, kept records and mappings
/// ([`design_file_with_records`]).
pub fn workspace_with_records(files: usize, lines_per_file: usize) -> Vec<(String, String)> {
    (0..files)
        .map(|i| {
            (
                format!("designs/programme_{i:04}.flow"),
                design_file_with_records(i, files, lines_per_file),
            )
        })
        .collect()
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
