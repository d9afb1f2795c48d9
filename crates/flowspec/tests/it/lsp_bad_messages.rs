//! A client that sends broken messages: each one is said in the log and
//! skipped, and the session goes on (the gate in front of the protocol
//! crate, found by the server_messages fuzz target). Before it, the first
//! body that did not decode ended the server's input, and an empty body
//! held back the messages behind it until the client wrote again.

use flowspec_lsp_harness::{Fixture, Options, Server};
use serde_json::json;

use crate::support::binary;

fn hover_answers(server: &mut Server) {
    let uri = server.uri("a.flow");
    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 2 } }),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|text| text.contains("CommCare")),
        "hover on the tool after broken messages: {hover}"
    );
}

#[test]
fn broken_messages_are_logged_and_the_session_goes_on() {
    let fixture = Fixture::parse("//- a.flow\ncommcare -> dhis2 monthly batch\n");
    let mut server = Server::start_opened(binary(), &fixture, Options::default());
    server.send_raw(b"Content-Length: 5\r\n\r\nnot j");
    server.wait_log("ignored a message that is not JSON");
    hover_answers(&mut server);

    server.send_raw(b"Content-Length: 2\r\n\r\n{}");
    server.wait_log("not a JSON-RPC request or response");
    server.send_raw(b"Content-Length: 3\r\n\r\n\"\xff\"");
    server.send_raw(b"Content-Type: text/plain\r\n\r\n");
    server.wait_log("without a Content-Length");
    hover_answers(&mut server);
    server.shutdown();
}

#[test]
fn an_empty_body_does_not_hold_back_the_next_request() {
    let fixture = Fixture::parse("//- a.flow\ncommcare -> dhis2 monthly batch\n");
    let mut server = Server::start_opened(binary(), &fixture, Options::default());
    // The empty body and the request in one write: nothing follows them,
    // so only a server that reads on past the empty body answers.
    let uri = server.uri("a.flow");
    let request = json!({
        "jsonrpc": "2.0", "id": 4242, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": uri }, "position": { "line": 0, "character": 2 } },
    })
    .to_string();
    let mut bytes = b"Content-Length: 0\r\n\r\n".to_vec();
    bytes.extend(format!("Content-Length: {}\r\n\r\n{request}", request.len()).bytes());
    server.send_raw(&bytes);
    let answer = server.answers(&[4242]).remove(0);
    let hover = answer.result.expect("an answer, not an error");
    assert!(hover["contents"]["value"].is_string(), "{hover}");
    server.shutdown();
}

#[test]
fn a_request_too_deep_to_decode_is_answered_with_an_error() {
    // Found by the server_messages fuzz target: params nested deeper than
    // the JSON decoder goes. The gate passed the body on as a log line, and
    // the request it was never got an answer: its client would wait.
    let fixture = Fixture::parse("//- a.flow\ncommcare -> dhis2 monthly batch\n");
    let mut server = Server::start_opened(binary(), &fixture, Options::default());
    let body = format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":4242,\"method\":\"textDocument/hover\",\"params\":{}{}}}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    server.send_raw(&bytes);
    let answer = server.answers(&[4242]).remove(0);
    let error = answer.result.expect_err("an error answer");
    assert_eq!(error["code"], -32600, "{error}");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("refused a message that is not JSON")),
        "{error}"
    );
    server.wait_log("refused a message that is not JSON");
    hover_answers(&mut server);
    server.shutdown();
}
