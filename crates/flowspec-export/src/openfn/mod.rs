//! A design as an OpenFn project skeleton.
//!
//! Each named flow becomes a workflow (anonymous flows are skipped, with a
//! note). Its trigger comes from the flow's timing and frequency
//! ([`schedule`]). Each step with an OpenFn adaptor (the `adaptor:` of its
//! tool declaration, else the catalog's) becomes a job, in chain order,
//! plus an `@openfn/language-common` job named `transform` when the flow
//! says what to transform: right after the job of the chain's first step
//! (extract, transform, load), or first when that step has no job. Steps
//! without an adaptor (people, Excel, Metabase…) cannot be jobs: a note says
//! so, and the next job's body says what happens there in the design (the
//! last job's, when they end the chain). A flow with no job at all gets one
//! `@openfn/language-common` job named `placeholder`.
//!
//! Edges: trigger → first job `always`, then job → job `on_job_success`,
//! ids `source->target`. Each job's body is JavaScript: comments that carry
//! the design's answers, then `fn(state => state);`.
//!
//! Ids are stable: a workflow's is the flow name in kebab-case, a job's is
//! its name hyphenated (`send to dhis2` → `send-to-dhis2`), both made
//! unique with `-2`, `-3`… Workflows come in file order (files sorted by
//! path), then source order.

mod names;
mod plan;
mod schedule;
mod text;
mod yaml;

use std::fmt;

use flowspec_analysis::model::{AnswerState, FlowInfo, Transform};
use flowspec_analysis::schema::Category;
use flowspec_analysis::syntax::line_index::Encoding;
use flowspec_analysis::values::{Period, TimingKind, format_rate};
use flowspec_analysis::{FileData, Resolution, Workspace};

pub use names::{human_name, kebab, slug};
pub use schedule::{
    CronChoice, Fidelity, PLACEHOLDER_CRON, TriggerPlan, TriggerType, cron_for, trigger_for,
};

use flowspec_analysis::syntax::prose::join_and;
use text::{clean_line, quoted, wrap};

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `project.yaml`: the v1 project spec, read by `openfn deploy`.
    #[default]
    Project,
    /// `workflow.json`: the CLI's execution plan for one workflow.
    WorkflowJson,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The project's name (made kebab-case; `project` when empty).
    pub project_name: String,
    pub format: Format,
    /// Export only this flow (its name, or its workflow id). Required for
    /// [`Format::WorkflowJson`] when the design has several named flows.
    pub flow: Option<String>,
}

/// Something the person exporting should know: a step that cannot be a
/// job, a skipped flow, an approximated schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The flow it is about (its name, or its chain when anonymous).
    pub flow: Option<String>,
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.flow {
            Some(flow) => write!(f, "flow `{flow}`: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The output, and what to tell the person exporting.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub text: String,
    pub notes: Vec<Note>,
    pub project: Project,
}

/// Why nothing could be exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The design has no named flow (only anonymous ones, or none).
    NoNamedFlows { anonymous: usize },
    /// `--flow` names no flow.
    UnknownFlow {
        name: String,
        available: Vec<String>,
    },
    /// A workflow plan holds one workflow: say which.
    SeveralFlows { available: Vec<String> },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoNamedFlows { anonymous: 0 } => f.write_str(
                "the design has no flow to export: write one as `flow NAME: a -> b { … }`",
            ),
            Error::NoNamedFlows { anonymous } => write!(
                f,
                "the design has no named flow to export ({anonymous} anonymous {} skipped): name a flow to export it, `flow NAME: a -> b`",
                if *anonymous == 1 {
                    "flow is"
                } else {
                    "flows are"
                }
            ),
            Error::UnknownFlow { name, available } => write!(
                f,
                "no named flow is called `{name}`; the design has: {}",
                available.join(", ")
            ),
            Error::SeveralFlows { available } => write!(
                f,
                "a workflow.json holds one workflow and the design has {} named flows: choose one with `--flow NAME` ({})",
                available.len(),
                available.join(", ")
            ),
        }
    }
}

impl std::error::Error for Error {}

