//! Property tests of the language core:
//!
//! - the parser and the analysis are total: any input, however broken,
//!   gives a tree and diagnostics with in-bounds spans, and never panics;
//! - formatting is idempotent and keeps the meaning, on every fixture and
//!   on generated designs laid out at random;
//! - a syntax error in one item leaves the diagnostics of the other items
//!   unchanged.

use std::borrow::Cow;
use std::ops::Range;

use flowspec_analysis::format::format;
use flowspec_analysis::ide::semantic_tokens::{semantic_tokens, semantic_tokens_after_edit};
use flowspec_analysis::syntax::lexer::{TokenKind, lex};
use flowspec_analysis::syntax::{parse, reparse, reparse_with_origins};
use flowspec_analysis::{Code, Workspace};
use flowspec_test_fixture::Rng;
use proptest::prelude::*;

// ---------------------------------------------------------------- inputs

use flowspec_test_fixture::pieces::DESIGN_FRAGMENTS as FRAGMENTS;

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..80).prop_map(|parts| {
        parts
            .iter()
            .enumerate()
            .fold(String::new(), |mut s, (i, p)| {
                if i % 3 == 0 {
                    s.push(' ');
                }
                s.push_str(p);
                s
            })
    })
}

/// A generated design: its text, and the byte range of each item (from its
/// first token to its last).
struct Design {
    text: String,
    items: Vec<Range<usize>>,
}

/// Writes tokens with random (but meaning-preserving) layout: spaces,
/// line breaks, comments.
struct Writer<'r> {
    rng: &'r mut Rng,
    text: String,
}

impl Writer<'_> {
    fn sep(&mut self) {
        match self.rng.below(12) {
            0 => self.text.push_str("\n    "),
            1 => self.text.push('\n'),
            2 => self.text.push_str("  "),
            3 => {
                let n = self.rng.below(100);
                self.text.push_str(&format!(" # note {n}\n"));
            }
            _ => self.text.push(' '),
        }
    }

    fn tokens(&mut self, tokens: &[&str]) {
        for (i, t) in tokens.iter().enumerate() {
            if i > 0 {
                self.sep();
            }
            self.text.push_str(t);
        }
    }
}

const STEPS: &[&str] = &[
    "commcare",
    "odk",
    "dhis2",
    "excel",
    "postgresql",
    "openmrs",
    "telerivet",
];
const TIMINGS: &[&[&str]] = &[
    &["realtime"],
    &["batch"],
    &["manual", "\"by the clerk\""],
    &["tbd"],
    &["sometimes"],
];
const FREQUENCIES: &[&[&str]] = &[
    &["monthly"],
    &["daily"],
    &["every", "2", "hours"],
    &["cron", "\"0 2 1 * *\""],
    &["continuous"],
    &["on-demand"],
    &["unknown"],
    &["montly"],
    &["cron", "\"0 25 * * *\""],
];
const VOLUMES: &[&[&str]] = &[
    &["~", "12000", "records", "/", "month"],
    &["<50", "MB", "per", "day"],
    &["1.5k", "forms"],
    &["tbd"],
    &["12", "recrods", "/", "day"],
];

