//! What the soak (`flowspec-bench soak`) found, each through the protocol
//! as it showed there.

use std::process::Command;

use flowspec_lsp_harness::{Fixture, Options, Server};
use serde_json::Value;

use crate::support::binary;

const FAMILIES: [&str; 6] = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];

/// Every unknown step's message, by the step's name.
fn unknown_messages(diagnostics: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = diagnostics
        .iter()
        .filter(|d| d["code"] == "unknown-reference")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

/// "Did you mean" among equally close declared names took the first of a
/// hash map's keys, whose order differs between processes and with the
/// workspace's history: the server and `flowspec check` suggested
/// different names for the same files. Now the least name: `alpha_1` of
/// `alpha_1` … `alpha_9` for `alpha_0`, in each of six families (by chance,
/// all six would come out right about twice in a million runs).
#[test]
fn did_you_mean_among_equally_close_names_is_the_same_everywhere() {
    let mut tools = String::new();
    for family in FAMILIES {
        for n in (1..=9).rev() {
            tools.push_str(&format!("tool {family}_{n} \"{family} {n} — é 😀\"\n"));
        }
    }
    let steps: Vec<String> = FAMILIES.iter().map(|f| format!("{f}_0")).collect();
    let flows = format!("flow f: {}\n", steps.join(" -> "));
    let fixture = Fixture {
        files: vec![
            ("tools.flow".to_string(), tools),
            ("flows.flow".to_string(), flows),
        ],
        ..Fixture::default()
    };
    let mut server = Server::start_opened(binary(), &fixture, Options::default());
    let from_server = unknown_messages(&server.diagnostics("flows.flow"));
    let expected: Vec<String> = FAMILIES
        .iter()
        .map(|f| {
            format!(
                "`{f}_0` is not a declared tool or role, nor a tool Flowspec knows: declare it with `tool {f}_0 \"Display name\"`. Did you mean `{f}_1`?"
            )
        })
        .collect();
    assert_eq!(from_server, expected);

    let output = Command::new(binary())
        .args(["check", "--format", "json", "."])
        .current_dir(server.root.path())
        .output()
        .unwrap();
    let all: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let from_check = unknown_messages(&all);
    assert_eq!(from_check, expected);
    server.shutdown();
}

/// A name declared twice means one declaration: it was the one of the file
/// read first, so a file created later (a higher file id) lost even where
/// `flowspec check`, reading files sorted by path, took it. Now the first
/// file by path, as the user sees paths: `z.flow` before `é.flow`, though
/// the server's key of `é.flow` is a URI with `%C3%A9` in it.
#[test]
fn a_name_declared_twice_means_the_declaration_of_the_first_file_by_path() {
    let fixture = Fixture {
        files: vec![
            (
                "flows.flow".to_string(),
                "flow f: odk -> nurse -> excel\n".to_string(),
            ),
            (
                "é.flow".to_string(),
                "role nurse \"Infirmière É — ነርስ\"\n".to_string(),
            ),
        ],
        ..Fixture::default()
    };
    let mut server = Server::start_indexed(binary(), &fixture, Options::default());
    let manual = |d: &[Value]| -> Vec<String> {
        d.iter()
            .filter(|d| d["code"] == "manual-step")
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect()
    };
    let says = |who: &str| {
        format!("manual step: a person ({who}) moves the data here, a candidate for automation")
    };
    let d = server.diagnostics_where("flows.flow", |_| true);
    assert_eq!(manual(&d), [says("Infirmière É — ነርስ")]);

    std::fs::write(server.path("z.flow"), "role nurse \"Nurse Z 😀\"\n").unwrap();
    let uri = server.uri("z.flow");
    server.notify(
        "workspace/didChangeWatchedFiles",
        serde_json::json!({ "changes": [{ "uri": uri, "type": 1 }] }),
    );
    let d = server.diagnostics_where("flows.flow", |p| {
        p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "manual-step" && d["message"] != says("Infirmière É — ነርስ"))
    });
    assert_eq!(manual(&d), [says("Nurse Z 😀")]);

    let output = Command::new(binary())
        .args(["check", "--format", "json", "."])
        .current_dir(server.root.path())
        .output()
        .unwrap();
    let all: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(manual(&all), [says("Nurse Z 😀")]);
    server.shutdown();
}

/// A duplicate's related location points into the other file: when that
/// file's text moved (lines added above the declaration, the names the
/// same), the other file was not republished and its related location
/// stayed where the declaration was.
#[test]
fn a_duplicate_declaration_follows_the_other_declaration_when_it_moves() {
    let fixture = Fixture {
        files: vec![
            ("a.flow".to_string(), "tool x \"É — ሰላም 😀\"\n".to_string()),
            (
                "b.flow".to_string(),
                "tool x \"B\"\nflow f: x -> dhis2\nflow g: x -> dhis2\n".to_string(),
            ),
        ],
        ..Fixture::default()
    };
    let mut server = Server::start_indexed(binary(), &fixture, Options::default());
    let related_line = |p: &Value| -> Option<u64> {
        p["diagnostics"]
            .as_array()?
            .iter()
            .find(|d| d["code"] == "duplicate-declaration")?["relatedInformation"][0]["location"]
            ["range"]["start"]["line"]
            .as_u64()
    };
    server.diagnostics_where("b.flow", |p| related_line(p) == Some(0));
    server.open("a.flow");
    server.edit("a.flow", 0, 0, "## Moved down — ክ 😀\r\n\r\n");
    server.diagnostics("a.flow");
    let d = server.diagnostics_where("b.flow", |p| related_line(p) == Some(2));
    let related = &d
        .iter()
        .find(|d| d["code"] == "duplicate-declaration")
        .unwrap()["relatedInformation"][0]["location"]["range"];
    assert_eq!(related["start"]["character"], 5, "{related}");
    server.shutdown();
}