/// An OpenFn project, as the exporter builds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub name: String,
    pub description: Option<String>,
    pub workflows: Vec<Workflow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    pub id: String,
    pub name: String,
    /// The flow's name in the design.
    pub flow: String,
    /// Said above the workflow in the project file.
    pub comments: Vec<String>,
    pub trigger: Trigger,
    pub jobs: Vec<Job>,
    pub edges: Vec<Edge>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    /// `webhook` or `cron`: a workflow has one trigger.
    pub id: String,
    pub kind: TriggerType,
    pub cron_expression: Option<String>,
    pub enabled: bool,
    pub comments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: String,
    pub name: String,
    /// `@openfn/language-<name>@latest`.
    pub adaptor: String,
    /// JavaScript: comments, then `fn(state => state);`.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EdgeSource {
    Trigger(String),
    Job(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    Always,
    OnJobSuccess,
}

impl Condition {
    pub fn as_str(self) -> &'static str {
        match self {
            Condition::Always => "always",
            Condition::OnJobSuccess => "on_job_success",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// `source->target`.
    pub id: String,
    pub source: EdgeSource,
    pub target: String,
    pub condition: Condition,
}

/// The placeholder operation every job body ends with.
pub const PLACEHOLDER_OPERATION: &str = "fn(state => state);";

/// The adaptor of the transform and placeholder jobs.
pub const COMMON_ADAPTOR: &str = "common";

/// Exports the design. Pure: the caller reads the files into the workspace,
/// checks it has no errors, writes the text and shows the notes.
pub fn export(workspace: &Workspace, options: &Options) -> Result<Export, Error> {
    let (project, notes) = build(workspace, options)?;
    let text = match options.format {
        Format::Project => yaml::write(&project, &header()),
        Format::WorkflowJson => plan::write(&project.workflows[0]),
    };
    Ok(Export {
        text,
        notes,
        project,
    })
}

fn header() -> Vec<String> {
    vec![
        "An OpenFn project skeleton, exported by `flowspec export openfn` from a .flow design.".to_string(),
        "Each job's body says what the design asks of it: write its operations, attach credentials, then deploy it with `openfn deploy`.".to_string(),
    ]
}

/// The project the design describes, and the notes; no text yet.
pub fn build(workspace: &Workspace, options: &Options) -> Result<(Project, Vec<Note>), Error> {
    let mut files: Vec<&FileData> = workspace.files().map(|(_, f)| f.as_ref()).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));

    let mut notes = Vec::new();
    let mut named: Vec<(&FileData, &FlowInfo)> = Vec::new();
    let mut anonymous = 0;
    for file in &files {
        for flow in &file.model.flows {
            if flow.name.is_some() {
                named.push((file, flow));
            } else {
                anonymous += 1;
                let line = file
                    .lines
                    .line_col(&file.text, flow.header.start as usize, Encoding::Utf32)
                    .line
                    + 1;
                notes.push(Note {
                    flow: Some(flow.display_name.clone()),
                    message: format!(
                        "skipped ({}:{line}): only named flows become workflows; name it to export it, `flow NAME: {}`",
                        file.path, flow.display_name
                    ),
                });
            }
        }
    }
    if named.is_empty() {
        return Err(Error::NoNamedFlows { anonymous });
    }

    // Ids first, over every named flow, so that choosing one flow does not
    // change its id.
    let mut workflow_ids = names::Unique::default();
    let mut ids: Vec<(String, String)> = named
        .iter()
        .map(|(_, flow)| {
            let flow_name = flow.name.as_ref().map_or("", |n| n.text.as_str());
            workflow_ids.take(&human_name(flow_name), "workflow")
        })
        .collect();
    let available: Vec<String> = named.iter().map(|(_, f)| f.display_name.clone()).collect();

    if let Some(wanted) = &options.flow {
        let index = named.iter().zip(&ids).position(|((_, flow), (id, _))| {
            flow.name
                .as_ref()
                .is_some_and(|n| n.text == wanted.as_str())
                || id == wanted
        });
        let Some(index) = index else {
            return Err(Error::UnknownFlow {
                name: wanted.clone(),
                available,
            });
        };
        named = vec![named[index]];
        ids = vec![ids.swap_remove(index)];
        // Skipped anonymous flows are beside the point when one is chosen.
        notes.clear();
    } else if options.format == Format::WorkflowJson && named.len() > 1 {
        return Err(Error::SeveralFlows { available });
    }

    let mut workflows = Vec::new();
    for ((file, flow), (id, name)) in named.iter().zip(ids) {
        let (workflow, flow_notes) = workflow(workspace, file, flow, id, name, options.format);
        notes.extend(flow_notes.into_iter().map(|message| Note {
            flow: Some(flow.display_name.clone()),
            message,
        }));
        workflows.push(workflow);
    }

    let project_name = match kebab(&options.project_name) {
        n if n.is_empty() => "project".to_string(),
        n => n,
    };
    let description = files.iter().find_map(|f| {
        let doc = f.tree.doc.as_ref()?;
        let first: Vec<&str> = doc
            .text
            .lines()
            .map(str::trim)
            .take_while(|l| !l.is_empty())
            .collect();
        (!first.is_empty()).then(|| clean_line(&first.join(" ")))
    });
    Ok((
        Project {
            name: project_name,
            description,
            workflows,
        },
        notes,
    ))
}

