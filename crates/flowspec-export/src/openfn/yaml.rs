//! The project as `project.yaml` (the v1 project spec `openfn deploy`
//! reads), written by hand: fixed key order, comments where they help, and
//! scalars quoted whenever a plain one could be misread.

use std::fmt::Write;

use super::text::{clean_line, wrap};
use super::{Condition, EdgeSource, Project};

/// Comment lines are wrapped to this width (plus indentation and `# `).
const COMMENT_WIDTH: usize = 76;

/// A YAML scalar on one line: plain when it is unmistakably a string, else
/// single-quoted (`'` doubled). Text is first made one clean line.
pub fn scalar(text: &str) -> String {
    let text = clean_line(text);
    if is_plain_safe(&text) {
        text
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// A YAML scalar on one line that reads back as exactly `text`, never
/// plain: single-quoted (`'` doubled) when that can hold it, else
/// double-quoted with escapes (a line break, a control character). For
/// values kept as they came (an imported job's adaptor), where
/// [`scalar`]'s one clean line would change them.
pub fn exact_scalar(text: &str) -> String {
    let single_safe = !text
        .chars()
        .any(|c| c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}');
    if single_safe {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        double_quoted(text)
    }
}

/// A YAML double-quoted scalar: JSON's escapes, which YAML reads alike,
/// and the characters YAML would not keep as they are (a byte order mark,
/// the Unicode line and paragraph separators, the other controls) escaped
/// too.
fn double_quoted(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string());
    // JSON escapes the C0 controls; YAML also wants DEL, the C1 controls and
    // these three escaped.
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}') {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Plain scalars are kept to words: an ASCII letter first, then letters,
/// digits, spaces and `_ - . >`; never a word YAML 1.1 or 1.2 reads as
/// something else (`yes`, `null`, `on`, …).
fn is_plain_safe(text: &str) -> bool {
    const SPECIAL: [&str; 11] = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf",
    ];
    let Some(first) = text.chars().next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && !text.ends_with(' ')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | '>'))
        && !SPECIAL.contains(&text.to_ascii_lowercase().as_str())
}

/// A key: the ids are kebab-case, so usually plain.
pub(super) fn key(text: &str) -> String {
    scalar(text)
}

pub(super) fn comments(out: &mut String, indent: usize, lines: &[String]) {
    for line in lines {
        let wrapped = wrap(line, COMMENT_WIDTH);
        if wrapped.is_empty() {
            let _ = writeln!(out, "{:indent$}#", "");
        }
        for part in wrapped {
            let _ = writeln!(out, "{:indent$}# {part}", "");
        }
    }
}

/// `key: ` and any text, kept exactly: a literal block (`|`, with an
/// indentation indicator when its first line starts with a space and the
/// chomping that keeps its final newlines), or a double-quoted scalar when
/// a block could not hold it (control characters, `\r`, lines of spaces
/// only, no line at all). `indent` is the key's.
pub(super) fn text_entry(out: &mut String, indent: usize, key: &str, text: &str) {
    let blockable = !text.trim_matches('\n').is_empty()
        && !text
            .chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{feff}')
        && !text
            .lines()
            .any(|l| !l.is_empty() && l.trim_matches(' ').is_empty())
        && !text.contains("\n\t")
        && !text.starts_with('\t');
    if !blockable {
        let _ = writeln!(out, "{:indent$}{key}: {}", "", double_quoted(text));
        return;
    }
    let first = text.lines().find(|l| !l.is_empty()).unwrap_or("");
    let indicator = if first.starts_with(' ') { "2" } else { "" };
    let newlines = text.len() - text.trim_end_matches('\n').len();
    let chomping = match newlines {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let _ = writeln!(out, "{:indent$}{key}: |{indicator}{chomping}", "");
    let inner = indent + 2;
    for line in text.trim_end_matches('\n').split('\n') {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{:inner$}{line}", "");
        }
    }
    for _ in 1..newlines {
        out.push('\n');
    }
}

/// The v1 key of a credential: `owner-name`.
fn credential_key(reference: &str) -> String {
    reference.replacen('|', "-", 1)
}

