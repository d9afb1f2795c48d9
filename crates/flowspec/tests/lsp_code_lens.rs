//! Code lenses through the protocol: "n/6 answered" over each flow, an
//! export lens once a named flow answers everything, updated as you type.

use std::path::Path;

use flowspec_lsp_harness::{Fixture, Options, Server};
use serde_json::{Value, json};

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_flowspec"))
}

fn lenses(server: &mut Server, path: &str) -> Vec<(u64, String, String, Value)> {
    let result = server.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": server.uri(path) } }),
    );
    result
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["range"]["start"]["line"].as_u64().unwrap(),
                l["command"]["title"].as_str().unwrap().to_string(),
                l["command"]["command"].as_str().unwrap().to_string(),
                l["command"]["arguments"].clone(),
            )
        })
        .collect()
}

#[test]
fn lenses_count_the_answers_and_follow_edits() {
    let fixture = Fixture::parse(
        "//- a.flow\n## é ክ 😀\ncommcare -> excel -> dhis2 monthly batch\n\nflow done: odk -> dhis2 {\n  data: \"x\"\n  transform: none\n  timing: batch\n  frequency: daily\n  volume: ~5 forms/day\n}\n",
    );
    let mut server = Server::start(binary(), &fixture, Options::default());
    assert_eq!(
        server.capabilities["codeLensProvider"]["resolveProvider"],
        false
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
    assert_eq!(got[0].2, "", "an informative lens runs nothing");
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
