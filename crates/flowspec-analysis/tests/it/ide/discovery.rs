//! The discovery properties in the editor: each word of their vocabularies
//! read, highlighted, hovered and completed; hover on their keys and
//! values; completion of their values (limits word by word, a flow's
//! identifier from its records); and the profile switching their checks.

use expect_test::{Expect, expect};
use flowspec_analysis::Code;
use flowspec_analysis::discovery::{Profile, discovery_words};
use flowspec_analysis::ide::completion::completion;
use flowspec_analysis::ide::hover::hover;
use flowspec_analysis::ide::semantic_tokens::{SemanticKind, semantic_tokens};

use super::Db;

/// A design where `$0` stands before `value` of `key` (a tool's key in
/// `tool dhis2`, a flow's in `flow f`).
fn design(key: &str, value: &str) -> String {
    let tool_key = ["auth", "hosting", "sandbox", "admin", "limits"].contains(&key);
    let (tool_line, flow_line) = if tool_key {
        (format!("  {key}: $0{value}\n"), String::new())
    } else {
        (String::new(), format!("  {key}: $0{value}\n"))
    };
    format!(
        "record visit {{\n  visit_id: text identifier\n  ## Le nom de l'école.\n  school: text\n}}\n\ntool dhis2 \"DHIS2 ሰላም 🌍\" {{\n  kind: mis\n{tool_line}}}\n\nflow f: odk -> dhis2 monthly batch ~120000 records/month {{\n  data: visit\n  transform: none\n{flow_line}}}\n"
    )
}

fn hover_at(source: &str) -> String {
    let db = Db::new(source);
    let (file, offset) = db.cursor();
    match hover(&db.ws, file, offset) {
        Some(h) => {
            let text = &db.ws.file(file).unwrap().text;
            format!(
                "{}\n---\n{}",
                &text[h.span.start as usize..h.span.end as usize],
                h.markdown
            )
        }
        None => "null".to_string(),
    }
}

fn labels(source: &str) -> Vec<String> {
    let db = Db::new(source);
    let (file, offset) = db.cursor();
    completion(&db.ws, file, offset)
        .map(|c| c.items.into_iter().map(|i| i.label).collect())
        .unwrap_or_default()
}

fn check_hover(source: &str, expect: Expect) {
    expect.assert_eq(&hover_at(source));
}

#[test]
fn every_discovery_word_is_read_highlighted_explained_and_completed() {
    for (key, word) in discovery_words() {
        let source = design(key, word);
        let db = Db::new(&source);
        let (file, offset) = db.cursor();
        let errors: Vec<_> = db
            .ws
            .diagnostics(file)
            .into_iter()
            .filter(|d| d.severity == flowspec_analysis::Severity::Error)
            .map(|d| d.message)
            .collect();
        assert!(errors.is_empty(), "`{key}: {word}`: {errors:?}");
        let data = db.ws.file(file).unwrap();
        let token = semantic_tokens(&db.ws, data)
            .into_iter()
            .find(|t| t.span.start as usize == offset)
            .unwrap_or_else(|| panic!("`{word}` has no semantic token"));
        assert_eq!(token.kind, SemanticKind::Value, "`{key}: {word}`");
        let md = hover(&db.ws, file, offset).unwrap().markdown;
        assert!(md.contains(&format!("`{word}`")), "`{key}: {word}`: {md}");
        let offered = labels(&design(key, ""));
        assert!(
            offered.contains(&word.to_string()),
            "`{key}:` does not offer `{word}`: {offered:?}"
        );
    }
}

