//! Document symbols (the outline: one line per symbol, indented under its
//! parent, with its range and name as `line:column` in characters, then
//! the items' names marked in the source) and workspace symbols (the
//! matches of a query, best first).

use expect_test::{Expect, expect};
use flowspec_analysis::ide::symbols::{DocumentSymbol, document_symbols, workspace_symbols};
use flowspec_test_fixture::designs::OUTLINE;
use flowspec_test_fixture::designs::SEARCH;
use flowspec_test_fixture::{annotate, line_col};

use super::{Db, range};

fn at(text: &str, offset: usize) -> String {
    let (line, col) = line_col(text, offset);
    format!("{line}:{col}")
}

fn outline(text: &str, symbols: &[DocumentSymbol], depth: usize, out: &mut String) {
    for s in symbols {
        let (full, focus) = (range(s.span), range(s.focus));
        assert!(
            full.start <= focus.start && focus.end <= full.end,
            "the name is inside the range: {s:?}"
        );
        for child in &s.children {
            let child = range(child.span);
            assert!(
                full.start <= child.start && child.end <= full.end,
                "a child is inside its parent: {s:?}"
            );
        }
        out.push_str(&format!(
            "{}{:?} {} [{}] {}-{} name {}-{} `{}`\n",
            "  ".repeat(depth),
            s.kind,
            s.name,
            s.detail.as_deref().unwrap_or("-"),
            at(text, full.start),
            at(text, full.end),
            at(text, focus.start),
            at(text, focus.end),
            &text[focus],
        ));
        outline(text, &s.children, depth + 1, out);
    }
}

fn check_outline(source: &str, expect: Expect) {
    let db = Db::new(source);
    let mut out = String::new();
    for (path, text) in &db.fixture.files {
        let symbols = document_symbols(db.file(path));
        out.push_str(&format!("//- {path}\n"));
        outline(text, &symbols, 0, &mut out);
        let names: Vec<_> = symbols
            .iter()
            .map(|s| (range(s.focus), s.name.clone()))
            .collect();
        out.push_str("--- the items' names:\n");
        out.push_str(&annotate(text, &names));
    }
    expect.assert_eq(&out);
}

fn search(db: &Db, query: &str) -> String {
    let mut out = format!("query {query:?}:\n");
    for s in workspace_symbols(&db.ws, query) {
        let path = db.path(s.file);
        let text = db.fixture.text(&path);
        assert_eq!(&text[range(s.focus)], s.name, "the name's span");
        assert!(s.full.contains_span(s.focus), "{s:?}");
        out.push_str(&format!(
            "  {} {:?} ({}) {path} {}\n",
            s.name,
            s.kind,
            s.container.as_deref().unwrap_or("-"),
            at(text, s.focus.start as usize),
        ));
    }
    out
}

fn check_search(source: &str, queries: &[&str], expect: Expect) {
    let db = Db::new(source);
    let out: String = queries.iter().map(|q| search(&db, q)).collect();
    expect.assert_eq(&out);
}