fn generate(seed: u64) -> Design {
    let mut rng = Rng::new(seed);
    let count = 1 + rng.below(8);
    let mut w = Writer {
        rng: &mut rng,
        text: String::new(),
    };
    if w.rng.chance(30) {
        w.text.push_str("## A generated design.\n\n");
    }
    let mut items = Vec::new();
    for i in 0..count {
        if i > 0 {
            w.text
                .push_str(if w.rng.chance(50) { "\n\n" } else { "\n" });
        }
        if w.rng.chance(30) {
            w.text.push_str(&format!("## Item {i}.\n"));
        }
        let start = w.text.len();
        match w.rng.below(4) {
            0 => {
                let name = format!("tool_{i}");
                let label = format!("\"Tool {i} — é ክ 😀\"");
                w.tokens(&["tool", &name, &label]);
                if w.rng.chance(60) {
                    w.sep();
                    w.tokens(&["{", "kind", ":"]);
                    w.sep();
                    let kind = w.rng.pick(&["mis", "database", "spaceship"]);
                    w.tokens(&[kind, "owner", ":", "\"MoH\"", "}"]);
                } else if w.rng.chance(30) {
                    // Empty, or holding only comments.
                    w.sep();
                    let only = w.rng.pick(&["# only a note\n", "# one\n\n# two\n", ""]);
                    w.tokens(&["{", only, "}"]);
                }
            }
            1 => {
                let name = format!("role_{i}");
                w.tokens(&["role", &name]);
            }
            _ => {
                let mut tokens: Vec<String> = Vec::new();
                if w.rng.chance(60) {
                    tokens.extend(["flow".to_string(), format!("flow_{i}"), ":".to_string()]);
                }
                let steps = 2 + w.rng.below(3);
                for s in 0..steps {
                    if s > 0 {
                        tokens.push("->".into());
                    }
                    tokens.push(w.rng.pick(STEPS).into());
                }
                if w.rng.chance(50) {
                    let t = TIMINGS[w.rng.below(TIMINGS.len())];
                    tokens.extend(t.iter().map(|s| s.to_string()));
                }
                if w.rng.chance(50) {
                    let f = FREQUENCIES[w.rng.below(FREQUENCIES.len())];
                    tokens.extend(f.iter().map(|s| s.to_string()));
                }
                if w.rng.chance(70) {
                    tokens.push("{".into());
                    if w.rng.chance(70) {
                        tokens.extend(["data".into(), ":".into()]);
                        if w.rng.chance(50) {
                            tokens.push("\"visit forms\"".into());
                        } else {
                            tokens.extend(["[", "\"a\"", ",", "\"b — ጤና\"", "]"].map(String::from));
                        }
                    }
                    if w.rng.chance(50) {
                        tokens.extend(
                            [
                                "transform",
                                "{",
                                "date",
                                ":",
                                "\"MM/DD\"",
                                "->",
                                "\"DD/MM\"",
                                "total",
                                ":",
                                "\"sum\"",
                                "}",
                            ]
                            .map(String::from),
                        );
                    } else if w.rng.chance(50) {
                        tokens.extend(["transform", ":", "none"].map(String::from));
                    } else if w.rng.chance(50) {
                        // Empty, or holding only comments.
                        let only = w.rng.pick(&["# to do\n", "# a\n# b\n", ""]);
                        tokens.extend(["transform", "{", only, "}"].map(String::from));
                    }
                    if w.rng.chance(50) {
                        tokens.extend(["volume".into(), ":".into()]);
                        let v = VOLUMES[w.rng.below(VOLUMES.len())];
                        tokens.extend(v.iter().map(|s| s.to_string()));
                    }
                    if w.rng.chance(30) {
                        tokens.extend(["status", ":", "proposed"].map(String::from));
                    }
                    tokens.push("}".into());
                }
                let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
                w.tokens(&refs);
            }
        }
        items.push(start..w.text.len());
    }
    if w.rng.chance(30) {
        w.text.push_str("\n# the end");
    }
    Design {
        text: w.text,
        items,
    }
}

// ------------------------------------------------------------- helpers

fn analyse(text: &str) -> (Workspace, flowspec_analysis::FileId) {
    let mut ws = Workspace::new();
    let (id, _) = ws.set_file("design.flow", text);
    (ws, id)
}

/// What a file says, without positions: its model and its diagnostics'
/// codes and messages. Equal before and after formatting.
fn meaning(text: &str) -> (String, Vec<(Code, String)>) {
    let (ws, id) = analyse(text);
    let file = ws.file(id).unwrap();
    let model = format!("{:?} {:?}", file.model.decls, file.model.flows);
    let diagnostics = ws
        .diagnostics(id)
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect();
    (without_spans(&model), diagnostics)
}

/// Replaces every `12..34` (a span's Debug form) with `_`.
fn without_spans(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            if s[j..].starts_with("..") && bytes.get(j + 2).is_some_and(u8::is_ascii_digit) {
                let mut k = j + 2;
                while k < bytes.len() && bytes[k].is_ascii_digit() {
                    k += 1;
                }
                out.push('_');
                i = k;
                continue;
            }
        }
        out.push(bytes[i] as char);
        i += 1;
    }
    out
}

#[track_caller]
fn check_format(text: &str) {
    let Ok(once) = format(text) else {
        return; // files with syntax errors are refused, checked elsewhere
    };
    let twice = format(&once).expect("formatted output formats");
    assert_eq!(once, twice, "formatting is not idempotent for:\n{text}");
    check_closing_indent(&once);
    assert_eq!(
        meaning(text),
        meaning(&once),
        "formatting changed the meaning of:\n{text}\n---\n{once}"
    );
}