/// One step of a chain, as the exporter sees it.
struct Step {
    id: String,
    /// `CommCare (commcare)`-like, for comments.
    shown: String,
    what: StepKind,
    /// Owner and URL of the tool, when the design gives them.
    details: Vec<String>,
}

enum StepKind {
    Adaptor { name: String },
    Person,
    NoAdaptor,
    Unknown,
}

impl Step {
    fn of(workspace: &Workspace, id: &str) -> Step {
        let shown = |display: Option<&str>| match display {
            Some(d) if d != id => format!("{} (`{id}`)", clean_line(d)),
            _ => format!("`{id}`"),
        };
        match workspace.resolve(id) {
            Resolution::Declared { decl, catalog, .. } => {
                let display = decl
                    .display_name
                    .as_deref()
                    .or(catalog.map(|c| c.name.as_str()));
                let mut details = Vec::new();
                if let Some(owner) = &decl.owner {
                    details.push(format!("Owner: {}.", clean_line(owner)));
                }
                if let Some(url) = &decl.url {
                    details.push(format!("URL: {}", clean_line(url)));
                }
                let what = if decl.kind == flowspec_analysis::model::DeclKind::Role {
                    StepKind::Person
                } else {
                    match decl
                        .adaptor
                        .as_deref()
                        .or(catalog.and_then(|c| c.adaptor.as_deref()))
                    {
                        Some(adaptor) => adaptor_parts(adaptor),
                        None => StepKind::NoAdaptor,
                    }
                };
                Step {
                    id: id.to_string(),
                    shown: shown(display),
                    what,
                    details,
                }
            }
            Resolution::Catalog(entry) => Step {
                id: id.to_string(),
                shown: shown(Some(&entry.name)),
                what: entry
                    .adaptor
                    .as_deref()
                    .map_or(StepKind::NoAdaptor, adaptor_parts),
                details: Vec::new(),
            },
            Resolution::Unknown => Step {
                id: id.to_string(),
                shown: shown(None),
                what: StepKind::Unknown,
                details: Vec::new(),
            },
        }
    }

    /// What happens at this step in the design, when it cannot be a job.
    fn without_job(&self) -> String {
        match self.what {
            StepKind::Person => format!("a person, {}, moves the data by hand", self.shown),
            StepKind::NoAdaptor => format!("{} has no OpenFn adaptor", self.shown),
            _ => format!("{} is not a tool Flowspec knows", self.shown),
        }
    }
}

/// The analysis keeps the adaptor's name (`dhis2`), also when the design
/// writes the package name (`"@openfn/language-dhis2@4.0.0"`).
fn adaptor_parts(adaptor: &str) -> StepKind {
    let rest = adaptor.strip_prefix("@openfn/language-").unwrap_or(adaptor);
    let name = rest.split('@').next().unwrap_or(rest);
    StepKind::Adaptor {
        name: name.to_string(),
    }
}

