//! The v1 `project.yaml` (the project spec of the legacy `openfn deploy`
//! and of Lightning's "export project"): workflows, jobs, triggers and
//! edges as maps keyed by name, credentials by key.

use flowspec_export::openfn::{Credential, Job, Project};

use super::{Draft, EdgeDraft, project, slugify, trigger};
use crate::Error;
use crate::fields::Fields;
use crate::tree::Node;

const PROJECT: &[&str] = &[
    "name",
    "description",
    "credentials",
    "collections",
    "workflows",
];
const WORKFLOW: &[&str] = &[
    "name",
    "jobs",
    "triggers",
    "edges",
    "concurrency",
    "enable_job_logs",
];
const JOB: &[&str] = &[
    "name",
    "adaptor",
    "adaptors",
    "body",
    "credential",
    "keychain_credential",
];
const TRIGGER: &[&str] = &[
    "type",
    "enabled",
    "cron_expression",
    "cron",
    "custom_path",
    "cron_cursor_job",
    "webhook_reply",
    "webhook_response_config",
    "kafka_configuration",
];
const EDGE: &[&str] = &[
    "source_trigger",
    "source_job",
    "target_job",
    "condition_type",
    "condition_expression",
    "condition_label",
    "enabled",
];

pub fn read(file: &str, root: &Node) -> Result<Project, Error> {
    let top = Fields::of(file, root, "the project")?;
    top.known(PROJECT)?;
    let name = top.required_str("name")?;
    let mut credentials = Vec::new();
    let mut credential_keys = Vec::new();
    for (key, node) in top.items("credentials")? {
        let key = key.map_or(String::new(), |k| k.text.clone());
        let c = Fields::of(file, node, format!("credential `{key}`"))?;
        c.known(&["name", "owner"])?;
        let credential = Credential {
            owner: c.str("owner")?.unwrap_or_default(),
            name: c.required_str("name")?,
        };
        credential_keys.push((key, credential.reference()));
        credentials.push(credential);
    }
    let mut workflows = Vec::new();
    let Some(entries) = top.map("workflows")? else {
        return Err(top.missing("workflows"));
    };
    for (key, node) in entries {
        let w = Fields::of(file, node, format!("workflow `{}`", key.text))?;
        w.known(WORKFLOW)?;
        let wf_name = w.str("name")?.unwrap_or_else(|| key.text.clone());
        let mut draft = Draft::new(file, slugify(&wf_name), wf_name, key.at);
        // Keys to step ids, as `@openfn/project` maps them.
        let mut job_ids: Vec<(String, String)> = Vec::new();
        let mut trigger_ids: Vec<(String, String)> = Vec::new();
        for (key, node) in w.items("jobs")? {
            let key = key.map_or(String::new(), |k| k.text.clone());
            let j = Fields::of(file, node, format!("job `{key}`"))?;
            j.known(JOB)?;
            let name = j.str("name")?.unwrap_or_else(|| key.clone());
            let credential = j.str("credential")?.map(|c| {
                credential_keys
                    .iter()
                    .find(|(k, _)| *k == c)
                    .map_or(c, |(_, reference)| reference.clone())
            });
            let id = slugify(&name);
            job_ids.push((key, id.clone()));
            draft.jobs.push((
                Job {
                    id,
                    name,
                    adaptor: j.adaptor()?.ok_or_else(|| j.missing("adaptor"))?,
                    body: j.str("body")?.unwrap_or_default(),
                    credential,
                },
                node.at,
            ));
        }
        for (key, node) in w.items("triggers")? {
            let key = key.map_or(String::new(), |k| k.text.clone());
            let t = Fields::of(file, node, format!("trigger `{key}`"))?;
            t.known(TRIGGER)?;
            let type_text = t.required_str("type")?;
            let trigger = trigger(&t, type_text.clone(), &type_text)?;
            trigger_ids.push((key, type_text));
            draft.triggers.push((trigger, node.at));
        }
        for (key, node) in w.items("edges")? {
            let key = key.map_or(String::new(), |k| k.text.clone());
            let e = Fields::of(file, node, format!("edge `{key}`"))?;
            e.known(EDGE)?;
            let lookup = |ids: &[(String, String)], k: &str| {
                ids.iter()
                    .find(|(key, _)| key == k)
                    .map_or(k.to_string(), |(_, id)| id.clone())
            };
            let source = match (e.str("source_trigger")?, e.str("source_job")?) {
                (Some(t), _) => lookup(&trigger_ids, &t),
                (None, Some(j)) => lookup(&job_ids, &j),
                (None, None) => return Err(e.missing("source_trigger` or `source_job")),
            };
            let target = lookup(&job_ids, &e.required_str("target_job")?);
            draft
                .edges
                .push(EdgeDraft::from_fields(file, node, &e, source, target)?);
        }
        let at = draft.at;
        workflows.push((draft.finish()?, at));
    }
    project(file, name, top.str("description")?, credentials, workflows)
}
