//! Selection ranges ("expand selection"): from the word under the cursor
//! outwards through the nodes of the tree that contain it, up to the file.
//!
//! A value word grows to its side of a mapping, the value, the list item,
//! the list, the property (`key: value`), the block, the item, the item with
//! its doc comment, the file. A chain step grows to the chain, the header
//! (`flow name: chain`), the header with its shorthand words, the item. A
//! string's text without its quotes comes before the string. Each range
//! strictly contains the one before it, as the protocol requires, whatever
//! the tree of a broken file looks like.

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Atom, Atoms, Block, Item, ItemKind, PropertyValue, Term, Value};
use flowspec_syntax::lexer::{Token, TokenKind};

use crate::FileData;

/// The ranges to select at `offset`, innermost first: each strictly
/// contains the one before it, and the last is the whole file. The first
/// contains `offset` (or touches it, when the cursor is just after a word).
pub fn selection_ranges(file: &FileData, offset: usize) -> Vec<Span> {
    let offset = offset.min(file.text.len());
    let leaf = leaf(file, offset);
    let anchor = leaf.map_or(Span::empty(offset), |t| t.span);
    let mut spans = Spans {
        anchor,
        out: Vec::new(),
    };
    if let Some(token) = leaf.filter(|t| is_word(t.kind)) {
        spans.add(token.span);
        // Inside a closed string, its text without the quotes comes first.
        let text = &file.text[token.span.range()];
        if token.kind == TokenKind::String && text.len() > 2 {
            let inner = Span::new(token.span.start as usize + 1, token.span.end as usize - 1);
            if inner.touches(offset) {
                spans.out.push(inner);
            }
        }
    }
    if let Some(doc) = &file.tree.doc {
        spans.add(doc.span);
    }
    for item in &file.tree.items {
        let whole = item
            .doc
            .as_ref()
            .map_or(item.span, |d| d.span.cover(item.span));
        if whole.contains_span(anchor) {
            spans.item(item);
        }
    }
    let mut out = spans.out;
    out.push(Span::new(0, file.text.len()));
    out.sort_by_key(|s| (s.len(), s.start));
    let mut chain: Vec<Span> = Vec::with_capacity(out.len());
    for span in out {
        match chain.last() {
            Some(last) if span == *last || !span.contains_span(*last) => {}
            _ => chain.push(span),
        }
    }
    chain
}

/// Tokens that are worth selecting on their own (punctuation is not: a
/// cursor on `:` or `{` starts from the node around it).
fn is_word(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Ident
            | TokenKind::Number
            | TokenKind::String
            | TokenKind::UnterminatedString
            | TokenKind::Comment
            | TokenKind::DocComment
            | TokenKind::Tool
            | TokenKind::Role
            | TokenKind::Flow
    )
}

/// The token under the cursor: one containing `offset` or ending at it,
/// a word rather than punctuation (`kind|:` is on `kind`), the containing
/// one when both are words.
fn leaf(file: &FileData, offset: usize) -> Option<Token> {
    let tokens = &file.tree.tokens;
    let i = tokens.partition_point(|t| (t.span.end as usize) < offset);
    let candidates = tokens.get(i..(i + 2).min(tokens.len()))?;
    let touching = || candidates.iter().filter(|t| t.span.touches(offset));
    let containing = |t: &&Token| (t.span.start as usize) <= offset && offset < t.span.end as usize;
    touching()
        .filter(|t| is_word(t.kind))
        .find(containing)
        .or_else(|| touching().find(|t| is_word(t.kind)))
        .or_else(|| touching().find(containing))
        .or_else(|| touching().next())
        .copied()
}

/// Collects the spans of nodes that contain the anchor.
struct Spans {
    anchor: Span,
    out: Vec<Span>,
}

impl Spans {
    fn add(&mut self, span: Span) {
        if !span.is_empty() && span.contains_span(self.anchor) {
            self.out.push(span);
        }
    }

    fn item(&mut self, item: &Item) {
        self.add(item.span);
        if let Some(doc) = &item.doc {
            self.add(doc.span);
            self.add(doc.span.cover(item.span));
        }
        match &item.kind {
            ItemKind::Tool(decl) | ItemKind::Role(decl) | ItemKind::Record(decl) => {
                let mut header = decl.keyword.cover(decl.name.span);
                if let Some(label) = &decl.label {
                    header = header.cover(label.span);
                }
                self.add(header);
                if let Some(block) = &decl.block {
                    self.block(block);
                }
            }
            ItemKind::Flow(flow) => {
                self.add(flow.chain.span);
                let header = flow.header_span();
                self.add(header);
                if let (Some(first), Some(last)) = (flow.words.first(), flow.words.last()) {
                    self.add(first.span.cover(last.span));
                    self.add(header.cover(last.span));
                }
                self.atoms(&flow.words);
                if let Some(block) = &flow.block {
                    self.block(block);
                }
            }
            ItemKind::Error => {}
        }
    }

