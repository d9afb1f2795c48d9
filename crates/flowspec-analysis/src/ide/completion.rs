//! Completion: what may be written at the cursor, and nothing else.
//!
//! The file being typed is rarely valid, so the context comes from the
//! token stream (comments included, so nothing is offered inside one)
//! rather than from the tree alone: the braces around the cursor say
//! whether it stands at the top level or in an item's block; the last
//! tokens before it say what comes next. The tree and the model say which
//! item a block belongs to and what it already answers.
//!
//! | where | what |
//! |---|---|
//! | the start of an item (top level, a new line) | `tool`, `role`, `flow` (keywords and snippets), and the tools and roles a bare chain may start with |
//! | after `->`, after `flow NAME:` | every declared tool and role, every catalog tool |
//! | after `tool` | the catalog's ids not yet declared (a declaration refines them) |
//! | after a chain, on its line | the timing and frequency words of the questions the flow leaves open |
//! | in a block, at a new line or after `{` | the keys the item takes and does not have yet |
//! | after `key:` | the values that key takes (`frequency`, `timing`, `volume`, `transform`, `data`, `status`, `kind`, `adaptor`) |
//! | after a number in a volume | units; after `/` or `per`: periods; after `every` (and a count): units of time |
//!
//! The replaced span is the word under the cursor (so a half-typed word is
//! replaced), or empty at the cursor.

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Atom, AtomKind, ItemKind};
use flowspec_syntax::lexer::{Token, TokenKind};

use super::hover::{Meaning, atom_of, frequency_words, segments};
use crate::catalog::{adaptors, catalog};
use crate::model::{DeclKind, FlowInfo};
use crate::schema::{Category, ItemType, PropertyInfo, ToolKind};
use crate::values::{Calendar, EveryUnit, Frequency, Period, TimingKind, VolumeUnit};
use crate::{FileData, FileId, Resolution, Workspace};

/// The completions at a cursor: every item replaces `span`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub span: Span,
    pub items: Vec<CompletionItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompletionKind {
    Keyword,
    Snippet,
    /// A declared tool or a catalog tool.
    Tool,
    /// A role: a person or team.
    Role,
    /// A property key.
    Property,
    /// A word a value takes (`monthly`, `batch`, `mis`, `current`, …).
    Value,
    /// A unit or period of a volume, or a unit of `every N …`.
    Unit,
    /// An OpenFn adaptor name.
    Adaptor,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown beside the label.
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// What replaces the span: plain text, or a snippet when `snippet`.
    pub insert: String,
    pub snippet: bool,
    /// The order to show items in.
    pub sort: String,
    pub preselect: bool,
}

