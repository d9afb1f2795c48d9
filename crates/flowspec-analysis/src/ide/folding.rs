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
fn folding_ranges_within(file: &FileData, bytes: std::ops::Range<u32>) -> Vec<Fold> {
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

/// The folds of one version of a file in lines, as an editor takes them,
/// and what the next version needs to keep them: after an edit only the
/// folds of the text it changed are found afresh ([`folding_ranges_within`]);
/// those before it are the previous version's, those after it the
/// previous version's moved by the lines the edit added or removed.
#[derive(Debug, Clone)]
pub struct Folding {
    version: u64,
    line_count: usize,
    /// Each fold's first and last line, and its kind, in order.
    pub lines: Vec<(u32, u32, FoldKind)>,
    /// Where each fold starts, in bytes.
    anchors: Vec<u32>,
    /// Where each item starts that starts on the line where the one before
    /// it ends: the one place where one item's folds can change another's
    /// (`finish` cuts a fold that starts on the line where an earlier one
    /// ends), so an edit next to one is not spliced.
    joined: Vec<u32>,
}

impl Folding {
    /// The folds of `file`, from `previous`'s where the edit that made
    /// `file` from it kept the text (any other `previous` is not used).
    pub fn of(file: &FileData, previous: Option<&Folding>) -> Folding {
        let previous = previous.filter(|p| file.edit.is_some_and(|e| e.from == p.version));
        let line = |offset: u32| file.lines.line_of(offset as usize);
        let found = |bytes| {
            folding_ranges_within(file, bytes).into_iter().map(|fold| {
                (
                    (line(fold.span.start), line(fold.span.end), fold.kind),
                    fold.span.start,
                )
            })
        };
        let joined = joined(file);
        let mut folds: Vec<((u32, u32, FoldKind), u32)> = Vec::new();
        match (previous, file.edit) {
            (Some(previous), Some(edit)) if splices(file, &joined, previous) => {
                let kept = previous.anchors.partition_point(|&a| a < edit.before);
                let old_after = (i64::from(edit.after) - edit.delta) as u32;
                let moved = previous
                    .anchors
                    .partition_point(|&a| a < old_after)
                    .max(kept);
                let lines = file.lines.line_count() as i64 - previous.line_count as i64;
                let shift = |l: u32| (i64::from(l) + lines) as u32;
                folds.reserve(previous.lines.len() + 8);
                folds.extend(
                    previous.lines[..kept]
                        .iter()
                        .copied()
                        .zip(previous.anchors.iter().copied()),
                );
                folds.extend(found(edit.before..edit.after));
                folds.extend(
                    previous.lines[moved..]
                        .iter()
                        .zip(&previous.anchors[moved..])
                        .map(|(&(start, end, kind), &anchor)| {
                            (
                                (shift(start), shift(end), kind),
                                (i64::from(anchor) + edit.delta) as u32,
                            )
                        }),
                );
            }
            _ => folds.extend(found(0..u32::MAX)),
        }
        let (lines, anchors) = folds.into_iter().unzip();
        Folding {
            version: file.version,
            line_count: file.lines.line_count(),
            lines,
            anchors,
            joined,
        }
    }
}

/// Whether the folds of `file` can be taken from `previous` on both sides
/// of the text its edit changed: no item there starts on the line where the
/// one before it ends, before the edit or after (`joined`: `file`'s).
fn splices(file: &FileData, joined: &[u32], previous: &Folding) -> bool {
    let Some(edit) = file.edit else {
        return false;
    };
    let items = &file.tree.items;
    let first_from = |at: u32| {
        let i = items.partition_point(|i| i.span.start < at);
        items.get(i).map(|i| i.span.start)
    };
    let old_after = (i64::from(edit.after) - edit.delta) as u32;
    [first_from(edit.before), first_from(edit.after)]
        .into_iter()
        .flatten()
        .all(|start| joined.binary_search(&start).is_err())
        && previous.joined.binary_search(&old_after).is_err()
}

/// The starts of `file`'s items that start on the line where the item
/// before them ends (two items on a line; rare).
fn joined(file: &FileData) -> Vec<u32> {
    let line = |offset: u32| file.lines.line_of(offset as usize);
    file.tree
        .items
        .windows(2)
        .filter(|pair| line(pair[0].span.end) == line(pair[1].span.start))
        .map(|pair| pair[1].span.start)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Workspace;

    /// After an edit, the folds taken from the version before where the
    /// edit kept the text, and found afresh where it did not, are the folds
    /// found afresh: edits at every place of a text with blocks, lists,
    /// headers over several lines, comment runs of both kinds, two items
    /// on a line, an unclosed block, CRLF lines, accents, Amharic and
    /// emoji; letters, line breaks, comments, brackets and braces typed.
    #[test]
    fn folds_after_an_edit_equal_folds_found_afresh() {
        let mut text = "## é ክ 😀\n## more\n\ntool dhis2 \"DHIS2 😀\" {\n  kind: mis\n  # a\n  # b\n}\r\n# c\n# d\nflow f: odk ->\n  clerk -> dhis2\n  monthly batch flow g: odk -> dhis2 {\n  data: [\n    \"é\",\n    \"ክ\"\n  ]\n  transform {\n    a: \"x\" -> \"y\"\n  }\n}\n## g's\n## too\nrecord visit { visit_id: text identifier\n date: date required }\ntool t {\n  kind: mis\n".to_string();
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text.as_str());
        let (mut changed, mut spliced, mut edits) = (0, 0, 0);
        for (n, at) in (0..text.len()).enumerate() {
            if !text.is_char_boundary(at) {
                continue;
            }
            edits += 1;
            let previous = Folding::of(ws.file(id).unwrap(), None);
            let mut next = text.clone();
            next.insert_str(
                at,
                [
                    "x", "\n", "# d\n", "ክ", "{", "\r\n", "[", "## e\n", "}", " ",
                ][n % 10],
            );
            let mut edited = ws.clone();
            edited.set_file("a.flow", next.as_str());
            let file = edited.file(id).unwrap();
            let again = Folding::of(file, Some(&previous));
            let fresh = Folding::of(file, None);
            assert_eq!(again.lines, fresh.lines, "{at} in {next:?}");
            assert_eq!(again.anchors, fresh.anchors, "{at} in {next:?}");
            changed += usize::from(again.lines != previous.lines);
            spliced += usize::from(splices(file, &joined(file), &previous));
            if n % 7 == 0 {
                text.insert(at, ' ');
                ws.set_file("a.flow", text.as_str());
            }
        }
        // The edits moved or changed folds, not only kept them; most were
        // spliced (not those next to the two items on a line).
        assert!(changed > 100, "{changed}");
        assert!(spliced * 4 > edits * 3, "{spliced} of {edits}");
    }

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
