//! Records and fields as names: where each is declared and where it is
//! used, for navigation, highlight and rename.
//!
//! A record's name is written in its declaration, in a field's type (a
//! reference to another record), after `keeps` / `owns` / `sample` in a
//! tool, and in a flow's `data:`. A field of record `R` is written in `R`'s
//! declaration, in the block of a tool's `keeps R` and of its `sample R`
//! (a key per line), and in the mapping of a flow that moves
//! `R`: as a line's key when `R` is the target, as the field a line reads
//! when `R` is the source. A line that names no source field reads the
//! source field of the same name, so its key is a use of both the target's
//! field and the source's (an *implicit* use of the source's).
//!
//! Records are a namespace of their own; a field belongs to its record, so
//! `patient.sex` and `visit.sex` are two names.

use flowspec_syntax::ast::Name;
use flowspec_syntax::{SmolStr, Span};

use crate::records::{FieldType, MappingSource};
use crate::{FileData, FileId, Workspace};

/// One place a record's name is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RecordUse {
    pub span: Span,
    pub name: SmolStr,
    /// Its `record NAME` declaration.
    pub is_declaration: bool,
}

/// How a field's name is written at one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldRole {
    /// A line of the record's declaration.
    Declaration,
    /// A line of a tool's `keeps RECORD { … }`.
    Kept,
    /// A line of a tool's `sample RECORD { … }`.
    Sample,
    /// A mapping line's key: the target's field.
    Key,
    /// The source field a mapping line names.
    From,
    /// A mapping line's key, read as the source field of the same name
    /// (the line names no source field).
    ImplicitFrom,
}

/// One place a field's name is written (or, for `ImplicitFrom`, read).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FieldUse {
    pub span: Span,
    pub record: SmolStr,
    pub field: SmolStr,
    pub role: FieldRole,
}

