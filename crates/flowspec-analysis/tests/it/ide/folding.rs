//! Folding: each fold marked on its first line with the lines it spans
//! (what an editor folds: from the line of its start to the line of its
//! end) and its kind. Checked of every answer: sorted, one fold per start
//! line, at least two lines each, properly nested.

use expect_test::{Expect, expect};
use flowspec_analysis::ide::folding::{Fold, folding_ranges};
use flowspec_test_fixture::designs::FOLDS;
use flowspec_test_fixture::{LANGUAGE_EXAMPLE, annotate, line_col};

use super::Db;

fn lines(text: &str, fold: &Fold) -> (usize, usize) {
    (
        line_col(text, fold.span.start as usize).0,
        line_col(text, fold.span.end as usize).0,
    )
}

fn check(source: &str, expect: Expect) {
    let db = Db::new(source);
    let text = db.fixture.text("test.flow");
    let folds = folding_ranges(db.file("test.flow"));
    let spans: Vec<(usize, usize)> = folds.iter().map(|f| lines(text, f)).collect();
    for (i, (start, end)) in spans.iter().enumerate() {
        assert!(start < end, "a fold of one line: {:?}", folds[i]);
        if let Some((next, _)) = spans.get(i + 1) {
            assert!(start < next, "not sorted, or two folds on one line");
        }
        for (other_start, other_end) in &spans[..i] {
            assert!(
                start > other_end || end <= other_end,
                "{:?} overlaps {other_start}..{other_end} without nesting",
                folds[i]
            );
        }
    }
    let marks: Vec<_> = folds
        .iter()
        .zip(&spans)
        .map(|(fold, (start, end))| {
            let at = fold.span.start as usize;
            (at..at, format!("fold {start}..{end} {:?}", fold.kind))
        })
        .collect();
    expect.assert_eq(&annotate(text, &marks));
}

#[test]
fn folds_of_the_language_example() {
    check(
        LANGUAGE_EXAMPLE,
        expect![[r###"
        ## Ethiopia CHW reporting: the process as it runs today.

        tool commcare "CommCare" {
                                 ^ fold 2..4 Block
          kind: collection
          owner: "iNGO M&E team"
        }

        tool dhis2 "DHIS2 (Ethiopia MoH)" {
                                          ^ fold 7..10 Block
          kind: mis
          adaptor: dhis2
          owner: "Ethiopia Ministry of Health"
        }

        role data_manager "M&E data manager"

        ## Key health indicators for national reporting.
        flow monthly_indicators: commcare -> excel -> data_manager -> dhis2 {
                                                                            ^ fold 16..25 Block
          data: ["CHW visit forms", "key health indicators"]
          transform {
                    ^ fold 18..20 Block
            visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"
            indicators: "sum visits per district per month"
          }
          timing: batch "the MoH refreshes its dashboards monthly"
          frequency: monthly
          volume: ~12000 records/month
          status: current
        }

        # The shorthand from a whiteboard: a bare chain is an anonymous flow.
        commcare -> excel -> dhis2 monthly batch
    "###]],
    );
}

#[test]
fn folds_of_every_kind_and_of_broken_input() {
    check(
        FOLDS,
        expect![[r###"
            ## Données de santé — የጤና መረጃ 📊
            ^ fold 0..1 Comment
            ## A second line of the file's doc.

            # Two plain comment lines
            ^ fold 3..4 Comment
            # fold together.
            ## And a doc comment for the flow,
            ^ fold 5..6 Comment
            ## on two lines.
            flow visites: clinic
            ^ fold 7..8 Header
              -> excel
              -> dhis2 monthly {
                               ^ fold 9..18 Block
              data: [
                    ^ fold 10..12 List
                "fiches de visite",
                "የጉብኝት ቅጾች 📋",
              ]
              transform {
                        ^ fold 14..17 Block
                date: "JJ/MM/AAAA" -> "AAAA-MM-JJ"
                # a comment inside
                ^ fold 16..17 Comment
                # the nested block
              }
              volume: ~1.2k forms/month }

            commcare -> dhis2
            ^ fold 21..22 Header
              daily batch
            {
            ^ fold 23..25 Block
              data: ["a", "b",
                "c"]
            }

            tool clinic "Clinique 🏥" {
                                     ^ fold 28..29 Block
              notes: "the tool block is never closed"

            role r { notes: "one line" }
        "###]],
    );
}

#[test]
fn folds_in_a_broken_file_and_with_crlf_and_lone_cr_line_endings() {
    check(
        "tool commcare \"CommCare {\n  kind: collection\n}\n\n} stray ✓✓ brace\n\nflow unclosed: kobo -> dhis2 {\n  data: [\"household survey\", \"GPS points\"\n  timing: batch\n\nflow f: a -> { data: \"x\n",
        expect![[r#"
            tool commcare "CommCare {
              kind: collection
            }

            } stray ✓✓ brace

            flow unclosed: kobo -> dhis2 {
                                         ^ fold 6..8 Block
              data: ["household survey", "GPS points"
              timing: batch

            flow f: a -> { data: "x
        "#]],
    );
    check(
        "# ሰላም\r\n# 😀\r\ntool t {\r\n  kind: mis\r\n}\rflow f: t -> dhis2 {\r  data: \"é\"\r}\r",
        expect![[r##"
            # ሰላም
            ^ fold 0..1 Comment
            # 😀
            tool t {
                   ^ fold 2..3 Block
              kind: mis
            }
            flow f: t -> dhis2 {
                               ^ fold 5..6 Block
              data: "é"
            }
        "##]],
    );
}
