//! Semantic tokens: what each token of a file means where it stands, for
//! highlighting that goes beyond what the TextMate grammar can see on one
//! line: whether a chain step names a tool, a catalog tool, a role (a
//! person) or nothing; which keys answer one of the design questions;
//! which value words mean something after their key; which `##` lines
//! really document an item.
//!
//! Every token comes from the lexer, in order, so the result never overlaps
//! and works on any text: identifiers are classified from the tree and left
//! out where the tree gives them no meaning (inside a broken item, or a
//! value word its key does not take); keywords, strings, numbers, comments
//! and operators come from the lexer alone.

use flowspec_syntax::Span;
use flowspec_syntax::ast::{
    Atom, AtomKind, Atoms, Block, Decl, Flow, ItemKind, Property, PropertyValue, Term, TermRef,
    Value,
};
use flowspec_syntax::lexer::TokenKind;

use crate::catalog::{catalog, is_known_adaptor};
use crate::model::{DeclKind, OpenWord, Status};
use crate::records::format::NAMED;
use crate::records::{MAPPING_WORDS, MARKS, TYPES};
use crate::schema::{Category, ItemType, ToolKind};
use crate::values::{
    Calendar, EveryUnit, LEAD_WORDS, Period, STANDING_WORDS, TimingKind, VolumeUnit,
};
use crate::{FileData, Resolution, Workspace};

/// What a token is. The language server maps each to a standard token type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SemanticKind {
    /// `tool`, `role`, `flow`; and `every`, `cron` in a frequency.
    Keyword,
    /// A tool: its declaration's name, or a step that resolves to one (a
    /// declared tool or a catalog tool).
    Tool,
    /// A role (a person or team): its declaration's name, or a step that
    /// resolves to one.
    Role,
    /// A flow's name.
    Flow,
    /// A step that names no declaration and no catalog tool.
    UnresolvedStep,
    /// A property's key.
    Property,
    /// A value word that means something after its key: `monthly`, `batch`,
    /// units and periods, tool kinds, `current`, `none`, `unknown`, …
    Value,
    String,
    Number,
    Comment,
    /// `->`, `~`, `<`, `/`, and `per` in a volume.
    Operator,
    /// A record: its declaration's name, a field type naming it, a tool's
    /// `keeps` of it, a flow's `data:` naming it.
    Record,
}

impl SemanticKind {
    /// Every kind, in a fixed order (the server's legend follows it).
    pub const ALL: [SemanticKind; 12] = [
        SemanticKind::Keyword,
        SemanticKind::Tool,
        SemanticKind::Role,
        SemanticKind::Flow,
        SemanticKind::UnresolvedStep,
        SemanticKind::Property,
        SemanticKind::Value,
        SemanticKind::String,
        SemanticKind::Number,
        SemanticKind::Comment,
        SemanticKind::Operator,
        SemanticKind::Record,
    ];
}

/// A set of [`Modifiers`] flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Modifiers(u8);

impl Modifiers {
    pub const NONE: Modifiers = Modifiers(0);
    /// Where a tool, role or flow is declared (its name after the keyword).
    pub const DECLARATION: Modifiers = Modifiers(1);
    /// A `##` doc comment that documents an item or the file.
    pub const DOCUMENTATION: Modifiers = Modifiers(1 << 1);
    /// A tool of the built-in catalog (named in a step, or refined by a
    /// declaration).
    pub const CATALOG: Modifiers = Modifiers(1 << 2);
    /// A flow key that answers one of the design questions (`data`,
    /// `transform`, `timing`, `frequency`, `volume`).
    pub const CATEGORY: Modifiers = Modifiers(1 << 3);
    /// `unknown` or `tbd`: an answer that is an open question.
    pub const OPEN_QUESTION: Modifiers = Modifiers(1 << 4);

    /// Every single flag, in a fixed order (the server's legend follows it).
    pub const ALL: [Modifiers; 5] = [
        Modifiers::DECLARATION,
        Modifiers::DOCUMENTATION,
        Modifiers::CATALOG,
        Modifiers::CATEGORY,
        Modifiers::OPEN_QUESTION,
    ];

