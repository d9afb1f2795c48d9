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

mod body;
mod jobs;
mod js;
mod mapping;
mod model;
mod names;
mod plan;
mod schedule;
mod text;
mod v4;
mod workflow;
mod yaml;

use std::fmt;

use flowspec_analysis::model::FlowInfo;
use flowspec_analysis::syntax::line_index::Encoding;
use flowspec_analysis::{FileData, Workspace};

pub use model::{
    COMMON_ADAPTOR, Condition, Credential, Edge, EdgeSource, Job, PLACEHOLDER_OPERATION, Project,
    Trigger, Workflow,
};
pub use names::{human_name, kebab, slug};
pub use schedule::{
    CronChoice, Fidelity, PLACEHOLDER_CRON, TriggerPlan, TriggerType, cron_for, trigger_for,
};
pub use v4::File;

use text::clean_line;

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A 4.0 workspace folder: `openfn.yaml`, `workflows/<id>/<id>.yaml`,
    /// each job's code in a `.js` file. What the current CLI deploys
    /// (`openfn project deploy`, and `openfn deploy` when the folder has an
    /// `openfn.yaml`).
    #[default]
    Workspace,
    /// One project file in the 4.0 portability spec (`schema_version:
    /// '4.0'`).
    ProjectV4,
    /// `project.yaml`: the v1 project spec, read by the legacy `openfn
    /// deploy`.
    ProjectV1,
    /// `workflow.json`: the CLI's execution plan for one workflow.
    WorkflowJson,
}

impl Format {
    /// Whether the output is a folder of files rather than one text.
    pub fn is_folder(self) -> bool {
        self == Format::Workspace
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The project's name (made kebab-case; `project` when empty).
    pub project_name: String,
    pub format: Format,
    /// Export only this flow (its name, or its workflow id). Required for
    /// [`Format::WorkflowJson`] when the design has several named flows.
    pub flow: Option<String>,
    /// Projects `flowspec import openfn` kept beside the design (each
    /// `NAME.openfn.yaml`): a named flow whose name is one of their
    /// workflows' [`Workflow::flow`] is exported as that workflow, with its
    /// jobs, code, credentials, triggers and edges as they were. When
    /// `project_name` is one kept project's id, the project keeps its id,
    /// name and description too.
    pub kept: Vec<Project>,
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
    /// The one file of a single-file format; empty for a folder.
    pub text: String,
    /// The files of a folder format ([`Format::Workspace`]), paths relative
    /// to the folder; empty otherwise.
    pub files: Vec<File>,
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

/// Exports the design. Pure: the caller reads the files into the workspace,
/// checks it has no errors, writes the text and shows the notes.
pub fn export(workspace: &Workspace, options: &Options) -> Result<Export, Error> {
    let (project, notes) = build(workspace, options)?;
    let (text, files) = write(&project, options.format, &header(options.format));
    Ok(Export {
        text,
        files,
        notes,
        project,
    })
}

/// The project in `format`, `header` as its first comment lines: the one
/// file's text, or the folder's files ([`Format::Workspace`]). A workflow
/// plan holds the first workflow.
pub fn write(project: &Project, format: Format, header: &[String]) -> (String, Vec<File>) {
    match format {
        Format::Workspace => (String::new(), v4::workspace(project, header)),
        Format::ProjectV4 => (v4::project_file(project, header), Vec::new()),
        Format::ProjectV1 => (yaml::write(project, header), Vec::new()),
        Format::WorkflowJson => (
            project
                .workflows
                .first()
                .map(plan::write)
                .unwrap_or_default(),
            Vec::new(),
        ),
    }
}

fn header(format: Format) -> Vec<String> {
    let deploy = match format {
        Format::ProjectV1 => "`openfn deploy`",
        _ => "`openfn project deploy`",
    };
    vec![
        "An OpenFn project skeleton, exported by `flowspec export openfn` from a .flow design."
            .to_string(),
        format!(
            "Each job's body says what the design asks of it: write its operations, attach credentials, then deploy it with {deploy}."
        ),
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
    let mut credentials: Vec<Credential> = Vec::new();
    for ((file, flow), (id, name)) in named.iter().zip(ids) {
        let flow_name = flow.name.as_ref().map_or("", |n| n.text.as_str());
        if let Some((project, kept)) = kept_workflow(&options.kept, flow_name) {
            notes.push(Note {
                flow: Some(flow.display_name.clone()),
                message: format!(
                    "workflow `{}` as imported: its jobs, code, credentials, triggers and edges are kept from project `{}` (remove that project's .openfn.yaml beside the design to export the design's skeleton instead)",
                    kept.id, project.id
                ),
            });
            for job in &kept.jobs {
                let used = project
                    .credentials
                    .iter()
                    .find(|c| job.credential.as_deref() == Some(c.reference().as_str()));
                // A workspace names credentials only in its jobs: `owner|name`.
                let named = || {
                    let (owner, name) = job.credential.as_deref()?.split_once('|')?;
                    Some(Credential {
                        owner: owner.to_string(),
                        name: name.to_string(),
                    })
                };
                if let Some(c) = used.cloned().or_else(named)
                    && !credentials.contains(&c)
                {
                    credentials.push(c);
                }
            }
            let mut workflow = kept.clone();
            workflow.comments = vec![
                format!("Flow {flow_name}: {}", body::chain(flow)),
                "As imported: jobs, code, credentials, triggers and edges kept from the OpenFn project.".to_string(),
            ];
            workflows.push(workflow);
            continue;
        }
        let (workflow, flow_notes) =
            workflow::workflow(workspace, file, flow, (id, name), options.format);
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
    let project = match options.kept.iter().find(|p| p.id == project_name) {
        Some(kept) => Project {
            id: kept.id.clone(),
            name: kept.name.clone(),
            description: kept.description.clone(),
            credentials,
            workflows,
        },
        None => Project {
            id: project_name.clone(),
            name: project_name,
            description,
            credentials,
            workflows,
        },
    };
    Ok((project, notes))
}

/// The kept workflow that stands for the flow called `flow_name`, and its
/// project.
fn kept_workflow<'a>(kept: &'a [Project], flow_name: &str) -> Option<(&'a Project, &'a Workflow)> {
    kept.iter().find_map(|project| {
        project
            .workflows
            .iter()
            .find(|wf| wf.flow == flow_name)
            .map(|wf| (project, wf))
    })
}
