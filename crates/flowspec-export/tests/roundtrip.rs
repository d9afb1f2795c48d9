//! The hand-written YAML reads back, with a real YAML parser, to exactly
//! the project the exporter built; the workflow plan reads back as JSON.

use std::path::Path;

use flowspec_analysis::Workspace;
use flowspec_export::openfn::{self, EdgeSource, Format, Options, Project};
use serde_json::{Map, Value, json};
use yaml_rust2::{Yaml, YamlLoader};

fn workspace(files: &[(&str, &str)]) -> Workspace {
    let mut ws = Workspace::new();
    for (path, text) in files {
        ws.set_file(path, *text);
    }
    ws
}

fn example(folder: &str) -> Workspace {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(folder);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "flow"))
        .map(|p| {
            (
                format!("{folder}/{}", p.file_name().unwrap().to_string_lossy()),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    workspace(&refs)
}

fn to_json(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Integer(i) => json!(i),
        Yaml::Real(r) => Value::String(format!("real {r}")),
        Yaml::Null => Value::Null,
        Yaml::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Hash(hash) => {
            let mut map = Map::new();
            for (k, v) in hash {
                let Yaml::String(key) = k else {
                    panic!("a key that is not a string: {k:?}")
                };
                assert!(
                    map.insert(key.clone(), to_json(v)).is_none(),
                    "duplicate key {key}"
                );
            }
            Value::Object(map)
        }
        other => panic!("unexpected YAML node {other:?}"),
    }
}

/// The structure the YAML must have, straight from the model.
fn expected(project: &Project) -> Value {
    let mut workflows = Map::new();
    for wf in &project.workflows {
        let mut jobs = Map::new();
        for job in &wf.jobs {
            jobs.insert(
                job.id.clone(),
                json!({ "name": job.name, "adaptor": job.adaptor, "credential": null, "body": job.body }),
            );
        }
        let mut triggers = Map::new();
        for t in &wf.triggers {
            let mut trigger = json!({ "type": t.kind.as_str(), "enabled": t.enabled });
            if let Some(cron) = &t.cron_expression {
                trigger["cron_expression"] = json!(cron);
            }
            triggers.insert(t.id.clone(), trigger);
        }
        let mut edges = Map::new();
        for edge in &wf.edges {
            let mut e = Map::new();
            match &edge.source {
                EdgeSource::Trigger(t) => e.insert("source_trigger".into(), json!(t)),
                EdgeSource::Job(j) => e.insert("source_job".into(), json!(j)),
            };
            e.insert("target_job".into(), json!(edge.target));
            e.insert("condition_type".into(), json!(edge.condition.kind()));
            e.insert("enabled".into(), json!(edge.enabled));
            edges.insert(edge.id.clone(), Value::Object(e));
        }
        workflows.insert(
            wf.id.clone(),
            json!({
                "name": wf.name,
                "jobs": jobs,
                "triggers": triggers,
                "edges": edges,
            }),
        );
    }
    let mut top = json!({ "name": project.name, "workflows": workflows });
    if let Some(d) = &project.description {
        top["description"] = json!(d);
    }
    top
}

fn roundtrip(ws: &Workspace, name: &str) -> openfn::Export {
    let export = openfn::export(
        ws,
        &Options {
            project_name: name.to_string(),
            format: Format::ProjectV1,
            ..Options::default()
        },
    )
    .expect("exports");
    let docs = YamlLoader::load_from_str(&export.text)
        .unwrap_or_else(|e| panic!("not YAML: {e}\n{}", export.text));
    assert_eq!(docs.len(), 1);
    assert_eq!(
        to_json(&docs[0]),
        expected(&export.project),
        "\n{}",
        export.text
    );
    export
}

#[test]
fn the_examples_read_back_as_built() {
    for folder in ["ethiopia", "complete"] {
        let export = roundtrip(&example(folder), folder);
        assert!(!export.project.workflows.is_empty());
    }
}

#[test]
fn awkward_names_and_texts_read_back_as_built() {
    // Names YAML would misread, quotes, non-ASCII, line separators and
    // escapes inside strings, a tool used twice in one chain.
    let design = r##"## Design: "quotes", 'apostrophes', # hashes & *stars*
## second line of the first paragraph

tool yes "Yes: a tool" { kind: database adaptor: postgresql owner: "O'Brien \"the\" owner" }
tool null "Nul\tl" { kind: mis adaptor: "@openfn/language-dhis2@4.0.0" url: "https://x.org/?a=1&b=#2" }
role person "Ama LSEPKofi"

## Doc: with `code`, "quotes" and a line
## break.
flow on: yes -> person -> null -> yes {
  data: ["a: b", "- c", "#d", "x\ny", "ክሊኒክ é"]
  transform {
    quoted_key: "it's" -> "\"x\""
    plain: no
  }
  timing: batch "at 3 o'clock"
  frequency: every 90 minutes
  volume: ~1.5k records/day
}

flow True: yes -> null { data: "x" transform: none timing: realtime frequency: continuous volume: 1 file/event }
flow off_: person -> person { timing: manual }
"##
    .replace("LSEP", "\u{2028}");
    let design = design.as_str();
    let ws = workspace(&[("weird.flow", design)]);
    let export = roundtrip(&ws, "yes");
    let ids: Vec<&str> = export
        .project
        .workflows
        .iter()
        .map(|w| w.id.as_str())
        .collect();
    assert_eq!(ids, ["on", "true", "off"]);
    let on = &export.project.workflows[0];
    let job_ids: Vec<&str> = on.jobs.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(
        job_ids,
        ["fetch-from-yes", "transform", "send-to-null", "send-to-yes"]
    );
    assert_eq!(on.jobs[2].adaptor, "@openfn/language-dhis2@latest");
    // A flow without any adaptor step still has one job to hold its story.
    let off = &export.project.workflows[2];
    assert_eq!(off.jobs.len(), 1);
    assert_eq!(off.jobs[0].id, "placeholder");
    // Every body is comments and the placeholder operation, one per line.
    for wf in &export.project.workflows {
        for job in &wf.jobs {
            for line in job.body.lines() {
                assert!(
                    line.starts_with("//") || line == openfn::PLACEHOLDER_OPERATION,
                    "{line:?}"
                );
                assert!(!line.contains(['\u{2028}', '\u{2029}', '\r']), "{line:?}");
            }
        }
    }
}

#[test]
fn the_workflow_plan_is_json_with_only_the_keys_the_cli_takes() {
    let ws = example("complete");
    let export = openfn::export(
        &ws,
        &Options {
            project_name: "complete".into(),
            format: Format::WorkflowJson,
            flow: Some("khis_monthly".into()),
            ..Options::default()
        },
    )
    .unwrap();
    let plan: Value = serde_json::from_str(&export.text).unwrap();
    let steps = plan["workflow"]["steps"].as_array().unwrap();
    let ids: Vec<&str> = steps.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["fetch-from-postgresql", "transform", "send-to-khis"]);
    assert_eq!(plan["options"]["start"], "fetch-from-postgresql");
    assert_eq!(
        steps[0]["next"],
        json!({ "transform": { "condition": "on_job_success" } })
    );
    assert!(steps[2].get("next").is_none());
    for step in steps {
        for key in step.as_object().unwrap().keys() {
            assert!(
                ["id", "name", "adaptor", "expression", "next"].contains(&key.as_str()),
                "{key}"
            );
        }
    }
    // The plan has no trigger: the first step's body says what starts it.
    let first = steps[0]["expression"].as_str().unwrap();
    assert!(first.contains("Trigger (in Lightning):"), "{first}");
    assert!(first.contains("0 2 6 * *"), "{first}");
    assert!(
        export
            .notes
            .iter()
            .any(|n| n.message.contains("has no trigger"))
    );
}

