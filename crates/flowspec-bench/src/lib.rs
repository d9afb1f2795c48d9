//! Realistic generated designs for benchmarks and stress tests: those of
//! [`flowspec_test_fixture::generated`], which the tests' payload guards
//! also read.

pub use flowspec_test_fixture::generated::{design_file, large_file, workspace};

#[cfg(test)]
mod tests {
    use super::*;
    use flowspec_analysis::Workspace;
    use std::sync::Arc;

    #[test]
    fn generated_designs_are_clean_and_sized() {
        let files = workspace(5, 100);
        for (_, text) in &files {
            assert_eq!(text.lines().count(), 100, "{text}");
        }
        let mut ws = Workspace::new();
        ws.set_files(
            files
                .into_iter()
                .map(|(p, t)| (p, Arc::<str>::from(t)))
                .collect(),
        );
        for (id, file) in ws.files() {
            let problems: Vec<_> = ws
                .diagnostics(id)
                .into_iter()
                .filter(|d| d.severity <= flowspec_analysis::Severity::Warning)
                .map(|d| (d.code, d.message))
                .collect();
            assert!(problems.is_empty(), "{}: {problems:?}", file.path);
        }
    }
}
