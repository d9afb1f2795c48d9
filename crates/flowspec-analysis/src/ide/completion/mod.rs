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
//!
//! The parts: `context` (where the cursor stands: the scope and the tokens
//! before it), `names` (item keywords and snippets, tool and role names),
//! `keys` (the keys a block lacks), `values` (what a key or a shorthand
//! value takes next).

mod context;
mod keys;
mod names;
mod records;
mod values;

use flowspec_syntax::Span;
use flowspec_syntax::lexer::{Token, TokenKind};

use crate::{FileId, Workspace};

use context::{Cx, Scope, open_brace};

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
    /// A record's name.
    Record,
    /// A field of a record.
    Field,
    /// A format (a date pattern, a named format) or a conversion.
    Format,
    /// A code of a choice, or a code list.
    Code,
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
            // `keeps RECORD { … }`, `transform { … }`: fields of records
            // (other transform blocks have free keys).
            Scope::Block(outer) => cx.nested(outer, open)?,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::ToolKind;

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
            [
                "transform",
                "timing",
                "volume",
                "status",
                "owner",
                "notes",
                "notify",
                "rerun",
                "identifier",
                "direction"
            ]
        );
        let (replaced, l) =
            labels_at(&[("a.flow", "flow f: a -> b {\n  data: \"x\"\n  fre$0")]).unwrap();
        assert_eq!(replaced, "fre");
        assert!(l.contains(&"frequency".to_string()) && !l.contains(&"data".to_string()));
        let l = labels("tool t \"T\" {\n  kind: mis\n  $0\n}");
        assert_eq!(
            l,
            [
                "adaptor", "owner", "url", "notes", "auth", "hosting", "sandbox", "admin", "limits"
            ]
        );
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
