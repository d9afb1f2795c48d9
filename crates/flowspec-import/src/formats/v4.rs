//! The 4.0 portability spec (`schema_version: '4.0'`): a project with
//! `workflows` as a list, each a list of `steps` (jobs and triggers) linked
//! by `next`. The workspace folder's workflow files have the same shape.

use flowspec_export::openfn::{Condition, Credential, Job, Project, Workflow};

use super::{Draft, EdgeDraft, slugify, trigger, unique_workflows};
use crate::Error;
use crate::fields::Fields;
use crate::tree::{Node, Pos, Value};

const PROJECT: &[&str] = &[
    "id",
    "name",
    "description",
    "schema_version",
    "workflows",
    "credentials",
    "collections",
    "channels",
    "cli",
    "openfn",
    "options",
    "sandbox",
    "version",
];
const WORKFLOW: &[&str] = &[
    "id",
    "name",
    "schema_version",
    "steps",
    "start",
    "globals",
    "options",
    "openfn",
    "history",
];
const STEP: &[&str] = &[
    "id",
    "name",
    "type",
    "enabled",
    "cron_expression",
    "cron",
    "custom_path",
    "cron_cursor_job_id",
    "webhook_reply",
    "webhook_response_config",
    "kafka_configuration",
    "adaptor",
    "adaptors",
    "expression",
    "configuration",
    "next",
    "openfn",
];
const EDGE: &[&str] = &["condition", "label", "disabled", "openfn"];

/// Whether the document is in the 4.0 shape: a `schema_version` (2 and up,
/// as `@openfn/project` reads it), or `workflows` as a list.
pub fn looks_like_v4(root: &Node) -> bool {
    let Ok(top) = Fields::of("", root, "") else {
        return false;
    };
    top.key("schema_version").is_some()
        || top.key("version").is_some()
        || matches!(top.get("workflows").map(|n| &n.value), Some(Value::List(_)))
}

pub fn read(file: &str, root: &Node) -> Result<Project, Error> {
    let top = Fields::of(file, root, "the project")?;
    top.known(PROJECT)?;
    if let Some(version) = top.str("schema_version")?
        && !version.starts_with('4')
    {
        let at = top.get("schema_version").map_or(top.at, |n| n.at);
        return Err(Error::at(
            file,
            at,
            format!("schema_version `{version}`: Flowspec reads the 4.0 portability spec"),
        ));
    }
    let name = top.str("name")?;
    let id = match top.str("id")? {
        Some(id) => id,
        None => slugify(name.as_deref().ok_or_else(|| top.missing("id"))?),
    };
    let mut credentials = Vec::new();
    for node in top.list("credentials")?.unwrap_or_default() {
        let c = Fields::of(file, node, "a credential")?;
        c.known(&["name", "owner", "uuid"])?;
        credentials.push(Credential {
            owner: c.str("owner")?.unwrap_or_default(),
            name: c.required_str("name")?,
        });
    }
    let Some(list) = top.list("workflows")? else {
        return Err(top.missing("workflows"));
    };
    let mut workflows = Vec::new();
    for node in list {
        workflows.push((workflow(file, node, &|_, code| Ok(code))?, node.at));
    }
    unique_workflows(file, &workflows)?;
    Ok(Project {
        name: name.unwrap_or_else(|| id.clone()),
        id,
        description: top.str("description")?,
        credentials,
        workflows: workflows.into_iter().map(|(w, _)| w).collect(),
    })
}

/// Turns a job's `expression` into its code: in a workspace, a path
/// (`./job.js`) names the file that holds it.
pub type Expression<'a> = dyn Fn(Pos, String) -> Result<String, Error> + 'a;

