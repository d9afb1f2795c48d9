//! The grammar, as chumsky combinators over logos tokens (comments removed).
//!
//! Recovery is layered so that an error costs as little as possible:
//! a missing value, colon, step or closing bracket is reported and parsing
//! goes on; a property (or a record's field) that cannot be read is skipped
//! up to the next `key:` / `key {` / `keeps name` / `}`; an item that cannot
//! be read is skipped up to the next item keyword or chain start at brace
//! depth zero.

use chumsky::error::RichPattern;
use chumsky::input::ValueInput;
use chumsky::label::LabelError;
use chumsky::prelude::*;
use smol_str::SmolStr;

use crate::ast::*;
use crate::lexer::{TokenKind, unescape};
use crate::span::Span;

use TokenKind as T;

pub(crate) type Extra<'a> = extra::Err<Rich<'a, TokenKind, SimpleSpan>>;

/// Chumsky gives an empty match a span that may run backwards (from the
/// next token's start to the previous token's end); normalise it.
fn sp(s: SimpleSpan) -> Span {
    Span::new(s.start.min(s.end), s.end.max(s.start))
}

fn simple(s: Span) -> SimpleSpan {
    SimpleSpan::from(s.range())
}

/// The whole file: items, each recovering on its own.
pub(crate) fn file<'a, I>(src: &'a str) -> impl Parser<'a, I, Vec<Item>, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    item(src)
        .recover_with(via_parser(skip(src, Skip::Item).map_with(|_, e| Item {
            kind: ItemKind::Error,
            span: sp(e.span()),
            doc: None,
        })))
        .repeated()
        .collect()
        .then_ignore(end())
        .boxed()
}

fn item<'a, I>(src: &'a str) -> impl Parser<'a, I, Item, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    let decl = |keyword: TokenKind| {
        just(keyword)
            .map_with(|_, e| sp(e.span()))
            .then(name(src).labelled("a name"))
            .then(string(src).or_not())
    };
    type Header = ((Span, Name), Option<Str>);
    let with_block = |(((keyword, name), label), block): (Header, Option<Block>)| Decl {
        keyword,
        name,
        label,
        block,
    };
    let tool = decl(T::Tool)
        .then(block(src).or_not())
        .map(with_block)
        .map(ItemKind::Tool);
    let role = decl(T::Role)
        .then(block(src).or_not())
        .map(with_block)
        .map(ItemKind::Role);
    let record = decl(T::Record)
        .then(fields(src, FieldsOf::Record).or_not())
        .map(with_block)
        .map(ItemKind::Record);

    let named_flow = just(T::Flow)
        .map_with(|_, e| sp(e.span()))
        .then(name(src).labelled("the flow's name"))
        .then(just(T::Colon).or_not())
        .validate(|((keyword, name), colon), _, emitter| {
            if colon.is_none() {
                emitter.emit(Rich::custom(
                    simple(name.span),
                    format!(
                        "expected `:` after the flow's name: `flow {}: a -> b`",
                        name.text
                    ),
                ));
            }
            (keyword, name)
        })
        .then(chain(src))
        .then(words(src))
        .then(block(src).or_not())
        .map(|((((keyword, name), chain), words), block)| {
            ItemKind::Flow(Flow {
                keyword: Some(keyword),
                name: Some(name),
                chain,
                words,
                block,
            })
        });

    let bare_flow = chain_start()
        .ignore_then(chain(src))
        .then(words(src))
        .then(block(src).or_not())
        .map(|((chain, words), block)| {
            ItemKind::Flow(Flow {
                keyword: None,
                name: None,
                chain,
                words,
                block,
            })
        });

    choice((tool, role, record, named_flow, bare_flow))
        .map_with(|kind, e| Item {
            kind,
            span: sp(e.span()),
            doc: None,
        })
        .boxed()
}

fn name<'a, I>(src: &'a str) -> impl Parser<'a, I, Name, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    just(T::Ident)
        .map_with(move |_, e| {
            let span = sp(e.span());
            Name {
                text: SmolStr::new(&src[span.range()]),
                span,
            }
        })
        .boxed()
}

fn string<'a, I>(src: &'a str) -> impl Parser<'a, I, Str, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    one_of([T::String, T::UnterminatedString])
        .map_with(move |_, e| {
            let span = sp(e.span());
            Str {
                value: unescape(&src[span.range()]).into(),
                span,
            }
        })
        .boxed()
}