#[test]
fn the_outline_has_tools_roles_and_flows_with_their_state() {
    check_outline(
        OUTLINE,
        expect![[r#"
            //- design.flow
            Tool dhis2 [DHIS2 (Ethiopia MoH) — ጤና 😀 · mis] 2:0-6:1 name 3:5-3:10 `dhis2`
            Role data_manager [Gestionnaire — ዳታ 😀] 8:0-8:39 name 8:5-8:17 `data_manager`
            Tool commcare [CommCare · case-management] 8:40-8:73 name 8:45-8:53 `commcare`
            Flow monthly_indicators [commcare -> excel -> data_manager -> dhis2 · 5/6 answered · current] 10:0-21:1 name 11:5-11:23 `monthly_indicators`
            Flow commcare -> excel -> dhis2 [3/6 answered] 24:0-24:57 name 24:0-24:26 `commcare -> excel -> dhis2`
            Flow weekly_sms [telerivet -> dhis2 · 3/6 answered] 24:58-24:131 name 24:63-24:73 `weekly_sms`
            --- the items' names:
            ## Ethiopia CHW reporting — ኢትዮጵያ 😀

            ## The MoH's national system — ሚኒስቴር.
            tool dhis2 "DHIS2 (Ethiopia MoH) — ጤና 😀" {
                 ^^^^^ dhis2
              kind: mis
              owner: "Ministère de la santé"
            }

            role data_manager "Gestionnaire — ዳታ 😀" tool commcare { owner: "iNGO é" }
                 ^^^^^^^^^^^^ data_manager
                                                         ^^^^^^^^ commcare

            ## Key health indicators.
            flow monthly_indicators: commcare -> excel -> data_manager -> dhis2 {
                 ^^^^^^^^^^^^^^^^^^ monthly_indicators
              data: ["CHW visit forms 😀", "key health indicators"]
              transform {
                visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"
                indicators: "sum visits per district per month"
              }
              timing: batch "the MoH refreshes its dashboards monthly — ወርሃዊ"
              frequency: monthly
              volume: tbd
              status: current
            }

            # The shorthand, é 😀: an anonymous flow, then a named one on the same line.
            commcare -> excel -> dhis2 monthly batch { notes: "ክ 😀" } flow weekly_sms: telerivet -> dhis2 weekly { volume: ~500 messages/week }
            ^^^^^^^^^^^^^^^^^^^^^^^^^^ commcare -> excel -> dhis2
                                                                           ^^^^^^^^^^ weekly_sms
        "#]],
    );
}

#[test]
fn the_outline_of_broken_and_crlf_files() {
    // What the parser could read of a broken file is still outlined.
    check_outline(
        "//- a.flow\ntool x\nflow f: x -> dhis2 { data: \n//- b.flow\ntool {{ role r\n//- c.flow\r\n## ሰላም 😀\r\ntool t \"é\"\r\nflow g: t -> dhis2 {\r\n  volume: ~5 forms/day\r\n}\r\n",
        expect![[r#"
            //- a.flow
            Tool x [-] 0:0-0:6 name 0:5-0:6 `x`
            Flow f [x -> dhis2 · 1/6 answered] 1:0-1:26 name 1:5-1:6 `f`
            --- the items' names:
            tool x
                 ^ x
            flow f: x -> dhis2 { data: 
                 ^ f
            //- b.flow
            Role r [-] 0:8-0:14 name 0:13-0:14 `r`
            --- the items' names:
            tool {{ role r
                         ^ r
            //- c.flow
            Tool t [é] 0:0-1:10 name 1:5-1:6 `t`
            Flow g [t -> dhis2 · 2/6 answered] 2:0-4:1 name 2:5-2:6 `g`
            --- the items' names:
            ## ሰላም 😀
            tool t "é"
                 ^ t
            flow g: t -> dhis2 {
                 ^ g
              volume: ~5 forms/day
            }
        "#]],
    );
}

#[test]
fn workspace_symbols_are_fuzzy_matched_and_ranked_across_files() {
    // Exact, then prefix, substring and subsequence matches; case does
    // not matter; an empty query lists every symbol by name; a bare flow
    // has no name to find.
    check_search(
        SEARCH,
        &["his", "HMIS", "mi", "", "zzz", "  hmis  "],
        expect![[r#"
        query "his":
          his_clerk Role (Agent — ጸሐፊ 😀) tools.flow 1:5
          this Tool (ክ 😀) tools.flow 1:67
          monthly_his Flow (excel -> hmis) flows/monthly.flow 0:56
          hmis Tool (Système national 😀) tools.flow 1:36
          hmis_sync Flow (hmis -> dhis2) flows/monthly.flow 0:5
        query "HMIS":
          hmis Tool (Système national 😀) tools.flow 1:36
          hmis_sync Flow (hmis -> dhis2) flows/monthly.flow 0:5
        query "mi":
          hmis Tool (Système national 😀) tools.flow 1:36
          hmis_sync Flow (hmis -> dhis2) flows/monthly.flow 0:5
          monthly_his Flow (excel -> hmis) flows/monthly.flow 0:56
          mobile_intake Flow (commcare -> hmis) flows/other.flow 0:34
        query "":
          commcare Tool (CommCare) flows/other.flow 0:5
          his_clerk Role (Agent — ጸሐፊ 😀) tools.flow 1:5
          hmis Tool (Système national 😀) tools.flow 1:36
          hmis_sync Flow (hmis -> dhis2) flows/monthly.flow 0:5
          mobile_intake Flow (commcare -> hmis) flows/other.flow 0:34
          monthly_his Flow (excel -> hmis) flows/monthly.flow 0:56
          this Tool (ክ 😀) tools.flow 1:67
        query "zzz":
        query "  hmis  ":
          hmis Tool (Système national 😀) tools.flow 1:36
          hmis_sync Flow (hmis -> dhis2) flows/monthly.flow 0:5
    "#]],
    );
}

#[test]
fn workspace_symbols_are_capped() {
    let mut text = String::new();
    for i in 0..300 {
        text.push_str(&format!("tool t{i:03}\n"));
    }
    let db = Db::new(&format!("//- many.flow\n{text}"));
    assert_eq!(workspace_symbols(&db.ws, "").len(), 256);
    let names: Vec<String> = workspace_symbols(&db.ws, "t29")
        .into_iter()
        .map(|s| s.name.to_string())
        .collect();
    let prefixes: Vec<String> = (290..300).map(|i| format!("t{i}")).collect();
    assert_eq!(names[..10], prefixes, "prefixes first, in order");
    // Then every other name holding t, 2, 9 in that order (t029, t209, …).
    let subsequences: Vec<String> = (0..290)
        .map(|i| format!("t{i:03}"))
        .filter(|n| {
            n[1..]
                .find('2')
                .is_some_and(|two| n[1 + two + 1..].contains('9'))
        })
        .collect();
    assert_eq!(names[10..], subsequences);
}
