//! The names an import gives: flows after their workflows, tools after
//! their adaptors, as identifiers of the language
//! (`[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*`).

use flowspec_export::openfn::{Project, Workflow};

/// Words the language reserves, and the words an identifier may not be
/// because they answer questions.
const RESERVED: [&str; 3] = ["tool", "role", "flow"];

/// `text` as an identifier: letters, digits and `_` kept (ASCII), every
/// other run of characters one `_`; hyphens only between word characters;
/// `_` first when it would start with a digit; `fallback` when nothing is
/// left.
pub fn ident(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c == '-' && !out.is_empty() && !out.ends_with(['-', '_']) {
            out.push('-');
        } else if !out.is_empty() && !out.ends_with(['-', '_']) {
            out.push('_');
        }
    }
    let out = out.trim_end_matches(['-', '_']).to_string();
    let out = if out.is_empty() {
        fallback.to_string()
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{out}")
    } else {
        out
    };
    if RESERVED.contains(&out.as_str()) {
        format!("{out}_")
    } else {
        out
    }
}

/// Each workflow's flow: for a workflow Flowspec exported, the flow its
/// bodies name; else its id as an identifier (`monthly-indicators`). Made
/// unique in the project in workflow order. The kept project is read back
/// with the same rule, so the exporter finds each flow's workflow.
pub fn assign_flows(project: &mut Project) {
    let mut taken: Vec<String> = Vec::new();
    for wf in &mut project.workflows {
        let base = exported_name(wf).unwrap_or_else(|| ident(&wf.id, "workflow"));
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        taken.push(name.clone());
        wf.flow = name;
    }
}

/// The flow a workflow `flowspec export openfn` wrote came from: every job
/// body starts `// Flow NAME: …` with the same name.
fn exported_name(wf: &Workflow) -> Option<String> {
    let mut names = wf.jobs.iter().map(|j| {
        let rest = j.body.strip_prefix("// Flow ")?;
        let (name, _) = rest.split_once(": ")?;
        Some(name.to_string())
    });
    let first = names.next()??;
    if names.any(|n| n.as_deref() != Some(first.as_str())) {
        return None;
    }
    (ident(&first, "") == first).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::ident;

    #[test]
    fn identifiers_of_the_language() {
        assert_eq!(ident("monthly-indicators", "w"), "monthly-indicators");
        assert_eq!(ident("Monthly Indicators!", "w"), "Monthly_Indicators");
        assert_eq!(ident("2024 report", "w"), "_2024_report");
        assert_eq!(ident("--a--b--", "w"), "a-b");
        assert_eq!(ident("école", "w"), "cole");
        assert_eq!(ident("ክሊኒክ", "w"), "w");
        assert_eq!(ident("flow", "w"), "flow_");
    }
}
