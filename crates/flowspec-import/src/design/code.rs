//! What a job's code reveals: the operations it calls (`get`, `each`,
//! `create`…), read past its comments and strings.

use flowspec_export::openfn::Workflow;

use super::chain::adaptor_name;

/// JavaScript words that are followed by `(` without being operations.
const NOT_OPERATIONS: [&str; 12] = [
    "if", "for", "while", "switch", "catch", "function", "return", "typeof", "await", "new",
    "async", "with",
];

/// The functions a piece of code calls at the top of its expressions:
/// `name(` not preceded by `.`, outside comments, strings and templates,
/// each once in order of first call.
pub(crate) fn operations(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut found: Vec<String> = Vec::new();
    let mut i = 0;
    let mut last_significant = ' ';
    let mut last_word = String::new();
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' && chars[i] != '\r' {
                i += 1;
            }
            continue;
        }
        if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
            continue;
        }
        if matches!(c, '"' | '\'' | '`') {
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            last_significant = c;
            continue;
        }
        if c.is_alphabetic() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let called = chars.get(j) == Some(&'(');
            if called
                && last_significant != '.'
                && last_word != "new"
                && !NOT_OPERATIONS.contains(&word.as_str())
                && !found.contains(&word)
            {
                found.push(word.clone());
            }
            last_word = word;
            last_significant = 'a';
            continue;
        }
        if !c.is_whitespace() {
            last_significant = c;
        }
        i += 1;
    }
    found
}

/// One comment line per job with code: which operations it calls, through
/// which adaptor.
pub(crate) fn revealed(wf: &Workflow) -> Vec<String> {
    let mut lines = Vec::new();
    for job in &wf.jobs {
        let ops = operations(&job.body);
        let (adaptor, _) = adaptor_name(&job.adaptor);
        if ops.is_empty() {
            lines.push(format!("Job `{}` ({adaptor}) calls no operation.", job.id));
        } else {
            let ops: Vec<String> = ops.iter().map(|o| format!("{o}()")).collect();
            lines.push(format!(
                "Job `{}` ({adaptor}) calls {}.",
                job.id,
                ops.join(", ")
            ));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::operations;

    #[test]
    fn the_operations_a_job_calls() {
        let code = "// get(ignored)\n/* post(no) */\nget('/api/x(y)');\neach('$.data[*]', create('trackedEntity', state => state.data.map(x => f(x))));\nfn(s => { if (s) { return s; } });\nconst t = `tpl(${x})`;\nconst d = new Date();\n";
        assert_eq!(operations(code), ["get", "each", "create", "f", "fn"]);
        assert_eq!(operations("fn(state => state);"), ["fn"]);
        assert!(operations("// only a comment\n").is_empty());
    }
}
