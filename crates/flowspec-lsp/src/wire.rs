//! The one writer of the client's stream.
//!
//! Two kinds of message go to the client: those the protocol crate writes
//! (the answers to most requests, requests to the client, log messages) and
//! those the server writes itself: the answers of [`crate::direct`] and the
//! published diagnostics, serialized as JSON text on the thread that
//! computed them.
//!
//! Why the second kind: tower-lsp-server turns every result into a
//! `serde_json::Value` tree, then writes and drops the tree, all on the one
//! task that runs the protocol. After a keystroke in a 10,000-line design
//! that was about 0.6 MB of answers a keystroke, one after another, and the
//! largest serial cost of the keystroke (README, "The editor loop"). An
//! answer written here is serialized once, straight from the protocol's
//! types, on the worker that made it; an answer kept per version of a file
//! is kept as its text and sent again without any work.
//!
//! The protocol crate writes into a pipe; its frames are read back whole
//! and go into the same queue as the server's own messages, so no message
//! is ever cut by another.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::{BufReader, DuplexStream};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tower_lsp_server::jsonrpc::{self, Id, Response};
use tower_lsp_server::ls_types::{Position, Range};

use crate::gate::{Frame, next_frame};

/// A JSON value already written as compact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Json(Arc<[u8]>);

impl Json {
    /// `value` as JSON text.
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Json {
        // The protocol's types have string keys only: writing cannot fail.
        Json(
            serde_json::to_vec(value)
                .expect("protocol types serialize")
                .into(),
        )
    }

