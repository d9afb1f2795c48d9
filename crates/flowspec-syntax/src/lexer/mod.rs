//! The lexer: logos turns text into tokens, then a short pass fixes what a
//! regular language cannot say (doc comments, escapes, error messages).
//!
//! Every byte of the input ends up in a token or in skipped whitespace, so
//! the formatter can check that it lost nothing.

use logos::Logos;

use crate::error::SyntaxError;
use crate::span::Span;

pub(crate) mod relex;
pub use relex::relex;

#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[logos(skip r"[ \t\r\n\f\u{FEFF}]+")]
pub enum TokenKind {
    #[token("tool")]
    Tool,
    #[token("role")]
    Role,
    #[token("flow")]
    Flow,
    /// `record` where a record declaration starts: made from `Ident` by
    /// [`lex`], since `record` is also a volume unit (`~1 record/run`).
    Record,
    /// Hyphens only between word characters: `a->b` is three tokens.
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*")]
    Ident,
    #[regex(r"[0-9][0-9_]*(\.[0-9]+)?", number_suffix)]
    Number,
    #[regex(r#""([^"\\\r\n]|\\[^\r\n])*""#)]
    String,
    /// A string that reaches the end of its line without its closing quote.
    #[regex(r#""([^"\\\r\n]|\\[^\r\n])*\\?"#)]
    UnterminatedString,
    #[token("->")]
    Arrow,
    #[token(":")]
    Colon,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token(",")]
    Comma,
    #[token("/")]
    Slash,
    #[token("~")]
    Tilde,
    #[token("<")]
    Lt,
    /// `# …` to the end of the line.
    #[regex(r"#[^\r\n]*", allow_greedy = true)]
    Comment,
    /// `## …`: made from `Comment` by [`lex`].
    DocComment,
    /// Characters that start no token.
    Error,
}

/// `k` (thousand) or `M` (million) directly after a number belongs to it,
/// unless a word goes on: `2M` is a number, `2MB` is `2` and `MB`.
fn number_suffix(lex: &mut logos::Lexer<TokenKind>) {
    let rest = lex.remainder().as_bytes();
    if let [b'k' | b'M', next @ ..] = rest
        && !next
            .first()
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        lex.bump(1);
    }
}

impl TokenKind {
    /// Comments are trivia: kept for the formatter and hover, skipped by the parser.
    pub fn is_trivia(self) -> bool {
        matches!(self, TokenKind::Comment | TokenKind::DocComment)
    }

    pub fn is_keyword(self) -> bool {
        matches!(
            self,
            TokenKind::Tool | TokenKind::Role | TokenKind::Flow | TokenKind::Record
        )
    }

    pub fn is_string(self) -> bool {
        matches!(self, TokenKind::String | TokenKind::UnterminatedString)
    }

