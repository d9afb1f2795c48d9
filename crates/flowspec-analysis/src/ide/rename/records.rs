//! Renaming a record, or a field of a record.
//!
//! Decisions:
//! - Only a declared record, and a field its record declares, can be
//!   renamed; a name that nothing declares is refused with what to do.
//! - A record is renamed in its declaration and wherever it is named: a
//!   field's type, `keeps` / `owns`, `data:`. The new name must be free
//!   among records, and not a word that means something else where record
//!   names are written: a type (`text`, `date`, …: a field typed with the
//!   record would change meaning), `unknown` or `tbd` (`data: tbd` is an
//!   open question), `record`.
//! - A field is renamed in its record, in every tool's `keeps` block for
//!   that record, and on every mapping line that writes it: a key when the
//!   record is the flow's target, a source field when it is the source. The
//!   new name must be free among the record's fields, and not a word that
//!   starts another kind of mapping line (`const`, `lookup`, `sum`, …) or a
//!   kept field's word (`as`, `none`).
//! - A line that names no source field reads the source field of the key's
//!   name. When the flow turns one record into another, renaming one of the
//!   two fields writes the other's name as the line's source field, so the
//!   line goes on reading what it read: renaming `visit.day` to `visit_day`
//!   turns `day: "MM/DD/YYYY" -> "YYYY-MM-DD"` into `day: visit_day
//!   "MM/DD/YYYY" -> "YYYY-MM-DD"`.
//! - A target field that no line maps takes the source field of the same
//!   name. Renaming one of the two would leave the target field without a
//!   value and nothing in the text would show it, so it is refused, with
//!   the line to write first.

use flowspec_syntax::Span;

use super::{RenameError, RenameKind, RenameTarget, file_name};
use crate::diagnostic::Edit;
use crate::ide::navigation::Target;
use crate::ide::record_refs::{FieldRole, field_occurrences, field_uses, record_occurrences};
use crate::records::{MAPPING_WORDS, TYPES};
use crate::{FileId, Workspace};

/// Whether the record or field under the cursor can be renamed.
pub(super) fn prepare(workspace: &Workspace, target: &Target) -> Result<RenameTarget, RenameError> {
    match target {
        Target::Record { name, span, .. } => {
            if workspace.records_named(name).is_empty() {
                return Err(RenameError::NotRenamable(format!(
                    "`{name}` is not declared as a record anywhere, so there is nothing to rename: declare it with `record {name} {{ … }}`, or correct the name."
                )));
            }
            Ok(RenameTarget {
                name: name.clone(),
                span: *span,
                kind: RenameKind::Record,
            })
        }
        Target::Field {
            record, name, span, ..
        } => {
            let declared = workspace
                .records_named(record)
                .iter()
                .any(|(_, r)| r.field(name).is_some());
            if !declared {
                return Err(RenameError::NotRenamable(format!(
                    "record `{record}` has no field `{name}`, so there is nothing to rename: add `{name}` to the record, or correct the name."
                )));
            }
            Ok(RenameTarget {
                name: name.clone(),
                span: *span,
                kind: RenameKind::Field,
            })
        }
        Target::Symbol(_) | Target::Flow { .. } => Err(RenameError::NotRenamable(
            "This is not a record or a field.".into(),
        )),
    }
}

