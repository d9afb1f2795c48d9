//! Semantic tokens through the protocol: the legend, the relative encoding
//! decoded back into positions and lengths (in UTF-16 and UTF-8) with the
//! legend's names, steps that change meaning with unsaved edits of another
//! open document, and no tokens for a document the server does not know;
//! `full/delta` edits that, applied as a client applies them, give the
//! full answer, and `range` answers that are the full answer's lines.
//! What each token means (the language example, broken files, line
//! endings): `flowspec-analysis`'s `tests/it/ide/semantic_tokens.rs`.
//!
//! Every decoded token is cut from the document by its decoded range and
//! must be exactly one token of the lexer: a length counted in the wrong
//! encoding, a token across lines or two overlapping tokens fail.

use flowspec_lsp_harness::{Encoding, Options, Server, offset, position};
use flowspec_test_fixture::designs::ACCENTS;
use serde_json::{Value, json};

use crate::support::lsp::{apply_delta, integers, start};

/// One token as the client sees it.
#[derive(Debug, Clone, PartialEq)]
struct Decoded {
    line: u64,
    col: u64,
    length: u64,
    kind: String,
    modifiers: Vec<String>,
    /// The document's text at the decoded range.
    text: String,
}

impl Decoded {
    /// `text kind +modifier…`: what a token means, whatever the encoding.
    fn meaning(&self) -> String {
        let mut s = format!("{} {}", self.text, self.kind);
        for m in &self.modifiers {
            s.push_str(&format!(" +{m}"));
        }
        s
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

/// Requests the tokens of `path`, decodes them with the announced legend,
/// and checks what must hold of any answer: each token cut from the text is
/// exactly one token of the lexer, on one line, in order, not overlapping.
fn tokens(server: &mut Server, path: &str) -> Vec<Decoded> {
    let uri = server.uri(path);
    let result = server.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri } }),
    );
    decode(server, path, &integers(&result["data"]))
}

/// Decodes the integers of an answer with the announced legend, and checks
/// it (see [`tokens`]).
fn decode(server: &Server, path: &str, data: &[u64]) -> Vec<Decoded> {
    let legend = server.capabilities["semanticTokensProvider"]["legend"].clone();
    let types = strings(&legend["tokenTypes"]);
    let modifier_names = strings(&legend["tokenModifiers"]);
    assert_eq!(data.len() % 5, 0, "five integers per token");
    let text = server.text(path);
    let (lexed, _) = flowspec_analysis::syntax::lexer::lex(&text);
    let encoding = server.encoding;
    let mut out: Vec<Decoded> = Vec::new();
    let (mut line, mut col, mut prev_end) = (0u64, 0u64, 0usize);
    for chunk in data.chunks(5) {
        let [delta_line, delta_start, length, kind, bits] = chunk else {
            unreachable!()
        };
        line += delta_line;
        col = if *delta_line == 0 {
            col + delta_start
        } else {
            *delta_start
        };
        let start_pos = json!({ "line": line, "character": col });
        let end_pos = json!({ "line": line, "character": col + length });
        let start = offset(&text, &start_pos, encoding);
        let end = offset(&text, &end_pos, encoding);
        // The decoded positions must fall on characters and inside the line.
        assert_eq!(
            position(&text, start, encoding),
            start_pos,
            "start of {chunk:?}"
        );
        assert_eq!(position(&text, end, encoding), end_pos, "end of {chunk:?}");
        assert!(*length > 0, "an empty token: {chunk:?}");
        assert!(
            start >= prev_end,
            "tokens overlap or go backwards: {chunk:?}"
        );
        prev_end = end;
        assert!(
            lexed
                .iter()
                .any(|t| t.span.start as usize == start && t.span.end as usize == end),
            "`{}` at {line}:{col} is not a token of the lexer",
            &text[start..end]
        );
        let modifiers: Vec<String> = modifier_names
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, m)| m.clone())
            .collect();
        assert_eq!(
            *bits >> modifier_names.len(),
            0,
            "a modifier outside the legend"
        );
        out.push(Decoded {
            line,
            col,
            length: *length,
            kind: types[*kind as usize].clone(),
            modifiers,
            text: text[start..end].to_string(),
        });
    }
    out
}