    /// How the token is named in "expected …" messages.
    pub fn describe(self) -> &'static str {
        match self {
            TokenKind::Tool => "`tool`",
            TokenKind::Role => "`role`",
            TokenKind::Flow => "`flow`",
            TokenKind::Record => "`record`",
            TokenKind::Ident => "a name",
            TokenKind::Number => "a number",
            TokenKind::String | TokenKind::UnterminatedString => "a string",
            TokenKind::Arrow => "`->`",
            TokenKind::Colon => "`:`",
            TokenKind::LBrace => "`{`",
            TokenKind::RBrace => "`}`",
            TokenKind::LBracket => "`[`",
            TokenKind::RBracket => "`]`",
            TokenKind::Comma => "`,`",
            TokenKind::Slash => "`/`",
            TokenKind::Tilde => "`~`",
            TokenKind::Lt => "`<`",
            TokenKind::Comment => "a comment",
            TokenKind::DocComment => "a doc comment",
            TokenKind::Error => "an unexpected character",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// Splits `text` into tokens, comments included, and reports lexical errors:
/// characters that start no token, unterminated strings, unknown escapes.
/// The errors are in source order.
pub fn lex(text: &str) -> (Vec<Token>, Vec<SyntaxError>) {
    let (mut tokens, errors) = lex_lines(text);
    let all = 0..tokens.len();
    mark_record_keywords(text, &mut tokens, all);
    // Kept with the file (every token of every file of a workspace): not
    // the room the guess before lexing left (about half of it, on designs).
    tokens.shrink_to_fit();
    (tokens, errors)
}

/// What [`lex`] does but for the contextual `record` keyword: every token
/// and error it finds lies within one line, so lexing any run of whole
/// lines gives the tokens a lex of the whole text gives there.
fn lex_lines(text: &str) -> (Vec<Token>, Vec<SyntaxError>) {
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 4);
    let mut errors = Vec::new();
    let mut lexer = TokenKind::lexer(text);
    while let Some(result) = lexer.next() {
        let range = lexer.span();
        let span = Span::new(range.start, range.end);
        let kind = match result {
            Ok(TokenKind::Comment) => {
                if text[span.range()].starts_with("##") {
                    TokenKind::DocComment
                } else {
                    TokenKind::Comment
                }
            }
            Ok(TokenKind::UnterminatedString) => {
                errors.push(SyntaxError::new(
                    span,
                    "this string is not closed: add `\"` before the end of the line",
                ));
                TokenKind::UnterminatedString
            }
            Ok(TokenKind::String) => {
                check_escapes(text, span, &mut errors);
                TokenKind::String
            }
            Ok(kind) => kind,
            Err(()) => {
                // Merge a run of bad characters into one token and one error.
                if let Some(last) = tokens.last_mut()
                    && last.kind == TokenKind::Error
                    && last.span.end == span.start
                {
                    last.span.end = span.end;
                    if let Some(err) = errors.last_mut() {
                        err.span.end = span.end;
                        err.message = unexpected_message(&text[last.span.range()]);
                    }
                    continue;
                }
                errors.push(SyntaxError::new(
                    span,
                    unexpected_message(&text[span.range()]),
                ));
                TokenKind::Error
            }
        };
        tokens.push(Token { kind, span });
    }
    merge_non_ascii_names(text, &mut tokens, &mut errors);
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    (tokens, errors)
}

/// `record` is a contextual keyword: it starts a record declaration only
/// where an item can start and the declaration's shape follows, so that
/// `~1 record/run`, a tool named `record` and free words in a transform
/// block keep their meaning. It is the keyword when
///
/// - it stands outside braces and brackets (counted from the last `tool`,
///   `role`, `flow` or `record`, where every item starts afresh), or at the
///   very start of a line (column 0, where items stand: so a record after
///   an unclosed `{` still starts a record),
/// - a name follows it, then `{` or a string (`record patient {`,
///   `record patient "Patient"`),
/// - and it does not follow a number (a volume unit: `~1 record daily {`),
///   an arrow (a step) or an item keyword (a name: `tool record "R"`).
///
/// The decision reads only the tokens from the last item keyword to two
/// tokens ahead, so it is the same whether a segment is parsed afresh or
/// reused (see the parser's segments).
///
/// Only the tokens of `range` are decided (a lex decides them all; after an
/// edit, those from the item keyword before it to the one after it), each
/// looking at its neighbours wherever they are.
fn mark_record_keywords(text: &str, tokens: &mut [Token], range: std::ops::Range<usize>) {
    let significant = |t: &Token| !t.kind.is_trivia() && t.kind != TokenKind::Error;
    let mut previous = tokens[..range.start]
        .iter()
        .rev()
        .find(|t| significant(t))
        .map(|t| t.kind);
    let mut depth: u32 = 0;
    for i in range {
        if !significant(&tokens[i]) {
            continue;
        }
        match tokens[i].kind {
            TokenKind::Tool | TokenKind::Role | TokenKind::Flow => depth = 0,
            TokenKind::LBrace | TokenKind::LBracket => depth += 1,
            TokenKind::RBrace | TokenKind::RBracket => depth = depth.saturating_sub(1),
            // A `record` marked before (tokens reused from an earlier lex)
            // is decided again: what precedes it may have changed.
            TokenKind::Ident | TokenKind::Record if &text[tokens[i].span.range()] == "record" => {
                let start = tokens[i].span.start as usize;
                let at_margin = start == 0 || matches!(text.as_bytes()[start - 1], b'\n' | b'\r');
                let mut ahead = tokens[i + 1..]
                    .iter()
                    .filter(|t| significant(t))
                    .map(|t| t.kind);
                let shape = matches!(ahead.next(), Some(TokenKind::Ident | TokenKind::Record))
                    && matches!(
                        ahead.next(),
                        Some(TokenKind::LBrace | TokenKind::String | TokenKind::UnterminatedString)
                    );
                let after = previous.is_some_and(|k| {
                    matches!(k, TokenKind::Number | TokenKind::Arrow) || k.is_keyword()
                });
                let keyword = (depth == 0 || at_margin) && shape && !after;
                tokens[i].kind = if keyword {
                    depth = 0;
                    TokenKind::Record
                } else {
                    TokenKind::Ident
                };
            }
            _ => {}
        }
        previous = Some(tokens[i].kind);
    }
}

/// `école` or `ክሊኒክ` is not a valid name (names are ASCII), but it is
/// plainly meant as one: keep the whole word as one name with one error,
/// rather than dropping its letters and reporting what remains.
fn merge_non_ascii_names(text: &str, tokens: &mut Vec<Token>, errors: &mut Vec<SyntaxError>) {
    let is_letters = |t: &Token| {
        t.kind == TokenKind::Error && text[t.span.range()].chars().all(char::is_alphanumeric)
    };
    if !tokens.iter().any(is_letters) {
        return;
    }
    let wordy = |t: &Token| {
        matches!(t.kind, TokenKind::Ident | TokenKind::Number)
            || t.kind.is_keyword()
            || is_letters(t)
    };
    let mut merged: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i + 1;
        while j < tokens.len()
            && wordy(&tokens[i])
            && wordy(&tokens[j])
            && tokens[j - 1].span.end == tokens[j].span.start
        {
            j += 1;
        }
        let run = &tokens[i..j];
        let starts_with_letter = run[0].kind != TokenKind::Number;
        if run.len() > 1 && starts_with_letter && run.iter().any(is_letters)
            || run.len() == 1 && is_letters(&run[0])
        {
            let span = run[0].span.cover(run[run.len() - 1].span);
            errors.retain(|e| !span.contains_span(e.span));
            errors.push(SyntaxError::new(
                span,
                format!(
                    "`{}` is not a valid name: names use ASCII letters, digits, `_` and `-`; put other text in a \"string\"",
                    &text[span.range()]
                ),
            ));
            merged.push(Token {
                kind: TokenKind::Ident,
                span,
            });
        } else {
            merged.extend_from_slice(run);
        }
        i = j;
    }
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    *tokens = merged;
}

