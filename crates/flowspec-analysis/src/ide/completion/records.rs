//! Completion around records: record names (after `data:`, `keeps` /
//! `owns`, as a field's type), the fields of a record (in its `keeps`
//! block, and on a flow's mapping lines: the target's fields as keys, the
//! source's as values), formats (a conversion from the source's format to
//! the target's, a field's or kept field's format) and codes (a code list
//! from the source's codes to the target's).
//!
//! Which tool keeps a field how is the flow's: its first step is the
//! source, its last the target, as the checks read them.

use flowspec_syntax::SmolStr;
use flowspec_syntax::ast::ItemKind;
use flowspec_syntax::lexer::{Token, TokenKind as T};

use super::context::Cx;
use super::{CompletionItem, CompletionKind};
use crate::Resolution;
use crate::model::FlowInfo;
use crate::records::format::NAMED;
use crate::records::{FieldInfo, Format, MAPPING_WORDS, MARKS, RecordInfo, TYPES};

/// Common date patterns offered beside the named formats.
const PATTERNS: [&str; 4] = [
    "YYYY-MM-DD",
    "DD/MM/YYYY",
    "MM/DD/YYYY",
    "YYYY-MM-DDTHH:mm:ss",
];

/// Where the cursor is on a line of a block: at its key, or after
/// `key:` with these tokens between the colon and the cursor.
enum Line<'t> {
    Key,
    Value { key: &'t str, rest: &'t [Token] },
}

impl<'a> Cx<'a> {
    /// The colon of the line the cursor is on, in the block opened at
    /// `open`: the last `key:` at that depth before the cursor.
    pub(super) fn line_colon(&self, open: usize) -> Option<usize> {
        let mut depth = 0u32;
        for j in (open + 1..self.before).rev() {
            match self.sig[j].kind {
                T::RBrace => depth += 1,
                T::LBrace => depth = depth.saturating_sub(1),
                T::Colon if depth == 0 && j > open + 1 && self.sig[j - 1].kind == T::Ident => {
                    return Some(j);
                }
                _ => {}
            }
        }
        None
    }

