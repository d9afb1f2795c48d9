//! Inlay hints: each hint's label under where it stands (the end of its
//! volume), then its tooltip; only the hints in the requested range.

use expect_test::{Expect, expect};
use flowspec_analysis::ide::inlay_hints::inlay_hints;
use flowspec_analysis::syntax::Span;
use flowspec_test_fixture::annotate;
use flowspec_test_fixture::designs::VOLUMES;

use super::Db;

/// The hints of the whole file, drawn.
fn check(source: &str, expect: Expect) {
    let db = Db::new(source);
    let text = db.fixture.text("test.flow");
    expect.assert_eq(&show(&db, Span::new(0, text.len())));
}

fn show(db: &Db, range: Span) -> String {
    let text = db.fixture.text("test.flow");
    let hints = inlay_hints(db.file("test.flow"), range);
    let marks: Vec<_> = hints
        .iter()
        .map(|h| (h.offset..h.offset, h.label.clone()))
        .collect();
    let mut out = annotate(text, &marks);
    for h in &hints {
        assert!(!h.tooltip.is_empty());
        out.push_str(&format!("--- {}: {}\n", h.label, h.tooltip));
    }
    out
}

/// The labels of the hints between `$1` and `$2`.
fn labels_between(source: &str) -> Vec<String> {
    let db = Db::new(source);
    let (_, from) = db.at("$1");
    let (_, to) = db.at("$2");
    inlay_hints(db.file("test.flow"), Span::new(from, to))
        .into_iter()
        .map(|h| h.label)
        .collect()
}

#[test]
fn volumes_per_run_and_per_day_given_the_frequency() {
    // `continuous` has no runs; without a frequency, no hint.
    check(
        VOLUMES,
        expect![[r#"
        flow monthly_indicators: commcare -> dhis2 {
          frequency: weekly
          volume: ~12000 records/month
                                      ^ ≈ 2,760 records/run
        }

        flow nightly: odk -> postgresql {
          frequency: daily
          volume: 1.5k forms
                            ^ ≈ 1,500 forms/day
        }

        flow streaming: telerivet -> rapidpro {
          frequency: continuous
          volume: 50 messages/minute
        }

        flow unscheduled: kobo -> excel {
          volume: 300 submissions/week
        }

        commcare -> dhis2 every 2 hours <2 MB/run batch
                                                 ^ < 24 MB/day
        --- ≈ 2,760 records/run: ~12000 records/month is about 394 records a day; run weekly (a run every 7 days), each run moves about 2,760 records
        --- ≈ 1,500 forms/day: 1500 forms each run, run daily (one run a day): about 1,500 forms a day
        --- < 24 MB/day: <2 MB/run each run, run every 2 hours (≈ 12 runs a day): about 24 MB a day
    "#]],
    );
}

#[test]
fn only_the_hints_in_the_requested_range() {
    let marked = |a: &str, b: &str| {
        VOLUMES
            .replacen(a, &format!("$1{a}"), 1)
            .replacen(b, &format!("$2{b}"), 1)
    };
    assert_eq!(
        labels_between(&marked("flow nightly", "flow streaming")),
        ["≈ 1,500 forms/day"]
    );
    // A range that ends right at a volume still holds its hint.
    assert_eq!(
        labels_between(&marked("flow nightly", "\n\nflow streaming")),
        ["≈ 1,500 forms/day"]
    );
    assert_eq!(
        labels_between(&format!(
            "$1{}",
            VOLUMES.replacen("flow nightly", "$2flow nightly", 1)
        )),
        ["≈ 2,760 records/run"]
    );
    // An empty range, and one past the end of the file.
    let db = Db::new(VOLUMES);
    assert!(inlay_hints(db.file("test.flow"), Span::new(3, 3)).is_empty());
    assert!(
        inlay_hints(
            db.file("test.flow"),
            Span::new(VOLUMES.len(), VOLUMES.len() + 9)
        )
        .is_empty()
    );
}

#[test]
fn hints_follow_the_answers_and_ignore_broken_text_elsewhere() {
    let edited = VOLUMES
        .replacen("frequency: weekly", "frequency: daily", 1)
        .replacen("  frequency: daily\n  volume: 1.5k", "  volume: 1.5k", 1)
        + "tool {\n";
    let db = Db::new(&edited);
    let labels: Vec<String> = inlay_hints(db.file("test.flow"), Span::new(0, edited.len()))
        .into_iter()
        .map(|h| h.label)
        .collect();
    assert_eq!(labels, ["≈ 394 records/run", "< 24 MB/day"]);
}

#[test]
fn hints_after_accents_amharic_and_emoji_and_in_crlf_files() {
    check(
        "flow f: odk -> dhis2 { notes: \"é ክ 😀 ሰላም\" frequency: weekly volume: ~12000 records/month }\r\nflow g: odk -> dhis2 {\r\n  frequency: monthly\r\n  volume: 3 GB\r\n}\r\n",
        expect![[r#"
            flow f: odk -> dhis2 { notes: "é ክ 😀 ሰላም" frequency: weekly volume: ~12000 records/month }
                                                                                                    ^ ≈ 2,760 records/run
            flow g: odk -> dhis2 {
              frequency: monthly
              volume: 3 GB
                          ^ ≈ 0.1 GB/day
            }
            --- ≈ 2,760 records/run: ~12000 records/month is about 394 records a day; run weekly (a run every 7 days), each run moves about 2,760 records
            --- ≈ 0.1 GB/day: 3 GB each run, run monthly (a run every 30.4 days): about 0.1 GB a day
        "#]],
    );
}
