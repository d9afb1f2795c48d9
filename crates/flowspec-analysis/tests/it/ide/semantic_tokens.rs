//! Semantic tokens: one row per token, `line:column` (in characters), its
//! text, kind and modifiers. Checked of every answer: in source order, not
//! overlapping, not empty, never across a line, and each exactly one token
//! of the lexer.

use expect_test::{Expect, expect};
use flowspec_analysis::ide::semantic_tokens::{Modifiers, SemanticToken, semantic_tokens};
use flowspec_analysis::syntax::lexer::lex;
use flowspec_test_fixture::designs::ACCENTS;
use flowspec_test_fixture::{LANGUAGE_EXAMPLE, line_col};

use super::{Db, range};

fn modifier_names(m: Modifiers) -> String {
    [
        (Modifiers::DECLARATION, "declaration"),
        (Modifiers::DOCUMENTATION, "documentation"),
        (Modifiers::CATALOG, "catalog"),
        (Modifiers::CATEGORY, "category"),
        (Modifiers::OPEN_QUESTION, "openQuestion"),
    ]
    .into_iter()
    .filter(|(flag, _)| m.contains(*flag))
    .map(|(_, name)| format!(" +{name}"))
    .collect()
}

fn tokens(db: &Db, path: &str) -> Vec<SemanticToken> {
    let text = db.fixture.text(path);
    let found = semantic_tokens(&db.ws, db.file(path));
    let (lexed, _) = lex(text);
    let mut end = 0;
    for t in &found {
        let span = range(t.span);
        assert!(span.start >= end, "out of order or overlapping: {t:?}");
        assert!(span.start < span.end, "empty: {t:?}");
        assert!(
            !text[span.clone()].contains(['\n', '\r']),
            "across a line: {t:?}"
        );
        assert!(
            lexed.iter().any(|l| l.span == t.span),
            "`{}` is no token of the lexer",
            &text[span.clone()]
        );
        end = span.end;
    }
    found
}

/// `text Kind +modifier…` of each token that reads `word` (every token
/// without one): what it means.
fn meaning(db: &Db, path: &str, word: Option<&str>) -> Vec<String> {
    let text = db.fixture.text(path);
    tokens(db, path)
        .iter()
        .map(|t| (&text[range(t.span)], t))
        .filter(|(read, _)| word.is_none_or(|w| w == *read))
        .map(|(read, t)| format!("{read} {:?}{}", t.kind, modifier_names(t.modifiers)))
        .collect()
}

fn meanings(db: &Db, path: &str) -> Vec<String> {
    meaning(db, path, None)
}

fn meaning_of(db: &Db, path: &str, word: &str) -> Vec<String> {
    meaning(db, path, Some(word))
}

fn table(db: &Db, path: &str) -> String {
    let text = db.fixture.text(path);
    let mut out = String::new();
    for t in tokens(db, path) {
        let (line, col) = line_col(text, t.span.start as usize);
        out.push_str(&format!(
            "{:<7} {} {:?}{}\n",
            format!("{line}:{col}"),
            &text[range(t.span)],
            t.kind,
            modifier_names(t.modifiers)
        ));
    }
    out
}

/// The tokens of the fixture's first file.
fn check(source: &str, expect: Expect) {
    let db = Db::new(source);
    let path = db.fixture.files[0].0.clone();
    expect.assert_eq(&table(&db, &path));
}

