//! Hover: what the word under the cursor means, in Markdown.
//!
//! - a tool or role name (a chain step, or the declared name): its display
//!   name, kind, OpenFn adaptor, owner, doc comment, the catalog's
//!   description, and the flows that use it;
//! - `flow` or a flow's name: the flow's six answers as a table (and the
//!   first step of a bare flow, after what that step names);
//! - a property key: what it says and the values it takes; a category key
//!   also shows its design question and the flow's current answer;
//! - a value: a frequency or cron expression in words, a timing word's
//!   meaning, a volume as a rate per day and per run, a tool kind, a
//!   status, an adaptor, an open question (`unknown`, `tbd`).
//!
//! Nothing over whitespace, comments, strings that say nothing more, and
//! punctuation (`/`, `~` and `<` count as part of the value they stand in).

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Atom, AtomKind, Block, ItemKind, Number, PropertyValue, Value};
use flowspec_syntax::lexer::{Token, TokenKind, unescape};

use crate::catalog::{CatalogEntry, is_known_adaptor};
use crate::model::{
    Answer, AnswerState, Answers, DeclInfo, DeclKind, FlowInfo, OpenWord, Transform,
};
use crate::schema::{Category, ItemType, PropertyInfo, ToolKind};
use crate::values::{
    Bound, Calendar, Frequency, Period, Read, Timing, TimingKind, Volume, format_rate,
    read_frequency, read_timing, read_volume,
};
use crate::{FileData, FileId, Resolution, Workspace};

/// What to show, and the range it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The hovered word or value.
    pub span: Span,
    pub markdown: String,
}

/// The hover at byte `offset` of a file, if there is anything to say.
pub fn hover(workspace: &Workspace, file_id: FileId, offset: usize) -> Option<Hover> {
    let file = workspace.file(file_id)?;
    let token = hovered_token(file, offset.min(file.text.len()))?;
    let (index, item) = file
        .tree
        .items
        .iter()
        .enumerate()
        .find(|(_, item)| item.span.contains_span(token.span))?;
    let span = token.span;
    let cx = Cx { file, index };
    let markdown = match &item.kind {
        ItemKind::Tool(decl) | ItemKind::Role(decl) => {
            let kind = if matches!(item.kind, ItemKind::Tool(_)) {
                ItemType::Tool
            } else {
                ItemType::Role
            };
            if decl.name.span == span {
                symbol(workspace, &decl.name.text)
            } else {
                let block = decl.block.as_ref()?;
                return cx.in_block(kind, block, token);
            }
        }
        ItemKind::Flow(flow) => {
            let info = cx.flow_info();
            if flow.keyword == Some(span) || flow.name.as_ref().is_some_and(|n| n.span == span) {
                flow_table(workspace, info?)
            } else if let Some(step) = flow.chain.steps.iter().find(|s| s.span == span) {
                let mut md = symbol(workspace, &step.text);
                let first = flow.chain.steps.first().is_some_and(|s| s.span == span);
                if flow.name.is_none()
                    && first
                    && let Some(info) = info
                {
                    md.push_str("\n\n---\n\n");
                    md.push_str(&flow_table(workspace, info));
                }
                md
            } else if flow.words.iter().any(|w| w.span.contains_span(span)) {
                let segment = segments(&flow.words)
                    .into_iter()
                    .find(|s| s.span.contains_span(span))?;
                let frequency = info.and_then(|f| f.answers.frequency());
                return Some(Hover {
                    span: segment.span,
                    markdown: meaning(&segment.meaning, frequency),
                });
            } else {
                let block = flow.block.as_ref()?;
                return cx.in_block(ItemType::Flow, block, token);
            }
        }
        ItemKind::Error => return None,
    };
    Some(Hover { span, markdown })
}

/// The token under the cursor: a word containing `offset` or ending right
/// at it (the cursor just after a word is on that word, as editors place a
/// hover position at the nearest character boundary), else the token that
/// contains it.
fn hovered_token(file: &FileData, offset: usize) -> Option<Token> {
    let tokens = &file.tree.tokens;
    let i = tokens.partition_point(|t| (t.span.end as usize) <= offset);
    let containing = tokens
        .get(i)
        .filter(|t| t.span.start as usize <= offset)
        .copied();
    let before = i
        .checked_sub(1)
        .and_then(|j| tokens.get(j))
        .filter(|t| t.span.end as usize == offset && is_word(t.kind))
        .copied();
    let token = match containing {
        Some(t) if is_word(t.kind) => t,
        _ => before.or(containing)?,
    };
    let wanted = is_word(token.kind)
        || matches!(
            token.kind,
            TokenKind::Tool
                | TokenKind::Role
                | TokenKind::Flow
                | TokenKind::Slash
                | TokenKind::Tilde
                | TokenKind::Lt
        );
    wanted.then_some(token)
}

