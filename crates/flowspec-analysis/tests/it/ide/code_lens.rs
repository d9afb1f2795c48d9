//! Code lenses: each lens under its flow's header with its title, then
//! what running it does.

use expect_test::{Expect, expect};
use flowspec_analysis::ide::code_lens::{LensAction, code_lenses};

use super::Db;

fn check(source: &str, expect: Expect) {
    let db = Db::new(source);
    let lenses = code_lenses(db.file("test.flow"));
    let marks: Vec<_> = lenses
        .iter()
        .map(|l| db.mark(db.id("test.flow"), l.span, &l.title))
        .collect();
    let mut out = db.annotate(&marks);
    for l in &lenses {
        match &l.action {
            LensAction::Summary { message } => {
                out.push_str(&format!("--- {}: shows {message:?}\n", l.title))
            }
            LensAction::ExportFlow { flow } => {
                out.push_str(&format!("--- {}: exports `{flow}`\n", l.title))
            }
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn lenses_count_the_answers_and_offer_an_export_once_a_named_flow_is_complete() {
    check(
        "## é ክ 😀\ncommcare -> excel -> dhis2 monthly batch\n\nflow done: odk -> dhis2 {\n  data: \"x\"\n  transform: none\n  timing: batch\n  frequency: daily\n  volume: ~5 forms/day\n}\n",
        expect![[r#"
            //- test.flow
            ## é ክ 😀
            commcare -> excel -> dhis2 monthly batch
            ^^^^^^^^^^^^^^^^^^^^^^^^^^ 3/6 answered · open: Data flow, Transformation, Volume

            flow done: odk -> dhis2 {
            ^^^^^^^^^^^^^^^^^^^^^^^ 6/6 answered
            ^^^^^^^^^^^^^^^^^^^^^^^ Export to OpenFn
              data: "x"
              transform: none
              timing: batch
              frequency: daily
              volume: ~5 forms/day
            }
            --- 3/6 answered · open: Data flow, Transformation, Volume: shows "`commcare -> excel -> dhis2` answers 3 of the six questions. Still to ask: Data flow (What data are we sending? Which direction? What other tools or humans facilitate the flow?); Transformation (Is any transformation needed so the integration goes smoothly?); Volume (What is the scale of this integration?)."
            --- 6/6 answered: shows "`done` answers all six questions."
            --- Export to OpenFn: exports `done`
        "#]],
    );
}

#[test]
fn open_questions_count_as_unanswered_and_are_named_in_the_message() {
    check(
        "commcare -> dhis2 monthly batch { data: tbd }\r\nflow ሰላም_no: a -> b\r\nflow half: odk -> dhis2 { data: \"😀\" transform: unknown\r\n",
        expect![[r#"
            //- test.flow
            commcare -> dhis2 monthly batch { data: tbd }
            ^^^^^^^^^^^^^^^^^ 3/6 answered · open: Data flow, Transformation, Volume
            flow ሰላም_no: a -> b
            ^^^^^^^^^^^^^^^^^^^ 1/6 answered · open: Data flow, Transformation, Timing, Frequency, Volume
            flow half: odk -> dhis2 { data: "😀" transform: unknown
            ^^^^^^^^^^^^^^^^^^^^^^^ 2/6 answered · open: Transformation, Timing, Frequency, Volume
            --- 3/6 answered · open: Data flow, Transformation, Volume: shows "`commcare -> dhis2` answers 3 of the six questions. Still to ask: Data flow (answered tbd or unknown: What data are we sending? Which direction? What other tools or humans facilitate the flow?); Transformation (Is any transformation needed so the integration goes smoothly?); Volume (What is the scale of this integration?)."
            --- 1/6 answered · open: Data flow, Transformation, Timing, Frequency, Volume: shows "`ሰላም_no` answers 1 of the six questions. Still to ask: Data flow (What data are we sending? Which direction? What other tools or humans facilitate the flow?); Transformation (Is any transformation needed so the integration goes smoothly?); Timing (What initiates this data flow?); Frequency (How often is this process happening?); Volume (What is the scale of this integration?)."
            --- 2/6 answered · open: Transformation, Timing, Frequency, Volume: shows "`half` answers 2 of the six questions. Still to ask: Transformation (answered tbd or unknown: Is any transformation needed so the integration goes smoothly?); Timing (What initiates this data flow?); Frequency (How often is this process happening?); Volume (What is the scale of this integration?)."
        "#]],
    );
}

#[test]
fn lenses_follow_the_answers() {
    let before =
        code_lenses(Db::new("commcare -> excel -> dhis2 monthly batch\n").file("test.flow"));
    let after = code_lenses(
        Db::new("commcare -> excel -> dhis2 monthly batch { data: \"visits\" }\n")
            .file("test.flow"),
    );
    assert_eq!(
        before[0].title,
        "3/6 answered · open: Data flow, Transformation, Volume"
    );
    assert_eq!(
        after[0].title,
        "4/6 answered · open: Transformation, Volume"
    );
}
