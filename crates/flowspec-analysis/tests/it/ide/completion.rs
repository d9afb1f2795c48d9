//! Completion at `$0`: the line (its end shown `⏎`) with the replaced span, then each item in
//! the order shown (`label (kind)`, what it inserts when that is not the
//! label, its detail, whether it is preselected); `check_edit` shows the
//! file after accepting one item.

use expect_test::{Expect, expect};
use flowspec_analysis::ide::completion::{Completion, CompletionItem, CompletionKind, completion};
use flowspec_test_fixture::annotate;
use flowspec_test_fixture::designs::TOOLS;

use super::{Db, range};

fn complete(source: &str) -> (Db, Option<Completion>) {
    let db = Db::new(source);
    let (file, offset) = db.cursor();
    let found = completion(&db.ws, file, offset);
    (db, found)
}

fn show(db: &Db, found: &Option<Completion>) -> String {
    let Some(found) = found else {
        return "(nothing)\n".to_string();
    };
    let (path, _) = db.fixture.marker("$0");
    let text = db.fixture.text(&path);
    let span = range(found.span);
    let start = text[..span.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| span.end + i);
    let local = span.start - start..span.end - start;
    // `⏎` ends the line, so that its spaces show.
    let excerpt = format!("{}⏎", &text[start..end]);
    let mut out = annotate(&excerpt, &[(local, "replaced".to_string())]);
    for item in &found.items {
        out.push_str(&line(item));
        out.push('\n');
    }
    out
}

fn line(item: &CompletionItem) -> String {
    let mut line = format!("{} ({:?})", item.label, item.kind);
    if item.insert != item.label {
        let what = if item.snippet { "snippet" } else { "inserts" };
        line.push_str(&format!(" {what} {:?}", item.insert));
    }
    if let Some(detail) = &item.detail {
        line.push_str(&format!(" — {detail}"));
    }
    if item.preselect {
        line.push_str(" [preselected]");
    }
    line
}

fn check(source: &str, expect: Expect) {
    let (db, found) = complete(source);
    expect.assert_eq(&show(&db, &found));
}

/// The labels offered, in order.
fn labels(source: &str) -> Vec<String> {
    let (_, found) = complete(source);
    found
        .map(|c| c.items.into_iter().map(|i| i.label).collect())
        .unwrap_or_default()
}

fn item(found: &Completion, label: &str, kind: CompletionKind) -> CompletionItem {
    found
        .items
        .iter()
        .find(|i| i.label == label && i.kind == kind)
        .cloned()
        .unwrap_or_else(|| panic!("no {label} ({kind:?}) in {:?}", found.items))
}

/// The file of `$0` after accepting `label` (of `kind`).
fn check_edit(source: &str, label: &str, kind: CompletionKind, expect: Expect) {
    let (db, found) = complete(source);
    let found = found.expect("completions");
    let chosen = item(&found, label, kind);
    let (path, _) = db.fixture.marker("$0");
    let mut text = db.fixture.text(&path).to_string();
    text.replace_range(range(found.span), &chosen.insert);
    expect.assert_eq(&text);
}

fn with_tools(file: &str) -> String {
    format!("{TOOLS}//- a.flow\n{file}")
}

