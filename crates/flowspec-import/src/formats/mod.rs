//! OpenFn's project formats, each read into the exporter's model
//! ([`flowspec_export::openfn::Project`]) with the same checks: known
//! fields, unique ids, edges that point at steps of their workflow.
//!
//! Ids follow `@openfn/project` (the library OpenFn's CLI reads projects
//! with): a job's id is its name made a slug, a trigger's id its type, so
//! a project reads the same here as there, whatever its format.

pub mod state;
pub mod v1;
pub mod v4;
pub mod workspace;

use flowspec_export::openfn::{Condition, Edge, EdgeSource, Job, Trigger, Workflow};

use flowspec_export::openfn::{Credential, Project};

use super::Error;
use super::fields::Fields;
use super::tree::{Node, Pos};

/// `@openfn/project`'s `slugify`: every non-word character a space, then
/// runs of spaces one hyphen, lower case.
pub fn slugify(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect();
    spaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase()
}

/// A workflow being read, with where each part stands, for the checks.
pub struct Draft<'a> {
    pub file: &'a str,
    pub id: String,
    pub name: String,
    pub at: Pos,
    pub triggers: Vec<(Trigger, Pos)>,
    pub jobs: Vec<(Job, Pos)>,
    /// Source step id, target step id, condition, label, enabled.
    pub edges: Vec<(EdgeDraft, Pos)>,
}

pub struct EdgeDraft {
    pub source: String,
    pub target: String,
    pub condition: Condition,
    pub label: Option<String>,
    pub enabled: bool,
}

impl EdgeDraft {
    /// An edge from `source` to `target` with its condition, label and
    /// `enabled` read from the fields both the v1 spec and the state JSON
    /// give them (`condition_type`, `condition_expression`,
    /// `condition_label`, `enabled`), and where it stands.
    pub fn from_fields(
        file: &str,
        node: &Node,
        e: &Fields,
        source: String,
        target: String,
    ) -> Result<(EdgeDraft, Pos), Error> {
        let at = e.get("condition_type").map_or(node.at, |n| n.at);
        let edge = EdgeDraft {
            source,
            target,
            condition: condition(
                file,
                at,
                e.str("condition_type")?.as_deref(),
                e.str("condition_expression")?,
            )?,
            label: e.str("condition_label")?,
            enabled: e.bool("enabled")?.unwrap_or(true),
        };
        Ok((edge, node.at))
    }
}

/// The project read, once its workflows' ids are checked to be unique.
pub fn project(
    file: &str,
    name: String,
    description: Option<String>,
    credentials: Vec<Credential>,
    workflows: Vec<(Workflow, Pos)>,
) -> Result<Project, Error> {
    unique_workflows(file, &workflows)?;
    Ok(Project {
        id: slugify(&name),
        name,
        description,
        credentials,
        workflows: workflows.into_iter().map(|(w, _)| w).collect(),
    })
}

