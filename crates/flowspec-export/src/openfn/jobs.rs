//! Job planning: which steps of a chain become jobs, where the transform
//! job goes, and where the steps that cannot be jobs are told about.

use flowspec_analysis::syntax::prose::join_and;
use flowspec_analysis::{Resolution, Workspace};

use super::COMMON_ADAPTOR;
use super::names;
use super::text::clean_line;

/// One step of a chain, as the exporter sees it.
pub(super) struct Step {
    pub id: String,
    /// `CommCare (commcare)`-like, for comments.
    pub shown: String,
    pub what: StepKind,
    /// Owner and URL of the tool, when the design gives them.
    pub details: Vec<String>,
}

pub(super) enum StepKind {
    Adaptor { name: String },
    Person,
    NoAdaptor,
    Unknown,
}

impl Step {
    pub(super) fn of(workspace: &Workspace, id: &str) -> Step {
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
pub(super) struct JobDraft {
    pub name: String,
    pub adaptor: String,
    /// What this job does, for its body.
    pub role: Vec<String>,
    /// What the design does just before it, with steps that cannot be jobs.
    pub before: Vec<String>,
    pub after: Vec<String>,
    pub details: Vec<String>,
    pub transform: bool,
    /// The code that performs the flow's mapping (the transform job's), and
    /// the comment lines that introduce it; else the placeholder operation.
    pub code: Option<(Vec<String>, String)>,
}

impl JobDraft {
    fn new(name: String, adaptor: String, role: Vec<String>) -> JobDraft {
        JobDraft {
            name,
            adaptor,
            role,
            before: Vec::new(),
            after: Vec::new(),
            details: Vec::new(),
            transform: false,
            code: None,
        }
    }
}

/// The jobs of one flow, in chain order, and notes for the person
/// exporting.
pub(super) struct Plan {
    pub drafts: Vec<JobDraft>,
    pub notes: Vec<String>,
}

/// Plans the jobs of a chain. `realtime`: the first job receives events
/// through a webhook rather than fetching. `transform`: the design's
/// transform lines, when it says what to transform.
pub(super) fn plan(steps: &[Step], realtime: bool, transform: Option<Vec<String>>) -> Plan {
    let mut slots = slots(steps, realtime);
    if let Some(lines) = transform {
        insert_transform(&mut slots, lines);
    }
    let (drafts, placements) = place_gaps(slots);
    let notes = placements
        .iter()
        .map(|(steps, job)| gap_note(steps, job.as_deref()))
        .collect();
    Plan { drafts, notes }
}

/// Jobs and the steps between them that cannot be jobs, in chain order.
enum Slot<'a> {
    Job(JobDraft),
    Gap(&'a Step),
}

fn slots(steps: &[Step], realtime: bool) -> Vec<Slot<'_>> {
    steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let StepKind::Adaptor { name } = &step.what else {
                return Slot::Gap(step);
            };
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
            let mut draft = JobDraft::new(
                names::job_name(&format!("{verb} {}", step.id)),
                package(name),
                vec![role],
            );
            draft.details = step.details.clone();
            Slot::Job(draft)
        })
        .collect()
}

/// The transform job: right after the job of the chain's first step
/// (extract, transform, load); when the data starts where no job can reach
/// it, right before the first job.
fn insert_transform(slots: &mut Vec<Slot<'_>>, lines: Vec<String>) {
    let at = match slots.first() {
        Some(Slot::Job(_)) => 1,
        _ => slots
            .iter()
            .position(|s| matches!(s, Slot::Job(_)))
            .unwrap_or(slots.len()),
    };
    let mut role = vec!["This job transforms the data, as the design says:".to_string()];
    role.extend(lines.iter().map(|l| format!("  {l}")));
    let mut draft = JobDraft::new("transform".to_string(), package(COMMON_ADAPTOR), role);
    draft.transform = true;
    slots.insert(at, Slot::Job(draft));
}

/// Steps that cannot be jobs, and the job whose body tells of them (none:
/// the placeholder job of a flow without any).
type Placement<'a> = (Vec<&'a Step>, Option<String>);

/// Steps without a job go in a comment of the next job, or of the last one;
/// a flow with no job at all gets a placeholder job.
fn place_gaps(slots: Vec<Slot<'_>>) -> (Vec<JobDraft>, Vec<Placement<'_>>) {
    let mut drafts: Vec<JobDraft> = Vec::new();
    let mut gap: Vec<&Step> = Vec::new();
    let mut placements = Vec::new();
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
    if gap.is_empty() {
        return (drafts, placements);
    }
    match drafts.last_mut() {
        Some(last) => {
            last.after.push(format!(
                "After this job, in the design: {}.",
                join_then(&gap)
            ));
            placements.push((gap, Some(last.name.clone())));
        }
        None => {
            drafts.push(JobDraft::new(
                "placeholder".to_string(),
                package(COMMON_ADAPTOR),
                vec![format!(
                    "No step of this flow has an OpenFn adaptor, so nothing here can be automated as it stands. In the design: {}.",
                    join_then(&gap)
                )],
            ));
            placements.push((gap, None));
        }
    }
    (drafts, placements)
}

fn gap_note(steps: &[&Step], job: Option<&str>) -> String {
    let what: Vec<String> = steps.iter().map(|s| s.without_job()).collect();
    let they = if steps.len() == 1 { "it" } else { "they" };
    match job {
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
    }
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
