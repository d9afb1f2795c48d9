//! The checks of a tool's sample records: each line names a field of the
//! record that the tool keeps, and its value is one that tool could hold:
//! of the field's type, written in its date format. A code outside the
//! tool's list is not checked: a sample may carry an unexpected code on
//! purpose, to see what the exported workflow does with it.

use super::check::unknown_field;
use super::table::FieldView;
use super::{FieldType, SampleField, SampleRecord, SampleValue};
use crate::Workspace;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::DeclInfo;

pub(super) fn check(
    ws: &Workspace,
    decl: &DeclInfo,
    sample: &SampleRecord,
    out: &mut Vec<Diagnostic>,
) {
    let Some((_, record)) = ws.record(&sample.record.text) else {
        // An unknown record is reported on the tool's `keeps` line (a
        // sample needs one).
        return;
    };
    let kept = decl.kept(&record.name.text);
    for line in &sample.values {
        let name = line.field.text.as_str();
        let Some(field) = record.field(name) else {
            out.push(unknown_field(
                record,
                &line.field,
                format!("record `{}` has no field `{name}`", record.name.text),
            ));
            continue;
        };
        let view = FieldView::of(field, kept);
        if view.absent() {
            out.push(Diagnostic::new(
                Code::UnknownField,
                line.field.span,
                format!(
                    "`{}` does not keep field `{name}` of `{}` (its `keeps` says `{name}: none`), so its samples have no value for it",
                    decl.name.text, record.name.text
                ),
            ));
        } else {
            out.extend(misfit(decl, &view, line));
        }
    }
}

/// Why a sample's value is not one the tool could hold, if it is not.
fn misfit(decl: &DeclInfo, view: &FieldView, line: &SampleField) -> Option<Diagnostic> {
    let field = view.field;
    let tool = decl.name.text.as_str();
    // As the value would arrive in a JSON record: `4`, not `4.0`.
    let text = match &line.value {
        SampleValue::Null => return None,
        SampleValue::Text(t) => t.clone(),
        SampleValue::Number(n) => n.to_string(),
        SampleValue::Boolean(b) => b.to_string(),
    };
    if view.codes().is_some() {
        return None;
    }
    if let Some(format) = view.format()
        && let Some(false) = format.reads(&text)
    {
        let example = format
            .example()
            .map(|e| format!(", such as \"{e}\""))
            .unwrap_or_default();
        return Some(Diagnostic::new(
            Code::FormatMismatch,
            line.value_span,
            format!(
                "\"{text}\" is not written as `{tool}` keeps `{}`: {format}{example}",
                field.name.text
            ),
        ));
    }
    let number = || text.replace('_', "").parse::<f64>().ok();
    let fits = match &field.ty {
        FieldType::Integer => number().is_some_and(|n| n.fract() == 0.0),
        FieldType::Number => number().is_some(),
        FieldType::Boolean => matches!(text.as_str(), "true" | "false"),
        _ => true,
    };
    (!fits).then(|| {
        Diagnostic::new(
            Code::TypeMismatch,
            line.value_span,
            format!(
                "{} is not {}, the type of `{}`",
                match &line.value {
                    SampleValue::Text(t) => format!("\"{t}\""),
                    _ => format!("`{text}`"),
                },
                field.ty.describe(),
                field.name.text
            ),
        )
    })
}
