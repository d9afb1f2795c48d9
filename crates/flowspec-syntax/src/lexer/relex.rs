//! Lexing after an edit: only the lines the edit touched are lexed again.
//!
//! No token and no lexical error spans a line break (strings and comments
//! end at the line's end, whitespace is skipped), so the tokens of the
//! unchanged lines before and after the edit are the old ones, the later
//! ones shifted. Only the contextual `record` keyword looks across lines;
//! it is decided again over the whole file, which is cheap.

use super::{Token, TokenKind, lex_lines, mark_record_keywords};
use crate::error::SyntaxError;
use crate::shift::Shift;

/// Lexes `text`, the new text of a file whose previous text `old_text`
/// lexed to `old_tokens` and `old_errors`. The result equals `lex(text)`.
pub fn relex(
    text: &str,
    old_text: &str,
    old_tokens: &[Token],
    old_errors: &[SyntaxError],
) -> (Vec<Token>, Vec<SyntaxError>) {
    let (new, old) = (text.as_bytes(), old_text.as_bytes());
    let prefix = common_prefix(new, old);
    let suffix = common_suffix(&new[prefix..], &old[prefix..]);
    let is_break = |b: &u8| matches!(b, b'\n' | b'\r');
    // From the start of the line where the edit begins to the end of the
    // line where it ends, in the old text; the new text's lines there are
    // the same length apart.
    let start = old[..prefix]
        .iter()
        .rposition(is_break)
        .map_or(0, |i| i + 1);
    let old_edit_end = old.len() - suffix;
    let old_end = old[old_edit_end..]
        .iter()
        .position(is_break)
        .map_or(old.len(), |i| old_edit_end + i);
    let delta = new.len() as i64 - old.len() as i64;
    let new_end = (old_end as i64 + delta) as usize;

    let before = old_tokens.partition_point(|t| (t.span.end as usize) <= start);
    let after = old_tokens.partition_point(|t| (t.span.start as usize) < old_end);
    let (mut lexed, mut lexed_errors) = lex_lines(&text[start..new_end]);
    lexed.shift(start as i64);
    lexed_errors.shift(start as i64);

    let lexed_end = before + lexed.len();
    let mut tokens = Vec::with_capacity(lexed_end + old_tokens.len() - after);
    tokens.extend_from_slice(&old_tokens[..before]);
    tokens.extend(lexed);
    tokens.extend(old_tokens[after..].iter().map(|t| {
        let mut t = *t;
        t.shift(delta);
        t
    }));
    // A `record` is decided by what stands between the item keywords
    // around it (which reset the count of braces): from the last one before
    // the lines lexed again to the first one after them.
    let is_item = |t: &Token| matches!(t.kind, TokenKind::Tool | TokenKind::Role | TokenKind::Flow);
    let from = tokens[..before].iter().rposition(is_item).unwrap_or(0);
    let to = tokens[lexed_end..]
        .iter()
        .position(is_item)
        .map_or(tokens.len(), |i| lexed_end + i);
    mark_record_keywords(text, &mut tokens, from..to);

    // The old errors are in source order, each within its line.
    let errors_before = old_errors.partition_point(|e| (e.span.end as usize) <= start);
    let errors_after = old_errors.partition_point(|e| (e.span.start as usize) < old_end);
    let mut errors: Vec<SyntaxError> = old_errors[..errors_before].to_vec();
    errors.extend(lexed_errors);
    errors.extend(old_errors[errors_after..].iter().map(|e| {
        let mut e = e.clone();
        e.shift(delta);
        e
    }));
    (tokens, errors)
}

/// How many bytes `a` and `b` share at their start (compared a block at a
/// time: a file's text is compared on every keystroke).
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` share at their end.
pub(crate) fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + BLOCK <= n && a[n - i - BLOCK..n - i] == b[n - i - BLOCK..n - i] {
        i += BLOCK;
    }
    i + a[..n - i]
        .iter()
        .rev()
        .zip(b[..n - i].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::super::lex;
    use super::relex;

    /// Texts with what makes lexing depend on more than one token: errors
    /// that merge, non-ASCII names, contextual `record`, open strings,
    /// every line ending, a number's suffix.
    const TEXTS: [&str; 5] = [
        "tool a \"A\"\nrecord p {\n  id: text\n}\nflow f: a -> b {\n  volume: ~1k record/day\n}\n",
        "flow école: ክሊኒክ -> b\r\n# note\r\n## doc\rrole r \"R\" @@ $\n",
        "record r \"open\n{ record x {\n}\ntool t { record: \"a\\qb\" }\n",
        "a -> b 😀 c\n\n\n  1M 2k3 \"\\\"\" ]\n",
        "",
    ];

    const INSERTS: [&str; 9] = ["", "x", "\n", "\r\n", "\"", "record ", "é", "{", "# c\n"];

    fn boundaries(text: &str) -> Vec<usize> {
        (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect()
    }

    #[test]
    fn relexing_after_any_edit_gives_what_lexing_the_new_text_gives() {
        let mut checked = 0;
        for old in TEXTS {
            let (tokens, errors) = lex(old);
            let at = boundaries(old);
            for (i, &start) in at.iter().enumerate() {
                for &end in at[i..].iter().take(4) {
                    for insert in INSERTS {
                        let mut new = old.to_string();
                        new.replace_range(start..end, insert);
                        assert_eq!(
                            relex(&new, old, &tokens, &errors),
                            lex(&new),
                            "replacing {start}..{end} of {old:?} with {insert:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 3_000, "{checked} edits checked");
    }

    #[test]
    fn an_edit_above_a_record_decides_it_again() {
        use super::super::TokenKind;
        // Inside braces a `record` away from the margin is a name; closing
        // the brace above it makes it the keyword, opening one a name again.
        let open = "tool t { a: b\n  record p { }\n";
        let closed = "tool t { a: b }\n  record p { }\n";
        let kind_of_record = |text: &str, tokens: &[super::Token]| {
            let at = text.find("record").unwrap() as u32;
            tokens.iter().find(|t| t.span.start == at).unwrap().kind
        };
        for (old, new, kind) in [
            (open, closed, TokenKind::Record),
            (closed, open, TokenKind::Ident),
        ] {
            let (tokens, errors) = lex(old);
            let relexed = relex(new, old, &tokens, &errors);
            assert_eq!(relexed, lex(new));
            assert_ne!(kind_of_record(old, &tokens), kind);
            assert_eq!(kind_of_record(new, &relexed.0), kind);
        }
    }
}
