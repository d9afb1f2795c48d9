//! From text to [`SourceFile`]: lex, parse the significant tokens with the
//! chumsky grammar, turn chumsky's errors into readable messages, and attach
//! doc comments to the items they document.

mod grammar;

use std::borrow::Cow;

use chumsky::error::{Rich, RichPattern, RichReason};
use chumsky::input::Input as _;
use chumsky::prelude::*;

use crate::ast::{Doc, Item, ItemKind, Segment, SourceFile};
use crate::compact::Compact;
use crate::error::SyntaxError;
use crate::lexer::{Token, TokenKind, lex, relex};
use crate::prose::join_or;
use crate::shift::Shift;
use crate::span::Span;

/// Parses a whole file. Never fails and never panics: whatever it cannot
/// read becomes an error and, at worst, an [`ItemKind::Error`] item.
///
/// [`ItemKind::Error`]: crate::ast::ItemKind::Error
pub fn parse(text: &str) -> SourceFile {
    parse_reusing(text, None).0
}

/// Parses `text`, the new text of a file whose previous text `old_text`
/// parsed to `old`, re-parsing only the segments that changed. The result
/// equals `parse(text)`.
pub fn reparse(text: &str, old_text: &str, old: &SourceFile) -> SourceFile {
    parse_reusing(text, Some((old_text, Cow::Borrowed(old)))).0
}

/// [`reparse`], and where each item of the result came from (see
/// [`Origins`]): what was derived from an old item can be reused too. An
/// `old` tree given owned gives up its items (moved, not copied).
pub fn reparse_with_origins(
    text: &str,
    old_text: &str,
    old: Cow<'_, SourceFile>,
) -> (SourceFile, Origins) {
    parse_reusing(text, Some((old_text, old)))
}

/// Where the items of a re-parse came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    /// For each item, the index of the old item it was reused from (the
    /// same text, moved), or `None` where it was parsed afresh.
    pub items: Vec<Option<u32>>,
    /// The first `before` items stand where they stood, and the last
    /// `after` moved by the text's change in length: the parse reused the
    /// text around them whole (the edit lies between the two).
    pub before: usize,
    pub after: usize,
}