/// The source, then one row per token.
fn table(text: &str, tokens: &[Decoded]) -> String {
    let mut out = String::from(text);
    out.push_str("\nline:col  len  type        modifiers                       text\n");
    for t in tokens {
        let position = format!("{}:{}", t.line, t.col);
        out.push_str(&format!(
            "{position:<9} {:>4}  {:<11} {:<31} {}\n",
            t.length,
            t.kind,
            t.modifiers.join(","),
            t.text
        ));
    }
    out
}

fn meaning_of(tokens: &[Decoded], text: &str) -> Vec<String> {
    tokens
        .iter()
        .filter(|t| t.text == text)
        .map(Decoded::meaning)
        .collect()
}

#[test]
fn the_legend_uses_standard_types_with_deltas_and_ranges() {
    let server = start("", Options::default());
    let provider = &server.capabilities["semanticTokensProvider"];
    assert_eq!(provider["full"], json!({ "delta": true }));
    assert_eq!(provider["range"], json!(true));
    assert_eq!(
        strings(&provider["legend"]["tokenTypes"]),
        [
            "keyword",
            "class",
            "interface",
            "function",
            "variable",
            "property",
            "enumMember",
            "string",
            "number",
            "comment",
            "operator",
            "type"
        ]
    );
    assert_eq!(
        strings(&provider["legend"]["tokenModifiers"]),
        [
            "declaration",
            "documentation",
            "defaultLibrary",
            "category",
            "openQuestion"
        ]
    );
    server.shutdown();
}

#[test]
fn lengths_and_columns_after_accents_amharic_and_emoji_in_utf16_and_utf8() {
    let mut meanings = Vec::new();
    let mut snapshot = String::new();
    for utf8 in [false, true] {
        let mut server = start(&format!("//- a.flow\n{ACCENTS}"), Options::with_utf8(utf8));
        assert_eq!(
            server.encoding,
            if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            }
        );
        server.open("a.flow");
        let got = tokens(&mut server, "a.flow");
        let length_of = |text: &str| got.iter().find(|t| t.text == text).unwrap().length;
        // 😀 is two UTF-16 units and four bytes; ክ one unit and three bytes.
        let expected = if utf8 { [10, 12, 13] } else { [6, 4, 10] };
        assert_eq!(
            [
                length_of("\"😀😀\""),
                length_of("ክሊኒክ"),
                length_of("\"École 🏫\"")
            ],
            expected,
            "utf8={utf8}"
        );
        // The step after `école ->` starts after a multi-byte name.
        let step = got
            .iter()
            .filter(|t| t.text == "ክሊኒክ")
            .nth(1)
            .expect("the step");
        assert_eq!(step.col, if utf8 { 24 } else { 23 }, "utf8={utf8}");
        meanings.push(got.iter().map(Decoded::meaning).collect::<Vec<_>>());
        snapshot.push_str(&format!(
            "== {} ==\n",
            if utf8 { "utf-8" } else { "utf-16" }
        ));
        snapshot.push_str(&table(ACCENTS, &got));
        server.shutdown();
    }
    assert_eq!(
        meanings[0], meanings[1],
        "the same tokens in both encodings"
    );
    assert!(
        meanings[0].contains(&"ክሊኒክ interface".to_string()),
        "{:?}",
        meanings[0]
    );
    assert!(meanings[0].contains(&"école class".to_string()));
    insta::assert_snapshot!("multi_byte", snapshot);
}

#[test]
fn steps_resolve_across_files_and_follow_edits() {
    let mut server = start(
        "//- tools.flow\ntool hmis \"HMIS\"\nrole clerk\n//- flows.flow\nflow f: hmis -> clerk -> excel -> nowhere\n\n## Documents nothing: a blank line follows.\n\n",
        Options::default(),
    );
    server.wait_log("indexed 2 .flow files");
    server.open("flows.flow");
    let got = tokens(&mut server, "flows.flow");
    let meanings: Vec<String> = got.iter().map(Decoded::meaning).collect();
    assert_eq!(
        meanings,
        [
            "flow keyword",
            "f function +declaration",
            "hmis class",
            "-> operator",
            "clerk interface",
            "-> operator",
            "excel class +defaultLibrary",
            "-> operator",
            "nowhere variable",
            "## Documents nothing: a blank line follows. comment",
        ]
    );
    // Declare `nowhere` as a role in this file, and make `hmis` a role in
    // the other one (open there, unsaved).
    let end = server.text("flows.flow").len();
    server.edit("flows.flow", end, end, "role nowhere\n");
    server.open("tools.flow");
    server.edit("tools.flow", 0, 4, "role");
    let got = tokens(&mut server, "flows.flow");
    assert_eq!(meaning_of(&got, "hmis"), ["hmis interface"]);
    assert_eq!(
        meaning_of(&got, "nowhere"),
        ["nowhere interface", "nowhere interface +declaration"]
    );
    // A document the server does not know has no tokens.
    let unknown = server.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": server.uri("missing.flow") } }),
    );
    assert!(unknown.is_null(), "{unknown}");
    server.shutdown();
}

