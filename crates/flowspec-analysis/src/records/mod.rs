//! Records, fields and mappings: what the data *is* (a `record` and its
//! typed fields), how each tool keeps it (`keeps` / `owns` in a tool), and
//! how a flow maps one system's fields onto another's (the lines of its
//! `transform { … }` block when its `data:` names records).
//!
//! This module holds the model and the vocabulary; the lowering is in
//! `lower/record.rs` and `lower/mapping.rs`, the checks across files in
//! [`check`], the tables the outputs show (data dictionary, mapping
//! tables) in [`table`].

pub(crate) mod check;
pub mod format;
pub mod plan;
mod sample;
pub mod table;

use flowspec_syntax::Span;
use flowspec_syntax::ast::Name;

pub use format::Format;

/// The built-in field types (any other word names a record).
pub const TYPES: [&str; 7] = [
    "text", "integer", "number", "boolean", "date", "datetime", "choice",
];

/// The marks a field may carry after its type.
pub const MARKS: [&str; 3] = ["identifier", "required", "personal"];

/// The words that start a mapping line of a kind other than a field.
pub const MAPPING_WORDS: [&str; 9] = [
    "const",
    "lookup",
    "rule",
    "aggregate",
    "sum",
    "count",
    "average",
    "min",
    "max",
];

/// `keeps` holds a record; `owns` holds it as its system of record.
pub const KEEPS_VERBS: [&str; 2] = ["keeps", "owns"];

/// A `record` declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordInfo {
    pub name: Name,
    /// Index of the item in the file's syntax tree.
    pub item: usize,
    pub span: Span,
    pub display_name: Option<String>,
    /// The definition the teams agreed on (its `##` lines).
    pub doc: Option<String>,
    pub fields: Vec<FieldInfo>,
}

impl RecordInfo {
    pub fn field(&self, name: &str) -> Option<&FieldInfo> {
        self.fields.iter().find(|f| f.name.text == name)
    }

    /// The fields that identify one record, if any is marked so.
    pub fn identifiers(&self) -> impl Iterator<Item = &FieldInfo> {
        self.fields.iter().filter(|f| f.identifier)
    }

    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.name.text.as_str())
    }
}

/// One field of a record: `birth_date: date "YYYY-MM-DD" required personal`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldInfo {
    pub name: Name,
    /// The whole line.
    pub span: Span,
    pub ty: FieldType,
    /// The type word (or the record's name).
    pub ty_span: Span,
    /// The format the record keeps it in (a date pattern, a unit, …).
    pub format: Option<Format>,
    pub identifier: bool,
    pub required: bool,
    pub personal: bool,
    /// The field's definition (its `##` lines).
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    Text,
    Integer,
    Number,
    Boolean,
    Date,
    DateTime,
    /// One of the listed codes.
    Choice(Vec<String>),
    /// A reference to another record (by its identifier).
    Record(Name),
    /// Written wrongly (an error says why).
    Invalid,
}

impl FieldType {
    pub fn word(&self) -> &str {
        match self {
            FieldType::Text => "text",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::DateTime => "datetime",
            FieldType::Choice(_) => "choice",
            FieldType::Record(name) => name.text.as_str(),
            FieldType::Invalid => "?",
        }
    }

    /// How a person reads it: `a date`, `a choice of female, male`.
    pub fn describe(&self) -> String {
        match self {
            FieldType::Text => "text".into(),
            FieldType::Integer => "an integer".into(),
            FieldType::Number => "a number".into(),
            FieldType::Boolean => "a boolean".into(),
            FieldType::Date => "a date".into(),
            FieldType::DateTime => "a date and time".into(),
            FieldType::Choice(codes) => format!("a choice of {}", codes.join(", ")),
            FieldType::Record(name) => format!("a reference to a `{}` record", name.text),
            FieldType::Invalid => "an unknown type".into(),
        }
    }

    pub fn codes(&self) -> Option<&[String]> {
        match self {
            FieldType::Choice(codes) => Some(codes),
            _ => None,
        }
    }

    pub fn is_dated(&self) -> bool {
        matches!(self, FieldType::Date | FieldType::DateTime)
    }

    /// Whether a value of type `self` can go into a field of type `to`
    /// as it is. Anything goes into text; an integer into a number; a date
    /// into a date and time and back (the formats are checked on their
    /// own); a reference into text or an integer (it is an identifier);
    /// codes into codes (the codes are checked on their own).
    pub fn fits(&self, to: &FieldType) -> bool {
        use FieldType::*;
        match (self, to) {
            (Invalid, _) | (_, Invalid) | (_, Text) => true,
            (Integer, Integer | Number) | (Number, Number) | (Boolean, Boolean) => true,
            (Date | DateTime, Date | DateTime) => true,
            (Choice(_), Choice(_)) => true,
            (Record(a), Record(b)) => a.text == b.text,
            (Record(_), Integer) | (Text | Integer, Record(_)) => true,
            _ => false,
        }
    }
}

