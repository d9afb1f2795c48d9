//! Folding ranges and selection ranges through the protocol, in UTF-16 and
//! UTF-8: folds as whole lines, selections as chains of parents. Which
//! folds and which chains: `flowspec-analysis`'s `tests/it/ide/folding.rs`
//! and `selection.rs`.
//!
//! Folds: whole lines, from the line of `{` (or `[`, or a comment run's
//! first line, or a flow header's first line) to the line before the
//! closing `}` / `]`; sorted, one per start line, properly nested.
//! Selections: for each position, a chain of ranges, each strictly inside
//! its parent, from the word under the cursor to the whole file, in UTF-16
//! and UTF-8.

use flowspec_lsp_harness::{Encoding, Fixture, Options, Server, offset, position};
use flowspec_test_fixture::designs::FOLDS;
use serde_json::{Value, json};

use crate::support::binary;

fn start(source: &str, utf8: bool) -> Server {
    let fixture = Fixture::parse(source);
    Server::start(binary(), &fixture, Options::with_utf8(utf8))
}

// ---------------------------------------------------------------- folding

/// `(start line, end line, kind)` of each fold, checking what must hold of
/// any answer: lines only, sorted, one fold per start line, at least two
/// lines each, and nested (a fold that starts inside another ends inside it).
fn folds(server: &mut Server, path: &str) -> Vec<(u64, u64, String)> {
    let uri = server.uri(path);
    let result = server.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    );
    let folds: Vec<(u64, u64, String)> = result
        .as_array()
        .expect("folds")
        .iter()
        .map(|f| {
            assert!(
                f.get("startCharacter").is_none() && f.get("endCharacter").is_none(),
                "lines only: {f}"
            );
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
                f["kind"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    for (i, (start, end, _)) in folds.iter().enumerate() {
        assert!(start < end, "a fold of one line: {:?}", folds[i]);
        if let Some((next, _, _)) = folds.get(i + 1) {
            assert!(start < next, "not sorted, or two folds on one line");
        }
        for (other_start, other_end, _) in &folds[..i] {
            assert!(
                start > other_end || end <= other_end,
                "{:?} overlaps {other_start}..{other_end} without nesting",
                folds[i]
            );
        }
    }
    folds
}

#[test]
fn folds_of_every_kind_and_of_broken_input() {
    for utf8 in [false, true] {
        let mut server = start(&format!("//- a.flow\n{FOLDS}"), utf8);
        server.open("a.flow");
        let got = folds(&mut server, "a.flow");
        let plain: Vec<(u64, u64, &str)> =
            got.iter().map(|(s, e, k)| (*s, *e, k.as_str())).collect();
        assert_eq!(
            plain,
            [
                (0, 1, "comment"),   // the file's doc
                (3, 4, "comment"),   // plain comments
                (5, 6, "comment"),   // the flow's doc
                (7, 8, "-"),         // the header, up to the line before `{`
                (9, 18, "-"),        // the block: its `}` shares the last property's line
                (10, 12, "-"),       // the list, up to the line before `]`
                (14, 17, "-"),       // transform { … }, with its comments
                (16, 17, "comment"), // the comments inside it
                (21, 22, "-"),       // a bare flow's header, `{` on a line of its own
                (23, 25, "-"),       // its block
                (28, 29, "-"),       // an unclosed block: up to its last token
            ],
            "utf8={utf8}"
        );
        server.shutdown();
    }
}

// ---------------------------------------------------------------- selection

/// The selection chains at the markers `$0`, `$1`, … of a one-file fixture
/// (the harness wants them in the text in the order of their numbers),
/// as the texts of their ranges, innermost first, checking what must hold:
/// one answer per position, in order; the first range contains the
/// position; each parent strictly contains its child; the last is the file.
fn selections(server: &mut Server, fixture: &Fixture, path: &str) -> Vec<(String, Vec<Value>)> {
    let text = fixture.text(path).to_string();
    let mut markers: Vec<(String, usize)> = fixture
        .markers
        .iter()
        .map(|(name, (_, at))| (name.clone(), *at))
        .collect();
    markers.sort();
    let encoding = server.encoding;
    let positions: Vec<Value> = markers
        .iter()
        .map(|(_, at)| position(&text, *at, encoding))
        .collect();
    let uri = server.uri(path);
    let result = server.request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": uri }, "positions": positions }),
    );
    let answers = result.as_array().expect("selection ranges");
    assert_eq!(answers.len(), markers.len(), "one answer per position");
    let whole = json!({
        "start": position(&text, 0, encoding),
        "end": position(&text, text.len(), encoding),
    });
    let mut out = Vec::new();
    for ((name, at), answer) in markers.iter().zip(answers) {
        let mut chain: Vec<Value> = Vec::new();
        let mut node = answer;
        loop {
            chain.push(node["range"].clone());
            match node.get("parent") {
                Some(parent) if !parent.is_null() => node = parent,
                _ => break,
            }
        }
        let span = |range: &Value| {
            (
                offset(&text, &range["start"], encoding),
                offset(&text, &range["end"], encoding),
            )
        };
        let (first_start, first_end) = span(&chain[0]);
        assert!(
            first_start <= *at && *at <= first_end,
            "{name}: the first range does not contain the position"
        );
        for pair in chain.windows(2) {
            let ((a, b), (c, d)) = (span(&pair[0]), span(&pair[1]));
            assert!(
                c <= a && b <= d && (c, d) != (a, b),
                "{name}: {:?} is not strictly inside {:?}",
                &text[a..b],
                &text[c..d]
            );
        }
        assert_eq!(
            chain.last(),
            Some(&whole),
            "{name}: the last range is the file"
        );
        out.push((name.clone(), chain));
    }
    out
}

/// The texts of a chain's ranges.
fn texts(text: &str, chain: &[Value], encoding: Encoding) -> Vec<String> {
    chain
        .iter()
        .map(|r| {
            let start = offset(text, &r["start"], encoding);
            let end = offset(text, &r["end"], encoding);
            text[start..end].to_string()
        })
        .collect()
}

const MULTI_BYTE: &str = "tool clinic \"Clinique 🏥\"\nflow visites: école -> ክሊ$1ኒክ -> clinic {\n  data: [\"fiches 😀\", \"የጉብ$2ኝት 📋\"]\n  timing: batch \"chaque mois — በየ$3ወሩ\"\n}\n";

#[test]
fn selection_after_accents_amharic_and_emoji_in_utf16_and_utf8() {
    let fixture = Fixture::parse(&format!("//- a.flow\n{MULTI_BYTE}"));
    let text = fixture.text("a.flow").to_string();
    let mut results = Vec::new();
    for utf8 in [false, true] {
        let mut server = Server::start(binary(), &fixture, Options::with_utf8(utf8));
        server.open("a.flow");
        let chains = selections(&mut server, &fixture, "a.flow");
        let all: Vec<Vec<String>> = chains
            .iter()
            .map(|(_, chain)| texts(&text, chain, server.encoding))
            .collect();
        assert_eq!(
            all[0][..2],
            ["ክሊኒክ", "école -> ክሊኒክ -> clinic"],
            "utf8={utf8}"
        );
        assert_eq!(
            all[1][..3],
            ["የጉብኝት 📋", "\"የጉብኝት 📋\"", "[\"fiches 😀\", \"የጉብኝት 📋\"]"],
            "utf8={utf8}"
        );
        assert_eq!(
            all[2][..3],
            [
                "chaque mois — በየወሩ",
                "\"chaque mois — በየወሩ\"",
                "batch \"chaque mois — በየወሩ\""
            ],
            "utf8={utf8}"
        );
        // The raw columns differ between encodings; the texts do not.
        let (_, chain) = &chains[0];
        let expected_col = if utf8 { 24 } else { 23 };
        assert_eq!(
            chain[0]["start"],
            json!({"line": 1, "character": expected_col})
        );
        results.push(all);
        server.shutdown();
    }
    assert_eq!(results[0], results[1]);
}