/// `IDENT ->`: where a chain (and so a bare flow) starts.
fn chain_head<'a, I>() -> impl Parser<'a, I, (), Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    just(T::Ident).then(just(T::Arrow)).ignored().boxed()
}

/// Looks ahead for `IDENT ->` without consuming it. Unlike `chain_head()`,
/// it fails where the item starts, so that a stray `kind:` at the top level
/// reads "expected `tool`, `role`, `flow` or a chain", not "expected `->`".
fn chain_start<'a, I>() -> impl Parser<'a, I, (), Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    custom(|inp: &mut chumsky::input::InputRef<'a, '_, I, Extra<'a>>| {
        let checkpoint = inp.save();
        let before = inp.cursor();
        let first = inp.next();
        let span = inp.span_since(&before);
        let second = inp.next();
        inp.rewind(checkpoint);
        if first == Some(T::Ident) && second == Some(T::Arrow) {
            Ok(())
        } else {
            Err(<Rich<'a, TokenKind, SimpleSpan> as LabelError<
                'a,
                I,
                RichPattern<'a, TokenKind>,
            >>::expected_found(
                [RichPattern::Label("a chain like `a -> b`".into())],
                first.map(chumsky::util::MaybeRef::Val),
                span,
            ))
        }
    })
    .boxed()
}

/// `IDENT :` or `IDENT {`: where a property starts.
fn property_head<'a, I>() -> impl Parser<'a, I, (), Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    just(T::Ident)
        .then(one_of([T::Colon, T::LBrace]))
        .ignored()
        .boxed()
}

/// `keeps NAME` or `owns NAME`: where a kept record starts in a tool;
/// `sample NAME {`: where a sample record starts (the brace is part of the
/// head, so that `notes: a sample form` keeps its words).
fn keeps_head<'a, I>(src: &'a str) -> impl Parser<'a, I, (), Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    let kept = name(src)
        .filter(|n: &Name| is_keeps_verb(&n.text) && n.text != "sample")
        .then(just(T::Ident))
        .ignored();
    let sample = name(src)
        .filter(|n: &Name| n.text == "sample")
        .then(just(T::Ident))
        .then(just(T::LBrace))
        .ignored();
    kept.or(sample).boxed()
}

/// `a -> b -> c`; a missing step after an arrow, or a lone step, is
/// reported and the chain kept.
fn chain<'a, I>(src: &'a str) -> impl Parser<'a, I, Chain, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    let arrow = just(T::Arrow).map_with(|_, e| sp(e.span()));
    name(src)
        .labelled("the flow's first step")
        .then(
            arrow
                .then(name(src).or_not())
                .repeated()
                .collect::<Vec<_>>(),
        )
        .validate(|(first, rest), e, emitter| {
            let span = sp(e.span());
            let mut steps = vec![first];
            let mut arrows = Vec::with_capacity(rest.len());
            for (arrow, step) in rest {
                arrows.push(arrow);
                match step {
                    Some(step) => steps.push(step),
                    None => emitter.emit(Rich::custom(
                        simple(arrow),
                        "expected the name of a tool or role after `->`",
                    )),
                }
            }
            if arrows.is_empty() {
                emitter.emit(Rich::custom(
                    simple(span),
                    "a flow needs at least two steps: `source -> destination`",
                ));
            }
            Chain {
                steps,
                arrows,
                span,
            }
        })
        .boxed()
}

/// Shorthand answers after a chain: atoms up to `{`, a keyword or the next
/// chain.
fn words<'a, I>(src: &'a str) -> impl Parser<'a, I, Vec<Atom>, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    atom(src)
        .and_is(chain_head().not())
        .repeated()
        .collect()
        .boxed()
}

fn atom<'a, I>(src: &'a str) -> impl Parser<'a, I, Atom, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    let text = move |s: SimpleSpan| &src[s.start..s.end];
    choice((
        just(T::Ident).map_with(move |_, e| AtomKind::Ident(SmolStr::new(text(e.span())))),
        one_of([T::String, T::UnterminatedString])
            .map_with(move |_, e| AtomKind::Str(unescape(text(e.span())).into())),
        just(T::Number).map_with(move |_, e| AtomKind::Number(Number::parse(text(e.span())))),
        just(T::Slash).to(AtomKind::Slash),
        just(T::Tilde).to(AtomKind::Tilde),
        just(T::Lt).to(AtomKind::Lt),
    ))
    .map_with(|kind, e| Atom {
        kind,
        span: sp(e.span()),
    })
    .boxed()
}