/// A file is parsed in segments that start at each item keyword: a keyword
/// always starts a fresh top-level parse (every loop of the grammar stops at
/// one), so a segment's parse depends only on its own tokens and on whether
/// a keyword or the end of the file follows it.
fn parse_reusing(text: &str, old: Option<(&str, Cow<'_, SourceFile>)>) -> (SourceFile, Origins) {
    let (tokens, lexical) = match &old {
        Some((old_text, old)) => relex(text, old_text, &old.tokens, &old.lexical),
        None => lex(text),
    };
    let cut = Cut::of(&tokens, text);
    let reuse = match &old {
        Some((old_text, old)) => Reuse::of(&cut, text, old_text, old),
        None => Reuse::default(),
    };
    let count = cut.spans.len();
    let middle = reuse.prefix..count - reuse.suffix;

    // What the grammar reads of the segments to parse: their significant
    // tokens, one list for all (the grammar's input outlives the parse).
    // Sized once, by the tokens of those segments (an upper bound).
    let token_at = |segment: usize| cut.starts.get(segment).copied().unwrap_or(tokens.len());
    let mut significant =
        Vec::with_capacity(token_at(middle.end).saturating_sub(token_at(middle.start)));
    let inputs: Vec<_> = middle
        .clone()
        .map(|i| cut.significant(i, &tokens, text, &mut significant))
        .collect();
    // Built once per text, not per segment: the grammar's parsers are
    // boxed (to keep its types, and the binary's symbols, small), so
    // building them allocates, and a file has a segment per item.
    let grammar = grammar::file(text);
    let mut fresh: Vec<Item> = Vec::with_capacity(middle.len());
    let mut fresh_segments: Vec<Segment> = Vec::with_capacity(middle.len());
    for (i, (range, eoi)) in middle.clone().zip(inputs) {
        let (parsed, errs) = grammar
            .parse(significant[range].split_token_span(eoi))
            .into_output_errors();
        let first = fresh.len() as u32;
        fresh.extend(parsed.unwrap_or_default());
        fresh_segments.push(Segment {
            span: cut.spans[i],
            at_end: i + 1 == count,
            items: first..fresh.len() as u32,
            errors: errs.iter().map(|e| convert_error(e, text)).collect(),
        });
    }
    for item in &mut fresh {
        item.compact();
    }

    let (mut items, segments, origins) = match old {
        None => (fresh, fresh_segments, Origins::default()),
        Some((old_text, old)) => {
            let delta = text.len() as i64 - old_text.len() as i64;
            splice(old, &reuse, fresh, fresh_segments, delta)
        }
    };
    // A version keeps its items as long as it lives: no spare room.
    items.shrink_to_fit();
    let mut errors: Vec<SyntaxError> = lexical.clone();
    errors.extend(segments.iter().flat_map(|s| s.errors.iter().cloned()));
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    errors.dedup();

    // Doc comments stand above their item, in the segment before it: the
    // items parsed afresh, and those of the first segment kept after them,
    // may have a new one; the others keep theirs.
    let parsed = &segments[middle.clone()];
    let redo = |s: &Segment| s.items.start as usize..s.items.end as usize;
    let fresh_items = parsed
        .first()
        .zip(parsed.last())
        .map(|(f, l)| redo(f).start..redo(l).end);
    let next = segments.get(middle.end).map(redo);
    let doc = attach_docs(
        text,
        &tokens,
        &mut items,
        fresh_items.iter().chain(&next).cloned(),
    );
    if let Some(range) = fresh_items {
        attach_field_docs(text, &tokens, &mut items[range]);
    }
    let tree = SourceFile {
        items,
        doc,
        tokens,
        errors,
        lexical,
        segments,
    };
    (tree, origins)
}

/// The items and segments of a re-parse: the old tree's where `reuse`
/// kept them (those after the edit moved by `delta` bytes), `fresh`'s in
/// between. An owned old tree's list of items is edited in place (when the
/// edit keeps the number of items, nothing else moves); a borrowed one's
/// items are copied.
fn splice(
    old: Cow<'_, SourceFile>,
    reuse: &Reuse,
    fresh: Vec<Item>,
    fresh_segments: Vec<Segment>,
    delta: i64,
) -> (Vec<Item>, Vec<Segment>, Origins) {
    let old_count = old.segments.len();
    let kept_end = match reuse.prefix {
        0 => 0,
        n => old.segments[n - 1].items.end as usize,
    };
    let moved_start = match reuse.suffix {
        0 => old.items.len(),
        n => old.segments[old_count - n].items.start as usize,
    };
    let moved_count = old.items.len() - moved_start;
    let fresh_count = fresh.len();
    let (mut items, old_segments) = match old {
        Cow::Owned(old) => {
            let SourceFile {
                mut items,
                segments,
                ..
            } = old;
            items.splice(kept_end..moved_start, fresh);
            (items, segments)
        }
        Cow::Borrowed(old) => {
            let mut items = Vec::with_capacity(kept_end + fresh_count + moved_count);
            items.extend_from_slice(&old.items[..kept_end]);
            items.extend(fresh);
            items.extend_from_slice(&old.items[moved_start..]);
            (items, old.segments.clone())
        }
    };
    let moved_at = kept_end + fresh_count;
    for item in &mut items[moved_at..] {
        item.shift(delta);
    }
    let mut segments = Vec::with_capacity(reuse.prefix + fresh_segments.len() + reuse.suffix);
    let mut old_segments = old_segments.into_iter();
    segments.extend(old_segments.by_ref().take(reuse.prefix));
    segments.extend(fresh_segments.into_iter().map(|mut s| {
        s.items = s.items.start + kept_end as u32..s.items.end + kept_end as u32;
        s
    }));
    let by = moved_at as i64 - moved_start as i64;
    segments.extend(
        old_segments
            .skip(old_count - reuse.prefix - reuse.suffix)
            .map(|mut s| {
                s.span.shift(delta);
                s.errors.shift(delta);
                s.items =
                    (i64::from(s.items.start) + by) as u32..(i64::from(s.items.end) + by) as u32;
                s
            }),
    );
    let origins = Origins {
        items: (0..kept_end as u32)
            .map(Some)
            .chain(std::iter::repeat_n(None, fresh_count))
            .chain((moved_start as u32..(moved_start + moved_count) as u32).map(Some))
            .collect(),
        before: kept_end,
        after: moved_count,
    };
    (items, segments, origins)
}

/// Where a file's tokens are cut into segments: at each item keyword (and
/// at the start).
struct Cut {
    /// The index of each segment's first token (a keyword but for the
    /// first segment's).
    starts: Vec<usize>,
    /// Each segment's bytes: from its keyword (the file's start for the
    /// first) to the next segment's.
    spans: Vec<Span>,
}

impl Cut {
    fn of(tokens: &[Token], text: &str) -> Cut {
        let mut starts: Vec<usize> = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind.is_keyword())
            .map(|(i, _)| i)
            .collect();
        // The first segment starts with the text: at its keyword when the
        // first significant token is one, else before what precedes the
        // first keyword (or when there is none).
        let first_significant = tokens.iter().position(is_significant);
        if first_significant.is_some() && starts.first() == first_significant.as_ref() {
            starts[0] = 0;
        } else {
            starts.insert(0, 0);
        }
        let byte_start = |i: usize| match i {
            0 => 0,
            i => tokens[starts[i]].span.start as usize,
        };
        let count = starts.len();
        let spans = (0..count)
            .map(|i| {
                let end = if i + 1 < count {
                    byte_start(i + 1)
                } else {
                    text.len()
                };
                Span::new(byte_start(i), end)
            })
            .collect();
        Cut { starts, spans }
    }

    /// Appends segment `i`'s significant tokens (what the grammar reads:
    /// comments are trivia and bad characters were already reported by the
    /// lexer) to `out`, and gives where they stand in it and where the
    /// segment's input ends: where the next keyword stands, or at the end
    /// of the text.
    fn significant(
        &self,
        i: usize,
        tokens: &[Token],
        text: &str,
        out: &mut Vec<(TokenKind, SimpleSpan)>,
    ) -> (std::ops::Range<usize>, SimpleSpan) {
        let end = self.starts.get(i + 1).copied().unwrap_or(tokens.len());
        let eoi = match tokens.get(end) {
            Some(t) => SimpleSpan::from(t.span.range()),
            None => SimpleSpan::from(text.len()..text.len()),
        };
        let from = out.len();
        out.extend(
            tokens[self.starts[i]..end]
                .iter()
                .filter(|t| is_significant(t))
                .map(|t| (t.kind, SimpleSpan::from(t.span.range()))),
        );
        (from..out.len(), eoi)
    }
}

