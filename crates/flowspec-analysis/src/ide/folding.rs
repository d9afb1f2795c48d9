//! Folding ranges: the blocks of tools, roles and flows (and `transform
//! { … }` inside them), lists written over several lines, flow headers
//! written over several lines, and runs of comment lines.
//!
//! Folds are whole lines, as editors that fold only lines (VS Code among
//! them) need: a fold starts on the line of its `{` (or `[`, or first
//! comment) and ends on the line before its closing `}` (or `]`), so the
//! closing line stays visible. The result is sorted, one fold per start
//! line, each fold spanning at least two lines and strictly nested in the
//! folds around it: a client never has to drop one.

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Block, ItemKind, List, PropertyValue, Term, Value};
use flowspec_syntax::lexer::TokenKind;

use crate::FileData;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FoldKind {
    /// `{ … }` of an item or of a property (`transform { … }`).
    Block,
    /// A `[ … ]` list over several lines.
    List,
    /// A flow header (`flow f: a -> b -> c words`) over several lines.
    Header,
    /// Consecutive lines holding only a comment (plain or doc comments,
    /// each in runs of their own).
    Comment,
}

/// One fold: the text it covers, from where it starts (the `{`, the `[`,
/// the first comment, the item's first token) to the end of its last line.
/// The first and last lines of the span are the fold's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    pub span: Span,
    pub kind: FoldKind,
}

/// A fold in lines, before it becomes a span.
#[derive(Debug, Clone, Copy)]
struct Lines {
    start: u32,
    end: u32,
    /// Where the fold starts, in bytes.
    anchor: u32,
    kind: FoldKind,
}

pub fn folding_ranges(file: &FileData) -> Vec<Fold> {
    folding_ranges_within(file, 0..u32::MAX)
}

/// The folds of [`folding_ranges`] that start in `bytes`, when `bytes`
/// starts where an item ends (or at 0) and ends where one starts (or past
/// the end). No fold crosses such a place: an item's folds lie inside it,
/// and a comment run is made of whole comment lines, which an item's first
/// and last lines are not. So the folds there are found from the items
/// and comments there alone, and after an edit those of the text it kept
/// can be taken from the version before.
pub fn folding_ranges_within(file: &FileData, bytes: std::ops::Range<u32>) -> Vec<Fold> {
    let mut folds = Folds {
        file,
        out: Vec::new(),
    };
    let items = &file.tree.items;
    let first = items.partition_point(|i| i.span.start < bytes.start);
    let items = items[first..]
        .iter()
        .take_while(|i| i.span.start < bytes.end);
    for item in items {
        let (header_end, block) = match &item.kind {
            ItemKind::Tool(decl) | ItemKind::Role(decl) | ItemKind::Record(decl) => {
                let end = decl.label.as_ref().map_or(decl.name.span, |l| l.span);
                (end.end, decl.block.as_ref())
            }
            ItemKind::Flow(flow) => {
                let end = flow.words.last().map_or(flow.chain.span, |w| w.span);
                (end.end.max(flow.chain.span.end), flow.block.as_ref())
            }
            ItemKind::Error => continue,
        };
        // The header, up to the line before its block's `{`.
        let start = folds.line(item.span.start);
        let mut end = folds.line(header_end);
        if let Some(block) = block {
            end = end.min(folds.line(block.open.start).saturating_sub(1));
        }
        folds.push(start, end, item.span.start, FoldKind::Header);
        if let Some(block) = block {
            folds.block(block);
        }
    }
    folds.comments(bytes);
    folds.finish()
}

struct Folds<'a> {
    file: &'a FileData,
    out: Vec<Lines>,
}

