//! The meaning of one file: its declarations and its flows with their
//! answers. Built by [`crate::lower`] from the syntax tree; everything the
//! workspace, the IDE features and the exporters need without re-reading
//! the tree.

use std::fmt;
use std::ops::Deref;

use flowspec_syntax::Span;
use flowspec_syntax::ast::Name;

use crate::diagnostic::Diagnostic;
use crate::discovery::{FlowDiscovery, ToolDiscovery};
use crate::records::{KeptRecord, MappingLine, RecordInfo, RecordMove, SampleRecord};
use crate::schema::{Category, ToolKind};
use crate::values::{Frequency, Timing, Volume};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileModel {
    pub decls: Vec<DeclInfo>,
    pub flows: Vec<FlowInfo>,
    pub records: Vec<RecordInfo>,
    /// Diagnostics that depend on this file alone (syntax, properties,
    /// values, answers). Workspace-wide ones are added by the workspace.
    pub diagnostics: Vec<Diagnostic>,
    /// For each of `diagnostics`, the item (index in the syntax tree) whose
    /// lowering found it; `u32::MAX` for the parser's. What an edit reuses
    /// of an item it did not touch.
    pub(crate) diagnostic_items: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeclKind {
    Tool,
    Role,
}

impl DeclKind {
    pub fn keyword(self) -> &'static str {
        match self {
            DeclKind::Tool => "tool",
            DeclKind::Role => "role",
        }
    }
}

/// A `tool` or `role` declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclInfo {
    pub kind: DeclKind,
    pub name: Name,
    /// Index of the item in the file's syntax tree.
    pub item: usize,
    pub span: Span,
    pub display_name: Option<String>,
    pub tool_kind: Option<ToolKind>,
    pub adaptor: Option<String>,
    pub owner: Option<String>,
    pub url: Option<String>,
    pub notes: Option<String>,
    pub doc: Option<String>,
    /// The records a tool keeps (`keeps` / `owns`); empty for a role.
    pub keeps: Vec<KeptRecord>,
    /// Its answers to the discovery questions (`auth`, `hosting`, …).
    pub discovery: Rare<ToolDiscovery>,
    /// Sample records the tool holds (`sample R { … }`), in source order.
    pub samples: Vec<SampleRecord>,
}

impl DeclInfo {
    /// How this tool keeps `record`, if it says.
    pub fn kept(&self, record: &str) -> Option<&KeptRecord> {
        self.keeps.iter().find(|k| k.record.text == record)
    }
}

/// A named or anonymous flow.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowInfo {
    pub item: usize,
    pub name: Option<Name>,
    /// The name, or the chain for an anonymous flow.
    pub display_name: String,
    pub steps: Vec<Name>,
    /// From `flow` (or the first step) to the end of the chain.
    pub header: Span,
    pub span: Span,
    pub answers: Answers,
    pub status: Option<Status>,
    pub owner: Option<String>,
    pub notes: Option<String>,
    pub doc: Option<String>,
    /// The records its `data:` names.
    pub records: Vec<RecordMove>,
    /// Its `data:` also describes data in words (strings).
    pub data_has_text: bool,
    /// The lines of its `transform { … }` block, read as a mapping (only
    /// when it moves records).
    pub mapping: Vec<MappingLine>,
    /// Its answers to the discovery questions (`notify`, `rerun`, …).
    pub discovery: Rare<FlowDiscovery>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Current,
    Proposed,
}

/// The one table of status words: lowering, highlighting, completion and
/// hover all read it.
impl Status {
    pub const ALL: [Status; 2] = [Status::Current, Status::Proposed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Proposed => "proposed",
        }
    }

    pub fn parse(word: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// What the word says, for completion and hover.
    pub fn describe(self) -> &'static str {
        match self {
            Status::Current => "the flow runs like this today",
            Status::Proposed => "the flow is planned: a design for how it should run",
        }
    }
}

/// What a flow says to each design question (Tools is its chain).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    pub data: Option<Answer<Vec<String>>>,
    pub transform: Option<Answer<Transform>>,
    pub timing: Option<Answer<Timing>>,
    pub frequency: Option<Answer<Frequency>>,
    pub volume: Option<Answer<Volume>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer<T> {
    pub state: AnswerState<T>,
    /// The answer's value (a property's value, or the shorthand words).
    pub span: Span,
    /// Given by shorthand words after the chain rather than in the block.
    pub shorthand: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AnswerState<T> {
    Known(T),
    /// `unknown` or `tbd`: an open question.
    Open(OpenWord),
    /// Written but not valid (an error says why).
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenWord {
    Unknown,
    Tbd,
}

impl OpenWord {
    pub const ALL: [OpenWord; 2] = [OpenWord::Tbd, OpenWord::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            OpenWord::Unknown => "unknown",
            OpenWord::Tbd => "tbd",
        }
    }

    pub fn parse(s: &str) -> Option<OpenWord> {
        OpenWord::ALL.into_iter().find(|w| w.as_str() == s)
    }

    /// What the word says, for completion.
    pub fn describe(self) -> &'static str {
        match self {
            OpenWord::Unknown => "an open question: nobody knows yet",
            OpenWord::Tbd => "an open question: to be decided",
        }
    }
}