fn is_significant(t: &Token) -> bool {
    !t.kind.is_trivia() && t.kind != TokenKind::Error
}

/// How many segments at the start, and at the end, are reused from the
/// old tree: those with the same text and the same ending (a keyword or
/// the end of the file after it). Between them lies the edit.
#[derive(Default)]
struct Reuse {
    prefix: usize,
    suffix: usize,
}

impl Reuse {
    fn of(cut: &Cut, text: &str, old_text: &str, old: &SourceFile) -> Reuse {
        let count = cut.spans.len();
        let same = |n: usize, o: usize| {
            let (a, b) = (&old.segments[o], cut.spans[n]);
            a.span.len() == b.len()
                && a.at_end == (n + 1 == count)
                && old_text[a.span.range()] == text[b.range()]
        };
        let old_count = old.segments.len();
        let (mut prefix, mut suffix) = (0, 0);
        while prefix < count.min(old_count) && same(prefix, prefix) {
            prefix += 1;
        }
        while suffix < (count - prefix).min(old_count - prefix)
            && same(count - 1 - suffix, old_count - 1 - suffix)
        {
            suffix += 1;
        }
        Reuse { prefix, suffix }
    }
}

fn convert_error(err: &Rich<'_, TokenKind, SimpleSpan>, text: &str) -> SyntaxError {
    let span = Span::new(err.span().start, err.span().end);
    let message = match err.reason() {
        RichReason::Custom(message) => message.clone(),
        RichReason::ExpectedFound { expected, found } => {
            let mut wanted: Vec<String> = Vec::new();
            for pattern in expected {
                let described = match pattern {
                    // `record` is a contextual keyword (the lexer makes it
                    // one only before a record's shape), so a message never
                    // asks for it where a name would do.
                    RichPattern::Token(t) if **t == TokenKind::Record => continue,
                    RichPattern::Token(t) => t.describe().to_string(),
                    RichPattern::Label(l) => l.to_string(),
                    RichPattern::EndOfInput => "the end of the file".to_string(),
                    RichPattern::Identifier(i) => format!("`{i}`"),
                    _ => continue,
                };
                if !wanted.contains(&described) {
                    wanted.push(described);
                }
            }
            // A segment's end of input is the next item keyword (its span);
            // only at the end of the text is it the end of the file.
            let found = match found {
                None if span.is_empty() => "the end of the file".to_string(),
                _ => format!("`{}`", shorten(&text[span.range()])),
            };
            if wanted.is_empty() {
                format!("unexpected {found}")
            } else {
                format!("expected {}, found {found}", join_or(&wanted))
            }
        }
    };
    SyntaxError::new(span, message)
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 30 {
        s.to_string()
    } else {
        let head: String = s.chars().take(29).collect();
        format!("{head}…")
    }
}

