//! A parsed item without the room its lists were given as they grew.
//!
//! The grammar collects every list (properties, atoms, steps) by pushing,
//! so a list of one atom holds room for four. A workspace keeps every
//! file's tree: on 1,000 generated files (2.6 MiB of text) that room was a
//! third of the trees, 10.5 of 31.3 MiB. An item is compacted once, when it
//! is parsed; the items an edit reuses are moved or copied (a copy holds no
//! spare room either).

use crate::ast::*;

/// Gives back the spare capacity of every list and string it holds.
pub(crate) trait Compact {
    fn compact(&mut self);
}

impl<T: Compact> Compact for Option<T> {
    fn compact(&mut self) {
        if let Some(x) = self {
            x.compact();
        }
    }
}

impl<T: Compact> Compact for Box<T> {
    fn compact(&mut self) {
        (**self).compact();
    }
}

impl<T: Compact> Compact for Vec<T> {
    fn compact(&mut self) {
        self.shrink_to_fit();
        for x in self {
            x.compact();
        }
    }
}

impl Compact for Doc {
    fn compact(&mut self) {
        self.text.shrink_to_fit();
    }
}

impl Compact for Atoms {
    fn compact(&mut self) {
        // Atoms hold no lists (strings are `SmolStr`s: short ones inline).
        self.atoms.shrink_to_fit();
        if let Some(m) = &mut self.mapping {
            m.atoms.shrink_to_fit();
        }
    }
}

impl Compact for List {
    fn compact(&mut self) {
        self.items.compact();
    }
}

impl Compact for Term {
    fn compact(&mut self) {
        match self {
            Term::List(l) => l.compact(),
            Term::Atom(_) | Term::Arrow(_) => {}
        }
    }
}

impl Compact for Value {
    fn compact(&mut self) {
        match self {
            Value::Atoms(a) => a.compact(),
            Value::List(l) => l.compact(),
            Value::Terms(t) => t.terms.compact(),
        }
    }
}

impl Compact for Block {
    fn compact(&mut self) {
        self.properties.compact();
    }
}

impl Compact for Property {
    fn compact(&mut self) {
        match &mut self.value {
            PropertyValue::Value(v) => v.compact(),
            PropertyValue::Block(b) => b.compact(),
            PropertyValue::Keeps(k) => k.block.compact(),
            PropertyValue::Missing(_) => {}
        }
        self.doc.compact();
    }
}

impl Compact for Decl {
    fn compact(&mut self) {
        self.block.compact();
    }
}

impl Compact for Flow {
    fn compact(&mut self) {
        self.chain.steps.shrink_to_fit();
        self.chain.arrows.shrink_to_fit();
        self.words.shrink_to_fit();
        self.block.compact();
    }
}

impl Compact for Item {
    fn compact(&mut self) {
        match &mut self.kind {
            ItemKind::Tool(d) | ItemKind::Role(d) | ItemKind::Record(d) => d.compact(),
            ItemKind::Flow(f) => f.compact(),
            ItemKind::Error => {}
        }
        self.doc.compact();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list of a parsed file holds no more room than it needs.
    #[test]
    fn a_parsed_tree_holds_no_spare_room() {
        let text = "## A tool\ntool kobo \"Kobo\" { kind: collection owner: \"M&E\" }\n\
                    flow visits: kobo -> excel -> dhis2 monthly batch {\n  \
                    data: \"visits\"\n  transform { visit_date: \"MM/DD/YYYY\" -> \"YYYY-MM-DD\" }\n  \
                    gender: [\"1\" -> \"female\", \"2\" -> \"male\"]\n}\n\
                    record patient { ## when\n  visit_date: date required\n  tags: choice [\"a\", \"b\"] }\n";
        let tree = crate::parse(text);
        assert!(tree.errors.is_empty(), "{:?}", tree.errors);
        let mut lists = 0;
        for item in &tree.items {
            spare_room(item, &mut lists);
        }
        assert!(lists > 15, "the test should see many lists, saw {lists}");
    }

    /// The file's own lists too, parsed afresh and again after an edit
    /// (from an old tree borrowed or given up): flows without a name,
    /// which share their segment with the item before them, so a segment
    /// holds several items.
    #[test]
    fn a_parsed_files_lists_hold_no_spare_room() {
        let text = "role clerk\na -> b monthly\nb -> c daily\nc -> d weekly\nd -> e\ntool t { kind: mis }\ne -> f\nf -> g\ng -> h\n";
        let edited = text.replace("weekly", "weekly batch");
        let fresh = crate::parse(text);
        let borrowed = crate::reparse(&edited, text, &fresh);
        let (owned, _) =
            crate::reparse_with_origins(&edited, text, std::borrow::Cow::Owned(fresh.clone()));
        for tree in [&fresh, &borrowed, &owned] {
            assert!(tree.items.len() > tree.segments.len() + 4);
            assert_eq!(tree.items.capacity(), tree.items.len(), "items");
            assert_eq!(tree.segments.capacity(), tree.segments.len(), "segments");
            assert_eq!(tree.tokens.capacity(), tree.tokens.len(), "tokens");
        }
    }

    /// Asserts that every list under `item` is full; counts them.
    fn spare_room(item: &Item, lists: &mut usize) {
        fn full<T>(v: &Vec<T>, lists: &mut usize) {
            assert_eq!(v.capacity(), v.len(), "a list holds spare room");
            *lists += 1;
        }
        fn atoms(a: &Atoms, lists: &mut usize) {
            full(&a.atoms, lists);
            if let Some(m) = &a.mapping {
                full(&m.atoms, lists);
            }
        }
        fn block(b: &Block, lists: &mut usize) {
            full(&b.properties, lists);
            for p in &b.properties {
                match &p.value {
                    PropertyValue::Value(Value::Atoms(a)) => atoms(a, lists),
                    PropertyValue::Value(Value::List(l)) => {
                        full(&l.items, lists);
                        l.items.iter().for_each(|a| atoms(a, lists));
                    }
                    PropertyValue::Value(Value::Terms(t)) => full(&t.terms, lists),
                    PropertyValue::Block(b) => block(b, lists),
                    PropertyValue::Keeps(k) => {
                        if let Some(b) = &k.block {
                            block(b, lists);
                        }
                    }
                    PropertyValue::Missing(_) => {}
                }
            }
        }
        match &item.kind {
            ItemKind::Tool(d) | ItemKind::Role(d) | ItemKind::Record(d) => {
                if let Some(b) = &d.block {
                    block(b, lists);
                }
            }
            ItemKind::Flow(f) => {
                full(&f.chain.steps, lists);
                full(&f.chain.arrows, lists);
                full(&f.words, lists);
                if let Some(b) = &f.block {
                    block(b, lists);
                }
            }
            ItemKind::Error => {}
        }
    }
}