/// The layout rule of formatted output: a `}` or `]` on a later line than
/// its opener starts its line, indented like the line that opened its block,
/// which is two spaces for each block or list around it. (When a comment
/// breaks an item's header, the opener sits on a continuation line; the
/// closer then lines up with the item's first line, at that same depth.)
#[track_caller]
fn check_closing_indent(out: &str) {
    let line_start = |offset: usize| out[..offset].rfind('\n').map_or(0, |i| i + 1);
    let indent = |start: usize| out[start..].len() - out[start..].trim_start_matches(' ').len();
    let mut open: Vec<usize> = Vec::new(); // line starts of the open brackets
    for t in &lex(out).0 {
        let at = t.span.start as usize;
        match t.kind {
            TokenKind::LBrace | TokenKind::LBracket => {
                let line = line_start(at);
                assert!(
                    indent(line) >= 2 * open.len(),
                    "an opening bracket at byte {at} is on a line indented less than its depth:\n{out}"
                );
                open.push(line);
            }
            TokenKind::RBrace | TokenKind::RBracket => {
                let Some(opener) = open.pop() else { continue };
                let line = line_start(at);
                if line == opener {
                    continue; // `{}` or `[a, b]` on one line
                }
                assert_eq!(
                    at - line,
                    indent(line),
                    "a closing bracket does not start its line:\n{out}"
                );
                assert_eq!(
                    indent(line),
                    2 * open.len(),
                    "a closing bracket at byte {at} is not indented like the line that opened its block:\n{out}"
                );
            }
            _ => {}
        }
    }
}

fn check_total(text: &str) {
    let tree = parse(text);
    let len = text.len();
    let mut previous_end = 0;
    for t in &tree.tokens {
        assert!(t.span.start as usize >= previous_end, "tokens overlap");
        assert!(
            t.span.end as usize <= len
                && text.is_char_boundary(t.span.start as usize)
                && text.is_char_boundary(t.span.end as usize)
        );
        previous_end = t.span.end as usize;
    }
    for e in &tree.errors {
        assert!(
            e.span.end as usize <= len && e.span.start <= e.span.end,
            "error span out of bounds"
        );
        assert!(
            text.is_char_boundary(e.span.start as usize)
                && text.is_char_boundary(e.span.end as usize)
        );
        assert!(!e.message.is_empty());
    }
    for item in &tree.items {
        assert!(item.span.end as usize <= len);
    }
    let (ws, id) = analyse(text);
    for d in ws.diagnostics(id) {
        assert!(
            d.span.end as usize <= len && d.span.start <= d.span.end,
            "{d:?}"
        );
        assert!(
            text.is_char_boundary(d.span.start as usize)
                && text.is_char_boundary(d.span.end as usize)
        );
    }
    // The formatter refuses broken input or succeeds; either way no panic.
    let _ = format(text);
}

