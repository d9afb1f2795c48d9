//! Lowering: from one file's syntax tree to its [`FileModel`], with every
//! check that needs only that file. Each item is lowered on its own, so an
//! error in one item never changes what is said about another.

mod decl;
mod discovery;
mod flow;
mod mapping;
mod record;
mod sample;
mod value;

use std::borrow::Cow;

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Atoms, ItemKind, Property, PropertyValue, SourceFile, Value};
use flowspec_syntax::line_index::line_breaks;

use crate::FileId;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{DeclKind, FileModel};
use crate::schema::ItemType;

/// Builds the model of one file.
pub fn lower(file_id: FileId, text: &str, tree: &SourceFile) -> FileModel {
    let mut cx = Lowerer {
        file_id,
        text,
        diagnostics: tree
            .errors
            .iter()
            .map(|e| Diagnostic::new(Code::Syntax, e.span, e.message.clone()))
            .collect(),
    };
    let mut model = FileModel::default();
    for (index, item) in tree.items.iter().enumerate() {
        let doc = item.doc.as_ref().map(|d| d.text.clone());
        match &item.kind {
            ItemKind::Tool(d) => {
                model
                    .decls
                    .push(cx.decl(DeclKind::Tool, d, index, item.span, doc))
            }
            ItemKind::Role(d) => {
                model
                    .decls
                    .push(cx.decl(DeclKind::Role, d, index, item.span, doc))
            }
            ItemKind::Flow(f) => model.flows.push(cx.flow(f, index, item.span, doc)),
            ItemKind::Record(d) => model.records.push(cx.record(d, index, item.span, doc)),
            ItemKind::Error => {}
        }
    }
    model.diagnostics = cx.diagnostics;
    model
        .diagnostics
        .sort_by_key(|d| (d.span.start, d.span.end, d.code));
    model
}

struct Lowerer<'a> {
    file_id: FileId,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl Lowerer<'_> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Whether a syntax error lies inside `span`.
    fn has_syntax_error(&self, span: Span) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.code == Code::Syntax && span.contains_span(d.span))
    }

    /// Newlines do not end values, so `kind: mis` followed by a line
    /// `owner "MoH"` (its colon forgotten) reads as one value `mis owner
    /// "MoH"`. When a value holds the name of a property this item takes,
    /// at the start of a new line or followed by more words, a colon is
    /// missing there: report it, and keep only what comes before as the
    /// value. (No value of these keys is ever such a name.)
    fn split_missing_colon<'p>(
        &mut self,
        item_type: ItemType,
        prop: &'p Property,
    ) -> Cow<'p, PropertyValue> {
        let PropertyValue::Value(Value::Atoms(atoms)) = &prop.value else {
            return Cow::Borrowed(&prop.value);
        };
        let list = &atoms.atoms;
        let split = (1..list.len()).find(|&k| {
            let gap = &self.text[list[k - 1].span.end as usize..list[k].span.start as usize];
            let is_key = list[k]
                .kind
                .as_ident()
                .is_some_and(|key| item_type.property(key).is_some());
            is_key && (line_breaks(gap) > 0 || k + 1 < list.len())
        });
        let Some(k) = split else {
            return Cow::Borrowed(&prop.value);
        };
        let key = list[k].kind.as_ident().unwrap_or_default();
        self.report(Diagnostic::new(
            Code::Syntax,
            list[k].span,
            format!(
                "expected `:` after `{key}`: without it, `{key}` is read as part of the value of `{}`",
                prop.key.text
            ),
        ));
        let kept = list[..k].to_vec();
        let span = kept[0].span.cover(kept[k - 1].span);
        Cow::Owned(PropertyValue::Value(Value::Atoms(Atoms {
            atoms: kept,
            mapping: None,
            span,
        })))
    }

    fn source(&self, span: Span) -> &str {
        &self.text[span.range()]
    }
}
