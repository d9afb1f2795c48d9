//! The editor loop on a generated 10,000-line design, through the protocol:
//! a keystroke, then the requests VS Code sends after it, sent together.
//! Guards, not timings: each answer's size stays under a bound (what the
//! server sends after every keystroke is what the editor parses), the
//! outline has one symbol per item, the tokens come as one small delta,
//! and every answer is for the new text.

use flowspec_lsp_harness::{Answer, Fixture, Options, Server};
use flowspec_test_fixture::generated::large_file;
use serde_json::{Value, json};

use crate::support::binary;
use crate::support::lsp::send_keystroke_requests;

/// The lines an editor shows at once.
const SCREEN: u64 = 60;

/// Upper bounds, in bytes of compact JSON, of each answer after a
/// keystroke in the middle of the design (measured, then about a quarter
/// of room: a bound is broken by a change of shape, not by a new word).
const BOUNDS: [(&str, usize); 6] = [
    // 210,864 measured: 836 symbols.
    ("documentSymbol", 260_000),
    // 91: one edit of two tokens.
    ("semanticTokens/full/delta", 200),
    // 56,293.
    ("foldingRange", 70_000),
    // 163,073: where the lenses stand, without titles.
    ("codeLens", 200_000),
    // 1,074: the 60 lines on screen.
    ("inlayHint", 1_500),
    // 2,400: the titles of the lenses on screen.
    ("codeLens/resolve", 3_500),
];

#[test]
fn the_answers_after_a_keystroke_in_a_10k_line_design_stay_small() {
    let text = large_file(10_000);
    let fixture = Fixture {
        files: vec![("design.flow".to_string(), text.clone())],
        ..Fixture::default()
    };
    let mut server = Server::start_indexed(binary(), &fixture, Options::default());
    server.open("design.flow");
    server.diagnostics("design.flow");
    let doc = json!({ "uri": server.uri("design.flow") });
    let full = server.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": doc }),
    );
    let previous = full["resultId"].as_str().expect("a result id").to_string();

    // A letter typed into a string in the middle of the file.
    let at = text[text.len() / 2..].find("data: [\"").unwrap() + text.len() / 2 + 8;
    let line = text[..at].matches('\n').count() as u64;
    let first = line - SCREEN / 3;
    let version = server.edit("design.flow", at, at, "x");
    let ids = send_keystroke_requests(&mut server, "design.flow", &previous, first..first + SCREEN);
    let mut answers = server.answers(&ids);
    let result = |a: &Answer| a.result.clone().unwrap_or_else(|e| panic!("{e}"));

    // One symbol per item, none nested.
    let symbols = result(&answers[0]);
    let items = text
        .lines()
        .filter(|l| l.starts_with("tool ") || l.starts_with("role ") || l.starts_with("flow "))
        .count();
    assert_eq!(symbols.as_array().unwrap().len(), items);
    assert!(symbols.as_array().unwrap().iter().all(|s| {
        s.get("children")
            .is_none_or(|c| c.as_array().is_some_and(Vec::is_empty))
    }));
    // The tokens: one edit of two tokens (the string grew by a letter, and
    // the next token on its line starts one column later).
    let delta = result(&answers[1]);
    let edits = delta["edits"].as_array().expect("a delta");
    assert_eq!(edits.len(), 1, "{delta}");
    assert_eq!(edits[0]["deleteCount"], 10, "{delta}");
    // The lenses on screen, resolved.
    let lenses = result(&answers[3]);
    let on_screen: Vec<Value> = lenses
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| {
            (first..first + SCREEN).contains(&l["range"]["start"]["line"].as_u64().unwrap())
        })
        .cloned()
        .collect();
    assert!(!on_screen.is_empty());
    let ids: Vec<u64> = on_screen
        .into_iter()
        .map(|l| server.send_request("codeLens/resolve", l))
        .collect();
    let resolved = server.answers(&ids);
    for a in &resolved {
        assert!(
            result(a)["command"]["title"]
                .as_str()
                .unwrap()
                .contains("answered")
                || result(a)["command"]["title"] == "Export to OpenFn"
        );
    }
    answers.push(Answer {
        bytes: resolved.iter().map(|a| a.bytes).sum(),
        ..resolved[0].clone()
    });

    for ((name, bound), answer) in BOUNDS.iter().zip(&answers) {
        println!("{name}: {} bytes", answer.bytes);
        assert!(
            answer.bytes <= *bound,
            "{name}: {} bytes, bound {bound}",
            answer.bytes
        );
    }
    server.diagnostics_where("design.flow", |p| {
        p["version"].as_i64() == Some(i64::from(version))
    });
    server.shutdown();
}

/// The pipe the server writes to holds a keystroke's answers (some
/// 600 kB on a 10,000-line design; a pipe holds 64 KiB unless asked): the
/// server writes them at once rather than waiting for the client to read
/// each 64 KiB while it parses the first ones.
#[cfg(target_os = "linux")]
#[test]
fn the_pipe_to_the_client_holds_a_keystrokes_answers() {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;

    let fixture = Fixture::parse("//- a.flow\ntool a\n");
    let server = Server::start_indexed(binary(), &fixture, Options::default());
    // The server's stdout, opened again through /proc: the same pipe.
    let pipe = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(format!("/proc/{}/fd/1", server.pid()))
        .expect("the server's stdout");
    // SAFETY: F_GETPIPE_SZ reads the size of the pipe behind a descriptor
    // this process owns.
    let size = unsafe { libc::fcntl(pipe.as_raw_fd(), libc::F_GETPIPE_SZ) };
    // Unless the system allows less (an unprivileged process may ask for
    // up to /proc/sys/fs/pipe-max-size, 1 MiB by default).
    let limit: i32 = std::fs::read_to_string("/proc/sys/fs/pipe-max-size")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1 << 20);
    if limit >= 1 << 20 {
        assert_eq!(size, 1 << 20, "the pipe's size");
    }
    drop(pipe);
    server.shutdown();
}