    pub fn contains(self, other: Modifiers) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The flags of `self` that are in [`Modifiers::ALL`], by their index there.
    pub fn indices(self) -> impl Iterator<Item = usize> {
        Modifiers::ALL
            .into_iter()
            .enumerate()
            .filter(move |(_, m)| self.contains(*m))
            .map(|(i, _)| i)
    }
}

impl std::ops::BitOr for Modifiers {
    type Output = Modifiers;

    fn bitor(self, rhs: Modifiers) -> Modifiers {
        Modifiers(self.0 | rhs.0)
    }
}

/// One token: where it is (bytes, never across a line: the lexer makes no
/// token that spans lines) and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SemanticToken {
    pub span: Span,
    pub kind: SemanticKind,
    pub modifiers: Modifiers,
}

/// The semantic tokens of a file of `workspace`, in source order, never
/// overlapping. Chain steps are resolved across the whole workspace.
pub fn semantic_tokens(workspace: &Workspace, file: &FileData) -> Vec<SemanticToken> {
    semantic_tokens_in(workspace, file, Span::new(0, file.text.len()))
}

/// The semantic tokens of `file` after an edit, from `previous`, the
/// tokens of the version it was edited from ([`FileData::edit`]): kept
/// where the edit kept the text and its items as they were (moved by the
/// edit's change in length after it), found afresh between. The caller
/// knows that no name changed meaning in between
/// ([`Workspace::names_epoch`]). Equals [`semantic_tokens`].
pub fn semantic_tokens_after_edit(
    workspace: &Workspace,
    file: &FileData,
    previous: &[SemanticToken],
) -> Vec<SemanticToken> {
    let Some(edit) = file.edit else {
        return semantic_tokens(workspace, file);
    };
    // Kept before: the tokens up to where the last item kept in place
    // ends; after: from where the first item kept at the end starts (its
    // doc comment, before it, is found afresh: what it documents may have
    // changed).
    let kept = previous.partition_point(|t| t.span.end <= edit.before);
    let old_after = (i64::from(edit.after) - edit.delta) as u32;
    let moved = previous.partition_point(|t| t.span.start < old_after);
    let middle = semantic_tokens_in(
        workspace,
        file,
        Span::new(edit.before as usize, edit.after as usize),
    );
    let mut out = Vec::with_capacity(kept + middle.len() + previous.len() - moved);
    out.extend_from_slice(&previous[..kept]);
    out.extend(middle);
    out.extend(previous[moved..].iter().map(|t| {
        let mut t = *t;
        t.span.start = (i64::from(t.span.start) + edit.delta) as u32;
        t.span.end = (i64::from(t.span.end) + edit.delta) as u32;
        t
    }));
    out
}