impl Folds<'_> {
    fn line(&self, offset: u32) -> u32 {
        self.file.lines.line_of(offset as usize)
    }

    fn push(&mut self, start: u32, end: u32, anchor: u32, kind: FoldKind) {
        if start < end {
            self.out.push(Lines {
                start,
                end,
                anchor,
                kind,
            });
        }
    }

    /// From the `{` line to the line before `}`; an unclosed block to its
    /// last line.
    fn block(&mut self, block: &Block) {
        let start = self.line(block.open.start);
        let end = match block.close {
            Some(close) => self.line(close.start).saturating_sub(1),
            None => self.line(block.span.end),
        };
        self.push(start, end, block.open.start, FoldKind::Block);
        for property in &block.properties {
            match &property.value {
                PropertyValue::Value(Value::List(list)) => self.list(list),
                PropertyValue::Value(Value::Terms(terms)) => {
                    for term in &terms.terms {
                        if let Term::List(list) = term {
                            self.list(list);
                        }
                    }
                }
                PropertyValue::Block(inner) => self.block(inner),
                PropertyValue::Keeps(keeps) => {
                    if let Some(inner) = &keeps.block {
                        self.block(inner)
                    }
                }
                PropertyValue::Value(Value::Atoms(_)) | PropertyValue::Missing(_) => {}
            }
        }
    }

    /// From the `[` line to the line before `]`; an unclosed list to its
    /// last line.
    fn list(&mut self, list: &List) {
        let start = self.line(list.span.start);
        let closed = self.file.text[list.span.range()].ends_with(']');
        let end = if closed {
            self.line(list.span.end - 1).saturating_sub(1)
        } else {
            self.line(list.span.end)
        };
        self.push(start, end, list.span.start, FoldKind::List);
    }

    /// Runs of consecutive lines that hold only a comment; doc comments and
    /// plain comments make runs of their own.
    fn comments(&mut self, bytes: std::ops::Range<u32>) {
        let text: &str = &self.file.text;
        let mut run: Option<(Lines, TokenKind)> = None;
        let tokens = &self.file.tree.tokens;
        let first = tokens.partition_point(|t| t.span.start < bytes.start);
        let tokens = tokens[first..]
            .iter()
            .take_while(|t| t.span.start < bytes.end);
        for token in tokens {
            if !token.kind.is_trivia() {
                continue;
            }
            let line = self.line(token.span.start);
            let line_start = self.file.lines.line_span(text, line).start;
            if !text[line_start..token.span.start as usize]
                .trim()
                .is_empty()
            {
                continue; // a comment after code on its line
            }
            match &mut run {
                Some((lines, kind)) if *kind == token.kind && lines.end + 1 == line => {
                    lines.end = line;
                }
                _ => {
                    if let Some((lines, _)) = run.take() {
                        self.push(lines.start, lines.end, lines.anchor, lines.kind);
                    }
                    let lines = Lines {
                        start: line,
                        end: line,
                        anchor: token.span.start,
                        kind: FoldKind::Comment,
                    };
                    run = Some((lines, token.kind));
                }
            }
        }
        if let Some((lines, _)) = run {
            self.push(lines.start, lines.end, lines.anchor, lines.kind);
        }
    }

    /// Sorts, keeps one fold per start line (the outermost), makes every
    /// fold nest in the ones around it, and turns lines into spans.
    fn finish(mut self) -> Vec<Fold> {
        self.out
            .sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        self.out.dedup_by_key(|f| f.start);
        let mut open: Vec<u32> = Vec::new();
        let mut folds = Vec::with_capacity(self.out.len());
        for mut fold in self.out {
            while open.last().is_some_and(|&end| end < fold.start) {
                open.pop();
            }
            if let Some(&end) = open.last() {
                // Broken input can make a fold start inside another and end
                // after it: cut it at the outer one's end.
                fold.end = fold.end.min(end);
            }
            if fold.end <= fold.start {
                continue;
            }
            open.push(fold.end);
            let end = self.file.lines.line_span(&self.file.text, fold.end).end;
            folds.push(Fold {
                span: Span::new(fold.anchor as usize, end.max(fold.anchor as usize)),
                kind: fold.kind,
            });
        }
        folds
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Workspace;

    /// `start..end kind` in lines.
    fn folds(text: &str) -> Vec<String> {
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let file = ws.file(id).unwrap();
        let line = |o: u32| file.lines.line_of(o as usize);
        folding_ranges(file)
            .iter()
            .map(|f| format!("{}..{} {:?}", line(f.span.start), line(f.span.end), f.kind))
            .collect()
    }

    #[test]
    fn blocks_lists_headers_and_comments() {
        let text = "\
## The file.
## Second line.

# a
# b
## Doc.
flow f: a
  -> b
  -> c monthly {
  data: [
    \"x\",
    \"y\",
  ]
  transform {
    a: \"b\"
  }
  # c1
  # c2
}
tool t { kind: mis }
role r {
  owner: \"o\" }
";
        assert_eq!(
            folds(text),
            [
                "0..1 Comment",
                "3..4 Comment",
                "6..7 Header",
                "8..17 Block",
                "9..11 List",
                "13..14 Block",
                "16..17 Comment",
            ]
        );
    }

    #[test]
    fn a_header_with_its_brace_on_a_line_of_its_own() {
        let text = "commcare -> dhis2\n  monthly\n  batch\n{\n  data: \"x\"\n}\n";
        assert_eq!(folds(text), ["0..2 Header", "3..4 Block"]);
    }

    #[test]
    fn broken_input_still_folds_and_folds_nest() {
        // An unclosed list ends where the block closes: it is cut to nest.
        let text =
            "flow f: a -> b {\n  data: [\"x\",\n    \"y\" }\ntool t {\n  kind: mis\n\nrole r\n";
        assert_eq!(folds(text), ["0..1 Block", "3..4 Block"]);
        // One fold per start line: the outermost.
        let text = "flow f: a -> b { transform {\n  x: \"y\"\n  }\n}\n";
        assert_eq!(folds(text), ["0..2 Block"]);
    }

    #[test]
    fn crlf_lines() {
        let text = "tool t {\r\n  kind: mis\r\n  owner: \"o\"\r\n}\r\n";
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let file = ws.file(id).unwrap();
        let folds = folding_ranges(file);
        assert_eq!(folds.len(), 1);
        assert_eq!(
            &text[folds[0].span.range()],
            "{\r\n  kind: mis\r\n  owner: \"o\""
        );
    }
}
