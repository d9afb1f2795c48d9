//! `textDocument/completion`: the analysis's items, each with an edit that
//! replaces the word under the cursor.

use flowspec_analysis::ide::completion::{CompletionKind, completion as analyse};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionList,
    CompletionOptions, CompletionParams, CompletionResponse, CompletionTextEdit, Documentation,
    InsertTextFormat, MarkupContent, MarkupKind, ServerCapabilities, TextEdit,
};

use crate::state::StateHandle;

/// `>` ends `->` (a step comes next), `:` ends a key (its value comes
/// next), `/` comes before a volume's period, and a space ends a word
/// (after a chain, a key or a number, the next word).
pub const TRIGGER_CHARACTERS: [&str; 4] = [">", ":", "/", " "];

pub fn register(caps: &mut ServerCapabilities) {
    caps.completion_provider = Some(CompletionOptions {
        trigger_characters: Some(TRIGGER_CHARACTERS.iter().map(|c| c.to_string()).collect()),
        resolve_provider: Some(false),
        ..Default::default()
    });
}

fn kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Snippet => CompletionItemKind::SNIPPET,
        CompletionKind::Tool => CompletionItemKind::MODULE,
        CompletionKind::Role => CompletionItemKind::VARIABLE,
        CompletionKind::Property => CompletionItemKind::PROPERTY,
        CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Unit => CompletionItemKind::UNIT,
        CompletionKind::Adaptor => CompletionItemKind::VALUE,
        CompletionKind::Record => CompletionItemKind::STRUCT,
        CompletionKind::Field => CompletionItemKind::FIELD,
        CompletionKind::Format => CompletionItemKind::CONSTANT,
        CompletionKind::Code => CompletionItemKind::ENUM_MEMBER,
    }
}

pub async fn completion(
    state: &StateHandle,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let p = params.text_document_position;
    let uri = p.text_document.uri;
    state
        .read(&uri.clone(), move |snap| {
            let at = snap.at(&uri, p.position)?;
            let found = analyse(&snap.workspace, at.id, at.offset)?;
            let range = snap.range(at.file, found.span);
            let snippets = snap.client.snippets;
            let items = found
                .items
                .into_iter()
                .map(|item| CompletionItem {
                    label_details: item.detail.as_ref().map(|d| CompletionItemLabelDetails {
                        detail: None,
                        description: Some(d.clone()),
                    }),
                    kind: Some(kind(item.kind)),
                    detail: item.detail,
                    documentation: item.documentation.map(|value| {
                        Documentation::MarkupContent(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value,
                        })
                    }),
                    preselect: item.preselect.then_some(true),
                    sort_text: Some(item.sort),
                    filter_text: Some(item.label.clone()),
                    insert_text_format: Some(if item.snippet && snippets {
                        InsertTextFormat::SNIPPET
                    } else {
                        InsertTextFormat::PLAIN_TEXT
                    }),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                        range,
                        new_text: if item.snippet && !snippets {
                            plain_text(&item.insert)
                        } else {
                            item.insert
                        },
                    })),
                    label: item.label,
                    ..Default::default()
                })
                .collect();
            Some(CompletionResponse::List(CompletionList {
                is_incomplete: false,
                items,
            }))
        })
        .await
}

/// A snippet as plain text, for clients without snippet support: tab stops
/// dropped, placeholders kept (`${1:name}` → `name`, nested ones too),
/// a choice becomes its first option (`${2|batch,manual|}` → `batch`),
/// escapes undone. The result is what a snippet client would insert if the
/// user accepted every default.
fn plain_text(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut chars = snippet.chars().peekable();
    body(&mut chars, &mut out, false);
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Text up to the `}` that closes a placeholder (`nested`), or to the end.
fn body(chars: &mut Chars<'_>, out: &mut String, nested: bool) {
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '}' if nested => return,
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.next_if(char::is_ascii_digit).is_some() {}
                match chars.next() {
                    Some(':') => body(chars, out, true),
                    Some('|') => choice(chars, out),
                    // `${N}`, or a variable we do not expand.
                    Some('}') | None => {}
                    Some(_) => {
                        for c in chars.by_ref() {
                            if c == '}' {
                                break;
                            }
                        }
                    }
                }
            }
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.next_if(char::is_ascii_digit).is_some() {}
            }
            c => out.push(c),
        }
    }
}

/// The options of `${N|a,b|}` after the first `|`: keeps `a`.
fn choice(chars: &mut Chars<'_>, out: &mut String) {
    let mut first = true;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next()
                    && first
                {
                    out.push(next);
                }
            }
            ',' => first = false,
            '|' if chars.peek() == Some(&'}') => {
                chars.next();
                return;
            }
            c if first => out.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod plain_text_tests {
    use super::plain_text;

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(
            plain_text("flow ${1:name}: ${2:a} -> ${3:b} {\n  data: $4\n}$0"),
            "flow name: a -> b {\n  data: \n}"
        );
        assert_eq!(plain_text("cost \\$5 ${1}"), "cost $5 ");
    }

    #[test]
    fn choices_become_their_first_option_and_nested_placeholders_are_kept() {
        assert_eq!(
            plain_text("timing: ${6|realtime,batch,manual|}\nkind: ${3|a\\,b,c|}$0"),
            "timing: realtime\nkind: a,b"
        );
        assert_eq!(
            plain_text("${1:outer ${2:inner} done}!"),
            "outer inner done!"
        );
        assert_eq!(
            plain_text("every ${1:2} ${2|hours,minutes|}$0"),
            "every 2 hours"
        );
        // Broken snippets lose nothing but their syntax, and never panic.
        assert_eq!(plain_text("${1:open"), "open");
        assert_eq!(plain_text("${2|a,b"), "a");
        assert_eq!(plain_text("a $"), "a $");
    }
}