/// The semantic tokens that lie inside `range`.
pub fn semantic_tokens_in(
    workspace: &Workspace,
    file: &FileData,
    range: Span,
) -> Vec<SemanticToken> {
    let mut names = Names {
        workspace,
        out: Vec::new(),
    };
    let items = &file.tree.items;
    let first = items.partition_point(|i| i.span.end < range.start);
    for item in items[first..]
        .iter()
        .take_while(|i| i.span.start <= range.end)
    {
        match &item.kind {
            ItemKind::Tool(decl) => names.decl(decl, DeclKind::Tool),
            ItemKind::Role(decl) => names.decl(decl, DeclKind::Role),
            ItemKind::Flow(flow) => names.flow(flow),
            ItemKind::Record(decl) => names.record(decl),
            ItemKind::Error => {}
        }
    }
    let mut names = names.out;
    names.sort_by_key(|(span, _, _)| span.start);

    // The `##` lines that document something: the file's own doc and the
    // items' docs. A `##` run that documents nothing is a plain comment.
    let mut docs: Vec<Span> = file
        .tree
        .doc
        .iter()
        .map(|d| d.span)
        .chain(
            file.tree
                .items
                .iter()
                .filter_map(|i| Some(i.doc.as_ref()?.span)),
        )
        .chain(file.tree.records().flat_map(|r| {
            r.block
                .iter()
                .flat_map(|b| &b.properties)
                .filter_map(|f| Some(f.doc.as_ref()?.span))
        }))
        .collect();
    docs.sort();

    let tokens = &file.tree.tokens;
    let first = tokens.partition_point(|t| t.span.start < range.start);
    let mut out = Vec::with_capacity(tokens.len() - first);
    for token in tokens[first..]
        .iter()
        .take_while(|t| t.span.end <= range.end)
    {
        let (kind, modifiers) = match token.kind {
            TokenKind::Tool | TokenKind::Role | TokenKind::Flow | TokenKind::Record => {
                (SemanticKind::Keyword, Modifiers::NONE)
            }
            TokenKind::Ident => {
                let Ok(i) = names.binary_search_by_key(&token.span.start, |(s, _, _)| s.start)
                else {
                    continue;
                };
                let (span, kind, modifiers) = names[i];
                if span != token.span {
                    continue;
                }
                (kind, modifiers)
            }
            TokenKind::Number => (SemanticKind::Number, Modifiers::NONE),
            TokenKind::String | TokenKind::UnterminatedString => {
                (SemanticKind::String, Modifiers::NONE)
            }
            TokenKind::Arrow | TokenKind::Slash | TokenKind::Tilde | TokenKind::Lt => {
                (SemanticKind::Operator, Modifiers::NONE)
            }
            TokenKind::Comment => (SemanticKind::Comment, Modifiers::NONE),
            TokenKind::DocComment => {
                let i = docs.partition_point(|d| d.end < token.span.end);
                let documents = docs.get(i).is_some_and(|d| d.contains_span(token.span));
                let modifiers = if documents {
                    Modifiers::DOCUMENTATION
                } else {
                    Modifiers::NONE
                };
                (SemanticKind::Comment, modifiers)
            }
            TokenKind::Colon
            | TokenKind::LBrace
            | TokenKind::RBrace
            | TokenKind::LBracket
            | TokenKind::RBracket
            | TokenKind::Comma
            | TokenKind::Error => continue,
        };
        if token.span.is_empty() {
            continue;
        }
        out.push(SemanticToken {
            span: token.span,
            kind,
            modifiers,
        });
    }
    out
}

/// Which words a value may hold, by the key it follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vocabulary {
    /// Free text (names, notes, transform fields): no word means anything.
    Free,
    ToolKind,
    Adaptor,
    Status,
    /// A question's answer (`unknown` and `tbd` allowed), with the words of
    /// that question.
    Answer(Category),
    /// Shorthand words after a chain: timing, frequency and volume words.
    Shorthand,
    /// A record's field: types, named formats and marks.
    Field,
    /// A tool's kept field: `as`, `none`, named formats.
    Kept,
    /// A line of a flow's transform block: the words that start a kind of
    /// mapping (`const`, `lookup`, `sum`, …).
    Mapping,
    /// A discovery property (`auth`, `limits`, …): its vocabulary's words,
    /// `none` where it is a word of that key, `unknown` and `tbd`.
    Discovery(&'static str),
}

impl Vocabulary {
    fn of(item: ItemType, key: &str) -> Vocabulary {
        match (item, key) {
            (ItemType::Tool, "kind") => Vocabulary::ToolKind,
            (ItemType::Tool, "adaptor") => Vocabulary::Adaptor,
            (ItemType::Flow, "status") => Vocabulary::Status,
            (item, key) if item.property(key).is_some_and(|p| p.is_discovery()) => {
                Vocabulary::Discovery(item.property(key).map_or("", |p| p.key))
            }
            (ItemType::Flow, key) => {
                Category::from_key(key).map_or(Vocabulary::Free, Vocabulary::Answer)
            }
            _ => Vocabulary::Free,
        }
    }