impl CompletionItem {
    fn new(label: impl Into<String>, kind: CompletionKind) -> CompletionItem {
        let label = label.into();
        CompletionItem {
            insert: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            snippet: false,
            sort: String::new(),
            preselect: false,
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    fn docs(mut self, docs: impl Into<String>) -> Self {
        self.documentation = Some(docs.into());
        self
    }

    fn snippet(mut self, snippet: impl Into<String>) -> Self {
        self.insert = snippet.into();
        self.snippet = true;
        self
    }

    fn sort(mut self, group: u8, rank: usize) -> Self {
        self.sort = format!("{group}{rank:04}");
        self
    }
}

/// The completions at byte `offset` of a file; `None` where nothing can be
/// written (inside a comment or a string, after `flow`, …).
pub fn completion(workspace: &Workspace, file_id: FileId, offset: usize) -> Option<Completion> {
    let file = workspace.file(file_id)?;
    let text: &str = &file.text;
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let tokens = &file.tree.tokens;

    // The word under the cursor, or nothing at all in a comment or string.
    let i = tokens.partition_point(|t| (t.span.end as usize) < offset);
    let mut prefix = None;
    if let Some(t) = tokens.get(i)
        && (t.span.start as usize) < offset
    {
        match t.kind {
            TokenKind::Comment | TokenKind::DocComment | TokenKind::UnterminatedString => {
                return None;
            }
            TokenKind::String if offset < t.span.end as usize => return None,
            TokenKind::Number if offset < t.span.end as usize => return None,
            TokenKind::Ident | TokenKind::Tool | TokenKind::Role | TokenKind::Flow => {
                prefix = Some(*t)
            }
            _ => {}
        }
    }
    let span = prefix.map_or(Span::empty(offset), |t| t.span);
    let start = span.start as usize;

    let sig: Vec<Token> = tokens
        .iter()
        .filter(|t| !t.kind.is_trivia() && t.kind != TokenKind::Error)
        .copied()
        .collect();
    let before = sig.partition_point(|t| (t.span.end as usize) <= start);
    let cx = Cx {
        workspace,
        file,
        text,
        sig: &sig,
        before,
        start,
        prefix,
    };
    let mut items = match open_brace(&sig[..before]) {
        Scope::Top => cx.top_level()?,
        Scope::Block(open) => match open_brace(&sig[..open]) {
            // `transform { … }`: free keys.
            Scope::Block(_) => return None,
            Scope::Top => cx.in_block(open)?,
        },
    };
    if items.is_empty() {
        return None;
    }
    // Glued to `:`, `->` or a number: put a space between.
    let glued = tokens[..tokens.partition_point(|t| (t.span.end as usize) <= start)]
        .last()
        .filter(|t| t.span.end as usize == start)
        .is_some_and(|t| {
            matches!(
                t.kind,
                TokenKind::Colon
                    | TokenKind::Arrow
                    | TokenKind::Number
                    | TokenKind::String
                    | TokenKind::RBrace
            )
        });
    if glued {
        for item in &mut items {
            item.insert.insert(0, ' ');
        }
    }
    items.sort_by(|a, b| (&a.sort, &a.label).cmp(&(&b.sort, &b.label)));
    Some(Completion { span, items })
}

enum Scope {
    Top,
    /// Inside the block opened by this significant token.
    Block(usize),
}

/// The `{` that encloses the end of `sig`, scanning back; an item keyword
/// ends the search (an unclosed block ends before the next item).
fn open_brace(sig: &[Token]) -> Scope {
    let mut depth = 0u32;
    for (j, t) in sig.iter().enumerate().rev() {
        match t.kind {
            TokenKind::RBrace => depth += 1,
            TokenKind::LBrace if depth == 0 => return Scope::Block(j),
            TokenKind::LBrace => depth -= 1,
            k if k.is_keyword() => return Scope::Top,
            _ => {}
        }
    }
    Scope::Top
}

struct Cx<'a> {
    workspace: &'a Workspace,
    file: &'a FileData,
    text: &'a str,
    /// Significant tokens of the whole file.
    sig: &'a [Token],
    /// How many of them end before the replaced span.
    before: usize,
    start: usize,
    prefix: Option<Token>,
}

impl<'a> Cx<'a> {
    fn kind(&self, back: usize) -> Option<TokenKind> {
        self.before.checked_sub(back + 1).map(|j| self.sig[j].kind)
    }

    /// Whether a line break separates the last token from the cursor.
    fn on_new_line(&self) -> bool {
        match self.before.checked_sub(1) {
            Some(j) => self.text[self.sig[j].span.end as usize..self.start].contains('\n'),
            None => true,
        }
    }

    fn item_at(&self, token: Token) -> Option<(usize, &'a ItemKind)> {
        self.file
            .tree
            .items
            .iter()
            .enumerate()
            .find(|(_, item)| item.span.contains_span(token.span))
            .map(|(i, item)| (i, &item.kind))
    }

    fn flow_info(&self, item: usize) -> Option<&'a FlowInfo> {
        self.file.model.flows.iter().find(|f| f.item == item)
    }