fn is_word(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Ident | TokenKind::Number | TokenKind::String | TokenKind::UnterminatedString
    )
}

struct Cx<'a> {
    file: &'a FileData,
    /// The hovered item's index in the tree.
    index: usize,
}

impl<'a> Cx<'a> {
    fn flow_info(&self) -> Option<&'a FlowInfo> {
        self.file.model.flows.iter().find(|f| f.item == self.index)
    }

    fn decl_info(&self) -> Option<&'a DeclInfo> {
        self.file.model.decls.iter().find(|d| d.item == self.index)
    }

    /// A key or a value inside an item's block.
    fn in_block(&self, item_type: ItemType, block: &Block, token: Token) -> Option<Hover> {
        let span = token.span;
        let prop = block
            .properties
            .iter()
            .find(|p| p.span.contains_span(span))?;
        let key = prop.key.text.as_str();
        let info = item_type.property(key)?;
        if prop.key.span == span {
            return Some(Hover {
                span,
                markdown: self.key(item_type, info),
            });
        }
        let PropertyValue::Value(Value::Atoms(atoms)) = &prop.value else {
            return None;
        };
        if !atoms.atoms.iter().any(|a| a.span.contains_span(span)) {
            return None; // the right side of a mapping, or a list
        }
        let frequency = self.flow_info().and_then(|f| f.answers.frequency());
        let (covered, markdown) = match (item_type, key) {
            (ItemType::Flow, _) if info.category.is_some() => {
                let category = info.category?;
                if let [atom] = atoms.atoms.as_slice()
                    && let Some(word) = atom.kind.as_ident().and_then(OpenWord::parse)
                {
                    (atom.span, open_question(category, word))
                } else if category == Category::Transform {
                    let [atom] = atoms.atoms.as_slice() else {
                        return None;
                    };
                    (atom.kind.as_ident() == Some("none")).then_some(())?;
                    (
                        atom.span,
                        "**Transformation** `none`: the data goes through as it is, unchanged."
                            .to_string(),
                    )
                } else {
                    let segment = read_as(category, &atoms.atoms)?;
                    if !segment.span.contains_span(span) {
                        return None;
                    }
                    (segment.span, meaning(&segment.meaning, frequency))
                }
            }
            (ItemType::Flow, "status") => {
                let word = atoms.atoms.first()?.kind.as_ident()?;
                let what = match word {
                    "current" => "the flow runs like this today",
                    "proposed" => "the flow is planned: a design for how it should run",
                    _ => return None,
                };
                (span, format!("**Status** `{word}`: {what}."))
            }
            (ItemType::Tool, "kind") => {
                let word = atoms.atoms.first()?.kind.as_ident()?;
                let kind = ToolKind::parse(word)?;
                (span, tool_kind(kind))
            }
            (ItemType::Tool, "adaptor") => {
                let atom = atoms.atoms.first()?;
                let written = atom.kind.as_ident().or(atom.kind.as_str())?;
                let name = written
                    .strip_prefix("@openfn/language-")
                    .map(|rest| rest.split('@').next().unwrap_or(rest))
                    .unwrap_or(written);
                (atom.span, adaptor(name))
            }
            _ => return None,
        };
        Some(Hover {
            span: covered,
            markdown,
        })
    }

    /// A property key: what it says, what it takes; for a category, the
    /// question and this flow's answer.
    fn key(&self, item_type: ItemType, info: &PropertyInfo) -> String {
        let mut md = String::new();
        match info.category {
            Some(category) => {
                md.push_str(&format!(
                    "**{}** · {}\n\n*{}*\n\n{}\n\n**Accepts:** {}",
                    info.key,
                    category.title(),
                    category.question(),
                    info.summary,
                    info.accepts
                ));
                if let Some(flow) = self.flow_info() {
                    md.push_str(&format!(
                        "\n\n**This flow:** {}",
                        answer_cell(&flow.answers, category)
                    ));
                }
                md.push_str(
                    "\n\n`unknown` or `tbd` marks the question as open: a known unknown, listed rather than warned about.",
                );
            }
            None => {
                md.push_str(&format!(
                    "**{}** · {} property\n\n{}\n\n**Accepts:** {}",
                    info.key,
                    item_type.keyword(),
                    info.summary,
                    info.accepts
                ));
                if item_type != ItemType::Flow
                    && let Some(decl) = self.decl_info()
                    && let Some(current) = decl_value(decl, info.key)
                {
                    md.push_str(&format!("\n\n**Here:** {current}"));
                }
            }
        }
        md
    }
}

