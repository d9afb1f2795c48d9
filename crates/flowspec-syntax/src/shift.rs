//! Moving a tree's spans: a reused piece of a previous parse, shifted to
//! where its text now stands.

use crate::ast::*;
use crate::error::SyntaxError;
use crate::lexer::Token;
use crate::span::Span;

/// Moves every byte position by `delta` (a piece of text that moved by
/// that many bytes, unchanged).
pub trait Shift {
    fn shift(&mut self, delta: i64);
}

impl Shift for Span {
    fn shift(&mut self, delta: i64) {
        self.start = (i64::from(self.start) + delta) as u32;
        self.end = (i64::from(self.end) + delta) as u32;
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, delta: i64) {
        if let Some(x) = self {
            x.shift(delta);
        }
    }
}

impl<T: Shift> Shift for Box<T> {
    fn shift(&mut self, delta: i64) {
        (**self).shift(delta);
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, delta: i64) {
        for x in self {
            x.shift(delta);
        }
    }
}

impl Shift for Token {
    fn shift(&mut self, delta: i64) {
        self.span.shift(delta);
    }
}

impl Shift for SyntaxError {
    fn shift(&mut self, delta: i64) {
        self.span.shift(delta);
    }
}

impl Shift for Name {
    fn shift(&mut self, delta: i64) {
        self.span.shift(delta);
    }
}

impl Shift for Str {
    fn shift(&mut self, delta: i64) {
        self.span.shift(delta);
    }
}

impl Shift for Doc {
    fn shift(&mut self, delta: i64) {
        self.span.shift(delta);
    }
}

impl Shift for Atom {
    fn shift(&mut self, delta: i64) {
        self.span.shift(delta);
    }
}

impl Shift for Atoms {
    fn shift(&mut self, delta: i64) {
        self.atoms.shift(delta);
        if let Some(m) = &mut self.mapping {
            m.arrow.shift(delta);
            m.atoms.shift(delta);
        }
        self.span.shift(delta);
    }
}

impl Shift for Value {
    fn shift(&mut self, delta: i64) {
        match self {
            Value::Atoms(a) => a.shift(delta),
            Value::List(l) => l.shift(delta),
            Value::Terms(t) => {
                for term in &mut t.terms {
                    match term {
                        Term::Atom(a) => a.shift(delta),
                        Term::List(l) => l.shift(delta),
                        Term::Arrow(s) => s.shift(delta),
                    }
                }
                t.span.shift(delta);
            }
        }
    }
}

impl Shift for List {
    fn shift(&mut self, delta: i64) {
        self.items.shift(delta);
        self.span.shift(delta);
    }
}

impl Shift for Property {
    fn shift(&mut self, delta: i64) {
        self.key.shift(delta);
        match &mut self.value {
            PropertyValue::Value(v) => v.shift(delta),
            PropertyValue::Block(b) => b.shift(delta),
            PropertyValue::Keeps(k) => {
                k.record.shift(delta);
                k.block.shift(delta);
            }
            PropertyValue::Missing(s) => s.shift(delta),
        }
        self.span.shift(delta);
        self.doc.shift(delta);
    }
}

impl Shift for Block {
    fn shift(&mut self, delta: i64) {
        self.span.shift(delta);
        self.open.shift(delta);
        self.close.shift(delta);
        self.properties.shift(delta);
    }
}

impl Shift for Decl {
    fn shift(&mut self, delta: i64) {
        self.keyword.shift(delta);
        self.name.shift(delta);
        self.label.shift(delta);
        self.block.shift(delta);
    }
}

impl Shift for Flow {
    fn shift(&mut self, delta: i64) {
        self.keyword.shift(delta);
        self.name.shift(delta);
        self.chain.steps.shift(delta);
        self.chain.arrows.shift(delta);
        self.chain.span.shift(delta);
        self.words.shift(delta);
        self.block.shift(delta);
    }
}

impl Shift for Item {
    fn shift(&mut self, delta: i64) {
        match &mut self.kind {
            ItemKind::Tool(d) | ItemKind::Role(d) | ItemKind::Record(d) => d.shift(delta),
            ItemKind::Flow(f) => f.shift(delta),
            ItemKind::Error => {}
        }
        self.span.shift(delta);
        self.doc.shift(delta);
    }
}
