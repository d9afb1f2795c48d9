//! The canonical layout of a `.flow` file.
//!
//! The formatter walks the syntax tree to decide the layout and takes the
//! tokens from the token stream in order, comments included, so it cannot
//! skip one. It then checks its own output: the same tokens in the same
//! order (a trailing comma in a list excepted), the same comments, the same
//! doc comments on the same items. If anything differs it refuses rather
//! than change what the file says.

mod printer;
mod verify;

use std::fmt;

use flowspec_syntax::ast::{
    Atom, AtomKind, Atoms, Block, Decl, Flow, ItemKind, List, PropertyValue, SourceFile, Value,
};
use flowspec_syntax::lexer::TokenKind;
use flowspec_syntax::line_index::LineEnding;
use flowspec_syntax::{LineIndex, SyntaxError};

use printer::{Printer, Sep};

/// Why a file was not formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The file has syntax errors: formatting it could lose what the parser
    /// could not read.
    Syntax {
        count: usize,
        first: SyntaxError,
        line: u32,
        column: u32,
    },
    /// The formatter's output would not say the same as the input (a bug).
    Internal(String),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Syntax {
                count,
                first,
                line,
                column,
            } => {
                let more = match count {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                write!(
                    f,
                    "not formatted: it has a syntax error at {line}:{column}: {}{more}; fix it first (`flowspec check` shows all)",
                    first.message
                )
            }
            FormatError::Internal(why) => write!(
                f,
                "not formatted: the formatter would have changed the design ({why}); the file is left as it is. Please report this"
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// Formats a whole file.
pub fn format(text: &str) -> Result<String, FormatError> {
    let tree = flowspec_syntax::parse(text);
    format_tree(text, &tree)
}

/// Formats a file already parsed.
pub fn format_tree(text: &str, tree: &SourceFile) -> Result<String, FormatError> {
    // Every `syntax` diagnostic refuses, the parser's and the analysis's
    // (a forgotten colon read as part of a value): what such a line means
    // depends on where its line breaks are, which formatting moves.
    let errors = syntax_errors(text, tree);
    if let Some(first) = errors.first() {
        let pos = LineIndex::new(text).line_col(
            text,
            first.span.start as usize,
            flowspec_syntax::line_index::Encoding::Utf32,
        );
        return Err(FormatError::Syntax {
            count: errors.len(),
            first: first.clone(),
            line: pos.line + 1,
            column: pos.col + 1,
        });
    }
    let mut p = Printer::new(text, &tree.tokens);
    for (i, item) in tree.items.iter().enumerate() {
        let sep = if i == 0 { Sep::Start } else { Sep::Blank(0) };
        match &item.kind {
            ItemKind::Tool(d) | ItemKind::Role(d) => decl(&mut p, d, sep),
            ItemKind::Flow(f) => flow(&mut p, f, sep),
            ItemKind::Error => {
                return Err(FormatError::Internal("an unreadable item".into()));
            }
        }
    }
    let out = p.finish();
    // The file's own line ending (no string or comment holds a line break).
    let out = match LineEnding::of(text) {
        LineEnding::Lf => out,
        ending => out.replace('\n', ending.as_str()),
    };
    verify::same_meaning(text, tree, &out).map_err(FormatError::Internal)?;
    Ok(out)
}

/// The parser's errors, then the analysis's `syntax` diagnostics, in
/// source order.
fn syntax_errors(text: &str, tree: &SourceFile) -> Vec<SyntaxError> {
    let mut errors = tree.errors.clone();
    let model = crate::lower::lower(crate::FileId(u32::MAX), text, tree);
    errors.extend(
        model
            .diagnostics
            .into_iter()
            .filter(|d| d.code == crate::Code::Syntax)
            .filter(|d| !tree.errors.iter().any(|e| e.span == d.span))
            .map(|d| SyntaxError {
                span: d.span,
                message: d.message,
            }),
    );
    errors.sort_by_key(|e| e.span.start);
    errors
}

fn decl(p: &mut Printer, d: &Decl, sep: Sep) {
    p.token(sep); // tool / role
    p.token(Sep::Space); // name
    if d.label.is_some() {
        p.token(Sep::Space);
    }
    if let Some(b) = &d.block {
        block(p, b);
    }
}

fn flow(p: &mut Printer, f: &Flow, sep: Sep) {
    let mut first_step_sep = sep;
    if f.keyword.is_some() {
        p.token(sep); // flow
        p.token(Sep::Space); // name
        p.token(Sep::None); // :
        first_step_sep = Sep::Space;
    }
    p.token(first_step_sep);
    for _ in &f.chain.arrows {
        p.token(Sep::Space); // ->
        p.token(Sep::Space); // step
    }
    atoms(p, &f.words, Sep::Space);
    if let Some(b) = &f.block {
        block(p, b);
    }
}

fn block(p: &mut Printer, b: &Block) {
    p.token(Sep::Space); // {
    p.indent();
    for (i, prop) in b.properties.iter().enumerate() {
        let sep = if i == 0 {
            Sep::Line(p.depth())
        } else {
            Sep::LineOrBlank(p.depth())
        };
        p.token(sep); // key
        match &prop.value {
            PropertyValue::Block(inner) => block(p, inner),
            PropertyValue::Value(v) => {
                p.token(Sep::None); // :
                value(p, v);
            }
            PropertyValue::Missing(_) => p.token(Sep::None),
        }
    }
    p.dedent();
    // `{}` stays on one line; a block holding only comments closes on a
    // line of its own, like any other (its comments stay inside).
    if b.properties.is_empty() && !p.has_comment_inside(b.span) {
        p.token(Sep::None);
    } else {
        p.token(Sep::Close(p.depth()));
    }
}

fn value(p: &mut Printer, v: &Value) {
    match v {
        Value::Atoms(a) => mapping(p, a, Sep::Space),
        Value::List(l) => list(p, l),
    }
}

/// `atoms [-> atoms]`.
fn mapping(p: &mut Printer, a: &Atoms, first: Sep) {
    atoms(p, &a.atoms, first);
    if let Some(m) = &a.mapping {
        p.token(Sep::Space); // ->
        atoms(p, &m.atoms, Sep::Space);
    }
}

/// Words with single spaces, except `records/month` and `~12000`.
fn atoms(p: &mut Printer, atoms: &[Atom], first: Sep) {
    let mut prev: Option<&AtomKind> = None;
    for atom in atoms {
        let sep = match (prev, &atom.kind) {
            (None, _) => first,
            (Some(AtomKind::Tilde | AtomKind::Lt | AtomKind::Slash), _) => Sep::None,
            (Some(_), AtomKind::Slash) => Sep::None,
            _ => Sep::Space,
        };
        p.token(sep);
        prev = Some(&atom.kind);
    }
}

/// One line, or one item per line when the list holds a comment or was
/// written with its first item on a new line.
fn list(p: &mut Printer, l: &List) {
    let multiline = p.has_comment_inside(l.span) || p.starts_new_line_after_open(l.span);
    p.token(Sep::Space); // [
    if multiline {
        p.indent();
    }
    for (i, item) in l.items.iter().enumerate() {
        let first = match (multiline, i) {
            (true, _) => Sep::Line(p.depth()),
            (false, 0) => Sep::None,
            (false, _) => Sep::Space,
        };
        mapping(p, item, first);
        let last = i + 1 == l.items.len();
        if p.next_is(TokenKind::Comma) {
            if last && !multiline {
                p.skip(); // no trailing comma on one line
            } else {
                p.token(Sep::None);
            }
        } else if last && multiline {
            p.insert(",");
        }
    }
    if multiline {
        p.dedent();
        p.token(Sep::Close(p.depth()));
    } else {
        p.token(Sep::None);
    }
}

#[cfg(test)]
mod tests;
