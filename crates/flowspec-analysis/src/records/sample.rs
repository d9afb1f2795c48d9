//! The checks of a tool's sample records: each line names a field of the
//! record that the tool keeps.

use super::SampleRecord;
use super::check::unknown_field;
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
        if record.field(name).is_none() {
            out.push(unknown_field(
                record,
                &line.field,
                format!("record `{}` has no field `{name}`", record.name.text),
            ));
        } else if kept.and_then(|k| k.field(name)).is_some_and(|f| f.absent) {
            out.push(Diagnostic::new(
                Code::UnknownField,
                line.field.span,
                format!(
                    "`{}` does not keep field `{name}` of `{}` (its `keeps` says `{name}: none`), so its samples have no value for it",
                    decl.name.text, record.name.text
                ),
            ));
        }
    }
}
