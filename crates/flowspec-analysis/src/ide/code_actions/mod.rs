//! Code actions: the quick fixes that diagnostics carry ("did you mean"),
//! declaring an unknown tool, answering a flow's open questions with `tbd`,
//! turning shorthand words into the block form, and mapping a flow's
//! unmapped required fields ([`mapping`]).

pub mod mapping;

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Flow, ItemKind};
use flowspec_syntax::line_index::{Encoding, LineEnding, line_breaks};

use crate::diagnostic::{Code, Diagnostic, Edit};
use crate::model::{AnswerStatus, FlowInfo};
use crate::schema::Category;
use crate::{FileData, FileId, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    /// A rewrite that keeps the meaning (refactor.rewrite).
    Rewrite,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub kind: ActionKind,
    pub edits: Vec<(FileId, Edit)>,
    /// The diagnostic it resolves, if any.
    pub diagnostic: Option<Diagnostic>,
    /// The obvious fix, which editors may apply with one key.
    pub preferred: bool,
}

/// Every action available for `range` of `file`.
pub fn code_actions(workspace: &Workspace, file: FileId, range: Span) -> Vec<CodeAction> {
    let Some(data) = workspace.file(file) else {
        return Vec::new();
    };
    let overlaps = |span: Span| span.start <= range.end && range.start <= span.end;
    let diagnostics: Vec<Diagnostic> = workspace
        .diagnostics(file)
        .into_iter()
        .filter(|d| overlaps(d.span))
        .collect();
    let mut actions = Vec::new();

    for d in &diagnostics {
        // "Did you mean …", quotes, and the like, carried by the diagnostic.
        let single = d.fixes.len() == 1;
        for fix in &d.fixes {
            actions.push(CodeAction {
                title: fix.title.clone(),
                kind: ActionKind::QuickFix,
                edits: fix.edits.iter().map(|e| (file, e.clone())).collect(),
                diagnostic: Some(d.clone()),
                preferred: single,
            });
        }
        if d.code == Code::UnknownReference {
            let name = &data.text[d.span.range()];
            for keyword in ["tool", "role"] {
                actions.push(CodeAction {
                    title: format!("Declare `{name}` as a {keyword} in this file"),
                    kind: ActionKind::QuickFix,
                    edits: vec![(file, declaration_edit(data, keyword, name))],
                    diagnostic: Some(d.clone()),
                    preferred: false,
                });
            }
        }
    }

    for flow in &data.model.flows {
        let ItemKind::Flow(tree) = &data.tree.items[flow.item].kind else {
            continue;
        };
        if let Some(action) = mapping::map_unmapped(workspace, file, data, flow, tree, &diagnostics)
        {
            actions.push(action);
        }
        if !overlaps(flow.header) && !diagnostics.iter().any(|d| flow.header == d.span) {
            continue;
        }
        let unanswered: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.span == flow.header && is_unanswered(d.code))
            .cloned()
            .collect();
        if let Some(action) = answer_with_tbd(file, data, flow, tree, unanswered) {
            actions.push(action);
        }
        if let Some(action) = shorthand_to_block(file, data, flow, tree) {
            actions.push(action);
        }
    }
    actions
}

fn is_unanswered(code: Code) -> bool {
    matches!(
        code,
        Code::UnansweredData
            | Code::UnansweredTransform
            | Code::UnansweredTiming
            | Code::UnansweredFrequency
            | Code::UnansweredVolume
    )
}

