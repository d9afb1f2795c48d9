//! Lightning's state JSON (`openfn pull`'s `.state.json`, the provisioner
//! API's project): everything by UUID, jobs, triggers and edges as maps or
//! lists, credentials as `project_credentials`.

use flowspec_export::openfn::{Credential, Job, Project};

use super::{Draft, EdgeDraft, project, slugify, trigger};
use crate::Error;
use crate::fields::Fields;
use crate::tree::Node;

const PROJECT: &[&str] = &[
    "id",
    "name",
    "description",
    "workflows",
    "project_credentials",
    "collections",
    "channels",
    "concurrency",
    "inserted_at",
    "updated_at",
    "scheduled_deletion",
    "allow_support_access",
    "requires_mfa",
    "retention_policy",
    "history_retention_period",
    "dataclip_retention_period",
    "env",
    "color",
    "parent_id",
];
const WORKFLOW: &[&str] = &[
    "id",
    "name",
    "jobs",
    "triggers",
    "edges",
    "delete",
    "project_id",
    "version_history",
    "concurrency",
    "enable_job_logs",
    "lock_version",
    "inserted_at",
    "updated_at",
    "deleted_at",
    "positions",
];
const JOB: &[&str] = &[
    "id",
    "name",
    "adaptor",
    "body",
    "project_credential_id",
    "keychain_credential_id",
    "delete",
    "workflow_id",
    "inserted_at",
    "updated_at",
];
const TRIGGER: &[&str] = &[
    "id",
    "type",
    "enabled",
    "cron_expression",
    "custom_path",
    "cron_cursor_job_id",
    "webhook_reply",
    "webhook_response_config",
    "kafka_configuration",
    "delete",
    "workflow_id",
    "has_auto_generated_name",
    "inserted_at",
    "updated_at",
];
const EDGE: &[&str] = &[
    "id",
    "source_trigger_id",
    "source_job_id",
    "target_job_id",
    "condition_type",
    "condition_expression",
    "condition_label",
    "enabled",
    "delete",
    "workflow_id",
    "inserted_at",
    "updated_at",
];

/// Whether the text is Lightning's state rather than a v1 project file.
pub fn looks_like_state(root: &Node) -> bool {
    let Ok(top) = Fields::of("", root, "") else {
        return false;
    };
    if top.key("project_credentials").is_some() {
        return true;
    }
    let Ok(workflows) = top.items("workflows") else {
        return false;
    };
    workflows.iter().any(|(_, wf)| {
        Fields::of("", wf, "").is_ok_and(|w| {
            w.items("edges").is_ok_and(|edges| {
                edges.iter().any(|(_, e)| {
                    Fields::of("", e, "").is_ok_and(|e| {
                        e.key("target_job_id").is_some() || e.key("source_trigger_id").is_some()
                    })
                })
            })
        })
    })
}

fn deleted(f: &Fields) -> Result<bool, Error> {
    Ok(f.bool("delete")?.unwrap_or(false))
}

pub fn read(file: &str, root: &Node) -> Result<Project, Error> {
    let top = Fields::of(file, root, "the project")?;
    top.known(PROJECT)?;
    let name = top.required_str("name")?;
    let mut credentials: Vec<(String, Credential)> = Vec::new();
    if let Some(list) = top.list("project_credentials")? {
        for node in list {
            let c = Fields::of(file, node, "a project credential")?;
            c.known(&["id", "name", "owner"])?;
            credentials.push((
                c.str("id")?.unwrap_or_default(),
                Credential {
                    owner: c.str("owner")?.unwrap_or_default(),
                    name: c.required_str("name")?,
                },
            ));
        }
    }
    let mut workflows = Vec::new();
    if top.get("workflows").is_none() {
        return Err(top.missing("workflows"));
    }
    for (key, node) in top.items("workflows")? {
        let label = key.map_or("a workflow".to_string(), |k| {
            format!("workflow `{}`", k.text)
        });
        let w = Fields::of(file, node, label)?;
        w.known(WORKFLOW)?;
        if deleted(&w)? {
            continue;
        }
        let wf_name = w.required_str("name")?;
        let mut draft = Draft::new(file, slugify(&wf_name), wf_name, node.at);
        let mut uuids: Vec<(String, String)> = Vec::new();
        for (_, node) in w.items("jobs")? {
            let j = Fields::of(file, node, "a job")?;
            j.known(JOB)?;
            if deleted(&j)? {
                continue;
            }
            let name = j.required_str("name")?;
            let id = slugify(&name);
            uuids.push((j.str("id")?.unwrap_or_default(), id.clone()));
            let credential = j.str("project_credential_id")?.map(|c| {
                credentials
                    .iter()
                    .find(|(uuid, _)| *uuid == c)
                    .map_or(c, |(_, cred)| cred.reference())
            });
            draft.jobs.push((
                Job {
                    id,
                    name,
                    adaptor: j.required_str("adaptor")?,
                    body: j.str("body")?.unwrap_or_default(),
                    credential,
                },
                node.at,
            ));
        }
        for (_, node) in w.items("triggers")? {
            let t = Fields::of(file, node, "a trigger")?;
            t.known(TRIGGER)?;
            if deleted(&t)? {
                continue;
            }
            let type_text = t.required_str("type")?;
            let trigger = trigger(&t, type_text.clone(), &type_text)?;
            uuids.push((t.str("id")?.unwrap_or_default(), type_text));
            draft.triggers.push((trigger, node.at));
        }
        for (_, node) in w.items("edges")? {
            let e = Fields::of(file, node, "an edge")?;
            e.known(EDGE)?;
            if deleted(&e)? {
                continue;
            }
            let step = |uuid: String| {
                uuids
                    .iter()
                    .find(|(u, _)| *u == uuid)
                    .map_or(uuid, |(_, id)| id.clone())
            };
            let source = match (e.str("source_trigger_id")?, e.str("source_job_id")?) {
                (Some(t), _) => step(t),
                (None, Some(j)) => step(j),
                (None, None) => return Err(e.missing("source_trigger_id` or `source_job_id")),
            };
            let target = step(e.required_str("target_job_id")?);
            draft
                .edges
                .push(EdgeDraft::from_fields(file, node, &e, source, target)?);
        }
        let at = draft.at;
        workflows.push((draft.finish()?, at));
    }
    project(
        file,
        name,
        top.str("description")?,
        credentials.into_iter().map(|(_, c)| c).collect(),
        workflows,
    )
}