/// Every record name written in a file, in source order.
pub fn record_uses(file: &FileData) -> Vec<RecordUse> {
    let mut out = Vec::new();
    let mut push = |name: &Name, is_declaration: bool| {
        out.push(RecordUse {
            span: name.span,
            name: name.text.clone(),
            is_declaration,
        });
    };
    for record in &file.model.records {
        push(&record.name, true);
        for field in &record.fields {
            if let FieldType::Record(target) = &field.ty {
                push(target, false);
            }
        }
    }
    for decl in &file.model.decls {
        for kept in &decl.keeps {
            push(&kept.record, false);
        }
        for sample in &decl.samples {
            push(&sample.record, false);
        }
    }
    for flow in &file.model.flows {
        for mv in &flow.records {
            push(&mv.source, false);
            if mv.target.span != mv.source.span {
                push(&mv.target, false);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Every field name written in a file, in source order. A mapping line's
/// names are resolved against the records the flow moves (declared in any
/// file): a key is a field of each target that has it (of every target
/// when none has it), a source field likewise of the sources.
pub fn field_uses(workspace: &Workspace, file: &FileData) -> Vec<FieldUse> {
    let mut out = Vec::new();
    let mut push = |span: Span, record: &SmolStr, field: &SmolStr, role: FieldRole| {
        out.push(FieldUse {
            span,
            record: record.clone(),
            field: field.clone(),
            role,
        });
    };
    for record in &file.model.records {
        for field in &record.fields {
            push(
                field.name.span,
                &record.name.text,
                &field.name.text,
                FieldRole::Declaration,
            );
        }
    }
    for decl in &file.model.decls {
        for kept in &decl.keeps {
            for field in &kept.fields {
                push(
                    field.name.span,
                    &kept.record.text,
                    &field.name.text,
                    FieldRole::Kept,
                );
            }
        }
        for sample in &decl.samples {
            for line in &sample.values {
                push(
                    line.field.span,
                    &sample.record.text,
                    &line.field.text,
                    FieldRole::Sample,
                );
            }
        }
    }
    let has = |record: &str, field: &str| {
        workspace
            .record(record)
            .is_some_and(|(_, r)| r.field(field).is_some())
    };
    // The records of `names` that have `field`, or all of them if none has.
    let owners = |names: &[&SmolStr], field: &str| -> Vec<SmolStr> {
        let mut found: Vec<SmolStr> = names
            .iter()
            .filter(|r| has(r, field))
            .map(|r| (*r).clone())
            .collect();
        if found.is_empty() {
            found = names.iter().map(|r| (*r).clone()).collect();
        }
        found.sort();
        found.dedup();
        found
    };
    for flow in &file.model.flows {
        if flow.records.is_empty() {
            continue;
        }
        let targets: Vec<&SmolStr> = flow.records.iter().map(|m| &m.target.text).collect();
        let sources: Vec<&SmolStr> = flow.records.iter().map(|m| &m.source.text).collect();
        for line in &flow.mapping {
            let key = &line.field;
            let key_records = owners(&targets, &key.text);
            for record in &key_records {
                push(key.span, record, &key.text, FieldRole::Key);
            }
            match (&line.source, line.source.from()) {
                (_, Some(from)) => {
                    for record in owners(&sources, &from.text) {
                        push(from.span, &record, &from.text, FieldRole::From);
                    }
                }
                (MappingSource::Field { .. }, None) => {
                    for record in owners(&sources, &key.text) {
                        if !key_records.contains(&record) {
                            push(key.span, &record, &key.text, FieldRole::ImplicitFrom);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The record name at `offset`, if one is written there.
pub fn record_at(file: &FileData, offset: usize) -> Option<RecordUse> {
    record_uses(file)
        .into_iter()
        .find(|u| u.span.touches(offset))
}

/// The field at `offset`: on a mapping line's key, the target's field
/// (rather than the source field it also reads).
pub fn field_at(workspace: &Workspace, file: &FileData, offset: usize) -> Option<FieldUse> {
    field_uses(workspace, file)
        .into_iter()
        .filter(|u| u.span.touches(offset))
        .min_by_key(|u| u.role)
}

/// The files where `record` (and so any of its fields) may be written.
fn files_of(workspace: &Workspace, record: &str) -> Vec<FileId> {
    let mut files: Vec<FileId> = workspace
        .records_named(record)
        .into_iter()
        .map(|(f, _)| f)
        .chain(workspace.files_using_record_sorted(record))
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Every place `record` is written, in file and source order.
pub fn record_occurrences(workspace: &Workspace, record: &str) -> Vec<(FileId, RecordUse)> {
    let mut out = Vec::new();
    for id in files_of(workspace, record) {
        let Some(file) = workspace.file(id) else {
            continue;
        };
        for u in record_uses(file) {
            if u.name == record {
                out.push((id, u));
            }
        }
    }
    out
}

/// Every place field `field` of `record` is written or read, in file and
/// source order.
pub fn field_occurrences(
    workspace: &Workspace,
    record: &str,
    field: &str,
) -> Vec<(FileId, FieldUse)> {
    let mut out = Vec::new();
    for id in files_of(workspace, record) {
        let Some(file) = workspace.file(id) else {
            continue;
        };
        for u in field_uses(workspace, file) {
            if u.record == record && u.field == field {
                out.push((id, u));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keys_implicit_source_is_a_use_of_the_source_field() {
        let mut ws = Workspace::new();
        ws.set_file(
            "r.flow",
            "record visit {\n  day: date \"MM/DD/YYYY\"\n}\nrecord report {\n  day: date \"YYYY-MM-DD\"\n  n: integer\n}\n",
        );
        let (f, _) = ws.set_file(
            "f.flow",
            "flow f: a -> b {\n  data: visit -> report\n  transform {\n    day: \"MM/DD/YYYY\" -> \"YYYY-MM-DD\"\n    n: count day \"per month\"\n  }\n}\n",
        );
        let file = ws.file(f).unwrap();
        let uses: Vec<(String, FieldRole)> = field_uses(&ws, file)
            .into_iter()
            .map(|u| (format!("{}.{}", u.record, u.field), u.role))
            .collect();
        assert_eq!(
            uses,
            [
                ("report.day".into(), FieldRole::Key),
                ("visit.day".into(), FieldRole::ImplicitFrom),
                ("report.n".into(), FieldRole::Key),
                ("visit.day".into(), FieldRole::From),
            ]
        );
        let at = file.text.find("day:").unwrap();
        assert_eq!(field_at(&ws, file, at).unwrap().record, "report");
        assert_eq!(field_occurrences(&ws, "visit", "day").len(), 3);
        let records: Vec<String> = record_occurrences(&ws, "visit")
            .into_iter()
            .map(|(_, u)| format!("{}{}", u.name, u.is_declaration))
            .collect();
        assert_eq!(records, ["visittrue", "visitfalse"]);
    }
}
