//! Every example in the diagnostics reference triggers the code of its
//! section, so the reference (and `flowspec explain`) cannot drift from the
//! analysis.

use flowspec_analysis::discovery::Profile;
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
            // The discovery checks run with their profile only.
            if code.parse::<Code>().is_ok_and(Code::is_discovery) {
                workspace.set_profile(Profile::Discovery);
            }
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

/// The records chapter's examples form one design that checks without an
/// error: the reference shows what is valid.
#[test]
fn the_records_chapter_examples_are_valid_together() {
    let reference = include_str!("../../../../grammar/REFERENCE.md");
    let start = reference
        .find("## Records, fields and mappings")
        .expect("the records chapter");
    let chapter = &reference[start..];
    let chapter = &chapter[..chapter
        .find("\n## Discovery properties")
        .expect("the next chapter")];
    let mut design = String::from("record household {\n  household_id: text identifier\n}\n");
    let mut in_block = false;
    for line in chapter.lines() {
        match line {
            "```flow" => in_block = true,
            "```" => in_block = false,
            _ if in_block => {
                design.push_str(line);
                design.push('\n');
            }
            _ => {}
        }
    }
    assert!(design.contains("owns patient"), "{design}");
    let mut workspace = Workspace::new();
    let (id, _) = workspace.set_file("records.flow", design.as_str());
    let errors: Vec<String> = workspace
        .diagnostics(id)
        .iter()
        .filter(|d| d.severity == flowspec_analysis::Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert_eq!(errors, Vec::<String>::new(), "{design}");
}

/// The discovery chapter's example passes the discovery profile: no
/// discovery diagnostic, no error.
#[test]
fn the_discovery_chapter_example_passes_the_profile() {
    let reference = include_str!("../../../../grammar/REFERENCE.md");
    let start = reference
        .find("## Discovery properties")
        .expect("the discovery chapter");
    let chapter = &reference[start..];
    let block = chapter.find("```flow\n").expect("an example") + "```flow\n".len();
    let example = &chapter[block..block + chapter[block..].find("```").unwrap()];
    let mut workspace = Workspace::new();
    workspace.set_profile(Profile::Discovery);
    let (id, _) = workspace.set_file("discovery.flow", example);
    let found: Vec<String> = workspace
        .diagnostics(id)
        .iter()
        .filter(|d| d.code.is_discovery() || d.severity == flowspec_analysis::Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert_eq!(found, Vec::<String>::new(), "{example}");
}
