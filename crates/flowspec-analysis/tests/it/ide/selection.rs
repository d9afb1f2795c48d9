//! Selection ranges: at each marker, the chain of ranges an editor's
//! "expand selection" walks, innermost first, as the texts they select.
//! Checked of every answer: the first range holds the cursor, each range
//! strictly holds the one before, the last is the whole file.

use expect_test::{Expect, expect};
use flowspec_analysis::ide::selection::selection_ranges;

use super::{Db, range, visible};

fn check(source: &str, expect: Expect) {
    let db = Db::new(source);
    let text = db.fixture.text("test.flow");
    let mut out = String::new();
    for (name, _, at) in db.fixture.sorted_markers() {
        let chain: Vec<_> = selection_ranges(db.file("test.flow"), at)
            .into_iter()
            .map(range)
            .collect();
        let first = chain.first().expect("a chain");
        assert!(
            first.start <= at && at <= first.end,
            "{name}: the first range misses the cursor"
        );
        for pair in chain.windows(2) {
            let (inner, outer) = (&pair[0], &pair[1]);
            assert!(
                outer.start <= inner.start && inner.end <= outer.end && outer != inner,
                "{name}: {:?} is not strictly inside {:?}",
                &text[inner.clone()],
                &text[outer.clone()]
            );
        }
        assert_eq!(
            chain.last(),
            Some(&(0..text.len())),
            "{name}: the last is the file"
        );
        out.push_str(&format!("{name}\n"));
        for r in &chain[..chain.len() - 1] {
            out.push_str(&format!(
                "  {}\n",
                visible(&text[r.clone()]).replace('\n', "⏎")
            ));
        }
        out.push_str("  (the file)\n");
    }
    expect.assert_eq(&out);
}

#[test]
fn chains_grow_from_the_word_to_the_file() {
    check(
        r#"tool commcare "CommCare"

## Key health $0indicators.
flow monthly: comm$1care -> excel -> dhis2 month$2ly batch {
  data: ["CHW visit $3forms", "key indicators"]
  transform {
    visit_date: "MM/DD/YYYY" -> "DD/$4MM/YYYY"
  }
  vol$5ume: ~12000 records/$6month
}
$7
# a plain $8comment
role r
"#,
        expect![[r#"
            $0
              ## Key health indicators.
              ## Key health indicators.⏎flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              (the file)
            $1
              commcare
              commcare -> excel -> dhis2
              flow monthly: commcare -> excel -> dhis2
              flow monthly: commcare -> excel -> dhis2 monthly batch
              flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              ## Key health indicators.⏎flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              (the file)
            $2
              monthly
              monthly batch
              flow monthly: commcare -> excel -> dhis2 monthly batch
              flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              ## Key health indicators.⏎flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              (the file)
            $3
              CHW visit forms
              "CHW visit forms"
              ["CHW visit forms", "key indicators"]
              data: ["CHW visit forms", "key indicators"]
              {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              ## Key health indicators.⏎flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              (the file)
            $4
              DD/MM/YYYY
              "DD/MM/YYYY"
              "MM/DD/YYYY" -> "DD/MM/YYYY"
              visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"
              {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }
              transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }
              {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              ## Key health indicators.⏎flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              (the file)
            $5
              volume
              volume: ~12000 records/month
              {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              ## Key health indicators.⏎flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              (the file)
            $6
              month
              ~12000 records/month
              volume: ~12000 records/month
              {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              ## Key health indicators.⏎flow monthly: commcare -> excel -> dhis2 monthly batch {⏎  data: ["CHW visit forms", "key indicators"]⏎  transform {⏎    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"⏎  }⏎  volume: ~12000 records/month⏎}
              (the file)
            $7
              (the file)
            $8
              # a plain comment
              (the file)
        "#]],
    );
}

#[test]
fn chains_after_accents_amharic_and_emoji() {
    check(
        "tool clinic \"Clinique 🏥\"\nflow visites: école -> ክሊ$1ኒክ -> clinic {\n  data: [\"fiches 😀\", \"የጉብ$2ኝት 📋\"]\n  timing: batch \"chaque mois — በየ$3ወሩ\"\n}\n",
        expect![[r#"
            $1
              ክሊኒክ
              école -> ክሊኒክ -> clinic
              flow visites: école -> ክሊኒክ -> clinic
              flow visites: école -> ክሊኒክ -> clinic {⏎  data: ["fiches 😀", "የጉብኝት 📋"]⏎  timing: batch "chaque mois — በየወሩ"⏎}
              (the file)
            $2
              የጉብኝት 📋
              "የጉብኝት 📋"
              ["fiches 😀", "የጉብኝት 📋"]
              data: ["fiches 😀", "የጉብኝት 📋"]
              {⏎  data: ["fiches 😀", "የጉብኝት 📋"]⏎  timing: batch "chaque mois — በየወሩ"⏎}
              flow visites: école -> ክሊኒክ -> clinic {⏎  data: ["fiches 😀", "የጉብኝት 📋"]⏎  timing: batch "chaque mois — በየወሩ"⏎}
              (the file)
            $3
              chaque mois — በየወሩ
              "chaque mois — በየወሩ"
              batch "chaque mois — በየወሩ"
              timing: batch "chaque mois — በየወሩ"
              {⏎  data: ["fiches 😀", "የጉብኝት 📋"]⏎  timing: batch "chaque mois — በየወሩ"⏎}
              flow visites: école -> ክሊኒክ -> clinic {⏎  data: ["fiches 😀", "የጉብኝት 📋"]⏎  timing: batch "chaque mois — በየወሩ"⏎}
              (the file)
        "#]],
    );
}

#[test]
fn chains_in_a_broken_file_and_with_crlf() {
    check(
        "tool commcare \"CommCare {\n  kind: collection\n}\n\n} stray ✓✓ brace$1\n\nflow unclosed: kobo -> dhis2 {\n  data: [\"household survey\", \"GPS po$2ints\"\n  timing: ba$3tch\n\nflow f: a -> { data: \"x$4\n",
        expect![[r#"
            $1
              brace
              kind: collection⏎}⏎⏎} stray ✓✓ brace
              (the file)
            $2
              GPS points
              "GPS points"
              ["household survey", "GPS points"
              data: ["household survey", "GPS points"
              {⏎  data: ["household survey", "GPS points"⏎  timing: batch
              flow unclosed: kobo -> dhis2 {⏎  data: ["household survey", "GPS points"⏎  timing: batch
              (the file)
            $3
              batch
              timing: batch
              {⏎  data: ["household survey", "GPS points"⏎  timing: batch
              flow unclosed: kobo -> dhis2 {⏎  data: ["household survey", "GPS points"⏎  timing: batch
              (the file)
            $4
              "x
              data: "x
              { data: "x
              flow f: a -> { data: "x
              (the file)
        "#]],
    );
    check(
        "## ሰላም 😀\r\ntool t \"é\" {\r\n  ki$1nd: mis\r\n}\r\nflow f: t -> dh$2is2\r\n",
        expect![[r#"
            $1
              kind
              kind: mis
              {␍⏎  kind: mis␍⏎}
              tool t "é" {␍⏎  kind: mis␍⏎}
              ## ሰላም 😀␍⏎tool t "é" {␍⏎  kind: mis␍⏎}
              (the file)
            $2
              dhis2
              t -> dhis2
              flow f: t -> dhis2
              (the file)
        "#]],
    );
}