#[test]
fn hover_on_a_discovery_key_says_its_question_and_the_answer_here() {
    check_hover(
        &design("auth", "oauth").replace("  auth: $0", "  au$0th: "),
        expect![[r#"
            auth
            ---
            **auth** · tool property

            How the integration authenticates to the tool (discovery).

            **Accepts:** api-key, oauth, token, basic or none, optionally followed by a string that says more

            **Discovery** · Authentication: *How does the integration authenticate?* Asked by `flowspec check --profile discovery` (the `flowspec.profile` setting).

            **Here:** `oauth`"#]],
    );
}

#[test]
fn hover_on_basic_says_why_it_is_warned_about() {
    check_hover(
        &design("auth", "basic \"the clerk's account\""),
        expect![[r#"
            basic
            ---
            **Authentication** `basic`: a user name and password on every request (basic authentication).

            The discovery profile warns about it (`basic-auth`): a password, often a person's, on every request. An API key, a token or OAuth client credentials for a service account are safer.

            The other answers: `api-key`, `oauth`, `token`, `none`."#]],
    );
}

#[test]
fn hover_on_limits_reads_them() {
    check_hover(
        &design("limits", "100 per minute page 500"),
        expect![[r#"
            100 per minute page 500
            ---
            **Rate and page limits** `100 requests per minute, page 500`

            A rate limit: at most 100 requests per minute (≈ 144000 a day).

            A page size: one request sends or returns at most 500 records.

            With the discovery profile, each flow's volume per run is held against them (`over-limit`)."#]],
    );
    check_hover(
        &design("limits", "none"),
        expect![[r#"
        none
        ---
        **Rate and page limits** `none`: the tool sets no rate or page limit."#]],
    );
}

#[test]
fn hover_on_an_identifier_names_the_records_field() {
    check_hover(
        &design("identifier", "visit_id"),
        expect![[r#"
        visit_id
        ---
        **Idempotent re-runs** `visit_id`: field `visit_id` of record `visit` (its identifier): a re-run updates the records that have the same `visit_id` rather than adding new ones."#]],
    );
    check_hover(
        &design("direction", "tbd"),
        expect![[r#"
        tbd
        ---
        **Direction** `tbd`: an open question: to be decided. *Does data move one way, or both ways?*"#]],
    );
}

#[test]
fn completion_of_discovery_values() {
    expect![[r#"
        [
            "none",
            "page",
            "per minute",
            "tbd",
            "unknown",
        ]
    "#]]
    .assert_debug_eq(&labels(&design("limits", "")));
    expect![[r#"
        [
            "visit_id",
            "school",
            "tbd",
            "unknown",
        ]
    "#]]
    .assert_debug_eq(&labels(&design("identifier", "")));
    expect![[r#"
        [
            "none",
            "tbd",
            "unknown",
        ]
    "#]]
    .assert_debug_eq(&labels(&design("notify", "")));
}

#[test]
fn completion_continues_a_limit() {
    let after_number = design("limits", "").replace("$0", "100 $0");
    let l = labels(&after_number);
    assert_eq!(l[0], "per", "{l:?}");
    assert!(l.contains(&"records".to_string()) && !l.contains(&"MB".to_string()));
    let after_per = design("limits", "").replace("$0", "100 per $0");
    assert_eq!(
        labels(&after_per),
        ["minute", "hour", "day", "week", "month"]
    );
}

#[test]
fn the_profile_switches_the_discovery_checks_on() {
    let source =
        design("auth", "basic").replace("  kind: mis\n", "  kind: mis\n  limits: page 500\n");
    let mut db = Db::new(&source);
    let (file, _) = db.cursor();
    let codes = |db: &Db| -> Vec<Code> {
        db.ws
            .diagnostics(file)
            .into_iter()
            .map(|d| d.code)
            .collect()
    };
    assert!(
        !codes(&db).iter().any(|c| c.is_discovery()),
        "{:?}",
        codes(&db)
    );
    db.ws.set_profile(Profile::Discovery);
    let on = codes(&db);
    for code in [
        Code::BasicAuth,
        Code::UnansweredHosting,
        Code::UnansweredFailure,
        Code::UnansweredDirection,
        Code::OverLimit,
    ] {
        assert!(on.contains(&code), "{code} not in {on:?}");
    }
    // The record's identifier answers the flow's identifier question.
    assert!(!on.contains(&Code::UnansweredIdentifier), "{on:?}");
    db.ws.set_profile(Profile::Design);
    assert!(!codes(&db).iter().any(|c| c.is_discovery()));
}

#[test]
fn an_item_with_a_syntax_error_is_not_told_its_questions_are_unanswered() {
    // The answer may be in what could not be read, as with the six
    // questions: a tool and a flow each broken by a stray `)`.
    let source = design("auth", "basic")
        .replace(
            "  kind: mis\n",
            "  ) ሰላም\n  kind: mis\n  limits: page 500\n",
        )
        .replace("  transform: none\n", "  ) 🌍\n  transform: none\n");
    let mut db = Db::new(&source);
    let (file, _) = db.cursor();
    db.ws.set_profile(Profile::Discovery);
    let text = db.fixture.text(&db.fixture.files[0].0).to_string();
    let found: Vec<(Code, String)> = db
        .ws
        .diagnostics(file)
        .into_iter()
        .map(|d| (d.code, text[d.span.range()].to_string()))
        .collect();
    assert!(found.iter().any(|(c, _)| *c == Code::Syntax), "{found:?}");
    // Nothing unanswered about `dhis2` or about the flow `f`.
    assert!(
        !found.iter().any(|(c, at)| c.is_discovery()
            && c.as_str().starts_with("unanswered")
            && (at == "dhis2" || at.starts_with("flow f"))),
        "{found:?}"
    );
    // What was read is still checked.
    for read in [Code::BasicAuth, Code::OverLimit] {
        assert!(
            found.iter().any(|(c, _)| *c == read),
            "{read} not in {found:?}"
        );
    }
    // The catalog tool `odk`, declared nowhere, is asked as before.
    assert!(
        found.contains(&(Code::UnansweredAuth, "odk".to_string())),
        "{found:?}"
    );
}
