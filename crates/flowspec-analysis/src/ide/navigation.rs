//! Go to definition (and declaration), find references, document highlight.
//!
//! Tool and role names share one namespace across the workspace: a step in
//! any file names a declaration in any other. Flow names are a namespace of
//! their own that nothing references yet, so navigating from a flow's name
//! leads to that flow itself. Records are a namespace of their own too, and
//! each record's fields one more (see [`super::record_refs`]): a field in a
//! tool's `keeps` or on a mapping line leads to its line in the record.

use flowspec_syntax::{SmolStr, Span};

use super::record_refs::{FieldRole, field_at, field_occurrences, record_at, record_occurrences};
use super::{Occurrence, SymbolAt, occurrences, symbol_at};
use crate::{FileData, FileId, Workspace};

/// A name under the cursor that navigation knows about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A tool or role name: a chain step or a declaration's own name.
    Symbol(SymbolAt),
    /// The name of a named flow (`flow monthly_indicators: …`).
    Flow {
        name: SmolStr,
        span: Span,
        /// Index of the flow in the file's model.
        flow: usize,
    },
    /// A record's name: its declaration, a field's type, `keeps`, `data:`.
    Record {
        name: SmolStr,
        span: Span,
        is_declaration: bool,
    },
    /// A field of a record: its line in the record, in a `keeps` block, or
    /// on a mapping line (a key, or the source field it reads).
    Field {
        record: SmolStr,
        name: SmolStr,
        span: Span,
        is_declaration: bool,
    },
}

impl Target {
    pub fn name(&self) -> &str {
        match self {
            Target::Symbol(s) => &s.name,
            Target::Flow { name, .. }
            | Target::Record { name, .. }
            | Target::Field { name, .. } => name,
        }
    }

    /// Where the name is written, under the cursor.
    pub fn span(&self) -> Span {
        match self {
            Target::Symbol(s) => s.span,
            Target::Flow { span, .. }
            | Target::Record { span, .. }
            | Target::Field { span, .. } => *span,
        }
    }
}

/// The tool, role, flow, record or field name at `offset` (records and
/// fields are resolved in the whole workspace).
pub fn target_at(workspace: &Workspace, file: &FileData, offset: usize) -> Option<Target> {
    if let Some(symbol) = symbol_at(file, offset) {
        return Some(Target::Symbol(symbol));
    }
    let flow = file.model.flows.iter().enumerate().find_map(|(i, flow)| {
        let name = flow.name.as_ref()?;
        name.span.touches(offset).then(|| Target::Flow {
            name: name.text.clone(),
            span: name.span,
            flow: i,
        })
    });
    if flow.is_some() {
        return flow;
    }
    if let Some(u) = record_at(file, offset) {
        return Some(Target::Record {
            name: u.name,
            span: u.span,
            is_declaration: u.is_declaration,
        });
    }
    field_at(workspace, file, offset).map(|u| Target::Field {
        record: u.record,
        name: u.field,
        span: u.span,
        is_declaration: u.role == FieldRole::Declaration,
    })
}

/// Every place the target is written, in every file, in file and source
/// order. A field read implicitly by a mapping line counts at the line's
/// key.
fn target_occurrences(workspace: &Workspace, file: FileId, target: &Target) -> Vec<Occurrence> {
    let mut out: Vec<Occurrence> = match target {
        Target::Symbol(symbol) => occurrences(workspace, &symbol.name),
        Target::Flow { span, .. } => vec![Occurrence {
            file,
            span: *span,
            is_declaration: true,
        }],
        Target::Record { name, .. } => record_occurrences(workspace, name)
            .into_iter()
            .map(|(file, u)| Occurrence {
                file,
                span: u.span,
                is_declaration: u.is_declaration,
            })
            .collect(),
        Target::Field { record, name, .. } => field_occurrences(workspace, record, name)
            .into_iter()
            .map(|(file, u)| Occurrence {
                file,
                span: u.span,
                is_declaration: u.role == FieldRole::Declaration,
            })
            .collect(),
    };
    out.sort();
    out.dedup();
    out
}

