//! `flowspec explain CODE`: the reference's section on a diagnostic code.

use flowspec_analysis::Code;

use crate::USAGE;

/// The diagnostics chapter of the language reference: one `## \`code\``
/// section per code. The same text is on the reference page.
const REFERENCE: &str = include_str!("../../../grammar/diagnostics.md");

/// The section for a code, without its heading.
pub fn section(code: Code) -> Option<&'static str> {
    let heading = format!("## `{}`", code.as_str());
    let start = REFERENCE.find(&heading)?;
    let body = &REFERENCE[start..];
    let end = body[heading.len()..]
        .find("\n## ")
        .map_or(body.len(), |i| i + heading.len());
    Some(body[..end].trim_end())
}

pub fn run(code: &str) -> u8 {
    if code == "all" {
        for code in Code::ALL {
            let severity = code.default_severity().to_string();
            println!("{:<24}{severity:<13}{}", code.as_str(), code.summary());
        }
        return 0;
    }
    match code.parse::<Code>() {
        Ok(code) => match section(code) {
            Some(text) => {
                println!("{text}");
                0
            }
            None => {
                eprintln!("error: the reference has no section for `{code}`");
                1
            }
        },
        Err(message) => {
            eprintln!("error: {message}");
            USAGE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_explained_with_an_example() {
        for &code in Code::ALL {
            let text = section(code).unwrap_or_else(|| panic!("no section for {code}"));
            assert!(text.contains("```flow"), "{code} has no example");
            assert!(
                text.contains(&format!("Default severity: {}", code.default_severity())),
                "{code} does not state its default severity"
            );
        }
    }
}
