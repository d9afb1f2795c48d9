//! Bad input: a clear message with file, line and column.

use flowspec_import::{Error, FolderFile, Source, read};

fn file(path: &str, text: &str) -> Result<(), Error> {
    read(&Source::File {
        path: path.into(),
        text: text.into(),
    })
    .map(|_| ())
}

fn fails(path: &str, text: &str) -> String {
    file(path, text)
        .map(|()| panic!("read without an error:\n{text}"))
        .unwrap_err()
        .to_string()
}

const V1: &str = "name: p
workflows:
  wf:
    name: wf
    jobs:
      a:
        name: a
        adaptor: '@openfn/language-common@latest'
        body: fn(s => s);
    triggers:
      webhook:
        type: webhook
        enabled: true
    edges:
      webhook->a:
        source_trigger: webhook
        target_job: a
        condition_type: always
        enabled: true
";

#[test]
fn a_good_v1_file_reads() {
    file("p.yaml", V1).unwrap();
}

#[test]
fn malformed_yaml_and_json() {
    let e = fails("p.yaml", "name: p\nworkflows: [\n  a: 1\n");
    assert!(e.starts_with("p.yaml:"), "{e}");
    assert!(e.contains("not valid YAML"), "{e}");
    let e = fails("s.json", "{\n  \"name\": \"p\",\n  \"workflows\": {,}\n}\n");
    assert_eq!(e, "s.json:3:17: not valid JSON: key must be a string");
    let e = fails("p.yaml", "- a\n- b\n");
    assert_eq!(
        e,
        "p.yaml:1:1: not an OpenFn project: the file holds a list, not a map of fields"
    );
}

#[test]
fn unknown_fields_are_named_with_a_suggestion() {
    let text = V1.replace("        adaptor: '@openfn", "        adapter: '@openfn");
    assert_eq!(
        fails("p.yaml", &text),
        "p.yaml:8:9: unknown field `adapter` in job `a`. Did you mean `adaptor`?"
    );
    let text = V1.replace(
        "        condition_type: always",
        "        condition: always",
    );
    assert!(
        fails("p.yaml", &text)
            .starts_with("p.yaml:18:9: unknown field `condition` in edge `webhook->a`."),
        "{}",
        fails("p.yaml", &text)
    );
}

#[test]
fn missing_fields() {
    let text = V1.replace("        adaptor: '@openfn/language-common@latest'\n", "");
    assert_eq!(
        fails("p.yaml", &text),
        "p.yaml:7:9: job `a` has no `adaptor`"
    );
    let text = V1.replace("name: p\n", "");
    assert_eq!(
        fails("p.yaml", &text),
        "p.yaml:1:1: the project has no `name`"
    );
    let v4 = "id: p\nschema_version: '4.0'\nworkflows:\n  - id: w\n";
    assert_eq!(fails("p.yaml", v4), "p.yaml:4:5: a workflow has no `steps`");
}

#[test]
fn wrong_types() {
    let text = V1.replace(
        "        enabled: true\n    edges",
        "        enabled: 'yes'\n    edges",
    );
    assert_eq!(
        fails("p.yaml", &text),
        "p.yaml:13:18: `enabled` of trigger `webhook` must be true or false, not a string"
    );
}

#[test]
fn duplicate_ids() {
    // Two keys of one map.
    let text = V1.replace(
        "    triggers:",
        "      a:\n        name: b\n        adaptor: x\n    triggers:",
    );
    assert_eq!(
        fails("p.yaml", &text),
        "p.yaml:10:7: duplicate key `a` (first at line 6, column 7)"
    );
    // Two names that make one id.
    let text = V1.replace(
        "    triggers:",
        "      b:\n        name: A\n        adaptor: x\n    triggers:",
    );
    assert_eq!(
        fails("p.yaml", &text),
        "p.yaml:11:9: duplicate step id `a` in workflow `wf` (first at line 7, column 9)"
    );
    // Two workflows of one id in a 4.0 file.
    let v4 = "id: p
schema_version: '4.0'
workflows:
  - id: w
    steps: []
  - id: w
    steps: []
";
    assert_eq!(
        fails("p.yaml", v4),
        "p.yaml:6:5: duplicate workflow id `w` (first at line 4, column 5)"
    );
}

#[test]
fn an_edge_pointing_nowhere() {
    let text = V1.replace("        target_job: a", "        target_job: nowhere");
    assert_eq!(
        fails("p.yaml", &text),
        "p.yaml:16:9: an edge of workflow `wf` points to `nowhere`, which is no job of it"
    );
    let v4 = "id: p
schema_version: '4.0'
workflows:
  - id: w
    steps:
      - id: cron
        type: cron
        cron_expression: '0 2 * * *'
        next:
          ghost: {}
";
    assert_eq!(
        fails("p.yaml", v4),
        "p.yaml:10:11: an edge of workflow `w` points to `ghost`, which is no job of it"
    );
}

#[test]
fn non_ascii_and_crlf_positions() {
    // Columns count characters: `é` and `🙂` are one each.
    let text = "name: 'école 🙂'\r\nworkflows:\r\n  wf:\r\n    naem: x\r\n";
    assert_eq!(
        fails("p.yaml", text),
        "p.yaml:4:5: unknown field `naem` in workflow `wf`. Did you mean `name`?"
    );
    let text = "name: 'ክሊኒክ'\nworkflows:\n  wf: {name: 'ክሊኒክ', jobs: {a: {name: a, adaptr: x}}}\n";
    assert_eq!(
        fails("p.yaml", text),
        "p.yaml:3:42: unknown field `adaptr` in job `a`. Did you mean `adaptor`?"
    );
}

#[test]
fn a_workspace_without_its_parts() {
    let folder = |files: &[(&str, &str)]| {
        read(&Source::Folder {
            path: "ws".into(),
            files: files
                .iter()
                .map(|(p, t)| FolderFile {
                    path: p.to_string(),
                    text: t.to_string(),
                })
                .collect(),
        })
        .map(|_| ())
        .unwrap_err()
        .to_string()
    };
    assert_eq!(
        folder(&[("workflows/w/w.yaml", "id: w\nsteps: []\n")]),
        "ws:1:1: not an OpenFn workspace: the folder has no openfn.yaml"
    );
    assert_eq!(
        folder(&[
            ("openfn.yaml", "project:\n  id: p\n"),
            (
                "workflows/w/w.yaml",
                "id: w\nsteps:\n  - id: a\n    adaptor: x\n    expression: ./a.js\n"
            ),
        ]),
        "ws/workflows/w/w.yaml:5:17: the job's code `./a.js` is not in the folder (no `workflows/w/a.js`)"
    );
}

#[test]
fn an_unknown_trigger_type_is_reported_at_its_type_in_every_format() {
    let v1 = V1.replace("type: webhook", "type: email");
    assert_eq!(
        fails("p.yaml", &v1),
        "p.yaml:12:15: unknown trigger type `email`: OpenFn knows webhook, cron and kafka"
    );
    let v4 = "id: p\nworkflows:\n  - id: wf\n    name: wf\n    steps:\n      - id: start\n        type: email\n";
    let e = fails("p.yaml", v4);
    assert_eq!(
        e,
        "p.yaml:7:15: unknown trigger type `email`: OpenFn knows webhook, cron and kafka"
    );
}