    /// What `word` is in this place, if it means anything.
    fn classify(self, word: &str) -> Option<(SemanticKind, Modifiers)> {
        let value = (SemanticKind::Value, Modifiers::NONE);
        match self {
            Vocabulary::Free => None,
            Vocabulary::ToolKind => ToolKind::parse(word).map(|_| value),
            Vocabulary::Adaptor => is_known_adaptor(word).then_some(value),
            Vocabulary::Status => Status::parse(word).is_some().then_some(value),
            Vocabulary::Answer(category) => {
                if OpenWord::parse(word).is_some() {
                    return Some((SemanticKind::Value, Modifiers::OPEN_QUESTION));
                }
                match category {
                    Category::Transform => (word == "none").then_some(value),
                    Category::Timing => timing_word(word),
                    Category::Frequency => frequency_word(word),
                    Category::Volume => volume_word(word),
                    Category::Tools | Category::Data => None,
                }
            }
            Vocabulary::Discovery(key) => {
                if OpenWord::parse(word).is_some() {
                    return Some((SemanticKind::Value, Modifiers::OPEN_QUESTION));
                }
                let vocabulary = crate::discovery::describe_word(key, word).is_some();
                let other = match key {
                    "limits" => {
                        matches!(word, "none" | "page" | "per")
                            || crate::discovery::LIMIT_PERIODS
                                .iter()
                                .any(|p| p.as_str() == word)
                            || VolumeUnit::parse(word).is_some()
                    }
                    "notify" => word == "none",
                    _ => false,
                };
                (vocabulary || other).then_some(value)
            }
            Vocabulary::Shorthand => timing_word(word)
                .or_else(|| frequency_word(word))
                .or_else(|| volume_word(word)),
            Vocabulary::Field => (TYPES.contains(&word)
                || MARKS.contains(&word)
                || NAMED.iter().any(|(n, _)| *n == word))
            .then_some(value),
            Vocabulary::Kept => match word {
                "as" => Some((SemanticKind::Keyword, Modifiers::NONE)),
                "none" => Some(value),
                _ => NAMED.iter().any(|(n, _)| *n == word).then_some(value),
            },
            Vocabulary::Mapping => MAPPING_WORDS
                .contains(&word)
                .then_some((SemanticKind::Keyword, Modifiers::NONE)),
        }
    }
}

fn timing_word(word: &str) -> Option<(SemanticKind, Modifiers)> {
    TimingKind::parse(word).map(|_| (SemanticKind::Value, Modifiers::NONE))
}

fn frequency_word(word: &str) -> Option<(SemanticKind, Modifiers)> {
    let value = (SemanticKind::Value, Modifiers::NONE);
    if LEAD_WORDS.contains(&word) {
        return Some((SemanticKind::Keyword, Modifiers::NONE));
    }
    let calendar = Calendar::ALL.iter().any(|c| c.as_str() == word);
    let unit = EveryUnit::ALL
        .iter()
        .any(|u| u.plural() == word || u.singular() == word);
    (calendar || unit || STANDING_WORDS.contains(&word)).then_some(value)
}

fn volume_word(word: &str) -> Option<(SemanticKind, Modifiers)> {
    if word == "per" {
        return Some((SemanticKind::Operator, Modifiers::NONE));
    }
    (VolumeUnit::parse(word).is_some() || Period::parse(word).is_some())
        .then_some((SemanticKind::Value, Modifiers::NONE))
}

/// Collects the classified identifiers of the tree.
struct Names<'a> {
    workspace: &'a Workspace,
    out: Vec<(Span, SemanticKind, Modifiers)>,
}