/// Where a definition is: the name to select, and the whole item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct NavTarget {
    pub file: FileId,
    /// The declared name.
    pub focus: Span,
    /// The whole item (without its doc comment).
    pub full: Span,
}

/// What go to definition found: the name under the cursor, and where it
/// is declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The name under the cursor (an editor underlines it as a link).
    pub origin: Span,
    pub targets: Vec<NavTarget>,
}

/// The declarations of the tool or role at `offset` (several when the name
/// is declared more than once; none for a catalog tool or an unknown name),
/// or the flow itself when the cursor is on a flow's name. `None` when the
/// cursor is on no name at all.
///
/// The language has no separate declaration and definition: go to
/// declaration gives the same answer.
pub fn definition(workspace: &Workspace, file: FileId, offset: usize) -> Option<Definition> {
    let data = workspace.file(file)?;
    let target = target_at(workspace, data, offset)?;
    let origin = target.span();
    let targets = match target {
        Target::Symbol(symbol) => workspace
            .declarations(&symbol.name)
            .into_iter()
            .map(|(file, decl)| NavTarget {
                file,
                focus: decl.name.span,
                full: decl.span,
            })
            .collect(),
        Target::Flow { span, flow, .. } => {
            let full = data.model.flows.get(flow).map_or(span, |f| f.span);
            vec![NavTarget {
                file,
                focus: span,
                full,
            }]
        }
        Target::Record { name, .. } => workspace
            .records_named(&name)
            .into_iter()
            .map(|(file, record)| NavTarget {
                file,
                focus: record.name.span,
                full: record.span,
            })
            .collect(),
        Target::Field { record, name, .. } => workspace
            .records_named(&record)
            .into_iter()
            .filter_map(|(file, record)| {
                let field = record.field(&name)?;
                Some(NavTarget {
                    file,
                    focus: field.name.span,
                    full: field.span,
                })
            })
            .collect(),
    };
    Some(Definition { origin, targets })
}

/// Every place the name at `offset` is written, in every file: the
/// declarations (when `include_declaration`) and the chain steps, in file
/// and source order. For a flow's name, the flow's own name (nothing
/// references flows). `None` when the cursor is on no name.
pub fn references(
    workspace: &Workspace,
    file: FileId,
    offset: usize,
    include_declaration: bool,
) -> Option<Vec<Occurrence>> {
    let data = workspace.file(file)?;
    let target = target_at(workspace, data, offset)?;
    let mut found = target_occurrences(workspace, file, &target);
    if !include_declaration {
        found.retain(|o| !o.is_declaration);
    }
    Some(found)
}

/// How a highlighted name is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Declared here (a `tool`/`role`/`record` name, a flow's name, a
    /// record's field).
    Write,
    /// Used here (a chain step).
    Read,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Highlight {
    pub span: Span,
    pub access: Access,
}

