//! End-to-end tests of `flowspec export openfn`: the built binary on the
//! bundled examples, checked against the rules of OpenFn's project files.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

use crate::support::*;

/// Exports `examples/<folder>` into a temporary folder; returns the
/// project.yaml text and the notes (stderr).
fn export_example(folder: &str, extra: &[&str]) -> (String, String) {
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("project.yaml");
    let example = repo().join("examples").join(folder);
    let mut args = vec![
        "export",
        "openfn",
        example.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--format",
        "project-v1",
    ];
    args.extend_from_slice(extra);
    let out = flowspec(&args, &repo());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (std::fs::read_to_string(&output).unwrap(), stderr(&out))
}

fn yaml(text: &str) -> Yaml {
    let mut docs = YamlLoader::load_from_str(text).unwrap_or_else(|e| panic!("not YAML: {e}"));
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

fn map(y: &Yaml) -> Vec<(&str, &Yaml)> {
    y.as_hash()
        .unwrap_or_else(|| panic!("not a map: {y:?}"))
        .iter()
        .map(|(k, v)| (k.as_str().expect("string keys"), v))
        .collect()
}

fn string<'a>(y: &'a Yaml, key: &str) -> &'a str {
    y[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {y:?}"))
}

/// Every rule of OpenFn's project spec the exporter must keep (the shared
/// OPENFN.md), checked on the parsed file and on its text.
fn check_openfn_rules(text: &str) {
    let doc = yaml(text);
    assert!(!string(&doc, "name").is_empty());
    let workflows = map(&doc["workflows"]);
    assert!(!workflows.is_empty());
    let lightning_job_name = |n: &str| {
        n.len() <= 100
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' '))
    };
    let mut workflow_names = BTreeSet::new();
    for (wf_id, wf) in workflows {
        assert!(
            workflow_names.insert(string(wf, "name")),
            "duplicate workflow name"
        );
        let jobs = map(&wf["jobs"]);
        let triggers = map(&wf["triggers"]);
        let edges = map(&wf["edges"]);
        assert!(!jobs.is_empty(), "{wf_id}: no job");
        assert_eq!(triggers.len(), 1, "{wf_id}: one trigger");
        let mut job_ids = BTreeSet::new();
        for (job_id, job) in &jobs {
            assert!(job_ids.insert(*job_id));
            let name = string(job, "name");
            assert!(lightning_job_name(name), "{wf_id}/{job_id}: name {name:?}");
            // Lightning and OpenFn's tools key a job by its hyphenated name.
            assert_eq!(*job_id, name.to_lowercase().replace(' ', "-"));
            let adaptor = string(job, "adaptor");
            assert!(
                adaptor.starts_with("@openfn/language-") && adaptor.ends_with("@latest"),
                "{adaptor}"
            );
            assert!(job["credential"].is_null(), "{wf_id}/{job_id}: credential");
            let body = string(job, "body");
            assert!(
                body.starts_with("// "),
                "{wf_id}/{job_id}: body starts with a comment"
            );
            if body.contains("The code below performs the mapping") {
                // The transform job of a flow that maps records: comments,
                // then its one operation (tests/openfn runs it).
                assert_eq!(*job_id, "transform");
                let code = body.find("\nfn(state => {\n").expect("the operation");
                assert!(body[..code].lines().all(|l| l.starts_with("//")));
                assert!(body.ends_with("\n});\n"), "{body}");
                continue;
            }
            assert!(body.contains("fn(state => state);"));
            assert!(body.ends_with("fn(state => state);\n"));
            // Valid JavaScript by construction: comment lines, then one call.
            for line in body.lines() {
                assert!(
                    line.starts_with("//") || line == "fn(state => state);",
                    "{wf_id}/{job_id}: {line:?}"
                );
            }
        }
        for (trigger_id, trigger) in &triggers {
            let kind = string(trigger, "type");
            assert_eq!(*trigger_id, kind);
            assert!(
                trigger["enabled"].as_bool().is_some(),
                "enabled is a boolean"
            );
            match kind {
                "cron" => {
                    let cron = string(trigger, "cron_expression");
                    assert_eq!(cron.split(' ').count(), 5, "{cron}");
                }
                "webhook" => assert!(trigger["cron_expression"].is_badvalue()),
                other => panic!("trigger type {other}"),
            }
        }
        // One chain: trigger -> job -> job …, every job reached once.
        let mut next: BTreeMap<&str, &str> = BTreeMap::new();
        for (edge_id, edge) in &edges {
            let target = string(edge, "target_job");
            assert!(job_ids.contains(target), "{edge_id}: target");
            assert!(edge["enabled"].as_bool() == Some(true));
            assert!(
                edge["condition"].is_badvalue(),
                "condition_type, not condition"
            );
            let condition = string(edge, "condition_type");
            let source = if let Some(trigger) = edge["source_trigger"].as_str() {
                assert!(triggers.iter().any(|(t, _)| *t == trigger));
                assert_eq!(condition, "always", "{edge_id}");
                trigger
            } else {
                let job = string(edge, "source_job");
                assert!(job_ids.contains(job));
                assert_eq!(condition, "on_job_success", "{edge_id}");
                job
            };
            assert_eq!(*edge_id, format!("{source}->{target}"));
            assert!(
                next.insert(source, target).is_none(),
                "{edge_id}: one way on"
            );
        }
        let mut at = triggers[0].0;
        let mut reached = BTreeSet::new();
        while let Some(to) = next.get(at) {
            assert!(reached.insert(*to), "a loop at {to}");
            at = to;
        }
        assert_eq!(reached, job_ids, "{wf_id}: every job on the chain");
    }
    // An adaptor starts with `@`: always quoted in the text.
    for line in text
        .lines()
        .filter(|l| l.trim_start().starts_with("adaptor:"))
    {
        assert!(line.contains("adaptor: '@openfn/language-"), "{line}");
    }
    for line in text.lines().filter(|l| l.contains("cron_expression:")) {
        assert!(line.trim_end().ends_with('\''), "{line}");
    }
}

