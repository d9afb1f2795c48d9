//! Text from the design made safe for one line of a comment or a scalar.

/// One line: every character that would end a JavaScript comment or a YAML
/// line (`\n`, `\r`, U+0085, U+2028, U+2029), or that YAML does not allow
/// (other control characters, U+FEFF, U+FFFE, U+FFFF), becomes a space;
/// tabs too. Runs of spaces are kept as they are.
pub fn clean_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                )
            {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Words wrapped into lines of at most `width` characters (a longer word
/// stands alone on its line).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in clean_line(text).split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `"text"` as the design writes a string, for quoting answers.
pub fn quoted(text: &str) -> String {
    let text = clean_line(text).replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{text}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_controls_become_spaces() {
        assert_eq!(
            clean_line("a\nb\r\nc\u{2028}d\u{85}e\tf\u{0}g"),
            "a b  c d e f g"
        );
        assert_eq!(clean_line("  é ክ  "), "é ክ");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("one two three four", 9),
            vec!["one two", "three", "four"]
        );
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            vec!["averyveryverylongword", "x"]
        );
        assert!(wrap("", 10).is_empty());
    }
}
