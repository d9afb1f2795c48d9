//! Values read from words: shorthand words after a chain, and a block
//! value read as the answer to its category, as the lowering reads them.

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Atom, AtomKind, Number};
use flowspec_syntax::lexer::{Token, TokenKind, unescape};

use crate::schema::Category;
use crate::values::{Frequency, Read, Timing, Volume, read_frequency, read_timing, read_volume};

/// A value read from words: what it answers and means.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Meaning {
    Timing(Timing),
    Frequency(Frequency),
    Volume(Volume),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Segment {
    pub span: Span,
    pub meaning: Meaning,
}

/// Reads shorthand words as the lowering does: each run of words is a
/// timing, a frequency or a volume; words that read as nothing are left out.
pub(crate) fn segments(words: &[Atom]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let rest = &words[i..];
        let span_of = |n: usize| rest[0].span.cover(rest[n.clamp(1, rest.len()) - 1].span);
        if let Read::Ok(timing, n) = read_timing(rest) {
            out.push(Segment {
                span: span_of(n),
                meaning: Meaning::Timing(timing),
            });
            i += n;
            continue;
        }
        let skip = match read_frequency(rest) {
            Read::Ok(f, n) => {
                out.push(Segment {
                    span: span_of(n),
                    meaning: Meaning::Frequency(f),
                });
                i += n;
                continue;
            }
            Read::Err(e) => e.used.unwrap_or(1),
            Read::NoMatch => match read_volume(rest) {
                Read::Ok(v, n) => {
                    out.push(Segment {
                        span: span_of(n),
                        meaning: Meaning::Volume(v),
                    });
                    i += n;
                    continue;
                }
                Read::Err(e) => e.used.unwrap_or(1),
                Read::NoMatch => 1,
            },
        };
        i += skip.max(1);
    }
    out
}

/// A block value read as the answer to `category`: the part that reads.
pub(super) fn read_as(category: Category, atoms: &[Atom]) -> Option<Segment> {
    let (meaning, n) = match category {
        Category::Timing => match read_timing(atoms) {
            Read::Ok(t, n) => (Meaning::Timing(t), n),
            _ => return None,
        },
        Category::Frequency => match read_frequency(atoms) {
            Read::Ok(f, n) => (Meaning::Frequency(f), n),
            _ => return None,
        },
        Category::Volume => match read_volume(atoms) {
            Read::Ok(v, n) => (Meaning::Volume(v), n),
            _ => return None,
        },
        _ => return None,
    };
    Some(Segment {
        span: atoms[0].span.cover(atoms[n.clamp(1, atoms.len()) - 1].span),
        meaning,
    })
}

/// An atom from a token of a value (for words read from the token stream).
pub(crate) fn atom_of(text: &str, token: Token) -> Option<Atom> {
    let raw = &text[token.span.range()];
    let kind = match token.kind {
        TokenKind::Ident => AtomKind::Ident(raw.into()),
        TokenKind::String | TokenKind::UnterminatedString => AtomKind::Str(unescape(raw).into()),
        TokenKind::Number => AtomKind::Number(Number::parse(raw)),
        TokenKind::Slash => AtomKind::Slash,
        TokenKind::Tilde => AtomKind::Tilde,
        TokenKind::Lt => AtomKind::Lt,
        _ => return None,
    };
    Some(Atom {
        kind,
        span: token.span,
    })
}
