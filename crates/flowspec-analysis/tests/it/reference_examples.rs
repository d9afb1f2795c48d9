//! Every example in the diagnostics reference triggers the code of its
//! section, so the reference (and `flowspec explain`) cannot drift from the
//! analysis.

use flowspec_analysis::{Code, Workspace};

const REFERENCE: &str = include_str!("../../../../grammar/diagnostics.md");

/// (code, examples) for each `## \`code\`` section.
fn sections() -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_block = false;
    for line in REFERENCE.lines() {
        if let Some(code) = line.strip_prefix("## `").and_then(|l| l.strip_suffix('`')) {
            out.push((code.to_string(), Vec::new()));
        } else if line == "```flow" {
            in_block = true;
            if let Some((_, examples)) = out.last_mut() {
                examples.push(String::new());
            }
        } else if line == "```" {
            in_block = false;
        } else if in_block && let Some(example) = out.last_mut().and_then(|s| s.1.last_mut()) {
            example.push_str(line);
            example.push('\n');
        }
    }
    out
}

#[test]
fn every_code_has_a_section_whose_example_triggers_it() {
    let sections = sections();
    let documented: Vec<&str> = sections.iter().map(|(c, _)| c.as_str()).collect();
    let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        documented, all,
        "the reference lists the codes in this order"
    );
    for (code, examples) in &sections {
        assert!(!examples.is_empty(), "{code} has no example");
        for example in examples {
            let mut workspace = Workspace::new();
            let (id, _) = workspace.set_file("example.flow", example.as_str());
            let codes: Vec<&str> = workspace
                .diagnostics(id)
                .iter()
                .map(|d| d.code.as_str())
                .collect();
            assert!(
                codes.contains(&code.as_str()),
                "the example of `{code}` gives {codes:?}:\n{example}"
            );
        }
    }
}

#[test]
fn the_reference_lists_every_catalog_tool() {
    let reference = include_str!("../../../../grammar/REFERENCE.md");
    for entry in flowspec_analysis::catalog::catalog().entries() {
        for id in std::iter::once(&entry.id).chain(&entry.aliases) {
            assert!(
                reference.contains(&format!("`{id}`")),
                "grammar/REFERENCE.md does not list the catalog id `{id}`"
            );
        }
        let row = format!("| {} | {} |", entry.name, entry.kind.as_str());
        assert!(
            reference.contains(&row),
            "the reference's row for `{}` is out of date",
            entry.id
        );
    }
}
