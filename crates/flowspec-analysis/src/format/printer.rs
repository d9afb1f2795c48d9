//! Writes tokens in order with the separators the layout asks for, placing
//! every comment where it stood: at the end of its line, or on a line of its
//! own (keeping one blank line where the author left one or more).

use flowspec_syntax::Span;
use flowspec_syntax::lexer::{Token, TokenKind};
use flowspec_syntax::line_index::line_breaks;

/// What comes before a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sep {
    /// The first token of the file.
    Start,
    /// Directly after the previous token.
    None,
    /// One space.
    Space,
    /// A new line at this depth.
    Line(usize),
    /// A new line, or a blank line if the author left one.
    LineOrBlank(usize),
    /// A blank line.
    Blank(usize),
    /// A closing `}` or `]` on a new line at this depth; comments before it
    /// stay one level deeper, inside.
    Close(usize),
}

const INDENT: &str = "  ";

pub(super) struct Printer<'a> {
    text: &'a str,
    tokens: &'a [Token],
    /// Index of the next token (of any kind) to write.
    next: usize,
    /// End of the last token consumed, comments included.
    prev_end: Option<usize>,
    out: String,
    depth: usize,
}

impl<'a> Printer<'a> {
    pub(super) fn new(text: &'a str, tokens: &'a [Token]) -> Printer<'a> {
        Printer {
            text,
            tokens,
            next: 0,
            prev_end: None,
            out: String::with_capacity(text.len() + text.len() / 8),
            depth: 0,
        }
    }

    pub(super) fn depth(&self) -> usize {
        self.depth
    }

    pub(super) fn indent(&mut self) {
        self.depth += 1;
    }

    pub(super) fn dedent(&mut self) {
        self.depth -= 1;
    }

    fn next_significant(&self) -> usize {
        let mut i = self.next;
        while i < self.tokens.len() && self.tokens[i].kind.is_trivia() {
            i += 1;
        }
        i
    }

    pub(super) fn next_is(&self, kind: TokenKind) -> bool {
        self.tokens
            .get(self.next_significant())
            .is_some_and(|t| t.kind == kind)
    }

    pub(super) fn has_comment_inside(&self, span: Span) -> bool {
        let from = self.tokens.partition_point(|t| t.span.start < span.start);
        self.tokens[from..]
            .iter()
            .take_while(|t| t.span.end <= span.end)
            .any(|t| t.kind.is_trivia())
    }

    /// Whether the author put a line break right after the opening `[`.
    pub(super) fn starts_new_line_after_open(&self, span: Span) -> bool {
        let open = self.tokens.partition_point(|t| t.span.start < span.start);
        match self.tokens.get(open + 1) {
            Some(next) => {
                line_breaks(&self.text[span.start as usize..next.span.start as usize]) > 0
            }
            None => false,
        }
    }

    /// Writes the next significant token, and the comments before it.
    pub(super) fn token(&mut self, sep: Sep) {
        let target = self.next_significant();
        let Some(token) = self.tokens.get(target).copied() else {
            return;
        };
        let wrote_comments = self.comments_until(target, sep);
        let sep = if wrote_comments {
            self.after_comments(sep, token.span.start as usize)
        } else {
            sep
        };
        self.separator(sep, token.span.start as usize);
        self.out.push_str(&self.text[token.span.range()]);
        self.prev_end = Some(token.span.end as usize);
        self.next = target + 1;
    }

    /// Consumes the next significant token without writing it (a trailing
    /// comma the layout drops).
    pub(super) fn skip(&mut self) {
        let target = self.next_significant();
        self.comments_until(target, Sep::None);
        if let Some(token) = self.tokens.get(target) {
            self.prev_end = Some(token.span.end as usize);
        }
        self.next = target + 1;
    }

    /// Writes text that is not in the input (a trailing comma the layout adds).
    pub(super) fn insert(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// The rest of the comments, a final newline, and the result.
    pub(super) fn finish(mut self) -> String {
        self.comments_until(self.tokens.len(), Sep::LineOrBlank(0));
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    fn blank_before(&self, offset: usize) -> bool {
        let from = self.prev_end.unwrap_or(0);
        line_breaks(&self.text[from..offset]) >= 2
    }

    /// Writes the comments before token `target`; whether there were any.
    fn comments_until(&mut self, target: usize, sep: Sep) -> bool {
        let mut wrote = false;
        // The first comment on a line of its own takes the token's place in
        // the layout (a blank line between items goes before it).
        let mut own_line_written = false;
        while self.next < target {
            let comment = self.tokens[self.next];
            let start = comment.span.start as usize;
            let same_line = self
                .prev_end
                .is_some_and(|end| line_breaks(&self.text[end..start]) == 0);
            if same_line {
                self.out.push(' ');
            } else {
                let indent = match sep {
                    Sep::Start | Sep::None | Sep::Space => self.depth + 1,
                    Sep::Line(i) | Sep::LineOrBlank(i) | Sep::Blank(i) => i,
                    Sep::Close(i) => i + 1,
                };
                let indent = if matches!(sep, Sep::Start) { 0 } else { indent };
                let blank = self.blank_before(start);
                let line_sep = match (own_line_written, sep) {
                    (false, Sep::Start) if self.out.is_empty() => Sep::Start,
                    (false, Sep::Blank(_)) => Sep::Blank(indent),
                    (_, _) if blank => Sep::Blank(indent),
                    _ => Sep::Line(indent),
                };
                self.separator(line_sep, start);
                own_line_written = true;
            }
            self.out
                .push_str(self.text[comment.span.range()].trim_end());
            self.prev_end = Some(comment.span.end as usize);
            self.next += 1;
            wrote = true;
        }
        wrote
    }

    /// A token after comments starts a line of its own.
    fn after_comments(&self, sep: Sep, start: usize) -> Sep {
        match sep {
            Sep::None | Sep::Space => Sep::Line(self.depth + 1),
            Sep::Close(i) => Sep::Line(i),
            Sep::Start => Sep::LineOrBlank(0),
            Sep::Line(i) | Sep::LineOrBlank(i) | Sep::Blank(i) => {
                if self.blank_before(start) {
                    Sep::Blank(i)
                } else {
                    Sep::Line(i)
                }
            }
        }
    }

    fn separator(&mut self, sep: Sep, start: usize) {
        let (newlines, indent) = match sep {
            Sep::Start | Sep::None => return,
            Sep::Space => {
                self.out.push(' ');
                return;
            }
            Sep::Line(i) | Sep::Close(i) => (1, i),
            Sep::Blank(i) => (2, i),
            Sep::LineOrBlank(i) => (if self.blank_before(start) { 2 } else { 1 }, i),
        };
        if self.out.is_empty() {
            // Nothing above: no blank lines at the top of the file.
        } else {
            for _ in 0..newlines {
                self.out.push('\n');
            }
        }
        for _ in 0..indent {
            self.out.push_str(INDENT);
        }
    }
}
