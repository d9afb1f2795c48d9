//! JSON-RPC over the server's stdio: `Content-Length` framing, a reader
//! thread that hands every message to the test (after letting the client
//! answer the requests the server sends), and waits with a deadline.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::ChildStdin;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any wait lasts before the test fails: a test fails, it never
/// hangs. 20 seconds, or `FLOWSPEC_HARNESS_TIMEOUT` seconds (a server run
/// under valgrind to count its instructions is some fifty times slower).
pub fn timeout() -> Duration {
    static TIMEOUT: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();
    *TIMEOUT.get_or_init(|| {
        let seconds = std::env::var("FLOWSPEC_HARNESS_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(20);
        Duration::from_secs(seconds)
    })
}

/// Writes one message. A server that exited makes this fail silently; the
/// next wait reports it.
pub fn write_message(stdin: &Mutex<ChildStdin>, message: &Value) {
    let body = message.to_string();
    let mut stdin = stdin.lock().unwrap();
    let _ = write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len());
    let _ = stdin.flush();
}

/// A message from the server, the size of its body in bytes, and when the
/// client had read its last byte and when it had parsed it (not when the
/// test got round to looking).
pub struct Received {
    pub message: Value,
    pub bytes: usize,
    pub read: Instant,
    pub at: Instant,
}

/// One message's body as read, and when its last byte was read.
struct Frame {
    body: Vec<u8>,
    read: Instant,
}

impl Frame {
    fn parse(self) -> Option<Received> {
        let message = serde_json::from_slice(&self.body).ok()?;
        Some(Received {
            message,
            bytes: self.body.len(),
            read: self.read,
            at: Instant::now(),
        })
    }
}

/// Reads one message's body; `None` at the end of the stream or on a broken
/// frame.
fn read_frame(reader: &mut impl BufRead) -> Option<Frame> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(n) = header.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(Frame {
        body,
        read: Instant::now(),
    })
}

/// Reads the server's output on a thread of its own and parses it on
/// another, so that parsing a large answer never delays the moment the
/// answers behind it are read (`lspbench.py` keeps large messages unparsed
/// for the same reason): `read` is the server's part, `at` the client's
/// too. A request from the server is answered as soon as it is parsed
/// with what `answer(method, params)` gives (the client does not make the
/// server wait), then passed on like every other message.
pub fn spawn_reader(
    stdout: impl Read + Send + 'static,
    stdin: Arc<Mutex<ChildStdin>>,
    answer: impl Fn(&str, &Value) -> Value + Send + 'static,
) -> Receiver<Received> {
    let (frames_tx, frames) = channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        while let Some(frame) = read_frame(&mut reader) {
            if frames_tx.send(frame).is_err() {
                return;
            }
        }
    });
    let (tx, messages) = channel();
    std::thread::spawn(move || {
        // A frame that is not JSON ends the stream, as a broken frame does.
        while let Some(received) = frames.recv().ok().and_then(Frame::parse) {
            let message = &received.message;
            if let (Some(id), Some(method)) = (message.get("id"), message["method"].as_str()) {
                let result = answer(method, &message["params"]);
                write_message(
                    &stdin,
                    &json!({"jsonrpc": "2.0", "id": id, "result": result}),
                );
            }
            if tx.send(received).is_err() {
                return;
            }
        }
    });
    messages
}

/// The next message before `deadline`; a timeout or the server's exit fails
/// the test, naming what it waited for.
pub fn recv(messages: &Receiver<Received>, deadline: Instant, what: &str) -> Received {
    let left = deadline.saturating_duration_since(Instant::now());
    match messages.recv_timeout(left) {
        Ok(message) => message,
        Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {what}"),
        Err(RecvTimeoutError::Disconnected) => {
            panic!("the server exited while waiting for {what}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_read_by_their_length() {
        let body = r#"{"jsonrpc":"2.0","method":"x","params":"é😀"}"#;
        let stream = format!(
            "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n{body}Content-Length: 2\r\n\r\n{{}}",
            body.len()
        );
        let mut reader = stream.as_bytes();
        let first = read_frame(&mut reader).and_then(Frame::parse).unwrap();
        assert_eq!(first.message["params"], "é😀");
        assert_eq!(first.bytes, body.len());
        let second = read_frame(&mut reader).and_then(Frame::parse).unwrap();
        assert_eq!(second.message, json!({}));
        assert!(read_frame(&mut reader).is_none());
    }
}
