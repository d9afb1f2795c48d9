//! Document symbols (the outline of one file) and workspace symbols (the
//! tools, roles and named flows of every file, found by a fuzzy query).
//!
//! The outline lists the items in source order, one symbol each: each tool
//! and role (its detail: display name and kind), and each flow (by its name,
//! or by its chain when it has none; its detail: the chain, how many of the
//! six questions it answers, and its status when it has one; a long chain
//! is cut, never the state). A symbol has children only where they carry
//! navigation, named members of an item: a record's fields, and a tool's
//! kept records and sample records (a tool's block can run long). A flow's
//! answers are a line or two below its name, so a flow has none, and the
//! outline of a 10,000-line design of flows stays one line per item, as a
//! person reads it.

use flowspec_syntax::{SmolStr, Span};

use crate::catalog::catalog;
use crate::model::{DeclInfo, DeclKind, FlowInfo};
use crate::records::RecordInfo;
use crate::{FileData, FileId, Workspace};

/// What a symbol stands for; the server maps it to the protocol's kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SymbolKind {
    Tool,
    Role,
    Flow,
    /// A record (the kind of data), with its fields as children.
    Record,
    /// A field of a record.
    Field,
    /// A sample record in a tool's block.
    Sample,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole item, its doc comment included.
    pub span: Span,
    /// The name (a flow's chain when it has no name); inside `span`.
    pub focus: Span,
    /// Named members, each inside `span` (none for today's item kinds).
    pub children: Vec<DocumentSymbol>,
}

/// Longest detail shown; longer answers are cut with `…`.
const DETAIL_MAX: usize = 80;

/// The outline of one file, in source order.
pub fn document_symbols(file: &FileData) -> Vec<DocumentSymbol> {
    document_symbols_where(file, |_| true)
        .into_iter()
        .map(|(_, s)| s)
        .collect()
}

/// The symbols of the items `wanted` picks (by their index in the file's
/// tree), in source order, each with its item: what an editor's outline of
/// an edited file needs afresh when it keeps the others' (see
/// [`symbol_items`]).
pub fn document_symbols_where(
    file: &FileData,
    mut wanted: impl FnMut(usize) -> bool,
) -> Vec<(usize, DocumentSymbol)> {
    let model = &file.model;
    let mut out = Vec::new();
    in_order(file, |item| {
        if !wanted(item.index()) {
            return;
        }
        let symbol = match item {
            Entity::Decl(d) => decl_symbol(file, d),
            Entity::Flow(f) => flow_symbol(file, f),
            Entity::Record(r) => record_symbol(file, r),
        };
        out.push((item.index(), symbol));
    });
    debug_assert!(out.len() <= model.decls.len() + model.flows.len() + model.records.len());
    out
}

/// The items that have a symbol, in source order (by their index in the
/// file's tree).
pub fn symbol_items(file: &FileData) -> Vec<usize> {
    let mut out = Vec::new();
    in_order(file, |item| out.push(item.index()));
    out
}

