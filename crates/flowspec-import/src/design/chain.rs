//! A workflow's chain: the jobs from its start along the first edge out of
//! each, as the tools their adaptors name. The language says one chain per
//! flow: branches and the jobs off the chain are written as comments.

use flowspec_analysis::catalog::{catalog, is_known_adaptor};
use flowspec_export::openfn::{Condition, Job, TriggerType, Workflow};

use super::{ToolDecl, one_line, string, tool_id};

/// The adaptor of the transformation and glue jobs: no system of its own.
const COMMON: &str = "common";

pub(crate) struct Chain {
    pub steps: Vec<String>,
    pub tools: Vec<ToolDecl>,
    pub comments: Vec<String>,
    /// Branches and jobs off the chain, for the notes.
    pub off_chain: Vec<String>,
}

/// `@openfn/language-dhis2@4.0.0` → `dhis2`; another scope's package keeps
/// its name without the version.
pub(crate) fn adaptor_name(package: &str) -> (String, bool) {
    let (scoped, rest) = match package.strip_prefix('@') {
        Some(r) => (true, r),
        None => (false, package),
    };
    let without_version = match rest.split_once('@') {
        Some((name, _)) => name,
        None => rest,
    };
    let full = if scoped {
        format!("@{without_version}")
    } else {
        without_version.to_string()
    };
    match full.strip_prefix("@openfn/language-") {
        Some(name) => (name.to_string(), true),
        None => (full, false),
    }
}

/// The tool a job's adaptor names, if it is a system (not `common`).
pub(crate) fn tool_of(job: &Job) -> Option<ToolDecl> {
    let (name, openfn) = adaptor_name(&job.adaptor);
    if openfn && name == COMMON {
        return None;
    }
    let doc = Some(format!(
        "Used by OpenFn jobs through the adaptor `{}`.",
        one_line(&job.adaptor)
    ));
    if openfn
        && let Some(entry) = catalog()
            .entries()
            .iter()
            .find(|e| e.adaptor.as_deref() == Some(name.as_str()))
    {
        return Some(ToolDecl {
            id: entry.id.clone(),
            role: false,
            name: Some(entry.name.clone()),
            doc,
            properties: vec![("adaptor".to_string(), name)],
        });
    }
    let properties = if openfn && is_known_adaptor(&name) {
        vec![("adaptor".to_string(), name.clone())]
    } else {
        vec![(
            "notes".to_string(),
            string(&format!(
                "OpenFn adaptor {} (not in OpenFn's list of adaptors)",
                one_line(&job.adaptor)
            )),
        )]
    };
    Some(ToolDecl {
        id: tool_id(&name),
        role: false,
        name: Some(name),
        doc,
        properties,
    })
}

fn condition_text(c: &Condition) -> String {
    match c {
        Condition::Js(code) => format!("when `{}`", one_line(code)),
        other => other.kind().to_string(),
    }
}

