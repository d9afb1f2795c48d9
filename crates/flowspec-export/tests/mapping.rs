//! A flow's mapping as its transform job's code: the text (a snapshot), the
//! escaping of every name and string the design gives, the samples as the
//! workflow's input, and the rules left to a person. tests/openfn runs the
//! same code with OpenFn's runtime.

use flowspec_analysis::Workspace;
use flowspec_analysis::records::plan::{self, Rule};
use flowspec_export::openfn::{self, Format, Options, Workflow};

const DESIGN: &str = r#"
record patient {
  national_id: text identifier required
  birth_date: date "YYYY-MM-DD" required
  sex: choice ["female", "male"]
  country: text
  facility: text required
  visits: integer
}

tool odk {
  kind: collection
  keeps patient {
    national_id: as "nid"
    birth_date: as "form.dob" "DD/MM/YYYY"
    sex: as "gender" ["1", "2"]
  }
  sample patient {
    national_id: "ET-1"
    birth_date: "24/03/1990"
    sex: "1"
    visits: 2
  }
}

tool openmrs {
  kind: ehr
  adaptor: openmrs
  owns patient {
    national_id: as "identifiers.nationalId"
    birth_date: as "person.birthdate"
    sex: as "person.gender"
  }
}

flow register: odk -> openmrs {
  data: patient
  transform {
    birth_date: "DD/MM/YYYY" -> "YYYY-MM-DD"
    sex: ["1" -> "female", "2" -> "male"]
    country: const "ET"
    facility: lookup "the facility's uuid"
  }
  timing: realtime
  frequency: continuous
  volume: ~40 patients/day
}
"#;

fn exported(text: &str, format: Format) -> (Workspace, openfn::Export) {
    let mut ws = Workspace::new();
    ws.set_file("a.flow", text);
    let errors: Vec<String> = ws
        .diagnostics(ws.file_id("a.flow").unwrap())
        .iter()
        .filter(|d| d.severity == flowspec_analysis::Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let export = openfn::export(
        &ws,
        &Options {
            project_name: "p".into(),
            format,
            ..Options::default()
        },
    )
    .unwrap();
    (ws, export)
}

fn transform(wf: &Workflow) -> &str {
    &wf.jobs.iter().find(|j| j.id == "transform").unwrap().body
}

/// The code after the comments: the mapping's own lines.
fn mapping_lines(body: &str) -> Vec<&str> {
    let at = body.find("  const map = ").unwrap();
    body[at..].lines().collect()
}

#[test]
fn the_transform_job_performs_the_mapping() {
    let (_, export) = exported(DESIGN, Format::ProjectV1);
    let body = transform(&export.project.workflows[0]);
    insta::assert_snapshot!(mapping_lines(body).join("\n"), @r#"
      const map = (source, index) => {
        const target = {};
        // national_id: from `national_id`, the field of the same name
        put(target, ["identifiers", "nationalId"], get(source, ["nid"]));
        // birth_date: "DD/MM/YYYY" -> "YYYY-MM-DD"
        put(target, ["person", "birthdate"], date(get(source, ["form", "dob"]), ["DD", "/", "MM", "/", "YYYY"], ["YYYY", "-", "MM", "-", "DD"], "birth_date", index));
        // sex: ["1" -> "female", "2" -> "male"]
        put(target, ["person", "gender"], code(get(source, ["gender"]), new Map([["1", "female"], ["2", "male"]]), "sex", index));
        // country: const "ET"
        put(target, ["country"], "ET");
        // TO IMPLEMENT (lookup): facility: lookup "the facility's uuid"
        put(target, ["facility"], undefined);
        // visits: from `visits`, the field of the same name
        put(target, ["visits"], get(source, ["visits"]));
        return target;
      };
      const many = Array.isArray(state.data);
      const data = many ? state.data.map(map) : map(state.data ?? {}, 0);
      return { ...state, data, mapping: { problems, toImplement: ["facility"] } };
    });
    "#);
    // Comments, then the one operation.
    let code = body.find("\nfn(state => {\n").unwrap();
    assert!(body[..code].lines().all(|l| l.starts_with("//")), "{body}");
    assert!(
        body.contains("//   facility (lookup): the facility's uuid\n"),
        "{body}"
    );
    // A flow without a mapping keeps the placeholder.
    let (_, plain) = exported(
        "flow f: commcare -> dhis2 { transform: \"sum\" timing: batch frequency: daily }",
        Format::ProjectV1,
    );
    assert!(transform(&plain.project.workflows[0]).ends_with("\nfn(state => state);\n"));
}