// ---------------------------------------------------------------- tests

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_parser_is_total_on_any_text(text in any::<String>()) {
        check_total(&text);
    }

    #[test]
    fn the_parser_is_total_on_token_soup(text in soup()) {
        check_total(&text);
        check_format(&text);
    }

    #[test]
    fn formatting_generated_designs_is_idempotent_and_keeps_their_meaning(seed in any::<u64>()) {
        let design = generate(seed);
        check_total(&design.text);
        let formatted = format(&design.text);
        prop_assert!(formatted.is_ok(), "a generated design is refused: {:?}\n{}", formatted, design.text);
        check_format(&design.text);
    }

    #[test]
    fn a_syntax_error_costs_only_its_item(seed in any::<u64>(), target in any::<usize>(), choice in any::<usize>(), mutation in 0usize..4) {
        let design = generate(seed);
        let k = target % design.items.len();
        let Some((broken, delta_at, delta)) = break_item(&design, k, choice, mutation) else {
            return Ok(());
        };
        let before = item_diagnostics(&design.text, &design.items, k);
        let shifted: Vec<Range<usize>> = design.items.iter().map(|r| shift(r.clone(), delta_at, delta)).collect();
        let (_, after_id) = analyse(&broken);
        let after = item_diagnostics(&broken, &shifted, k);
        let (ws, _) = analyse(&broken);
        // Usually a syntax error; a stray `:` after a name can instead make
        // a property of it (`MB: per day`), and a stray `,` before `]` is a
        // valid trailing comma: only mutations that broke something count.
        prop_assume!(ws.diagnostics(after_id).iter().any(|d| d.severity == flowspec_analysis::Severity::Error));
        prop_assert_eq!(before, after, "breaking item {} changed other items:\n{}\n---\n{}", k, design.text, broken);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Re-parsing only the changed segments gives exactly the tree, errors
    /// and doc comments of a fresh parse, edit after edit.
    #[test]
    fn reparsing_after_edits_equals_parsing_afresh(
        seed in any::<u64>(),
        edits in prop::collection::vec((any::<usize>(), 0usize..20, prop::sample::select(FRAGMENTS)), 1..8),
    ) {
        let mut text = generate(seed).text;
        let mut tree = parse(&text);
        for (at, len, insert) in edits {
            let mut start = at % (text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let mut next = text.clone();
            next.replace_range(start..end, insert);
            let reused = reparse(&next, &text, &tree);
            let fresh = parse(&next);
            prop_assert_eq!(&reused, &fresh, "after replacing {}..{} with {:?} in:\n{}", start, end, insert, text);
            // The same from an old tree given up (its list of items edited
            // in place), with the same origins.
            let (owned, origins) = reparse_with_origins(&next, &text, Cow::Owned(tree.clone()));
            let (_, borrowed) = reparse_with_origins(&next, &text, Cow::Borrowed(&tree));
            prop_assert_eq!(&owned, &fresh, "given up, after replacing {}..{} with {:?} in:\n{}", start, end, insert, text);
            prop_assert_eq!(origins, borrowed);
            text = next;
            tree = reused;
        }
    }
}

/// `text` with bytes `at..at + len` (moved onto character boundaries)
/// replaced by `insert`.
fn edited(text: &str, at: usize, len: usize, insert: &str) -> String {
    let mut start = at % (text.len() + 1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + len).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut next = text.to_string();
    next.replace_range(start..end, insert);
    next
}

/// Edits `text` in a workspace one edit after another (each lowering only
/// the items the edit touched) and checks the model against a fresh
/// lowering after each: positions, diagnostics and their order. Every
/// other edit, the old version is still held (as a request being answered
/// holds it), so its parts are copied rather than moved, and it stays
/// whole.
fn check_lowering_after_edits(
    mut text: String,
    edits: &[(usize, usize, &str)],
) -> Result<(), TestCaseError> {
    let mut ws = Workspace::new();
    let (id, _) = ws.set_file("a.flow", text.as_str());
    for (n, (at, len, insert)) in edits.iter().enumerate() {
        let next = edited(&text, *at, *len, insert);
        let held = (n % 2 == 1).then(|| ws.file(id).cloned()).flatten();
        let before = held.as_ref().map(|f| (f.tree.clone(), f.model.clone()));
        let tokens = semantic_tokens(&ws, ws.file(id).unwrap());
        let epoch = ws.names_epoch();
        ws.set_file("a.flow", next.as_str());
        // The tokens kept from the version before, where the edit kept the
        // text, and found afresh between, are those found afresh: while
        // no name changed meaning.
        if ws.names_epoch() == epoch {
            let file = ws.file(id).unwrap();
            prop_assert_eq!(
                semantic_tokens_after_edit(&ws, file, &tokens),
                semantic_tokens(&ws, file),
                "tokens after replacing {}+{} with {:?} in:\n{}",
                at,
                len,
                insert,
                text
            );
        }
        if let (Some(old), Some((tree, model))) = (held, before) {
            prop_assert_eq!(&old.tree, &tree, "a version still held is left whole");
            prop_assert_eq!(&old.model, &model);
        }
        let mut fresh = Workspace::new();
        let (fresh_id, _) = fresh.set_file("a.flow", next.as_str());
        prop_assert_eq!(
            &ws.file(id).unwrap().model,
            &fresh.file(fresh_id).unwrap().model,
            "after replacing {}+{} with {:?} in:\n{}",
            at,
            len,
            insert,
            text
        );
        prop_assert_eq!(ws.diagnostics(id), fresh.diagnostics(fresh_id));
        text = next;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// An edit lowers again only the items it touched and moves what was
    /// lowered of the others: the model equals a fresh lowering's.
    #[test]
    fn edits_lowered_again_equal_a_fresh_lowering(
        seed in any::<u64>(),
        edits in prop::collection::vec((any::<usize>(), 0usize..20, prop::sample::select(FRAGMENTS)), 1..8),
    ) {
        check_lowering_after_edits(generate(seed).text, &edits)?;
    }

    /// The same on every fixture and example: records, samples, mappings,
    /// discovery answers, doc comments, every diagnostic.
    #[test]
    fn edits_of_the_fixtures_lowered_again_equal_a_fresh_lowering(
        file in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<usize>(), 0usize..12, prop::sample::select(FRAGMENTS)), 1..6),
    ) {
        let files = fixture_files();
        let text = std::fs::read_to_string(file.get(&files)).unwrap();
        check_lowering_after_edits(text, &edits)?;
    }
}