/// How a tool keeps a record: `owns patient { … }` or `keeps patient`.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptRecord {
    pub record: Name,
    /// `owns`: this tool is the system of record.
    pub owns: bool,
    /// The `keeps` / `owns` word.
    pub verb: Span,
    pub span: Span,
    /// The fields that this tool keeps differently from the record's
    /// definition; a field not listed is kept as the record defines it.
    pub fields: Vec<KeptField>,
}

impl KeptRecord {
    pub fn field(&self, name: &str) -> Option<&KeptField> {
        self.fields.iter().find(|f| f.name.text == name)
    }
}

/// `visit_date: as "visit_date_mmddyyyy" "MM/DD/YYYY"`, `sex: ["1", "2"]`,
/// `middle_name: none`.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptField {
    pub name: Name,
    pub span: Span,
    /// The field's name in that system (`as "case_id"`).
    pub native: Option<String>,
    pub format: Option<Format>,
    /// The codes that system uses for a choice.
    pub codes: Option<Vec<String>>,
    /// `none`: the tool does not keep this field.
    pub absent: bool,
}

/// `sample visit { visit_id: "V-001" visit_date: "12/31/2024" }` in a tool:
/// one record as that tool holds it (its formats and codes), keyed by the
/// record's field names. Export writes a flow's samples as the input its
/// workflow runs on.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleRecord {
    pub record: Name,
    /// The `sample` word.
    pub verb: Span,
    pub span: Span,
    pub values: Vec<SampleField>,
}

impl SampleRecord {
    pub fn value(&self, field: &str) -> Option<&SampleValue> {
        self.values
            .iter()
            .find(|v| v.field.text == field)
            .map(|v| &v.value)
    }
}

/// `visit_date: "12/31/2024"` in a sample.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleField {
    pub field: Name,
    pub span: Span,
    pub value: SampleValue,
    /// The value's span.
    pub value_span: Span,
}

/// A sample's value: a string, a number, `true` / `false`, or `none` (no
/// value: JSON's `null`).
#[derive(Debug, Clone, PartialEq)]
pub enum SampleValue {
    Text(String),
    Number(f64),
    Boolean(bool),
    Null,
}

/// Which records a flow moves: `data: patient` (one record, both ends) or
/// `data: visit -> monthly_report` (one record into another).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordMove {
    pub source: Name,
    pub target: Name,
}

/// One line of a flow's mapping: where a field of the target comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingLine {
    /// The target field (the line's key).
    pub field: Name,
    pub span: Span,
    /// The value's span.
    pub value: Span,
    pub source: MappingSource,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MappingSource {
    /// From a field of the source: the one named, or the field of the same
    /// name; optionally converted from one format to another, or through a
    /// code list.
    Field {
        from: Option<Name>,
        convert: Option<Conversion>,
        codes: Option<CodeMap>,
    },
    /// `const "ET"`: the same value for every record.
    Constant { value: String, span: Span },
    /// `lookup [field] ["where"]`: a value looked up elsewhere.
    Lookup {
        from: Option<Name>,
        note: Option<String>,
    },
    /// `"in words"` or `rule "…"`: a rule a person must implement.
    Rule(String),
    /// `sum visits "per district per month"`, `count "…"`, `aggregate
    /// "…"`: many source records into one.
    Aggregate {
        how: String,
        from: Option<Name>,
        note: Option<String>,
    },
    /// A value that is not a mapping (an error says why).
    Invalid,
}

impl MappingSource {
    /// The source field this line reads, if it names one.
    pub fn from(&self) -> Option<&Name> {
        match self {
            MappingSource::Field { from, .. }
            | MappingSource::Lookup { from, .. }
            | MappingSource::Aggregate { from, .. } => from.as_ref(),
            _ => None,
        }
    }

    /// Whether a person must write this part of the integration by hand.
    pub fn needs_a_person(&self) -> bool {
        matches!(
            self,
            MappingSource::Lookup { .. } | MappingSource::Rule(_) | MappingSource::Aggregate { .. }
        )
    }

    /// What kind of rule it is, in one word (for tables).
    pub fn kind(&self) -> &'static str {
        match self {
            MappingSource::Field {
                convert: Some(_), ..
            } => "format",
            MappingSource::Field { codes: Some(_), .. } => "codes",
            MappingSource::Field { .. } => "field",
            MappingSource::Constant { .. } => "constant",
            MappingSource::Lookup { .. } => "lookup",
            MappingSource::Rule(_) => "rule",
            MappingSource::Aggregate { .. } => "aggregate",
            MappingSource::Invalid => "invalid",
        }
    }
}

/// `"MM/DD/YYYY" -> "YYYY-MM-DD"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub from: Format,
    pub from_span: Span,
    pub to: Format,
    pub to_span: Span,
}

/// `["1" -> "female", "2" -> "male"]`.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeMap {
    pub pairs: Vec<CodePair>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CodePair {
    pub from: String,
    pub to: String,
    pub span: Span,
    /// The span of the right side.
    pub to_span: Span,
}
