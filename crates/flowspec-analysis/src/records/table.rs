//! The records and mappings as tables, for the outputs (the report's data
//! dictionary and mapping tables, `flowspec export mapping`, the diagram's
//! labels): what each record is, how each tool keeps each field, and where
//! each field of a flow's target comes from. The same reading of the design
//! as the checks (`check.rs` uses [`FieldView`] too), so an output never
//! interprets the design a second way.

use super::{FieldInfo, Format, KeptField, KeptRecord, MappingSource, RecordInfo};
use crate::model::FlowInfo;
use crate::{Resolution, Workspace};

/// A field as one tool keeps it: the record's definition, overridden by
/// the tool's `keeps` line for that field, if it has one.
#[derive(Debug, Clone, Copy)]
pub struct FieldView<'a> {
    pub field: &'a FieldInfo,
    pub kept: Option<&'a KeptField>,
}

impl<'a> FieldView<'a> {
    pub fn of(field: &'a FieldInfo, kept: Option<&'a KeptRecord>) -> FieldView<'a> {
        FieldView {
            field,
            kept: kept.and_then(|k| k.field(&field.name.text)),
        }
    }

    /// The field's name in that system (`as "case_id"`), if it differs.
    pub fn native(&self) -> Option<&'a str> {
        self.kept.and_then(|k| k.native.as_deref())
    }

    /// The name that system knows it by.
    pub fn name(&self) -> &'a str {
        self.native().unwrap_or(self.field.name.text.as_str())
    }

    pub fn format(&self) -> Option<&'a Format> {
        self.kept
            .and_then(|k| k.format.as_ref())
            .or(self.field.format.as_ref())
    }

    pub fn codes(&self) -> Option<&'a [String]> {
        self.kept
            .and_then(|k| k.codes.as_deref())
            .or(self.field.ty.codes())
    }

    /// The tool does not keep this field (`field: none`).
    pub fn absent(&self) -> bool {
        self.kept.is_some_and(|k| k.absent)
    }
}

/// One tool that keeps a record, with how it keeps each field.
#[derive(Debug, Clone)]
pub struct Keeper<'a> {
    /// The tool's name.
    pub tool: &'a str,
    /// `owns`: it is the system of record.
    pub owns: bool,
    /// One view per field of the record, in the record's order.
    pub fields: Vec<FieldView<'a>>,
}

/// A record with everyone who keeps it: one entry of the data dictionary.
#[derive(Debug, Clone)]
pub struct DictionaryEntry<'a> {
    pub record: &'a RecordInfo,
    /// The tools that keep it, in the order of the workspace's files.
    pub keepers: Vec<Keeper<'a>>,
}

impl DictionaryEntry<'_> {
    /// The systems of record (one, unless `duplicate-owner` says otherwise).
    pub fn owners(&self) -> impl Iterator<Item = &str> {
        self.keepers.iter().filter(|k| k.owns).map(|k| k.tool)
    }
}

/// Every record of the workspace (the first declaration of each name), in
/// the order of its files, with the tools that keep it.
pub fn dictionary(ws: &Workspace) -> Vec<DictionaryEntry<'_>> {
    let mut out = Vec::new();
    for (id, file) in ws.files() {
        for record in &file.model.records {
            let first = ws
                .record(&record.name.text)
                .is_some_and(|(f, r)| f == id && r.span == record.span);
            if !first {
                continue;
            }
            let keepers = ws
                .keepers(&record.name.text)
                .into_iter()
                .map(|(_, decl, kept)| Keeper {
                    tool: decl.name.text.as_str(),
                    owns: kept.owns,
                    fields: record
                        .fields
                        .iter()
                        .map(|f| FieldView::of(f, Some(kept)))
                        .collect(),
                })
                .collect();
            out.push(DictionaryEntry { record, keepers });
        }
    }
    out
}

/// Whether the workspace declares any record (a design without records
/// gets no data dictionary and no mapping tables).
pub fn has_records(ws: &Workspace) -> bool {
    ws.record_names().next().is_some()
}

/// What kind of rule fills a target field, in one word (the `kind` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// From a source field as it is (named, or of the same name).
    Field,
    /// From a source field, converted from one format to another.
    Format,
    /// From a source field, through a code list.
    Codes,
    Constant,
    Lookup,
    Rule,
    Aggregate,
    /// Nothing gives it a value.
    Unmapped,
    /// A mapping line that is not one (`flowspec check` says why).
    Invalid,
}