/// `atoms [-> atoms]`. The left side runs up to the next property; the right
/// side also stops where a new chain starts.
fn atoms<'a, I>(src: &'a str) -> impl Parser<'a, I, Atoms, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    // An item's values also stop at `keeps name` (a tool's kept record):
    // no value of an item's own keys holds those words.
    let left = atom(src)
        .and_is(property_head().not())
        .and_is(keeps_head(src).not())
        .repeated()
        .at_least(1)
        .collect::<Vec<_>>();
    let right = atom(src)
        .and_is(property_head().not())
        .and_is(keeps_head(src).not())
        .and_is(chain_head().not())
        .repeated()
        .at_least(1)
        .collect::<Vec<_>>();
    let mapping = just(T::Arrow)
        .map_with(|_, e| sp(e.span()))
        .then(right.or_not())
        .validate(|(arrow, atoms), _, emitter| {
            if atoms.is_none() {
                emitter.emit(Rich::custom(
                    simple(arrow),
                    "expected a value after `->`: `\"from\" -> \"to\"`",
                ));
            }
            Mapping {
                arrow,
                atoms: atoms.unwrap_or_default(),
            }
        });
    left.then(mapping.or_not())
        .map_with(|(atoms, mapping), e| Atoms {
            atoms,
            mapping,
            span: sp(e.span()),
        })
        .labelled("a value")
        .boxed()
}

fn value<'a, I>(src: &'a str) -> impl Parser<'a, I, Value, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    list(src)
        .map(Value::List)
        .or(atoms(src).map(Value::Atoms))
        .boxed()
}

/// Words and lists in a row, with at most one `->`: the value of a field
/// (`choice ["a", "b"] required`), of a mapping line
/// (`gender ["1" -> "female"]`) or of any line of a nested block. A value
/// that fits the shape of [`value`] is read as that shape, so the lines of a
/// `transform { … }` block read as they always have.
fn terms_value<'a, I>(src: &'a str) -> impl Parser<'a, I, Value, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    let plain = atom(src).and_is(property_head().not());
    let left = choice((list(src).map(Term::List), plain.clone().map(Term::Atom)))
        .repeated()
        .at_least(1)
        .collect::<Vec<_>>();
    let right = choice((
        list(src).map(Term::List),
        plain.and_is(chain_head().not()).map(Term::Atom),
    ))
    .repeated()
    .at_least(1)
    .collect::<Vec<_>>();
    let arrow = just(T::Arrow)
        .map_with(|_, e| sp(e.span()))
        .then(right.or_not())
        .validate(|(arrow, terms), _, emitter| {
            if terms.is_none() {
                emitter.emit(Rich::custom(
                    simple(arrow),
                    "expected a value after `->`: `\"from\" -> \"to\"`",
                ));
            }
            (arrow, terms.unwrap_or_default())
        });
    left.then(arrow.or_not())
        .map_with(|(left, arrow), e| normalise(left, arrow, sp(e.span())))
        .labelled("a value")
        .boxed()
}

/// The shape a row of terms is read as: atoms (with a mapping) or a list
/// when it is one, else terms.
fn normalise(left: Vec<Term>, arrow: Option<(Span, Vec<Term>)>, span: Span) -> Value {
    let all_atoms = |v: &[Term]| v.iter().all(|t| matches!(t, Term::Atom(_)));
    let atoms_of = |v: Vec<Term>| -> Vec<Atom> {
        v.into_iter()
            .filter_map(|t| match t {
                Term::Atom(a) => Some(a),
                _ => None,
            })
            .collect()
    };
    match arrow {
        None if left.len() == 1 && matches!(left[0], Term::List(_)) => {
            match left.into_iter().next() {
                Some(Term::List(l)) => Value::List(l),
                _ => unreachable!("checked above"),
            }
        }
        None if all_atoms(&left) => Value::Atoms(Atoms {
            atoms: atoms_of(left),
            mapping: None,
            span,
        }),
        Some((arrow, right)) if all_atoms(&left) && all_atoms(&right) => Value::Atoms(Atoms {
            atoms: atoms_of(left),
            mapping: Some(Mapping {
                arrow,
                atoms: atoms_of(right),
            }),
            span,
        }),
        arrow => {
            let mut terms = left;
            if let Some((span, right)) = arrow {
                terms.push(Term::Arrow(span));
                terms.extend(right);
            }
            Value::Terms(Terms { terms, span })
        }
    }
}