#[test]
fn after_an_arrow_every_tool_and_role_of_the_workspace() {
    // Declared names first (from the other file), roles marked as people;
    // a declaration refining a catalog id appears once, as declared; then
    // every catalog tool; no keywords, keys or values.
    check(
        &with_tools("commcare -> $0"),
        expect![[r#"
            commcare -> ⏎
                        ^ replaced
            clerk (Role) — role · Records clerk (a person)
            dhis2 (Tool) — tool · DHIS2 (Ethiopia MoH) · mis
            hmis (Tool) — tool · National HMIS · mis
            bigquery (Tool) — Google BigQuery · database
            commcare (Tool) — CommCare · case-management
            email (Tool) — E-mail · messaging
            excel (Tool) — Microsoft Excel · spreadsheet
            fhir (Tool) — FHIR server · ehr
            gmail (Tool) — Gmail · messaging
            googledrive (Tool) — Google Drive · storage
            googlesheets (Tool) — Google Sheets · spreadsheet
            http (Tool) — HTTP API · other
            kobotoolbox (Tool) — KoboToolbox · collection
            magpi (Tool) — Magpi · collection
            metabase (Tool) — Metabase · analytics
            mongodb (Tool) — MongoDB · database
            msgraph (Tool) — Microsoft 365 (Graph) · storage
            mssql (Tool) — Microsoft SQL Server · database
            mysql (Tool) — MySQL · database
            odk (Tool) — ODK · collection
            openfn (Tool) — OpenFn · other
            openhim (Tool) — OpenHIM · other
            openimis (Tool) — openIMIS · mis
            openlmis (Tool) — OpenLMIS · mis
            openmrs (Tool) — OpenMRS · ehr
            postgresql (Tool) — PostgreSQL · database
            powerbi (Tool) — Power BI · analytics
            primero (Tool) — Primero · case-management
            rapidpro (Tool) — RapidPro · messaging
            salesforce (Tool) — Salesforce · erp
            sftp (Tool) — SFTP server · storage
            superset (Tool) — Apache Superset · analytics
            surveycto (Tool) — SurveyCTO · collection
            tableau (Tool) — Tableau · analytics
            telerivet (Tool) — Telerivet · messaging
            twilio (Tool) — Twilio · messaging
            vonage (Tool) — Vonage (Nexmo) · messaging
            whatsapp (Tool) — WhatsApp · messaging
        "#]],
    );
    let (_, found) = complete(&with_tools("commcare -> $0"));
    let found = found.unwrap();
    let docs = |label| {
        item(&found, label, CompletionKind::Tool)
            .documentation
            .unwrap()
    };
    assert!(docs("hmis").contains("The ministry's own HMIS."));
    assert!(docs("excel").contains("Spreadsheet"));
}

#[test]
fn a_half_typed_step_is_replaced_wherever_it_stands() {
    use CompletionKind::{Role, Tool};
    let tools = |file| with_tools(file);
    check_edit(
        &tools("flow f: commcare -> dh$0\n"),
        "dhis2",
        Tool,
        expect![[r#"
            flow f: commcare -> dhis2
        "#]],
    );
    // In the middle of a chain, and in the middle of a word.
    check_edit(
        &tools("commcare -> ex$0cel -> dhis2 monthly\n"),
        "excel",
        Tool,
        expect![[r#"
            commcare -> excel -> dhis2 monthly
        "#]],
    );
    // The first step after `flow NAME:`, glued to the colon; glued to the
    // arrow: a space goes between.
    check_edit(&tools("flow f:$0"), "hmis", Tool, expect!["flow f: hmis"]);
    check_edit(&tools("hmis ->$0"), "clerk", Role, expect!["hmis -> clerk"]);
    // After a step with an accent and an emoji on the line, and in a
    // CRLF file.
    check_edit(
        &tools("flow f: commcare -> hm$0 { notes: \"é 😀 ሰላም\" }\r\n"),
        "hmis",
        Tool,
        expect!["flow f: commcare -> hmis { notes: \"é 😀 ሰላም\" }\r\n"],
    );
}

#[test]
fn in_a_block_the_keys_the_item_still_lacks() {
    // `monthly` answers the frequency in shorthand; `data` is given.
    check(
        &with_tools(
            "flow f: hmis -> dhis2 monthly {\n  data: \"visits\"\n  $0\n  status: current\n}\n",
        ),
        expect![[r#"
              ⏎
              ^ replaced
            transform (Property) inserts "transform: " — Transformation · How the data is changed on the way.
            timing (Property) inserts "timing: " — Timing · What starts the flow.
            volume (Property) inserts "volume: " — Volume · How much data moves.
            owner (Property) snippet "owner: \"$1\"$0" — Who is responsible for it.
            notes (Property) snippet "notes: \"$1\"$0" — Anything else worth writing down.
            notify (Property) snippet "notify: \"$1\"$0" — Who is told when a run fails (discovery).
            rerun (Property) snippet "rerun: \"$1\"$0" — How a failed run is redone safely (discovery).
            identifier (Property) inserts "identifier: " — The unique identifier that makes a re-run update records rather than duplicate them (discovery); a record's `identifier` field answers it too.
            direction (Property) inserts "direction: " — Whether data moves one way, or both ways (discovery).
        "#]],
    );
    // Half typed, at the end of an unclosed block: `fre` is replaced.
    check_edit(
        &with_tools("flow f: hmis -> dhis2 {\n  data: \"x\"\n  fre$0"),
        "frequency",
        CompletionKind::Property,
        expect![[r#"
            flow f: hmis -> dhis2 {
              data: "x"
              frequency: "#]],
    );
    assert!(
        !labels(&with_tools(
            "flow f: hmis -> dhis2 {\n  data: \"x\"\n  fre$0"
        ))
        .contains(&"data".to_string())
    );
    // A tool's keys; the string after the id already gives the name. The
    // url is a snippet.
    check(
        &with_tools("tool odk \"ODK Central\" {\n  kind: collection\n  $0\n}\n"),
        expect![[r#"
              ⏎
              ^ replaced
            adaptor (Property) inserts "adaptor: " — The OpenFn adaptor that connects to it (`@openfn/language-<adaptor>`).
            owner (Property) snippet "owner: \"$1\"$0" — Who is responsible for it.
            url (Property) snippet "url: \"https://$1\"$0" — Where the tool lives.
            notes (Property) snippet "notes: \"$1\"$0" — Anything else worth writing down.
            auth (Property) inserts "auth: " — How the integration authenticates to the tool (discovery).
            hosting (Property) inserts "hosting: " — Where the tool is hosted, and so how the integration reaches it (discovery).
            sandbox (Property) inserts "sandbox: " — Whether a test environment exists to build the integration on (discovery).
            admin (Property) snippet "admin: \"$1\"$0" — Who administers the tool: accounts, credentials, changes (discovery).
            limits (Property) inserts "limits: " — The rate and page limits of the tool's API (discovery).
        "#]],
    );
    // A role takes fewer keys.
    assert_eq!(labels("role nurse { $0 }\n"), ["name", "owner", "notes"]);
    // A key that has its colon: the key alone is replaced.
    check_edit(
        "a -> b {\n  fre$0: monthly\n}\n",
        "frequency",
        CompletionKind::Property,
        expect![[r#"
            a -> b {
              frequency: monthly
            }
        "#]],
    );
}

#[test]
fn after_a_key_the_values_it_takes() {
    check(
        "a -> b {\n  frequency: $0\n}\n",
        expect![[r#"
              frequency: ⏎
                         ^ replaced
            hourly (Value) — frequency: every hour
            daily (Value) — frequency: once a day
            weekly (Value) — frequency: once a week
            monthly (Value) — frequency: once a month
            quarterly (Value) — frequency: once a quarter (four times a year)
            yearly (Value) — frequency: once a year
            continuous (Value) — frequency: all the time, as a stream
            on-demand (Value) — frequency: whenever it is asked for
            every (Snippet) snippet "every ${1:2} ${2|hours,minutes,days,weeks,months|}$0" — frequency: every N minutes, hours, days, weeks or months
            cron (Snippet) snippet "cron \"${1:0 2 * * *}\"$0" — frequency: a cron expression, m h dom mon dow
            tbd (Value) — an open question: to be decided
            unknown (Value) — an open question: nobody knows yet
        "#]],
    );
    assert_eq!(
        labels("a -> b {\n  timing:$0\n}\n"),
        ["realtime", "batch", "manual", "tbd", "unknown"]
    );
    // Glued to the colon: a space goes between.
    check_edit(
        "a -> b {\n  timing:$0\n}\n",
        "batch",
        CompletionKind::Value,
        expect![[r#"
            a -> b {
              timing: batch
            }
        "#]],
    );
    assert_eq!(
        labels("a -> b {\n  status: $0\n}\n"),
        ["current", "proposed"]
    );
    assert_eq!(
        labels("a -> b {\n  transform: $0\n}\n"),
        ["none", "tbd", "unknown"]
    );
    check(
        "tool t {\n  kind: $0\n}\n",
        expect![[r#"
              kind: ⏎
                    ^ replaced
            collection (Value) — data collection
            case-management (Value) — case management
            mis (Value) — management information system
            ehr (Value) — electronic health records
            spreadsheet (Value) — spreadsheet
            database (Value) — database
            analytics (Value) — analytics and dashboards
            messaging (Value) — messaging
            erp (Value) — ERP / CRM
            storage (Value) — file storage
            other (Value) — other
        "#]],
    );
    // Half typed: replaced. Nothing after a complete answer, nor in a text.
    check_edit(
        "a -> b {\n  frequency: mon$0\n}\n",
        "monthly",
        CompletionKind::Value,
        expect![[r#"
            a -> b {
              frequency: monthly
            }
        "#]],
    );
    check(
        "a -> b {\n  frequency: monthly $0\n}\n",
        expect!["(nothing)\n"],
    );
    check("a -> b {\n  owner: $0\n}\n", expect!["(nothing)\n"]);
}

#[test]
fn adaptors_are_openfns_list_with_the_refined_tools_first() {
    let (_, found) = complete("tool commcare {\n  adaptor: $0\n}\n");
    let found = found.unwrap();
    assert!(found.items.len() > 100, "{}", found.items.len());
    assert!(
        found
            .items
            .iter()
            .all(|i| i.kind == CompletionKind::Adaptor)
    );
    let shown: Vec<String> = found.items[..3].iter().map(line).collect();
    expect![[r#"
        [
            "commcare (Adaptor) — @openfn/language-commcare [preselected]",
            "arcgis (Adaptor) — @openfn/language-arcgis",
            "asana (Adaptor) — @openfn/language-asana",
        ]
    "#]]
    .assert_debug_eq(&shown);
}

#[test]
fn units_after_a_number_periods_after_a_slash_or_per() {
    check(
        "a -> b {\n  volume: ~12000 $0\n}\n",
        expect![[r#"
              volume: ~12000 ⏎
                             ^ replaced
            records (Unit) — unit of volume: a count
            rows (Unit) — unit of volume: a count
            forms (Unit) — unit of volume: a count
            submissions (Unit) — unit of volume: a count
            cases (Unit) — unit of volume: a count
            messages (Unit) — unit of volume: a count
            events (Unit) — unit of volume: a count
            patients (Unit) — unit of volume: a count
            files (Unit) — unit of volume: a count
            requests (Unit) — unit of volume: a count
            KB (Unit) — unit of volume: a size
            MB (Unit) — unit of volume: a size
            GB (Unit) — unit of volume: a size
        "#]],
    );
    check(
        "a -> b {\n  volume: ~12000 records/$0\n}\n",
        expect![[r#"
              volume: ~12000 records/⏎
                                     ^ replaced
            minute (Unit) — a rate per minute
            hour (Unit) — a rate per hour
            day (Unit) — a rate per day
            week (Unit) — a rate per week
            month (Unit) — a rate per month
            quarter (Unit) — a rate per quarter
            year (Unit) — a rate per year
            run (Unit) — each time the flow runs
            event (Unit) — each event that starts it
        "#]],
    );
    check_edit(
        "a -> b {\n  volume: ~12000 records/$0\n}\n",
        "month",
        CompletionKind::Unit,
        expect![[r#"
            a -> b {
              volume: ~12000 records/month
            }
        "#]],
    );
    assert_eq!(
        labels("a -> b {\n  volume: <2 GB per $0\n}\n")[..3],
        ["minute", "hour", "day"]
    );
    // One: singular units.
    assert_eq!(
        labels("a -> b {\n  volume: 1 $0\n}\n")[..2],
        ["record", "row"]
    );
    // Glued to the number: a space goes between.
    check_edit(
        "a -> b {\n  volume: 12k$0\n}\n",
        "forms",
        CompletionKind::Unit,
        expect![[r#"
            a -> b {
              volume: 12k forms
            }
        "#]],
    );
    // `every`: units of time, plural after a count.
    assert_eq!(
        labels("a -> b {\n  frequency: every 3 $0\n}\n"),
        ["minutes", "hours", "days", "weeks", "months"]
    );
    assert_eq!(
        labels("a -> b {\n  frequency: every $0\n}\n"),
        ["minute", "hour", "day", "week", "month"]
    );
}

#[test]
fn after_a_chain_the_shorthand_words_of_the_open_questions() {
    check(
        "commcare -> dhis2 $0",
        expect![[r#"
            commcare -> dhis2 ⏎
                              ^ replaced
            realtime (Value) — timing: each event starts it
            batch (Value) — timing: a schedule starts it
            manual (Value) — timing: a person starts it
            hourly (Value) — frequency: every hour
            daily (Value) — frequency: once a day
            weekly (Value) — frequency: once a week
            monthly (Value) — frequency: once a month
            quarterly (Value) — frequency: once a quarter (four times a year)
            yearly (Value) — frequency: once a year
            continuous (Value) — frequency: all the time, as a stream
            on-demand (Value) — frequency: whenever it is asked for
            every (Snippet) snippet "every ${1:2} ${2|hours,minutes,days,weeks,months|}$0" — frequency: every N minutes, hours, days, weeks or months
            cron (Snippet) snippet "cron \"${1:0 2 * * *}\"$0" — frequency: a cron expression, m h dom mon dow
        "#]],
    );
    assert_eq!(
        labels("flow f: commcare -> dhis2 every 2 hours $0"),
        ["realtime", "batch", "manual"]
    );
    check_edit(
        "commcare -> dhis2 batch \"why\" mon$0",
        "monthly",
        CompletionKind::Value,
        expect![[r#"commcare -> dhis2 batch "why" monthly"#]],
    );
    assert!(!labels("commcare -> dhis2 batch \"why\" mon$0").contains(&"batch".to_string()));
    // The block answers the timing: not offered again in shorthand.
    let l = labels("commcare -> dhis2 $0 {\n  timing: manual\n}\n");
    assert!(
        !l.contains(&"manual".to_string()) && l.contains(&"daily".to_string()),
        "{l:?}"
    );
    // Units after a shorthand number.
    assert_eq!(
        labels("commcare -> dhis2 monthly ~500 $0")[..3],
        ["records", "rows", "forms"]
    );
}

#[test]
fn at_the_top_level_items_snippets_and_chain_starts() {
    let (_, found) = complete(&with_tools("$0"));
    let found = found.unwrap();
    let shown: Vec<String> = found.items[..9].iter().map(line).collect();
    expect![[r#"
        [
            "tool (Keyword) — declare a tool",
            "role (Keyword) — declare a role: a person or team",
            "flow (Keyword) — a named flow",
            "flow (Snippet) snippet \"flow ${1:name}: ${2:source} -> ${3:destination} {\\n  data: \\\"${4:what moves}\\\"\\n  transform: ${5:none}\\n  timing: ${6|realtime,batch,manual|}\\n  frequency: ${7|monthly,hourly,daily,weekly,quarterly,yearly,continuous,on-demand|}\\n  volume: ${8:~500 records/month}\\n}$0\" — a flow answering the six questions",
            "tool (Snippet) snippet \"tool ${1:id} \\\"${2:Display name}\\\" {\\n  kind: ${3|collection,case-management,mis,ehr,spreadsheet,database,analytics,messaging,erp,storage,other|}\\n  owner: \\\"${4}\\\"\\n}$0\" — a tool with its kind and owner",
            "role (Snippet) snippet \"role ${1:id} \\\"${2:Display name}\\\"$0\" — a role with its display name",
            "clerk (Role) — role · Records clerk (a person)",
            "dhis2 (Tool) — tool · DHIS2 (Ethiopia MoH) · mis",
            "hmis (Tool) — tool · National HMIS · mis",
        ]
    "#]]
    .assert_debug_eq(&shown);
    assert!(
        !found
            .items
            .iter()
            .any(|i| matches!(i.kind, CompletionKind::Property | CompletionKind::Value)),
        "no keys or values"
    );
    // After a complete item, on a new line; half typed.
    check_edit(
        "tool t \"T\" {\n  kind: mis\n}\nfl$0",
        "flow",
        CompletionKind::Keyword,
        expect![[r#"
            tool t "T" {
              kind: mis
            }
            flow"#]],
    );
    // After `tool`: the catalog ids not yet declared, to refine.
    let l = labels(&with_tools("tool $0"));
    assert!(
        l.contains(&"commcare".to_string()) && !l.contains(&"dhis2".to_string()),
        "{l:?}"
    );
}

#[test]
fn nothing_where_nothing_can_be_written() {
    for text in [
        "# commcare -> $0",
        "## doc: a -> $0\ntool t",
        "tool t \"Comm$0",
        "tool t { owner: \"iNGO $0M&E\" }",
        "tool t { owner: \"ሰላም 😀 $0é\" }",
        "flow $0",
        "flow f $0",
        "role $0",
        "tool t \"T\" $0",
        "commcare $0",
        "a -> b { transform { visit_date: $0 } }",
        "a -> b { data: [\"x\", $0] }",
        "a -> b { volume: ~$0 }",
        "a -> b { frequency: 12$00 }",
    ] {
        let (db, found) = complete(&with_tools(text));
        assert!(found.is_none(), "{text:?}: {}", show(&db, &found));
    }
}

#[test]
fn broken_text_and_crlf_lines_around_the_cursor() {
    // A broken item before the cursor costs nothing after it.
    check(
        "tool {{ broken\r\nflow f: commcare -> dhis2 {\r\n  data: \"ሰላም 😀\"\r\n  ti$0\r\n}\r\n",
        expect![[r#"
              ti⏎
              ^^ replaced
            transform (Property) inserts "transform: " — Transformation · How the data is changed on the way.
            timing (Property) inserts "timing: " — Timing · What starts the flow.
            frequency (Property) inserts "frequency: " — Frequency · How often the flow runs.
            volume (Property) inserts "volume: " — Volume · How much data moves.
            status (Property) inserts "status: " — Whether the flow runs today or is planned.
            owner (Property) snippet "owner: \"$1\"$0" — Who is responsible for it.
            notes (Property) snippet "notes: \"$1\"$0" — Anything else worth writing down.
            notify (Property) snippet "notify: \"$1\"$0" — Who is told when a run fails (discovery).
            rerun (Property) snippet "rerun: \"$1\"$0" — How a failed run is redone safely (discovery).
            identifier (Property) inserts "identifier: " — The unique identifier that makes a re-run update records rather than duplicate them (discovery); a record's `identifier` field answers it too.
            direction (Property) inserts "direction: " — Whether data moves one way, or both ways (discovery).
        "#]],
    );
    // The cursor past the end of the file, or inside a multi-byte
    // character, is taken at the nearest boundary before it.
    let db = Db::new("commcare -> é");
    let file = db.id("test.flow");
    let end = db.fixture.text("test.flow").len();
    assert!(completion(&db.ws, file, end + 10).is_some());
    assert_eq!(
        completion(&db.ws, file, end - 1).map(|c| c.span),
        completion(&db.ws, file, end - 2).map(|c| c.span)
    );
}
