//! An OpenFn project as the exporter builds it, before any text: what the
//! writers (`yaml`, `v4`, `plan`) turn into files. `flowspec-import` reads
//! OpenFn's files into the same model.

use super::TriggerType;

/// An OpenFn project, as the exporter builds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The 4.0 project id (url-safe; the exporter uses the kebab-case name).
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// The credentials jobs name (`owner|name` in a job's `credential`).
    pub credentials: Vec<Credential>,
    pub workflows: Vec<Workflow>,
}

/// A project credential: OpenFn names it by its owner and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub owner: String,
    pub name: String,
}

impl Credential {
    /// `owner|name`, as a 4.0 job's `configuration` names it.
    pub fn reference(&self) -> String {
        format!("{}|{}", self.owner, self.name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    pub id: String,
    pub name: String,
    /// The flow's name in the design.
    pub flow: String,
    /// Said above the workflow in the project file.
    pub comments: Vec<String>,
    /// What starts it: the exporter gives one; an imported workflow may
    /// have several (or none).
    pub triggers: Vec<Trigger>,
    pub jobs: Vec<Job>,
    pub edges: Vec<Edge>,
    /// The design's sample records for it, as the input state
    /// (`{ "data": [ … ] }`, JSON): the folder format writes them as
    /// `samples/<id>.json`.
    pub sample_input: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    /// `webhook` or `cron` for the exporter's one trigger.
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
    /// `@openfn/language-<name>@latest` (an imported job keeps its own).
    pub adaptor: String,
    /// JavaScript: comments, then `fn(state => state);` (an imported job
    /// keeps its code).
    pub body: String,
    /// The credential it runs with: `owner|name` of one of the project's
    /// [`Credential`]s, or another reference kept as it was.
    pub credential: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EdgeSource {
    Trigger(String),
    Job(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    Always,
    OnJobSuccess,
    OnJobFailure,
    Never,
    /// A JavaScript expression over `state` (a function body).
    Js(String),
}

impl Condition {
    /// The condition type's name (`js_expression` for an expression).
    pub fn kind(&self) -> &'static str {
        match self {
            Condition::Always => "always",
            Condition::OnJobSuccess => "on_job_success",
            Condition::OnJobFailure => "on_job_failure",
            Condition::Never => "never",
            Condition::Js(_) => "js_expression",
        }
    }

    /// As a 4.0 `next` and a workflow plan write it: the name, or the
    /// expression itself.
    pub fn as_str(&self) -> &str {
        match self {
            Condition::Js(expression) => expression,
            other => other.kind(),
        }
    }

    /// Reads a 4.0 condition: a name, or else an expression.
    pub fn parse(text: &str) -> Condition {
        match text {
            "always" => Condition::Always,
            "on_job_success" => Condition::OnJobSuccess,
            "on_job_failure" => Condition::OnJobFailure,
            "never" => Condition::Never,
            other => Condition::Js(other.to_string()),
        }
    }
}

impl Edge {
    /// The id of the trigger or job it leaves.
    pub fn source_id(&self) -> &str {
        match &self.source {
            EdgeSource::Trigger(id) | EdgeSource::Job(id) => id,
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
    /// The condition's label, shown on the edge in Lightning.
    pub label: Option<String>,
    pub enabled: bool,
}

/// The placeholder operation every job body ends with.
pub const PLACEHOLDER_OPERATION: &str = "fn(state => state);";

/// The adaptor of the transform and placeholder jobs.
pub const COMMON_ADAPTOR: &str = "common";