/// Every `.flow` file of the diagnostics fixtures and the examples.
fn fixture_files() -> Vec<std::path::PathBuf> {
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/diagnostics"
    );
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let mut files = walk(std::path::Path::new(root));
    files.extend(walk(std::path::Path::new(examples)));
    files.sort();
    files
}

fn shift(r: Range<usize>, at: usize, delta: isize) -> Range<usize> {
    let move_ = |x: usize| {
        if x > at {
            (x as isize + delta) as usize
        } else {
            x
        }
    };
    move_(r.start)..move_(r.end)
}

/// Breaks item `k` with a syntax error that stays inside it: a stray
/// character or token between two of its tokens, a property's colon
/// removed, or a string left open at the end of its line. Returns the text,
/// where it changed and by how much.
fn break_item(
    design: &Design,
    k: usize,
    choice: usize,
    mutation: usize,
) -> Option<(String, usize, isize)> {
    let range = design.items[k].clone();
    let (tokens, _) = lex(&design.text);
    let inside: Vec<_> = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            range.start <= t.span.start as usize
                && t.span.end as usize <= range.end
                && !t.kind.is_trivia()
        })
        .map(|(i, t)| (i, *t))
        .collect();
    if inside.len() < 2 {
        return None;
    }
    let text = &design.text;
    match mutation {
        0 | 1 => {
            // Before one of the item's tokens, not the first.
            let (_, t) = inside[1 + choice % (inside.len() - 1)];
            let at = t.span.start as usize;
            let stray = if mutation == 0 {
                "@ "
            } else {
                [": ", ", ", "] "][choice % 3]
            };
            let mut broken = text.clone();
            broken.insert_str(at, stray);
            Some((broken, at.saturating_sub(1), stray.len() as isize))
        }
        2 => {
            // The colon of one of the item's own properties (in its block,
            // not in a nested `transform { … }`, whose keys are free: there
            // `a: "x" b "y"` is a valid, if odd, value).
            let mut depth = 0;
            let mut colons = Vec::new();
            for w in inside.windows(2) {
                match w[0].1.kind {
                    TokenKind::LBrace => depth += 1,
                    TokenKind::RBrace => depth -= 1,
                    _ => {}
                }
                if depth == 1 && w[0].1.kind == TokenKind::Ident && w[1].1.kind == TokenKind::Colon
                {
                    colons.push(w[1].1);
                }
            }
            let colon = colons.get(choice % colons.len().max(1))?;
            let mut broken = text.clone();
            broken.replace_range(colon.span.range(), "");
            Some((broken, colon.span.start as usize, -1))
        }
        _ => {
            // The closing quote of a string that ends its line.
            let strings: Vec<_> = inside
                .iter()
                .filter(|(_, t)| {
                    t.kind == TokenKind::String && text[t.span.end as usize..].starts_with('\n')
                })
                .collect();
            let (_, s) = strings.get(choice % strings.len().max(1))?;
            let quote = s.span.end as usize - 1;
            let mut broken = text.clone();
            broken.remove(quote);
            Some((broken, quote, -1))
        }
    }
}

/// The diagnostics of every item but `skip`, as (item, code, message,
/// start and end relative to the item). Codes that follow from names
/// declared or used elsewhere (resolution, duplicates, unused, manual steps)
/// are left out: breaking a declaration rightly changes those.
fn item_diagnostics(
    text: &str,
    items: &[Range<usize>],
    skip: usize,
) -> Vec<(usize, Code, String, usize, usize)> {
    let (ws, id) = analyse(text);
    let mut out = Vec::new();
    for d in ws.diagnostics(id) {
        if matches!(
            d.code,
            Code::UnknownReference
                | Code::DuplicateDeclaration
                | Code::UnusedDeclaration
                | Code::ManualStep
        ) {
            continue;
        }
        let start = d.span.start as usize;
        let Some(i) = items
            .iter()
            .position(|r| r.start <= start && start < r.end.max(r.start + 1))
        else {
            continue;
        };
        if i == skip {
            continue;
        }
        out.push((
            i,
            d.code,
            d.message,
            start - items[i].start,
            d.span.end as usize - items[i].start,
        ));
    }
    out
}

#[test]
fn formatting_every_fixture_is_idempotent_and_keeps_its_meaning() {
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/diagnostics"
    );
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let mut checked = 0;
    for dir in [root, examples] {
        for entry in walk(std::path::Path::new(dir)) {
            let text = std::fs::read_to_string(&entry).unwrap();
            check_total(&text);
            check_format(&text);
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} fixtures found");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "flow") {
            out.push(path);
        }
    }
    out
}