/// Attaches each run of `##` lines to the item right below it (no blank line
/// and no other token between), and returns the file's own doc: a `##` run
/// that opens the file and is followed by a blank line.
/// The file's doc comment; and the doc comment of each item of `redo`
/// (ranges of `items`), afresh.
fn attach_docs(
    text: &str,
    tokens: &[Token],
    items: &mut [Item],
    redo: impl Iterator<Item = std::ops::Range<usize>>,
) -> Option<Doc> {
    let mut file_doc = None;
    if let Some((run, after)) = doc_run_from(text, tokens, 0)
        && blank_line_between(text, run.span.end as usize, after)
    {
        file_doc = Some(run);
    }
    for i in redo.flatten() {
        let item = &mut items[i];
        item.doc = doc_run_above(text, tokens, item.span.start)
            .filter(|run| {
                file_doc
                    .as_ref()
                    .is_none_or(|d| d.span.start != run[0].span.start)
            })
            .map(|run| doc_from(text, run));
    }
    file_doc
}

/// Attaches each run of `##` lines right above a field of a record to that
/// field: the field's definition.
fn attach_field_docs(text: &str, tokens: &[Token], items: &mut [Item]) {
    for item in items.iter_mut() {
        let ItemKind::Record(record) = &mut item.kind else {
            continue;
        };
        for field in record.block.iter_mut().flat_map(|b| &mut b.properties) {
            field.doc = doc_run_above(text, tokens, field.span.start)
                .map(|run| Box::new(doc_from(text, run)));
        }
    }
}

/// The `##` lines right above offset `start` (each starting its line, no
/// blank line between them or before `start`), if any.
fn doc_run_above<'t>(text: &str, tokens: &'t [Token], start: u32) -> Option<&'t [Token]> {
    let first = tokens.partition_point(|t| t.span.start < start);
    let mut from = first;
    while from > 0
        && tokens[from - 1].kind == TokenKind::DocComment
        && starts_line(text, tokens[from - 1].span.start as usize)
        && !blank_line_between(
            text,
            tokens[from - 1].span.end as usize,
            tokens
                .get(from)
                .map_or(start as usize, |t| t.span.start as usize),
        )
    {
        from -= 1;
    }
    (from < first).then(|| &tokens[from..first])
}

/// The doc run starting at token `index`, and the offset of what follows it.
fn doc_run_from(text: &str, tokens: &[Token], index: usize) -> Option<(Doc, usize)> {
    let mut end = index;
    while end < tokens.len() && tokens[end].kind == TokenKind::DocComment {
        if end > index
            && blank_line_between(
                text,
                tokens[end - 1].span.end as usize,
                tokens[end].span.start as usize,
            )
        {
            break;
        }
        end += 1;
    }
    if end == index {
        return None;
    }
    let after = tokens
        .get(end)
        .map_or(text.len(), |t| t.span.start as usize);
    Some((doc_from(text, &tokens[index..end]), after))
}

fn doc_from(text: &str, run: &[Token]) -> Doc {
    let lines: Vec<&str> = run
        .iter()
        .map(|t| {
            let line = &text[t.span.range()];
            let line = line.strip_prefix("##").unwrap_or(line);
            line.strip_prefix(' ').unwrap_or(line).trim_end()
        })
        .collect();
    Doc {
        text: lines.join("\n"),
        span: run[0].span.cover(run[run.len() - 1].span),
    }
}

/// Whether only whitespace stands before `offset` on its line.
fn starts_line(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    text[line_start..offset].trim().is_empty()
}

/// Whether the whitespace between two offsets holds an empty line. The end
/// of the file counts as one.
fn blank_line_between(text: &str, from: usize, to: usize) -> bool {
    if to >= text.len() && text[from..].trim().is_empty() {
        return true;
    }
    crate::line_index::line_breaks(&text[from..to]) >= 2
}

#[cfg(test)]
mod tests;