impl RowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Field => "field",
            RowKind::Format => "format",
            RowKind::Codes => "codes",
            RowKind::Constant => "constant",
            RowKind::Lookup => "lookup",
            RowKind::Rule => "rule",
            RowKind::Aggregate => "aggregate",
            RowKind::Unmapped => "unmapped",
            RowKind::Invalid => "invalid",
        }
    }
}

/// One row of a flow's mapping table: a field of the target, where its
/// value comes from, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingRow {
    /// The source record (empty for a line about data described in words).
    pub source_record: String,
    /// The source field, as the record names it.
    pub source_field: Option<String>,
    /// Its name in the source tool (`as "dob"`), when it differs.
    pub source_name: Option<String>,
    /// The format the source tool keeps it in.
    pub source_format: Option<String>,
    /// The target record (empty for a line about data described in words).
    pub target_record: String,
    pub target_field: String,
    /// Its name in the target tool, when it differs.
    pub target_name: Option<String>,
    pub target_format: Option<String>,
    pub kind: RowKind,
    /// The rule as a person reads it: `"MM/DD/YYYY" -> "YYYY-MM-DD"`,
    /// `"1" -> "F", "2" -> "M"`, `const "ET"`, the words of a rule.
    pub rule: String,
    /// A worked example: `12/31/2024 → 31/12/2024`, `1 → F`, `ET`.
    pub example: Option<String>,
    /// A person must implement it (a lookup, a rule in words, an
    /// aggregation), or decide it (nothing maps a field).
    pub needs_a_person: bool,
    /// No line of the transform block names this field: it takes the
    /// source field of the same name (or nothing).
    pub implicit: bool,
}

/// A flow's mapping table: its source and target tools, and one row per
/// field of each target record the target tool keeps (in the record's
/// order), then a row per line about data described in words.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowMapping {
    pub flow: String,
    pub source_tool: String,
    pub target_tool: String,
    pub rows: Vec<MappingRow>,
}

/// The mapping table of every flow that moves records, in the order of the
/// workspace's files.
pub fn mappings(ws: &Workspace) -> Vec<FlowMapping> {
    ws.files()
        .flat_map(|(_, f)| f.model.flows.iter())
        .filter_map(|flow| mapping(ws, flow))
        .collect()
}

fn kept<'a>(ws: &'a Workspace, step: &str, record: &str) -> Option<&'a KeptRecord> {
    match ws.resolve(step) {
        Resolution::Declared { decl, .. } => decl.kept(record),
        _ => None,
    }
}

