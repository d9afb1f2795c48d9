//! Requests sent together, as an editor sends them after a keystroke, and
//! answered in whatever order the server likes; and `$/cancelRequest`.
//!
//! [`Server::request`] waits for each answer before the next request;
//! here [`Server::send_request`] only writes, and [`Server::answers`]
//! collects the answers of many ids with the time each arrived (after the
//! client read and parsed it, as an editor would) and its size.

use std::collections::HashMap;
use std::time::Instant;

use serde_json::{Value, json};

use crate::Server;
use crate::transport::{Received, timeout, write_message};

/// One answer to a request sent with [`Server::send_request`].
#[derive(Debug, Clone)]
pub struct Answer {
    pub id: u64,
    /// When the client had read its last byte (the server's part done:
    /// what `lspbench.py` times too).
    pub read: Instant,
    /// When the client had read and parsed it.
    pub at: Instant,
    /// The size of the result (or error) as compact JSON, in bytes.
    pub bytes: usize,
    /// The result, or the protocol error.
    pub result: Result<Value, Value>,
}

impl Server {
    /// Writes a request and returns its id without waiting for the answer.
    pub fn send_request(&mut self, method: &str, params: Value) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        write_message(
            &self.stdin,
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        );
        id
    }

    /// Asks the server to cancel a request (`$/cancelRequest`).
    pub fn cancel(&mut self, id: u64) {
        self.notify("$/cancelRequest", json!({ "id": id }));
    }

    /// Waits for the answers to `ids`; returns them in the order of `ids`.
    /// Notifications that arrive meanwhile are kept, as everywhere.
    pub fn answers(&mut self, ids: &[u64]) -> Vec<Answer> {
        let deadline = Instant::now() + timeout();
        let mut got: HashMap<u64, Answer> = HashMap::new();
        while got.len() < ids.len() {
            let Received {
                mut message,
                bytes,
                read,
                at,
            } = self.recv_sized(deadline, "answers to requests sent together");
            if message.get("method").is_some() {
                self.notifications.push(message);
                continue;
            }
            let Some(id) = message["id"].as_u64().filter(|id| ids.contains(id)) else {
                continue;
            };
            // Moved out, not copied: a copy of a large answer (and writing it
            // again to count its bytes) would be the client's time, not the
            // server's.
            let fields = message.as_object_mut().expect("a response is an object");
            let (key, result) = match fields.remove("error") {
                Some(error) => ("error", Err(error)),
                None => ("result", Ok(fields.remove("result").unwrap_or(Value::Null))),
            };
            // The body is compact JSON: `{…envelope…,"result":R}` in some
            // order, so R's size is the body's less the rest's.
            let envelope = Value::Object(fields.clone()).to_string().len();
            let bytes = bytes - envelope - format!(",\"{key}\":").len();
            got.insert(
                id,
                Answer {
                    id,
                    read,
                    at,
                    bytes,
                    result,
                },
            );
        }
        ids.iter().map(|id| got.remove(id).unwrap()).collect()
    }

    /// The error code of a failed answer (`None` when it succeeded).
    pub fn error_code(answer: &Answer) -> Option<i64> {
        answer
            .result
            .as_ref()
            .err()
            .and_then(|e| e["code"].as_i64())
    }
}
