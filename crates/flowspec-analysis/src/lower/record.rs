//! Lowering `record` declarations (their typed fields) and the records a
//! tool keeps (`keeps` / `owns` blocks).

use std::collections::HashMap;

use flowspec_syntax::Span;
use flowspec_syntax::ast::{AtomKind, Decl, Keeps, Property, PropertyValue, TermRef, Value};
use flowspec_syntax::line_index::line_breaks;

use super::Lowerer;
use crate::diagnostic::{Code, Diagnostic, Fix};
use crate::records::{
    FieldInfo, FieldType, Format, KeptField, KeptRecord, MARKS, RecordInfo, TYPES,
};
use crate::suggest::{did_you_mean, hint};
use flowspec_syntax::prose::join_or;

const FIELD_SHAPE: &str = "a field is `name: type [format] [marks]`, such as `birth_date: date \"YYYY-MM-DD\" required personal`";
const KEPT_SHAPE: &str = "a kept field says how this tool keeps it: `name: as \"its_name\" \"FORMAT\"`, a list of the codes it uses (`[\"1\", \"2\"]`), or `none`";

impl Lowerer<'_> {
    pub(super) fn record(
        &mut self,
        decl: &Decl,
        item: usize,
        span: Span,
        doc: Option<String>,
    ) -> RecordInfo {
        let mut info = RecordInfo {
            name: decl.name.clone(),
            item,
            span,
            display_name: decl.label.as_ref().map(|l| l.value.to_string()),
            doc,
            fields: Vec::new(),
        };
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for prop in decl.block.iter().flat_map(|b| &b.properties) {
            let name = prop.key.text.as_str();
            if let Some(&first) = seen.get(name) {
                let d = Diagnostic::new(
                    Code::DuplicateDeclaration,
                    prop.key.span,
                    format!(
                        "field `{name}` is declared twice in record `{}`; keep one",
                        decl.name.text
                    ),
                )
                .with_related(
                    self.file_id,
                    first,
                    format!("`{name}` is first declared here"),
                );
                self.report(d);
                continue;
            }
            seen.insert(name, prop.key.span);
            if let Some(field) = self.field(prop) {
                info.fields.push(field);
            }
        }
        info
    }

    /// `name: type [format] [codes] [marks]`.
    fn field(&mut self, prop: &Property) -> Option<FieldInfo> {
        let PropertyValue::Value(value) = &prop.value else {
            return None; // a missing value is a syntax error already
        };
        let terms = value.terms();
        let mut field = FieldInfo {
            name: prop.key.clone(),
            span: prop.span,
            ty: FieldType::Invalid,
            ty_span: terms[0].span(),
            format: None,
            identifier: false,
            required: false,
            personal: false,
            doc: prop.doc.as_ref().map(|d| d.text.clone()),
        };
        let TermRef::Atom(first) = terms[0] else {
            self.invalid(
                terms[0].span(),
                format!("a field starts with its type: {}", types_listed()),
                None,
            );
            return Some(field);
        };
        let Some(word) = first.kind.as_ident() else {
            let fix = first
                .kind
                .as_str()
                .map(|_| Fix::replace(first.span, "text", "Change to `text`"));
            self.invalid(
                first.span,
                format!(
                    "a field starts with its type, not {}: {}",
                    self.source(first.span),
                    types_listed()
                ),
                fix,
            );
            return Some(field);
        };
        field.ty = match word {
            "text" => FieldType::Text,
            "integer" => FieldType::Integer,
            "number" => FieldType::Number,
            "boolean" => FieldType::Boolean,
            "date" => FieldType::Date,
            "datetime" => FieldType::DateTime,
            "choice" => FieldType::Choice(Vec::new()),
            // Any other word names a record (checked across the workspace).
            _ => FieldType::Record(flowspec_syntax::ast::Name {
                text: word.into(),
                span: first.span,
            }),
        };
        let mut rest = &terms[1..];
        // The codes of a choice.
        if let FieldType::Choice(codes) = &mut field.ty {
            match rest.first() {
                Some(TermRef::List(list)) => {
                    *codes = self.codes(list)?;
                    rest = &rest[1..];
                }
                _ => {
                    self.invalid(
                        first.span,
                        "`choice` lists its codes: `choice [\"female\", \"male\", \"other\"]`",
                        None,
                    );
                    field.ty = FieldType::Invalid;
                }
            }
        }
        // A format.
        if let Some(TermRef::Atom(atom)) = rest.first()
            && let Some(s) = atom.kind.as_str()
        {
            field.format = if field.ty.is_dated() {
                let format = Format::date(s);
                if format.is_none() {
                    self.invalid(
                        atom.span,
                        format!("\"{s}\" is not a date pattern: write it with YYYY, MM, DD (and HH:mm:ss for a time), such as \"YYYY-MM-DD\" or \"DD/MM/YYYY\", or name a format: iso-date, iso-datetime, dhis2-period"),
                        None,
                    );
                }
                format
            } else {
                Some(Format::plain(s))
            };
            rest = &rest[1..];
        } else if field.ty.is_dated()
            && let Some(TermRef::Atom(atom)) = rest.first()
            && let Some(w) = atom.kind.as_ident()
            && let Some(format) = Format::date(w)
        {
            field.format = Some(format);
            rest = &rest[1..];
        }
        // Marks.
        for (k, term) in rest.iter().enumerate() {
            let mark = match term {
                TermRef::Atom(a) => a.kind.as_ident(),
                _ => None,
            };
            match mark {
                Some("identifier") => field.identifier = true,
                Some("required") => field.required = true,
                Some("personal") => field.personal = true,
                Some(w) if self.starts_a_line(term.span()) && k + 1 < rest.len() => {
                    // `b text` on the next line: its colon is missing.
                    self.report(Diagnostic::new(
                        Code::Syntax,
                        term.span(),
                        format!("expected `:` after `{w}`: without it, `{w}` is read as part of field `{}`", prop.key.text),
                    ));
                    break;
                }
                Some(w) => {
                    let best = did_you_mean(w, MARKS);
                    let fix =
                        best.map(|b| Fix::replace(term.span(), b, format!("Change to `{b}`")));
                    self.invalid(
                        term.span(),
                        format!(
                            "`{w}` is not a mark: a field may be marked {}.{}",
                            join_or(&MARKS),
                            hint(best)
                        ),
                        fix,
                    );
                }
                None => {
                    self.invalid(
                        term.span(),
                        format!(
                            "unexpected {} here: {FIELD_SHAPE}",
                            self.describe_term(term)
                        ),
                        None,
                    );
                    break;
                }
            }
        }
        Some(field)
    }

    fn starts_a_line(&self, span: Span) -> bool {
        let before = &self.text[..span.start as usize];
        let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        before[line_start..].trim().is_empty() && line_breaks(before) > 0
    }

    fn describe_term(&self, term: &TermRef<'_>) -> String {
        match term {
            TermRef::List(_) => "a list".to_string(),
            TermRef::Arrow(_) => "`->`".to_string(),
            TermRef::Atom(a) => match &a.kind {
                AtomKind::Str(_) => "a string".to_string(),
                _ => format!("`{}`", self.source(a.span)),
            },
        }
    }

    /// `["a", "b"]`: a list of codes (strings, or words and numbers).
    fn codes(&mut self, list: &flowspec_syntax::ast::List) -> Option<Vec<String>> {
        if list.items.is_empty() {
            self.invalid(list.span, "a list of codes names at least one code", None);
            return None;
        }
        let mut out = Vec::new();
        for item in &list.items {
            match (item.atoms.as_slice(), &item.mapping) {
                ([atom], None) => out.push(match &atom.kind {
                    AtomKind::Str(s) => s.to_string(),
                    _ => self.source(atom.span).to_string(),
                }),
                _ => {
                    self.invalid(item.span, "each code is one string: `[\"1\", \"2\"]`", None);
                    return None;
                }
            }
        }
        Some(out)
    }

    /// The lines of a `keeps` / `owns` / `sample` block that have a value,
    /// each key once (a second is reported as a duplicate).
    pub(super) fn block_lines<'k>(&mut self, keeps: &'k Keeps) -> Vec<(&'k Property, &'k Value)> {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut out = Vec::new();
        for line in keeps.block.iter().flat_map(|b| &b.properties) {
            let name = line.key.text.as_str();
            if let Some(&first) = seen.get(name) {
                self.duplicate_property(line, first);
                continue;
            }
            seen.insert(name, line.span);
            if let PropertyValue::Value(value) = &line.value {
                out.push((line, value));
            }
        }
        out
    }

    /// `keeps patient { … }` / `owns patient { … }` in a tool.
    pub(super) fn kept(&mut self, prop: &Property, keeps: &Keeps) -> KeptRecord {
        let mut kept = KeptRecord {
            record: keeps.record.clone(),
            owns: prop.key.text == "owns",
            verb: prop.key.span,
            span: prop.span,
            fields: Vec::new(),
        };
        for (line, value) in self.block_lines(keeps) {
            let mut field = KeptField {
                name: line.key.clone(),
                span: line.span,
                native: None,
                format: None,
                codes: None,
                absent: false,
            };
            let terms = value.terms();
            let mut k = 0;
            while k < terms.len() {
                let term = &terms[k];
                k += 1;
                match term {
                    TermRef::Atom(a) if a.kind.as_ident() == Some("none") && terms.len() == 1 => {
                        field.absent = true;
                    }
                    TermRef::Atom(a) if a.kind.as_ident() == Some("as") => {
                        let name = match terms.get(k) {
                            Some(TermRef::Atom(n)) => {
                                n.kind.as_str().or(n.kind.as_ident()).map(str::to_string)
                            }
                            _ => None,
                        };
                        match name {
                            Some(n) => {
                                field.native = Some(n);
                                k += 1;
                            }
                            None => {
                                self.invalid(
                                    a.span,
                                    "`as` names the field in this system: `as \"case_id\"`",
                                    None,
                                );
                                break;
                            }
                        }
                    }
                    TermRef::Atom(a) if field.format.is_none() && a.kind.as_str().is_some() => {
                        let s = a.kind.as_str().unwrap_or_default();
                        field.format = Some(Format::date(s).unwrap_or_else(|| Format::plain(s)));
                    }
                    TermRef::Atom(a)
                        if field.format.is_none()
                            && a.kind.as_ident().and_then(Format::date).is_some() =>
                    {
                        field.format = a.kind.as_ident().and_then(Format::date);
                    }
                    TermRef::List(list) if field.codes.is_none() => {
                        field.codes = self.codes(list);
                    }
                    other => {
                        self.invalid(
                            other.span(),
                            format!(
                                "unexpected {} here: {KEPT_SHAPE}",
                                self.describe_term(other)
                            ),
                            None,
                        );
                        break;
                    }
                }
            }
            kept.fields.push(field);
        }
        kept
    }
}

fn types_listed() -> String {
    format!("{}, or the name of another record", join_or(&TYPES))
}