/// The mapping table of one flow; `None` when its `data:` names no record
/// or no record it names is declared.
pub fn mapping(ws: &Workspace, flow: &FlowInfo) -> Option<FlowMapping> {
    let (first, last) = (flow.steps.first()?, flow.steps.last()?);
    let mut rows = Vec::new();
    let mut targets: Vec<&RecordInfo> = Vec::new();
    for mv in &flow.records {
        let (Some((_, src)), Some((_, tgt))) =
            (ws.record(&mv.source.text), ws.record(&mv.target.text))
        else {
            continue;
        };
        targets.push(tgt);
        let src_kept = kept(ws, &first.text, &src.name.text);
        let tgt_kept = kept(ws, &last.text, &tgt.name.text);
        for field in &tgt.fields {
            let tv = FieldView::of(field, tgt_kept);
            if tv.absent() {
                continue;
            }
            let line = flow
                .mapping
                .iter()
                .find(|l| l.field.text == field.name.text);
            let source = |name: &str| {
                src.field(name)
                    .map(|f| FieldView::of(f, src_kept))
                    .filter(|v| !v.absent())
            };
            let mut row = MappingRow {
                source_record: src.name.text.to_string(),
                source_field: None,
                source_name: None,
                source_format: None,
                target_record: tgt.name.text.to_string(),
                target_field: field.name.text.to_string(),
                target_name: tv.native().map(str::to_string),
                target_format: tv.format().map(|f| f.written.clone()),
                kind: RowKind::Unmapped,
                rule: String::new(),
                example: None,
                needs_a_person: false,
                implicit: line.is_none(),
            };
            let from = match line.map(|l| &l.source) {
                None => source(&field.name.text).inspect(|_| {
                    row.kind = RowKind::Field;
                    row.rule = "the field of the same name".to_string();
                }),
                Some(how) => {
                    describe(how, &mut row);
                    let name = match how {
                        MappingSource::Field { from, .. } => {
                            Some(from.as_ref().map_or(field.name.text.as_str(), |n| &n.text))
                        }
                        other => other.from().map(|n| n.text.as_str()),
                    };
                    name.and_then(source)
                }
            };
            if let Some(sv) = from {
                row.source_field = Some(sv.field.name.text.to_string());
                row.source_name = sv.native().map(str::to_string);
                row.source_format = sv.format().map(|f| f.written.clone());
            }
            if row.kind == RowKind::Unmapped {
                row.rule = "nothing maps it".to_string();
                row.needs_a_person = field.required || field.identifier;
            }
            rows.push(row);
        }
    }
    if targets.is_empty() {
        return None;
    }
    // Lines about the data described in words (`indicators: "sum visits
    // per district per month"` beside `data: [visit, "indicators"]`): rules
    // a person implements, with no record field of their own.
    if flow.data_has_text {
        for line in &flow.mapping {
            let key = line.field.text.as_str();
            if targets.iter().any(|r| r.field(key).is_some()) {
                continue;
            }
            if let MappingSource::Rule(_) = &line.source {
                let mut row = MappingRow {
                    source_record: String::new(),
                    source_field: None,
                    source_name: None,
                    source_format: None,
                    target_record: String::new(),
                    target_field: key.to_string(),
                    target_name: None,
                    target_format: None,
                    kind: RowKind::Rule,
                    rule: String::new(),
                    example: None,
                    needs_a_person: true,
                    implicit: false,
                };
                describe(&line.source, &mut row);
                rows.push(row);
            }
        }
    }
    Some(FlowMapping {
        flow: flow.display_name.clone(),
        source_tool: first.text.to_string(),
        target_tool: last.text.to_string(),
        rows,
    })
}

/// The kind, rule, example and whether a person must implement it, of a
/// mapping line's value.
fn describe(how: &MappingSource, row: &mut MappingRow) {
    row.needs_a_person = how.needs_a_person();
    let with = |note: &Option<String>| {
        note.as_deref()
            .map(|n| format!(" \"{n}\""))
            .unwrap_or_default()
    };
    let named = |from: &Option<flowspec_syntax::ast::Name>| {
        from.as_ref()
            .map(|n| format!(" {}", n.text))
            .unwrap_or_default()
    };
    match how {
        MappingSource::Field {
            from,
            convert,
            codes,
        } => {
            let source = from.as_ref().map(|n| n.text.to_string());
            if let Some(c) = convert {
                row.kind = RowKind::Format;
                row.rule = format!("\"{}\" -> \"{}\"", c.from, c.to);
                row.example = c.from.worked_example(&c.to);
            } else if let Some(map) = codes {
                row.kind = RowKind::Codes;
                row.rule = map
                    .pairs
                    .iter()
                    .map(|p| format!("\"{}\" -> \"{}\"", p.from, p.to))
                    .collect::<Vec<_>>()
                    .join(", ");
                row.example = map.pairs.first().map(|p| format!("{} → {}", p.from, p.to));
            } else {
                row.kind = RowKind::Field;
                row.rule = match source {
                    Some(s) => format!("from {s}, as it is"),
                    None => "as it is".to_string(),
                };
            }
        }
        MappingSource::Constant { value, .. } => {
            row.kind = RowKind::Constant;
            row.rule = format!("const \"{value}\"");
            row.example = Some(value.clone());
        }
        MappingSource::Lookup { from, note } => {
            row.kind = RowKind::Lookup;
            row.rule = format!("lookup{}{}", named(from), with(note));
        }
        MappingSource::Rule(text) => {
            row.kind = RowKind::Rule;
            row.rule = text.clone();
        }
        MappingSource::Aggregate { how, from, note } => {
            row.kind = RowKind::Aggregate;
            row.rule = format!("{how}{}{}", named(from), with(note));
        }
        MappingSource::Invalid => {
            row.kind = RowKind::Invalid;
            row.rule = "not a mapping (see flowspec check)".to_string();
        }
    }
}