/// `tool name "Name"` appended at the end of the file.
fn declaration_edit(file: &FileData, keyword: &str, name: &str) -> Edit {
    let text: &str = &file.text;
    let label: String = name
        .split(['_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    // In the file's own line ending, after a blank line.
    let nl = LineEnding::of(text).as_str();
    let lines = &file.lines;
    let last = lines.line_count() as u32 - 1;
    let blank = |line: u32| lines.line_span(text, line).is_empty();
    let lead = match () {
        _ if text.is_empty() => String::new(),
        // The text ends with a line break, after a blank line.
        _ if blank(last) && last >= 2 && blank(last - 1) => String::new(),
        _ if blank(last) && last >= 1 => nl.to_string(),
        _ => nl.repeat(2),
    };
    Edit {
        span: Span::empty(text.len()),
        new_text: format!("{lead}{keyword} {name} \"{label}\"{nl}"),
    }
}

/// The indentation of the line that holds `offset`.
fn indent_of_line(file: &FileData, offset: usize) -> &str {
    let text: &str = &file.text;
    let line = file.lines.line_col(text, offset, Encoding::Utf8).line;
    let line = &text[file.lines.line_span(text, line)];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Where a flow's header ends: after its last shorthand word, or its chain.
fn header_end(tree: &Flow) -> usize {
    tree.words
        .last()
        .map_or(tree.chain.span.end, |w| w.span.end) as usize
}

/// Lines inserted at the end of `block` (before its `}`), each after a
/// line break and `indent`; the `}` keeps its line, or gets one of its own
/// at `outer`.
pub(super) fn insert_lines(
    text: &str,
    block: &flowspec_syntax::ast::Block,
    indent: &str,
    outer: &str,
    lines: &[String],
) -> Option<Edit> {
    let nl = LineEnding::of(text).as_str();
    let close = block.close?.start as usize;
    let at = text[..close]
        .trim_end_matches([' ', '\t', '\r', '\n'])
        .len();
    let body: String = lines.iter().map(|l| format!("{nl}{indent}{l}")).collect();
    Some(if line_breaks(&text[at..close]) > 0 {
        Edit {
            span: Span::empty(at),
            new_text: body,
        }
    } else {
        Edit {
            span: Span::new(at, close),
            new_text: format!("{body}{nl}{outer}"),
        }
    })
}

/// New `key: value` lines inserted into a flow: into its block, before the
/// `}`, or in a new block at `after`.
fn insert_properties(file: &FileData, tree: &Flow, lines: &[String], after: usize) -> Option<Edit> {
    let text: &str = &file.text;
    let nl = LineEnding::of(text).as_str();
    let base = indent_of_line(file, tree.chain.span.start as usize);
    let body: String = lines.iter().map(|l| format!("{nl}{base}  {l}")).collect();
    let Some(block) = &tree.block else {
        return Some(Edit {
            span: Span::empty(after),
            new_text: format!(" {{{body}{nl}{base}}}"),
        });
    };
    insert_lines(text, block, &format!("{base}  "), base, lines)
}

fn answer_with_tbd(
    file: FileId,
    data: &FileData,
    flow: &FlowInfo,
    tree: &Flow,
    unanswered: Vec<Diagnostic>,
) -> Option<CodeAction> {
    let missing: Vec<Category> = Category::ANSWERED_BY_PROPERTIES
        .into_iter()
        .filter(|c| flow.answers.status(*c) == AnswerStatus::Unanswered)
        .collect();
    if missing.is_empty() || has_syntax_error(data, flow.span) {
        return None;
    }
    let lines: Vec<String> = missing
        .iter()
        .map(|c| format!("{}: tbd", c.key().unwrap_or_default()))
        .collect();
    let edit = insert_properties(data, tree, &lines, header_end(tree))?;
    let names: Vec<&str> = missing.iter().map(|c| c.title()).collect();
    Some(CodeAction {
        title: format!(
            "Mark the unanswered questions as open (tbd): {}",
            names.join(", ")
        ),
        kind: ActionKind::QuickFix,
        edits: vec![(file, edit)],
        diagnostic: unanswered.into_iter().next(),
        preferred: false,
    })
}

fn has_syntax_error(data: &FileData, span: Span) -> bool {
    data.tree.errors.iter().any(|e| span.contains_span(e.span))
}

fn shorthand_to_block(
    file: FileId,
    data: &FileData,
    flow: &FlowInfo,
    tree: &Flow,
) -> Option<CodeAction> {
    if tree.words.is_empty() || has_syntax_error(data, flow.span) {
        return None;
    }
    // Only when every word was read as an answer: anything else is an
    // error to fix first, and would be lost.
    let answered: Vec<(Category, Span)> = Category::ANSWERED_BY_PROPERTIES
        .into_iter()
        .filter(|c| flow.answers.status(*c) == AnswerStatus::Answered)
        .filter_map(|c| {
            let span = flow.answers.span(c)?;
            let shorthand = tree
                .words
                .iter()
                .any(|w| w.span == span || span.contains_span(w.span));
            shorthand.then_some((c, span))
        })
        .collect();
    let covered = tree
        .words
        .iter()
        .all(|w| answered.iter().any(|(_, s)| s.contains_span(w.span)));
    if !covered || answered.is_empty() {
        return None;
    }
    // A comment between the words would be lost by the rewrite.
    let words_span = tree.words[0]
        .span
        .cover(tree.words[tree.words.len() - 1].span);
    if data
        .tree
        .tokens
        .iter()
        .any(|t| t.kind.is_trivia() && words_span.contains_span(t.span))
    {
        return None;
    }
    let mut block_answers: Vec<(Category, Span)> = answered.clone();
    block_answers.sort_by_key(|(c, _)| *c);
    let lines: Vec<String> = block_answers
        .iter()
        .map(|(c, span)| {
            format!(
                "{}: {}",
                c.key().unwrap_or_default(),
                &data.text[span.range()]
            )
        })
        .collect();
    let chain_end = tree.chain.span.end as usize;
    let remove = Edit {
        span: Span::new(chain_end, words_span.end as usize),
        new_text: String::new(),
    };
    let insert = insert_properties(data, tree, &lines, words_span.end as usize)?;
    let mut edits = vec![(file, remove)];
    // A new block goes where the words were.
    let insert = if tree.block.is_none() {
        Edit {
            span: Span::empty(chain_end),
            new_text: insert.new_text,
        }
    } else {
        insert
    };
    edits.push((file, insert));
    // Edits must not overlap: the removal ends where a new block starts.
    edits.sort_by_key(|(_, e)| (e.span.start, e.span.end));
    Some(CodeAction {
        title: "Move the shorthand answers into the flow's block".to_string(),
        kind: ActionKind::Rewrite,
        edits,
        diagnostic: None,
        preferred: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies non-overlapping edits of one file.
    fn apply(text: &str, edits: &[(FileId, Edit)]) -> String {
        let mut edits: Vec<&Edit> = edits.iter().map(|(_, e)| e).collect();
        edits.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
        let mut out = text.to_string();
        for e in edits {
            out.replace_range(e.span.range(), &e.new_text);
        }
        out
    }

    fn actions(text: &str, at: &str) -> (Workspace, FileId, Vec<CodeAction>) {
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let offset = text.find(at).unwrap();
        let list = code_actions(&ws, id, Span::new(offset, offset));
        (ws, id, list)
    }

    fn run(text: &str, at: &str, title: &str) -> String {
        let (_, _, list) = actions(text, at);
        let action = list
            .iter()
            .find(|a| a.title.starts_with(title))
            .unwrap_or_else(|| {
                panic!(
                    "no action {title:?} in {:?}",
                    list.iter().map(|a| &a.title).collect::<Vec<_>>()
                )
            });
        apply(text, &action.edits)
    }

    #[test]
    fn did_you_mean_fixes_are_offered() {
        let out = run(
            "flow f: comcare -> dhis2 { data: \"x\" }\n",
            "comcare",
            "Change to `commcare`",
        );
        assert_eq!(out, "flow f: commcare -> dhis2 { data: \"x\" }\n");
    }

    #[test]
    fn unknown_tools_can_be_declared() {
        let out = run(
            "flow f: data_hub -> dhis2\n",
            "data_hub",
            "Declare `data_hub` as a tool",
        );
        assert_eq!(
            out,
            "flow f: data_hub -> dhis2\n\ntool data_hub \"Data Hub\"\n"
        );
    }

    #[test]
    fn open_questions_are_answered_with_tbd_in_or_after_the_block() {
        let out = run(
            "commcare -> dhis2 monthly batch\n",
            "commcare",
            "Mark the unanswered",
        );
        assert_eq!(
            out,
            "commcare -> dhis2 monthly batch {\n  data: tbd\n  transform: tbd\n  volume: tbd\n}\n"
        );
        let out = run(
            "flow f: commcare -> dhis2 {\n  data: \"x\"\n  transform: none\n}\n",
            "flow",
            "Mark the unanswered",
        );
        assert_eq!(
            out,
            "flow f: commcare -> dhis2 {\n  data: \"x\"\n  transform: none\n  timing: tbd\n  frequency: tbd\n  volume: tbd\n}\n"
        );
        let out = run(
            "flow f: commcare -> dhis2 {}\n",
            "flow",
            "Mark the unanswered",
        );
        let ws_check = {
            let mut ws = Workspace::new();
            let (id, _) = ws.set_file("a.flow", out.as_str());
            ws.diagnostics(id)
                .iter()
                .filter(|d| d.code != Code::OpenQuestion)
                .count()
        };
        assert_eq!(ws_check, 0, "{out}");
    }

    #[test]
    fn shorthand_moves_into_the_block() {
        let out = run(
            "commcare -> excel -> dhis2 monthly batch ~12000 records/month\n",
            "excel",
            "Move the shorthand",
        );
        assert_eq!(
            out,
            "commcare -> excel -> dhis2 {\n  timing: batch\n  frequency: monthly\n  volume: ~12000 records/month\n}\n"
        );
        let out = run(
            "flow f: odk -> dhis2 batch \"nightly\" daily {\n  data: \"x\"\n}\n",
            "odk",
            "Move the shorthand",
        );
        assert_eq!(
            out,
            "flow f: odk -> dhis2 {\n  data: \"x\"\n  timing: batch \"nightly\"\n  frequency: daily\n}\n"
        );
        // Not offered while a word is wrong: it would be lost.
        let (_, _, list) = actions("odk -> dhis2 montly batch\n", "odk");
        assert!(
            !list
                .iter()
                .any(|a| a.title.starts_with("Move the shorthand"))
        );
    }
}
