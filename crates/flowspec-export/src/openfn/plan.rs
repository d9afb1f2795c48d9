//! One workflow as the OpenFn CLI's execution plan (`workflow.json`):
//! `{ "workflow": { "name", "steps": [...] }, "options": { "start" } }`.
//! A step has only the keys the CLI accepts: `id`, `name`, `adaptor`,
//! `expression` and `next` (edges to the next step, with their condition).
//! The plan has no trigger: `openfn workflow.json` runs it from the start.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{EdgeSource, Workflow};

#[derive(Serialize)]
struct Plan<'a> {
    workflow: PlanWorkflow<'a>,
    options: PlanOptions<'a>,
}

#[derive(Serialize)]
struct PlanWorkflow<'a> {
    name: &'a str,
    steps: Vec<PlanStep<'a>>,
}

#[derive(Serialize)]
struct PlanStep<'a> {
    id: &'a str,
    name: &'a str,
    adaptor: &'a str,
    expression: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    next: BTreeMap<&'a str, PlanEdge<'a>>,
}

#[derive(Serialize)]
struct PlanEdge<'a> {
    condition: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    disabled: bool,
}

#[derive(Serialize)]
struct PlanOptions<'a> {
    start: &'a str,
}

/// The job the first trigger starts, else the first job.
fn start(workflow: &Workflow) -> &str {
    let from_trigger = workflow.triggers.first().and_then(|t| {
        workflow
            .edges
            .iter()
            .find(|e| matches!(&e.source, EdgeSource::Trigger(s) if *s == t.id))
    });
    match from_trigger {
        Some(edge) => &edge.target,
        None => workflow.jobs.first().map_or("", |j| j.id.as_str()),
    }
}

pub fn write(workflow: &Workflow) -> String {
    let steps = workflow
        .jobs
        .iter()
        .map(|job| PlanStep {
            id: &job.id,
            name: &job.name,
            adaptor: &job.adaptor,
            expression: &job.body,
            next: workflow
                .edges
                .iter()
                .filter(|e| matches!(&e.source, EdgeSource::Job(s) if *s == job.id))
                .map(|e| {
                    (
                        e.target.as_str(),
                        PlanEdge {
                            condition: e.condition.as_str(),
                            disabled: !e.enabled,
                        },
                    )
                })
                .collect(),
        })
        .collect();
    let plan = Plan {
        workflow: PlanWorkflow {
            name: &workflow.name,
            steps,
        },
        options: PlanOptions {
            start: start(workflow),
        },
    };
    let mut text = serde_json::to_string_pretty(&plan).expect("a plan always serialises");
    text.push('\n');
    text
}
