//! The syntax tree. Every node keeps its byte span; names and literals keep
//! their text, so later layers never re-read the source to know a value.
//!
//! The tree is deliberately shallow: a file is a list of items, an item has at
//! most one block, and a property's block holds plain properties (the nested
//! blocks the language uses are `transform { … }` and a tool's
//! `keeps record { … }`). No recursion means no stack to overflow on hostile
//! input.

use smol_str::SmolStr;

use crate::error::SyntaxError;
use crate::lexer::Token;
use crate::span::Span;

/// One parsed `.flow` file. Always produced, whatever the input.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    pub items: Vec<Item>,
    /// A `##` block at the top of the file followed by a blank line.
    pub doc: Option<Doc>,
    /// Every token, comments included, in order.
    pub tokens: Vec<Token>,
    /// Lexical and syntax errors, in source order.
    pub errors: Vec<SyntaxError>,
    /// The lexer's errors alone (also in `errors`), kept so that an edit
    /// lexes again only the lines it touched.
    pub lexical: Vec<SyntaxError>,
    /// How the file was parsed: in segments that start at item keywords,
    /// which an edit re-parses only where it changed them.
    pub segments: Vec<Segment>,
}

/// A stretch of the file from one item keyword to the next (the first from
/// the start of the file), parsed on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub span: Span,
    /// Whether the end of the file follows it (rather than a keyword).
    pub at_end: bool,
    /// Its items, as indices into [`SourceFile::items`].
    pub items: std::ops::Range<u32>,
    /// The syntax errors its parse reported (not the lexer's).
    pub errors: Vec<SyntaxError>,
}

/// A name as written: an identifier and its span.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name {
    pub text: SmolStr,
    pub span: Span,
}

/// A string literal: its decoded value and the span of the quoted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    pub value: SmolStr,
    pub span: Span,
}

/// Doc comment lines (`## …`), joined with newlines, markers removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kind: ItemKind,
    /// From the item's first token to its last (doc comments excluded).
    pub span: Span,
    pub doc: Option<Doc>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    Tool(Decl),
    Role(Decl),
    Flow(Flow),
    /// `record NAME [STRING] [{ field: type … }]`: its block's properties
    /// are its fields.
    Record(Decl),
    /// Tokens that could not be read as an item; the error is in
    /// [`SourceFile::errors`].
    Error,
}

/// `tool`, `role` or `record`: `KEYWORD NAME [STRING] [BLOCK]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Decl {
    pub keyword: Span,
    pub name: Name,
    /// The string after the name: shorthand for `name:`.
    pub label: Option<Str>,
    pub block: Option<Block>,
}

/// A named flow (`flow NAME: chain …`) or a bare one (`chain …`).
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// The `flow` keyword; `None` for a bare (anonymous) flow.
    pub keyword: Option<Span>,
    pub name: Option<Name>,
    pub chain: Chain,
    /// Shorthand answers after the chain (`monthly batch ~500 forms/day`).
    pub words: Vec<Atom>,
    pub block: Option<Block>,
}

impl Flow {
    /// From `flow` (or the first step) to the end of the chain: where
    /// diagnostics about the flow as a whole go.
    pub fn header_span(&self) -> Span {
        let start = self.keyword.unwrap_or(self.chain.span);
        start.cover(self.chain.span)
    }

    /// The flow's name, or its chain (`commcare -> excel -> dhis2`) when it
    /// has none: how outlines and messages refer to it.
    pub fn display_name(&self) -> String {
        match &self.name {
            Some(name) => name.text.to_string(),
            None => self.chain.display(),
        }
    }
}

/// `a -> b -> c`.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    pub steps: Vec<Name>,
    pub arrows: Vec<Span>,
    pub span: Span,
}

impl Chain {
    pub fn display(&self) -> String {
        let names: Vec<&str> = self.steps.iter().map(|s| s.text.as_str()).collect();
        names.join(" -> ")
    }
}

/// `{ property … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// From `{` to `}` (or to the last token read, if it is not closed).
    pub span: Span,
    pub open: Span,
    /// `None` when the block is not closed (an error says so).
    pub close: Option<Span>,
    pub properties: Vec<Property>,
}

/// `key: value`, `key { … }`, or `keeps record { … }` in a tool.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub key: Name,
    pub value: PropertyValue,
    pub span: Span,
    /// The `##` lines right above a field of a record (its definition);
    /// `None` for every other property. Boxed, as `Keeps` below: rare, and
    /// every property of a workspace would otherwise hold room for it.
    pub doc: Option<Box<Doc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PropertyValue {
    Value(Value),
    /// A nested block; its properties hold values only.
    Block(Block),
    /// `keeps record { … }` or `owns record { … }` (the key is `keeps` or
    /// `owns`): how a tool keeps a record.
    Keeps(Box<Keeps>),
    /// `key:` with nothing after it (an error says so). The span is empty,
    /// just after the colon.
    Missing(Span),
}