    fn line(&self, open: usize) -> Line<'a> {
        let last = self.kind(0);
        let Some(colon) = self.line_colon(open) else {
            return Line::Key;
        };
        if last == Some(T::LBrace)
            || last == Some(T::RBrace)
            || (last != Some(T::Colon) && self.on_new_line() && !self.in_open_list(colon))
        {
            return Line::Key;
        }
        Line::Value {
            key: &self.text[self.sig[colon - 1].span.range()],
            rest: &self.sig[colon + 1..self.before],
        }
    }

    /// Whether an unclosed `[` follows `colon` (a list may span lines).
    fn in_open_list(&self, colon: usize) -> bool {
        let mut depth = 0i32;
        for t in &self.sig[colon + 1..self.before] {
            match t.kind {
                T::LBracket => depth += 1,
                T::RBracket => depth -= 1,
                _ => {}
            }
        }
        depth > 0
    }

    fn word(&self, t: &Token) -> &'a str {
        &self.text[t.span.range()]
    }

    /// Every declared record, for a place that names one.
    pub(super) fn record_names(&self) -> Vec<CompletionItem> {
        let mut names: Vec<&str> = self.workspace.record_names().collect();
        names.sort_unstable();
        names
            .into_iter()
            .enumerate()
            .filter_map(|(rank, name)| {
                let (_, record) = self.workspace.record(name)?;
                Some(record_item(record).sort(0, rank))
            })
            .collect()
    }

    /// In a flow's block, after `data:`: record names where one may stand
    /// (first, after `->`, in a list). `None` when it is not that place.
    pub(super) fn data_value(&self, rest: &[Token]) -> Option<Vec<CompletionItem>> {
        self.workspace.record_names().next()?;
        match rest.last().map(|t| t.kind) {
            None | Some(T::Arrow | T::LBracket | T::Comma) => Some(self.record_names()),
            _ => None,
        }
    }

    /// In a tool's block, right after `keeps` or `owns` at a line's start.
    pub(super) fn after_keeps(&self) -> Option<Vec<CompletionItem>> {
        let j = self.before.checked_sub(1)?;
        let t = self.sig[j];
        if t.kind != T::Ident || !matches!(self.word(&t), "keeps" | "owns") {
            return None;
        }
        let line_start = match j.checked_sub(1) {
            Some(p) => {
                self.text[self.sig[p].span.end as usize..t.span.start as usize].contains('\n')
                    || self.sig[p].kind == T::LBrace
            }
            None => true,
        };
        line_start.then(|| self.record_names())
    }

    /// In a record's block: after `name:`, the types and records; after a
    /// type, the marks not yet written (and formats, for a date).
    pub(super) fn record_block(&self, open: usize) -> Option<Vec<CompletionItem>> {
        let Line::Value { rest, .. } = self.line(open) else {
            return None;
        };
        let Some(first) = rest.first() else {
            let mut items: Vec<CompletionItem> = TYPES
                .iter()
                .enumerate()
                .map(|(rank, t)| CompletionItem::new(*t, CompletionKind::Keyword).sort(0, rank))
                .collect();
            items.extend(self.record_names().into_iter().map(|i| CompletionItem {
                sort: format!("1{}", i.sort),
                ..i
            }));
            return Some(items);
        };
        if rest.iter().any(|t| matches!(t.kind, T::LBracket))
            && !rest.iter().any(|t| t.kind == T::RBracket)
        {
            return None; // a choice's codes: the designer's own
        }
        let written: Vec<&str> = rest.iter().map(|t| self.word(t)).collect();
        let mut items: Vec<CompletionItem> = MARKS
            .iter()
            .filter(|m| !written.contains(m))
            .enumerate()
            .map(|(rank, m)| CompletionItem::new(*m, CompletionKind::Keyword).sort(0, rank))
            .collect();
        let dated = matches!(self.word(first), "date" | "datetime");
        let has_format = rest.iter().any(|t| t.kind == T::String)
            || written.iter().any(|w| NAMED.iter().any(|(n, _)| n == w));
        if dated && !has_format && rest.len() == 1 {
            items.extend(format_items(1));
        }
        Some(items)
    }

    /// In a tool's `keeps RECORD { … }`: the record's fields not yet listed;
    /// after `field:`, what a kept field's line takes.
    pub(super) fn kept_block(&self, record: &str, open: usize) -> Option<Vec<CompletionItem>> {
        let (_, info) = self.workspace.record(record)?;
        match self.line(open) {
            Line::Key => {
                let listed = self.keys_listed(open);
                Some(field_items(info, &listed, ": "))
            }
            Line::Value { key, rest } => {
                let field = info.field(key)?;
                let written: Vec<&str> = rest.iter().map(|t| self.word(t)).collect();
                if rest
                    .last()
                    .is_some_and(|t| t.kind == T::Ident && self.word(t) == "as")
                {
                    return None; // the field's name in that system, in quotes
                }
                let mut items = Vec::new();
                if rest.is_empty() {
                    items.push(
                        CompletionItem::new("none", CompletionKind::Keyword)
                            .detail("this tool does not keep the field")
                            .sort(0, 0),
                    );
                }
                if !written.contains(&"as") {
                    items.push(
                        CompletionItem::new("as", CompletionKind::Keyword)
                            .detail("the field's name in this system")
                            .snippet("as \"$1\"$0")
                            .sort(0, 1),
                    );
                }
                let has_format = rest.iter().any(|t| {
                    t.kind == T::String && self.word(t) != "\"as\"" && !self.after_as(rest, t)
                });
                if field.ty.is_dated() && !has_format {
                    items.extend(format_items(1));
                }
                if let Some(codes) = field.ty.codes()
                    && !rest.iter().any(|t| t.kind == T::LBracket)
                {
                    let list = codes
                        .iter()
                        .enumerate()
                        .map(|(i, c)| format!("\"${{{}:{}}}\"", i + 1, snippet_escape(c)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    items.push(
                        CompletionItem::new("[codes]", CompletionKind::Code)
                            .detail(format!("the codes this tool uses for {}", codes.join(", ")))
                            .snippet(format!("[{list}]"))
                            .sort(2, 0),
                    );
                }
                Some(items)
            }
        }
    }

    fn after_as(&self, rest: &[Token], t: &Token) -> bool {
        rest.iter()
            .position(|x| x.span == t.span)
            .and_then(|i| i.checked_sub(1))
            .is_some_and(|i| self.word(&rest[i]) == "as")
    }

    /// The keys of the lines already in the block opened by `sig[open]`.
    fn keys_listed(&self, open: usize) -> Vec<&'a str> {
        let mut out = Vec::new();
        let mut depth = 0u32;
        for j in open + 1..self.sig.len() {
            match self.sig[j].kind {
                T::LBrace => depth += 1,
                T::RBrace if depth == 0 => break,
                T::RBrace => depth -= 1,
                T::Colon
                    if depth == 0
                        && self.sig[j - 1].kind == T::Ident
                        && Some(self.sig[j - 1]) != self.prefix =>
                {
                    out.push(self.word(&self.sig[j - 1]));
                }
                _ => {}
            }
        }
        out
    }

    /// In the transform block of a flow that moves records: the target's
    /// fields as keys; after `key:`, the source's fields, the mapping
    /// words, a conversion or a code list; inside a code list, codes.
    pub(super) fn mapping(&self, flow: &'a FlowInfo, open: usize) -> Option<Vec<CompletionItem>> {
        let records = |names: Vec<&SmolStr>| -> Vec<&'a RecordInfo> {
            let mut out: Vec<&RecordInfo> = Vec::new();
            for n in names {
                if let Some((_, r)) = self.workspace.record(n)
                    && !out.iter().any(|o| o.name.text == r.name.text)
                {
                    out.push(r);
                }
            }
            out
        };
        let targets = records(flow.records.iter().map(|m| &m.target.text).collect());
        let sources = records(flow.records.iter().map(|m| &m.source.text).collect());
        let ends = Ends::of(self, flow);
        match self.line(open) {
            Line::Key => {
                let listed = self.keys_listed(open);
                let mut items = Vec::new();
                for t in &targets {
                    items.extend(field_items(t, &listed, ": "));
                }
                Some(items)
            }
            Line::Value { key, rest } => {
                let target = targets.iter().find_map(|r| r.field(key));
                let source_of = |name: &str| sources.iter().find_map(|r| r.field(name));
                // Inside a code list: source codes, or after `->` target codes.
                if self.in_list(rest) {
                    let from = rest
                        .first()
                        .filter(|t| t.kind == T::Ident)
                        .map_or(key, |t| self.word(t));
                    let last = rest.last().map(|t| t.kind);
                    return match last {
                        Some(T::Arrow) => {
                            let codes = ends.target_codes(&targets, target?)?;
                            Some(code_items(codes, ""))
                        }
                        Some(T::LBracket | T::Comma) => {
                            let field = source_of(from)?;
                            let codes = ends.source_codes(&sources, field)?;
                            let done: Vec<String> = rest
                                .windows(2)
                                .filter(|w| w[1].kind == T::Arrow && w[0].kind == T::String)
                                .map(|w| unquote(self.word(&w[0])))
                                .collect();
                            let left: Vec<String> = codes
                                .iter()
                                .filter(|c| !done.contains(c))
                                .cloned()
                                .collect();
                            Some(code_items(&left, " -> "))
                        }
                        _ => None,
                    };
                }
                match rest {
                    [] => {
                        let mut items = Vec::new();
                        if let Some(t) = target {
                            items.extend(self.conversion(&ends, &targets, &sources, t, key));
                        }
                        for s in &sources {
                            items.extend(field_items(s, &[], "").into_iter().map(|mut i| {
                                if i.label == key {
                                    i.preselect = true;
                                    i.sort = format!("1{}", i.sort);
                                } else {
                                    i.sort = format!("2{}", i.sort);
                                }
                                i
                            }));
                        }
                        items.extend(MAPPING_WORDS.iter().enumerate().map(|(rank, w)| {
                            CompletionItem::new(*w, CompletionKind::Keyword)
                                .detail(mapping_word(w))
                                .sort(5, rank)
                        }));
                        Some(items)
                    }
                    [one] if one.kind == T::Ident && !MAPPING_WORDS.contains(&self.word(one)) => {
                        let t = target?;
                        let items = self.conversion(&ends, &targets, &sources, t, self.word(one));
                        (!items.is_empty()).then_some(items)
                    }
                    [one]
                        if one.kind == T::Ident
                            && matches!(
                                self.word(one),
                                "lookup"
                                    | "sum"
                                    | "count"
                                    | "average"
                                    | "min"
                                    | "max"
                                    | "aggregate"
                            ) =>
                    {
                        let mut items = Vec::new();
                        for s in &sources {
                            items.extend(field_items(s, &[], ""));
                        }
                        Some(items)
                    }
                    [.., s, a] if s.kind == T::String && a.kind == T::Arrow => {
                        let t = target?;
                        let format = ends.target_format(&targets, t)?;
                        Some(vec![
                            CompletionItem::new(
                                format!("\"{}\"", format.written),
                                CompletionKind::Format,
                            )
                            .detail(format!("how `{}` keeps `{}`", ends.target, t.name.text))
                            .sort(0, 0),
                        ])
                    }
                    _ => None,
                }
            }
        }
    }

    fn in_list(&self, rest: &[Token]) -> bool {
        let mut depth = 0i32;
        for t in rest {
            match t.kind {
                T::LBracket => depth += 1,
                T::RBracket => depth -= 1,
                _ => {}
            }
        }
        depth > 0
    }

    /// A conversion from how the source keeps field `from` to how the
    /// target keeps `target`, when they differ; a code list when both are
    /// choices.
    fn conversion(
        &self,
        ends: &Ends<'a>,
        targets: &[&'a RecordInfo],
        sources: &[&'a RecordInfo],
        target: &'a FieldInfo,
        from: &str,
    ) -> Vec<CompletionItem> {
        let Some(source) = sources.iter().find_map(|r| r.field(from)) else {
            return Vec::new();
        };
        let mut items = Vec::new();
        if let (Some(a), Some(b)) = (
            ends.source_format(sources, source),
            ends.target_format(targets, target),
        ) && !a.same(b)
        {
            let example = a
                .worked_example(b)
                .map(|e| format!("\n\nFor example: `{e}`"))
                .unwrap_or_default();
            items.push(
                CompletionItem::new(
                    format!("\"{}\" -> \"{}\"", a.written, b.written),
                    CompletionKind::Format,
                )
                .detail(format!(
                    "convert from `{}`'s format to `{}`'s",
                    ends.source, ends.target
                ))
                .docs(format!(
                    "`{}` keeps `{}` as {}, `{}` keeps `{}` as {}.{example}",
                    ends.source,
                    source.name.text,
                    a.written,
                    ends.target,
                    target.name.text,
                    b.written
                ))
                .sort(0, 0),
            );
        }
        if let (Some(a), Some(b)) = (
            ends.source_codes(sources, source),
            ends.target_codes(targets, target),
        ) && a != b
        {
            let pairs = a
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let guess = b.get(i).map(String::as_str).unwrap_or_default();
                    format!(
                        "\"{}\" -> \"${{{}:{}}}\"",
                        snippet_escape(c),
                        i + 1,
                        snippet_escape(guess)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            items.push(
                CompletionItem::new(format!("[{} codes]", a.len()), CompletionKind::Code)
                    .detail(format!(
                        "map {} of `{}` to {} of `{}`",
                        a.join(", "),
                        ends.source,
                        b.join(", "),
                        ends.target
                    ))
                    .snippet(format!("[{pairs}]"))
                    .sort(0, 1),
            );
        }
        items
    }
}

/// The flow's two ends: the tools whose `keeps` say how each keeps a field.
struct Ends<'a> {
    source: &'a str,
    target: &'a str,
    source_decl: Option<&'a crate::model::DeclInfo>,
    target_decl: Option<&'a crate::model::DeclInfo>,
}

impl<'a> Ends<'a> {
    fn of(cx: &Cx<'a>, flow: &'a FlowInfo) -> Ends<'a> {
        let decl = |name: Option<&'a flowspec_syntax::ast::Name>| {
            name.and_then(|n| match cx.workspace.resolve(&n.text) {
                Resolution::Declared { decl, .. } => Some(decl),
                _ => None,
            })
        };
        Ends {
            source: flow.steps.first().map_or("", |n| n.text.as_str()),
            target: flow.steps.last().map_or("", |n| n.text.as_str()),
            source_decl: decl(flow.steps.first()),
            target_decl: decl(flow.steps.last()),
        }
    }

    fn kept(
        decl: Option<&'a crate::model::DeclInfo>,
        records: &[&'a RecordInfo],
        field: &'a FieldInfo,
    ) -> Option<&'a crate::records::KeptField> {
        let record = records
            .iter()
            .find(|r| r.fields.iter().any(|f| std::ptr::eq(f, field)))?;
        decl?.kept(&record.name.text)?.field(&field.name.text)
    }

    fn source_format(
        &self,
        records: &[&'a RecordInfo],
        field: &'a FieldInfo,
    ) -> Option<&'a Format> {
        Self::kept(self.source_decl, records, field)
            .and_then(|k| k.format.as_ref())
            .or(field.format.as_ref())
    }

    fn target_format(
        &self,
        records: &[&'a RecordInfo],
        field: &'a FieldInfo,
    ) -> Option<&'a Format> {
        Self::kept(self.target_decl, records, field)
            .and_then(|k| k.format.as_ref())
            .or(field.format.as_ref())
    }

    fn source_codes(
        &self,
        records: &[&'a RecordInfo],
        field: &'a FieldInfo,
    ) -> Option<&'a [String]> {
        Self::kept(self.source_decl, records, field)
            .and_then(|k| k.codes.as_deref())
            .or(field.ty.codes())
    }

    fn target_codes(
        &self,
        records: &[&'a RecordInfo],
        field: &'a FieldInfo,
    ) -> Option<&'a [String]> {
        Self::kept(self.target_decl, records, field)
            .and_then(|k| k.codes.as_deref())
            .or(field.ty.codes())
    }
}