/// `[atoms, atoms, …]`; a nested `[` is reported and skipped.
fn list<'a, I>(src: &'a str) -> impl Parser<'a, I, List, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    let nested_list = just(T::LBracket)
        .map_with(|_, e| sp(e.span()))
        .then_ignore(skip(src, Skip::Balanced(T::LBracket, T::RBracket)))
        .validate(|open, _, emitter| {
            emitter.emit(Rich::custom(
                simple(open),
                "lists do not nest: write `[\"a\", \"b\"]`",
            ));
        });
    just(T::LBracket)
        .map_with(|_, e| sp(e.span()))
        .then(
            atoms(src)
                .map(Some)
                .or(nested_list.to(None))
                .separated_by(just(T::Comma))
                .allow_trailing()
                .collect::<Vec<_>>(),
        )
        .then(just(T::RBracket).or_not())
        .validate(|((open, items), close), e, emitter| {
            if close.is_none() {
                emitter.emit(Rich::custom(
                    simple(open),
                    "this list is not closed: expected `,` or `]`",
                ));
            }
            List {
                items: items.into_iter().flatten().collect(),
                span: sp(e.span()),
            }
        })
        .boxed()
}

/// `key: value`, with a missing value reported and kept as `Missing`.
fn value_property<'a, I, V>(
    src: &'a str,
    value: V,
) -> impl Parser<'a, I, Property, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
    V: Parser<'a, I, Value, Extra<'a>> + Clone + 'a,
{
    name(src)
        .then(just(T::Colon).map_with(|_, e| sp(e.span())))
        .then(value.or_not())
        .validate(|((key, colon), value), e, emitter| {
            let value = match value {
                Some(v) => PropertyValue::Value(v),
                None => {
                    emitter.emit(Rich::custom(
                        simple(key.span.cover(colon)),
                        format!("expected a value after `{}:`", key.text),
                    ));
                    PropertyValue::Missing(Span::empty(colon.end as usize))
                }
            };
            Property {
                key,
                value,
                span: sp(e.span()),
                doc: None,
            }
        })
        .boxed()
}

/// An item's block: properties, some of which hold a nested block of plain
/// properties (`transform { … }`) or, in a tool, the fields of a record it
/// keeps (`keeps visit { … }`).
fn block<'a, I>(src: &'a str) -> impl Parser<'a, I, Block, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    let inner_block = fields(src, FieldsOf::Block);
    // `keeps visit { … }` / `owns visit { … }`: the verb, then a record's
    // name that is not a key (`keeps` on a line of its own, then `kind:`).
    let keeps = name(src)
        .filter(|n: &Name| is_keeps_verb(&n.text))
        .then(
            name(src)
                .and_is(just(T::Ident).then(just(T::Colon)).not())
                .or_not(),
        )
        .then(fields(src, FieldsOf::Keeps).or_not())
        .validate(|((key, record), block), e, emitter| {
            let Some(record) = record else {
                emitter.emit(Rich::custom(
                    simple(key.span),
                    format!(
                        "expected the name of a record after `{}`: `{} patient {{ … }}`",
                        key.text, key.text
                    ),
                ));
                return None;
            };
            Some(Property {
                key,
                value: PropertyValue::Keeps(Box::new(Keeps { record, block })),
                span: sp(e.span()),
                doc: None,
            })
        });

    let property = value_property(src, value(src))
        .map(Some)
        .or(name(src).then(inner_block).map_with(|(key, block), e| {
            Some(Property {
                key,
                value: PropertyValue::Block(block),
                span: sp(e.span()),
                doc: None,
            })
        }))
        .or(keeps)
        .labelled("a property `key: value`");
    braces(src, property).boxed()
}

/// `keeps` and `owns` start a record a tool keeps (`owns`: as its system
/// of record); `sample` one record as that tool holds it.
pub(crate) fn is_keeps_verb(word: &str) -> bool {
    matches!(word, "keeps" | "owns" | "sample")
}

/// Where a block of `name: terms` lines stands, for its messages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldsOf {
    /// A record's fields.
    Record,
    /// The fields of a record a tool keeps.
    Keeps,
    /// A nested block of an item (`transform { … }`).
    Block,
}