    fn top_level(&self) -> Option<Vec<CompletionItem>> {
        use TokenKind as T;
        let last = self.kind(0);
        match last {
            None => return Some(self.item_start()),
            Some(T::Arrow) => return Some(self.steps()),
            Some(T::Colon) if self.kind(1) == Some(T::Ident) && self.kind(2) == Some(T::Flow) => {
                return Some(self.steps());
            }
            Some(T::Tool) => return Some(self.refinable()),
            Some(T::Role | T::Flow) => return None,
            _ => {}
        }
        if self.on_new_line() || last == Some(T::RBrace) {
            return Some(self.item_start());
        }
        // After a chain, on its line: shorthand words. Find the chain's
        // last step (a name right after `->`); the words follow it.
        let mut j = self.before;
        while j > 0 {
            let t = self.sig[j - 1];
            let is_atom = matches!(
                t.kind,
                T::Ident
                    | T::String
                    | T::UnterminatedString
                    | T::Number
                    | T::Slash
                    | T::Tilde
                    | T::Lt
            );
            if !is_atom {
                return None;
            }
            if t.kind == T::Ident && j >= 2 && self.sig[j - 2].kind == T::Arrow {
                break;
            }
            j -= 1;
        }
        if j == 0 {
            return None;
        }
        let step = self.sig[j - 1];
        let words: Vec<Atom> = self.sig[j..self.before]
            .iter()
            .filter_map(|t| atom_of(self.text, *t))
            .collect();
        let flow = self
            .item_at(step)
            .and_then(|(index, _)| self.flow_info(index));
        Some(self.shorthand(&words, flow))
    }

    /// Where an item may start: keywords, snippets, and the names a bare
    /// chain starts with.
    fn item_start(&self) -> Vec<CompletionItem> {
        let mut items = vec![
            CompletionItem::new("tool", CompletionKind::Keyword)
                .detail("declare a tool")
                .sort(0, 0),
            CompletionItem::new("role", CompletionKind::Keyword)
                .detail("declare a role: a person or team")
                .sort(0, 1),
            CompletionItem::new("flow", CompletionKind::Keyword)
                .detail("a named flow")
                .sort(0, 2),
            CompletionItem::new("flow", CompletionKind::Snippet)
                .detail("a flow answering the six questions")
                .docs("A named flow with a tab stop for each of the six questions: the tools (its chain), data, transform, timing, frequency and volume.")
                .snippet(flow_snippet())
                .sort(0, 3),
            CompletionItem::new("tool", CompletionKind::Snippet)
                .detail("a tool with its kind and owner")
                .snippet(tool_snippet())
                .sort(0, 4),
            CompletionItem::new("role", CompletionKind::Snippet)
                .detail("a role with its display name")
                .snippet("role ${1:id} \"${2:Display name}\"$0")
                .sort(0, 5),
        ];
        items.extend(self.steps());
        items
    }

    /// Every name a chain step may take.
    fn steps(&self) -> Vec<CompletionItem> {
        let ws = self.workspace;
        let mut items = Vec::new();
        let mut declared: Vec<&str> = ws.declared_names().collect();
        declared.sort_unstable();
        for name in &declared {
            let Resolution::Declared {
                file,
                decl,
                catalog,
            } = ws.resolve(name)
            else {
                continue;
            };
            let display = decl
                .display_name
                .as_deref()
                .or(catalog.map(|c| c.name.as_str()))
                .unwrap_or(name);
            let (kind, detail) = match decl.kind {
                DeclKind::Role => (CompletionKind::Role, format!("role · {display} (a person)")),
                DeclKind::Tool => {
                    let kind = decl.tool_kind.or(catalog.map(|c| c.kind));
                    let detail = match kind {
                        Some(k) => format!("tool · {display} · {}", k.as_str()),
                        None => format!("tool · {display}"),
                    };
                    (CompletionKind::Tool, detail)
                }
            };
            let mut docs = Vec::new();
            if let Some(doc) = &decl.doc {
                docs.push(doc.clone());
            }
            if let Some(c) = catalog {
                docs.push(c.description.clone());
            }
            if let Some(data) = ws.file(file) {
                let path = data.path.rsplit('/').next().unwrap_or(&data.path);
                docs.push(format!("Declared in `{path}`."));
            }
            items.push(
                CompletionItem::new(*name, kind)
                    .detail(detail)
                    .docs(docs.join("\n\n"))
                    .sort(1, 0),
            );
        }
        for entry in catalog().entries() {
            if ws.declarations(&entry.id).is_empty() {
                let mut docs = entry.description.clone();
                if let Some(a) = &entry.adaptor {
                    docs.push_str(&format!("\n\nOpenFn adaptor: `{a}`."));
                }
                items.push(
                    CompletionItem::new(entry.id.as_str(), CompletionKind::Tool)
                        .detail(format!("{} · {}", entry.name, entry.kind.as_str()))
                        .docs(docs)
                        .sort(2, 0),
                );
            }
        }
        items
    }

