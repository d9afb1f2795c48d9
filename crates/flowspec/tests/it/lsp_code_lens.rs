//! Code lenses through the protocol: "n/6 answered" over each flow, an
//! export lens once a named flow answers everything, updated as you type;
//! titles filled in by `codeLens/resolve`, and a lens of an older version
//! answered `ContentModified`.

use flowspec_lsp_harness::{Fixture, Options, Server};
use serde_json::{Value, json};

use crate::support::binary;
use crate::support::protocol::{error_code, message_type};

/// The lenses of a document as an editor shows them: `codeLens` gives
/// where they stand (no titles yet), `codeLens/resolve` fills in each.
fn lenses(server: &mut Server, path: &str) -> Vec<(u64, String, String, Value)> {
    unresolved(server, path)
        .into_iter()
        .map(|lens| {
            let resolved = server.request("codeLens/resolve", lens.clone());
            assert_eq!(
                resolved["range"], lens["range"],
                "resolving keeps the place"
            );
            assert_eq!(resolved["data"], lens["data"]);
            (
                resolved["range"]["start"]["line"].as_u64().unwrap(),
                resolved["command"]["title"].as_str().unwrap().to_string(),
                resolved["command"]["command"].as_str().unwrap().to_string(),
                resolved["command"]["arguments"].clone(),
            )
        })
        .collect()
}

/// `textDocument/codeLens`: the lenses without their commands.
fn unresolved(server: &mut Server, path: &str) -> Vec<Value> {
    let result = server.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": server.uri(path) } }),
    );
    let all = result.as_array().unwrap().clone();
    for lens in &all {
        assert!(lens.get("command").is_none_or(Value::is_null), "{lens}");
        assert!(lens["data"].is_array(), "{lens}");
    }
    all
}

#[test]
fn lenses_count_the_answers_and_follow_edits() {
    let fixture = Fixture::parse(
        "//- a.flow\n## é ክ 😀\ncommcare -> excel -> dhis2 monthly batch\n\nflow done: odk -> dhis2 {\n  data: \"x\"\n  transform: none\n  timing: batch\n  frequency: daily\n  volume: ~5 forms/day\n}\n",
    );
    let mut server = Server::start(binary(), &fixture, Options::default());
    assert_eq!(
        server.capabilities["codeLensProvider"]["resolveProvider"], true,
        "titles are written for the lenses on screen only"
    );
    server.open("a.flow");
    server.diagnostics("a.flow");
    let got = lenses(&mut server, "a.flow");
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].0, 1);
    assert_eq!(
        got[0].1,
        "3/6 answered · open: Data flow, Transformation, Volume"
    );
    assert_eq!(
        got[0].2, "flowspec.showAnswers",
        "a command every client can run: the server's own"
    );
    assert_eq!((got[1].0, got[1].1.as_str()), (3, "6/6 answered"));
    assert_eq!(
        (got[2].1.as_str(), got[2].2.as_str()),
        ("Export to OpenFn", "flowspec.exportFlow")
    );
    assert_eq!(
        got[2].3,
        json!([{ "uri": server.uri("a.flow"), "flow": "done" }])
    );

    // Answer the shorthand flow's data: 4/6.
    let text = server.text("a.flow");
    let at = text.find(" batch").unwrap() + " batch".len();
    server.edit("a.flow", at, at, " { data: \"visits\" }");
    let got = lenses(&mut server, "a.flow");
    assert_eq!(got[0].1, "4/6 answered · open: Transformation, Volume");
    server.shutdown();
}

#[test]
fn a_lens_of_an_older_version_is_content_modified_and_a_foreign_one_invalid() {
    let fixture = Fixture::parse("//- a.flow\ncommcare -> excel monthly\n");
    let mut server = Server::start(binary(), &fixture, Options::default());
    server.open("a.flow");
    server.diagnostics("a.flow");
    let old = unresolved(&mut server, "a.flow");
    assert_eq!(old.len(), 1);
    // Asked twice for the same version: the same lenses, still resolvable.
    assert_eq!(unresolved(&mut server, "a.flow"), old);
    assert!(
        server
            .try_request("codeLens/resolve", old[0].clone())
            .is_ok()
    );

    server.edit("a.flow", 0, 0, "## ክ 😀\n");
    let error = server
        .try_request("codeLens/resolve", old[0].clone())
        .unwrap_err();
    assert_eq!(error["code"], error_code::CONTENT_MODIFIED, "{error}");
    // The new lenses resolve, on the line the flow moved to.
    let got = lenses(&mut server, "a.flow");
    assert_eq!(got[0].0, 1);
    assert_eq!(
        got[0].1,
        "2/6 answered · open: Data flow, Transformation, Timing, Volume"
    );

    // A lens the server did not make.
    for data in [Value::Null, json!("x"), json!([1])] {
        let mut lens = old[0].clone();
        lens["data"] = data;
        let error = server.try_request("codeLens/resolve", lens).unwrap_err();
        assert_eq!(error["code"], error_code::INVALID_PARAMS, "{error}");
    }
    server.shutdown();
}

#[test]
fn running_the_count_lens_shows_the_questions_still_to_ask() {
    let fixture = Fixture::parse(
        "//- a.flow
commcare -> dhis2 monthly batch { data: tbd }
flow done: odk -> dhis2 {\n  data: \"x\"\n  transform: none\n  timing: batch\n  frequency: daily\n  volume: ~5 forms/day\n}\n",
    );
    let mut server = Server::start(binary(), &fixture, Options::default());
    assert_eq!(
        server.capabilities["executeCommandProvider"]["commands"],
        json!(["flowspec.showAnswers"]),
        "declared, so that clients route it to the server"
    );
    server.open("a.flow");
    server.diagnostics("a.flow");
    let got = lenses(&mut server, "a.flow");
    let run = |server: &mut Server, lens: &(u64, String, String, Value)| {
        let result = server.request(
            "workspace/executeCommand",
            json!({ "command": lens.2, "arguments": lens.3 }),
        );
        assert_eq!(result, Value::Null);
        let shown = server.wait_for("window/showMessage");
        assert_eq!(shown["params"]["type"], message_type::INFO);
        shown["params"]["message"].as_str().unwrap().to_string()
    };
    assert_eq!(
        run(&mut server, &got[0]),
        "`commcare -> dhis2` answers 3 of the six questions. Still to ask: \
         Data flow (answered tbd or unknown: What data are we sending? Which direction? What other tools or humans facilitate the flow?); \
         Transformation (Is any transformation needed so the integration goes smoothly?); \
         Volume (What is the scale of this integration?)."
    );
    assert_eq!(
        run(&mut server, &got[1]),
        "`done` answers all six questions."
    );
    // A command the server does not have, or no message: an error, and the
    // server goes on.
    for (command, arguments) in [
        ("flowspec.nothing", json!([])),
        ("flowspec.showAnswers", json!([])),
        ("flowspec.showAnswers", json!([{ "message": 3 }])),
    ] {
        let error = server
            .try_request(
                "workspace/executeCommand",
                json!({ "command": command, "arguments": arguments }),
            )
            .unwrap_err();
        assert_eq!(error["code"], error_code::INVALID_PARAMS, "{error}");
    }
    assert_eq!(lenses(&mut server, "a.flow").len(), 3);
    server.shutdown();
}