/// A declaration's value for a key, as read.
fn decl_value(decl: &DeclInfo, key: &str) -> Option<String> {
    match key {
        "name" => decl.display_name.clone(),
        "kind" => decl
            .tool_kind
            .map(|k| format!("`{}` ({})", k.as_str(), k.describe())),
        "adaptor" => decl.adaptor.as_ref().map(|a| format!("`{a}`")),
        "owner" => decl.owner.clone(),
        "url" => decl.url.clone(),
        "notes" => decl.notes.clone(),
        _ => None,
    }
}

/// A value read from words: what it answers and means.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Meaning {
    Timing(Timing),
    Frequency(Frequency),
    Volume(Volume),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Segment {
    pub span: Span,
    pub meaning: Meaning,
}

/// Reads shorthand words as the lowering does: each run of words is a
/// timing, a frequency or a volume; words that read as nothing are left out.
pub(crate) fn segments(words: &[Atom]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let rest = &words[i..];
        let span_of = |n: usize| rest[0].span.cover(rest[n.clamp(1, rest.len()) - 1].span);
        if let Read::Ok(timing, n) = read_timing(rest) {
            out.push(Segment {
                span: span_of(n),
                meaning: Meaning::Timing(timing),
            });
            i += n;
            continue;
        }
        let skip = match read_frequency(rest) {
            Read::Ok(f, n) => {
                out.push(Segment {
                    span: span_of(n),
                    meaning: Meaning::Frequency(f),
                });
                i += n;
                continue;
            }
            Read::Err(e) => e.used.unwrap_or(1),
            Read::NoMatch => match read_volume(rest) {
                Read::Ok(v, n) => {
                    out.push(Segment {
                        span: span_of(n),
                        meaning: Meaning::Volume(v),
                    });
                    i += n;
                    continue;
                }
                Read::Err(e) => e.used.unwrap_or(1),
                Read::NoMatch => 1,
            },
        };
        i += skip.max(1);
    }
    out
}

/// A block value read as the answer to `category`: the part that reads.
fn read_as(category: Category, atoms: &[Atom]) -> Option<Segment> {
    let (meaning, n) = match category {
        Category::Timing => match read_timing(atoms) {
            Read::Ok(t, n) => (Meaning::Timing(t), n),
            _ => return None,
        },
        Category::Frequency => match read_frequency(atoms) {
            Read::Ok(f, n) => (Meaning::Frequency(f), n),
            _ => return None,
        },
        Category::Volume => match read_volume(atoms) {
            Read::Ok(v, n) => (Meaning::Volume(v), n),
            _ => return None,
        },
        _ => return None,
    };
    Some(Segment {
        span: atoms[0].span.cover(atoms[n.clamp(1, atoms.len()) - 1].span),
        meaning,
    })
}

/// An atom from a token of a value (for words read from the token stream).
pub(crate) fn atom_of(text: &str, token: Token) -> Option<Atom> {
    let raw = &text[token.span.range()];
    let kind = match token.kind {
        TokenKind::Ident => AtomKind::Ident(raw.into()),
        TokenKind::String | TokenKind::UnterminatedString => AtomKind::Str(unescape(raw)),
        TokenKind::Number => AtomKind::Number(Number::parse(raw)),
        TokenKind::Slash => AtomKind::Slash,
        TokenKind::Tilde => AtomKind::Tilde,
        TokenKind::Lt => AtomKind::Lt,
        _ => return None,
    };
    Some(Atom {
        kind,
        span: token.span,
    })
}