#[test]
fn the_samples_are_the_workflows_input_in_the_source_tools_shape() {
    let (_, folder) = exported(DESIGN, Format::Workspace);
    let file = folder
        .files
        .iter()
        .find(|f| f.path == "samples/register.json")
        .unwrap();
    let state: serde_json::Value = serde_json::from_str(&file.text).unwrap();
    assert_eq!(
        state,
        serde_json::json!({ "data": [
            { "nid": "ET-1", "form": { "dob": "24/03/1990" }, "gender": "1", "visits": 2 }
        ]})
    );
    // One file formats cannot hold them: a note says where they go.
    let (_, one) = exported(DESIGN, Format::ProjectV1);
    assert!(
        one.notes
            .iter()
            .any(|n| n.message.contains("1 sample record of `patient` in `odk`")),
        "{:?}",
        one.notes
    );
}

#[test]
fn the_rules_to_implement_are_listed_with_their_lines() {
    let (ws, _) = exported(DESIGN, Format::ProjectV1);
    let todo = plan::to_implement(&ws);
    assert_eq!(todo.len(), 1);
    let t = &todo[0];
    assert_eq!(
        (t.flow.as_str(), t.field.as_str(), t.kind),
        ("register", "facility", "lookup")
    );
    assert_eq!(t.text, "the facility's uuid");
    let file = ws.file(t.file).unwrap();
    assert!(file.text[t.span.range()].starts_with("facility: lookup"));
}

/// Every name and string of the design reaches the code through one
/// escaping: quotes, backslashes, line breaks, U+2028, Amharic and emoji.
#[test]
fn names_and_strings_are_escaped() {
    let design = DESIGN
        .replace(r#"as "nid""#, r#"as "n\"i\\d ክ🏥""#)
        .replace(r#"const "ET""#, r#"const "E\"T\\\n ኢትዮጵያ 🇪🇹""#)
        .replace(r#""1" -> "female""#, r#""1\"" -> "female""#)
        .replace(r#"["1", "2"]"#, r#"["1\"", "2"]"#)
        .replace(r#"sex: "1""#, r#"sex: "1\"""#);
    let (ws, export) = exported(&design, Format::ProjectV1);
    let body = transform(&export.project.workflows[0]);
    assert!(body.contains(r#"get(source, ["n\"i\\d ክ🏥"])"#), "{body}");
    assert!(
        body.contains(r#"put(target, ["country"], "E\"T\\\n ኢትዮጵያ 🇪🇹");"#),
        "{body}"
    );
    assert!(
        body.contains(r#"new Map([["1\"", "female"], ["2", "male"]])"#),
        "{body}"
    );
    // Comments hold one line each: the constant's line break is a space there.
    for line in body.lines() {
        assert!(!line.contains(['\r', '\u{2028}', '\u{2029}']), "{line:?}");
    }
    let plan = plan::plan(
        &ws,
        &ws.file(ws.file_id("a.flow").unwrap()).unwrap().model.flows[0],
    )
    .unwrap();
    let Rule::Copy { path, .. } = &plan.fields[0].rule else {
        panic!("{:?}", plan.fields[0]);
    };
    assert_eq!(path, &["n\"i\\d ክ🏥"]);
}