impl<'a> Draft<'a> {
    pub fn new(file: &'a str, id: String, name: String, at: Pos) -> Draft<'a> {
        Draft {
            file,
            id,
            name,
            at,
            triggers: Vec::new(),
            jobs: Vec::new(),
            edges: Vec::new(),
        }
    }

    /// Checks the ids and the edges, and gives the workflow.
    pub fn finish(self) -> Result<Workflow, Error> {
        let mut seen: Vec<(&str, Pos)> = Vec::new();
        let ids = self
            .triggers
            .iter()
            .map(|(t, at)| (t.id.as_str(), *at))
            .chain(self.jobs.iter().map(|(j, at)| (j.id.as_str(), *at)));
        for (id, at) in ids {
            if id.is_empty() {
                return Err(Error::at(
                    self.file,
                    at,
                    format!("a step of workflow `{}` has no id or name", self.id),
                ));
            }
            if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id) {
                return Err(Error::at(
                    self.file,
                    at,
                    format!(
                        "duplicate step id `{id}` in workflow `{}` (first at line {}, column {})",
                        self.id, first.line, first.column
                    ),
                ));
            }
            seen.push((id, at));
        }
        let is_trigger = |id: &str| self.triggers.iter().any(|(t, _)| t.id == id);
        let is_job = |id: &str| self.jobs.iter().any(|(j, _)| j.id == id);
        let mut edges: Vec<Edge> = Vec::new();
        for (e, at) in self.edges {
            let source = if is_trigger(&e.source) {
                EdgeSource::Trigger(e.source.clone())
            } else if is_job(&e.source) {
                EdgeSource::Job(e.source.clone())
            } else {
                return Err(Error::at(
                    self.file,
                    at,
                    format!(
                        "an edge of workflow `{}` starts at `{}`, which is no step of it",
                        self.id, e.source
                    ),
                ));
            };
            if !is_job(&e.target) {
                let what = if is_trigger(&e.target) {
                    "a trigger (an edge can only lead to a job)"
                } else {
                    "no job of it"
                };
                return Err(Error::at(
                    self.file,
                    at,
                    format!(
                        "an edge of workflow `{}` points to `{}`, which is {what}",
                        self.id, e.target
                    ),
                ));
            }
            let id = format!("{}->{}", e.source, e.target);
            if edges.iter().any(|x| x.id == id) {
                return Err(Error::at(
                    self.file,
                    at,
                    format!("duplicate edge `{id}` in workflow `{}`", self.id),
                ));
            }
            edges.push(Edge {
                id,
                source,
                target: e.target,
                condition: e.condition,
                label: e.label,
                enabled: e.enabled,
            });
        }
        Ok(Workflow {
            id: self.id,
            name: self.name,
            flow: String::new(),
            comments: Vec::new(),
            triggers: self.triggers.into_iter().map(|(t, _)| t).collect(),
            jobs: self.jobs.into_iter().map(|(j, _)| j).collect(),
            edges,
            sample_input: None,
        })
    }
}

/// Workflow ids are unique in a project.
pub fn unique_workflows(file: &str, workflows: &[(Workflow, Pos)]) -> Result<(), Error> {
    for (i, (wf, at)) in workflows.iter().enumerate() {
        if let Some((_, first)) = workflows[..i].iter().find(|(w, _)| w.id == wf.id) {
            return Err(Error::at(
                file,
                *at,
                format!(
                    "duplicate workflow id `{}` (first at line {}, column {})",
                    wf.id, first.line, first.column
                ),
            ));
        }
    }
    Ok(())
}

/// A v1 or Lightning condition: its type, and the expression of a
/// `js_expression`.
pub fn condition(
    file: &str,
    at: Pos,
    kind: Option<&str>,
    expression: Option<String>,
) -> Result<Condition, Error> {
    Ok(match kind {
        None | Some("always") => Condition::Always,
        Some("on_job_success") => Condition::OnJobSuccess,
        Some("on_job_failure") => Condition::OnJobFailure,
        Some("never") => Condition::Never,
        Some("js_expression") => Condition::Js(expression.unwrap_or_default()),
        Some(other) => {
            return Err(Error::at(
                file,
                at,
                format!(
                    "unknown condition_type `{other}`: OpenFn knows always, on_job_success, on_job_failure, never and js_expression"
                ),
            ));
        }
    })
}

/// A trigger read from its fields (`type`, `cronExpression`, `enabled`),
/// named `id`: every format spells a trigger's fields alike.
pub fn trigger(t: &Fields, id: String, type_text: &str) -> Result<Trigger, Error> {
    let at = t.get("type").map_or(t.at, |n| n.at);
    let kind = flowspec_export::openfn::TriggerType::parse(type_text).ok_or_else(|| {
        Error::at(
            t.file,
            at,
            format!("unknown trigger type `{type_text}`: OpenFn knows webhook, cron and kafka"),
        )
    })?;
    Ok(Trigger {
        id,
        kind,
        cron_expression: t.cron()?,
        enabled: t.bool("enabled")?.unwrap_or(true),
        comments: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_as_openfn_makes_them() {
        assert_eq!(slugify("Fetch from CommCare"), "fetch-from-commcare");
        assert_eq!(slugify("  a  b_c! "), "a-b_c");
        assert_eq!(slugify("École"), "cole");
    }
}