fn meaning(meaning: &Meaning, frequency: Option<&Frequency>) -> String {
    match meaning {
        Meaning::Timing(t) => timing(t),
        Meaning::Frequency(f) => frequency_hover(f),
        Meaning::Volume(v) => volume(v, frequency),
    }
}

fn timing(t: &Timing) -> String {
    let mut md = format!("**Timing** `{}`: {}.", t.kind.as_str(), t.kind.describe());
    md.push_str(match t.kind {
        TimingKind::Realtime => {
            "\n\nThe flow runs when something happens (a form is submitted, a case changes), not on a clock."
        }
        TimingKind::Batch => "\n\nThe flow runs on a schedule and moves what gathered since the last run.",
        TimingKind::Manual => {
            "\n\nSomeone decides when to run it: a candidate for automation."
        }
    });
    if let Some(note) = &t.note {
        md.push_str(&format!("\n\n> {}", escape(note)));
    }
    let others: Vec<String> = TimingKind::ALL
        .into_iter()
        .filter(|k| *k != t.kind)
        .map(|k| format!("`{}` ({})", k.as_str(), k.describe()))
        .collect();
    md.push_str(&format!("\n\nThe other timings: {}.", others.join(", ")));
    md
}

/// In words: "once a month", "every 2 hours", "at 02:00 on Mondays".
pub(crate) fn frequency_words(f: &Frequency) -> String {
    match f {
        Frequency::Calendar(c) => match c {
            Calendar::Hourly => "every hour",
            Calendar::Daily => "once a day",
            Calendar::Weekly => "once a week",
            Calendar::Monthly => "once a month",
            Calendar::Quarterly => "once a quarter (four times a year)",
            Calendar::Yearly => "once a year",
        }
        .to_string(),
        other => other.describe(),
    }
}

/// How often, as a rate: "≈ 12 runs a day", "a run every 7 days".
pub(crate) fn runs_text(f: &Frequency) -> Option<String> {
    let per_day = f.runs_per_day()?;
    if per_day <= 0.0 {
        return Some("it never runs".to_string());
    }
    let average = if matches!(f, Frequency::Cron(_)) {
        "on average "
    } else {
        ""
    };
    Some(if per_day >= 1.0 {
        let n = grouped(per_day);
        if n == "1" {
            format!("{average}one run a day")
        } else {
            format!("{average}≈ {n} runs a day")
        }
    } else {
        format!("{average}a run every {} days", grouped(1.0 / per_day))
    })
}

/// A frequency in words with its rate: "once a week, a run every 7 days".
fn frequency_sentence(f: &Frequency) -> String {
    match runs_text(f) {
        Some(rate) => format!("{}, {rate}", frequency_words(f)),
        None => frequency_words(f),
    }
}

fn frequency_hover(f: &Frequency) -> String {
    let mut md = format!(
        "**Frequency** `{}`: {}.",
        f.display(),
        frequency_sentence(f)
    );
    match f {
        Frequency::Cron(c) => md.push_str(&format!(
            "\n\nA cron expression: `{}` reads as minute, hour, day of the month, month, day of the week.",
            c.expression
        )),
        Frequency::Continuous => {
            md.push_str("\n\nData moves as a stream; there are no separate runs.")
        }
        Frequency::OnDemand => md.push_str("\n\nThere is no schedule: someone or something asks."),
        _ => {}
    }
    md
}

fn bound_words(b: Bound) -> &'static str {
    match b {
        Bound::Exact => "",
        Bound::About => "about ",
        Bound::LessThan => "less than ",
    }
}

/// How a rate derived from a volume is marked: `<` when the volume is an
/// upper bound, else `≈` (it is rounded).
pub(crate) fn approx(v: &Volume) -> &'static str {
    if v.bound == Bound::LessThan {
        "<"
    } else {
        "≈"
    }
}

/// `records`, or `record` for exactly one.
pub(crate) fn unit_for(v: &Volume, amount: f64) -> &'static str {
    if amount == 1.0 {
        v.unit.singular()
    } else {
        v.unit.plural()
    }
}

