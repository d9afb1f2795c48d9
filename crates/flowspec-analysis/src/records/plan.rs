//! A flow's mapping as something to run: for each field of the target, as
//! the target tool keeps it (its field name there), where its value comes
//! from in the source tool's record (its name there) and what is done to
//! it on the way. Export turns it into code; the rules a person must write
//! ([`Rule::ToImplement`]) are listed by [`to_implement`].
//!
//! **Decision:** a native name (`as "form.visit_date"`) with dots is a path
//! into nested objects (`{ "form": { "visit_date": … } }`), as CommCare's
//! and OpenMRS's JSON nest them.

use flowspec_syntax::Span;

use super::{FieldInfo, FieldType, Format, KeptRecord, MappingSource, RecordInfo, SampleValue};
use crate::model::{DeclInfo, FlowInfo};
use crate::{FileData, FileId, Resolution, Workspace};

/// The mapping of one flow, ready to run over each source record.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingPlan {
    pub source_record: String,
    pub target_record: String,
    /// The flow's first and last steps.
    pub source_tool: String,
    pub target_tool: String,
    /// One per field of the target record the target tool keeps, in the
    /// record's order (fields nothing maps and nothing requires are left
    /// out), then the rules for a person on lines that name no field of
    /// the target.
    pub fields: Vec<FieldPlan>,
    /// Whether a line aggregates many source records into one.
    pub aggregates: bool,
    /// The source tool's samples of the source record, as it holds them:
    /// each a list of (path, value).
    pub samples: Vec<Vec<(Vec<String>, SampleValue)>>,
}

impl MappingPlan {
    /// The lines a person must write.
    pub fn to_implement(&self) -> impl Iterator<Item = &FieldPlan> {
        self.fields
            .iter()
            .filter(|f| matches!(f.rule, Rule::ToImplement { .. }))
    }
}

/// One target field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPlan {
    /// The target record's field.
    pub field: String,
    /// Where the target tool keeps it (its native name, split at dots).
    pub path: Vec<String>,
    pub rule: Rule,
    /// The mapping line, when one says it.
    pub line: Option<Span>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// The source field's value, as it is. `unconverted`: the two tools
    /// keep it in these different formats (or codes) and nothing converts
    /// it (a `format-mismatch` warning says so).
    Copy {
        from: String,
        path: Vec<String>,
        unconverted: Option<(String, String)>,
    },
    /// A date read in one format and written in another.
    Date {
        from: String,
        path: Vec<String>,
        read: Format,
        write: Format,
    },
    /// Each source code to a target code; any other code is reported.
    Codes {
        from: String,
        path: Vec<String>,
        pairs: Vec<(String, String)>,
    },
    /// The same value for every record.
    Constant(Constant),
    /// A rule a person must write: a lookup, a rule in words, an
    /// aggregation, or a required field nothing maps.
    ToImplement {
        /// `lookup`, `rule`, `aggregate` or `unmapped`.
        kind: &'static str,
        /// The rule as the design says it.
        text: String,
        /// The source field it reads, if it names one.
        from: Option<(String, Vec<String>)>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    Text(String),
    Number(f64),
    Boolean(bool),
}

/// Why a flow has no plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoPlan {
    /// Its `data:` names no record.
    NoRecords,
    /// It moves several kinds of record: which one is `state.data`?
    SeveralRecords(Vec<String>),
    /// A record it names is not declared.
    UnknownRecord(String),
}

impl std::fmt::Display for NoPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoPlan::NoRecords => f.write_str("its data names no record"),
            NoPlan::SeveralRecords(names) => write!(
                f,
                "it moves several records ({}), so a job cannot tell which one each item of `state.data` is; give each its own flow",
                names.join(", ")
            ),
            NoPlan::UnknownRecord(name) => write!(f, "record `{name}` is not declared"),
        }
    }
}

/// How one tool keeps one record's fields.
struct Side<'a> {
    record: &'a RecordInfo,
    kept: Option<&'a KeptRecord>,
}

impl<'a> Side<'a> {
    fn kept_field(&self, field: &str) -> Option<&'a super::KeptField> {
        self.kept?.field(field)
    }

    fn absent(&self, field: &str) -> bool {
        self.kept_field(field).is_some_and(|k| k.absent)
    }

    fn path(&self, field: &str) -> Vec<String> {
        let native = self.kept_field(field).and_then(|k| k.native.as_deref());
        path(native.unwrap_or(field))
    }

    fn format(&self, field: &str) -> Option<&'a Format> {
        self.kept_field(field)
            .and_then(|k| k.format.as_ref())
            .or(self.record.field(field)?.format.as_ref())
    }

    fn codes(&self, field: &str) -> Option<&'a [String]> {
        self.kept_field(field)
            .and_then(|k| k.codes.as_deref())
            .or(self.record.field(field)?.ty.codes())
    }
}