fn unexpected_message(chars: &str) -> String {
    let shown: String = chars.chars().take(12).collect();
    let more = if chars.chars().count() > 12 {
        "…"
    } else {
        ""
    };
    let what = if chars.chars().count() == 1 {
        "character"
    } else {
        "characters"
    };
    format!(
        "unexpected {what} `{shown}{more}`: names use ASCII letters, digits, `_` and `-`; put other text in a \"string\""
    )
}

fn check_escapes(text: &str, span: Span, errors: &mut Vec<SyntaxError>) {
    let body = &text[span.range()];
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\'
            && let Some((j, e)) = chars.next()
            && !matches!(e, '"' | '\\' | 'n' | 't')
        {
            let start = span.start as usize + i;
            let end = span.start as usize + j + e.len_utf8();
            errors.push(SyntaxError::new(
                Span::new(start, end),
                format!("unknown escape `\\{e}` in a string: write `\\\"`, `\\\\`, `\\n` or `\\t`"),
            ));
        }
    }
}

/// The value of a string token: quotes removed, escapes decoded. Unknown
/// escapes keep their character (the lexer has already reported them).
pub fn unescape(raw: &str) -> String {
    let inner = raw.strip_prefix('"').unwrap_or(raw);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Quotes a value as a `.flow` string, escaping what needs it.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `name` is a valid identifier (and not a keyword).
pub fn is_identifier(name: &str) -> bool {
    let mut lexer = TokenKind::lexer(name);
    matches!(lexer.next(), Some(Ok(TokenKind::Ident))) && lexer.span() == (0..name.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        let (tokens, _) = lex(text);
        tokens
            .iter()
            .map(|t| (t.kind, &text[t.span.range()]))
            .collect()
    }

    #[test]
    fn arrows_split_identifiers_but_hyphens_join_them() {
        use TokenKind::*;
        assert_eq!(
            kinds("a->b google-sheets x-1"),
            vec![
                (Ident, "a"),
                (Arrow, "->"),
                (Ident, "b"),
                (Ident, "google-sheets"),
                (Ident, "x-1")
            ]
        );
    }

    #[test]
    fn numbers_take_suffixes_only_when_no_word_follows() {
        use TokenKind::*;
        assert_eq!(
            kinds("12_000 1.5k 2M 2MB 12kg"),
            vec![
                (Number, "12_000"),
                (Number, "1.5k"),
                (Number, "2M"),
                (Number, "2"),
                (Ident, "MB"),
                (Number, "12"),
                (Ident, "kg")
            ]
        );
    }

    #[test]
    fn keywords_are_whole_words() {
        use TokenKind::*;
        assert_eq!(
            kinds("tool tools role-x flow"),
            vec![
                (Tool, "tool"),
                (Ident, "tools"),
                (Ident, "role-x"),
                (Flow, "flow")
            ]
        );
    }

    #[test]
    fn record_is_a_keyword_only_where_a_record_declaration_starts() {
        use TokenKind::*;
        let record = |text: &str| -> Vec<usize> {
            let (tokens, _) = lex(text);
            tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| t.kind == Record)
                .map(|(i, _)| i)
                .collect()
        };
        assert_eq!(record("record patient {}"), [0]);
        assert_eq!(record("record patient \"Patient\""), [0]);
        assert_eq!(record("## doc\nrecord patient # c\n {}"), [1]);
        assert_eq!(record("a -> b\nrecord patient {}"), [3]);
        // A volume unit, in shorthand and in a block, before what may follow.
        assert!(record("a -> b ~1 record daily { data: \"x\" }").is_empty());
        assert!(record("a -> b ~1 record/run\nrecord patient {}") == [8]);
        assert!(
            record("flow f: a -> b {\n volume: ~1 record\n transform { x: \"y\" }\n}").is_empty()
        );
        // A step, a name, a key, free words in a transform block.
        assert!(record("a -> record daily {}").is_empty());
        assert!(record("tool record \"R\" {}\nflow record: record -> b").is_empty());
        assert!(
            record("flow f: a -> b { transform { note: keep the record history \"x\" } }")
                .is_empty()
        );
        assert!(record("record -> b\nrecord: x\nrecord patient").is_empty());
        // Inside an unclosed block, until the next item keyword.
        assert!(record("tool t { kind: mis\n  record patient {}").is_empty());
        assert_eq!(record("tool t { kind: mis\nrecord patient {}"), [6]);
        assert_eq!(record("record a { x: text\nrecord b {}"), [0, 6]);
        assert_eq!(
            record("tool t { kind: mis\nflow f: a -> b\nrecord patient {}").len(),
            1
        );
        assert!(is_identifier("record"));
        assert_eq!(kinds("record")[0].0, Ident);
    }

    #[test]
    fn doc_comments_and_comments() {
        use TokenKind::*;
        assert_eq!(
            kinds("## doc\r\n# plain\nx"),
            vec![(DocComment, "## doc"), (Comment, "# plain"), (Ident, "x")]
        );
    }

    #[test]
    fn unterminated_string_ends_at_the_line() {
        let (tokens, errors) = lex("\"abc\r\nnext");
        assert_eq!(tokens[0].kind, TokenKind::UnterminatedString);
        assert_eq!(tokens[0].span, Span::new(0, 4));
        assert_eq!(tokens[1].kind, TokenKind::Ident);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("not closed"));
    }

    #[test]
    fn escapes_are_checked_and_decoded() {
        let (tokens, errors) = lex(r#""a\"b\q""#);
        assert_eq!(tokens.len(), 1);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("\\q"));
        assert_eq!(unescape(r#""a\"b\n\\""#), "a\"b\n\\");
        assert_eq!(quote("a\"b\n"), r#""a\"b\n""#);
    }

    #[test]
    fn bad_characters_merge_into_one_error_on_char_boundaries() {
        let text = "a ✓✓✓ b ✗";
        let (tokens, errors) = lex(text);
        assert_eq!(errors.len(), 2);
        let bad: Vec<_> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Error)
            .map(|t| &text[t.span.range()])
            .collect();
        assert_eq!(bad, vec!["✓✓✓", "✗"]);
    }

    #[test]
    fn non_ascii_letters_make_one_bad_name() {
        use TokenKind::*;
        let text = "tool école ክሊኒክ données-santé ✓ 2é";
        let (tokens, errors) = lex(text);
        let got: Vec<_> = tokens
            .iter()
            .map(|t| (t.kind, &text[t.span.range()]))
            .collect();
        assert_eq!(
            got,
            vec![
                (Tool, "tool"),
                (Ident, "école"),
                (Ident, "ክሊኒክ"),
                (Ident, "données-santé"),
                (Error, "✓"),
                (Number, "2"),
                (Error, "é")
            ]
        );
        assert_eq!(errors.len(), 5);
        assert!(errors[0].message.starts_with("`école` is not a valid name"));
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("google-sheets"));
        assert!(!is_identifier("tool"));
        assert!(!is_identifier("a-"));
        assert!(!is_identifier("1a"));
        assert!(!is_identifier(""));
    }
}