fn record_item(record: &RecordInfo) -> CompletionItem {
    let mut item = CompletionItem::new(record.name.text.as_str(), CompletionKind::Record).detail(
        match &record.display_name {
            Some(d) => format!("record · {d}"),
            None => "record".to_string(),
        },
    );
    if let Some(doc) = &record.doc {
        item = item.docs(doc.clone());
    }
    item
}

/// A record's fields not in `listed`, required and identifier ones first;
/// each inserts its name and `after`.
fn field_items(record: &RecordInfo, listed: &[&str], after: &str) -> Vec<CompletionItem> {
    record
        .fields
        .iter()
        .filter(|f| !listed.contains(&f.name.text.as_str()))
        .enumerate()
        .map(|(rank, f)| {
            let group = if f.identifier || f.required { 0 } else { 1 };
            let mut detail = format!("{}.{} · {}", record.name.text, f.name.text, f.ty.describe());
            if let Some(format) = &f.format {
                detail.push_str(&format!(" as {}", format.written));
            }
            for (on, mark) in [
                (f.identifier, "identifier"),
                (f.required, "required"),
                (f.personal, "personal data"),
            ] {
                if on {
                    detail.push_str(&format!(" · {mark}"));
                }
            }
            let mut item = CompletionItem::new(f.name.text.as_str(), CompletionKind::Field)
                .detail(detail)
                .sort(group, rank);
            item.insert = format!("{}{after}", f.name.text);
            if let Some(doc) = &f.doc {
                item = item.docs(doc.clone());
            }
            item
        })
        .collect()
}

