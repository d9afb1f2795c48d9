//! The gate in front of the protocol crate's reader: it frames the client's
//! bytes itself and passes on only messages that are JSON-RPC.
//!
//! Why: tower-lsp-server (0.23) reads through tokio-util's `FramedRead`,
//! which ends the stream at the first message that does not decode (a body
//! that is not JSON, not UTF-8, or JSON that is not a request or response):
//! the server then stops reading and exits. And a `Content-Length: 0` body
//! makes its codec wait for more bytes, so the messages already behind it
//! wait for the client's next one. Both were found by the `server_messages`
//! fuzz target. Here a body that would not decode is replaced by a
//! notification the server answers by logging a warning, an empty body is
//! dropped, and a header block without a length is skipped. A body that
//! would not decode but says its request's `id` (JSON nested deeper than
//! the decoder goes, say) becomes a request of that id, which the server
//! answers with an error: the client waiting for it is not left waiting.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The notification a message that would not decode becomes.
pub const REJECTED: &str = "$/flowspec/rejectedMessage";
/// The request a message that would not decode but has an `id` becomes.
pub const REJECTED_REQUEST: &str = "$/flowspec/rejectedRequest";

/// Buffer between the gate and the protocol crate: one large edit passes
/// in a few writes.
const PIPE: usize = 1 << 16;

/// Starts the gate on `input`; the server reads the returned stream.
pub fn spawn<I>(input: I) -> DuplexStream
where
    I: AsyncRead + Unpin + Send + 'static,
{
    let (mut to_server, from_gate) = tokio::io::duplex(PIPE);
    tokio::spawn(async move {
        let mut input = BufReader::new(input);
        while let Some(frame) = next_frame(&mut input).await {
            let body = match frame {
                Frame::Body(body) => match check(&body) {
                    Ok(()) => body,
                    Err(reason) => rejected(&reason, top_level_id(&body)),
                },
                Frame::Empty => continue,
                Frame::NoLength => rejected("a header block without a Content-Length", None),
            };
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            if to_server.write_all(header.as_bytes()).await.is_err()
                || to_server.write_all(&body).await.is_err()
            {
                break;
            }
        }
        // The client closed its end: so does the server's input.
        let _ = to_server.shutdown().await;
    });
    from_gate
}

pub(crate) enum Frame {
    Body(Vec<u8>),
    Empty,
    NoLength,
}

/// Reads one header block and its body; `None` at the end of the input.
pub(crate) async fn next_frame<R: AsyncRead + Unpin>(input: &mut BufReader<R>) -> Option<Frame> {
    let mut length: Option<u64> = None;
    let mut any = false;
    loop {
        let mut line = Vec::new();
        if input.read_until(b'\n', &mut line).await.ok()? == 0 {
            return None;
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if any {
                break;
            }
            // Blank lines between messages.
            continue;
        }
        any = true;
        // Bytes before the header's name (a stray write) are tolerated, as
        // the protocol crate tolerates them; header names are compared
        // without case.
        let lower = line.to_ascii_lowercase();
        if let Some(at) = lower.find("content-length:") {
            length = line[at + "content-length:".len()..].trim().parse().ok();
        }
    }
    let Some(length) = length else {
        return Some(Frame::NoLength);
    };
    if length == 0 {
        return Some(Frame::Empty);
    }
    // Grows as the bytes arrive: a length the client never sends costs
    // nothing up front.
    let mut body = Vec::new();
    input.take(length).read_to_end(&mut body).await.ok()?;
    if (body.len() as u64) < length {
        return None;
    }
    Some(Frame::Body(body))
}

/// Whether the protocol crate will decode the body: a request (or
/// notification) or a response, as JSON in UTF-8.
fn check(body: &[u8]) -> Result<(), String> {
    let request = match serde_json::from_slice::<Request>(body) {
        Ok(_) => return Ok(()),
        Err(e) => e,
    };
    if serde_json::from_slice::<Response>(body).is_ok() {
        return Ok(());
    }
    Err(if request.is_data() {
        format!("a message that is not a JSON-RPC request or response ({request})")
    } else {
        format!("a message that is not JSON ({request})")
    })
}

fn rejected(reason: &str, id: Option<serde_json::Value>) -> Vec<u8> {
    match id {
        Some(id) => serde_json::json!({
            "jsonrpc": "2.0",
            "id": id,
            "method": REJECTED_REQUEST,
            "params": { "reason": reason },
        }),
        None => serde_json::json!({
            "jsonrpc": "2.0",
            "method": REJECTED,
            "params": { "reason": reason },
        }),
    }
    .to_string()
    .into_bytes()
}

