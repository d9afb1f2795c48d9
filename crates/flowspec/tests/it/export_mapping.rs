//! `flowspec export mapping`: the mapping table as CSV (and as a workbook,
//! which `flowspec-export` reads back cell by cell), through the binary.
//! Snapshots of the two examples with records, the exit statuses, and the
//! CSV read back with the `csv` crate: commas, quotes, line breaks and
//! non-ASCII text (Amharic, emoji) come back as written.

use crate::support::*;
use flowspec_test_fixture::designs::MAPPING_AWKWARD;

fn export(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    let mut all = vec!["export", "mapping"];
    all.extend_from_slice(args);
    flowspec(&all, dir)
}

/// The CSV read back as a spreadsheet would: a header, then records.
fn read(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn the_examples_tables() {
    for example in ["ethiopia", "patient-journey"] {
        let dir = repo().join("examples").join(example);
        let out = export(&[dir.to_str().unwrap()], &repo());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let csv = stdout(&out);
        assert!(csv.ends_with("\r\n"), "CRLF line ends");
        insta::assert_snapshot!(format!("mapping_{example}"), csv.replace("\r\n", "\n"));
    }
}

#[test]
fn the_seeds_date_row() {
    let dir = repo().join("examples/ethiopia");
    let out = export(&[dir.to_str().unwrap()], &repo());
    let (header, rows) = read(&stdout(&out));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows
        .iter()
        .find(|r| r[col("target_field")] == "visit_date")
        .unwrap();
    assert_eq!(row[col("source_name")], "form.visit_date");
    assert_eq!(row[col("source_format")], "MM/DD/YYYY");
    assert_eq!(row[col("target_name")], "eventDate");
    assert_eq!(row[col("kind")], "format");
    assert_eq!(row[col("rule")], "\"MM/DD/YYYY\" -> \"DD/MM/YYYY\"");
    assert_eq!(row[col("example")], "12/31/2024 → 31/12/2024");
    assert_eq!(row[col("needs_person")], "no");
    let words = rows
        .iter()
        .find(|r| r[col("target_field")] == "indicators")
        .unwrap();
    assert_eq!(words[col("kind")], "rule");
    assert_eq!(words[col("needs_person")], "yes");
}

#[test]
fn awkward_text_is_quoted_and_reads_back() {
    let dir = workspace_text(&[("design.flow", MAPPING_AWKWARD)]);
    let out = export(&["design.flow"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // Quoting as RFC 4180 says: commas, quotes and line breaks inside
    // quotes, a quote doubled; no byte-order mark.
    assert!(!text.starts_with('\u{feff}'));
    assert!(text.contains(",\"id, with a comma\","), "{text}");
    assert!(text.contains("\"\"\"1\"\" -> \"\"ሴት\"\""), "{text}");
    assert!(text.contains("\"a, b 🙂\""), "{text}");
    let (header, rows) = read(&text);
    assert_eq!(header.len(), 15);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let field = |f: &str| {
        rows.iter()
            .find(|r| r[col("target_field")] == f)
            .unwrap_or_else(|| panic!("a row for {f}"))
    };
    assert_eq!(rows.len(), 5, "one row per field of the target");
    assert_eq!(field("pid")[col("source_name")], "id, with a comma");
    assert_eq!(field("sex")[col("source_name")], "ጾታ");
    assert_eq!(
        field("sex")[col("rule")],
        "\"1\" -> \"ሴት\", \"2\" -> \"ወንድ\""
    );
    assert_eq!(field("sex")[col("example")], "1 → ሴት");
    let district = field("district");
    assert_eq!(
        district[col("rule")],
        "the CHW's district, \"as assigned\"\non two lines"
    );
    assert_eq!(district[col("needs_person")], "yes");
    assert_eq!(field("note")[col("example")], "a, b 🙂");
    assert_eq!(field("region")[col("kind")], "field");
}

#[test]
fn exit_statuses_and_messages() {
    let dir = workspace_text(&[("design.flow", MAPPING_AWKWARD)]);
    // Written to a file; the file is not overwritten without --force.
    let out = export(&["design.flow", "-o", "mapping.csv"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("wrote `mapping.csv`"),
        "{}",
        stderr(&out)
    );
    let written = std::fs::read_to_string(dir.path().join("mapping.csv")).unwrap();
    assert!(written.starts_with("flow,source_tool,source_record,"));
    let again = export(&["design.flow", "-o", "mapping.csv"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("`mapping.csv` exists: nothing was written"),
        "{}",
        stderr(&again)
    );
    let forced = export(&["design.flow", "-o", "mapping.csv", "--force"], dir.path());
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));

    // A workbook: by the file's name, or asked for; CSV when asked for,
    // whatever the name.
    let out = export(&["design.flow", "-o", "Mapping.XLSX"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let book = std::fs::read(dir.path().join("Mapping.XLSX")).unwrap();
    assert!(book.starts_with(b"PK\x03\x04"), "a zip file");
    let piped = export(&["design.flow", "--format", "xlsx"], dir.path());
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    assert!(piped.stdout.starts_with(b"PK\x03\x04"));
    let csv = export(
        &["design.flow", "--format", "csv", "-o", "as-text.xlsx"],
        dir.path(),
    );
    assert_eq!(csv.status.code(), Some(0), "{}", stderr(&csv));
    let text = std::fs::read_to_string(dir.path().join("as-text.xlsx")).unwrap();
    assert!(text.starts_with("flow,source_tool,"), "{text}");

    // A path that is not there.
    let missing = export(&["nowhere/"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("cannot read `nowhere/`"),
        "{}",
        stderr(&missing)
    );
    assert!(stdout(&missing).is_empty());

    // A design without records has no table.
    let plain = workspace_text(&[(
        "a.flow",
        "flow f: commcare -> dhis2 {\n  data: \"forms\"\n}\n",
    )]);
    let none = export(&["a.flow"], plain.path());
    assert_eq!(none.status.code(), Some(1));
    assert!(
        stderr(&none).contains("no flow moves records"),
        "{}",
        stderr(&none)
    );
    assert!(stdout(&none).is_empty());
}