/// The named formats and common date patterns.
fn format_items(group: u8) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = NAMED
        .iter()
        .enumerate()
        .map(|(rank, (name, meaning))| {
            CompletionItem::new(*name, CompletionKind::Format)
                .detail(*meaning)
                .sort(group, rank)
        })
        .collect();
    items.extend(PATTERNS.iter().enumerate().map(|(rank, p)| {
        let example = Format::date(p)
            .and_then(|f| f.example())
            .map(|e| format!("31 December 2024 is {e}"))
            .unwrap_or_default();
        CompletionItem::new(format!("\"{p}\""), CompletionKind::Format)
            .detail(example)
            .sort(group, NAMED.len() + rank)
    }));
    items
}

fn code_items(codes: &[String], after: &str) -> Vec<CompletionItem> {
    codes
        .iter()
        .enumerate()
        .map(|(rank, c)| {
            let mut item =
                CompletionItem::new(format!("\"{c}\""), CompletionKind::Code).sort(0, rank);
            item.insert = format!("\"{c}\"{after}");
            item
        })
        .collect()
}

fn mapping_word(word: &str) -> &'static str {
    match word {
        "const" => "the same value for every record: `const \"ET\"`",
        "lookup" => "a value looked up elsewhere (a person implements it)",
        "rule" => "a rule in words, for a person to implement",
        "aggregate" => "many source records into one, in words",
        "sum" | "count" | "average" | "min" | "max" => "many source records into one value",
        _ => "",
    }
}

