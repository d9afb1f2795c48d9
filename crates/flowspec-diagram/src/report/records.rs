//! The records: a data dictionary (each record, its fields with type and
//! marks, their definitions, how each tool keeps them, the system of
//! record) and a mapping table per flow that moves records (source field,
//! target field, rule, worked example, the rules a person must implement).
//!
//! Both sections appear only when the design declares records, with their
//! own style sheet (`records.css`), so a design without records gets the
//! same page as before, byte for byte. The tables come from the analysis
//! (`flowspec_analysis::records::table`), the same reading as the checks
//! and `flowspec export mapping`.

use std::fmt::Write;

use flowspec_analysis::Workspace;
use flowspec_analysis::records::table::{
    DictionaryEntry, FieldView, FlowMapping, MappingRow, RowKind, dictionary, mappings,
};
use flowspec_analysis::records::{FieldInfo, FieldType};

use super::{prose, section_start};
use crate::graph::node_for;
use crate::text::escape;

/// The contents entries of the records' sections.
pub(super) const SECTIONS: [(&str, &str); 2] = [
    ("data-dictionary", "Data dictionary"),
    ("mappings", "Mapping tables"),
];

pub(super) const STYLE: &str = include_str!("records.css");

/// A tool as the reader knows it: `OpenMRS <code>openmrs</code>`.
fn tool(workspace: &Workspace, id: &str) -> String {
    let node = node_for(workspace, id);
    if node.label == id {
        format!("<code>{}</code>", escape(id))
    } else {
        format!("{} <code>{}</code>", escape(&node.label), escape(id))
    }
}

fn anchor(prefix: &str, name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("{prefix}-{}", escape(&slug))
}

pub(super) fn dictionary_section(out: &mut String, workspace: &Workspace) {
    section_start(out, "data-dictionary");
    out.push_str("<p class=\"lead\">What the data is: each record the teams agreed on, its fields and their definitions, and how each tool keeps them (the field's name there and its format). The system of record holds the copy that wins when two systems disagree.</p>\n");
    for entry in dictionary(workspace) {
        record(out, workspace, &entry);
    }
    out.push_str("</section>\n");
}

fn record(out: &mut String, workspace: &Workspace, entry: &DictionaryEntry) {
    let record = entry.record;
    let name = record.name.text.as_str();
    let _ = write!(
        out,
        "<article class=\"record\" id=\"{}\">\n<h3>",
        anchor("record", name)
    );
    match &record.display_name {
        Some(display) => {
            let _ = write!(out, "{} <code>{}</code>", escape(display), escape(name));
        }
        None => {
            let _ = write!(out, "<code>{}</code>", escape(name));
        }
    }
    out.push_str("</h3>\n");
    let owners: Vec<String> = entry.owners().map(|o| tool(workspace, o)).collect();
    let keepers: Vec<String> = entry
        .keepers
        .iter()
        .filter(|k| !k.owns)
        .map(|k| tool(workspace, k.tool))
        .collect();
    let owner_text = match owners.as_slice() {
        [] => "<span class=\"flag\">no system of record</span>".to_string(),
        [one] => one.clone(),
        many => format!(
            "{} <span class=\"flag\">(more than one)</span>",
            many.join(", ")
        ),
    };
    let _ = write!(out, "<p class=\"meta\">System of record: {owner_text}");
    if !keepers.is_empty() {
        let _ = write!(out, " · also kept by {}", keepers.join(", "));
    }
    out.push_str("</p>\n");
    match &record.doc {
        Some(doc) => out.push_str(&prose(doc)),
        None => out.push_str("<p class=\"none\">No definition yet: a <code>##</code> comment above the record becomes one.</p>"),
    }
    out.push('\n');
    if record.fields.is_empty() {
        out.push_str("<p class=\"none\">No fields yet.</p>\n</article>\n");
        return;
    }
    out.push_str(
        "<table class=\"fields\"><thead><tr><th>Field</th><th>Type</th><th>Definition</th>",
    );
    for keeper in &entry.keepers {
        let _ = write!(
            out,
            "<th>In {}{}</th>",
            escape(keeper.tool),
            if keeper.owns {
                " <span class=\"owner\">system of record</span>"
            } else {
                ""
            }
        );
    }
    out.push_str("</tr></thead><tbody>\n");
    for (i, field) in record.fields.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><code>{}</code>{}</th><td>{}</td><td>{}</td>",
            escape(&field.name.text),
            marks(field),
            type_text(field),
            field
                .doc
                .as_deref()
                .map_or_else(|| "<span class=\"aside\">—</span>".to_string(), prose),
        );
        for keeper in &entry.keepers {
            let _ = write!(out, "<td>{}</td>", kept_cell(&keeper.fields[i]));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n</article>\n");
}