#[test]
fn the_language_example() {
    let db = Db::new(LANGUAGE_EXAMPLE);
    let of = |word| meaning_of(&db, "test.flow", word);
    // Tools declared over catalog ids refine the catalog; `excel` is not
    // declared: a catalog tool; `data_manager` is a person; after
    // `adaptor:`, `dhis2` is an adaptor name.
    assert_eq!(
        of("commcare"),
        [
            "commcare Tool +declaration +catalog",
            "commcare Tool +catalog",
            "commcare Tool +catalog"
        ]
    );
    assert_eq!(of("excel"), ["excel Tool +catalog", "excel Tool +catalog"]);
    assert_eq!(
        of("data_manager"),
        ["data_manager Role +declaration", "data_manager Role"]
    );
    assert_eq!(
        of("dhis2"),
        [
            "dhis2 Tool +declaration +catalog",
            "dhis2 Value",
            "dhis2 Tool +catalog",
            "dhis2 Tool +catalog"
        ]
    );
    assert_eq!(
        of("monthly_indicators"),
        ["monthly_indicators Flow +declaration"]
    );
    for key in ["data", "transform", "timing", "frequency", "volume"] {
        assert_eq!(of(key), [format!("{key} Property +category")]);
    }
    for key in ["kind", "status", "adaptor", "visit_date"] {
        assert!(
            of(key).iter().all(|m| m == &format!("{key} Property")),
            "{key}"
        );
    }
    for word in [
        "collection",
        "mis",
        "batch",
        "monthly",
        "records",
        "month",
        "current",
    ] {
        let all = of(word);
        assert!(
            !all.is_empty() && all.iter().all(|m| m == &format!("{word} Value")),
            "{word}: {all:?}"
        );
    }
    check(
        LANGUAGE_EXAMPLE,
        expect![[r#"
        0:0     ## Ethiopia CHW reporting: the process as it runs today. Comment +documentation
        2:0     tool Keyword
        2:5     commcare Tool +declaration +catalog
        2:14    "CommCare" String
        3:2     kind Property
        3:8     collection Value
        4:2     owner Property
        4:9     "iNGO M&E team" String
        7:0     tool Keyword
        7:5     dhis2 Tool +declaration +catalog
        7:11    "DHIS2 (Ethiopia MoH)" String
        8:2     kind Property
        8:8     mis Value
        9:2     adaptor Property
        9:11    dhis2 Value
        10:2    owner Property
        10:9    "Ethiopia Ministry of Health" String
        13:0    role Keyword
        13:5    data_manager Role +declaration
        13:18   "M&E data manager" String
        15:0    ## Key health indicators for national reporting. Comment +documentation
        16:0    flow Keyword
        16:5    monthly_indicators Flow +declaration
        16:25   commcare Tool +catalog
        16:34   -> Operator
        16:37   excel Tool +catalog
        16:43   -> Operator
        16:46   data_manager Role
        16:59   -> Operator
        16:62   dhis2 Tool +catalog
        17:2    data Property +category
        17:9    "CHW visit forms" String
        17:28   "key health indicators" String
        18:2    transform Property +category
        19:4    visit_date Property
        19:16   "MM/DD/YYYY" String
        19:29   -> Operator
        19:32   "DD/MM/YYYY" String
        20:4    indicators Property
        20:16   "sum visits per district per month" String
        22:2    timing Property +category
        22:10   batch Value
        22:16   "the MoH refreshes its dashboards monthly" String
        23:2    frequency Property +category
        23:13   monthly Value
        24:2    volume Property +category
        24:10   ~ Operator
        24:11   12000 Number
        24:17   records Value
        24:24   / Operator
        24:25   month Value
        25:2    status Property
        25:10   current Value
        28:0    # The shorthand from a whiteboard: a bare chain is an anonymous flow. Comment
        29:0    commcare Tool +catalog
        29:9    -> Operator
        29:12   excel Tool +catalog
        29:18   -> Operator
        29:21   dhis2 Tool +catalog
        29:27   monthly Value
        29:35   batch Value
    "#]],
    );
}

#[test]
fn accents_amharic_and_emoji_in_names_strings_and_comments() {
    check(
        ACCENTS,
        expect![[r#"
            0:0     ## Données de santé — የጤና መረጃ 📊 Comment +documentation
            1:0     tool Keyword
            1:5     école Tool +declaration
            1:11    "École 🏫" String
            2:0     role Keyword
            2:5     ክሊኒክ Role +declaration
            2:10    "ክሊኒክ — Clinique 🏥" String
            2:32    notes Property
            2:39    "😀😀" String
            4:0     # ✓ après: 😀 Comment
            5:0     flow Keyword
            5:5     visites Flow +declaration
            5:14    école Tool
            5:20    -> Operator
            5:23    ክሊኒክ Role
            5:28    -> Operator
            5:31    dhis2 Tool +catalog
            5:39    data Property +category
            5:46    "fiches" String
            5:56    "የጉብኝት 📋" String
            5:67    volume Property +category
            5:75    ~ Operator
            5:76    1.2k Number
            5:81    forms Value
            5:86    / Operator
            5:87    month Value
        "#]],
    );
}

#[test]
fn a_broken_file_keeps_its_tokens() {
    let broken = r#"# Each broken item costs only itself.

tool commcare "CommCare {
  kind: collection
}

tool kobo "KoboToolbox" {
  kind: collection
  owner "Field team"
}

} stray ✓✓ closing brace

flow unclosed: kobo -> dhis2 {
  data: ["household survey", "GPS points"
  timing: batch

role data_manager "Data manager"

flow after: kobo -> data_manager -> dhis2 -> nowhere {
  frequency: every 2 hours
  volume: <50 MB per day
  transform: tbd
}
flow f: a -> { data: "x
"#;
    let db = Db::new(broken);
    let of = |word| meaning_of(&db, "test.flow", word);
    // The items after the broken ones keep their full meaning.
    assert_eq!(
        of("data_manager"),
        ["data_manager Role +declaration", "data_manager Role"]
    );
    assert_eq!(of("nowhere"), ["nowhere UnresolvedStep"]);
    assert_eq!(of("every"), ["every Keyword"]);
    assert_eq!(of("per"), ["per Operator"]);
    assert_eq!(of("tbd"), ["tbd Value +openQuestion"]);
    // Stray text means nothing.
    for stray in ["stray", "✓✓", "closing", "brace"] {
        assert!(of(stray).is_empty(), "{stray}");
    }
    // Unterminated strings end at the end of their line.
    check(
        broken,
        expect![[r#"
        0:0     # Each broken item costs only itself. Comment
        2:0     tool Keyword
        2:5     commcare Tool +declaration +catalog
        2:14    "CommCare { String
        6:0     tool Keyword
        6:5     kobo Tool +declaration +catalog
        6:10    "KoboToolbox" String
        7:2     kind Property
        7:8     collection Value
        8:8     "Field team" String
        13:0    flow Keyword
        13:5    unclosed Flow +declaration
        13:15   kobo Tool +catalog
        13:20   -> Operator
        13:23   dhis2 Tool +catalog
        14:2    data Property +category
        14:9    "household survey" String
        14:29   "GPS points" String
        15:2    timing Property +category
        15:10   batch Value
        17:0    role Keyword
        17:5    data_manager Role +declaration
        17:18   "Data manager" String
        19:0    flow Keyword
        19:5    after Flow +declaration
        19:12   kobo Tool +catalog
        19:17   -> Operator
        19:20   data_manager Role
        19:33   -> Operator
        19:36   dhis2 Tool +catalog
        19:42   -> Operator
        19:45   nowhere UnresolvedStep
        20:2    frequency Property +category
        20:13   every Keyword
        20:19   2 Number
        20:21   hours Value
        21:2    volume Property +category
        21:10   < Operator
        21:11   50 Number
        21:14   MB Value
        21:17   per Operator
        21:21   day Value
        22:2    transform Property +category
        22:13   tbd Value +openQuestion
        24:0    flow Keyword
        24:5    f Flow +declaration
        24:8    a UnresolvedStep
        24:10   -> Operator
        24:15   data Property +category
        24:21   "x String
    "#]],
    );
}

#[test]
fn crlf_and_lone_carriage_returns_end_lines_and_no_token() {
    check(
        "## ሰላም 😀\r\ntool t \"é\" {\r\n  kind: mis\r\n}\rflow f: t -> dhis2 {\r  data: \"a\r\n}\n",
        expect![[r#"
            0:0     ## ሰላም 😀 Comment +documentation
            1:0     tool Keyword
            1:5     t Tool +declaration
            1:7     "é" String
            2:2     kind Property
            2:8     mis Value
            4:0     flow Keyword
            4:5     f Flow +declaration
            4:8     t Tool
            4:10    -> Operator
            4:13    dhis2 Tool +catalog
            5:2     data Property +category
            5:8     "a String
        "#]],
    );
}

#[test]
fn steps_resolve_across_files_and_follow_edits() {
    let mut db = Db::new(
        "//- tools.flow\ntool hmis \"HMIS\"\nrole clerk\n//- flows.flow\nflow f: hmis -> clerk -> excel -> nowhere\n\n## Documents nothing: a blank line follows.\n\n",
    );
    expect![[r###"
        [
            "flow Keyword",
            "f Flow +declaration",
            "hmis Tool",
            "-> Operator",
            "clerk Role",
            "-> Operator",
            "excel Tool +catalog",
            "-> Operator",
            "nowhere UnresolvedStep",
            "## Documents nothing: a blank line follows. Comment",
        ]
    "###]]
    .assert_debug_eq(&meanings(&db, "flows.flow"));
    // Declare `nowhere` as a role in this file, and make `hmis` a role in
    // the other one.
    for (path, text) in [
        (
            "flows.flow",
            "flow f: hmis -> clerk -> excel -> nowhere\n\n## Documents nothing: a blank line follows.\n\nrole nowhere\n",
        ),
        ("tools.flow", "role hmis \"HMIS\"\nrole clerk\n"),
    ] {
        db.ws.set_file(path, text);
        db.fixture
            .files
            .iter_mut()
            .find(|(p, _)| p == path)
            .unwrap()
            .1 = text.to_string();
    }
    assert_eq!(meaning_of(&db, "flows.flow", "hmis"), ["hmis Role"]);
    assert_eq!(
        meaning_of(&db, "flows.flow", "nowhere"),
        ["nowhere Role", "nowhere Role +declaration"]
    );
}
