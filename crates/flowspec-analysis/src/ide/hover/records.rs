//! Hover over records and fields: a record's definition and fields, a
//! field's definition and how each tool keeps it, and on a mapping line
//! where the field comes from, with a worked example of its conversion.

use super::escape;
use crate::Workspace;
use crate::model::FlowInfo;
use crate::records::table::FieldView;
use crate::records::{FieldInfo, KeptRecord, MappingSource, RecordInfo, SampleField, SampleValue};

/// A record: its definition, its fields, the tools that keep it.
pub(super) fn record(workspace: &Workspace, name: &str) -> String {
    let Some((_, record)) = workspace.record(name) else {
        return format!("`{name}`: no record of this name is declared in the workspace");
    };
    let mut md = format!(
        "**{}** · record `{name}`",
        escape(record.display_name.as_deref().unwrap_or(name))
    );
    if let Some(doc) = &record.doc {
        md.push_str(&format!("\n\n{doc}"));
    }
    if !record.fields.is_empty() {
        md.push_str("\n\n| field | type | marks | definition |\n|---|---|---|---|");
        for f in &record.fields {
            md.push_str(&format!(
                "\n| `{}` | {} | {} | {} |",
                f.name.text,
                escape(&type_text(f)),
                marks(f).join(", "),
                escape(f.doc.as_deref().unwrap_or(""))
            ));
        }
    }
    let keepers = workspace.keepers(name);
    if !keepers.is_empty() {
        let tools: Vec<String> = keepers
            .iter()
            .map(|(_, d, k)| {
                let owns = if k.owns { " (system of record)" } else { "" };
                format!("`{}`{owns}", d.name.text)
            })
            .collect();
        md.push_str(&format!("\n\n**Kept by:** {}", tools.join(", ")));
    }
    md
}

/// A field: its definition, its type and marks, how each tool keeps it.
pub(super) fn field(workspace: &Workspace, record: &RecordInfo, field: &FieldInfo) -> String {
    let mut md = format!(
        "**{}.{}** · {}",
        record.name.text,
        field.name.text,
        escape(&type_text(field))
    );
    let marks = marks(field);
    if !marks.is_empty() {
        md.push_str(&format!(" · {}", marks.join(", ")));
    }
    if let Some(doc) = &field.doc {
        md.push_str(&format!("\n\n{doc}"));
    }
    let mut rows = Vec::new();
    for (_, decl, kept) in workspace.keepers(&record.name.text) {
        let Some(k) = kept.field(&field.name.text) else {
            continue;
        };
        if k.absent {
            rows.push(format!("- `{}`: not kept", decl.name.text));
            continue;
        }
        let mut parts = Vec::new();
        if let Some(native) = &k.native {
            parts.push(format!("as `{}`", escape(native)));
        }
        if let Some(format) = &k.format {
            let example = format
                .example()
                .map(|e| format!(" (`{e}`)"))
                .unwrap_or_default();
            parts.push(format!("{}{example}", escape(&format.written)));
        }
        if let Some(codes) = &k.codes {
            parts.push(format!("codes {}", escape(&codes.join(", "))));
        }
        rows.push(format!("- `{}`: {}", decl.name.text, parts.join(", ")));
    }
    if !rows.is_empty() {
        md.push_str(&format!(
            "\n\n**How each tool keeps it:**\n{}",
            rows.join("\n")
        ));
    }
    md
}

/// The `keeps`, `owns` or `sample` word of a tool's block.
pub(super) fn verb(word: &str, tool: &str, record: &str) -> String {
    match word {
        "owns" => format!(
            "**owns** `{record}`: `{tool}` holds `{record}` records and is their **system of record**, the copy that wins when two systems disagree. The lines say how it keeps fields that differ from the record's definition (its name for a field with `as \"…\"`, its format, its codes, `none` for a field it does not keep)."
        ),
        "sample" => format!(
            "**sample** `{record}`: one `{record}` record as `{tool}` holds it, each line a field of the record with its value as `{tool}` writes it (its format, its codes). Each value is checked against the field; `flowspec export openfn` gives the samples of a flow's first step to its workflow as input."
        ),
        _ => format!(
            "**keeps** `{record}`: `{tool}` holds `{record}` records. The lines say how it keeps fields that differ from the record's definition (its name for a field with `as \"…\"`, its format, its codes, `none` for a field it does not keep); `owns` instead would make it their system of record."
        ),
    }
}