/// `{ name: terms … }`: a record's fields, a kept record's fields or the
/// lines of a nested block. A block inside is reported and skipped: blocks
/// nest one level only.
fn fields<'a, I>(src: &'a str, of: FieldsOf) -> impl Parser<'a, I, Block, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    let nested_too_deep = name(src)
        .then(just(T::LBrace).map_with(|_, e| sp(e.span())))
        .then_ignore(skip(src, Skip::Balanced(T::LBrace, T::RBrace)))
        .validate(move |(key, open), _, emitter| {
            let message = match of {
                FieldsOf::Record => format!(
                    "a field holds a type, not a block: write `{}: text`, or declare another record and name it as the type: `{}: {}`",
                    key.text, key.text, key.text
                ),
                _ => "blocks nest only one level deep (as in `transform { … }`); write `key: value` here".to_string(),
            };
            emitter.emit(Rich::custom(simple(key.span.cover(open)), message));
        });
    let label = match of {
        FieldsOf::Record => "a field `name: type`",
        FieldsOf::Keeps => "a field `name: format`",
        FieldsOf::Block => "a property `key: value`",
    };
    let line = value_property(src, terms_value(src))
        .map(Some)
        .or(nested_too_deep.to(None))
        .labelled(label);
    braces(src, line).boxed()
}

/// `{ p p p }` where `p` may yield `None` for a property that was reported
/// and dropped. An unclosed `{` ends before the next item keyword.
fn braces<'a, I, P>(src: &'a str, property: P) -> impl Parser<'a, I, Block, Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
    P: Parser<'a, I, Option<Property>, Extra<'a>> + Clone + 'a,
{
    just(T::LBrace)
        .map_with(|_, e| sp(e.span()))
        .then(
            property
                .recover_with(via_parser(skip(src, Skip::Property).to(None)))
                .repeated()
                .collect::<Vec<_>>(),
        )
        .then(just(T::RBrace).map_with(|_, e| sp(e.span())).or_not())
        .validate(|((open, properties), close), e, emitter| {
            if close.is_none() {
                emitter.emit(Rich::custom(
                    simple(open),
                    "this `{` is not closed: expected `}`",
                ));
            }
            Block {
                span: sp(e.span()),
                open,
                close,
                properties: properties.into_iter().flatten().collect(),
            }
        })
        .boxed()
}

/// How far [`skip`] goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Skip {
    /// A broken item: up to the next keyword or chain start at depth 0.
    Item,
    /// A broken property: up to the next property (`key:`, `key {`,
    /// `keeps name`), `}` or keyword at depth 0.
    Property,
    /// The rest of a `{ … }` (or `[ … ]`) whose opening was just read.
    Balanced(TokenKind, TokenKind),
}

/// Skips tokens that could not be parsed, keeping `{ }` balanced, and never
/// past an item keyword. Fails (so the caller's loop ends) when it cannot
/// skip anything.
fn skip<'a, I>(src: &'a str, mode: Skip) -> impl Parser<'a, I, (), Extra<'a>> + Clone
where
    I: ValueInput<'a, Token = TokenKind, Span = SimpleSpan>,
{
    custom(
        move |inp: &mut chumsky::input::InputRef<'a, '_, I, Extra<'a>>| {
            let before = inp.cursor();
            let (open, close) = match mode {
                Skip::Balanced(open, close) => (open, close),
                _ => (T::LBrace, T::RBrace),
            };
            let balanced = matches!(mode, Skip::Balanced(..));
            let mut depth: u32 = u32::from(balanced);
            let mut consumed = false;
            while let Some(tok) = inp.peek() {
                let tok: TokenKind = tok;
                // A broken item may start with a keyword; nothing else may
                // swallow one.
                if tok.is_keyword() && (consumed || mode != Skip::Item) {
                    break;
                }
                if depth == 0 && consumed {
                    let checkpoint = inp.save();
                    let here = inp.cursor();
                    inp.skip();
                    let word = &src[inp.span_since(&here).into_range()];
                    let next = inp.peek();
                    inp.rewind(checkpoint);
                    let stop = match mode {
                        Skip::Item => tok == T::Ident && next == Some(T::Arrow),
                        Skip::Property => {
                            tok == T::Ident
                                && (matches!(next, Some(T::Colon | T::LBrace))
                                    || next == Some(T::Ident) && is_keeps_verb(word))
                        }
                        Skip::Balanced(..) => true,
                    };
                    if stop {
                        break;
                    }
                }
                // `}` ends a broken property, and a broken list inside one.
                if tok == T::RBrace && (mode == Skip::Property && depth == 0 || open == T::LBracket)
                {
                    break;
                }
                inp.skip();
                consumed = true;
                if tok == open {
                    depth += 1;
                } else if tok == close {
                    depth = depth.saturating_sub(1);
                }
            }
            if consumed || balanced {
                Ok(())
            } else {
                Err(Rich::custom(inp.span_since(&before), "nothing to skip"))
            }
        },
    )
    .boxed()
}