/// One workflow: an item of a project's list, or a workflow file.
pub fn workflow(file: &str, node: &Node, expression: &Expression) -> Result<Workflow, Error> {
    let w = Fields::of(file, node, "a workflow")?;
    w.known(WORKFLOW)?;
    let name = w.str("name")?;
    let id = match w.str("id")? {
        Some(id) => id,
        None => slugify(name.as_deref().ok_or_else(|| w.missing("id"))?),
    };
    let mut draft = Draft::new(file, id.clone(), name.unwrap_or(id), node.at);
    let Some(steps) = w.list("steps")? else {
        return Err(w.missing("steps"));
    };
    let mut start_first: Option<usize> = None;
    let start = w.str("start")?;
    for node in steps {
        let s = Fields::of(file, node, format!("a step of workflow `{}`", draft.id))?;
        s.known(STEP)?;
        let step_name = s.str("name")?;
        let id = match s.str("id")? {
            Some(id) => id,
            None => match (&step_name, s.str("type")?) {
                (Some(n), _) => slugify(n),
                (None, Some(t)) => t,
                (None, None) => String::new(),
            },
        };
        if let Some(type_text) = s.str("type")? {
            let trigger = trigger(&s, id.clone(), &type_text)?;
            if start.as_deref() == Some(id.as_str()) {
                start_first = Some(draft.triggers.len());
            }
            draft.triggers.push((trigger, node.at));
        } else {
            let code = match s.str("expression")? {
                Some(code) => expression(s.get("expression").map_or(node.at, |n| n.at), code)?,
                None => String::new(),
            };
            // A credential's name; an inline configuration is a secret:
            // never kept.
            let credential = s
                .get("configuration")
                .and_then(|n| n.str().map(str::to_string));
            draft.jobs.push((
                Job {
                    id: id.clone(),
                    name: step_name.unwrap_or_else(|| id.clone()),
                    adaptor: s.adaptor()?.ok_or_else(|| s.missing("adaptor"))?,
                    body: code,
                    credential,
                },
                node.at,
            ));
        }
        edges(file, &s, &id, &mut draft)?;
    }
    // The start trigger first: it is the one the workflow was designed for.
    if let Some(i) = start_first {
        let t = draft.triggers.remove(i);
        draft.triggers.insert(0, t);
    }
    draft.finish()
}

/// A step's `next`: a map of target ids to edges (an edge may be only
/// `true`, or a condition string), or one target id.
fn edges(file: &str, s: &Fields, from: &str, draft: &mut Draft) -> Result<(), Error> {
    let Some(next) = s.get("next") else {
        return Ok(());
    };
    let plain = |target: String, at: Pos| {
        (
            EdgeDraft {
                source: from.to_string(),
                target,
                condition: Condition::Always,
                label: None,
                enabled: true,
            },
            at,
        )
    };
    match &next.value {
        Value::Str(target) => draft.edges.push(plain(target.clone(), next.at)),
        Value::Map(entries) => {
            for (key, edge) in entries {
                let mut e = plain(key.text.clone(), key.at);
                match &edge.value {
                    Value::Bool(b) => {
                        e.0.condition = if *b {
                            Condition::Always
                        } else {
                            Condition::Never
                        };
                    }
                    Value::Str(c) => e.0.condition = Condition::parse(c),
                    Value::Map(_) => {
                        let f = Fields::of(file, edge, format!("edge `{from}->{}`", key.text))?;
                        f.known(EDGE)?;
                        e.0.condition = match f.get("condition") {
                            None => Condition::Always,
                            Some(Node {
                                value: Value::Bool(b),
                                ..
                            }) => {
                                if *b {
                                    Condition::Always
                                } else {
                                    Condition::Never
                                }
                            }
                            Some(_) => Condition::parse(&f.required_str("condition")?),
                        };
                        e.0.label = f.str("label")?;
                        e.0.enabled = !f.bool("disabled")?.unwrap_or(false);
                    }
                    other => {
                        return Err(Error::at(
                            file,
                            edge.at,
                            format!(
                                "edge `{from}->{}` must be a map, a condition or true, not {}",
                                key.text,
                                other.kind()
                            ),
                        ));
                    }
                }
                draft.edges.push(e);
            }
        }
        other => {
            return Err(Error::at(
                file,
                next.at,
                format!(
                    "`next` of step `{from}` must be a map of steps, not {}",
                    other.kind()
                ),
            ));
        }
    }
    Ok(())
}