fn trigger<'a>(doc: &'a Yaml, workflow: &str) -> (&'a str, &'a Yaml) {
    let triggers = map(&doc["workflows"][workflow]["triggers"]);
    triggers[0]
}

#[test]
fn ethiopia_exports_a_project_openfn_reads() {
    let (text, notes) = export_example("ethiopia", &[]);
    check_openfn_rules(&text);
    insta::assert_snapshot!("ethiopia_project", text);

    let doc = yaml(&text);
    assert_eq!(string(&doc, "name"), "ethiopia");
    let (kind, cron) = trigger(&doc, "monthly-indicators");
    assert_eq!(kind, "cron");
    assert_eq!(string(cron, "cron_expression"), "0 2 1 * *");
    assert_eq!(cron["enabled"].as_bool(), Some(true));
    let jobs: Vec<&str> = map(&doc["workflows"]["monthly-indicators"]["jobs"])
        .iter()
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(jobs, ["fetch-from-commcare", "transform", "send-to-dhis2"]);
    let transform = string(
        &doc["workflows"]["monthly-indicators"]["jobs"]["transform"],
        "body",
    );
    assert!(
        transform.contains(r#"visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY""#),
        "{transform}"
    );
    let send = string(
        &doc["workflows"]["monthly-indicators"]["jobs"]["send-to-dhis2"],
        "body",
    );
    assert!(
        send.contains("Before this job, in the design: Microsoft Excel (`excel`) has no OpenFn"),
        "{send}"
    );
    assert!(send.contains("a person, M&E data manager (`data_manager`), moves the"));

    // The notes: the anonymous flow is skipped, Excel and the person are not jobs.
    for expected in [
        "note: flow `commcare -> excel -> dhis2`: skipped (",
        "reporting.flow:22): only named flows become workflows",
        "note: flow `monthly_indicators`: Microsoft Excel (`excel`) has no OpenFn adaptor and a person, M&E data manager (`data_manager`), moves the data by hand: they cannot be jobs",
        "wrote `",
        "1 workflow, 3 jobs",
    ] {
        assert!(
            notes.contains(expected),
            "missing {expected:?} in:\n{notes}"
        );
    }
}

#[test]
fn complete_exports_every_flow_with_its_trigger() {
    let (text, notes) = export_example("complete", &["--name", "Kenya MNH"]);
    check_openfn_rules(&text);
    insta::assert_snapshot!("complete_project", text);

    let doc = yaml(&text);
    assert_eq!(string(&doc, "name"), "kenya-mnh");
    let cases = [
        ("household-surveys", "webhook", true, None),
        ("referrals", "webhook", true, None),
        ("dashboards", "cron", true, Some("0 */6 * * *")),
        ("appointment-reminders", "cron", true, Some("0 2 * * *")),
        ("khis-monthly", "cron", true, Some("0 2 6 * *")),
        ("donor-report", "cron", true, Some("0 2 * * 1")),
        ("duplicate-review", "webhook", false, None),
        ("facility-list", "webhook", false, None),
    ];
    let ids: Vec<&str> = map(&doc["workflows"]).iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, cases.map(|c| c.0));
    for (workflow, kind, enabled, cron) in cases {
        let (k, t) = trigger(&doc, workflow);
        assert_eq!(k, kind, "{workflow}");
        assert_eq!(t["enabled"].as_bool(), Some(enabled), "{workflow}");
        assert_eq!(t["cron_expression"].as_str(), cron, "{workflow}");
    }
    // A manual flow's trigger says a person starts it.
    let manual = text.split("  duplicate-review:").nth(1).unwrap();
    assert!(manual.contains("# A person starts each run: this webhook is left disabled."));
    // KHIS is a declared tool with the dhis2 adaptor.
    assert_eq!(
        string(
            &doc["workflows"]["khis-monthly"]["jobs"]["send-to-khis"],
            "adaptor"
        ),
        "@openfn/language-dhis2@latest"
    );
    for expected in [
        "note: flow `dashboards`: Metabase (`metabase`) has no OpenFn adaptor: it cannot be a job; the body of job `fetch from postgresql` says where it stands",
        "note: flow `duplicate_review`: Microsoft Excel (`excel`) has no OpenFn adaptor and a person, County M&E officer (`me_officer`), moves the data by hand",
        "note: flow `duplicate_review`: timing is manual (a person starts it): its webhook trigger is disabled",
        "8 workflows, 21 jobs",
    ] {
        assert!(
            notes.contains(expected),
            "missing {expected:?} in:\n{notes}"
        );
    }
}

