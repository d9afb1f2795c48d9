//! Realistic generated designs for benchmarks and stress tests: those of
//! [`flowspec_test_fixture::generated`], which the tests' payload guards
//! also read.

pub mod soak;

pub use flowspec_test_fixture::generated::{
    design_file, design_file_with_records, large_file, workspace, workspace_with_records,
};

#[cfg(test)]
mod tests {
    use super::*;
    use flowspec_analysis::Workspace;
    use std::sync::Arc;

    #[test]
    fn generated_designs_are_clean_and_sized() {
        clean_and_sized(workspace(5, 100), false);
        clean_and_sized(workspace_with_records(5, 100), true);
    }

    fn clean_and_sized(files: Vec<(String, String)>, records: bool) {
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
            let moving = file
                .model
                .flows
                .iter()
                .filter(|f| !f.mapping.is_empty())
                .count();
            assert_eq!(moving > 0, records, "{}", file.path);
            assert_eq!(!file.model.records.is_empty(), records);
        }
    }
}