/// Always `@latest`: the design names the adaptor, not its version.
fn package(name: &str) -> String {
    format!("@openfn/language-{name}@latest")
}

/// A job before it has its id.
struct JobDraft {
    name: String,
    adaptor: String,
    /// What this job does, for its body.
    role: Vec<String>,
    /// What the design does just before it, with steps that cannot be jobs.
    before: Vec<String>,
    after: Vec<String>,
    details: Vec<String>,
    transform: bool,
}

fn workflow(
    workspace: &Workspace,
    file: &FileData,
    flow: &FlowInfo,
    id: String,
    name: String,
    format: Format,
) -> (Workflow, Vec<String>) {
    let mut notes = Vec::new();
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

    // Jobs and the gaps between them, in chain order.
    enum Slot<'a> {
        Job(JobDraft),
        Gap(&'a Step),
    }
    let mut slots: Vec<Slot<'_>> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        match &step.what {
            StepKind::Adaptor { name } => {
                let (verb, role) = if i == 0 && realtime {
                    (
                        "receive from",
                        format!(
                            "This job receives each event from {}: it arrives as `state.data` through the webhook.",
                            step.shown
                        ),
                    )
                } else if i == 0 {
                    (
                        "fetch from",
                        format!("This job fetches the data from {}.", step.shown),
                    )
                } else {
                    (
                        "send to",
                        format!("This job sends the data to {}.", step.shown),
                    )
                };
                slots.push(Slot::Job(JobDraft {
                    name: names::job_name(&format!("{verb} {}", step.id)),
                    adaptor: package(name),
                    role: vec![role],
                    before: Vec::new(),
                    after: Vec::new(),
                    details: step.details.clone(),
                    transform: false,
                }));
            }
            _ => slots.push(Slot::Gap(step)),
        }
    }
    let transform_lines = transform_lines(flow, &file.text);
    if let Some(lines) = &transform_lines {
        // Right after the job of the chain's first step (extract, transform,
        // load); when the data starts where no job can reach it, right
        // before the first job.
        let at = match slots.first() {
            Some(Slot::Job(_)) => 1,
            _ => slots
                .iter()
                .position(|s| matches!(s, Slot::Job(_)))
                .unwrap_or(slots.len()),
        };
        let mut role = vec!["This job transforms the data, as the design says:".to_string()];
        role.extend(lines.iter().map(|l| format!("  {l}")));
        slots.insert(
            at,
            Slot::Job(JobDraft {
                name: "transform".to_string(),
                adaptor: package(COMMON_ADAPTOR),
                role,
                before: Vec::new(),
                after: Vec::new(),
                details: Vec::new(),
                transform: true,
            }),
        );
    }

    // Steps without a job: a comment in the next job, or the last one.
    let mut drafts: Vec<JobDraft> = Vec::new();
    let mut gap: Vec<&Step> = Vec::new();
    let mut placements: Vec<(Vec<&Step>, Option<String>)> = Vec::new();
    for slot in slots {
        match slot {
            Slot::Gap(step) => gap.push(step),
            Slot::Job(mut draft) => {
                if !gap.is_empty() {
                    draft.before.push(format!(
                        "Before this job, in the design: {}.",
                        join_then(&gap)
                    ));
                    placements.push((std::mem::take(&mut gap), Some(draft.name.clone())));
                }
                drafts.push(draft);
            }
        }
    }
    if !gap.is_empty() {
        match drafts.last_mut() {
            Some(last) => {
                last.after.push(format!(
                    "After this job, in the design: {}.",
                    join_then(&gap)
                ));
                placements.push((std::mem::take(&mut gap), Some(last.name.clone())));
            }
            None => {
                drafts.push(JobDraft {
                    name: "placeholder".to_string(),
                    adaptor: package(COMMON_ADAPTOR),
                    role: vec![format!(
                        "No step of this flow has an OpenFn adaptor, so nothing here can be automated as it stands. In the design: {}.",
                        join_then(&gap)
                    )],
                    before: Vec::new(),
                    after: Vec::new(),
                    details: Vec::new(),
                    transform: false,
                });
                placements.push((std::mem::take(&mut gap), None));
            }
        }
    }
    for (steps, job) in &placements {
        let what: Vec<String> = steps.iter().map(|s| s.without_job()).collect();
        let they = if steps.len() == 1 { "it" } else { "they" };
        notes.push(match job {
            Some(job) => format!(
                "{}: {they} cannot be {}; the body of job `{job}` says where {they} {}",
                join_and(&what),
                if steps.len() == 1 { "a job" } else { "jobs" },
                if steps.len() == 1 { "stands" } else { "stand" }
            ),
            None => format!(
                "{}: no step can be a job, so the workflow has one placeholder job (`@openfn/language-common`)",
                join_and(&what)
            ),
        });
    }
    notes.extend(trigger_plan.notes.iter().cloned());

    // Ids, bodies, edges.
    let trigger_id = trigger_plan.kind.as_str().to_string();
    let mut job_ids = names::Unique::default();
    let header = flow_header(flow, &flow_name);
    let answers = answer_lines(flow);
    let jobs: Vec<Job> = drafts
        .into_iter()
        .map(|draft| {
            let (id, name) = job_ids.take(&draft.name, "job");
            let body = body(&header, &draft, &answers);
            Job {
                id,
                name,
                adaptor: draft.adaptor,
                body,
            }
        })
        .collect();
    let mut edges = Vec::new();
    if let Some(first) = jobs.first() {
        edges.push(Edge {
            id: format!("{trigger_id}->{}", first.id),
            source: EdgeSource::Trigger(trigger_id.clone()),
            target: first.id.clone(),
            condition: Condition::Always,
        });
    }
    for pair in jobs.windows(2) {
        edges.push(Edge {
            id: format!("{}->{}", pair[0].id, pair[1].id),
            source: EdgeSource::Job(pair[0].id.clone()),
            target: pair[1].id.clone(),
            condition: Condition::OnJobSuccess,
        });
    }

    if format == Format::WorkflowJson {
        notes.push(format!(
            "a workflow.json has no trigger: `openfn` runs it when you call it; the design's trigger ({}) is described in the first job's body",
            trigger_summary(&trigger_plan)
        ));
    }

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

    let mut jobs = jobs;
    if format == Format::WorkflowJson
        && let Some(first) = jobs.first_mut()
    {
        // The plan has no trigger: say in the first job what starts it.
        let mut lines: Vec<String> = vec!["Trigger (in Lightning):".to_string()];
        lines.extend(trigger_plan.comments.iter().cloned());
        let block = comment_block(&lines);
        first.body = insert_before_operation(&first.body, &block);
    }

    (
        Workflow {
            id,
            name,
            flow: flow_name,
            comments,
            trigger: Trigger {
                id: trigger_id,
                kind: trigger_plan.kind,
                cron_expression: trigger_plan.cron_expression.clone(),
                enabled: trigger_plan.enabled,
                comments: trigger_plan.comments.clone(),
            },
            jobs,
            edges,
        },
        notes,
    )
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