pub(crate) fn of(wf: &Workflow) -> Chain {
    // The path: from the start trigger (or the first job nothing leads
    // to), the first edge out of each step to a job not yet on it.
    let mut path: Vec<&str> = Vec::new();
    let mut on_path_edges: Vec<&str> = Vec::new();
    let start = match wf.triggers.first() {
        Some(t) => Some(t.id.as_str()),
        None => wf
            .jobs
            .iter()
            .find(|j| !wf.edges.iter().any(|e| e.target == j.id))
            .or(wf.jobs.first())
            .map(|j| j.id.as_str()),
    };
    let mut at = start;
    if wf.triggers.is_empty()
        && let Some(first) = at
    {
        path.push(first);
    }
    while let Some(from) = at {
        let next = wf
            .edges
            .iter()
            .find(|e| e.source_id() == from && !path.contains(&e.target.as_str()));
        match next {
            Some(edge) => {
                path.push(&edge.target);
                on_path_edges.push(&edge.id);
                at = Some(&edge.target);
            }
            None => at = None,
        }
    }
    let jobs: Vec<&Job> = path
        .iter()
        .filter_map(|id| wf.jobs.iter().find(|j| j.id == *id))
        .collect();

    let mut comments = Vec::new();
    let described: Vec<String> = jobs.iter().map(|j| describe(j)).collect();
    if !described.is_empty() {
        comments.push(format!(
            "Jobs on the chain, in order: {}.",
            described.join("; ")
        ));
    }
    let mut off_chain = Vec::new();
    let others: Vec<String> = wf
        .jobs
        .iter()
        .filter(|j| !path.contains(&j.id.as_str()))
        .map(describe)
        .collect();
    if !others.is_empty() {
        let text = format!("Jobs off the chain: {}.", others.join("; "));
        off_chain.push(format!("{} job(s) off the chain", others.len()));
        comments.push(text);
    }
    let mut branches = Vec::new();
    for edge in &wf.edges {
        let state = if edge.enabled { "" } else { ", disabled" };
        let label = edge
            .label
            .as_ref()
            .map(|l| format!(", labelled \"{}\"", one_line(l)))
            .unwrap_or_default();
        let text = format!(
            "{} -> {} ({}{label}{state})",
            edge.source_id(),
            edge.target,
            condition_text(&edge.condition)
        );
        let on_path = on_path_edges.contains(&edge.id.as_str());
        let plain = matches!(edge.condition, Condition::Always | Condition::OnJobSuccess)
            && edge.enabled
            && edge.label.is_none();
        if on_path && !plain {
            comments.push(format!("On the chain, {text}."));
        } else if !on_path {
            branches.push(text);
        }
    }
    if !branches.is_empty() {
        off_chain.push(format!("{} edge(s) off the chain", branches.len()));
        comments.push(format!("Edges off the chain: {}.", branches.join("; ")));
    }

    let mut tools: Vec<ToolDecl> = Vec::new();
    let mut steps: Vec<String> = Vec::new();
    for job in &jobs {
        if let Some(tool) = tool_of(job) {
            if steps.last() != Some(&tool.id) {
                steps.push(tool.id.clone());
            }
            if !tools.iter().any(|t| t.id == tool.id) {
                tools.push(tool);
            }
        }
    }
    match steps.len() {
        0 => {
            comments.push("No job names a system (only `common` or no job at all): `openfn` stands for the workflow itself at both ends.".to_string());
            steps = vec!["openfn".to_string(), "openfn".to_string()];
        }
        1 => {
            let receives = wf
                .triggers
                .first()
                .is_some_and(|t| t.kind != TriggerType::Cron);
            comments.push(
                "The job code names one system: `openfn` stands for the workflow itself."
                    .to_string(),
            );
            if receives {
                steps.insert(0, "openfn".to_string());
            } else {
                steps.push("openfn".to_string());
            }
        }
        _ => {}
    }
    Chain {
        steps,
        tools,
        comments,
        off_chain,
    }
}

/// `fetch (dhis2, credential `me|DHIS2`)`.
fn describe(job: &Job) -> String {
    let mut parts = vec![format!("`{}`", one_line(&job.adaptor))];
    if let Some(c) = &job.credential {
        parts.push(format!("credential `{}`", one_line(c)));
    }
    format!("`{}` ({})", job.id, parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::adaptor_name;

    #[test]
    fn adaptor_names() {
        assert_eq!(
            adaptor_name("@openfn/language-dhis2@4.0.0"),
            ("dhis2".to_string(), true)
        );
        assert_eq!(
            adaptor_name("@openfn/language-common@latest"),
            ("common".to_string(), true)
        );
        assert_eq!(
            adaptor_name("@acme/language-x@1.0"),
            ("@acme/language-x".to_string(), false)
        );
        assert_eq!(adaptor_name("http"), ("http".to_string(), false));
    }
}
