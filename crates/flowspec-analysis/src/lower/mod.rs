//! Lowering: from one file's syntax tree to its [`FileModel`], with every
//! check that needs only that file. Each item is lowered on its own, so an
//! error in one item never changes what is said about another.

mod decl;
mod flow;
mod value;

use flowspec_syntax::Span;
use flowspec_syntax::ast::{ItemKind, SourceFile};

use crate::FileId;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{DeclKind, FileModel};

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
            ItemKind::Flow(f) => {
                let broken = tree.errors.iter().any(|e| item.span.contains_span(e.span));
                model.flows.push(cx.flow(f, index, item.span, doc, broken));
            }
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

    fn source(&self, span: Span) -> &str {
        &self.text[span.range()]
    }
}
