//! The answers the server keeps across edits, against a fresh server's,
//! through the protocol. After an edit the server keeps what it can of the
//! version before: outline symbols, semantic tokens (sent as a delta),
//! folding ranges, code lens ranges, the names' index. Here a design is
//! typed into as an editor does it (a keystroke at a time at a cursor, with
//! jumps, backspaces, pastes and deletions; accents, Amharic, emoji and
//! `\r\n` among what is typed), and after every keystroke the requests
//! VS Code sends are answered, so that each answer is one kept from the
//! last. Every few edits, each answer is compared with the answer of a
//! server started on the text as it now is.

use flowspec_lsp_harness::{Fixture, Options, Server};
use flowspec_test_fixture::edits::{self, TYPED};
use flowspec_test_fixture::generated::design_file;
use flowspec_test_fixture::{Rng, designs::ACCENTS};
use serde_json::{Value, json};

use crate::support::binary;
use crate::support::lsp::{apply_delta, integers, send_keystroke_requests, summary};

const EDITED: &str = "design.flow";
/// Uses the edited file's tools and role: its lenses, hints and
/// diagnostics change with the names typed there.
const OTHER: &str = "other.flow";

/// Where the client types, and what it has still to type there.
struct Typist {
    rng: Rng,
    cursor: usize,
    pending: Vec<String>,
}

impl Typist {
    /// The next edit of `text`: the byte range it replaces and the new text.
    fn next(&mut self, text: &str) -> (usize, usize, String) {
        self.cursor = self.cursor.min(text.len());
        while !edits::valid(text, self.cursor) {
            self.cursor -= 1;
        }
        if let Some(typed) = self.pending.pop() {
            return self.at_cursor(self.cursor, self.cursor, typed);
        }
        match self.rng.below(100) {
            // Start typing something, often somewhere else.
            0..=59 => {
                if self.rng.chance(30) {
                    self.cursor = edits::offset(text, &mut self.rng);
                }
                let piece = self.rng.pick(TYPED);
                // One character a keystroke; a line break `\r\n` is one key.
                let mut keys: Vec<String> = Vec::new();
                for c in piece.chars() {
                    match keys.last_mut() {
                        Some(last) if last == "\r" && c == '\n' => last.push(c),
                        _ => keys.push(c.to_string()),
                    }
                }
                keys.reverse();
                self.pending = keys;
                let first = self.pending.pop().expect("a piece types something");
                self.at_cursor(self.cursor, self.cursor, first)
            }
            // Backspace: the character before the cursor, or the line break.
            60..=74 => {
                let before = &text[..self.cursor];
                let width = if before.ends_with("\r\n") {
                    2
                } else {
                    before.chars().next_back().map_or(0, char::len_utf8)
                };
                self.at_cursor(self.cursor - width, self.cursor, String::new())
            }
            // What the soak does: deletions of lines, pasted items, fragments.
            _ => {
                let (start, end, insert) = edits::edit(text, 6_000, &mut self.rng);
                self.at_cursor(start, end, insert)
            }
        }
    }

    fn at_cursor(&mut self, start: usize, end: usize, insert: String) -> (usize, usize, String) {
        self.cursor = start + insert.len();
        (start, end, insert)
    }
}

/// What an editor shows of one file, made comparable across servers: URIs
/// relative to the workspace folder, and the lenses' `data` (which names a
/// version of the server that made it) left out.
#[derive(Debug, PartialEq)]
struct Shown {
    symbols: Value,
    tokens: Vec<u64>,
    folding: Value,
    lenses: Vec<Value>,
    hints: Value,
}

fn document(server: &Server, path: &str) -> Value {
    json!({ "uri": server.uri(path) })
}

/// The requests VS Code sends after a keystroke (the inlay hints for the
/// whole file here), sent together; the tokens as a delta from `tokens`,
/// which they update.
fn keystroke_answers(server: &mut Server, path: &str, tokens: &mut (String, Vec<u64>)) -> Shown {
    let lines = server.text(path).lines().count() as u64 + 1;
    let ids = send_keystroke_requests(server, path, &tokens.0, 0..lines);
    let mut answers: Vec<Value> = server
        .answers(&ids)
        .into_iter()
        .map(|a| a.result.unwrap_or_else(|e| panic!("{path}: {e}")))
        .collect();
    let delta = &answers[1];
    tokens.1 = match delta.get("edits") {
        Some(edits) => apply_delta(&tokens.1, edits),
        None => integers(&delta["data"]),
    };
    tokens.0 = delta["resultId"].as_str().expect("a result id").to_string();
    let lenses = answers[3].as_array().cloned().unwrap_or_default();
    Shown {
        symbols: answers[0].take(),
        tokens: tokens.1.clone(),
        folding: answers[2].take(),
        lenses,
        hints: answers[4].take(),
    }
}