fn unquote(s: &str) -> String {
    s.trim_matches('"').to_string()
}

/// Text safe inside a snippet placeholder.
fn snippet_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('$', "\\$")
        .replace('}', "\\}")
        .replace('"', "\\\"")
}

/// The record a `keeps RECORD {` block holds, from the tokens before `{`.
pub(super) fn kept_record_of<'t>(text: &'t str, sig: &[Token], open: usize) -> Option<&'t str> {
    let name = sig.get(open.checked_sub(1)?)?;
    let verb = sig.get(open.checked_sub(2)?)?;
    (name.kind == T::Ident
        && verb.kind == T::Ident
        && matches!(&text[verb.span.range()], "keeps" | "owns"))
    .then(|| &text[name.span.range()])
}

/// Whether the block opened at `sig[open]` is a `transform { … }`.
pub(super) fn is_transform(text: &str, sig: &[Token], open: usize) -> bool {
    let Some(j) = open.checked_sub(1) else {
        return false;
    };
    let key = match sig[j].kind {
        T::Colon => j.checked_sub(1).map(|k| sig[k]),
        _ => Some(sig[j]),
    };
    key.is_some_and(|k| k.kind == T::Ident && &text[k.span.range()] == "transform")
}

impl<'a> Cx<'a> {
    /// In a block inside an item's block (`sig[outer]` opens the item's):
    /// a tool's `keeps RECORD { … }`, or the transform block of a flow that
    /// moves records.
    pub(super) fn nested(&self, outer: usize, open: usize) -> Option<Vec<CompletionItem>> {
        let (item, kind) = self.item_at(self.sig[outer])?;
        match kind {
            ItemKind::Tool(_) => {
                let record = kept_record_of(self.text, self.sig, open)?;
                self.kept_block(record, open)
            }
            ItemKind::Flow(_) if is_transform(self.text, self.sig, open) => {
                let flow = self.flow_info(item)?;
                if flow.records.is_empty() {
                    return None;
                }
                self.mapping(flow, open)
            }
            _ => None,
        }
    }
}
