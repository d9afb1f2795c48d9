//! Hover through the protocol: category keys, tools and roles across
//! files, flows as tables, values in words, nothing over whitespace,
//! comments and punctuation, positions after non-ASCII text.

use flowspec_lsp_harness::{Encoding, Fixture, Options, Server, annotate};

use crate::support::binary;
use crate::support::lsp::start_opened;
use serde_json::{Value, json};

/// The design of the language's own example, in two files.
const EXAMPLE: &str = r#"//- tools.flow
## The national HMIS, run by the Ministry of Health.
tool dhis2 "DHIS2 (Ethiopia MoH)" {
  kind: mis
  adaptor: dhis2
  owner: "Ethiopia Ministry of Health"
}

tool commcare "CommCare" {
  kind: collection
  owner: "iNGO M&E team"
}

role data_manager "M&E data manager"
//- flows.flow
## Key health indicators for national reporting.
flow monthly_indicators: commcare -> excel -> data_manager -> dhis2 {
  data: ["CHW visit forms", "key health indicators"]
  transform {
    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"
    indicators: "sum visits per district per month"
  }
  timing: batch "the MoH refreshes its dashboards monthly"
  frequency: monthly
  volume: ~12000 records/month
  status: current
}

# The shorthand from a whiteboard: a bare chain is an anonymous flow.
commcare -> excel -> dhis2 weekly batch
"#;

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
fn a_category_key_shows_its_question_what_it_accepts_and_the_answer() {
    let mut server = start_opened(EXAMPLE, Options::default());
    let text = server.text("flows.flow");
    let h = hover(&mut server, "flows.flow", find(&text, "frequency:", 0, 3));
    let shown = show(&server, "flows.flow", &h);
    assert!(shown.contains("*How often is this process happening?*"));
    assert!(shown.contains("**This flow:** `monthly`: once a month, a run every 30.4 days"));
    insta::assert_snapshot!("frequency_key", shown);
    let h = hover(&mut server, "flows.flow", find(&text, "volume:", 0, 0));
    insta::assert_snapshot!("volume_key", show(&server, "flows.flow", &h));
    // A tool's key: its summary and accepted values.
    let tools = server.text("tools.flow");
    let h = hover(&mut server, "tools.flow", find(&tools, "adaptor:", 0, 2));
    insta::assert_snapshot!("adaptor_key", show(&server, "tools.flow", &h));
    server.shutdown();
}

#[test]
fn a_step_declared_in_another_file_shows_the_declaration_and_its_uses() {
    let mut server = start_opened(EXAMPLE, Options::default());
    let text = server.text("flows.flow");
    // `dhis2` as the last step of the named flow: declared in tools.flow,
    // refining the catalog's DHIS2, used by both flows.
    let h = hover(&mut server, "flows.flow", find(&text, "dhis2 {", 0, 2));
    let shown = show(&server, "flows.flow", &h);
    assert!(shown.contains("**DHIS2 (Ethiopia MoH)** · tool `dhis2`"));
    assert!(shown.contains("The national HMIS, run by the Ministry of Health."));
    assert!(shown.contains("Declared in `tools.flow`"));
    assert!(shown.contains("*Catalog:*"));
    assert!(shown.contains("Used in 2 flows:"));
    insta::assert_snapshot!("declared_step", shown);
    // The declared name itself, in its own file: the same hover.
    let tools = server.text("tools.flow");
    let h2 = hover(&mut server, "tools.flow", find(&tools, "dhis2 \"", 0, 0));
    assert_eq!(h2["contents"], h["contents"]);
    assert_eq!(h2["range"]["start"], json!({"line": 1, "character": 5}));
    // A role, marked as a person.
    let h = hover(&mut server, "flows.flow", find(&text, "data_manager", 0, 4));
    insta::assert_snapshot!("role_step", show(&server, "flows.flow", &h));
    // A catalog tool that no file declares.
    let h = hover(&mut server, "flows.flow", find(&text, "excel", 1, 1));
    insta::assert_snapshot!("catalog_step", show(&server, "flows.flow", &h));
    server.shutdown();
}

#[test]
fn a_flow_name_shows_the_six_answers_as_a_table() {
    let mut server = start_opened(EXAMPLE, Options::default());
    let text = server.text("flows.flow");
    let h = hover(
        &mut server,
        "flows.flow",
        find(&text, "monthly_indicators", 0, 7),
    );
    let shown = show(&server, "flows.flow", &h);
    assert!(shown.contains("| Question | Answer |"));
    assert!(shown.contains("6 of 6 questions answered"));
    insta::assert_snapshot!("named_flow", shown);
    // The first step of a bare flow: the tool, then the flow's table with
    // what it leaves unanswered.
    let h = hover(
        &mut server,
        "flows.flow",
        find(&text, "commcare -> excel -> dhis2", 0, 0),
    );
    let shown = show(&server, "flows.flow", &h);
    assert!(shown.contains("| Data flow | *unanswered* |"));
    assert!(shown.contains("3 of 6 questions answered"));
    insta::assert_snapshot!("bare_flow_first_step", shown);
    server.shutdown();
}