/// A line of a sample: the field, then the value as the tool writes it
/// and, for a date in a format of the tool's own, as the record defines it.
pub(super) fn sample_line(
    workspace: &Workspace,
    tool: &str,
    record: &RecordInfo,
    field: &FieldInfo,
    kept: Option<&KeptRecord>,
    line: &SampleField,
) -> String {
    let mut md = self::field(workspace, record, field);
    let view = FieldView::of(field, kept);
    let value = match &line.value {
        SampleValue::Text(t) => format!("\"{t}\""),
        SampleValue::Number(n) => n.to_string(),
        SampleValue::Boolean(b) => b.to_string(),
        SampleValue::Null => "no value (`none`)".to_string(),
    };
    md.push_str(&format!(
        "\n\n---\n\n**In this sample:** {} as `{tool}` writes it",
        escape(&value)
    ));
    if let Some(format) = view.format() {
        md.push_str(&format!(" ({})", escape(&format.written)));
    }
    if let (SampleValue::Text(text), Some(theirs), Some(ours)) =
        (&line.value, view.format(), field.format.as_ref())
        && !theirs.same(ours)
        && let Some(converted) = theirs.convert(text, ours)
    {
        md.push_str(&format!(
            "; as the record defines it ({}): `{converted}`",
            escape(&ours.written)
        ));
    }
    md
}

/// A line of a flow's mapping: the target field, and where it comes from.
pub(super) fn mapping_line(workspace: &Workspace, flow: &FlowInfo, key: &str) -> Option<String> {
    let line = flow.mapping.iter().find(|l| l.field.text == key)?;
    let target = flow
        .records
        .iter()
        .find_map(|mv| {
            workspace
                .record(&mv.target.text)
                .filter(|(_, r)| r.field(key).is_some())
        })?
        .1;
    let field_info = target.field(key)?;
    let mut md = field(workspace, target, field_info);
    let how = match &line.source {
        MappingSource::Field {
            from,
            convert,
            codes,
        } => {
            let from = from.as_ref().map_or(key, |n| n.text.as_str());
            match (convert, codes) {
                (Some(c), _) => {
                    let example = c
                        .from
                        .worked_example(&c.to)
                        .map(|e| format!("\n\nFor example: `{e}`"))
                        .unwrap_or_default();
                    format!(
                        "From `{from}`, converted from {} to {}.{example}",
                        escape(&c.from.written),
                        escape(&c.to.written)
                    )
                }
                (None, Some(map)) => {
                    let pairs: Vec<String> = map
                        .pairs
                        .iter()
                        .map(|p| format!("`{}` → `{}`", escape(&p.from), escape(&p.to)))
                        .collect();
                    format!("From `{from}`, through the code list: {}", pairs.join(", "))
                }
                (None, None) => format!("From `{from}`, as it is."),
            }
        }
        MappingSource::Constant { value, .. } => {
            format!("The constant `{}` for every record.", escape(value))
        }
        MappingSource::Lookup { from, note } => format!(
            "Looked up{}{}: a person must implement it.",
            from.as_ref()
                .map(|f| format!(" from `{}`", f.text))
                .unwrap_or_default(),
            note.as_ref()
                .map(|n| format!(" {}", escape(n)))
                .unwrap_or_default()
        ),
        MappingSource::Rule(text) => format!(
            "A rule in words, for a person to implement: {}",
            escape(text)
        ),
        MappingSource::Aggregate { how, from, note } => format!(
            "An aggregation (`{how}`{}{}): many source records into one; a person must implement it.",
            from.as_ref()
                .map(|f| format!(" of `{}`", f.text))
                .unwrap_or_default(),
            note.as_ref()
                .map(|n| format!(" {}", escape(n)))
                .unwrap_or_default()
        ),
        MappingSource::Invalid => return Some(md),
    };
    md.push_str(&format!("\n\n---\n\n**In this flow:** {how}"));
    Some(md)
}

fn type_text(f: &FieldInfo) -> String {
    let mut s = f.ty.describe();
    if let Some(format) = &f.format {
        s.push_str(&format!(" as {}", format.written));
        if let Some(e) = format.example() {
            s.push_str(&format!(" ({e})"));
        }
    }
    s
}

fn marks(f: &FieldInfo) -> Vec<&'static str> {
    let mut out = Vec::new();
    if f.identifier {
        out.push("identifier");
    }
    if f.required {
        out.push("required");
    }
    if f.personal {
        out.push("personal data");
    }
    out
}