    pub fn null() -> Json {
        Json(Arc::from(&b"null"[..]))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// JSON text written by hand, for the answers that are large on a large
/// design (outline, folding, lenses, diagnostics): a position is a few
/// bytes copied and two numbers written, a string is copied as it is when
/// nothing in it needs escaping. `serde_json` walking the protocol's types
/// spent some thirty instructions a byte on these (most of the keystroke's
/// serializing); each handler writes its shape with these pieces, and its
/// tests check the text is byte for byte what the protocol's types write.
pub struct Text(Vec<u8>);

impl Text {
    pub fn with_capacity(bytes: usize) -> Text {
        Text(Vec::with_capacity(bytes))
    }

    pub fn finish(self) -> Json {
        Json(self.0.into())
    }

    /// How many bytes are written so far.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// JSON text written before, as it is.
    pub fn bytes(&mut self, json: &[u8]) {
        self.0.extend_from_slice(json);
    }

    /// JSON text written before into this text, again.
    pub fn copy_within(&mut self, written: std::ops::Range<usize>) {
        self.0.extend_from_within(written);
    }

    /// JSON text as it is: punctuation and keys (`,"name":`).
    pub fn raw(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }

    pub fn uint(&mut self, n: u32) {
        let mut digits = itoa::Buffer::new();
        self.0.extend_from_slice(digits.format(n).as_bytes());
    }

    /// A string, escaped as `serde_json` escapes it.
    pub fn string(&mut self, s: &str) {
        // Checked without stopping early, which the compiler vectorizes:
        // most strings need no escape and are copied whole. (`serde_json`'s
        // escaper, table-driven, is faster than a loop by hand for the
        // others: measured.)
        let plain = !s.bytes().fold(false, |bad, b| {
            bad | (b < 0x20) | (b == b'"') | (b == b'\\')
        });
        if plain {
            self.0.reserve(s.len() + 2);
            self.0.push(b'"');
            self.0.extend_from_slice(s.as_bytes());
            self.0.push(b'"');
        } else {
            serde_json::to_writer(&mut self.0, s).expect("a string serializes");
        }
    }

    /// Any value, through `serde_json` (for the small and rare ones).
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) {
        serde_json::to_writer(&mut self.0, value).expect("protocol types serialize");
    }

    pub fn position(&mut self, p: Position) {
        self.raw(r#"{"line":"#);
        self.uint(p.line);
        self.raw(r#","character":"#);
        self.uint(p.character);
        self.raw("}");
    }

    pub fn range(&mut self, r: Range) {
        self.raw(r#"{"start":"#);
        self.position(r.start);
        self.raw(r#","end":"#);
        self.position(r.end);
        self.raw("}");
    }

    /// `[…]`, each item written by `write`.
    pub fn list<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut write: impl FnMut(&mut Text, T),
    ) {
        self.raw("[");
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            write(self, item);
        }
        self.raw("]");
    }
}

/// One message: a body written in up to three pieces (the middle one
/// shared, so a kept answer is not copied).
enum Message {
    Body {
        head: Vec<u8>,
        value: Json,
        tail: &'static [u8],
        /// Bytes the [`Backlog`] counts until this is written.
        counted: usize,
    },
    /// The protocol crate's output has ended: the session is over.
    End,
}

/// Where the server's own messages go; cheap to clone.
#[derive(Clone)]
pub struct Wire {
    tx: UnboundedSender<Message>,
    backlog: Backlog,
}

/// The bytes of published diagnostics made and not yet written to the
/// client. Indexing a workspace publishes every file at once (some 8 MB of
/// JSON for 1,000 generated files), faster than a client reads it; the
/// state thread waits while this is large, so the queue holds about a
/// megabyte rather than all of it (the server's peak memory while indexing
/// ws1000 was some 5 MiB higher than after).
#[derive(Clone, Default)]
pub struct Backlog(Arc<AtomicUsize>);

impl Backlog {
    /// The bytes waiting to be written.
    pub fn bytes(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    /// Waits while more than `limit` bytes wait, until `until` at the
    /// latest (a client that stops reading must not stop the server).
    pub fn wait_below(&self, limit: usize, until: Instant) {
        while self.bytes() > limit && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Counts `bytes` made, to be sent with [`Wire::notify_counted`].
    pub fn add(&self, bytes: usize) {
        self.0.fetch_add(bytes, Ordering::Relaxed);
    }

    fn written(&self, bytes: usize) {
        // Never below zero, whatever was counted: a wrapped count would
        // make every round of publishing wait its whole patience.
        let _ = self
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| {
                Some(b.saturating_sub(bytes))
            });
    }
}

impl Wire {
    /// Answers the request `id`.
    pub fn respond(&self, id: &Id, answer: jsonrpc::Result<Json>) {
        let message = match answer {
            Ok(value) => {
                let mut head = br#"{"jsonrpc":"2.0","id":"#.to_vec();
                // An id is a number, a string or null: it serializes.
                serde_json::to_writer(&mut head, id).expect("an id serializes");
                head.extend_from_slice(br#","result":"#);
                Message::Body {
                    head,
                    value,
                    tail: b"}",
                    counted: 0,
                }
            }
            Err(error) => Message::Body {
                head: Vec::new(),
                value: Json::of(&Response::from_error(id.clone(), error)),
                tail: b"",
                counted: 0,
            },
        };
        let _ = self.tx.send(message);
    }

    /// Sends the notification `method` with `params`, counted in the
    /// [`Backlog`] until it is written: its maker added `params` to it.
    pub fn notify_counted(&self, method: &str, params: Json) {
        let counted = params.as_bytes().len();
        let mut head = br#"{"jsonrpc":"2.0","method":"#.to_vec();
        serde_json::to_writer(&mut head, method).expect("a method name serializes");
        head.extend_from_slice(br#","params":"#);
        let _ = self.tx.send(Message::Body {
            head,
            value: params,
            tail: b"}",
            counted,
        });
    }

    /// Tells the writer to stop once it has written what came before.
    pub fn end(&self) {
        let _ = self.tx.send(Message::End);
    }

    /// What waits to be written, for a maker of many messages to wait on.
    pub fn backlog(&self) -> Backlog {
        self.backlog.clone()
    }
}

/// The writer: [`Writer::run`] writes every message to the client, on a
/// thread of its own.
pub struct Writer {
    rx: UnboundedReceiver<Message>,
    backlog: Backlog,
}

/// Starts the wire: the handle for the server's own messages, the stream
/// the protocol crate writes into, and the writer.
pub fn start() -> (Wire, DuplexStream, Writer) {
    let (tx, rx) = unbounded_channel();
    let (protocol_out, from_protocol) = tokio::io::duplex(1 << 16);
    let forward = tx.clone();
    tokio::spawn(async move {
        let mut input = BufReader::new(from_protocol);
        // The protocol crate writes well-formed frames; read them whole.
        while let Some(frame) = next_frame(&mut input).await {
            if let Frame::Body(body) = frame {
                let message = Message::Body {
                    head: Vec::new(),
                    value: Json(body.into()),
                    tail: b"",
                    counted: 0,
                };
                if forward.send(message).is_err() {
                    return;
                }
            }
        }
        let _ = forward.send(Message::End);
    });
    let backlog = Backlog::default();
    (
        Wire {
            tx,
            backlog: backlog.clone(),
        },
        protocol_out,
        Writer { rx, backlog },
    )
}

impl Writer {
    /// Writes each message as it comes, until the protocol crate's output
    /// ends (the session is over) or the client stops reading.
    ///
    /// Blocking, on a thread that does nothing else: the answers to one
    /// keystroke in a 10,000-line design are some 600 kB, which a client
    /// reads while it parses them. Written through tokio's stdout, each
    /// write was copied into its buffer and handed to a blocking thread,
    /// and the task waited for it on the runtime's two workers, which the
    /// answers being computed also need: the last answer of the keystroke
    /// bundle came 1 ms (p50) and 2 ms (p99) later than it does from here
    /// (README, "The editor loop").
    pub fn run(mut self, output: impl Write) {
        let mut output = std::io::BufWriter::with_capacity(1 << 16, output);
        while let Some(message) = self.rx.blocking_recv() {
            let Message::Body {
                head,
                value,
                tail,
                counted,
            } = message
            else {
                break;
            };
            let length = head.len() + value.as_bytes().len() + tail.len();
            let mut write = || {
                write!(output, "Content-Length: {length}\r\n\r\n")?;
                output.write_all(&head)?;
                output.write_all(value.as_bytes())?;
                output.write_all(tail)?;
                // Written out when nothing else waits: a burst of answers
                // goes in few writes.
                if self.rx.is_empty() {
                    output.flush()?;
                }
                std::io::Result::Ok(())
            };
            let written = write();
            drop(value);
            self.backlog.written(counted);
            if written.is_err() {
                return;
            }
        }
        let _ = output.flush();
    }
}

#[cfg(test)]
mod tests {
    /// Strings are escaped byte for byte as `serde_json` escapes them: every
    /// control character, quotes, backslashes, at the start, the end and
    /// in between, next to accents, Amharic and emoji.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = (0u8..0x20).map(|b| format!("a{}b", b as char)).collect();
        texts.extend(
            [
                "",
                "plain",
                "\"",
                "\\",
                "\"quoted\" name",
                "é ክ 😀 \"ጤና\"\\",
                "\u{7f}\u{80}",
                "end\\",
                "\"start",
                "tab\tand\nnew\r\nline",
                "\u{1}\u{1f}",
            ]
            .map(String::from),
        );
        for text in texts {
            let mut out = Text::with_capacity(0);
            out.string(&text);
            let ours = out.finish();
            assert_eq!(
                String::from_utf8_lossy(ours.as_bytes()),
                serde_json::to_string(&text).unwrap(),
                "{text:?}"
            );
        }
    }

    use super::*;
    use serde_json::{Value, json};
    use tokio::io::AsyncWriteExt;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    /// Every frame of `bytes`, parsed.
    fn frames(mut bytes: &[u8]) -> Vec<Value> {
        let mut out = Vec::new();
        while !bytes.is_empty() {
            let text = std::str::from_utf8(bytes).unwrap();
            let end = text.find("\r\n\r\n").unwrap();
            let length: usize = text[..end]
                .strip_prefix("Content-Length: ")
                .unwrap()
                .parse()
                .unwrap();
            let body = &bytes[end + 4..end + 4 + length];
            out.push(serde_json::from_slice(body).unwrap());
            bytes = &bytes[end + 4 + length..];
        }
        out
    }

    #[test]
    fn the_servers_messages_and_the_protocol_crates_arrive_whole() {
        runtime().block_on(async {
            let (wire, mut protocol, writer) = start();
            let big = Json::of(&vec!["é😀"; 20_000]);
            wire.respond(&Id::Number(7), Ok(big.clone()));
            wire.respond(
                &Id::String("x".into()),
                Err(jsonrpc::Error::request_cancelled()),
            );
            let params = Json::of(&json!({"a": 1}));
            wire.backlog().add(params.as_bytes().len());
            wire.notify_counted("textDocument/publishDiagnostics", params);
            // Counted until written (the writer starts only now).
            assert_eq!(wire.backlog().bytes(), 7);
            let writing = tokio::task::spawn_blocking(move || {
                let mut bytes = Vec::new();
                writer.run(&mut bytes);
                bytes
            });
            // The protocol crate's frame, written in two pieces.
            let body = br#"{"jsonrpc":"2.0","result":null,"id":8}"#;
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            protocol.write_all(header.as_bytes()).await.unwrap();
            protocol.write_all(&body[..10]).await.unwrap();
            protocol.write_all(&body[10..]).await.unwrap();
            drop(protocol);
            let bytes = writing.await.unwrap();
            let got = frames(&bytes);
            assert_eq!(got.len(), 4);
            assert_eq!(got[0]["id"], 7);
            assert_eq!(got[0]["result"].as_array().unwrap().len(), 20_000);
            assert_eq!(got[0]["result"][0], "é😀");
            assert_eq!(got[1], json!({"jsonrpc": "2.0", "id": "x", "error": {"code": -32800, "message": "Canceled"}}));
            assert_eq!(got[2]["method"], "textDocument/publishDiagnostics");
            assert_eq!(got[2]["params"], json!({"a": 1}));
            assert_eq!(got[3], json!({"jsonrpc": "2.0", "result": null, "id": 8}));
            assert_eq!(wire.backlog().bytes(), 0, "written: no longer waiting");
        });
    }

    #[test]
    fn a_backlog_is_waited_on_until_written_or_until_patience_ends() {
        let backlog = Backlog::default();
        backlog.add(3_000);
        // Nobody writes: the wait ends at its limit in time.
        let started = Instant::now();
        backlog.wait_below(1_000, started + Duration::from_millis(30));
        assert!(started.elapsed() >= Duration::from_millis(30));
        assert_eq!(backlog.bytes(), 3_000);
        // Below the limit: no wait at all, however long the patience.
        let started = Instant::now();
        backlog.wait_below(5_000, started + Duration::from_secs(10));
        assert!(started.elapsed() < Duration::from_secs(5));
        // A writer drains it: the wait ends when it is below the limit.
        let writer = backlog.clone();
        let draining = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            writer.written(2_500);
        });
        let started = Instant::now();
        backlog.wait_below(1_000, started + Duration::from_secs(10));
        assert_eq!(backlog.bytes(), 500);
        draining.join().unwrap();
        // More written than counted: zero, not a wrapped count.
        backlog.written(800);
        assert_eq!(backlog.bytes(), 0);
    }
}
