//! The formatter's self-check: the output must say exactly what the input
//! said.

use flowspec_syntax::ast::SourceFile;
use flowspec_syntax::lexer::{TokenKind, lex};

/// Significant tokens (kind and text) and comments (text), in order; a comma
/// just before `]` is left out, since the layout adds or drops it.
fn content(text: &str) -> (Vec<(TokenKind, &str)>, Vec<&str>) {
    let (tokens, _) = lex(text);
    let mut significant: Vec<(TokenKind, &str)> = Vec::with_capacity(tokens.len());
    let mut comments = Vec::new();
    for t in &tokens {
        let s = &text[t.span.range()];
        if t.kind.is_trivia() {
            comments.push(s.trim_end());
        } else {
            if t.kind == TokenKind::RBracket
                && significant.last().is_some_and(|l| l.0 == TokenKind::Comma)
            {
                significant.pop();
            }
            significant.push((t.kind, s));
        }
    }
    (significant, comments)
}

pub(super) fn same_meaning(input: &str, tree: &SourceFile, output: &str) -> Result<(), String> {
    let (before_tokens, before_comments) = content(input);
    let (after_tokens, after_comments) = content(output);
    if before_tokens != after_tokens {
        let at = before_tokens
            .iter()
            .zip(&after_tokens)
            .position(|(a, b)| a != b)
            .unwrap_or(before_tokens.len().min(after_tokens.len()));
        return Err(format!("the tokens differ from token {}", at + 1));
    }
    if before_comments != after_comments {
        return Err("a comment would be lost or changed".into());
    }
    let reparsed = flowspec_syntax::parse(output);
    if !reparsed.errors.is_empty() {
        return Err("the result does not parse".into());
    }
    let docs = |t: &SourceFile| {
        let mut d: Vec<Option<String>> = t
            .items
            .iter()
            .map(|i| i.doc.as_ref().map(|d| d.text.clone()))
            .collect();
        d.push(t.doc.as_ref().map(|d| d.text.clone()));
        d
    };
    if docs(tree) != docs(&reparsed) {
        return Err("a doc comment would move to another item".into());
    }
    Ok(())
}
