//! Hover: the hovered lines with the range marked, `---`, then the
//! Markdown; `null` where there is nothing to say.

use expect_test::{Expect, expect};
use flowspec_analysis::ide::hover::hover;
use flowspec_test_fixture::annotate;

use super::{Db, range};

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

/// The hover at byte `offset` of `path`, drawn.
fn show(db: &Db, path: &str, offset: usize) -> String {
    let Some(found) = hover(&db.ws, db.id(path), offset) else {
        return "null".to_string();
    };
    let text = db.fixture.text(path);
    let span = range(found.span);
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let local = span.start - start..span.end - start;
    let marked = annotate(&text[start..end], &[(local, "hover".to_string())]);
    format!("{marked}---\n{}", found.markdown)
}

/// The hover at `$0`.
fn check(source: &str, expect: Expect) {
    let db = Db::new(source);
    let (path, offset) = db.fixture.marker("$0");
    expect.assert_eq(&show(&db, &path, offset));
}

/// The offset `into` bytes into the `nth` `needle` of a file.
fn find(db: &Db, path: &str, needle: &str, nth: usize, into: usize) -> usize {
    db.fixture
        .text(path)
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("no {needle:?} #{nth}"))
        .0
        + into
}

/// The hover in the example at `needle` (its first occurrence), `into`
/// bytes into it.
fn in_example(path: &str, needle: &str, into: usize) -> String {
    let db = Db::new(EXAMPLE);
    let at = find(&db, path, needle, 0, into);
    show(&db, path, at)
}

