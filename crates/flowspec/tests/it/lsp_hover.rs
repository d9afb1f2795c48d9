//! Hover through the protocol: announced, answered as Markdown with the
//! hovered range, in UTF-16 and UTF-8 after non-ASCII text, and null where
//! there is nothing to say. What a hover says: `flowspec-analysis`'s
//! `tests/it/ide/hover.rs`.

use flowspec_lsp_harness::{Encoding, Fixture, Options, Server, annotate};
use serde_json::{Value, json};

use crate::support::binary;
use crate::support::lsp::start_opened;

/// The byte offset of `needle` in `text` (its `nth` occurrence), plus `into`.
fn find(text: &str, needle: &str, nth: usize, into: usize) -> usize {
    text.match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("no {needle:?} #{nth}"))
        .0
        + into
}

fn hover(server: &mut Server, path: &str, offset: usize) -> Value {
    let at = server.at(path, offset);
    server.request("textDocument/hover", at)
}

/// The hovered line(s) with the range marked, then the Markdown.
fn show(server: &Server, path: &str, hover: &Value) -> String {
    if hover.is_null() {
        return "null".to_string();
    }
    assert_eq!(hover["contents"]["kind"], "markdown", "{hover}");
    let text = server.text(path);
    let range = &hover["range"];
    let first = range["start"]["line"].as_u64().unwrap() as usize;
    let last = range["end"]["line"].as_u64().unwrap() as usize;
    let excerpt: String = text
        .lines()
        .skip(first)
        .take(last - first + 1)
        .collect::<Vec<_>>()
        .join("\n");
    let shift = |p: &Value| json!({ "line": p["line"].as_u64().unwrap() as usize - first, "character": p["character"] });
    let local = json!({ "start": shift(&range["start"]), "end": shift(&range["end"]) });
    let marked = annotate(&excerpt, &[(local, "hover".to_string())], server.encoding);
    format!(
        "{marked}---\n{}",
        hover["contents"]["value"].as_str().unwrap()
    )
}

#[test]
fn hover_is_announced() {
    let server = Server::start(binary(), &Fixture::parse(""), Options::default());
    assert_eq!(server.capabilities["hoverProvider"], true);
    server.shutdown();
}

#[test]
fn positions_after_accents_amharic_and_emoji() {
    let source = "//- a.flow\nrole clerk \"ክሊኒክ clérk 😀\" { owner: \"é\" }\nflow f: clerk -> dhis2 { notes: \"😀 ክ é\" volume: ~5 forms/day }\n";
    for utf8 in [false, true] {
        let mut server = start_opened(source, Options::with_utf8(utf8));
        let expected = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        assert_eq!(server.encoding, expected);
        let text = server.text("a.flow");
        // A key after non-ASCII text on its line: the marks (placed by
        // the client's own reading of the range) fall under the word.
        let h = hover(&mut server, "a.flow", find(&text, "owner", 0, 3));
        let shown = show(&server, "a.flow", &h);
        assert!(shown.contains("**owner** · role property"), "{shown}");
        let line = text.lines().next().unwrap();
        let marks = format!(
            "{}^^^^^ hover",
            " ".repeat(line[..line.find("owner").unwrap()].chars().count())
        );
        assert!(
            shown.starts_with(&format!("{line}\n{marks}\n")),
            "utf8={utf8}:\n{shown}"
        );
        // A volume after an emoji, Amharic and an accent.
        let h = hover(&mut server, "a.flow", find(&text, "forms", 0, 1));
        let shown = show(&server, "a.flow", &h);
        let line = text.lines().nth(1).unwrap();
        let marks = format!(
            "{}{} hover",
            " ".repeat(line[..line.find("~5").unwrap()].chars().count()),
            "^".repeat("~5 forms/day".len())
        );
        assert!(
            shown.starts_with(&format!("{line}\n{marks}\n")),
            "utf8={utf8}:\n{shown}"
        );
        let character = h["range"]["start"]["character"].as_u64().unwrap();
        let prefix = &text[text.find("flow f").unwrap()..find(&text, "~5", 0, 0)];
        let columns = if utf8 {
            prefix.len()
        } else {
            prefix.chars().map(char::len_utf16).sum()
        };
        assert_eq!(character as usize, columns, "utf8={utf8}");
        insta::assert_snapshot!("non_ascii_volume", shown);
        // Nothing to say over a string: null, not an empty hover.
        let h = hover(&mut server, "a.flow", find(&text, "é\"", 0, 0));
        assert_eq!(h, Value::Null);
        server.shutdown();
    }
}