#[test]
fn choosing_flows() {
    let ws = example("complete");
    let several = openfn::export(
        &ws,
        &Options {
            format: Format::WorkflowJson,
            ..Options::default()
        },
    );
    assert!(matches!(several, Err(openfn::Error::SeveralFlows { .. })));
    let unknown = openfn::export(
        &ws,
        &Options {
            flow: Some("nope".into()),
            ..Options::default()
        },
    );
    let Err(e) = unknown else { panic!() };
    assert!(e.to_string().contains("household_surveys"), "{e}");
    // By workflow id too, with the same id as in the whole project.
    let one = openfn::export(
        &ws,
        &Options {
            flow: Some("khis-monthly".into()),
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(one.project.workflows.len(), 1);
    assert_eq!(one.project.workflows[0].id, "khis-monthly");
    assert_eq!(one.project.name, "project");

    let anonymous = workspace(&[("a.flow", "commcare -> dhis2 daily batch\n")]);
    assert_eq!(
        openfn::export(&anonymous, &Options::default()).unwrap_err(),
        openfn::Error::NoNamedFlows { anonymous: 1 }
    );
}

#[test]
fn colliding_ids_are_made_unique() {
    let ws = workspace(&[(
        "a.flow",
        "flow a_b: commcare -> dhis2 -> dhis2 { timing: batch frequency: daily }\nflow aB: commcare -> dhis2\nflow a_B: commcare -> dhis2\n",
    )]);
    let export = roundtrip(&ws, "p");
    let ids: Vec<&str> = export
        .project
        .workflows
        .iter()
        .map(|w| w.id.as_str())
        .collect();
    assert_eq!(ids, ["a-b", "a-b-2", "a-b-3"]);
    assert_eq!(export.project.workflows[1].name, "a b 2");
    let jobs: Vec<&str> = export.project.workflows[0]
        .jobs
        .iter()
        .map(|j| j.id.as_str())
        .collect();
    assert_eq!(
        jobs,
        ["fetch-from-commcare", "send-to-dhis2", "send-to-dhis2-2"]
    );
}