#[test]
fn open_questions_and_unreadable_answers_read_as_such_in_the_table() {
    let source = "//- a.flow\nflow f: odk -> dhis2 montly {\n  data: tbd\n  timing: unknown\n  volume: 12 parsecs\n}\n";
    let mut server = start_opened(source, Options::default());
    let text = server.text("a.flow");
    let h = hover(&mut server, "a.flow", find(&text, "f:", 0, 0));
    let shown = show(&server, "a.flow", &h);
    assert!(
        shown.contains("| Data flow | *open question (tbd)* |"),
        "{shown}"
    );
    assert!(
        shown.contains("| Timing | *open question (unknown)* |"),
        "{shown}"
    );
    assert!(
        shown.contains("| Transformation | *unanswered* |"),
        "{shown}"
    );
    assert!(
        shown.contains("| Frequency | *not understood: see the error* |"),
        "{shown}"
    );
    insta::assert_snapshot!("open_and_invalid_answers", shown);
    // The open word itself says it is an open question.
    let h = hover(&mut server, "a.flow", find(&text, "tbd", 0, 1));
    insta::assert_snapshot!("open_word", show(&server, "a.flow", &h));
    server.shutdown();
}

#[test]
fn values_in_words_volumes_as_rates_cron_in_words() {
    let source = r#"//- a.flow
flow weekly_sync: kobo -> postgresql {
  timing: batch
  frequency: weekly
  volume: ~12000 records/month
}
flow nightly: odk -> sftp {
  frequency: cron "30 2 * * 1-5"
  volume: 2 GB
  timing: realtime
}
commcare -> dhis2 every 2 hours ~500 forms/day manual
tool t {
  kind: case-management
  adaptor: "@openfn/language-primero@2.0.0"
}
flow planned: t -> email {
  transform: none
  status: proposed
}
"#;
    let mut server = start_opened(source, Options::default());
    let text = server.text("a.flow");
    let mut shown = Vec::new();
    for (needle, nth, into) in [
        ("records/month", 0, 3), // a volume, with the weekly frequency
        ("batch", 0, 2),         // a timing word
        ("weekly\n", 0, 0),      // a frequency word
        ("cron", 0, 1),          // a cron expression, on the keyword
        ("* 1-5", 0, 0),         // … and inside its string
        ("2 GB", 0, 2),          // a per-run volume
        ("every 2", 0, 6),       // shorthand: `every 2 hours`, on its count
        ("~500", 0, 0),          // shorthand volume, on `~`
        ("manual", 0, 3),        // shorthand timing
        ("case-management", 0, 5),
        ("@openfn", 0, 3),  // an adaptor, as a package name
        ("none", 0, 1),     // transform: none
        ("proposed", 0, 8), // a status, the cursor right after it
    ] {
        let h = hover(&mut server, "a.flow", find(&text, needle, nth, into));
        assert!(!h.is_null(), "{needle}");
        shown.push(show(&server, "a.flow", &h));
    }
    let all = shown.join("\n\n======\n\n");
    assert!(
        all.contains("≈ 2,760 records each run, run `weekly`"),
        "{all}"
    );
    assert!(
        all.contains("at 02:30 on weekdays (Monday to Friday)"),
        "{all}"
    );
    insta::assert_snapshot!("values", all);
    server.shutdown();
}

#[test]
fn nothing_over_whitespace_comments_and_punctuation() {
    let mut server = start_opened(EXAMPLE, Options::default());
    let text = server.text("flows.flow");
    for (what, offset) in [
        ("indentation", find(&text, "  data:", 0, 1)),
        ("a comment", find(&text, "# The shorthand", 0, 6)),
        ("a doc comment", find(&text, "## Key", 0, 5)),
        ("an arrow", find(&text, " -> excel", 0, 2)),
        ("a colon after a space", find(&text, "data: ", 0, 5)),
        ("a brace", find(&text, "current\n}", 0, 8)),
        ("a string in a list", find(&text, "CHW visit", 0, 2)),
        ("the end of the file", text.len()),
    ] {
        let h = hover(&mut server, "flows.flow", offset);
        assert!(h.is_null(), "{what}: {h}");
    }
    server.shutdown();
}

#[test]
fn hover_follows_edits_and_survives_broken_text() {
    let mut server = start_opened(
        "//- a.flow\nflow f: commcare -> dhis2 {\n  frequency: daily\n}\n",
        Options::default(),
    );
    let text = server.text("a.flow");
    let at = find(&text, "frequency", 0, 2);
    let h = hover(&mut server, "a.flow", at);
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**This flow:** `daily`")
    );
    // Break the file after the flow, and change the answer.
    let daily = find(&text, "daily", 0, 0);
    server.edit("a.flow", daily, daily + 5, "hourly");
    let end = server.text("a.flow").len();
    server.edit("a.flow", end, end, "tool {{ broken\n");
    let h = hover(&mut server, "a.flow", at);
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**This flow:** `hourly`: every hour, ≈ 24 runs a day"),
        "{h}"
    );
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
        server.shutdown();
    }
}