#[test]
fn deltas_applied_to_the_previous_answer_give_the_full_answer() {
    for (utf8, crlf) in [(false, false), (true, false), (false, true)] {
        let text = format!("//- a.flow\n{ACCENTS}");
        let text = if crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        };
        let mut server = start(&text, Options::with_utf8(utf8));
        server.open("a.flow");
        let doc = json!({ "uri": server.uri("a.flow") });
        let first = server.request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": doc }),
        );
        let mut previous = (
            first["resultId"].as_str().expect("a result id").to_string(),
            integers(&first["data"]),
        );
        // Typing a letter into a string, a role renamed (its uses become
        // unknown steps), a line added at the top, everything deleted.
        for step in 0..4 {
            let current = server.text("a.flow");
            let (start_at, end_at, new_text) = match step {
                0 => {
                    let at = current.find("😀😀").unwrap();
                    (at, at, "x")
                }
                1 => {
                    let at = current.find("ክሊኒክ").unwrap();
                    (at, at + "ክሊኒክ".len(), "somewhere")
                }
                2 => (0, 0, "## 😀 é\n"),
                _ => (0, current.len(), ""),
            };
            server.edit("a.flow", start_at, end_at, new_text);
            let answer = server.request(
                "textDocument/semanticTokens/full/delta",
                json!({ "textDocument": doc, "previousResultId": previous.0 }),
            );
            let full = server.request(
                "textDocument/semanticTokens/full",
                json!({ "textDocument": doc }),
            );
            let data = apply_delta(&previous.1, &answer["edits"]);
            assert_eq!(
                data,
                integers(&full["data"]),
                "utf8={utf8} crlf={crlf}: {answer}"
            );
            // Every integer is checked again against the text.
            decode(&server, "a.flow", &data);
            let edits = answer["edits"].as_array().unwrap();
            assert!(edits.len() <= 1, "{answer}");
            if step == 0 || step == 2 {
                // A keystroke: one edit of a token or two, not the document.
                assert!(edits[0]["deleteCount"].as_u64().unwrap() <= 10, "{answer}");
            }
            previous = (
                full["resultId"].as_str().unwrap().to_string(),
                integers(&full["data"]),
            );
        }
        assert!(previous.1.is_empty(), "an empty document has no tokens");
        // An id the server did not give (or no longer keeps): all tokens.
        let answer = server.request(
            "textDocument/semanticTokens/full/delta",
            json!({ "textDocument": doc, "previousResultId": "nope" }),
        );
        assert!(answer.get("edits").is_none(), "{answer}");
        assert_eq!(integers(&answer["data"]), previous.1);
        server.shutdown();
    }
}

#[test]
fn a_range_answers_the_tokens_of_its_lines() {
    for utf8 in [false, true] {
        let mut server = start(&format!("//- a.flow\n{ACCENTS}"), Options::with_utf8(utf8));
        server.open("a.flow");
        let all = tokens(&mut server, "a.flow");
        let lines = all.last().unwrap().line;
        assert!(lines >= 3, "{all:?}");
        for (from, to) in [(0, 1), (1, 3), (2, lines + 1), (lines + 5, lines + 9)] {
            let answer = server.request(
                "textDocument/semanticTokens/range",
                json!({
                    "textDocument": { "uri": server.uri("a.flow") },
                    "range": { "start": { "line": from, "character": 0 }, "end": { "line": to, "character": 0 } },
                }),
            );
            let got = decode(&server, "a.flow", &integers(&answer["data"]));
            let expected: Vec<Decoded> = all
                .iter()
                .filter(|t| (from..to).contains(&t.line))
                .cloned()
                .collect();
            assert_eq!(got, expected, "lines {from}..{to}, utf8={utf8}");
        }
        server.shutdown();
    }
}