    /// After `tool`: catalog ids a declaration may refine.
    fn refinable(&self) -> Vec<CompletionItem> {
        catalog()
            .entries()
            .iter()
            .filter(|e| self.workspace.declarations(&e.id).is_empty())
            .map(|e| {
                CompletionItem::new(e.id.as_str(), CompletionKind::Tool)
                    .detail(format!("refine the catalog's {}", e.name))
                    .docs(format!(
                        "{}\n\nA declaration with a catalog id refines the entry: its properties win.",
                        e.description
                    ))
                    .sort(0, 0)
            })
            .collect()
    }

    /// Inside the block opened by `sig[open]`.
    fn in_block(&self, open: usize) -> Option<Vec<CompletionItem>> {
        use TokenKind as T;
        let (item, kind) = self.item_at(self.sig[open])?;
        let item_type = match kind {
            ItemKind::Tool(_) => ItemType::Tool,
            ItemKind::Role(_) => ItemType::Role,
            ItemKind::Flow(_) => ItemType::Flow,
            ItemKind::Error => return None,
        };
        // The property the cursor is in: the last `key:` at this depth.
        let mut depth = 0u32;
        let mut colon = None;
        for j in (open + 1..self.before).rev() {
            match self.sig[j].kind {
                T::RBrace => depth += 1,
                T::LBrace => depth = depth.saturating_sub(1),
                T::Colon if depth == 0 && j > open + 1 && self.sig[j - 1].kind == T::Ident => {
                    colon = Some(j);
                    break;
                }
                _ => {}
            }
        }
        let last = self.kind(0);
        let at_key = last == Some(T::LBrace)
            || last == Some(T::RBrace)
            || colon.is_none()
            || (last != Some(T::Colon) && self.on_new_line());
        if at_key {
            return Some(self.keys(item_type, item, open));
        }
        let colon = colon?;
        let key = &self.text[self.sig[colon - 1].span.range()];
        let info = item_type.property(key)?;
        let mut words = Vec::new();
        for t in &self.sig[colon + 1..self.before] {
            words.push(atom_of(self.text, *t)?); // a list or a mapping: nothing
        }
        Some(self.value(item_type, info, &words, item))
    }

    /// The keys an item takes and does not have yet.
    fn keys(&self, item_type: ItemType, item: usize, open: usize) -> Vec<CompletionItem> {
        use TokenKind as T;
        let mut given: Vec<&str> = Vec::new();
        let mut depth = 0u32;
        for j in open + 1..self.sig.len() {
            let t = self.sig[j];
            match t.kind {
                T::LBrace => depth += 1,
                T::RBrace if depth == 0 => break,
                T::RBrace => depth -= 1,
                k if k.is_keyword() => break,
                T::Ident if depth == 0 && Some(t) != self.prefix => {
                    if matches!(
                        self.sig.get(j + 1).map(|n| n.kind),
                        Some(T::Colon | T::LBrace)
                    ) {
                        given.push(&self.text[t.span.range()]);
                    }
                }
                _ => {}
            }
        }
        match self.file.tree.items.get(item).map(|i| &i.kind) {
            Some(ItemKind::Tool(d) | ItemKind::Role(d)) if d.label.is_some() => given.push("name"),
            _ => {}
        }
        let shorthand: Vec<Category> = self
            .flow_info(item)
            .map(|f| {
                Category::ANSWERED_BY_PROPERTIES
                    .into_iter()
                    .filter(|c| answered_by_shorthand(f, *c))
                    .collect()
            })
            .unwrap_or_default();
        // Editing a key that has its colon already: insert the key alone.
        let after = self.prefix.map_or(self.start, |t| t.span.end as usize);
        let next = self
            .sig
            .iter()
            .find(|t| t.span.start as usize >= after)
            .map(|t| t.kind);
        let bare = matches!(next, Some(T::Colon | T::LBrace)) && self.prefix.is_some();
        item_type
            .properties()
            .iter()
            .enumerate()
            .filter(|(_, p)| !given.contains(&p.key))
            .filter(|(_, p)| !p.category.is_some_and(|c| shorthand.contains(&c)))
            .map(|(rank, p)| key_item(p, bare).sort(0, rank))
            .collect()
    }

