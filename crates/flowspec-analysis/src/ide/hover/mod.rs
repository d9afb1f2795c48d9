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
//!
//! The parts: `names` (tools and roles), `flows` (a flow's table),
//! `block` (a key or a value in an item's block), `words` (reading values
//! from words, as the lowering does), `values` (a value in words).

mod block;
mod discovery;
mod flows;
mod names;
mod records;
mod values;
mod words;

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Block, ItemKind, PropertyValue};
use flowspec_syntax::lexer::{Token, TokenKind};

use crate::model::{DeclInfo, FlowInfo};
use crate::schema::ItemType;
use crate::{FileData, FileId, Workspace};

use flows::flow_table;
use names::symbol;
use values::meaning;
pub(crate) use values::{
    approx, frequency_sentence, frequency_words, grouped, runs_text, unit_for, volume_rates,
};
pub(crate) use words::{Meaning, atom_of, segments};

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
    let cx = Cx {
        workspace,
        file,
        index,
    };
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
                let info = file.model.decls.iter().find(|d| d.item == index);
                if let Some((span, markdown)) = kept_record(workspace, info, block, span) {
                    return Some(Hover { span, markdown });
                }
                return cx.in_block(kind, block, token);
            }
        }
        ItemKind::Record(decl) => {
            let info = file.model.records.iter().find(|r| r.item == index)?;
            if decl.name.span == span {
                records::record(workspace, &decl.name.text)
            } else if let Some(field) = info.fields.iter().find(|f| f.name.span == span) {
                records::field(workspace, info, field)
            } else if let Some(field) = info.fields.iter().find(|f| f.ty_span == span)
                && let crate::records::FieldType::Record(target) = &field.ty
            {
                records::record(workspace, &target.text)
            } else {
                return None;
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
                if let Some(info) = info
                    && let Some(md) = flow_records(workspace, info, block, span)
                {
                    return Some(Hover { span, markdown: md });
                }
                return cx.in_block(ItemType::Flow, block, token);
            }
        }
        ItemKind::Error => return None,
    };
    Some(Hover { span, markdown })
}

/// In a tool's block: a `keeps` / `owns` / `sample` word, the record it
/// names, or one of its lines (a kept field; a sample's field or value).
fn kept_record(
    workspace: &Workspace,
    decl: Option<&DeclInfo>,
    block: &Block,
    span: Span,
) -> Option<(Span, String)> {
    let prop = block
        .properties
        .iter()
        .find(|p| p.span.contains_span(span))?;
    let PropertyValue::Keeps(keeps) = &prop.value else {
        return None;
    };
    let tool = decl.map_or("this tool", |d| d.name.text.as_str());
    if prop.key.span == span {
        return Some((
            span,
            records::verb(&prop.key.text, tool, &keeps.record.text),
        ));
    }
    if keeps.record.span == span {
        return Some((span, records::record(workspace, &keeps.record.text)));
    }
    let line = keeps
        .block
        .iter()
        .flat_map(|b| &b.properties)
        .find(|p| p.span.contains_span(span))?;
    let (_, record) = workspace.record(&keeps.record.text)?;
    let field = record.field(&line.key.text)?;
    let sample = decl
        .filter(|_| prop.key.text == "sample")
        .and_then(|d| d.samples.iter().find(|s| s.span == prop.span))
        .and_then(|s| s.values.iter().find(|v| v.span == line.span));
    match sample {
        Some(value) if value.field.span == span || value.value_span.contains_span(span) => {
            let kept = decl.and_then(|d| d.kept(&record.name.text));
            Some((
                if value.field.span == span {
                    span
                } else {
                    value.value_span
                },
                records::sample_line(workspace, tool, record, field, kept, value),
            ))
        }
        _ if line.key.span == span => Some((span, records::field(workspace, record, field))),
        _ => None,
    }
}

/// In a flow that moves records: a record named in `data:`, or a key of
/// its transform block (a mapping line).
fn flow_records(
    workspace: &Workspace,
    flow: &FlowInfo,
    block: &Block,
    span: Span,
) -> Option<String> {
    if flow.records.is_empty() {
        return None;
    }
    let prop = block
        .properties
        .iter()
        .find(|p| p.span.contains_span(span))?;
    match (prop.key.text.as_str(), &prop.value) {
        ("data", _) => {
            let mv = flow
                .records
                .iter()
                .find(|m| m.source.span == span || m.target.span == span)?;
            let name = if mv.source.span == span {
                &mv.source
            } else {
                &mv.target
            };
            Some(records::record(workspace, &name.text))
        }
        ("transform", PropertyValue::Block(inner)) => {
            if let Some(line) = inner.properties.iter().find(|p| p.key.span == span) {
                return records::mapping_line(workspace, flow, &line.key.text);
            }
            // The source field a line reads: its definition in the source.
            let from = flow
                .mapping
                .iter()
                .filter_map(|l| l.source.from())
                .find(|n| n.span == span)?;
            flow.records.iter().find_map(|mv| {
                let (_, record) = workspace.record(&mv.source.text)?;
                let field = record.field(&from.text)?;
                Some(records::field(workspace, record, field))
            })
        }
        _ => None,
    }
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
    workspace: &'a Workspace,
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