/// What a volume comes to a day and a run, where it says something new;
/// `cite` names the frequency used.
fn volume_rates(v: &Volume, frequency: Option<&Frequency>, cite: bool) -> Vec<String> {
    let mut rates = Vec::new();
    let per_run = matches!(v.period, None | Some(Period::Run));
    let by = |f: Option<&Frequency>| {
        f.filter(|_| cite)
            .map(|f| format!(", run `{}`", f.display()))
    };
    if let Some(day) = v.per_day(frequency)
        && v.period != Some(Period::Day)
    {
        let with = if per_run { by(frequency) } else { None };
        rates.push(format!(
            "{} {} {} a day{}",
            approx(v),
            grouped(day),
            unit_for(v, day),
            with.unwrap_or_default()
        ));
    }
    if let Some(run) = v.per_run(frequency)
        && !per_run
    {
        rates.push(format!(
            "{} {} {} each run{}",
            approx(v),
            grouped(run),
            unit_for(v, run),
            by(frequency).unwrap_or_default()
        ));
    }
    rates
}

fn volume(v: &Volume, frequency: Option<&Frequency>) -> String {
    let amount = format!("{}{}", bound_words(v.bound), grouped(v.amount));
    let unit = unit_for(v, v.amount);
    let per = match v.period {
        Some(Period::Run) | None => "each run".to_string(),
        Some(Period::Event) => "for each event".to_string(),
        Some(Period::Hour) => "an hour".to_string(),
        Some(p) => format!("a {}", p.as_str()),
    };
    let mut md = format!("**Volume** `{}`: {amount} {unit} {per}.", v.display());
    let rates = volume_rates(v, frequency, true);
    if !rates.is_empty() {
        md.push('\n');
        for line in &rates {
            md.push_str(&format!("\n- {line}"));
        }
    }
    let per_run = matches!(v.period, None | Some(Period::Run));
    let missing = match (v.period, frequency) {
        (Some(Period::Event), _) => {
            Some("A volume per event has no daily rate: it depends on how many events come.")
        }
        (_, None) if per_run => Some("Answer the frequency to see the volume per day."),
        (_, None) => Some("Answer the frequency to see the volume per run."),
        (_, Some(f)) if f.runs_per_day().is_none() => Some(
            "The frequency has no fixed rate (`continuous` or `on-demand`), so the volume per run is not known.",
        ),
        _ => None,
    };
    if let Some(missing) = missing {
        md.push_str(&format!("\n\n{missing}"));
    }
    md
}

fn open_question(category: Category, word: OpenWord) -> String {
    format!(
        "**Open question** (`{}`) · {}\n\n*{}*\n\nThe design does not know the answer yet: Flowspec lists it as an open question rather than warning that it is unanswered.",
        word.as_str(),
        category.title(),
        category.question()
    )
}

fn tool_kind(kind: ToolKind) -> String {
    let others: Vec<&str> = ToolKind::ALL.iter().map(|k| k.as_str()).collect();
    format!(
        "**Kind** `{}`: {}.\n\nThe kinds: {}.",
        kind.as_str(),
        kind.describe(),
        others.join(", ")
    )
}

fn adaptor(name: &str) -> String {
    if !is_known_adaptor(name) {
        return format!("`{name}` is not an OpenFn adaptor Flowspec knows.");
    }
    let mut md = format!(
        "**OpenFn adaptor** `{name}`: the package `@openfn/language-{name}` connects OpenFn to it."
    );
    let tools: Vec<String> = crate::catalog::catalog()
        .entries()
        .iter()
        .filter(|e| e.adaptor.as_deref() == Some(name))
        .map(|e| format!("{} (`{}`)", e.name, e.id))
        .collect();
    if !tools.is_empty() {
        md.push_str(&format!("\n\nThe catalog's tool: {}.", tools.join(", ")));
    }
    md
}

