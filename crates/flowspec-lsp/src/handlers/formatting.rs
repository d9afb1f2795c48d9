//! `textDocument/formatting`: the formatter of `flowspec fmt`, as one edit
//! that spans only what changed. A file with syntax errors gets no edit, and
//! the log says why (a notification on every format-on-save would nag).

use flowspec_analysis::format::format_tree;
use flowspec_analysis::syntax::Span;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{DocumentFormattingParams, MessageType, TextEdit};

use crate::state::StateHandle;

pub async fn formatting(
    state: &StateHandle,
    params: DocumentFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    let uri = params.text_document.uri;
    state
        .read(&uri.clone(), move |snap| {
            let file = snap.document(&uri)?.file;
            let formatted = match format_tree(&file.text, &file.tree) {
                Ok(formatted) => formatted,
                Err(why) => {
                    snap.log(MessageType::WARNING, format!("{}: {why}", file.path));
                    return None;
                }
            };
            let text: &str = &file.text;
            if formatted == text {
                return Some(Vec::new());
            }
            // Replace only the part between the common prefix and suffix,
            // so that editors keep the cursor and folds where they are.
            let prefix = common_prefix(text, &formatted);
            let suffix = common_suffix(&text[prefix..], &formatted[prefix..]);
            let old = Span::new(prefix, text.len() - suffix);
            let new_text = formatted[prefix..formatted.len() - suffix].to_string();
            Some(vec![TextEdit {
                range: snap.range(file, old),
                new_text,
            }])
        })
        .await
}

/// Length in bytes of the common prefix, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

/// Length in bytes of the common suffix, on a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum::<usize>()
        .min(a.len())
        .min(b.len())
}