impl<T> Answer<T> {
    pub fn known(&self) -> Option<&T> {
        match &self.state {
            AnswerState::Known(v) => Some(v),
            _ => None,
        }
    }
}

/// How a flow stands on one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerStatus {
    Answered,
    Open,
    Invalid,
    Unanswered,
}

impl Answers {
    pub fn status(&self, category: Category) -> AnswerStatus {
        fn of<T>(a: &Option<Answer<T>>) -> AnswerStatus {
            match a.as_ref().map(|a| &a.state) {
                None => AnswerStatus::Unanswered,
                Some(AnswerState::Known(_)) => AnswerStatus::Answered,
                Some(AnswerState::Open(_)) => AnswerStatus::Open,
                Some(AnswerState::Invalid) => AnswerStatus::Invalid,
            }
        }
        match category {
            Category::Tools => AnswerStatus::Answered,
            Category::Data => of(&self.data),
            Category::Transform => of(&self.transform),
            Category::Timing => of(&self.timing),
            Category::Frequency => of(&self.frequency),
            Category::Volume => of(&self.volume),
        }
    }

    /// Where a category is answered, if it is.
    pub fn span(&self, category: Category) -> Option<Span> {
        match category {
            Category::Tools => None,
            Category::Data => self.data.as_ref().map(|a| a.span),
            Category::Transform => self.transform.as_ref().map(|a| a.span),
            Category::Timing => self.timing.as_ref().map(|a| a.span),
            Category::Frequency => self.frequency.as_ref().map(|a| a.span),
            Category::Volume => self.volume.as_ref().map(|a| a.span),
        }
    }

    /// How many of the six questions have a valid answer (Tools always does).
    pub fn answered_count(&self) -> usize {
        Category::ALL
            .into_iter()
            .filter(|c| self.status(*c) == AnswerStatus::Answered)
            .count()
    }

    pub fn timing(&self) -> Option<&Timing> {
        self.timing.as_ref()?.known()
    }

    pub fn frequency(&self) -> Option<&Frequency> {
        self.frequency.as_ref()?.known()
    }

    pub fn volume(&self) -> Option<&Volume> {
        self.volume.as_ref()?.known()
    }

    pub fn data(&self) -> Option<&[String]> {
        self.data.as_ref()?.known().map(Vec::as_slice)
    }

    pub fn transform(&self) -> Option<&Transform> {
        self.transform.as_ref()?.known()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transform {
    /// `none`: the data goes through as it is.
    None,
    /// A description, or several.
    Text(Vec<String>),
    /// `transform { field: value … }`.
    Steps(Vec<TransformStep>),
}

/// One line of a transform block: `visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransformStep {
    pub field: String,
    pub span: Span,
    /// The value, or the left side of a mapping.
    pub from: String,
    /// The right side of `->`, when the line maps one form to another.
    pub to: Option<String>,
}

/// What most items leave unsaid, held only where it is said: read through
/// it as a `T` (an empty one where nothing was said). The discovery answers
/// are 144 bytes a flow and 232 a tool, and a design rarely gives any:
/// held inline, they were a sixth of a large workspace's models.
#[derive(Clone, Default)]
pub struct Rare<T>(Option<Box<T>>);

/// The `T` a [`Rare`] reads as when nothing was said.
pub trait Unsaid: Default + 'static {
    const UNSAID: &'static Self;
}

impl<T: Unsaid> Rare<T> {
    /// To fill in: made empty at the first call.
    pub fn get_mut(&mut self) -> &mut T {
        self.0.get_or_insert_with(Box::default)
    }

    /// What was said, to change in place (`None` when nothing was).
    pub fn said_mut(&mut self) -> Option<&mut T> {
        self.0.as_deref_mut()
    }
}

impl<T: Unsaid> Deref for Rare<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.0.as_deref().unwrap_or(T::UNSAID)
    }
}

impl<T: Unsaid + PartialEq> PartialEq for Rare<T> {
    fn eq(&self, other: &Rare<T>) -> bool {
        **self == **other
    }
}

impl<T: Unsaid + fmt::Debug> fmt::Debug for Rare<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl Unsaid for FlowDiscovery {
    const UNSAID: &'static FlowDiscovery = &FlowDiscovery {
        notify: None,
        rerun: None,
        identifier: None,
        direction: None,
    };
}

impl Unsaid for ToolDiscovery {
    const UNSAID: &'static ToolDiscovery = &ToolDiscovery {
        auth: None,
        hosting: None,
        sandbox: None,
        admin: None,
        limits: None,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rare_part_reads_empty_until_filled_and_compares_by_what_it_says() {
        let mut unsaid: Rare<FlowDiscovery> = Rare::default();
        assert!(unsaid.is_empty());
        assert!(unsaid.0.is_none());
        // Filled with nothing: still equal to nothing said.
        let _ = unsaid.get_mut();
        assert!(unsaid.0.is_some());
        assert_eq!(unsaid, Rare::default());
        unsaid.get_mut().rerun = None;
        let mut said: Rare<ToolDiscovery> = Rare::default();
        said.get_mut().admin = Some(crate::model::Answer {
            state: crate::model::AnswerState::Known("IT desk".to_string()),
            span: Span::new(1, 3),
            shorthand: false,
        });
        assert!(!said.is_empty());
        assert_ne!(said, Rare::default());
        assert_eq!(said.clone(), said);
    }
}