/// A tool or role name: what it is and where it is used.
fn symbol(workspace: &Workspace, name: &str) -> String {
    let mut md = String::new();
    match workspace.resolve(name) {
        Resolution::Declared {
            file,
            decl,
            catalog,
        } => {
            let title = decl
                .display_name
                .as_deref()
                .or(catalog.map(|c| c.name.as_str()))
                .unwrap_or(name);
            md.push_str(&format!(
                "**{}** · {} `{name}`",
                escape(title),
                decl.kind.keyword()
            ));
            if let Some(doc) = &decl.doc {
                md.push_str(&format!("\n\n{doc}"));
            }
            let mut facts = Vec::new();
            match decl.kind {
                DeclKind::Role => facts.push(
                    "A person or team: each step through this role is a manual step, a candidate for automation".to_string(),
                ),
                DeclKind::Tool => {
                    let kind = decl.tool_kind.map(|k| (k, "")).or(catalog.map(|c| (c.kind, " (from the catalog)")));
                    if let Some((kind, source)) = kind {
                        facts.push(format!("Kind: `{}`, {}{source}", kind.as_str(), kind.describe()));
                    }
                    let adaptor = decl.adaptor.as_deref().map(|a| (a, "")).or(catalog
                        .and_then(|c| c.adaptor.as_deref())
                        .map(|a| (a, " (from the catalog)")));
                    match adaptor {
                        Some((a, source)) => facts.push(format!("OpenFn adaptor: `{a}`{source}")),
                        None => facts.push("OpenFn adaptor: none known".to_string()),
                    }
                }
            }
            if let Some(owner) = &decl.owner {
                facts.push(format!("Owner: {}", escape(owner)));
            }
            if let Some(url) = &decl.url {
                facts.push(format!("URL: <{url}>"));
            }
            if let Some(notes) = &decl.notes {
                facts.push(format!("Notes: {}", escape(notes)));
            }
            let declared = workspace.declarations(name).len();
            let mut place = format!("Declared in `{}`", file_name(workspace, file));
            if let Some(c) = catalog {
                place.push_str(&format!(", refining the catalog's {}", escape(&c.name)));
            }
            if declared > 1 {
                place.push_str(&format!(" (declared {declared} times: keep one)"));
            }
            facts.push(place);
            push_facts(&mut md, &facts);
            if let Some(c) = catalog {
                md.push_str(&format!("\n\n*Catalog:* {}", escape(&c.description)));
            }
        }
        Resolution::Catalog(entry) => {
            catalog_tool(&mut md, name, entry);
        }
        Resolution::Unknown => {
            md.push_str(&format!(
                "`{name}` is not a declared tool or role, nor a tool Flowspec knows. Declare it: `tool {name} \"Display name\"`."
            ));
            return md;
        }
    }
    md.push_str("\n\n");
    md.push_str(&usage(workspace, name));
    md
}

fn catalog_tool(md: &mut String, name: &str, entry: &CatalogEntry) {
    md.push_str(&format!("**{}** · tool `{name}`", escape(&entry.name)));
    md.push_str(&format!("\n\n{}", escape(&entry.description)));
    let mut facts = vec![format!(
        "Kind: `{}`, {}",
        entry.kind.as_str(),
        entry.kind.describe()
    )];
    match &entry.adaptor {
        Some(a) => facts.push(format!("OpenFn adaptor: `{a}`")),
        None => facts.push("OpenFn adaptor: none known".to_string()),
    }
    let mut place = "From Flowspec's catalog: no declaration needed".to_string();
    if entry.id != name {
        place.push_str(&format!(" (`{name}` is another name for `{}`)", entry.id));
    }
    facts.push(place);
    push_facts(md, &facts);
}

fn push_facts(md: &mut String, facts: &[String]) {
    md.push('\n');
    for fact in facts {
        md.push_str(&format!("\n- {fact}"));
    }
}

/// Where a name is used: how many flows, which.
fn usage(workspace: &Workspace, name: &str) -> String {
    const SHOWN: usize = 10;
    let mut flows: Vec<(String, String)> = Vec::new();
    for file in workspace.files_using(name) {
        let Some(data) = workspace.file(file) else {
            continue;
        };
        let file_name = file_name(workspace, file);
        for flow in &data.model.flows {
            if flow.steps.iter().any(|s| s.text == name) {
                flows.push((flow.display_name.clone(), file_name.clone()));
            }
        }
    }
    match flows.len() {
        0 => "Not used in any flow yet.".to_string(),
        n => {
            let mut md = format!("Used in {n} flow{}:", if n == 1 { "" } else { "s" });
            for (flow, file) in flows.iter().take(SHOWN) {
                md.push_str(&format!("\n- `{flow}` in `{file}`"));
            }
            if n > SHOWN {
                md.push_str(&format!("\n- … and {} more", n - SHOWN));
            }
            md
        }
    }
}