impl Names<'_> {
    fn push(&mut self, span: Span, kind: SemanticKind, modifiers: Modifiers) {
        self.out.push((span, kind, modifiers));
    }

    fn decl(&mut self, decl: &Decl, kind: DeclKind) {
        let (semantic, item) = match kind {
            DeclKind::Tool => (SemanticKind::Tool, ItemType::Tool),
            DeclKind::Role => (SemanticKind::Role, ItemType::Role),
        };
        let mut modifiers = Modifiers::DECLARATION;
        if kind == DeclKind::Tool && catalog().get(&decl.name.text).is_some() {
            modifiers = modifiers | Modifiers::CATALOG;
        }
        self.push(decl.name.span, semantic, modifiers);
        if let Some(block) = &decl.block {
            self.block(block, item);
        }
    }

    fn flow(&mut self, flow: &Flow) {
        if let Some(name) = &flow.name {
            self.push(name.span, SemanticKind::Flow, Modifiers::DECLARATION);
        }
        for step in &flow.chain.steps {
            let (kind, modifiers) = match self.workspace.resolve(&step.text) {
                Resolution::Declared { decl, catalog, .. } => match decl.kind {
                    DeclKind::Tool if catalog.is_some() => (SemanticKind::Tool, Modifiers::CATALOG),
                    DeclKind::Tool => (SemanticKind::Tool, Modifiers::NONE),
                    DeclKind::Role => (SemanticKind::Role, Modifiers::NONE),
                },
                Resolution::Catalog(_) => (SemanticKind::Tool, Modifiers::CATALOG),
                Resolution::Unknown => (SemanticKind::UnresolvedStep, Modifiers::NONE),
            };
            self.push(step.span, kind, modifiers);
        }
        self.atoms(&flow.words, Vocabulary::Shorthand);
        if let Some(block) = &flow.block {
            self.block(block, ItemType::Flow);
        }
    }

    fn block(&mut self, block: &Block, item: ItemType) {
        for property in &block.properties {
            self.property(property, item);
        }
    }

    fn property(&mut self, property: &Property, item: ItemType) {
        let key = property.key.text.as_str();
        let category = item == ItemType::Flow && Category::from_key(key).is_some();
        let modifiers = if category {
            Modifiers::CATEGORY
        } else {
            Modifiers::NONE
        };
        let key_kind = if matches!(property.value, PropertyValue::Keeps(_)) {
            SemanticKind::Keyword
        } else {
            SemanticKind::Property
        };
        self.push(property.key.span, key_kind, modifiers);
        match &property.value {
            PropertyValue::Value(value) => self.value(value, Vocabulary::of(item, key)),
            // A nested block (`transform { … }`) holds free fields, or a
            // mapping's lines.
            PropertyValue::Block(block) => {
                let inner_vocabulary = if item == ItemType::Flow && key == "transform" {
                    Vocabulary::Mapping
                } else {
                    Vocabulary::Free
                };
                for inner in &block.properties {
                    self.push(inner.key.span, SemanticKind::Property, Modifiers::NONE);
                    if let PropertyValue::Value(value) = &inner.value {
                        self.value(value, inner_vocabulary);
                    }
                }
            }
            PropertyValue::Keeps(keeps) => {
                self.push(keeps.record.span, SemanticKind::Record, Modifiers::NONE);
                for inner in keeps.block.iter().flat_map(|b| &b.properties) {
                    self.push(inner.key.span, SemanticKind::Property, Modifiers::NONE);
                    if let PropertyValue::Value(value) = &inner.value {
                        self.value(value, Vocabulary::Kept);
                    }
                }
            }
            PropertyValue::Missing(_) => {}
        }
    }

    fn value(&mut self, value: &Value, vocabulary: Vocabulary) {
        match value {
            Value::Atoms(atoms) => self.side(atoms, vocabulary),
            Value::List(list) => {
                for atoms in &list.items {
                    self.side(atoms, vocabulary);
                }
            }
            Value::Terms(terms) => {
                for term in &terms.terms {
                    match term {
                        Term::Atom(atom) => self.atoms(std::slice::from_ref(atom), vocabulary),
                        Term::List(list) => {
                            for atoms in &list.items {
                                self.side(atoms, Vocabulary::Free);
                            }
                        }
                        Term::Arrow(_) => {}
                    }
                }
            }
        }
    }

    /// A record's name and fields: each field's key, its type (a record's
    /// name is a record), its marks.
    fn record(&mut self, decl: &Decl) {
        self.push(decl.name.span, SemanticKind::Record, Modifiers::DECLARATION);
        for field in decl.block.iter().flat_map(|b| &b.properties) {
            self.push(
                field.key.span,
                SemanticKind::Property,
                Modifiers::DECLARATION,
            );
            let PropertyValue::Value(value) = &field.value else {
                continue;
            };
            for (i, term) in value.terms().iter().enumerate() {
                let TermRef::Atom(atom) = term else { continue };
                let Some(word) = atom.kind.as_ident() else {
                    continue;
                };
                if i == 0 && !TYPES.contains(&word) {
                    if self.workspace.record(word).is_some() {
                        self.push(atom.span, SemanticKind::Record, Modifiers::NONE);
                    }
                } else if let Some((kind, modifiers)) = Vocabulary::Field.classify(word) {
                    self.push(atom.span, kind, modifiers);
                }
            }
        }
    }

    fn side(&mut self, atoms: &Atoms, vocabulary: Vocabulary) {
        self.atoms(&atoms.atoms, vocabulary);
        if let Some(mapping) = &atoms.mapping {
            self.atoms(&mapping.atoms, vocabulary);
        }
    }

    fn atoms(&mut self, atoms: &[Atom], vocabulary: Vocabulary) {
        for atom in atoms {
            if let AtomKind::Ident(word) = &atom.kind
                && vocabulary == Vocabulary::Answer(Category::Data)
                && self.workspace.record(word).is_some()
            {
                self.push(atom.span, SemanticKind::Record, Modifiers::NONE);
            } else if let AtomKind::Ident(word) = &atom.kind
                && let Some((kind, modifiers)) = vocabulary.classify(word)
            {
                self.push(atom.span, kind, modifiers);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text kind [modifiers]` for each token of `path`.
    fn render(ws: &Workspace, path: &str) -> Vec<String> {
        let file = ws.file(ws.file_id(path).unwrap()).unwrap();
        semantic_tokens(ws, file)
            .iter()
            .map(|t| {
                let mut s = format!("{} {:?}", &file.text[t.span.range()], t.kind);
                for (i, m) in Modifiers::ALL.iter().enumerate() {
                    if t.modifiers.contains(*m) {
                        let name = [
                            "declaration",
                            "documentation",
                            "catalog",
                            "category",
                            "open",
                        ][i];
                        s.push_str(&format!(" +{name}"));
                    }
                }
                s
            })
            .collect()
    }

    fn one(text: &str) -> Vec<String> {
        let mut ws = Workspace::new();
        ws.set_file("a.flow", text);
        render(&ws, "a.flow")
    }

    #[test]
    fn steps_resolve_to_tools_catalog_tools_roles_or_nothing_across_files() {
        let mut ws = Workspace::new();
        ws.set_file(
            "decls.flow",
            "tool hmis\nrole clerk\ntool dhis2 { kind: mis }\n",
        );
        ws.set_file(
            "a.flow",
            "flow f: hmis -> clerk -> excel -> dhis2 -> nowhere\n",
        );
        assert_eq!(
            render(&ws, "a.flow"),
            [
                "flow Keyword",
                "f Flow +declaration",
                "hmis Tool",
                "-> Operator",
                "clerk Role",
                "-> Operator",
                "excel Tool +catalog",
                "-> Operator",
                "dhis2 Tool +catalog",
                "-> Operator",
                "nowhere UnresolvedStep",
            ]
        );
        assert_eq!(
            render(&ws, "decls.flow"),
            [
                "tool Keyword",
                "hmis Tool +declaration",
                "role Keyword",
                "clerk Role +declaration",
                "tool Keyword",
                "dhis2 Tool +declaration +catalog",
                "kind Property",
                "mis Value",
            ]
        );
    }

    #[test]
    fn value_words_mean_something_only_after_their_key() {
        let got = one(
            "flow f: a -> b {\n  timing: batch \"why\"\n  frequency: every 2 hours\n  volume: ~5k forms per day\n  data: unknown\n  transform: none\n  status: current\n  notes: batch\n}\n",
        );
        let words: Vec<&str> = got
            .iter()
            .map(String::as_str)
            .filter(|s| !s.starts_with("a ") && !s.starts_with("b "))
            .collect();
        assert_eq!(
            words,
            [
                "flow Keyword",
                "f Flow +declaration",
                "-> Operator",
                "timing Property +category",
                "batch Value",
                "\"why\" String",
                "frequency Property +category",
                "every Keyword",
                "2 Number",
                "hours Value",
                "volume Property +category",
                "~ Operator",
                "5k Number",
                "forms Value",
                "per Operator",
                "day Value",
                "data Property +category",
                "unknown Value +open",
                "transform Property +category",
                "none Value",
                "status Property",
                "current Value",
                "notes Property",
            ],
            "`batch` after `notes:` is free text"
        );
    }

    #[test]
    fn shorthand_words_and_transform_fields() {
        let got = one(
            "a -> b monthly batch ~500 forms/day mystery {\n  transform {\n    date: \"A\" -> \"B\"\n  }\n}\n",
        );
        assert_eq!(
            got[3..],
            [
                "monthly Value",
                "batch Value",
                "~ Operator",
                "500 Number",
                "forms Value",
                "/ Operator",
                "day Value",
                "transform Property +category",
                "date Property",
                "\"A\" String",
                "-> Operator",
                "\"B\" String",
            ]
        );
    }

    #[test]
    fn only_attached_doc_comments_are_documentation() {
        let got = one(
            "## The file.\n\n## Documents nothing.\n\n# plain\n## The tool.\ntool t # trailing\n## at the end\n",
        );
        assert_eq!(
            got,
            [
                "## The file. Comment +documentation",
                "## Documents nothing. Comment",
                "# plain Comment",
                "## The tool. Comment +documentation",
                "tool Keyword",
                "t Tool +declaration",
                "# trailing Comment",
                "## at the end Comment",
            ]
        );
    }

    #[test]
    fn broken_text_keeps_lexer_tokens_in_order_without_overlap() {
        let text =
            "tool a \"unclosed\n} stray ✓✓ 12 -> école\nflow f: x -> { data: [\"a\", \"b\" }\n";
        let mut ws = Workspace::new();
        ws.set_file("a.flow", text);
        let file = ws.file(ws.file_id("a.flow").unwrap()).unwrap();
        let tokens = semantic_tokens(&ws, file);
        assert!(tokens.windows(2).all(|w| w[0].span.end <= w[1].span.start));
        assert!(
            tokens
                .iter()
                .all(|t| !t.span.is_empty() && !file.text[t.span.range()].contains('\n'))
        );
        let texts: Vec<&str> = tokens.iter().map(|t| &file.text[t.span.range()]).collect();
        assert!(texts.contains(&"\"unclosed"), "{texts:?}");
        assert!(!texts.contains(&"✓✓"), "bad characters get no token");
        assert!(texts.contains(&"\"b\""));
    }
}

/// The three line-and-token features (semantic tokens, folds, selections)
/// are total on any text and keep what the protocol requires of them.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::semantic_tokens;
    use crate::Workspace;
    use crate::ide::folding::folding_ranges;
    use crate::ide::selection::selection_ranges;
    use crate::syntax::line_index::Encoding;

    use flowspec_test_fixture::pieces::DESIGN_FRAGMENTS as FRAGMENTS;

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|parts| {
            let mut s = String::new();
            for (i, p) in parts.iter().enumerate() {
                // Mostly spaced, sometimes glued: `a->b`, `x:`.
                if i % 3 != 0 {
                    s.push(' ');
                }
                s.push_str(p);
            }
            s
        })
    }

    proptest! {
        #[test]
        fn tokens_folds_and_selections_hold_on_any_text(text in text(), at in 0usize..400) {
            let mut ws = Workspace::new();
            let (id, _) = ws.set_file("a.flow", text.as_str());
            let file = ws.file(id).unwrap();
            let line = |o: u32| file.lines.line_col(&text, o as usize, Encoding::Utf8).line;

            let tokens = semantic_tokens(&ws, file);
            for pair in tokens.windows(2) {
                prop_assert!(pair[0].span.end <= pair[1].span.start);
            }
            for t in &tokens {
                prop_assert!(!t.span.is_empty() && t.span.end as usize <= text.len());
                prop_assert_eq!(line(t.span.start), line(t.span.end));
            }

            let folds = folding_ranges(file);
            let lines: Vec<(u32, u32)> =
                folds.iter().map(|f| (line(f.span.start), line(f.span.end))).collect();
            for (i, (start, end)) in lines.iter().enumerate() {
                prop_assert!(start < end);
                if let Some((next, _)) = lines.get(i + 1) {
                    prop_assert!(start < next);
                }
                for (_, other_end) in &lines[..i] {
                    prop_assert!(start > other_end || end <= other_end);
                }
            }

            let at = at.min(text.len());
            let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap();
            let chain = selection_ranges(file, at);
            prop_assert!(!chain.is_empty());
            prop_assert!(chain[0].touches(at));
            for pair in chain.windows(2) {
                prop_assert!(pair[1].contains_span(pair[0]) && pair[1] != pair[0]);
            }
            prop_assert_eq!(chain.last().unwrap().len(), text.len());
        }
    }
}