#[test]
fn a_category_key_shows_its_question_what_it_accepts_and_the_answer() {
    expect![[r#"
          frequency: monthly
          ^^^^^^^^^ hover
        ---
        **frequency** · Frequency

        *How often is this process happening?*

        How often the flow runs.

        **Accepts:** hourly, daily, weekly, monthly, quarterly, yearly, `every N minutes|hours|days|weeks|months`, `cron "m h dom mon dow"`, continuous or on-demand

        **This flow:** `monthly`: once a month, a run every 30.4 days

        `unknown` or `tbd` marks the question as open: a known unknown, listed rather than warned about."#]].assert_eq(&in_example("flows.flow", "frequency:", 3));
    expect![[r#"
          volume: ~12000 records/month
          ^^^^^^ hover
        ---
        **volume** · Volume

        *What is the scale of this integration?*

        How much data moves.

        **Accepts:** `[~|<] NUMBER UNIT [/ PERIOD]`, such as `~12000 records/month` or `<50 MB per day`

        **This flow:** `~12000 records/month` (≈ 394 records a day, ≈ 12,000 records each run)

        `unknown` or `tbd` marks the question as open: a known unknown, listed rather than warned about."#]].assert_eq(&in_example("flows.flow", "volume:", 0));
    // A tool's key: its summary and accepted values.
    expect![[r#"
          adaptor: dhis2
          ^^^^^^^ hover
        ---
        **adaptor** · tool property

        The OpenFn adaptor that connects to it (`@openfn/language-<adaptor>`).

        **Accepts:** an OpenFn adaptor name, such as dhis2 or commcare

        **Here:** `dhis2`"#]]
    .assert_eq(&in_example("tools.flow", "adaptor:", 2));
}

#[test]
fn a_step_declared_in_another_file_shows_the_declaration_and_its_uses() {
    // `dhis2` as the last step of the named flow: declared in tools.flow,
    // refining the catalog's DHIS2, used by both flows.
    let step = in_example("flows.flow", "dhis2 {", 2);
    expect![[r#"
        flow monthly_indicators: commcare -> excel -> data_manager -> dhis2 {
                                                                      ^^^^^ hover
        ---
        **DHIS2 (Ethiopia MoH)** · tool `dhis2`

        The national HMIS, run by the Ministry of Health.

        - Kind: `mis`, management information system
        - OpenFn adaptor: `dhis2`
        - Owner: Ethiopia Ministry of Health
        - Declared in `tools.flow`, refining the catalog's DHIS2

        *Catalog:* District Health Information Software 2: the national health management information system of many ministries of health.

        Used in 2 flows:
        - `monthly_indicators` in `flows.flow`
        - `commcare -> excel -> dhis2` in `flows.flow`"#]].assert_eq(&step);
    // The declared name itself, in its own file: the same Markdown.
    let declared = in_example("tools.flow", "dhis2 \"", 0);
    assert_eq!(
        declared.split_once("---\n").unwrap().1,
        step.split_once("---\n").unwrap().1
    );
    expect![[r#"
        tool dhis2 "DHIS2 (Ethiopia MoH)" {
             ^^^^^ hover
    "#]]
    .assert_eq(declared.split_once("---\n").unwrap().0);
    // A role, marked as a person; a catalog tool that no file declares.
    expect![[r#"
        flow monthly_indicators: commcare -> excel -> data_manager -> dhis2 {
                                                      ^^^^^^^^^^^^ hover
        ---
        **M&E data manager** · role `data_manager`

        - A person or team: each step through this role is a manual step, a candidate for automation
        - Declared in `tools.flow`

        Used in 1 flow:
        - `monthly_indicators` in `flows.flow`"#]]
    .assert_eq(&in_example("flows.flow", "data_manager", 4));
    let db = Db::new(EXAMPLE);
    let excel = find(&db, "flows.flow", "excel", 1, 1);
    expect![[r#"
        commcare -> excel -> dhis2 weekly batch
                    ^^^^^ hover
        ---
        **Microsoft Excel** · tool `excel`

        Spreadsheet workbooks, often exported, edited by hand and e-mailed. No OpenFn adaptor: msgraph can upload workbooks to OneDrive or SharePoint.

        - Kind: `spreadsheet`, spreadsheet
        - OpenFn adaptor: none known
        - From Flowspec's catalog: no declaration needed

        Used in 2 flows:
        - `monthly_indicators` in `flows.flow`
        - `commcare -> excel -> dhis2` in `flows.flow`"#]].assert_eq(&show(&db, "flows.flow", excel));
}

#[test]
fn a_flow_name_shows_the_six_answers_as_a_table() {
    expect![[r#"
        flow monthly_indicators: commcare -> excel -> data_manager -> dhis2 {
             ^^^^^^^^^^^^^^^^^^ hover
        ---
        **flow `monthly_indicators`** · 6 of 6 questions answered

        Key health indicators for national reporting.

        | Question | Answer |
        |---|---|
        | Tools | `commcare` → `excel` → `data_manager` (a person) → `dhis2` |
        | Data flow | CHW visit forms; key health indicators |
        | Transformation | `visit_date`: MM/DD/YYYY → DD/MM/YYYY; `indicators`: sum visits per district per month |
        | Timing | `batch`: a schedule starts it (the MoH refreshes its dashboards monthly) |
        | Frequency | `monthly`: once a month, a run every 30.4 days |
        | Volume | `~12000 records/month` (≈ 394 records a day, ≈ 12,000 records each run) |

        Status: `current`"#]].assert_eq(&in_example("flows.flow", "monthly_indicators", 7));
    // The first step of a bare flow: the tool, then the flow's table with
    // what it leaves unanswered.
    expect![[r#"
        commcare -> excel -> dhis2 weekly batch
        ^^^^^^^^ hover
        ---
        **CommCare** · tool `commcare`

        - Kind: `collection`, data collection
        - OpenFn adaptor: `commcare` (from the catalog)
        - Owner: iNGO M&E team
        - Declared in `tools.flow`, refining the catalog's CommCare

        *Catalog:* Dimagi's mobile platform for frontline workers: forms, case management and offline data collection.

        Used in 2 flows:
        - `monthly_indicators` in `flows.flow`
        - `commcare -> excel -> dhis2` in `flows.flow`

        ---

        **flow `commcare -> excel -> dhis2`** (anonymous) · 3 of 6 questions answered

        | Question | Answer |
        |---|---|
        | Tools | `commcare` → `excel` → `dhis2` |
        | Data flow | *unanswered* |
        | Transformation | *unanswered* |
        | Timing | `batch`: a schedule starts it |
        | Frequency | `weekly`: once a week, a run every 7 days |
        | Volume | *unanswered* |"#]].assert_eq(&in_example("flows.flow", "commcare -> excel -> dhis2", 0));
}

#[test]
fn open_questions_and_unreadable_answers_read_as_such_in_the_table() {
    check(
        "flow $0f: odk -> dhis2 montly {\n  data: tbd\n  timing: unknown\n  volume: 12 parsecs\n}\n",
        expect![[r#"
            flow f: odk -> dhis2 montly {
                 ^ hover
            ---
            **flow `f`** · 1 of 6 questions answered

            | Question | Answer |
            |---|---|
            | Tools | `odk` → `dhis2` |
            | Data flow | *open question (tbd)* |
            | Transformation | *unanswered* |
            | Timing | *open question (unknown)* |
            | Frequency | *not understood: see the error* |
            | Volume | *not understood: see the error* |"#]],
    );
    // The open word itself says it is an open question.
    check(
        "flow f: odk -> dhis2 montly {\n  data: t$0bd\n  timing: unknown\n  volume: 12 parsecs\n}\n",
        expect![[r#"
              data: tbd
                    ^^^ hover
            ---
            **Open question** (`tbd`) · Data flow

            *What data are we sending? Which direction? What other tools or humans facilitate the flow?*

            The design does not know the answer yet: Flowspec lists it as an open question rather than warning that it is unanswered."#]],
    );
}

const VALUES: &str = r#"flow weekly_sync: kobo -> postgresql {
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

#[test]
fn values_in_words_volumes_as_rates_cron_in_words() {
    let db = Db::new(VALUES);
    let mut shown = Vec::new();
    for (needle, into) in [
        ("records/month", 3), // a volume, with the weekly frequency
        ("batch", 2),         // a timing word
        ("weekly\n", 0),      // a frequency word
        ("cron", 1),          // a cron expression, on the keyword
        ("* 1-5", 0),         // … and inside its string
        ("2 GB", 2),          // a per-run volume
        ("every 2", 6),       // shorthand: `every 2 hours`, on its count
        ("~500", 0),          // shorthand volume, on `~`
        ("manual", 3),        // shorthand timing
        ("case-management", 5),
        ("@openfn", 3),  // an adaptor, as a package name
        ("none", 1),     // transform: none
        ("proposed", 8), // a status, the cursor right after it
    ] {
        let at = find(&db, "test.flow", needle, 0, into);
        shown.push(show(&db, "test.flow", at));
    }
    expect![[r#"
          volume: ~12000 records/month
                  ^^^^^^^^^^^^^^^^^^^^ hover
        ---
        **Volume** `~12000 records/month`: about 12,000 records a month.

        - ≈ 394 records a day
        - ≈ 2,760 records each run, run `weekly`

        ======

          timing: batch
                  ^^^^^ hover
        ---
        **Timing** `batch`: a schedule starts it.

        The flow runs on a schedule and moves what gathered since the last run.

        The other timings: `realtime` (each event starts it), `manual` (a person starts it).

        ======

          frequency: weekly
                     ^^^^^^ hover
        ---
        **Frequency** `weekly`: once a week, a run every 7 days.

        ======

          frequency: cron "30 2 * * 1-5"
                     ^^^^^^^^^^^^^^^^^^^ hover
        ---
        **Frequency** `cron "30 2 * * 1-5"`: at 02:30 on weekdays (Monday to Friday), on average a run every 1.4 days.

        A cron expression: `30 2 * * 1-5` reads as minute, hour, day of the month, month, day of the week.

        ======

          frequency: cron "30 2 * * 1-5"
                     ^^^^^^^^^^^^^^^^^^^ hover
        ---
        **Frequency** `cron "30 2 * * 1-5"`: at 02:30 on weekdays (Monday to Friday), on average a run every 1.4 days.

        A cron expression: `30 2 * * 1-5` reads as minute, hour, day of the month, month, day of the week.

        ======

          volume: 2 GB
                  ^^^^ hover
        ---
        **Volume** `2 GB`: 2 GB each run.

        - ≈ 1.4 GB a day, run `cron "30 2 * * 1-5"`

        ======

        commcare -> dhis2 every 2 hours ~500 forms/day manual
                          ^^^^^^^^^^^^^ hover
        ---
        **Frequency** `every 2 hours`: every 2 hours, ≈ 12 runs a day.

        ======

        commcare -> dhis2 every 2 hours ~500 forms/day manual
                                        ^^^^^^^^^^^^^^ hover
        ---
        **Volume** `~500 forms/day`: about 500 forms a day.

        - ≈ 41.7 forms each run, run `every 2 hours`

        ======

        commcare -> dhis2 every 2 hours ~500 forms/day manual
                                                       ^^^^^^ hover
        ---
        **Timing** `manual`: a person starts it.

        Someone decides when to run it: a candidate for automation.

        The other timings: `realtime` (each event starts it), `batch` (a schedule starts it).

        ======

          kind: case-management
                ^^^^^^^^^^^^^^^ hover
        ---
        **Kind** `case-management`: case management.

        The kinds: collection, case-management, mis, ehr, spreadsheet, database, analytics, messaging, erp, storage, other.

        ======

          adaptor: "@openfn/language-primero@2.0.0"
                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hover
        ---
        **OpenFn adaptor** `primero`: the package `@openfn/language-primero` connects OpenFn to it.

        The catalog's tool: Primero (`primero`).

        ======

          transform: none
                     ^^^^ hover
        ---
        **Transformation** `none`: the data goes through as it is, unchanged.

        ======

          status: proposed
                  ^^^^^^^^ hover
        ---
        **Status** `proposed`: the flow is planned: a design for how it should run."#]].assert_eq(&shown.join("\n\n======\n\n"));
}

#[test]
fn nothing_over_whitespace_comments_and_punctuation() {
    let db = Db::new(EXAMPLE);
    let text = db.fixture.text("flows.flow");
    for (what, offset) in [
        ("indentation", find(&db, "flows.flow", "  data:", 0, 1)),
        (
            "a comment",
            find(&db, "flows.flow", "# The shorthand", 0, 6),
        ),
        ("a doc comment", find(&db, "flows.flow", "## Key", 0, 5)),
        ("an arrow", find(&db, "flows.flow", " -> excel", 0, 2)),
        (
            "a colon after a space",
            find(&db, "flows.flow", "data: ", 0, 5),
        ),
        ("a brace", find(&db, "flows.flow", "current\n}", 0, 8)),
        (
            "a string in a list",
            find(&db, "flows.flow", "CHW visit", 0, 2),
        ),
        ("the end of the file", text.len()),
        ("past the end of the file", text.len() + 40),
    ] {
        assert_eq!(show(&db, "flows.flow", offset), "null", "{what}");
    }
}

#[test]
fn hover_follows_edits_and_survives_broken_text() {
    let mut db = Db::new("flow f: commcare -> dhis2 {\n  frequency: daily\n}\n");
    let at = find(&db, "test.flow", "frequency", 0, 2);
    assert!(show(&db, "test.flow", at).contains("**This flow:** `daily`"));
    // The answer changed, and the file broken after the flow.
    db.fixture.files[0].1 =
        "flow f: commcare -> dhis2 {\n  frequency: hourly\n}\ntool {{ broken\n".into();
    db.ws.set_file("test.flow", db.fixture.files[0].1.as_str());
    assert!(
        show(&db, "test.flow", at).contains("**This flow:** `hourly`: every hour, ≈ 24 runs a day")
    );
}

#[test]
fn names_and_values_after_accents_amharic_and_emoji_and_in_crlf_files() {
    check(
        "role clerk \"ክሊኒክ clérk 😀 ሰላም\" { own$0er: \"é\" }\r\nflow f: clerk -> dhis2 { notes: \"😀 ክ é\" volume: ~5 forms/day }\r\n",
        expect![[r#"
            role clerk "ክሊኒክ clérk 😀 ሰላም" { owner: "é" }
                                            ^^^^^ hover
            ---
            **owner** · role property

            Who is responsible for it.

            **Accepts:** a string

            **Here:** é"#]],
    );
    check(
        "role clerk \"ክሊኒክ clérk 😀\" { owner: \"é\" }\r\nflow f: clerk -> dhis2 { notes: \"😀 ክ é\" volume: ~5 fo$0rms/day }\r\n",
        expect![[r#"
            flow f: clerk -> dhis2 { notes: "😀 ክ é" volume: ~5 forms/day }
                                                            ^^^^^^^^^^^^ hover
            ---
            **Volume** `~5 forms/day`: about 5 forms a day.

            Answer the frequency to see the volume per run."#]],
    );
    // A step named after a role declared with a non-ASCII display name.
    check(
        "role clerk \"ሰላም 😀 é\"\r\nflow f: cle$0rk -> dhis2\r\n",
        expect![[r#"
            flow f: clerk -> dhis2
                    ^^^^^ hover
            ---
            **ሰላም 😀 é** · role `clerk`

            - A person or team: each step through this role is a manual step, a candidate for automation
            - Declared in `test.flow`

            Used in 1 flow:
            - `f` in `test.flow`"#]],
    );
}