fn path(native: &str) -> Vec<String> {
    native
        .split('.')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn tool<'a>(ws: &'a Workspace, name: &str) -> Option<&'a DeclInfo> {
    match ws.resolve(name) {
        Resolution::Declared { decl, .. } => Some(decl),
        _ => None,
    }
}

/// The runnable mapping of `flow`.
pub fn plan(ws: &Workspace, flow: &FlowInfo) -> Result<MappingPlan, NoPlan> {
    let mv = match flow.records.as_slice() {
        [] => return Err(NoPlan::NoRecords),
        [one] => one,
        several => {
            return Err(NoPlan::SeveralRecords(
                several.iter().map(|m| m.source.text.to_string()).collect(),
            ));
        }
    };
    let record = |name: &str| {
        ws.record(name)
            .map(|(_, r)| r)
            .ok_or_else(|| NoPlan::UnknownRecord(name.to_string()))
    };
    let (src, tgt) = (record(&mv.source.text)?, record(&mv.target.text)?);
    let (Some(first), Some(last)) = (flow.steps.first(), flow.steps.last()) else {
        return Err(NoPlan::NoRecords);
    };
    let (src_tool, tgt_tool) = (tool(ws, &first.text), tool(ws, &last.text));
    let source = Side {
        record: src,
        kept: src_tool.and_then(|d| d.kept(&src.name.text)),
    };
    let target = Side {
        record: tgt,
        kept: tgt_tool.and_then(|d| d.kept(&tgt.name.text)),
    };
    let mut fields = Vec::new();
    for field in &tgt.fields {
        let name = field.name.text.as_str();
        if target.absent(name) {
            continue;
        }
        let line = flow.mapping.iter().find(|l| l.field.text == name);
        let rule = match line {
            Some(line) => mapped(&source, &target, field, &line.source),
            None => unmapped(&source, &target, field),
        };
        let Some(rule) = rule else { continue };
        fields.push(FieldPlan {
            field: name.to_string(),
            path: target.path(name),
            rule,
            line: line.map(|l| l.span),
        });
    }
    // A rule for a person on a line that names no field of the target
    // (`indicators: "sum visits per district per month"`) is still theirs
    // to write.
    for line in &flow.mapping {
        if tgt.field(&line.field.text).is_some() {
            continue;
        }
        let Some(rule) = by_hand(&source, &line.source) else {
            continue;
        };
        fields.push(FieldPlan {
            field: line.field.text.to_string(),
            path: vec![line.field.text.to_string()],
            rule,
            line: Some(line.span),
        });
    }
    let aggregates = fields.iter().any(|f| {
        matches!(
            f.rule,
            Rule::ToImplement {
                kind: "aggregate",
                ..
            }
        )
    });
    Ok(MappingPlan {
        source_record: src.name.text.to_string(),
        target_record: tgt.name.text.to_string(),
        source_tool: first.text.to_string(),
        target_tool: last.text.to_string(),
        fields,
        aggregates,
        samples: src_tool.map_or_else(Vec::new, |d| samples(d, &source)),
    })
}

/// The rule for a target field no line of the mapping names: the source
/// field of the same name as it is, else a person's work when the field is
/// required or an identifier, else nothing.
fn unmapped(source: &Side<'_>, target: &Side<'_>, field: &FieldInfo) -> Option<Rule> {
    let name = field.name.text.as_str();
    if source.record.field(name).is_some() && !source.absent(name) {
        return Some(copy(source, target, name, name));
    }
    (field.required || field.identifier).then(|| Rule::ToImplement {
        kind: "unmapped",
        text: format!(
            "nothing maps this {} field",
            if field.identifier {
                "identifier"
            } else {
                "required"
            }
        ),
        from: None,
    })
}

/// The rule for a target field a line of the mapping names.
fn mapped(
    source: &Side<'_>,
    target: &Side<'_>,
    field: &FieldInfo,
    line: &MappingSource,
) -> Option<Rule> {
    let name = field.name.text.as_str();
    Some(match line {
        MappingSource::Field {
            from,
            convert,
            codes,
        } => {
            let from = from.as_ref().map_or(name, |n| n.text.as_str());
            match (convert, codes) {
                (Some(c), _) if c.from.example().is_some() && c.to.example().is_some() => {
                    Rule::Date {
                        from: from.to_string(),
                        path: source.path(from),
                        read: c.from.clone(),
                        write: c.to.clone(),
                    }
                }
                (Some(c), _) => Rule::ToImplement {
                    kind: "rule",
                    text: format!("convert from \"{}\" to \"{}\"", c.from, c.to),
                    from: Some((from.to_string(), source.path(from))),
                },
                (None, Some(map)) => Rule::Codes {
                    from: from.to_string(),
                    path: source.path(from),
                    pairs: map
                        .pairs
                        .iter()
                        .map(|p| (p.from.clone(), p.to.clone()))
                        .collect(),
                },
                (None, None) => copy(source, target, from, name),
            }
        }
        MappingSource::Constant { value, .. } => Rule::Constant(constant(value, &field.ty)),
        MappingSource::Invalid => Rule::ToImplement {
            kind: "rule",
            text: "the design's line for it is not valid".into(),
            from: None,
        },
        MappingSource::Lookup { .. } | MappingSource::Rule(_) | MappingSource::Aggregate { .. } => {
            return by_hand(source, line);
        }
    })
}

