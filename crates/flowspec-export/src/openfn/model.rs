//! An OpenFn project as the exporter builds it, before any text: what the
//! writers (`yaml`, `plan`) turn into files.

use super::TriggerType;

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
}

/// The placeholder operation every job body ends with.
pub const PLACEHOLDER_OPERATION: &str = "fn(state => state);";

/// The adaptor of the transform and placeholder jobs.
pub const COMMON_ADAPTOR: &str = "common";