pub fn write(project: &Project, header: &[String]) -> String {
    let mut out = String::new();
    comments(&mut out, 0, header);
    let _ = writeln!(out, "name: {}", scalar(&project.name));
    if let Some(description) = &project.description {
        let _ = writeln!(out, "description: {}", scalar(description));
    }
    if !project.credentials.is_empty() {
        out.push_str("credentials:\n");
        for c in &project.credentials {
            let _ = writeln!(out, "  {}:", key(&credential_key(&c.reference())));
            let _ = writeln!(out, "    name: {}", scalar(&c.name));
            let _ = writeln!(out, "    owner: {}", scalar(&c.owner));
        }
    }
    if project.workflows.is_empty() {
        out.push_str("workflows: {}\n");
        return out;
    }
    out.push_str("workflows:\n");
    for (i, wf) in project.workflows.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        comments(&mut out, 2, &wf.comments);
        let _ = writeln!(out, "  {}:", key(&wf.id));
        let _ = writeln!(out, "    name: {}", scalar(&wf.name));
        if wf.jobs.is_empty() {
            out.push_str("    jobs: {}\n");
        } else {
            out.push_str("    jobs:\n");
            for job in &wf.jobs {
                let _ = writeln!(out, "      {}:", key(&job.id));
                let _ = writeln!(out, "        name: {}", scalar(&job.name));
                // Always quoted: a plain scalar cannot start with `@`.
                let _ = writeln!(
                    out,
                    "        adaptor: '{}'",
                    clean_line(&job.adaptor).replace('\'', "''")
                );
                match &job.credential {
                    Some(reference) => {
                        let known = project
                            .credentials
                            .iter()
                            .any(|c| c.reference() == *reference);
                        let written = if known {
                            credential_key(reference)
                        } else {
                            reference.clone()
                        };
                        let _ = writeln!(out, "        credential: {}", scalar(&written));
                    }
                    None => out.push_str("        credential: null\n"),
                }
                text_entry(&mut out, 8, "body", &job.body);
            }
        }
        if wf.triggers.is_empty() {
            out.push_str("    triggers: {}\n");
        } else {
            out.push_str("    triggers:\n");
        }
        for t in &wf.triggers {
            comments(&mut out, 6, &t.comments);
            let _ = writeln!(out, "      {}:", key(&t.id));
            let _ = writeln!(out, "        type: {}", t.kind.as_str());
            if let Some(cron) = &t.cron_expression {
                let _ = writeln!(
                    out,
                    "        cron_expression: '{}'",
                    clean_line(cron).replace('\'', "''")
                );
            }
            let _ = writeln!(out, "        enabled: {}", t.enabled);
        }
        if wf.edges.is_empty() {
            out.push_str("    edges: {}\n");
        } else {
            out.push_str("    edges:\n");
            for edge in &wf.edges {
                let _ = writeln!(out, "      {}:", key(&edge.id));
                match &edge.source {
                    EdgeSource::Trigger(id) => {
                        let _ = writeln!(out, "        source_trigger: {}", key(id));
                    }
                    EdgeSource::Job(id) => {
                        let _ = writeln!(out, "        source_job: {}", key(id));
                    }
                }
                let _ = writeln!(out, "        target_job: {}", key(&edge.target));
                let _ = writeln!(out, "        condition_type: {}", edge.condition.kind());
                if let Condition::Js(code) = &edge.condition {
                    text_entry(&mut out, 8, "condition_expression", code);
                }
                if let Some(label) = &edge.label {
                    let _ = writeln!(out, "        condition_label: {}", scalar(label));
                }
                let _ = writeln!(out, "        enabled: {}", edge.enabled);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use yaml_rust2::{Yaml, YamlLoader};

    fn read_back(text: &str) -> Yaml {
        let doc = format!("key: {}\n", scalar(text));
        let docs = YamlLoader::load_from_str(&doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
        docs[0]["key"].clone()
    }

    #[test]
    fn scalars_read_back_as_the_same_string() {
        for text in [
            "monthly indicators",
            "fetch from commcare",
            "cron->fetch-from-commcare",
            "@openfn/language-commcare@latest",
            "0 2 1 * *",
            "yes",
            "No",
            "null",
            "~",
            "true",
            "123",
            "1e3",
            "0x10",
            ".inf",
            "a: b",
            "a #b",
            "it's",
            "'quoted'",
            "\"double\"",
            "- item",
            "? key",
            "[list]",
            "{map}",
            "*alias",
            "&anchor",
            "!tag",
            "%directive",
            "|",
            ">",
            "`tick`",
            "école ክሊኒክ",
            "Ethiopia CHW reporting: the process as it runs today.",
            "trailing ",
            "",
        ] {
            let expected = clean_line(text);
            assert_eq!(
                read_back(text),
                Yaml::String(expected.clone()),
                "{text:?} written as {}",
                scalar(text)
            );
        }
    }

    #[test]
    fn line_breaks_in_scalars_become_spaces() {
        assert_eq!(read_back("a\nb"), Yaml::String("a b".into()));
        assert_eq!(read_back("a\u{2028}b"), Yaml::String("a b".into()));
    }

    /// A value kept as it came reads back as exactly that, on one line: the
    /// `import` fuzz target found an imported adaptor holding a line break
    /// written inside single quotes, which YAML reads as a space, or, with
    /// the next line not indented, refuses.
    #[test]
    fn exact_scalars_read_back_exactly_on_one_line() {
        for text in [
            "@openfn/language-http@7.2.10",
            ">openfn/lase/');\neanguage-http@7.2.10",
            "a\r\nb\rc",
            "it's \"quoted\"",
            "tab\there",
            "bell\u{7} delete\u{7f} C1\u{85}",
            "\u{feff}bom \u{2028} \u{2029}",
            "back\\slash",
            "école ክሊኒክ 🙂",
            "  spaces around  ",
            "",
        ] {
            let written = exact_scalar(text);
            assert!(
                !written.contains('\n') && !written.contains('\r'),
                "{written}"
            );
            let doc = format!("outer:\n  key: {written}\n  after: 1\n");
            let docs = YamlLoader::load_from_str(&doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(docs[0]["outer"]["key"], Yaml::String(text.into()), "{doc}");
            assert_eq!(docs[0]["outer"]["after"], Yaml::Integer(1), "{doc}");
        }
    }

    /// Any code reads back exactly, whatever its first line, its final
    /// newlines or its characters.
    #[test]
    fn text_entries_read_back_exactly() {
        for text in [
            "fn(state => state);\n",
            "fn(state => state);",
            "fn(state => state);\n\n\n",
            "  indented first line\nfn(x);\n",
            "\n\nafter blank lines\n",
            "// comment\n\n  each(x, y);\n\tz();\n",
            "\tstarts with a tab\n",
            "line with trailing spaces   \nnext\n",
            "a\n   \nb\n",
            "crlf\r\nline\r\n",
            "bell\u{7}",
            "delete\u{7f} and a C1 control\u{85}",
            "\u{feff}bom",
            "# not a comment\n- not a list\nkey: not a map\n'quoted'\n",
            "école ክሊኒክ 🙂\n",
            "\n",
            "",
        ] {
            let mut doc = String::from("outer:\n");
            text_entry(&mut doc, 2, "code", text);
            doc.push_str("  after: 1\n");
            let docs = YamlLoader::load_from_str(&doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(
                docs[0]["outer"]["code"],
                Yaml::String(text.into()),
                "{text:?} as\n{doc}"
            );
            assert_eq!(docs[0]["outer"]["after"], Yaml::Integer(1), "{doc}");
        }
    }

    #[test]
    fn plain_scalars_are_only_words() {
        assert_eq!(scalar("monthly indicators"), "monthly indicators");
        assert_eq!(scalar("cron->send-to-dhis2"), "cron->send-to-dhis2");
        assert_eq!(scalar("yes"), "'yes'");
        assert_eq!(scalar("a: b"), "'a: b'");
        assert_eq!(scalar("it's"), "'it''s'");
    }
}
