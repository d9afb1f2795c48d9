//! The VS Code extension's severity settings follow the one table of
//! codes (`diagnostic.rs`'s `codes!`): one setting per code, in the
//! table's order, each described by the code's summary and its default
//! severity. `grammar/diagnostics.md` is checked in `reference_examples`.

use flowspec_analysis::Code;
use serde_json::Value;

const PACKAGE: &str = include_str!("../../../../editors/vscode/package.json");

/// The `flowspec.diagnostics` setting of the extension's manifest.
fn setting() -> Value {
    let package: Value = serde_json::from_str(PACKAGE).expect("package.json is JSON");
    let configuration = &package["contributes"]["configuration"];
    let properties = match configuration {
        Value::Array(all) => all.iter().find_map(|c| c["properties"].as_object()),
        other => other["properties"].as_object(),
    }
    .expect("contributes.configuration.properties");
    properties["flowspec.diagnostics"].clone()
}

/// The setting as the table says it should be, to paste in on failure.
fn expected(code: Code, levels: &Value) -> Value {
    let mut entry = levels.clone();
    entry["markdownDescription"] = Value::String(format!(
        "{} (default `{}`).",
        code.summary(),
        code.default_severity().as_str()
    ));
    entry
}

#[test]
fn the_vscode_settings_list_every_code_with_its_summary_and_default() {
    let setting = setting();
    let levels = &setting["additionalProperties"];
    assert_eq!(
        levels["enum"],
        serde_json::json!(["error", "warning", "information", "hint", "off"])
    );
    let listed = setting["properties"]
        .as_object()
        .expect("one property per code");
    let listed_codes: Vec<&str> = listed.keys().map(String::as_str).collect();
    let table: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let mut sorted_listed = listed_codes.clone();
    let mut sorted_table = table.clone();
    sorted_listed.sort_unstable();
    sorted_table.sort_unstable();
    assert_eq!(
        sorted_listed, sorted_table,
        "editors/vscode/package.json's flowspec.diagnostics lists other codes than diagnostic.rs's table"
    );
    for &code in Code::ALL {
        let want = expected(code, levels);
        assert_eq!(
            listed[code.as_str()],
            want,
            "the setting of `{code}` in editors/vscode/package.json should read:\n\"{code}\": {}",
            serde_json::to_string_pretty(&want).unwrap()
        );
    }
}