    /// The values of `key`, given the words already written after its colon.
    fn value(
        &self,
        item_type: ItemType,
        info: &PropertyInfo,
        words: &[Atom],
        item: usize,
    ) -> Vec<CompletionItem> {
        let open_words = || {
            if words.is_empty() {
                open_items()
            } else {
                Vec::new()
            }
        };
        match (item_type, info.key) {
            (ItemType::Flow, "frequency") => match continuation(words) {
                Some(items) => items,
                None if words.is_empty() => {
                    let mut items = frequency_items();
                    items.extend(open_items());
                    items
                }
                None => Vec::new(),
            },
            (ItemType::Flow, "volume") => match continuation(words) {
                Some(items) => items,
                None => open_words(),
            },
            (ItemType::Flow, "timing") if words.is_empty() => {
                let mut items = timing_items();
                items.extend(open_items());
                items
            }
            (ItemType::Flow, "transform") if words.is_empty() => {
                let mut items = vec![
                    CompletionItem::new("none", CompletionKind::Value)
                        .detail("the data goes through as it is")
                        .sort(0, 0),
                ];
                items.extend(open_items());
                items
            }
            (ItemType::Flow, "data") => open_words(),
            (ItemType::Flow, "status") if words.is_empty() => vec![
                CompletionItem::new("current", CompletionKind::Value)
                    .detail("the flow runs like this today")
                    .sort(0, 0),
                CompletionItem::new("proposed", CompletionKind::Value)
                    .detail("the flow is planned")
                    .sort(0, 1),
            ],
            (ItemType::Tool, "kind") if words.is_empty() => ToolKind::ALL
                .into_iter()
                .enumerate()
                .map(|(rank, k)| {
                    CompletionItem::new(k.as_str(), CompletionKind::Value)
                        .detail(k.describe())
                        .sort(0, rank)
                })
                .collect(),
            (ItemType::Tool, "adaptor") if words.is_empty() => {
                // The adaptor of the catalog tool this declaration refines
                // comes first.
                let name = match self.file.tree.items.get(item).map(|i| &i.kind) {
                    Some(ItemKind::Tool(d)) => Some(d.name.text.as_str()),
                    _ => None,
                };
                let suggested = name
                    .and_then(|n| catalog().get(n))
                    .and_then(|e| e.adaptor.as_deref());
                adaptors()
                    .iter()
                    .map(|a| {
                        let mut item = CompletionItem::new(*a, CompletionKind::Adaptor)
                            .detail(format!("@openfn/language-{a}"));
                        if Some(*a) == suggested {
                            item.preselect = true;
                            item = item.sort(0, 0);
                        } else {
                            item = item.sort(1, 0);
                        }
                        item
                    })
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// Words after a chain: what continues the last value, else the words
    /// of the questions still open.
    fn shorthand(&self, words: &[Atom], flow: Option<&FlowInfo>) -> Vec<CompletionItem> {
        if let Some(items) = continuation(words) {
            return items;
        }
        let read = segments(words);
        let answered = |category: Category| {
            read.iter().any(|s| {
                matches!(
                    (&s.meaning, category),
                    (Meaning::Timing(_), Category::Timing)
                        | (Meaning::Frequency(_), Category::Frequency)
                        | (Meaning::Volume(_), Category::Volume)
                )
            }) || flow.is_some_and(|f| {
                f.answers.status(category) != crate::model::AnswerStatus::Unanswered
                    && !answered_by_shorthand(f, category)
            })
        };
        let mut items = Vec::new();
        if !answered(Category::Timing) {
            items.extend(timing_items());
        }
        if !answered(Category::Frequency) {
            items.extend(frequency_items());
        }
        items
    }
}

fn answered_by_shorthand(flow: &FlowInfo, category: Category) -> bool {
    let shorthand = |a: Option<bool>| a == Some(true);
    shorthand(match category {
        Category::Tools => None,
        Category::Data => flow.answers.data.as_ref().map(|a| a.shorthand),
        Category::Transform => flow.answers.transform.as_ref().map(|a| a.shorthand),
        Category::Timing => flow.answers.timing.as_ref().map(|a| a.shorthand),
        Category::Frequency => flow.answers.frequency.as_ref().map(|a| a.shorthand),
        Category::Volume => flow.answers.volume.as_ref().map(|a| a.shorthand),
    })
}

/// What completes a value begun in `words`: a unit after `every` or a
/// number, a period after `/` or `per`. `None` when the words end no
/// such beginning.
fn continuation(words: &[Atom]) -> Option<Vec<CompletionItem>> {
    let last = words.last()?;
    let before = words.len().checked_sub(2).map(|i| &words[i]);
    let before_word = before.and_then(|a| a.kind.as_ident());
    let after_every = before_word == Some("every");
    match &last.kind {
        AtomKind::Ident(w) if w == "every" => Some(every_units(true)),
        AtomKind::Number(n) if after_every => Some(every_units(n.value == 1.0)),
        AtomKind::Number(n) => Some(volume_units(n.value == 1.0)),
        AtomKind::Slash => Some(periods()),
        AtomKind::Ident(w) if w == "per" && before_word.and_then(VolumeUnit::parse).is_some() => {
            Some(periods())
        }
        AtomKind::Tilde | AtomKind::Lt => Some(Vec::new()),
        AtomKind::Ident(w) if w == "cron" => Some(Vec::new()),
        _ => None,
    }
}

fn key_item(p: &PropertyInfo, bare: bool) -> CompletionItem {
    let mut docs = String::new();
    let detail = match p.category {
        Some(c) => {
            docs.push_str(&format!("*{}*\n\n", c.question()));
            format!("{} · {}", c.title(), p.summary)
        }
        None => p.summary.to_string(),
    };
    docs.push_str(&format!("**Accepts:** {}", p.accepts));
    let item = CompletionItem::new(p.key, CompletionKind::Property)
        .detail(detail)
        .docs(docs);
    if bare {
        return item;
    }
    match p.key {
        "name" | "owner" | "notes" | "data" => item.snippet(format!("{}: \"$1\"$0", p.key)),
        "url" => item.snippet("url: \"https://$1\"$0"),
        key => {
            let mut item = item;
            item.insert = format!("{key}: ");
            item
        }
    }
}

fn open_items() -> Vec<CompletionItem> {
    vec![
        CompletionItem::new("tbd", CompletionKind::Value)
            .detail("an open question: to be decided")
            .sort(3, 0),
        CompletionItem::new("unknown", CompletionKind::Value)
            .detail("an open question: nobody knows yet")
            .sort(3, 1),
    ]
}

fn timing_items() -> Vec<CompletionItem> {
    TimingKind::ALL
        .into_iter()
        .enumerate()
        .map(|(rank, k)| {
            CompletionItem::new(k.as_str(), CompletionKind::Value)
                .detail(format!("timing: {}", k.describe()))
                .sort(0, rank)
        })
        .collect()
}

fn frequency_items() -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = Calendar::ALL
        .into_iter()
        .map(Frequency::Calendar)
        .chain([Frequency::Continuous, Frequency::OnDemand])
        .enumerate()
        .map(|(rank, f)| {
            CompletionItem::new(f.display(), CompletionKind::Value)
                .detail(format!("frequency: {}", frequency_words(&f)))
                .sort(1, rank)
        })
        .collect();
    items.push(
        CompletionItem::new("every", CompletionKind::Snippet)
            .detail("frequency: every N minutes, hours, days, weeks or months")
            .snippet("every ${1:2} ${2|hours,minutes,days,weeks,months|}$0")
            .sort(1, 20),
    );
    items.push(
        CompletionItem::new("cron", CompletionKind::Snippet)
            .detail("frequency: a cron expression, m h dom mon dow")
            .docs("Five fields: minute, hour, day of the month, month, day of the week. `cron \"0 2 * * 1\"` runs at 02:00 on Mondays.")
            .snippet("cron \"${1:0 2 * * *}\"$0")
            .sort(1, 21),
    );
    items
}

fn every_units(one: bool) -> Vec<CompletionItem> {
    EveryUnit::ALL
        .into_iter()
        .enumerate()
        .map(|(rank, u)| {
            let word = if one { u.singular() } else { u.plural() };
            CompletionItem::new(word, CompletionKind::Unit)
                .detail("unit of time")
                .sort(0, rank)
        })
        .collect()
}

fn volume_units(one: bool) -> Vec<CompletionItem> {
    VolumeUnit::ALL
        .into_iter()
        .enumerate()
        .map(|(rank, u)| {
            let word = if one { u.singular() } else { u.plural() };
            let detail = if u.is_size() {
                "unit of volume: a size"
            } else {
                "unit of volume: a count"
            };
            CompletionItem::new(word, CompletionKind::Unit)
                .detail(detail)
                .sort(0, rank)
        })
        .collect()
}

fn periods() -> Vec<CompletionItem> {
    Period::ALL
        .into_iter()
        .enumerate()
        .map(|(rank, p)| {
            let detail = match p {
                Period::Run => "each time the flow runs".to_string(),
                Period::Event => "each event that starts it".to_string(),
                other => format!("a rate per {}", other.as_str()),
            };
            CompletionItem::new(p.as_str(), CompletionKind::Unit)
                .detail(detail)
                .sort(0, rank)
        })
        .collect()
}

fn flow_snippet() -> String {
    let timings: Vec<&str> = TimingKind::ALL.iter().map(|k| k.as_str()).collect();
    let mut frequencies: Vec<&str> = Calendar::ALL.iter().map(|c| c.as_str()).collect();
    frequencies.extend(["continuous", "on-demand"]);
    // Monthly first: the commonest answer in these designs.
    frequencies.retain(|f| *f != "monthly");
    frequencies.insert(0, "monthly");
    format!(
        "flow ${{1:name}}: ${{2:source}} -> ${{3:destination}} {{\n  data: \"${{4:what moves}}\"\n  transform: ${{5:none}}\n  timing: ${{6|{}|}}\n  frequency: ${{7|{}|}}\n  volume: ${{8:~500 records/month}}\n}}$0",
        timings.join(","),
        frequencies.join(",")
    )
}

fn tool_snippet() -> String {
    let kinds: Vec<&str> = ToolKind::ALL.iter().map(|k| k.as_str()).collect();
    format!(
        "tool ${{1:id}} \"${{2:Display name}}\" {{\n  kind: ${{3|{}|}}\n  owner: \"${{4}}\"\n}}$0",
        kinds.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels_at(files: &[(&str, &str)]) -> Option<(String, Vec<String>)> {
        let mut ws = Workspace::new();
        let mut target = None;
        for (path, text) in files {
            let clean = text.replace("$0", "");
            let (id, _) = ws.set_file(path, clean);
            if let Some(at) = text.find("$0") {
                target = Some((id, at));
            }
        }
        let (id, at) = target.expect("a $0 marker");
        let c = completion(&ws, id, at)?;
        let replaced = ws.file(id).unwrap().text[c.span.range()].to_string();
        Some((replaced, c.items.iter().map(|i| i.label.clone()).collect()))
    }

    fn labels(text: &str) -> Vec<String> {
        labels_at(&[("a.flow", text)])
            .map(|(_, l)| l)
            .unwrap_or_default()
    }

    #[test]
    fn steps_after_an_arrow_even_with_nothing_after_it() {
        let l = labels("tool hmis \"HMIS\"\nrole clerk\ncommcare -> $0");
        assert_eq!(&l[..2], ["clerk", "hmis"]);
        assert!(l.contains(&"dhis2".to_string()));
        assert!(!l.contains(&"flow".to_string()));
        // A half-typed step is replaced.
        let (replaced, l) = labels_at(&[("a.flow", "commcare -> dh$0\n")]).unwrap();
        assert_eq!(replaced, "dh");
        assert!(l.contains(&"dhis2".to_string()));
    }

    #[test]
    fn keys_the_block_lacks() {
        let l = labels("flow f: a -> b monthly {\n  data: \"x\"\n  $0\n}");
        assert_eq!(
            l,
            ["transform", "timing", "volume", "status", "owner", "notes"]
        );
        let (replaced, l) =
            labels_at(&[("a.flow", "flow f: a -> b {\n  data: \"x\"\n  fre$0")]).unwrap();
        assert_eq!(replaced, "fre");
        assert!(l.contains(&"frequency".to_string()) && !l.contains(&"data".to_string()));
        let l = labels("tool t \"T\" {\n  kind: mis\n  $0\n}");
        assert_eq!(l, ["adaptor", "owner", "url", "notes"]);
    }

    #[test]
    fn values_after_a_colon() {
        let l = labels("flow f: a -> b {\n  frequency: $0\n}");
        assert!(l.contains(&"monthly".to_string()) && l.contains(&"tbd".to_string()));
        assert!(!l.contains(&"batch".to_string()));
        let l = labels("tool t {\n  kind:$0\n}");
        assert_eq!(l.len(), ToolKind::ALL.len());
        let l = labels("flow f: a -> b {\n  volume: ~12000 $0\n}");
        assert_eq!(l[0], "records");
        let l = labels("flow f: a -> b {\n  volume: ~12000 records/$0\n}");
        assert_eq!(l[0], "minute");
        let l = labels("flow f: a -> b {\n  frequency: every 1 $0\n}");
        assert_eq!(l[0], "minute");
        let l = labels("flow f: a -> b {\n  frequency: monthly $0\n}");
        assert!(l.is_empty());
    }

    #[test]
    fn shorthand_words_for_the_open_questions() {
        let l = labels("commcare -> dhis2 monthly $0");
        assert_eq!(l, ["realtime", "batch", "manual"]);
        let l = labels("commcare -> dhis2 $0 {\n  timing: batch\n}");
        assert!(!l.contains(&"batch".to_string()) && l.contains(&"weekly".to_string()));
    }

    #[test]
    fn nothing_in_comments_strings_or_after_flow() {
        assert!(labels("# commcare -> $0").is_empty());
        assert!(labels("tool t \"Comm$0").is_empty());
        assert!(labels("tool t { owner: \"a $0b\" }").is_empty());
        assert!(labels("flow $0").is_empty());
        assert!(labels("flow f: a -> b { transform { x: $0 } }").is_empty());
    }

    #[test]
    fn total_on_every_offset_of_broken_and_multi_byte_text() {
        let texts = [
            "## doc\ntool t \"é ክ 😀\" { kind: mis adaptor: }\nflow f: t -> dh { data: [\"a\", volume: ~5 forms/ }\n",
            "a -> -> { transform { x: \"a\" -> } } } } { {\nrole\nflow f a -> b every cron \"1 2\n",
            "tool { \"unterminated\n  kind: é\n}\ncommcare -> dhis2 monthly ~12k records per",
        ];
        for text in texts {
            let mut ws = Workspace::new();
            let (id, _) = ws.set_file("a.flow", text);
            for offset in 0..=text.len() + 2 {
                if let Some(c) = completion(&ws, id, offset) {
                    assert!(c.span.start as usize <= offset.min(text.len()));
                    assert!(!c.items.is_empty());
                    assert!(text.is_char_boundary(c.span.start as usize));
                    assert!(text.is_char_boundary(c.span.end as usize));
                }
                if let Some(h) = crate::ide::hover::hover(&ws, id, offset) {
                    assert!(!h.markdown.is_empty());
                    assert!(text.is_char_boundary(h.span.end as usize));
                }
            }
        }
    }

    #[test]
    fn top_level_offers_items() {
        let l = labels("tool t\n$0");
        assert_eq!(&l[..6], ["tool", "role", "flow", "flow", "tool", "role"]);
        assert!(l.contains(&"t".to_string()));
    }
}
