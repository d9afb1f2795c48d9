//! `flowspec export openfn` in OpenFn's 4.0 formats: the workspace folder
//! (the default) and the one-file project. OpenFn's own packages load both
//! in `tests/openfn`; here, what a user sees of the binary.

use yaml_rust2::{Yaml, YamlLoader};

use crate::support::*;

fn yaml(text: &str) -> Yaml {
    YamlLoader::load_from_str(text)
        .unwrap_or_else(|e| panic!("not YAML: {e}\n{text}"))
        .remove(0)
}

#[test]
fn the_default_is_a_workspace_folder() {
    let dir = tempfile::tempdir().unwrap();
    let example = repo().join("examples/ethiopia");
    let out = flowspec(&["export", "openfn", example.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("wrote `openfn`: 1 workflow, 3 jobs"),
        "{}",
        stderr(&out)
    );
    let root = dir.path().join("openfn");
    let config = yaml(&std::fs::read_to_string(root.join("openfn.yaml")).unwrap());
    assert_eq!(config["project"]["id"].as_str(), Some("ethiopia"));
    assert_eq!(
        config["workspace"]["dirs"]["workflows"].as_str(),
        Some("workflows")
    );
    let wf_dir = root.join("workflows/monthly-indicators");
    let wf = yaml(&std::fs::read_to_string(wf_dir.join("monthly-indicators.yaml")).unwrap());
    assert_eq!(wf["id"].as_str(), Some("monthly-indicators"));
    assert_eq!(wf["start"].as_str(), Some("cron"));
    let steps = wf["steps"].as_vec().unwrap();
    let ids: Vec<&str> = steps.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["cron", "fetch-from-commcare", "transform", "send-to-dhis2"]
    );
    assert_eq!(steps[0]["cron_expression"].as_str(), Some("0 2 1 * *"));
    assert_eq!(
        steps[0]["next"]["fetch-from-commcare"]["condition"].as_str(),
        Some("always")
    );
    for step in &steps[1..] {
        let id = step["id"].as_str().unwrap();
        assert_eq!(
            step["expression"].as_str(),
            Some(format!("./{id}.js").as_str())
        );
        let code = std::fs::read_to_string(wf_dir.join(format!("{id}.js"))).unwrap();
        if id == "transform" {
            // The design maps visits: the job performs it (tests/openfn runs it).
            assert!(code.contains("\nfn(state => {\n"), "{code}");
            assert!(
                code.contains("date(get(source, [\"form\", \"visit_date\"])"),
                "{code}"
            );
        } else {
            assert!(code.ends_with("fn(state => state);\n"), "{code}");
        }
    }
    // The design's sample visits, as CommCare keeps them: the workflow's input.
    let samples: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("samples/monthly-indicators.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(samples["data"][0]["form"]["visit_date"], "12/31/2024");
    assert_eq!(samples["data"][1]["visit_id"], "f-0002");
}

#[test]
fn the_4_0_project_file() {
    let dir = tempfile::tempdir().unwrap();
    let example = repo().join("examples/complete");
    let out = flowspec(
        &[
            "export",
            "openfn",
            example.to_str().unwrap(),
            "--format",
            "project",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = yaml(&std::fs::read_to_string(dir.path().join("project.yaml")).unwrap());
    assert_eq!(project["schema_version"].as_str(), Some("4.0"));
    assert_eq!(project["id"].as_str(), Some("complete"));
    let workflows = project["workflows"].as_vec().unwrap();
    assert_eq!(workflows.len(), 8);
    let referrals = workflows
        .iter()
        .find(|w| w["id"].as_str() == Some("referrals"))
        .unwrap();
    let steps = referrals["steps"].as_vec().unwrap();
    assert_eq!(steps[0]["type"].as_str(), Some("webhook"));
    assert!(
        steps[1]["expression"]
            .as_str()
            .unwrap()
            .ends_with("fn(state => state);\n")
    );
}

#[test]
fn a_folder_cannot_go_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let example = repo().join("examples/ethiopia");
    let out = flowspec(
        &["export", "openfn", example.to_str().unwrap(), "-o", "-"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a workspace is a folder"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_folder_with_any_of_the_files_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let example = repo().join("examples/ethiopia");
    let js = dir
        .path()
        .join("ws/workflows/monthly-indicators/transform.js");
    std::fs::create_dir_all(js.parent().unwrap()).unwrap();
    std::fs::write(&js, "mine\n").unwrap();
    let args = ["export", "openfn", example.to_str().unwrap(), "-o", "ws"];
    let out = flowspec(&args, dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("transform.js` exists: nothing was written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&js).unwrap(), "mine\n");
    assert!(
        !dir.path().join("ws/openfn.yaml").exists(),
        "nothing written"
    );

    let mut forced = args.to_vec();
    forced.push("--force");
    let out = flowspec(&forced, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&js)
            .unwrap()
            .contains("transforms the data")
    );
    assert!(dir.path().join("ws/openfn.yaml").exists());
}
