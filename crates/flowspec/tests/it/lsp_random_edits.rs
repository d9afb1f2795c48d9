//! A long sequence of random incremental edits, multi-byte text included,
//! sent to the server and applied to a model string: the server's text must
//! equal the model, and its diagnostics must equal those of a fresh server
//! that reads the final text from disk.

use flowspec_lsp_harness::{Fixture, Options, Server};
use flowspec_test_fixture::Rng;
use flowspec_test_fixture::edits::{offset, valid};

use crate::support::binary;
use crate::support::lsp::summary;

const FRAGMENTS: &[&str] = &[
    "tool ",
    "role ",
    "flow ",
    "x",
    "commcare",
    " -> ",
    "->",
    "dhis2",
    " monthly",
    " batch",
    "{",
    "}",
    "\n",
    "\n\n",
    "  data: ",
    "\"visit é ክ 😀\"",
    "\"",
    "~500 forms/day",
    "volume: ",
    ": ",
    ",",
    "[",
    "]",
    "é",
    "ክሊኒክ",
    "😀",
    "👩‍⚕️",
    "# note 😀\n",
    "## doc\n",
    "\r\n",
    "\t",
    "every 2 hours",
    "cron \"0 2 * * *\"",
    " ",
];

fn run(seed: u64, utf8: bool, edits: usize) {
    let start = "## Generated.\n\ntool hmis \"HMIS — ክ\"\n\nflow f: commcare -> hmis monthly batch {\n  data: \"visits 😀\"\n}\n";
    let fixture = Fixture::parse(&format!("//- a.flow\n{start}"));
    let mut server = Server::start(binary(), &fixture, Options::with_utf8(utf8));
    server.open("a.flow");
    let mut rng = Rng::new(seed);
    for _ in 0..edits {
        let text = server.text("a.flow");
        let a = offset(&text, &mut rng);
        let mut b = (a + rng.below(12)).min(text.len());
        while !valid(&text, b) {
            b += 1;
        }
        let insert = if rng.below(4) == 0 {
            ""
        } else {
            FRAGMENTS[rng.below(FRAGMENTS.len())]
        };
        server.edit("a.flow", a, b, insert);
        if std::env::var_os("FLOWSPEC_CHECK_EACH_EDIT").is_some() {
            let held = server.held_text("a.flow");
            assert_eq!(
                held,
                server.text("a.flow"),
                "after replacing {a}..{b} of {text:?} with {insert:?}"
            );
        }
    }
    let model = server.text("a.flow");
    let held = server.held_text("a.flow");
    assert_eq!(
        held, model,
        "seed {seed}, utf8={utf8}: the server's text differs"
    );
    let after_edits = summary(&server.diagnostics("a.flow"));
    server.shutdown();

    // A fresh server, reading the final text from disk.
    let fixture = Fixture {
        files: vec![("a.flow".to_string(), model.clone())],
        ..Fixture::default()
    };
    let mut fresh = Server::start(binary(), &fixture, Options::with_utf8(utf8));
    fresh.open("a.flow");
    let expected = summary(&fresh.diagnostics("a.flow"));
    fresh.shutdown();
    assert_eq!(
        after_edits, expected,
        "seed {seed}, utf8={utf8}: diagnostics differ for:\n{model}"
    );
}

#[test]
fn random_edits_keep_text_and_diagnostics_in_sync_utf16() {
    for seed in [1, 2, 3, 6, 7, 8] {
        run(seed, false, 400);
    }
}

#[test]
fn random_edits_keep_text_and_diagnostics_in_sync_utf8() {
    for seed in [4, 5, 9, 10] {
        run(seed, true, 400);
    }
}