/// The `id` of a JSON object's top level, a number or a string, found by
/// scanning rather than decoding (what could not be decoded may be nested
/// too deep for a decoder): each other member is skipped by counting
/// brackets outside strings, without recursion.
fn top_level_id(body: &[u8]) -> Option<serde_json::Value> {
    let mut i = skip_space(body, 0);
    if body.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = skip_space(body, i);
        let key_end = string_end(body, i)?;
        let key = &body[i..key_end];
        i = skip_space(body, key_end);
        if body.get(i) != Some(&b':') {
            return None;
        }
        i = skip_space(body, i + 1);
        let value_end = value_end(body, i)?;
        if key == b"\"id\"" {
            let id: serde_json::Value = serde_json::from_slice(&body[i..value_end]).ok()?;
            return (id.is_number() || id.is_string()).then_some(id);
        }
        i = skip_space(body, value_end);
        match body.get(i) {
            Some(b',') => i += 1,
            _ => return None,
        }
    }
}

fn skip_space(body: &[u8], mut i: usize) -> usize {
    while body.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

/// The end of the string starting at `i` (after its closing quote).
fn string_end(body: &[u8], i: usize) -> Option<usize> {
    if body.get(i) != Some(&b'"') {
        return None;
    }
    let mut j = i + 1;
    loop {
        match body.get(j)? {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
}

/// The end of the value starting at `i`: a string, or anything up to the
/// `,` or `}` that ends it at its own depth.
fn value_end(body: &[u8], i: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    loop {
        match body.get(j) {
            Some(b'"') => j = string_end(body, j)?,
            Some(b'[' | b'{') => {
                depth += 1;
                j += 1;
            }
            Some(b']' | b'}') if depth > 0 => {
                depth -= 1;
                j += 1;
            }
            Some(b',' | b'}') | None if depth == 0 => return (j > i).then_some(j),
            Some(_) => j += 1,
            None => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn through(input: &'static [u8]) -> String {
        let mut out = spawn(input);
        let mut text = String::new();
        out.read_to_string(&mut text).await.unwrap();
        text
    }

    #[tokio::test]
    async fn good_messages_pass_as_they_are() {
        let text = through(
            b"Content-Length: 40\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}   ",
        )
        .await;
        assert_eq!(
            text,
            "Content-Length: 40\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}   "
        );
    }

    #[tokio::test]
    async fn bad_bodies_become_a_notification_and_empty_ones_go() {
        let text = through(
            b"Content-Length: 1\r\n\r\n(Content-Length: 0\r\n\r\nContent-Length: 2\r\n\r\n{}\
              content-length: 30\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"b\"}",
        )
        .await;
        assert_eq!(text.matches(REJECTED).count(), 2, "{text}");
        assert!(text.contains("not JSON ("), "{text}");
        assert!(text.contains("not a JSON-RPC request"), "{text}");
        assert!(
            text.ends_with("{\"jsonrpc\":\"2.0\",\"method\":\"b\"}"),
            "{text}"
        );
    }

    #[tokio::test]
    async fn a_header_without_a_length_is_reported_and_skipped() {
        let text = through(
            b"Content-Type: x\r\n\r\nContent-Length: 30\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"c\"}",
        )
        .await;
        assert!(text.contains("without a Content-Length"), "{text}");
        assert!(
            text.ends_with("{\"jsonrpc\":\"2.0\",\"method\":\"c\"}"),
            "{text}"
        );
    }

    #[test]
    fn the_id_of_a_body_too_deep_to_decode_is_found_by_scanning() {
        let deep = |id: &str| {
            format!(
                "{{\"jsonrpc\":\"2.0\", \"method\":\"x\",\"params\":{}{}, \"id\" : {id}}}",
                "[".repeat(100_000),
                "]".repeat(100_000)
            )
        };
        let body = deep("7");
        assert!(check(body.as_bytes()).is_err(), "too deep for the decoder");
        assert_eq!(top_level_id(body.as_bytes()), Some(serde_json::json!(7)));
        assert_eq!(
            top_level_id(deep("\"q,}1\"").as_bytes()),
            Some(serde_json::json!("q,}1"))
        );
        // Only the top level's `id`, a number or a string.
        assert_eq!(top_level_id(br#"{"params":{"id":3}}"#), None);
        assert_eq!(top_level_id(br#"{"id":null}"#), None);
        assert_eq!(top_level_id(br#"{"id":[1]}"#), None);
        assert_eq!(
            top_level_id(br#"{"a":"\"id\"","id":"\u00e9"}"#),
            Some(serde_json::json!("é"))
        );
        for broken in [
            &b""[..],
            b"[",
            b"{",
            b"{\"id\"",
            b"{\"id\":",
            b"{\"a\":1 \"id\":2}",
            b"\xff",
        ] {
            assert_eq!(top_level_id(broken), None, "{broken:?}");
        }
        let request = rejected("too deep", Some(serde_json::json!(7)));
        let request: serde_json::Value = serde_json::from_slice(&request).unwrap();
        assert_eq!(request["id"], 7);
        assert_eq!(request["method"], REJECTED_REQUEST);
        assert!(check(&serde_json::to_vec(&request).unwrap()).is_ok());
    }

    #[tokio::test]
    async fn a_body_cut_short_ends_the_input() {
        assert_eq!(through(b"Content-Length: 99\r\n\r\n{\"jsonrpc\"").await, "");
    }
}
