//! Lowering the sample records a tool holds (`sample visit { … }`): each
//! line a field of the record and one value, as that tool writes it.

use flowspec_syntax::ast::{AtomKind, Keeps, Property, TermRef};

use super::Lowerer;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::DeclInfo;
use crate::records::{SampleField, SampleRecord, SampleValue};

const SAMPLE_SHAPE: &str = "a sample's line is one field and its value as this tool writes it: `visit_date: \"12/31/2024\"`, `doses: 2`, `pregnant: true`, or `none` for no value";

impl Lowerer<'_> {
    /// `sample visit { … }` in a tool.
    pub(super) fn sample(&mut self, prop: &Property, keeps: &Keeps) -> SampleRecord {
        let mut sample = SampleRecord {
            record: keeps.record.clone(),
            verb: prop.key.span,
            span: prop.span,
            values: Vec::new(),
        };
        for (line, value) in self.block_lines(keeps) {
            let terms = value.terms();
            let parsed = match terms.as_slice() {
                [TermRef::Atom(a)] => match &a.kind {
                    AtomKind::Str(s) => Some(SampleValue::Text(s.to_string())),
                    AtomKind::Number(n) => Some(SampleValue::Number(n.value)),
                    AtomKind::Ident(w) if w == "true" => Some(SampleValue::Boolean(true)),
                    AtomKind::Ident(w) if w == "false" => Some(SampleValue::Boolean(false)),
                    AtomKind::Ident(w) if w == "none" => Some(SampleValue::Null),
                    _ => None,
                },
                _ => None,
            };
            match parsed {
                Some(parsed) => sample.values.push(SampleField {
                    field: line.key.clone(),
                    span: line.span,
                    value: parsed,
                    value_span: value.span(),
                }),
                None => self.invalid(value.span(), SAMPLE_SHAPE, None),
            }
        }
        sample
    }

    /// A tool's samples are of records it keeps (or owns), anywhere in its
    /// block: a sample is a record as that tool holds it.
    pub(super) fn samples_kept(&mut self, info: &DeclInfo) {
        for sample in &info.samples {
            let name = sample.record.text.as_str();
            if info.kept(name).is_none() {
                self.report(Diagnostic::new(
                    Code::UnknownReference,
                    sample.record.span,
                    format!(
                        "`{}` does not keep `{name}`: a sample is a record as the tool holds it, so say how it keeps it first (`keeps {name}`, or `owns {name}`)",
                        info.name.text
                    ),
                ));
            }
        }
    }
}