/// What a symbol stands for in the model.
enum Entity<'a> {
    Decl(&'a DeclInfo),
    Flow(&'a FlowInfo),
    Record(&'a RecordInfo),
}

impl Entity<'_> {
    fn index(&self) -> usize {
        match self {
            Entity::Decl(d) => d.item,
            Entity::Flow(f) => f.item,
            Entity::Record(r) => r.item,
        }
    }
}

/// The model's declarations, flows and records in source order (each list
/// is in order already: merged, not sorted).
fn in_order<'a>(file: &'a FileData, mut each: impl FnMut(Entity<'a>)) {
    let model = &file.model;
    let (mut decls, mut flows, mut records) = (
        model.decls.iter().peekable(),
        model.flows.iter().peekable(),
        model.records.iter().peekable(),
    );
    loop {
        let next = [
            decls.peek().map(|d| d.item),
            flows.peek().map(|f| f.item),
            records.peek().map(|r| r.item),
        ];
        let Some(first) = next.iter().flatten().min().copied() else {
            return;
        };
        if next[0] == Some(first) {
            each(Entity::Decl(decls.next().expect("peeked")));
        } else if next[1] == Some(first) {
            each(Entity::Flow(flows.next().expect("peeked")));
        } else {
            each(Entity::Record(records.next().expect("peeked")));
        }
    }
}

/// The item's span, with its doc comment.
fn item_span(file: &FileData, item: usize, fallback: Span) -> Span {
    match file.tree.items.get(item) {
        Some(item) => match &item.doc {
            Some(doc) => doc.span.cover(item.span),
            None => item.span,
        },
        None => fallback,
    }
}

fn decl_kind(decl: &DeclInfo) -> SymbolKind {
    match decl.kind {
        DeclKind::Tool => SymbolKind::Tool,
        DeclKind::Role => SymbolKind::Role,
    }
}

/// A declaration's display name and, for a tool, its kind: from the
/// declaration, else from the catalog entry it refines.
fn decl_detail(decl: &DeclInfo) -> Option<String> {
    let entry = match decl.kind {
        DeclKind::Tool => catalog().get(&decl.name.text),
        DeclKind::Role => None,
    };
    let name = decl
        .display_name
        .clone()
        .or_else(|| entry.map(|e| e.name.clone()));
    let kind = decl
        .tool_kind
        .or_else(|| entry.map(|e| e.kind))
        .map(|k| k.as_str());
    match (name, kind) {
        (Some(name), Some(kind)) => Some(format!("{name} · {kind}")),
        (Some(name), None) => Some(name),
        (None, Some(kind)) => Some(kind.to_string()),
        (None, None) => None,
    }
}

fn decl_symbol(file: &FileData, decl: &DeclInfo) -> DocumentSymbol {
    DocumentSymbol {
        name: decl.name.text.to_string(),
        detail: decl_detail(decl),
        kind: decl_kind(decl),
        span: item_span(file, decl.item, decl.span),
        focus: decl.name.span,
        children: held(file, decl),
    }
}

/// A tool's kept records (`keeps` / `owns`) and its sample records, in
/// source order. A sample's detail is its first line (the identifier, as
/// designs write them), so samples of one record tell apart; the outline
/// reads only its own file, so it is computed once per version.
fn held(file: &FileData, decl: &DeclInfo) -> Vec<DocumentSymbol> {
    let mut out: Vec<DocumentSymbol> = decl
        .keeps
        .iter()
        .map(|k| DocumentSymbol {
            name: k.record.text.to_string(),
            detail: Some(
                if k.owns {
                    "owns (system of record)"
                } else {
                    "keeps"
                }
                .to_string(),
            ),
            kind: SymbolKind::Record,
            span: k.span,
            focus: k.record.span,
            children: Vec::new(),
        })
        .collect();
    for sample in &decl.samples {
        let shown = sample.values.first().map(|v| {
            let value = file.text.get(v.value_span.range()).unwrap_or_default();
            cut(&format!("{}: {value}", v.field.text))
        });
        out.push(DocumentSymbol {
            name: format!("sample {}", sample.record.text),
            detail: shown,
            kind: SymbolKind::Sample,
            span: sample.span,
            focus: sample.record.span,
            children: Vec::new(),
        });
    }
    out.sort_by_key(|s| s.span.start);
    out
}

/// A record, its display name as detail, one child per field (its type and
/// marks as detail).
fn record_symbol(file: &FileData, record: &RecordInfo) -> DocumentSymbol {
    let children = record
        .fields
        .iter()
        .map(|f| {
            let mut detail = f.ty.word().to_string();
            for (on, mark) in [
                (f.identifier, "identifier"),
                (f.required, "required"),
                (f.personal, "personal"),
            ] {
                if on {
                    detail.push(' ');
                    detail.push_str(mark);
                }
            }
            DocumentSymbol {
                name: f.name.text.to_string(),
                detail: Some(detail),
                kind: SymbolKind::Field,
                span: f.span,
                focus: f.name.span,
                children: Vec::new(),
            }
        })
        .collect();
    DocumentSymbol {
        name: record.name.text.to_string(),
        detail: Some(
            record
                .display_name
                .clone()
                .unwrap_or_else(|| "record".to_string()),
        ),
        kind: SymbolKind::Record,
        span: item_span(file, record.item, record.span),
        focus: record.name.span,
        children,
    }
}

fn flow_name(flow: &FlowInfo) -> String {
    if flow.display_name.is_empty() {
        "anonymous flow".to_string()
    } else {
        flow.display_name.clone()
    }
}

fn chain(flow: &FlowInfo) -> String {
    let steps: Vec<&str> = flow.steps.iter().map(|s| s.text.as_str()).collect();
    steps.join(" -> ")
}

fn flow_symbol(file: &FileData, flow: &FlowInfo) -> DocumentSymbol {
    let span = item_span(file, flow.item, flow.span);
    let focus = flow.name.as_ref().map_or(flow.header, |n| n.span);
    // A named flow shows its chain (an anonymous one is named by it), then
    // its state: the questions answered, and `current`/`proposed`.
    // A long chain is cut, never the state.
    let answered = flow.answers.answered_count();
    let status = flow.status.map(|s| s.as_str());
    // "6/6 answered · proposed": ASCII, and far shorter than the detail.
    let state_len = "n/6 answered".len() + status.map_or(0, |s| " · ".chars().count() + s.len());
    let mut detail = String::with_capacity(DETAIL_MAX + 8);
    if flow.name.is_some() && !flow.steps.is_empty() {
        let room = DETAIL_MAX.saturating_sub(state_len + 3);
        push_chain(&mut detail, flow, room);
        detail.push_str(" · ");
    }
    detail.push_str(&answered.to_string());
    detail.push_str("/6 answered");
    if let Some(status) = status {
        detail.push_str(" · ");
        detail.push_str(status);
    }
    DocumentSymbol {
        name: flow_name(flow),
        detail: Some(detail),
        kind: SymbolKind::Flow,
        span,
        focus,
        children: Vec::new(),
    }
}

/// The chain `a -> b -> c`, cut to `max` characters as [`cut_to`] cuts.
fn push_chain(out: &mut String, flow: &FlowInfo, max: usize) {
    let mut count = 0;
    let words = flow.steps.iter().enumerate().flat_map(|(i, step)| {
        let arrow = (i > 0).then_some("->");
        arrow.into_iter().chain(step.text.split_whitespace())
    });
    for word in words {
        let space = (count > 0).then_some(' ');
        for c in space.into_iter().chain(word.chars()) {
            if count == max {
                out.pop();
                out.push('…');
                return;
            }
            out.push(c);
            count += 1;
        }
    }
}

fn cut(text: &str) -> String {
    cut_to(text, DETAIL_MAX)
}

/// `text` on one line, at most `max` characters (cut with `…`).
/// One pass and one allocation: the outline cuts a detail for every item
/// on every keystroke.
fn cut_to(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max * 2));
    let mut count = 0;
    for word in text.split_whitespace() {
        let space = (!out.is_empty()).then_some(' ');
        for c in space.into_iter().chain(word.chars()) {
            if count == max {
                // One character more than fits: the last that fit gives
                // way to the ellipsis.
                out.pop();
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

/// A tool, role or named flow, for the workspace symbol search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: SmolStr,
    pub kind: SymbolKind,
    pub file: FileId,
    /// The name.
    pub focus: Span,
    /// The whole item.
    pub full: Span,
    /// A tool's or role's display name, a flow's chain.
    pub container: Option<String>,
}

/// The most symbols a search returns.
pub const WORKSPACE_SYMBOL_LIMIT: usize = 256;

/// How well a query matches a name, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchQuality {
    Exact,
    Prefix,
    Substring,
    Subsequence,
}

/// Matches `query` against `name`, ignoring case: the quality and where
/// the match starts in the name. An empty query matches everything.
pub fn fuzzy_match(query: &str, name: &str) -> Option<(MatchQuality, usize)> {
    let query: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    let name: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
    if query.is_empty() {
        return Some((MatchQuality::Exact, 0));
    }
    if query == name {
        return Some((MatchQuality::Exact, 0));
    }
    if name.starts_with(&query) {
        return Some((MatchQuality::Prefix, 0));
    }
    if let Some(at) = name
        .windows(query.len())
        .position(|w| w == query.as_slice())
    {
        return Some((MatchQuality::Substring, at));
    }
    let mut wanted = query.iter().peekable();
    let mut start = None;
    for (i, c) in name.iter().enumerate() {
        if wanted.peek() == Some(&c) {
            start.get_or_insert(i);
            wanted.next();
        }
    }
    match (wanted.peek(), start) {
        (None, Some(start)) => Some((MatchQuality::Subsequence, start)),
        _ => None,
    }
}

/// The tools, roles and named flows of every file whose name matches
/// `query` (see [`fuzzy_match`]): exact matches first, then prefixes,
/// substrings and subsequences; then by where the match starts, shorter
/// names, the name, the file. An empty query lists every symbol by name.
/// At most [`WORKSPACE_SYMBOL_LIMIT`].
pub fn workspace_symbols(workspace: &Workspace, query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.trim();
    type Key = (MatchQuality, usize, usize, SmolStr, String, u32);
    let mut found: Vec<(Key, WorkspaceSymbol)> = Vec::new();
    for (id, file) in workspace.files() {
        let mut consider = |name: &SmolStr, symbol: &dyn Fn() -> WorkspaceSymbol| {
            if let Some((quality, at)) = fuzzy_match(query, name) {
                let s = symbol();
                // Without a query, plainly by name.
                let length = if query.is_empty() { 0 } else { name.len() };
                let key = (
                    quality,
                    at,
                    length,
                    name.clone(),
                    file.path.clone(),
                    s.focus.start,
                );
                found.push((key, s));
            }
        };
        for decl in &file.model.decls {
            consider(&decl.name.text, &|| WorkspaceSymbol {
                name: decl.name.text.clone(),
                kind: decl_kind(decl),
                file: id,
                focus: decl.name.span,
                full: decl.span,
                container: decl.display_name.clone().or_else(|| {
                    (decl.kind == DeclKind::Tool)
                        .then(|| catalog().get(&decl.name.text).map(|e| e.name.clone()))
                        .flatten()
                }),
            });
        }
        for flow in &file.model.flows {
            let Some(name) = &flow.name else { continue };
            consider(&name.text, &|| WorkspaceSymbol {
                name: name.text.clone(),
                kind: SymbolKind::Flow,
                file: id,
                focus: name.span,
                full: flow.span,
                container: Some(chain(flow)).filter(|c| !c.is_empty()),
            });
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.truncate(WORKSPACE_SYMBOL_LIMIT);
    found.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detail_is_one_line_of_at_most_max_characters() {
        assert_eq!(cut_to("  a\n\t b  c ", 10), "a b c");
        assert_eq!(cut_to("abcde", 5), "abcde");
        assert_eq!(cut_to("abcdef", 5), "abcd…");
        assert_eq!(cut_to("ab  cd ef", 5), "ab c…");
        // Characters, not bytes: Amharic and emoji count one each.
        assert_eq!(cut_to("ክሊኒክ 😀😀", 7), "ክሊኒክ 😀😀");
        assert_eq!(cut_to("ክሊኒክ 😀😀x", 7), "ክሊኒክ 😀…");
        assert_eq!(cut_to("", 3), "");
        assert_eq!(cut_to("ab", 0), "…");
    }

    fn outline(symbols: &[DocumentSymbol], text: &str, depth: usize, out: &mut String) {
        for s in symbols {
            assert!(s.span.contains_span(s.focus), "{s:?}");
            for c in &s.children {
                assert!(s.span.contains_span(c.span), "{c:?} outside {s:?}");
            }
            out.push_str(&format!(
                "{}{:?} {} [{}] @{:?}\n",
                "  ".repeat(depth),
                s.kind,
                s.name,
                s.detail.as_deref().unwrap_or("-"),
                &text[s.focus.range()],
            ));
            outline(&s.children, text, depth + 1, out);
        }
    }

    #[test]
    fn the_outline_lists_items_in_order_flows_with_their_state() {
        let text = "## The MoH's system.\ntool dhis2 \"DHIS2 (MoH)\" { kind: mis }\nrole clerk \"Clerk\"\ntool commcare { owner: \"iNGO\" }\nflow monthly: commcare -> clerk -> dhis2 monthly {\n  data: [\"visits\", \"referrals\"]\n  transform {\n    a: \"x\" -> \"y\"\n    b: \"sum\"\n  }\n  timing: tbd\n  volume: ~12 parsecs\n}\ncommcare -> excel batch\n";
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let symbols = document_symbols(ws.file(id).unwrap());
        let mut out = String::new();
        outline(&symbols, text, 0, &mut out);
        assert_eq!(
            out,
            "Tool dhis2 [DHIS2 (MoH) · mis] @\"dhis2\"
Role clerk [Clerk] @\"clerk\"
Tool commcare [CommCare · case-management] @\"commcare\"
Flow monthly [commcare -> clerk -> dhis2 · 4/6 answered] @\"monthly\"
Flow commcare -> excel [2/6 answered] @\"commcare -> excel\"
"
        );
        // The doc comment belongs to the tool's range.
        assert_eq!(symbols[0].span.start, 0);
    }

    #[test]
    fn a_tool_lists_the_records_it_keeps_and_its_samples() {
        let text = "record visit { visit_id: text identifier }\ntool commcare {\n  kind: collection\n  sample visit {\n    visit_id: \"ጉብኝት-1 👋\"\n  }\n  owns visit\n  keeps patient { dob: \"DD/MM/YYYY\" }\n  sample visit { visit_id: \"f-2\" }\n  sample visit {}\n}\ntool dhis2\n";
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let symbols = document_symbols(ws.file(id).unwrap());
        let mut out = String::new();
        outline(&symbols, text, 0, &mut out);
        assert_eq!(
            out,
            "Record visit [record] @\"visit\"
  Field visit_id [text identifier] @\"visit_id\"
Tool commcare [CommCare · collection] @\"commcare\"
  Sample sample visit [visit_id: \"ጉብኝት-1 👋\"] @\"visit\"
  Record visit [owns (system of record)] @\"visit\"
  Record patient [keeps] @\"patient\"
  Sample sample visit [visit_id: \"f-2\"] @\"visit\"
  Sample sample visit [-] @\"visit\"
Tool dhis2 [DHIS2 · mis] @\"dhis2\"
"
        );
    }

    #[test]
    fn a_long_chain_is_cut_and_the_state_kept() {
        let steps: Vec<String> = (0..30).map(|i| format!("system_number_{i}")).collect();
        let text = format!("flow long: {} {{ status: proposed }}\n", steps.join(" -> "));
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text.as_str());
        let symbols = document_symbols(ws.file(id).unwrap());
        let detail = symbols[0].detail.as_deref().unwrap();
        assert!(
            detail.starts_with("system_number_0 -> system_number_1"),
            "{detail}"
        );
        assert!(detail.ends_with("… · 1/6 answered · proposed"), "{detail}");
        assert_eq!(detail.chars().count(), DETAIL_MAX, "{detail}");
    }

    #[test]
    fn fuzzy_matching_ranks_exact_prefix_substring_subsequence() {
        use MatchQuality::*;
        assert_eq!(fuzzy_match("dhis2", "DHIS2"), Some((Exact, 0)));
        assert_eq!(fuzzy_match("dh", "dhis2"), Some((Prefix, 0)));
        assert_eq!(fuzzy_match("his", "dhis2"), Some((Substring, 1)));
        assert_eq!(
            fuzzy_match("mi", "monthly_indicators"),
            Some((Subsequence, 0))
        );
        assert_eq!(fuzzy_match("xyz", "dhis2"), None);
        assert_eq!(fuzzy_match("dhis22", "dhis2"), None);
        assert_eq!(fuzzy_match("", "x"), Some((Exact, 0)));
    }

    #[test]
    fn workspace_symbols_come_from_every_file_ranked() {
        let mut ws = Workspace::new();
        ws.set_file(
            "a.flow",
            "tool hmis\nrole his_clerk\nflow hmis_sync: hmis -> dhis2\n",
        );
        ws.set_file(
            "b.flow",
            "tool this\nflow monthly_his: excel -> hmis\ncommcare -> excel\n",
        );
        let names = |q: &str| -> Vec<String> {
            workspace_symbols(&ws, q)
                .iter()
                .map(|s| s.name.to_string())
                .collect()
        };
        assert_eq!(
            names("his"),
            ["his_clerk", "this", "monthly_his", "hmis", "hmis_sync"]
        );
        assert_eq!(names("HMIS"), ["hmis", "hmis_sync"]);
        assert_eq!(names("").len(), 5, "bare flows are not listed");
        assert!(names("zzz").is_empty());
        let sync = &workspace_symbols(&ws, "hmis_sync")[0];
        assert_eq!(
            (sync.kind, sync.container.as_deref()),
            (SymbolKind::Flow, Some("hmis -> dhis2"))
        );
    }
}