/// A lookup, a rule in words or an aggregation: work for a person, with
/// the source field it reads when the line names one.
fn by_hand(source: &Side<'_>, line: &MappingSource) -> Option<Rule> {
    let (kind, text) = match line {
        MappingSource::Lookup { note, .. } => (
            "lookup",
            note.clone()
                .unwrap_or_else(|| "a value looked up elsewhere".into()),
        ),
        MappingSource::Aggregate { how, note, .. } => (
            "aggregate",
            match note {
                Some(note) => format!("{how} {note}"),
                None => how.clone(),
            },
        ),
        MappingSource::Rule(text) => ("rule", text.clone()),
        _ => return None,
    };
    Some(Rule::ToImplement {
        kind,
        text,
        from: line
            .from()
            .map(|n| (n.text.to_string(), source.path(&n.text))),
    })
}

/// The source tool's samples of the source record, by field path.
fn samples(tool: &DeclInfo, source: &Side<'_>) -> Vec<Vec<(Vec<String>, SampleValue)>> {
    tool.samples
        .iter()
        .filter(|s| s.record.text == source.record.name.text)
        .map(|s| {
            s.values
                .iter()
                .filter(|v| source.record.field(&v.field.text).is_some())
                .map(|v| (source.path(&v.field.text), v.value.clone()))
                .collect()
        })
        .collect()
}

/// A field taken as it is; `unconverted` when the tools keep it
/// differently.
fn copy(source: &Side<'_>, target: &Side<'_>, from: &str, to: &str) -> Rule {
    let differ = |a: Option<String>, b: Option<String>| match (a, b) {
        (Some(a), Some(b)) if a != b => Some((a, b)),
        _ => None,
    };
    let formats = differ(
        source.format(from).map(|f| f.canonical.clone()),
        target.format(to).map(|f| f.canonical.clone()),
    );
    let codes = || {
        differ(
            source.codes(from).map(|c| format!("[{}]", c.join(", "))),
            target.codes(to).map(|c| format!("[{}]", c.join(", "))),
        )
    };
    Rule::Copy {
        from: from.to_string(),
        path: source.path(from),
        unconverted: formats.or_else(codes),
    }
}

fn constant(value: &str, ty: &FieldType) -> Constant {
    match ty {
        FieldType::Integer | FieldType::Number => value
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map_or_else(|| Constant::Text(value.to_string()), Constant::Number),
        FieldType::Boolean if value == "true" || value == "false" => {
            Constant::Boolean(value == "true")
        }
        _ => Constant::Text(value.to_string()),
    }
}

/// A rule of one flow's mapping that a person must write.
#[derive(Debug, Clone, PartialEq)]
pub struct ToImplement {
    /// The flow's name (or its chain, when anonymous).
    pub flow: String,
    pub file: FileId,
    /// The file's path.
    pub path: String,
    /// The line that says it (or the flow's header, for an unmapped field).
    pub span: Span,
    pub field: String,
    pub kind: &'static str,
    pub text: String,
}

/// Every rule a person must write, over the flows of the workspace that map
/// records, files by path, flows in source order.
pub fn to_implement(ws: &Workspace) -> Vec<ToImplement> {
    let mut files: Vec<(FileId, &FileData)> = ws.files().map(|(id, f)| (id, f.as_ref())).collect();
    files.sort_by(|a, b| a.1.path.cmp(&b.1.path));
    let mut out = Vec::new();
    for (id, file) in files {
        for flow in &file.model.flows {
            let Ok(plan) = plan(ws, flow) else { continue };
            for f in plan.to_implement() {
                let Rule::ToImplement { kind, text, .. } = &f.rule else {
                    continue;
                };
                out.push(ToImplement {
                    flow: flow.display_name.clone(),
                    file: id,
                    path: file.path.to_string(),
                    span: f.line.unwrap_or(flow.header),
                    field: f.field.clone(),
                    kind,
                    text: text.clone(),
                });
            }
        }
    }
    out
}