/// The lenses resolved (their titles and commands), without `data`, and
/// every URI made relative: what the user sees.
fn comparable(server: &mut Server, mut shown: Shown) -> Shown {
    let resolved: Vec<Value> = std::mem::take(&mut shown.lenses)
        .into_iter()
        .map(|lens| {
            let mut resolved = server.request("codeLens/resolve", lens);
            resolved.as_object_mut().unwrap().remove("data");
            resolved
        })
        .collect();
    let root = server.uri(EDITED).trim_end_matches(EDITED).to_string();
    let relative = |v: Value| -> Value {
        serde_json::from_str(&v.to_string().replace(&root, "ROOT/")).unwrap()
    };
    Shown {
        symbols: relative(shown.symbols),
        tokens: shown.tokens,
        folding: relative(shown.folding),
        lenses: resolved.into_iter().map(relative).collect(),
        hints: relative(shown.hints),
    }
}

/// A server started on the texts as they are, both files open: the answers
/// found afresh, and the diagnostics of the edited file.
fn fresh(texts: &[(String, String)], utf8: bool) -> (Vec<Shown>, Vec<String>) {
    let fixture = Fixture {
        files: texts.to_vec(),
        ..Fixture::default()
    };
    let mut server = Server::start_indexed(binary(), &fixture, Options::with_utf8(utf8));
    let mut shown = Vec::new();
    for (path, _) in texts {
        server.open(path);
        let mut tokens = (String::from("none"), Vec::new());
        let answers = keystroke_answers(&mut server, path, &mut tokens);
        shown.push(comparable(&mut server, answers));
    }
    let diagnostics = summary(&server.diagnostics(EDITED));
    server.shutdown();
    (shown, diagnostics)
}

fn run(seed: u64, utf8: bool, keystrokes: usize, every: usize) {
    let texts = [
        (EDITED, format!("{}\n{ACCENTS}", design_file(0, 2, 60))),
        (OTHER, design_file(1, 2, 40)),
    ];
    let fixture = Fixture {
        files: texts
            .iter()
            .map(|(p, t)| (p.to_string(), t.clone()))
            .collect(),
        ..Fixture::default()
    };
    let mut server = Server::start_indexed(binary(), &fixture, Options::with_utf8(utf8));
    let mut tokens = Vec::new();
    for (path, _) in &texts {
        server.open(path);
        let first = server.request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": document(&server, path) }),
        );
        let id = first["resultId"].as_str().expect("a result id").to_string();
        tokens.push((id, integers(&first["data"])));
    }
    let mut typist = Typist {
        rng: Rng::new(seed),
        cursor: texts[0].1.len() / 2,
        pending: Vec::new(),
    };
    let mut typed = Vec::new();
    for keystroke in 1..=keystrokes {
        let text = server.text(EDITED);
        let (start, end, insert) = typist.next(&text);
        typed.push(format!("{start}..{end} {insert:?}"));
        server.edit(EDITED, start, end, &insert);
        let mut shown: Vec<Shown> = texts
            .iter()
            .zip(tokens.iter_mut())
            .map(|((path, _), tokens)| keystroke_answers(&mut server, path, tokens))
            .collect();
        if keystroke % every != 0 && keystroke != keystrokes {
            continue;
        }
        let now: Vec<(String, String)> = texts
            .iter()
            .map(|(p, _)| (p.to_string(), server.text(p)))
            .collect();
        let (expected, expected_diagnostics) = fresh(&now, utf8);
        let shown: Vec<Shown> = shown
            .drain(..)
            .map(|s| comparable(&mut server, s))
            .collect();
        let recent = typed[typed.len().saturating_sub(every)..].join("\n");
        for (((path, _), got), want) in texts.iter().zip(&shown).zip(&expected) {
            for (what, same) in [
                ("outline", got.symbols == want.symbols),
                ("semantic tokens", got.tokens == want.tokens),
                ("folding ranges", got.folding == want.folding),
                ("code lenses", got.lenses == want.lenses),
                ("inlay hints", got.hints == want.hints),
            ] {
                assert!(
                    same,
                    "seed {seed}, utf8={utf8}, keystroke {keystroke}: {path}'s {what} differ \
                     from a fresh server's.\nlast edits:\n{recent}\ntext:\n{}\ngot: {got:#?}\nwant: {want:#?}",
                    now[0].1
                );
            }
        }
        assert_eq!(
            summary(&server.diagnostics(EDITED)),
            expected_diagnostics,
            "seed {seed}, utf8={utf8}, keystroke {keystroke}: diagnostics differ.\nlast edits:\n{recent}"
        );
    }
    server.shutdown();
}

#[test]
fn answers_kept_across_keystrokes_equal_a_fresh_servers_utf16() {
    for seed in [11, 12] {
        run(seed, false, 120, 6);
    }
}

#[test]
fn answers_kept_across_keystrokes_equal_a_fresh_servers_utf8() {
    run(13, true, 120, 6);
}