fn marks(field: &FieldInfo) -> String {
    let mut out = String::new();
    for (on, mark) in [
        (field.identifier, "identifier"),
        (field.required, "required"),
        (field.personal, "personal"),
    ] {
        if on {
            let _ = write!(out, " <span class=\"mark {mark}\">{mark}</span>");
        }
    }
    out
}

fn type_text(field: &FieldInfo) -> String {
    let mut out = match &field.ty {
        FieldType::Choice(codes) => format!(
            "choice of {}",
            codes
                .iter()
                .map(|c| format!("<code>{}</code>", escape(c)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        FieldType::Record(name) => format!(
            "a <a href=\"#{}\"><code>{}</code></a> record",
            anchor("record", &name.text),
            escape(&name.text)
        ),
        other => escape(other.word()),
    };
    if let Some(format) = &field.format {
        let _ = write!(out, " <code>{}</code>", escape(&format.written));
        if let Some(example) = format.example() {
            let _ = write!(out, " <span class=\"aside\">({})</span>", escape(&example));
        }
    }
    out
}

fn kept_cell(view: &FieldView) -> String {
    if view.absent() {
        return "<span class=\"aside\">not kept</span>".to_string();
    }
    let mut parts = vec![format!("<code>{}</code>", escape(view.name()))];
    if let Some(format) = view.format() {
        parts.push(escape(&format.written));
    }
    if let Some(codes) = view.kept.and_then(|k| k.codes.as_ref()) {
        parts.push(format!(
            "codes {}",
            codes
                .iter()
                .map(|c| format!("<code>{}</code>", escape(c)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    parts.join("<br>")
}

pub(super) fn mappings_section(out: &mut String, workspace: &Workspace) {
    section_start(out, "mappings");
    out.push_str("<p class=\"lead\">For each flow that moves records, where each field of the target comes from: the source field (its name in the source system), the rule, and a worked example. Rows marked <span class=\"person\">a person</span> are rules someone must implement by hand.</p>\n");
    let tables = mappings(workspace);
    if tables.is_empty() {
        out.push_str(
            "<p class=\"none\">No flow names records in its <code>data:</code> yet.</p>\n",
        );
    }
    for table in &tables {
        mapping(out, workspace, table);
    }
    out.push_str("</section>\n");
}

fn mapping(out: &mut String, workspace: &Workspace, table: &FlowMapping) {
    let _ = writeln!(
        out,
        "<article class=\"mapping-flow\" id=\"{}\">\n<h3>{}</h3>\n<p class=\"meta\">From {} to {}</p>",
        anchor("mapping", &table.flow),
        escape(&table.flow),
        tool(workspace, &table.source_tool),
        tool(workspace, &table.target_tool),
    );
    out.push_str("<table class=\"mapping\"><thead><tr><th>Source field</th><th>Target field</th><th>Rule</th><th>Example</th></tr></thead><tbody>\n");
    for row in &table.rows {
        let class = match (row.needs_a_person, row.kind) {
            (true, _) => " class=\"person\"",
            (false, RowKind::Unmapped | RowKind::Invalid) => " class=\"unmapped\"",
            _ => "",
        };
        let _ = writeln!(
            out,
            "<tr{class}><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            side(
                &row.source_record,
                row.source_field.as_deref(),
                row.source_name.as_deref(),
                row.source_format.as_deref()
            ),
            side(
                &row.target_record,
                Some(&row.target_field),
                row.target_name.as_deref(),
                row.target_format.as_deref()
            ),
            rule(row),
            row.example.as_deref().map_or_else(
                || "<span class=\"aside\">—</span>".to_string(),
                |e| format!("<code>{}</code>", escape(e))
            ),
        );
    }
    out.push_str("</tbody></table>\n</article>\n");
}

/// `visit.visit_date` with its name and format in that system.
fn side(record: &str, field: Option<&str>, name: Option<&str>, format: Option<&str>) -> String {
    let Some(field) = field else {
        return "<span class=\"aside\">—</span>".to_string();
    };
    let mut out = if record.is_empty() {
        format!("<code>{}</code>", escape(field))
    } else {
        format!("<code>{}.{}</code>", escape(record), escape(field))
    };
    let mut details = Vec::new();
    if let Some(name) = name {
        details.push(format!("as <code>{}</code>", escape(name)));
    }
    if let Some(format) = format {
        details.push(escape(format));
    }
    if !details.is_empty() {
        let _ = write!(out, "<div class=\"kept\">{}</div>", details.join(", "));
    }
    out
}

fn rule(row: &MappingRow) -> String {
    let mut out = format!(
        "<span class=\"kind\">{}</span>{}",
        row.kind.as_str(),
        escape(&row.rule)
    );
    if row.needs_a_person {
        out.push_str(" <span class=\"person\">a person</span>");
    }
    out
}