/// The edits that rename the record or field `target` to `new_name`
/// (already checked to be a name, and different from the old one).
pub(super) fn rename(
    workspace: &Workspace,
    target: &Target,
    new_name: &str,
) -> Result<Vec<(FileId, Edit)>, RenameError> {
    prepare(workspace, target)?;
    let edit = |file: FileId, span: Span, new_text: String| (file, Edit { span, new_text });
    let mut edits = Vec::new();
    match target {
        Target::Record { name, .. } => {
            if TYPES.contains(&new_name) || matches!(new_name, "record" | "unknown" | "tbd") {
                return Err(RenameError::InvalidName(format!(
                    "`{new_name}` means something else where record names are written (a field's type, `data:`): choose another name."
                )));
            }
            if let Some((file, _)) = workspace.records_named(new_name).first() {
                let place = workspace
                    .file(*file)
                    .map(|f| format!(" in {}", file_name(&f.path)))
                    .unwrap_or_default();
                return Err(RenameError::Conflict(format!(
                    "`{new_name}` is already a record (`record {new_name}`{place}): renaming `{name}` to it would declare one record twice. Choose another name."
                )));
            }
            for (file, u) in record_occurrences(workspace, name) {
                edits.push(edit(file, u.span, new_name.to_string()));
            }
        }
        Target::Field { record, name, .. } => {
            if MAPPING_WORDS.contains(&new_name) || matches!(new_name, "as" | "none") {
                return Err(RenameError::InvalidName(format!(
                    "`{new_name}` starts another kind of mapping or kept line: as a field's name it would change what those lines mean. Choose another name."
                )));
            }
            if workspace
                .records_named(record)
                .iter()
                .any(|(_, r)| r.field(new_name).is_some())
            {
                return Err(RenameError::Conflict(format!(
                    "record `{record}` already has a field `{new_name}`: renaming `{name}` to it would give the record one field twice. Choose another name."
                )));
            }
            check_pairings(workspace, record, name)?;
            let mut last_file = None;
            let mut uses = Vec::new();
            for (file, u) in field_occurrences(workspace, record, name) {
                if last_file != Some(file) {
                    uses = workspace
                        .file(file)
                        .map(|f| field_uses(workspace, f))
                        .unwrap_or_default();
                    last_file = Some(file);
                }
                let implicit_too = u.role == FieldRole::Key
                    && uses
                        .iter()
                        .any(|v| v.span == u.span && v.role == FieldRole::ImplicitFrom);
                let value_start = || {
                    workspace.file(file).and_then(|f| {
                        f.model
                            .flows
                            .iter()
                            .flat_map(|fl| &fl.mapping)
                            .find(|l| l.field.span == u.span)
                            .map(|l| l.value.start as usize)
                    })
                };
                match u.role {
                    FieldRole::ImplicitFrom => {
                        // The key is the target's field: the line now names
                        // its source field.
                        if let Some(at) = value_start() {
                            edits.push(edit(file, Span::empty(at), format!("{new_name} ")));
                        }
                    }
                    _ => {
                        edits.push(edit(file, u.span, new_name.to_string()));
                        if implicit_too && let Some(at) = value_start() {
                            // The source field keeps its name: say it.
                            edits.push(edit(file, Span::empty(at), format!("{name} ")));
                        }
                    }
                }
            }
        }
        Target::Symbol(_) | Target::Flow { .. } => {}
    }
    edits.sort_by_key(|(file, e)| (*file, e.span.start, e.span.end));
    edits.dedup();
    Ok(edits)
}

/// Refuses when a flow between `record` and another record pairs field
/// `name` of both by their common name, with no line.
fn check_pairings(workspace: &Workspace, record: &str, name: &str) -> Result<(), RenameError> {
    for id in workspace.files_using_record_sorted(record) {
        let Some(file) = workspace.file(id) else {
            continue;
        };
        for flow in &file.model.flows {
            if flow.mapping.iter().any(|l| l.field.text == name) {
                continue;
            }
            for mv in &flow.records {
                let (source, target) = (mv.source.text.as_str(), mv.target.text.as_str());
                let other = if source == record && target != record {
                    target
                } else if target == record && source != record {
                    source
                } else {
                    continue;
                };
                if workspace
                    .record(other)
                    .is_some_and(|(_, r)| r.field(name).is_some())
                {
                    return Err(RenameError::Conflict(format!(
                        "flow `{}` in {} gives `{target}.{name}` the value of `{source}.{name}` by their common name, with no mapping line: after the rename it would get none. Write the line `{name}: {name}` in its transform block first, then rename.",
                        flow.display_name,
                        file_name(&file.path)
                    )));
                }
            }
        }
    }
    Ok(())
}
