//! JavaScript literals from the design's text: every string the design
//! gives (field names, codes, constants) goes into the code through
//! [`string`], so any text makes code that parses.

/// A double-quoted JavaScript string: `\` and `"` escaped, control
/// characters and the line terminators JavaScript knows (U+2028, U+2029)
/// as `\uXXXX`; every other character, Amharic and emoji included, as it
/// is (the file is UTF-8).
pub(super) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `["a", "b"]`.
pub(super) fn array<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<String> = items.iter().map(|s| string(s.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

/// A number as JavaScript writes it (`5`, `0.5`, `-12`).
pub(super) fn number(n: f64) -> String {
    if n.is_finite() {
        format!("{n}")
    } else {
        "undefined".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_what_would_end_them() {
        assert_eq!(string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(string("l1\nl2\r\t"), r#""l1\nl2\r\t""#);
        assert_eq!(
            string("\u{2028}\u{2029}\u{0}\u{7f}"),
            r#""\u2028\u2029\u0000\u007f""#
        );
        assert_eq!(string("ክሊኒክ 🏥 é"), "\"ክሊኒክ 🏥 é\"");
        assert_eq!(array(&["x", "y\"z"]), r#"["x", "y\"z"]"#);
        assert_eq!(number(5.0), "5");
        assert_eq!(number(0.25), "0.25");
    }
}