/// A file's name, for people: the last part of its path or URI, decoded.
fn file_name(workspace: &Workspace, file: FileId) -> String {
    let Some(data) = workspace.file(file) else {
        return String::new();
    };
    let last = data.path.rsplit(['/', '\\']).next().unwrap_or(&data.path);
    percent_decode(last)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The flow's six answers, as a table.
fn flow_table(workspace: &Workspace, flow: &FlowInfo) -> String {
    let answered = flow.answers.answered_count();
    let title = match &flow.name {
        Some(name) => format!("**flow `{}`**", name.text),
        None => format!("**flow `{}`** (anonymous)", flow.display_name),
    };
    let mut md = format!("{title} · {answered} of 6 questions answered");
    if let Some(doc) = &flow.doc {
        md.push_str(&format!("\n\n{doc}"));
    }
    md.push_str("\n\n| Question | Answer |\n|---|---|");
    for category in Category::ALL {
        let cell = match category {
            Category::Tools => {
                let steps: Vec<String> = flow
                    .steps
                    .iter()
                    .map(|s| {
                        let role = matches!(
                            workspace.resolve(&s.text),
                            Resolution::Declared { decl, .. } if decl.kind == DeclKind::Role
                        );
                        if role {
                            format!("`{}` (a person)", s.text)
                        } else {
                            format!("`{}`", s.text)
                        }
                    })
                    .collect();
                steps.join(" → ")
            }
            other => answer_cell(&flow.answers, other),
        };
        md.push_str(&format!("\n| {} | {} |", category.title(), cell));
    }
    let mut more = Vec::new();
    if let Some(status) = flow.status {
        more.push(format!("Status: `{}`", status.as_str()));
    }
    if let Some(owner) = &flow.owner {
        more.push(format!("Owner: {}", escape(owner)));
    }
    if let Some(notes) = &flow.notes {
        more.push(format!("Notes: {}", escape(notes)));
    }
    if !more.is_empty() {
        md.push_str(&format!("\n\n{}", more.join(" · ")));
    }
    md
}

/// One answer in words, for a table cell.
fn answer_cell(answers: &Answers, category: Category) -> String {
    fn state<T>(answer: &Option<Answer<T>>, known: impl Fn(&T) -> String) -> String {
        match answer.as_ref().map(|a| &a.state) {
            None => "*unanswered*".to_string(),
            Some(AnswerState::Open(word)) => format!("*open question ({})*", word.as_str()),
            Some(AnswerState::Invalid) => "*not understood: see the error*".to_string(),
            Some(AnswerState::Known(value)) => known(value),
        }
    }
    let frequency = answers.frequency();
    let cell = match category {
        Category::Tools => String::new(),
        Category::Data => state(&answers.data, |items| {
            items
                .iter()
                .map(|s| escape(s))
                .collect::<Vec<_>>()
                .join("; ")
        }),
        Category::Transform => state(&answers.transform, |t| match t {
            Transform::None => "none: the data goes through as it is".to_string(),
            Transform::Text(texts) => texts
                .iter()
                .map(|s| escape(s))
                .collect::<Vec<_>>()
                .join("; "),
            Transform::Steps(steps) => steps
                .iter()
                .map(|s| match &s.to {
                    Some(to) => format!("`{}`: {} → {}", s.field, escape(&s.from), escape(to)),
                    None => format!("`{}`: {}", s.field, escape(&s.from)),
                })
                .collect::<Vec<_>>()
                .join("; "),
        }),
        Category::Timing => state(&answers.timing, |t| {
            let mut s = format!("`{}`: {}", t.kind.as_str(), t.kind.describe());
            if let Some(note) = &t.note {
                s.push_str(&format!(" ({})", escape(note)));
            }
            s
        }),
        Category::Frequency => state(&answers.frequency, |f| {
            format!("`{}`: {}", f.display(), frequency_sentence(f))
        }),
        Category::Volume => state(&answers.volume, |v| {
            let rates = volume_rates(v, frequency, false);
            if rates.is_empty() {
                format!("`{}`", v.display())
            } else {
                format!("`{}` ({})", v.display(), rates.join(", "))
            }
        }),
    };
    cell.replace('\n', " ")
}

/// A rate for people, with thousands grouped: `2,760`, `1.5`, `12,300`.
pub(crate) fn grouped(value: f64) -> String {
    let s = format_rate(value);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let digits = int.trim_start_matches('-');
    let mut out = String::with_capacity(s.len() + digits.len() / 3);
    if int.starts_with('-') {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Text from a design, made safe for Markdown (and table cells).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '|' | '<' | '>' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (Workspace, FileId, usize) {
        let offset = text.find("$0").expect("a $0 marker");
        let clean = text.replace("$0", "");
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("file:///w/a.flow", clean);
        (ws, id, offset)
    }

    fn hover_text(text: &str) -> Option<(String, String)> {
        let (ws, id, offset) = at(text);
        let h = hover(&ws, id, offset)?;
        let file = ws.file(id).unwrap();
        Some((file.text[h.span.range()].to_string(), h.markdown))
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(2759.8), "2,760");
        assert_eq!(grouped(12000.0), "12,000");
        assert_eq!(grouped(1_234_567.0), "1,230,000");
        assert_eq!(grouped(394.26), "394");
        assert_eq!(grouped(1.5), "1.5");
        assert_eq!(grouped(0.033), "0.03");
    }

    #[test]
    fn nothing_over_whitespace_comments_and_punctuation() {
        for text in [
            "flow f: a -> b {  $0  data: \"x\" }",
            "# a comm$0ent\ncommcare -> dhis2",
            "flow f: a -> b {\n  data:$0 \"x\" }",
            "commcare $0-> dhis2",
            "tool x {$0 kind: mis }",
            "tool x \"Na$0me\"",
        ] {
            assert_eq!(hover_text(text), None, "{text}");
        }
    }

    #[test]
    fn the_cursor_just_after_a_word_is_on_it() {
        let (word, md) = hover_text("commcare$0 -> dhis2").unwrap();
        assert_eq!(word, "commcare");
        assert!(md.contains("**CommCare**"), "{md}");
        // Before punctuation glued to the word, too.
        let (word, md) = hover_text("commcare$0->dhis2").unwrap();
        assert_eq!(word, "commcare");
        assert!(md.contains("**CommCare**"), "{md}");
        let (word, md) = hover_text("flow f$0: commcare -> dhis2").unwrap();
        assert_eq!(word, "f");
        assert!(md.contains("| Tools | `commcare` → `dhis2` |"), "{md}");
    }

    #[test]
    fn volumes_show_rates_with_the_frequency() {
        let (word, md) = hover_text(
            "flow f: a -> b {\n  frequency: weekly\n  volume: ~12000 rec$0ords/month\n}",
        )
        .unwrap();
        assert_eq!(word, "~12000 records/month");
        assert!(md.contains("about 12,000 records a month"), "{md}");
        assert!(md.contains("≈ 394 records a day"), "{md}");
        assert!(
            md.contains("≈ 2,760 records each run, run `weekly`"),
            "{md}"
        );
    }

    #[test]
    fn shorthand_words_read_as_the_lowering_reads_them() {
        let (word, md) = hover_text("a -> b batch \"why\" every 2 ho$0urs ~5 forms").unwrap();
        assert_eq!(word, "every 2 hours");
        assert!(md.contains("≈ 12 runs a day"), "{md}");
        let (word, md) = hover_text("a -> b batch \"why\" every 2 hours ~5$0 forms").unwrap();
        assert_eq!(word, "~5 forms");
        assert!(md.contains("≈ 60 forms a day"), "{md}");
        let (word, _) = hover_text("a -> b bat$0ch \"why\"").unwrap();
        assert_eq!(word, "batch \"why\"");
        assert_eq!(hover_text("a -> b montly$0"), None);
    }

    #[test]
    fn category_keys_show_the_question_and_the_answer() {
        let (word, md) = hover_text("flow f: a -> b daily {\n  tim$0ing: tbd\n}").unwrap();
        assert_eq!(word, "timing");
        assert!(md.contains("*What initiates this data flow?*"), "{md}");
        assert!(md.contains("**This flow:** *open question (tbd)*"), "{md}");
        let (_, md) = hover_text("flow f: a -> b {\n  volume$0: 5 MB\n}").unwrap();
        assert!(md.contains("**This flow:** `5 MB`"), "{md}");
        let (_, md) = hover_text("flow f: a -> b {\n  data$0: \"x\"\n}").unwrap();
        assert!(md.contains("**This flow:** x"), "{md}");
        // Not a key of this item: nothing.
        assert_eq!(hover_text("tool t {\n  volume$0: 5 MB\n}"), None);
    }
}
