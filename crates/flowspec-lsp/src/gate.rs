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
//! dropped, and a header block without a length is skipped.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The notification a message that would not decode becomes.
pub const REJECTED: &str = "$/flowspec/rejectedMessage";

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
                    Err(reason) => rejected(&reason),
                },
                Frame::Empty => continue,
                Frame::NoLength => rejected("a header block without a Content-Length"),
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

enum Frame {
    Body(Vec<u8>),
    Empty,
    NoLength,
}

/// Reads one header block and its body; `None` at the end of the input.
async fn next_frame<R: AsyncRead + Unpin>(input: &mut BufReader<R>) -> Option<Frame> {
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

fn rejected(reason: &str) -> Vec<u8> {
    serde_json::json!({
        "jsonrpc": "2.0",
        "method": REJECTED,
        "params": { "reason": reason },
    })
    .to_string()
    .into_bytes()
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

    #[tokio::test]
    async fn a_body_cut_short_ends_the_input() {
        assert_eq!(through(b"Content-Length: 99\r\n\r\n{\"jsonrpc\"").await, "");
    }
}
