//! Lowering what a flow says about records: `data:` naming records, and
//! the lines of its `transform { … }` block read as a mapping.

use flowspec_syntax::ast::{
    Atom, AtomKind, Atoms, List, Name, Property, PropertyValue, TermRef, Value,
};

use super::Lowerer;
use crate::records::{
    CodeMap, CodePair, Conversion, Format, MappingLine, MappingSource, RecordMove,
};

const LINE_SHAPE: &str = "a mapping line says where the field comes from: a source field (`national_id: case_id`), a format conversion (`\"MM/DD/YYYY\" -> \"YYYY-MM-DD\"`), codes (`[\"1\" -> \"female\"]`), `const \"ET\"`, `lookup`, a rule in words (`\"…\"`), or an aggregation (`sum visits \"per district per month\"`)";

/// What `data:` says: the texts shown for it, the records it names.
pub(super) struct DataItems {
    pub texts: Vec<String>,
    pub records: Vec<RecordMove>,
    /// Some of what moves is described in words rather than as a record.
    pub has_text: bool,
}

impl Lowerer<'_> {
    /// `data:` with records: a name (`patient`), `visit -> monthly_report`,
    /// or a list mixing those with strings. `None` when the value names no
    /// record (it is read as text, as before).
    pub(super) fn data_records(&self, value: &PropertyValue) -> Option<DataItems> {
        if super::value::open_word(value).is_some() {
            return None; // `unknown` or `tbd`: an open question
        }
        let items: Vec<&Atoms> = match value {
            PropertyValue::Value(Value::Atoms(a)) => vec![a],
            PropertyValue::Value(Value::List(l)) => l.items.iter().collect(),
            _ => return None,
        };
        let mut out = DataItems {
            texts: Vec::new(),
            records: Vec::new(),
            has_text: false,
        };
        for item in items {
            let one_name = |atoms: &[Atom]| match atoms {
                [a] => a.kind.as_ident().map(|t| Name {
                    text: t.into(),
                    span: a.span,
                }),
                _ => None,
            };
            match (item.atoms.as_slice(), &item.mapping) {
                ([a], None) if a.kind.as_str().is_some() => {
                    out.texts
                        .push(a.kind.as_str().unwrap_or_default().to_string());
                    out.has_text = true;
                }
                (atoms, None) => {
                    let name = one_name(atoms)?;
                    out.texts.push(name.text.to_string());
                    out.records.push(RecordMove {
                        source: name.clone(),
                        target: name,
                    });
                }
                (atoms, Some(m)) => {
                    let (source, target) = (one_name(atoms)?, one_name(&m.atoms)?);
                    out.texts
                        .push(format!("{} -> {}", source.text, target.text));
                    out.records.push(RecordMove { source, target });
                }
            }
        }
        (!out.records.is_empty()).then_some(out)
    }

    /// One line of the transform block of a flow that moves records.
    pub(super) fn mapping_line(&mut self, prop: &Property) -> Option<MappingLine> {
        let PropertyValue::Value(value) = &prop.value else {
            return None;
        };
        let terms = value.terms();
        let source = self.mapping_source(&terms);
        Some(MappingLine {
            field: prop.key.clone(),
            span: prop.span,
            value: value.span(),
            source,
        })
    }

    fn mapping_source(&mut self, terms: &[TermRef<'_>]) -> MappingSource {
        let ident = |t: Option<&TermRef<'_>>| match t {
            Some(TermRef::Atom(a)) => a.kind.as_ident().map(|w| Name {
                text: w.into(),
                span: a.span,
            }),
            _ => None,
        };
        let string = |t: Option<&TermRef<'_>>| match t {
            Some(TermRef::Atom(a)) => a.kind.as_str().map(str::to_string),
            _ => None,
        };
        let first = ident(terms.first());
        let word = first.as_ref().map(|n| n.text.as_str());
        match word {
            Some("const") => {
                return match terms {
                    [_, TermRef::Atom(a)] => MappingSource::Constant {
                        value: match &a.kind {
                            AtomKind::Str(s) => s.to_string(),
                            _ => self.source(a.span).to_string(),
                        },
                        span: a.span,
                    },
                    _ => self.bad_line(
                        terms,
                        "`const` takes one value: `const \"ET\"` or `const 1`",
                    ),
                };
            }
            Some("rule") => {
                return match (terms.len(), string(terms.get(1))) {
                    (2, Some(text)) => MappingSource::Rule(text),
                    _ => self.bad_line(
                        terms,
                        "`rule` takes the rule in words: `rule \"the CHW's district\"`",
                    ),
                };
            }
            Some("lookup") => {
                let from = ident(terms.get(1));
                let at = 1 + usize::from(from.is_some());
                let note = string(terms.get(at));
                if terms.len() > at + usize::from(note.is_some()) {
                    return self.bad_line(terms, "`lookup` takes the field it looks up and where, in words: `lookup facility_code \"in the master facility list\"`");
                }
                return MappingSource::Lookup { from, note };
            }
            Some(how @ ("aggregate" | "sum" | "count" | "average" | "min" | "max")) => {
                let how = how.to_string();
                let from = ident(terms.get(1));
                let at = 1 + usize::from(from.is_some());
                let note = string(terms.get(at));
                if terms.len() > at + usize::from(note.is_some()) {
                    return self.bad_line(terms, "an aggregation takes the field it adds up and how, in words: `sum visits \"per district per month\"`");
                }
                return MappingSource::Aggregate { how, from, note };
            }
            _ => {}
        }
        // A source field, optionally converted.
        let (from, rest) = match first {
            Some(name) => (Some(name), &terms[1..]),
            None => (None, terms),
        };
        match rest {
            [] => MappingSource::Field {
                from,
                convert: None,
                codes: None,
            },
            [TermRef::Atom(a)] if from.is_none() && a.kind.as_str().is_some() => {
                MappingSource::Rule(a.kind.as_str().unwrap_or_default().to_string())
            }
            [TermRef::Atom(a), TermRef::Arrow(_), TermRef::Atom(b)]
                if a.kind.as_str().is_some() && b.kind.as_str().is_some() =>
            {
                let format = |s: &str| Format::date(s).unwrap_or_else(|| Format::plain(s));
                MappingSource::Field {
                    from,
                    convert: Some(Conversion {
                        from: format(a.kind.as_str().unwrap_or_default()),
                        from_span: a.span,
                        to: format(b.kind.as_str().unwrap_or_default()),
                        to_span: b.span,
                    }),
                    codes: None,
                }
            }
            [TermRef::List(list)] => match self.code_map(list) {
                Some(codes) => MappingSource::Field {
                    from,
                    convert: None,
                    codes: Some(codes),
                },
                None => MappingSource::Invalid,
            },
            _ => self.bad_line(terms, LINE_SHAPE),
        }
    }

    fn bad_line(&mut self, terms: &[TermRef<'_>], message: &str) -> MappingSource {
        let span = terms[0].span().cover(terms[terms.len() - 1].span());
        self.invalid(span, message, None);
        MappingSource::Invalid
    }

    /// `["1" -> "female", "2" -> "male"]`.
    fn code_map(&mut self, list: &List) -> Option<CodeMap> {
        let mut pairs = Vec::new();
        let text = |a: &Atom, this: &Self| match &a.kind {
            AtomKind::Str(s) => s.to_string(),
            _ => this.source(a.span).to_string(),
        };
        for item in &list.items {
            match (item.atoms.as_slice(), &item.mapping) {
                ([from], Some(m)) if m.atoms.len() == 1 => pairs.push(CodePair {
                    from: text(from, self),
                    to: text(&m.atoms[0], self),
                    span: item.span,
                    to_span: m.atoms[0].span,
                }),
                _ => {
                    self.invalid(
                        item.span,
                        "each item of a code list maps one code to another: `\"1\" -> \"female\"`",
                        None,
                    );
                    return None;
                }
            }
        }
        Some(CodeMap {
            pairs,
            span: list.span,
        })
    }
}
