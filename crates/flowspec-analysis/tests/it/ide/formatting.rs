//! Formatting as the editor asks for it: the formatter on the tree the
//! workspace holds for a file (`format_tree`, what the server's formatting
//! handler calls). The formatted text, or the refusal and its message;
//! formatting twice changes nothing.

use expect_test::{Expect, expect};
use flowspec_analysis::format::format_tree;

use super::{Db, visible};

fn check(source: &str, expect: Expect) {
    let db = Db::new(source);
    let file = db.file("test.flow");
    let shown = match format_tree(&file.text, &file.tree) {
        Ok(formatted) => {
            let again = Db::new(&formatted);
            let twice = again.file("test.flow");
            assert_eq!(
                format_tree(&twice.text, &twice.tree).as_deref(),
                Ok(formatted.as_str()),
                "idempotent"
            );
            visible(&formatted)
        }
        Err(why) => format!("refused: {why}\n"),
    };
    expect.assert_eq(&shown);
}

#[test]
fn a_design_is_laid_out_with_comments_and_non_ascii_text_kept() {
    check(
        "## Données — ሰላም 😀\ntool   t \"é ክ 😀\" {notes: \"ክé😀!\"   kind:mis}\n# a note 😀\nflow f: t->dhis2 {data:[\"ክክ\",\"é\"] transform { a: \"x\"->\"y\" }}\ncommcare -> dhis2   monthly   batch\n",
        expect![[r###"
            ## Données — ሰላም 😀
            tool t "é ክ 😀" {
              notes: "ክé😀!"
              kind: mis
            }

            # a note 😀
            flow f: t -> dhis2 {
              data: ["ክክ", "é"]
              transform {
                a: "x" -> "y"
              }
            }

            commcare -> dhis2 monthly batch
        "###]],
    );
}

#[test]
fn crlf_files_keep_their_line_endings() {
    check(
        "tool t {\r\n    kind:   mis\r\n}\r\n\r\n\r\n\r\nflow f: t -> dhis2\r\n",
        expect![[r#"
        tool t {␍
          kind: mis␍
        }␍
        ␍
        flow f: t -> dhis2␍
    "#]],
    );
}

#[test]
fn a_formatted_file_is_left_as_it_is() {
    let text = "tool t \"T\" {\n  kind: mis\n}\n\nflow f: t -> dhis2 {\n  data: \"x\"\n}\n";
    let db = Db::new(text);
    let file = db.file("test.flow");
    assert_eq!(format_tree(&file.text, &file.tree).as_deref(), Ok(text));
}

#[test]
fn a_broken_file_is_refused_with_where_the_first_error_is() {
    check(
        "tool a {\n",
        expect![[r#"
        refused: not formatted: it has a syntax error at 1:8: this `{` is not closed: expected `}`; fix it first (`flowspec check` shows all)
    "#]],
    );
    check(
        "flow f: é😀 -> {{\r\ntool t \"x\n",
        expect![[r#"
        refused: not formatted: it has a syntax error at 1:9: unexpected characters `é😀`: names use ASCII letters, digits, `_` and `-`; put other text in a "string" (and 2 more); fix it first (`flowspec check` shows all)
    "#]],
    );
}