/// The occurrences, in this file only, of the name at `offset`, in source
/// order. Empty when the cursor is on no name.
pub fn highlights(workspace: &Workspace, file: FileId, offset: usize) -> Vec<Highlight> {
    let Some(data) = workspace.file(file) else {
        return Vec::new();
    };
    let Some(target) = target_at(workspace, data, offset) else {
        return Vec::new();
    };
    let mut out: Vec<Highlight> = target_occurrences(workspace, file, &target)
        .into_iter()
        .filter(|o| o.file == file)
        .map(|o| Highlight {
            span: o.span,
            access: if o.is_declaration {
                Access::Write
            } else {
                Access::Read
            },
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ws: &Workspace, file: FileId, needle: &str) -> usize {
        ws.file(file).unwrap().text.find(needle).unwrap()
    }

    fn text_of(ws: &Workspace, file: FileId, span: Span) -> String {
        ws.file(file).unwrap().text[span.range()].to_string()
    }

    #[test]
    fn a_step_leads_to_its_declaration_in_another_file() {
        let mut ws = Workspace::new();
        let (tools, _) = ws.set_file(
            "tools.flow",
            "## The MoH's system.\ntool hmis \"HMIS\" { kind: mis }\n",
        );
        let (flows, _) = ws.set_file("flows.flow", "flow f: commcare -> hmis\n");
        let found = definition(&ws, flows, at(&ws, flows, "hmis") + 1).unwrap();
        assert_eq!(
            text_of(&ws, flows, found.origin),
            "hmis",
            "the name under the cursor"
        );
        let found = found.targets;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, tools);
        assert_eq!(text_of(&ws, tools, found[0].focus), "hmis");
        assert_eq!(
            text_of(&ws, tools, found[0].full),
            "tool hmis \"HMIS\" { kind: mis }"
        );
        // From the declaration's own name: itself.
        let found = definition(&ws, tools, at(&ws, tools, "hmis"))
            .unwrap()
            .targets;
        assert_eq!(
            (found[0].file, text_of(&ws, tools, found[0].focus).as_str()),
            (tools, "hmis")
        );
    }

    #[test]
    fn catalog_tools_and_unknown_names_have_no_definition_and_values_are_no_names() {
        let mut ws = Workspace::new();
        let (f, _) = ws.set_file("a.flow", "flow f: commcare -> nowhere monthly\n");
        let targets = |offset| definition(&ws, f, offset).map(|d| d.targets);
        assert_eq!(targets(at(&ws, f, "commcare")), Some(vec![]));
        assert_eq!(targets(at(&ws, f, "nowhere")), Some(vec![]));
        assert_eq!(definition(&ws, f, at(&ws, f, "monthly") + 2), None);
        assert_eq!(definition(&ws, f, 1), None, "the keyword");
        // The flow's name leads to the flow.
        let found = definition(&ws, f, at(&ws, f, "f:")).unwrap();
        assert_eq!(text_of(&ws, f, found.origin), "f");
        let found = found.targets;
        assert_eq!(text_of(&ws, f, found[0].focus), "f");
        assert_eq!(
            text_of(&ws, f, found[0].full),
            "flow f: commcare -> nowhere monthly"
        );
    }

    #[test]
    fn duplicated_declarations_are_all_definitions() {
        let mut ws = Workspace::new();
        let (a, _) = ws.set_file("a.flow", "tool x\n");
        let (b, _) = ws.set_file("b.flow", "role x\nx -> dhis2\n");
        let found = definition(&ws, b, at(&ws, b, "x ->")).unwrap().targets;
        let files: Vec<FileId> = found.iter().map(|t| t.file).collect();
        assert_eq!(files, [a, b]);
    }

    #[test]
    fn references_honour_include_declaration() {
        let mut ws = Workspace::new();
        let (a, _) = ws.set_file("a.flow", "tool hmis\n");
        let (b, _) = ws.set_file("b.flow", "hmis -> dhis2\nflow g: dhis2 -> hmis\n");
        let all = references(&ws, b, at(&ws, b, "hmis"), true).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!((all[0].file, all[0].is_declaration), (a, true));
        let uses = references(&ws, a, at(&ws, a, "hmis"), false).unwrap();
        assert_eq!(uses.len(), 2);
        assert!(uses.iter().all(|o| o.file == b && !o.is_declaration));
        // A catalog tool's uses, though it has no declaration.
        let dhis2 = references(&ws, b, at(&ws, b, "dhis2"), true).unwrap();
        assert_eq!(dhis2.len(), 2);
        // A flow's name: the flow itself, a declaration.
        let flow = references(&ws, b, at(&ws, b, "g:"), true).unwrap();
        assert_eq!(flow.len(), 1);
        assert!(
            references(&ws, b, at(&ws, b, "g:"), false)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn highlights_stay_in_the_file_and_mark_declarations_as_writes() {
        let mut ws = Workspace::new();
        ws.set_file("other.flow", "hmis -> dhis2\n");
        let (a, _) = ws.set_file(
            "a.flow",
            "hmis -> excel\ntool hmis\nflow f: excel -> hmis\n",
        );
        let found = highlights(&ws, a, at(&ws, a, "hmis"));
        let marks: Vec<(u32, Access)> = found.iter().map(|h| (h.span.start, h.access)).collect();
        assert_eq!(
            marks,
            [(0, Access::Read), (19, Access::Write), (41, Access::Read)]
        );
        assert!(highlights(&ws, a, at(&ws, a, "->")).is_empty());
    }
}