    fn block(&mut self, block: &Block) {
        if !block.span.contains_span(self.anchor) {
            return;
        }
        self.add(block.span);
        for property in &block.properties {
            if !property.span.contains_span(self.anchor) {
                continue;
            }
            self.add(property.span);
            match &property.value {
                PropertyValue::Value(Value::Atoms(atoms)) => self.value(atoms),
                PropertyValue::Value(Value::List(list)) => {
                    self.add(list.span);
                    for atoms in &list.items {
                        self.value(atoms);
                    }
                }
                PropertyValue::Value(Value::Terms(terms)) => {
                    self.add(terms.span);
                    for term in &terms.terms {
                        match term {
                            Term::Atom(atom) => self.add(atom.span),
                            Term::List(list) => {
                                if list.span.contains_span(self.anchor) {
                                    self.add(list.span);
                                    for atoms in &list.items {
                                        self.value(atoms);
                                    }
                                }
                            }
                            Term::Arrow(_) => {}
                        }
                    }
                }
                PropertyValue::Block(inner) => self.block(inner),
                PropertyValue::Keeps(keeps) => {
                    self.add(keeps.record.span);
                    if let Some(inner) = &keeps.block {
                        self.block(inner);
                    }
                }
                PropertyValue::Missing(_) => {}
            }
        }
    }

    /// `atoms [-> atoms]`: the whole, each side, each atom.
    fn value(&mut self, atoms: &Atoms) {
        if !atoms.span.contains_span(self.anchor) {
            return;
        }
        self.add(atoms.span);
        if let Some(mapping) = &atoms.mapping {
            self.side(&atoms.atoms);
            self.side(&mapping.atoms);
            self.atoms(&mapping.atoms);
        }
        self.atoms(&atoms.atoms);
    }

    fn side(&mut self, atoms: &[Atom]) {
        if let (Some(first), Some(last)) = (atoms.first(), atoms.last()) {
            self.add(first.span.cover(last.span));
        }
    }

    fn atoms(&mut self, atoms: &[Atom]) {
        for atom in atoms {
            self.add(atom.span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Workspace;

    /// The text of each range at the first `$` of `marked` (removed).
    fn chain(marked: &str) -> Vec<String> {
        let at = marked.find('$').unwrap();
        let text = marked.replacen('$', "", 1);
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text.as_str());
        let file = ws.file(id).unwrap();
        let spans = selection_ranges(file, at);
        for pair in spans.windows(2) {
            assert!(pair[1].contains_span(pair[0]) && pair[1] != pair[0]);
        }
        assert_eq!(spans.last(), Some(&Span::new(0, text.len())));
        spans
            .iter()
            .map(|s| text[s.range()].replace('\n', "⏎"))
            .collect()
    }

    const FLOW: &str = "tool t\n\n## Doc.\nflow f: a -> b monthly {\n  data: [\"x y\", \"z\"]\n  transform {\n    d: \"A\" -> \"B\"\n  }\n}\n";

    #[test]
    fn a_string_in_a_list_grows_to_the_file() {
        let text = FLOW.replace("\"x y\"", "\"x$ y\"");
        assert_eq!(
            chain(&text),
            [
                "x y",
                "\"x y\"",
                "[\"x y\", \"z\"]",
                "data: [\"x y\", \"z\"]",
                "{⏎  data: [\"x y\", \"z\"]⏎  transform {⏎    d: \"A\" -> \"B\"⏎  }⏎}",
                "flow f: a -> b monthly {⏎  data: [\"x y\", \"z\"]⏎  transform {⏎    d: \"A\" -> \"B\"⏎  }⏎}",
                "## Doc.⏎flow f: a -> b monthly {⏎  data: [\"x y\", \"z\"]⏎  transform {⏎    d: \"A\" -> \"B\"⏎  }⏎}",
                FLOW.replace('\n', "⏎").as_str(),
            ]
        );
    }

    #[test]
    fn a_mapping_side_and_the_nested_block() {
        let text = FLOW.replace("-> \"B\"", "-> \"$B\"");
        let got = chain(&text);
        assert_eq!(
            got[..6],
            [
                "B",
                "\"B\"",
                "\"A\" -> \"B\"",
                "d: \"A\" -> \"B\"",
                "{⏎    d: \"A\" -> \"B\"⏎  }",
                "transform {⏎    d: \"A\" -> \"B\"⏎  }",
            ]
        );
    }

    #[test]
    fn a_step_grows_through_the_chain_and_the_header() {
        let text = FLOW.replace("-> b", "-> $b");
        let got = chain(&text);
        assert_eq!(
            got[..4],
            ["b", "a -> b", "flow f: a -> b", "flow f: a -> b monthly"]
        );
        // A cursor just after a word is on that word, not on what follows.
        let text = FLOW.replace("data:", "data$:");
        assert_eq!(chain(&text)[..2], ["data", "data: [\"x y\", \"z\"]"]);
        // Between items: the file only.
        let text = FLOW.replacen("\n\n", "\n$\n", 1);
        assert_eq!(chain(&text).len(), 1);
    }

    #[test]
    fn broken_and_empty_files() {
        assert_eq!(chain("$"), [""]);
        let got = chain("tool a \"x\n} stray ✓$✓\nflow f: a -> { data: [\"a\",");
        assert!(!got.is_empty());
        let got = chain("flow f: a -> b { data: [\"a$\", ");
        assert_eq!(got[..3], ["a", "\"a\"", "[\"a\","]);
    }
}
