//! `flowspec import openfn` as a user runs it: what it writes where, the
//! kept project, exit codes, and never a file on bad input or over one.

use crate::support::*;

fn fixture(name: &str) -> std::path::PathBuf {
    repo().join("tests/openfn/fixtures").join(name)
}

#[test]
fn writes_the_design_and_the_kept_project_beside_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("clinic.yaml");
    std::fs::copy(fixture("clinic.project-v1.yaml"), &input).unwrap();
    let out = flowspec(&["import", "openfn", "clinic.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "wrote `clinic.flow` (clinic-referrals from a v1 project.yaml: 1 workflow, 3 jobs) and `clinic.openfn.yaml`"
        ),
        "{}",
        stderr(&out)
    );
    let design = std::fs::read_to_string(dir.path().join("clinic.flow")).unwrap();
    assert!(
        design.contains("flow referrals: openmrs -> http {"),
        "{design}"
    );
    // The design checks: only open questions (information), no error.
    let check = flowspec(&["check", "clinic.flow"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let kept = std::fs::read_to_string(dir.path().join("clinic.openfn.yaml")).unwrap();
    assert!(kept.contains("schema_version: '4.0'"), "{kept}");
    assert!(kept.contains("searchPatient({ q: 'referral' });"), "{kept}");

    // Exported again, the kept jobs come back: code, credential, condition.
    let out = flowspec(
        &[
            "export",
            "openfn",
            "clinic.flow",
            "--format",
            "project-v1",
            "-o",
            "-",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("name: clinic-referrals"), "{text}");
    assert!(text.contains("searchPatient({ q: 'referral' });"), "{text}");
    assert!(
        text.contains("credential: 'admin@example.org-OpenMRS'"),
        "{text}"
    );
    assert!(
        text.contains("condition_expression: |-\n          state.data.length > 0"),
        "{text}"
    );
    assert!(text.contains("condition_label: has referrals"), "{text}");
}

#[test]
fn a_workspace_folder_gives_a_design_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fixture("referrals.workspace");
    let out = flowspec(
        &["import", "openfn", folder.to_str().unwrap(), "-o", "r.flow"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("a 4.0 workspace folder: 2 workflows, 5 jobs"));
    assert!(dir.path().join("r.flow").exists());
    assert!(dir.path().join("r.openfn.yaml").exists());
}

#[test]
fn bad_input_writes_nothing_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.yaml"),
        "name: p\nworkflows:\n  w:\n    name: w\n    jobs:\n      a: {name: a, adaptor: x}\n    edges:\n      e: {source_job: a, target_job: b}\n",
    )
    .unwrap();
    let out = flowspec(&["import", "openfn", "p.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "error: p.yaml:8:11: an edge of workflow `w` points to `b`, which is no job of it"
        ),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("nothing was written"));
    assert!(!dir.path().join("p.flow").exists());
    assert!(!dir.path().join("p.openfn.yaml").exists());

    std::fs::write(
        dir.path().join("s.json"),
        "{\"name\": \"p\",\n \"workflows\": [}\n",
    )
    .unwrap();
    let out = flowspec(&["import", "openfn", "s.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error: s.json:2:16: not valid JSON"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("s.flow").exists());

    let out = flowspec(&["import", "openfn", "missing.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read `missing.yaml`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("from-state.state.json"), dir.path().join("s.json")).unwrap();
    // Only the kept project exists: still nothing is written.
    std::fs::write(dir.path().join("s.openfn.yaml"), "mine\n").unwrap();
    let out = flowspec(&["import", "openfn", "s.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`s.openfn.yaml` exists: nothing was written (pass --force"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("s.flow").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.openfn.yaml")).unwrap(),
        "mine\n"
    );

    let out = flowspec(&["import", "openfn", "s.json", "--force"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let design = std::fs::read_to_string(dir.path().join("s.flow")).unwrap();
    assert!(
        design.contains("flow weekly-cases: openmrs -> dhis2 {"),
        "{design}"
    );
    assert!(design.contains("frequency: weekly"), "{design}");
    assert!(
        std::fs::read_to_string(dir.path().join("s.openfn.yaml"))
            .unwrap()
            .contains("searchPatient")
    );
}