impl PropertyValue {
    pub fn span(&self) -> Span {
        match self {
            PropertyValue::Value(v) => v.span(),
            PropertyValue::Block(b) => b.span,
            PropertyValue::Keeps(k) => k.span(),
            PropertyValue::Missing(s) => *s,
        }
    }
}

/// The record a tool keeps, and its fields as that tool keeps them.
#[derive(Debug, Clone, PartialEq)]
pub struct Keeps {
    pub record: Name,
    /// Its properties are fields (`visit_date: "MM/DD/YYYY"`).
    pub block: Option<Block>,
}

impl Keeps {
    pub fn span(&self) -> Span {
        match &self.block {
            Some(b) => self.record.span.cover(b.span),
            None => self.record.span,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Atoms(Atoms),
    List(List),
    /// Words and lists in a row, in a nested block or a record:
    /// `choice ["a", "b"] required`, `gender ["1" -> "female"]`. A value
    /// that fits [`Value::Atoms`] or [`Value::List`] is always read as one.
    Terms(Terms),
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Atoms(a) => a.span,
            Value::List(l) => l.span,
            Value::Terms(t) => t.span,
        }
    }
}

/// A value of words, lists and arrows in a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Terms {
    pub terms: Vec<Term>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Atom(Atom),
    List(List),
    Arrow(Span),
}

impl Term {
    pub fn span(&self) -> Span {
        match self {
            Term::Atom(a) => a.span,
            Term::List(l) => l.span,
            Term::Arrow(s) => *s,
        }
    }
}

/// `atoms [-> atoms]`: `batch "why"`, `~12000 records/month`, `"A" -> "B"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Atoms {
    pub atoms: Vec<Atom>,
    pub mapping: Option<Mapping>,
    pub span: Span,
}

/// The `-> atoms` half of a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    pub arrow: Span,
    pub atoms: Vec<Atom>,
}

/// `[value, value, …]`. Lists do not nest.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub items: Vec<Atoms>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Atom {
    pub kind: AtomKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AtomKind {
    Ident(SmolStr),
    Str(SmolStr),
    Number(Number),
    Slash,
    Tilde,
    Lt,
}

impl AtomKind {
    pub fn as_ident(&self) -> Option<&str> {
        match self {
            AtomKind::Ident(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            AtomKind::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<Number> {
        match self {
            AtomKind::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// A number with its `k`/`M` suffix applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Written without a fraction or suffix (`12`, `12_000`), so it can
    /// count things like `every 2 hours`.
    pub is_plain_integer: bool,
}

impl Number {
    pub fn parse(raw: &str) -> Number {
        let (digits, factor) = match raw.as_bytes().last() {
            Some(b'k') => (&raw[..raw.len() - 1], 1_000.0),
            Some(b'M') => (&raw[..raw.len() - 1], 1_000_000.0),
            _ => (raw, 1.0),
        };
        let clean: String = digits.chars().filter(|c| *c != '_').collect();
        let value = clean.parse::<f64>().unwrap_or(0.0) * factor;
        Number {
            value,
            is_plain_integer: factor == 1.0 && !clean.contains('.'),
        }
    }
}

impl SourceFile {
    pub fn tools(&self) -> impl Iterator<Item = &Decl> {
        self.items.iter().filter_map(|i| match &i.kind {
            ItemKind::Tool(d) => Some(d),
            _ => None,
        })
    }

    pub fn flows(&self) -> impl Iterator<Item = &Flow> {
        self.items.iter().filter_map(|i| match &i.kind {
            ItemKind::Flow(f) => Some(f),
            _ => None,
        })
    }

    pub fn records(&self) -> impl Iterator<Item = &Decl> {
        self.items.iter().filter_map(|i| match &i.kind {
            ItemKind::Record(d) => Some(d),
            _ => None,
        })
    }
}

impl Value {
    /// The value as terms in a row, whatever its shape: for the readers of
    /// fields and mapping lines, which take words, lists and arrows alike.
    pub fn terms(&self) -> Vec<TermRef<'_>> {
        match self {
            Value::Atoms(a) => {
                let mut out: Vec<TermRef<'_>> = a.atoms.iter().map(TermRef::Atom).collect();
                if let Some(m) = &a.mapping {
                    out.push(TermRef::Arrow(m.arrow));
                    out.extend(m.atoms.iter().map(TermRef::Atom));
                }
                out
            }
            Value::List(l) => vec![TermRef::List(l)],
            Value::Terms(t) => t
                .terms
                .iter()
                .map(|t| match t {
                    Term::Atom(a) => TermRef::Atom(a),
                    Term::List(l) => TermRef::List(l),
                    Term::Arrow(s) => TermRef::Arrow(*s),
                })
                .collect(),
        }
    }
}

/// A borrowed [`Term`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TermRef<'a> {
    Atom(&'a Atom),
    List(&'a List),
    Arrow(Span),
}

impl TermRef<'_> {
    pub fn span(&self) -> Span {
        match self {
            TermRef::Atom(a) => a.span,
            TermRef::List(l) => l.span,
            TermRef::Arrow(s) => *s,
        }
    }
}
