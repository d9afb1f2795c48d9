//! "Map the unmapped fields": for a flow whose target record has required
//! or identifier fields that nothing maps (`unmapped-field`), a line for
//! each in its transform block, as a rule in words a person must replace
//! (`national_id: rule "where national_id comes from"`), so the design says
//! what is still to be decided and the report lists it. A missing
//! transform block is added after the flow's last property. The lines
//! take the file's own indentation and line ending.

use flowspec_syntax::SmolStr;
use flowspec_syntax::ast::{Flow, PropertyValue};

use super::{ActionKind, CodeAction, indent_of_line, insert_lines};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{DeclInfo, FlowInfo};
use crate::{FileData, FileId, Resolution, Workspace};

/// The target fields of `flow` that must get a value and get none: the
/// fields `unmapped-field` reports.
pub fn unmapped_fields(workspace: &Workspace, flow: &FlowInfo) -> Vec<SmolStr> {
    let decl = |i: Option<&flowspec_syntax::ast::Name>| -> Option<&DeclInfo> {
        match workspace.resolve(&i?.text) {
            Resolution::Declared { decl, .. } => Some(decl),
            _ => None,
        }
    };
    let (source, target) = (decl(flow.steps.first()), decl(flow.steps.last()));
    let mut out: Vec<SmolStr> = Vec::new();
    for mv in &flow.records {
        let (Some((_, src)), Some((_, tgt))) = (
            workspace.record(&mv.source.text),
            workspace.record(&mv.target.text),
        ) else {
            continue;
        };
        let absent = |d: Option<&DeclInfo>, record: &str, field: &str| {
            d.and_then(|d| d.kept(record))
                .and_then(|k| k.field(field))
                .is_some_and(|k| k.absent)
        };
        for field in &tgt.fields {
            let name = &field.name.text;
            if !(field.required || field.identifier)
                || absent(target, &tgt.name.text, name)
                || flow.mapping.iter().any(|l| &l.field.text == name)
                || out.contains(name)
            {
                continue;
            }
            let from_source = src.field(name).is_some() && !absent(source, &src.name.text, name);
            if !from_source {
                out.push(name.clone());
            }
        }
    }
    out
}

/// The action, when the flow has `unmapped-field` diagnostics among
/// `diagnostics`.
pub(super) fn map_unmapped(
    workspace: &Workspace,
    file: FileId,
    data: &FileData,
    flow: &FlowInfo,
    tree: &Flow,
    diagnostics: &[Diagnostic],
) -> Option<CodeAction> {
    let unmapped: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.code == Code::UnmappedField && flow.span.contains_span(d.span))
        .cloned()
        .collect();
    if unmapped.is_empty() {
        return None;
    }
    let fields = unmapped_fields(workspace, flow);
    if fields.is_empty() {
        return None;
    }
    let lines: Vec<String> = fields
        .iter()
        .map(|f| format!("{f}: rule \"where {f} comes from\""))
        .collect();
    let block = tree.block.as_ref()?;
    let text: &str = &data.text;
    let base = indent_of_line(data, tree.chain.span.start as usize);
    // The file's indentation step: the flow's first property's, past the
    // flow's own.
    let unit = block
        .properties
        .first()
        .map(|p| indent_of_line(data, p.span.start as usize))
        .and_then(|i| i.strip_prefix(base))
        .filter(|u| !u.is_empty())
        .unwrap_or("  ")
        .to_string();
    let transform = block.properties.iter().find(|p| p.key.text == "transform");
    let edit = match transform {
        Some(p) => {
            let PropertyValue::Block(inner) = &p.value else {
                return None; // `transform: none` or words: the designer's to change
            };
            let outer = indent_of_line(data, p.span.start as usize);
            let inner_indent = match inner.properties.first() {
                Some(first) => indent_of_line(data, first.span.start as usize).to_string(),
                None => format!("{outer}{unit}"),
            };
            insert_lines(text, inner, &inner_indent, outer, &lines)?
        }
        None => {
            let props = format!("{base}{unit}");
            let mut new = vec!["transform {".to_string()];
            new.extend(lines.iter().map(|l| format!("{unit}{l}")));
            new.push("}".to_string());
            insert_lines(text, block, &props, base, &new)?
        }
    };
    let title = if fields.len() == 1 {
        format!("Map the unmapped field `{}`", fields[0])
    } else {
        let names: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
        format!("Map the unmapped fields {}", names.join(", "))
    };
    Some(CodeAction {
        title,
        kind: ActionKind::QuickFix,
        edits: vec![(file, edit)],
        diagnostic: unmapped.into_iter().next(),
        preferred: true,
    })
}