#[test]
fn open_questions_give_disabled_triggers_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let out = flowspec(
        &[
            "export",
            "openfn",
            repo()
                .join("examples/open-questions.flow")
                .to_str()
                .unwrap(),
            "-o",
            "-",
            "--format",
            "project-v1",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    check_openfn_rules(&text);
    let doc = yaml(&text);
    assert_eq!(string(&doc, "name"), "open-questions");
    let (kind, t) = trigger(&doc, "hmis-reporting");
    assert_eq!(kind, "cron");
    assert_eq!(t["enabled"].as_bool(), Some(false));
    assert_eq!(string(t, "cron_expression"), "0 2 * * *");
    let (kind, t) = trigger(&doc, "sam-alerts");
    assert_eq!((kind, t["enabled"].as_bool()), ("webhook", Some(true)));
    let notes = stderr(&out);
    for expected in [
        "note: flow `hmis_reporting`: batch, but the frequency is tbd (an open question): a disabled cron trigger with the placeholder schedule `0 2 * * *`",
        "note: flow `surveycto -> salesforce`: skipped (",
        "wrote stdout: 2 workflows",
    ] {
        assert!(
            notes.contains(expected),
            "missing {expected:?} in:\n{notes}"
        );
    }
    // Transform tbd: no transform job, and the bodies say it is open.
    let body = string(
        &doc["workflows"]["hmis-reporting"]["jobs"]["fetch-from-salesforce"],
        "body",
    );
    assert!(
        body.contains("// Transform: an open question (tbd)."),
        "{body}"
    );
}

#[test]
fn two_runs_write_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let complete = repo().join("examples/complete");
    let run = || {
        let out = flowspec(
            &[
                "export",
                "openfn",
                complete.to_str().unwrap(),
                "--force",
                "--format",
                "project-v1",
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        (
            std::fs::read(dir.path().join("project.yaml")).unwrap(),
            stderr(&out),
        )
    };
    assert_eq!(run(), run());
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("project.yaml"), "mine\n").unwrap();
    let example = repo().join("examples/ethiopia");
    let example = example.to_str().unwrap();

    let out = flowspec(
        &["export", "openfn", example, "--format", "project-v1"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "error: `project.yaml` exists: nothing was written (pass --force to overwrite it)"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("project.yaml")).unwrap(),
        "mine\n"
    );

    let out = flowspec(
        &[
            "export",
            "openfn",
            example,
            "--force",
            "--format",
            "project-v1",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read_to_string(dir.path().join("project.yaml")).unwrap();
    check_openfn_rules(&written);
}

#[test]
fn a_design_with_errors_is_not_exported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.flow"),
        "flow f: comcare -> dhis2 { data: \"x\" }\nflow g: commcare -> dhis2 {\n",
    )
    .unwrap();
    let out = flowspec(&["export", "openfn", "a.flow"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("[unknown-reference] Error"), "{err}");
    assert!(
        err.contains("error: the design has 2 errors: nothing was exported"),
        "{err}"
    );
    assert!(!dir.path().join("openfn").exists());
}

#[test]
fn a_design_without_named_flows_has_nothing_to_export() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.flow"),
        "commcare -> dhis2 monthly batch\n",
    )
    .unwrap();
    let out = flowspec(&["export", "openfn"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no named flow to export (1 anonymous flow is skipped)"));
    assert!(!dir.path().join("openfn").exists());
}

#[test]
fn workflow_json_is_one_flow_plan() {
    let dir = tempfile::tempdir().unwrap();
    let complete = repo().join("examples/complete");
    let complete = complete.to_str().unwrap();

    // Several flows: say which.
    let out = flowspec(
        &["export", "openfn", complete, "--format", "workflow-json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("choose one with `--flow NAME`"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("workflow.json").exists());

    let out = flowspec(
        &[
            "export",
            "openfn",
            complete,
            "--format",
            "workflow-json",
            "--flow",
            "referrals",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("workflow.json")).unwrap();
    insta::assert_snapshot!("referrals_workflow_json", text);
    let plan: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(plan["workflow"]["name"], "referrals");
    assert_eq!(plan["options"]["start"], "receive-from-commcare");
    let steps = plan["workflow"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[0]["adaptor"], "@openfn/language-commcare@latest");
    assert_eq!(steps[0]["next"]["transform"]["condition"], "on_job_success");
    assert!(stderr(&out).contains("a workflow.json has no trigger"));

    // A design with one named flow needs no --flow.
    let ethiopia = repo().join("examples/ethiopia");
    let out = flowspec(
        &[
            "export",
            "openfn",
            ethiopia.to_str().unwrap(),
            "--format",
            "workflow-json",
            "-o",
            "-",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["options"]["start"], "fetch-from-commcare");

    // An unknown flow is a usage error.
    let out = flowspec(
        &[
            "export",
            "openfn",
            complete,
            "--flow",
            "nope",
            "-o",
            "-",
            "--format",
            "project-v1",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no named flow is called `nope`"));
}

#[test]
fn help_documents_the_decisions() {
    let out = flowspec(&["export", "openfn", "--help"], &repo());
    let help = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "--force",
        "--format",
        "workflow-json",
        "--flow",
        "Exit status",
        "02:00 UTC",
    ] {
        assert!(help.contains(expected), "missing {expected:?} in:\n{help}");
    }
}
