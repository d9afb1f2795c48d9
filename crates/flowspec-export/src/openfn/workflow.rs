//! One named flow as a workflow: its trigger, its jobs with their ids and
//! bodies, the edges between them and the comments above it.

use flowspec_analysis::model::FlowInfo;
use flowspec_analysis::records;
use flowspec_analysis::values::TimingKind;
use flowspec_analysis::{FileData, Workspace};

use super::body::{self, answer_lines, chain, flow_header, transform_lines};
use super::jobs::{self, JobDraft, Step};
use super::text::clean_line;
use super::{
    Condition, Edge, EdgeSource, Format, Job, Trigger, TriggerPlan, Workflow, mapping, names,
    trigger_for,
};

/// The workflow of `flow`, with its id and name already chosen, and the
/// notes for the person exporting.
pub(super) fn workflow(
    workspace: &Workspace,
    file: &FileData,
    flow: &FlowInfo,
    (id, name): (String, String),
    format: Format,
) -> (Workflow, Vec<String>) {
    let flow_name = flow
        .name
        .as_ref()
        .map_or("", |n| n.text.as_str())
        .to_string();
    let steps: Vec<Step> = flow
        .steps
        .iter()
        .map(|s| Step::of(workspace, &s.text))
        .collect();
    let trigger_plan = trigger_for(
        flow.answers.timing.as_ref(),
        flow.answers.frequency.as_ref(),
    );
    let realtime = flow
        .answers
        .timing()
        .is_some_and(|t| t.kind == TimingKind::Realtime);
    let jobs::Plan {
        mut drafts,
        mut notes,
    } = jobs::plan(&steps, realtime, transform_lines(flow, &file.text));
    notes.extend(trigger_plan.notes.iter().cloned());
    let sample_input = runnable(workspace, file, flow, format, &mut drafts, &mut notes);

    // A plan has no trigger: the first job's body says what starts it.
    let trigger_lines = (format == Format::WorkflowJson).then(|| {
        notes.push(format!(
            "a workflow.json has no trigger: `openfn` runs it when you call it; the design's trigger ({}) is described in the first job's body",
            trigger_summary(&trigger_plan)
        ));
        let mut lines = vec!["Trigger (in Lightning):".to_string()];
        // The first comment says the timing and frequency, as the body does.
        lines.extend(trigger_plan.comments.iter().skip(1).cloned());
        lines
    });
    let jobs = jobs_of(flow, &flow_name, drafts, trigger_lines.as_deref());
    let trigger_id = trigger_plan.kind.as_str().to_string();
    let edges = edges(&trigger_id, &jobs);
    (
        Workflow {
            id,
            name,
            comments: comments(flow, &flow_name),
            flow: flow_name,
            triggers: vec![Trigger {
                id: trigger_id,
                kind: trigger_plan.kind,
                cron_expression: trigger_plan.cron_expression.clone(),
                enabled: trigger_plan.enabled,
                comments: trigger_plan.comments.clone(),
            }],
            jobs,
            edges,
            sample_input,
        },
        notes,
    )
}

/// A flow that maps records: its transform job performs the mapping, and
/// its source tool's samples are the workflow's input (written with the
/// folder format; a note says so otherwise). Returns the samples' state.
fn runnable(
    workspace: &Workspace,
    file: &FileData,
    flow: &FlowInfo,
    format: Format,
    drafts: &mut [JobDraft],
    notes: &mut Vec<String>,
) -> Option<String> {
    let plan = match records::plan::plan(workspace, flow) {
        Ok(plan) => plan,
        Err(records::plan::NoPlan::NoRecords) => return None,
        Err(why) => {
            notes.push(format!(
                "the transform job keeps the placeholder operation: {why}"
            ));
            return None;
        }
    };
    let draft = drafts.iter_mut().find(|d| d.transform)?;
    draft.code = Some(mapping::job(&plan, &file.text));
    let input = mapping::samples_state(&plan)?;
    if !format.is_folder() {
        notes.push(format!(
            "the design has {} sample {} of `{}` in `{}`: `--format workspace` writes them as the workflow's input (samples/ID.json)",
            plan.samples.len(),
            if plan.samples.len() == 1 { "record" } else { "records" },
            plan.source_record,
            plan.source_tool
        ));
    }
    Some(input)
}

