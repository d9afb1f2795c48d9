//! The reference's explanation of a diagnostic code: its section of
//! `grammar/diagnostics.md` (what `flowspec explain CODE` prints, and the
//! MCP server's `explain` tool answers).

use flowspec_analysis::Code;

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