fn chain(flow: &FlowInfo) -> String {
    flow.steps
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// `Microsoft Excel (`excel`) has no OpenFn adaptor, then a person, … moves
/// the data by hand`.
fn join_then(steps: &[&Step]) -> String {
    steps
        .iter()
        .map(|s| s.without_job())
        .collect::<Vec<_>>()
        .join("; then ")
}

/// The transform lines of a flow that says what to transform: each line of
/// a block as the design writes it (`visit_date: "MM/DD/YYYY" -> …`).
fn transform_lines(flow: &FlowInfo, source: &str) -> Option<Vec<String>> {
    match flow.answers.transform()? {
        Transform::None => None,
        Transform::Text(texts) => Some(texts.iter().map(|t| clean_line(t)).collect()),
        Transform::Steps(steps) => Some(
            steps
                .iter()
                .map(|s| match source.get(s.span.range()) {
                    Some(written) => written.split_whitespace().collect::<Vec<_>>().join(" "),
                    None => match &s.to {
                        Some(to) => format!("{}: {} -> {}", s.field, s.from, to),
                        None => format!("{}: {}", s.field, s.from),
                    },
                })
                .map(|line| clean_line(&line))
                .collect(),
        ),
    }
}

/// The first lines of every body: which flow, its documentation.
fn flow_header(flow: &FlowInfo, flow_name: &str) -> Vec<String> {
    let mut lines = vec![format!("Flow {flow_name}: {}", chain(flow))];
    if let Some(doc) = &flow.doc {
        let doc: Vec<&str> = doc
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !doc.is_empty() {
            lines.push(doc.join(" "));
        }
    }
    lines
}

/// Data, volume and (for jobs other than the transform) the transformation
/// answer, as the design gives them.
struct AnswerLines {
    data: String,
    volume: String,
    transform: Option<String>,
}

fn answer_lines(flow: &FlowInfo) -> AnswerLines {
    let a = &flow.answers;
    let open = |category: Category| match a.status(category) {
        flowspec_analysis::model::AnswerStatus::Open => "an open question (tbd)".to_string(),
        flowspec_analysis::model::AnswerStatus::Invalid => "not valid".to_string(),
        _ => "unanswered".to_string(),
    };
    let data = match a.data() {
        Some(items) => format!(
            "Data: {}.",
            items
                .iter()
                .map(|d| quoted(d))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("Data: {}.", open(Category::Data)),
    };
    let volume = match a.volume() {
        Some(v) => {
            let per_run = match v.period {
                Some(p) if p != Period::Run && p != Period::Event => {
                    v.per_run(a.frequency()).map(|n| {
                        let unit = if (n - 1.0).abs() < f64::EPSILON {
                            v.unit.singular()
                        } else {
                            v.unit.plural()
                        };
                        format!(", about {} {unit} a run", format_rate(n))
                    })
                }
                _ => None,
            };
            format!("Volume: {}{}.", v.display(), per_run.unwrap_or_default())
        }
        None => format!("Volume: {}.", open(Category::Volume)),
    };
    let transform = match a.transform.as_ref().map(|t| &t.state) {
        Some(AnswerState::Known(Transform::None)) => {
            Some("Transform: none, the data goes through as it is.".to_string())
        }
        Some(AnswerState::Known(_)) => None,
        _ => Some(format!("Transform: {}.", open(Category::Transform))),
    };
    AnswerLines {
        data,
        volume,
        transform,
    }
}

/// `// ` comment lines, wrapped; lines that start with spaces (transform
/// lines) are kept whole.
fn comment_block(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        if line.is_empty() {
            out.push_str("//\n");
        } else if line.starts_with(' ') {
            // An indented line (a transform line): wrapped under itself.
            let indent = line.len() - line.trim_start().len();
            for (i, part) in wrap(line, 76 - indent).into_iter().enumerate() {
                let extra = if i == 0 { 0 } else { 2 };
                out.push_str(&format!("// {:width$}{part}\n", "", width = indent + extra));
            }
        } else {
            for part in wrap(line, 76) {
                out.push_str("// ");
                out.push_str(&part);
                out.push('\n');
            }
        }
    }
    out
}

fn body(header: &[String], draft: &JobDraft, answers: &AnswerLines) -> String {
    let mut lines: Vec<String> = header.to_vec();
    lines.push(String::new());
    lines.extend(draft.before.iter().cloned());
    lines.extend(draft.role.iter().cloned());
    lines.extend(draft.details.iter().cloned());
    lines.extend(draft.after.iter().cloned());
    lines.push(answers.data.clone());
    if !draft.transform
        && let Some(t) = &answers.transform
    {
        lines.push(t.clone());
    }
    lines.push(answers.volume.clone());
    lines.push(String::new());
    lines.push("Replace this placeholder with the adaptor's operations.".to_string());
    let mut out = comment_block(&lines);
    out.push_str(PLACEHOLDER_OPERATION);
    out.push('\n');
    out
}

fn insert_before_operation(body: &str, block: &str) -> String {
    match body.find("// Replace this placeholder") {
        Some(at) => format!("{}{block}//\n{}", &body[..at], &body[at..]),
        None => format!("{block}{body}"),
    }
}