/// The drafts with their ids (unique in the workflow) and bodies; the
/// first job's body also says what starts the workflow when `trigger` is
/// given.
fn jobs_of(
    flow: &FlowInfo,
    flow_name: &str,
    drafts: Vec<JobDraft>,
    trigger: Option<&[String]>,
) -> Vec<Job> {
    let mut job_ids = names::Unique::default();
    let header = flow_header(flow, flow_name);
    let answers = answer_lines(flow);
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, draft)| {
            let (id, name) = job_ids.take(&draft.name, "job");
            let trigger = if i == 0 { trigger } else { None };
            let body = body::body(&header, &draft, &answers, trigger);
            Job {
                id,
                name,
                adaptor: draft.adaptor,
                body,
                credential: None,
            }
        })
        .collect()
}

/// Trigger → first job `always`, then job → job `on_job_success`.
fn edges(trigger_id: &str, jobs: &[Job]) -> Vec<Edge> {
    let mut edges = Vec::new();
    if let Some(first) = jobs.first() {
        edges.push(Edge {
            id: format!("{trigger_id}->{}", first.id),
            source: EdgeSource::Trigger(trigger_id.to_string()),
            target: first.id.clone(),
            condition: Condition::Always,
            label: None,
            enabled: true,
        });
    }
    for pair in jobs.windows(2) {
        edges.push(Edge {
            id: format!("{}->{}", pair[0].id, pair[1].id),
            source: EdgeSource::Job(pair[0].id.clone()),
            target: pair[1].id.clone(),
            condition: Condition::OnJobSuccess,
            label: None,
            enabled: true,
        });
    }
    edges
}

/// Said above the workflow: the flow and its chain, its documentation,
/// status, owner and notes.
fn comments(flow: &FlowInfo, flow_name: &str) -> Vec<String> {
    let mut comments = vec![format!("Flow {flow_name}: {}", chain(flow))];
    if let Some(doc) = &flow.doc {
        comments.extend(
            doc.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(clean_line),
        );
    }
    let mut facts = Vec::new();
    if let Some(status) = flow.status {
        facts.push(format!("status: {}", status.as_str()));
    }
    if let Some(owner) = &flow.owner {
        facts.push(format!("owner: {}", clean_line(owner)));
    }
    if !facts.is_empty() {
        comments.push(format!("{}.", capitalise(&facts.join("; "))));
    }
    if let Some(notes_text) = &flow.notes {
        comments.push(format!("Notes: {}", clean_line(notes_text)));
    }
    comments
}

fn trigger_summary(plan: &TriggerPlan) -> String {
    let state = if plan.enabled { "enabled" } else { "disabled" };
    match &plan.cron_expression {
        Some(cron) => format!("{state} cron `{cron}`"),
        None => format!("{state} webhook"),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use flowspec_analysis::Workspace;

    use super::super::{Format, Options, export};

    /// The trigger's lines go just above the placeholder operation, also
    /// when the flow's own documentation says "Replace this placeholder".
    #[test]
    fn the_plan_says_what_starts_it_above_the_operation() {
        let mut ws = Workspace::new();
        ws.set_file(
            "a.flow",
            "## Replace this placeholder with care.\nflow sync: commcare -> dhis2 { timing: batch frequency: daily }\n",
        );
        let options = Options {
            format: Format::WorkflowJson,
            ..Options::default()
        };
        let plan = &export(&ws, &options).unwrap().project.workflows[0];
        let body = &plan.jobs[0].body;
        let lines: Vec<&str> = body.lines().collect();
        let trigger = lines
            .iter()
            .position(|l| *l == "// Trigger (in Lightning):");
        let doc = lines.iter().position(|l| l.contains("with care"));
        let volume = lines.iter().position(|l| l.starts_with("// Volume:"));
        let (Some(trigger), Some(doc), Some(volume)) = (trigger, doc, volume) else {
            panic!("{body}");
        };
        assert!(doc < volume && volume < trigger, "{body}");
        assert_eq!(
            &lines[lines.len() - 3..],
            [
                "//",
                "// Replace this placeholder with the adaptor's operations.",
                "fn(state => state);"
            ],
            "{body}"
        );
    }
}
