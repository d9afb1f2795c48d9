//! The report's data dictionary and mapping tables: snapshots of the two
//! sections on the examples with records, escaping of awkward text, and a
//! design without records getting neither section nor their styles.

use crate::{design, load};
use flowspec_diagram::report;

/// From the data dictionary to the end of the mapping tables.
fn sections(html: &str) -> &str {
    let start = html
        .find("<section id=\"data-dictionary\">")
        .expect("a data dictionary");
    let end = html[start..].find("<footer>").unwrap() + start;
    &html[start..end]
}

#[test]
fn the_examples_sections() {
    for example in ["examples/ethiopia", "examples/patient-journey"] {
        let html = report(&load(example));
        assert!(html.contains("<a href=\"#data-dictionary\">Data dictionary</a>"));
        assert!(html.contains(".mapping-flow{"), "the records' styles");
        insta::assert_snapshot!(
            format!("records_{}", example.trim_start_matches("examples/")),
            sections(&html)
        );
    }
}

#[test]
fn without_records_neither_section_nor_styles() {
    let html = report(&load("examples/complete"));
    assert!(!html.contains("data-dictionary"));
    assert!(!html.contains("mapping-flow"));
    assert!(!html.contains("id=\"mappings\""));
}

#[test]
fn awkward_text_is_escaped() {
    let ws = design(&[(
        "a.flow",
        "## <b>ታካሚ</b> & 🏥\nrecord patient \"<i>ታካሚ</i>\" {\n  pid: text identifier\n  sex: choice [\"<x>\", \"ወንድ\"]\n}\ntool odk {\n  owns patient {\n    pid: as \"a<b&c\"\n  }\n}\nflow f: odk -> dhis2 {\n  data: patient\n  transform {\n    sex: [\"<x>\" -> \"ወንድ\"]\n  }\n}\n",
    )]);
    let html = report(&ws);
    let part = sections(&html);
    assert!(!part.contains("<b>ታካሚ"), "{part}");
    assert!(!part.contains("<i>"), "{part}");
    assert!(!part.contains("<x>"), "{part}");
    assert!(part.contains("&lt;b&gt;ታካሚ&lt;/b&gt; &amp; 🏥"), "{part}");
    assert!(part.contains("<code>a&lt;b&amp;c</code>"), "{part}");
    assert!(part.contains("&lt;x&gt; → ወንድ"), "{part}");
}
