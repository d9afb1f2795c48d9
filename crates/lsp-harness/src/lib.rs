//! A language-server client for tests and benchmarks: it starts the real
//! `flowspec lsp` binary, speaks JSON-RPC to it over stdio as an editor
//! does, and answers the requests the server sends back (settings, watcher
//! registration). Every wait has a timeout: a test fails, it never hangs.
//!
//! Fixtures (`flowspec-test-fixture`) hold one or more files, each
//! introduced by a `//- path` line, with cursor markers `$0` … `$9`:
//!
//! ```text
//! //- tools.flow
//! tool commcare "CommCare"
//! //- flows.flow
//! flow f: comm$0care -> dhis2
//! ```
//!
//! The parts: [`transport`] (framing, the reader thread, deadlines),
//! [`server`] (start, initialize, requests, notifications, shutdown),
//! `documents` (open documents as the client holds them, edits, URIs,
//! diagnostics, workspace edits), [`positions`] (positions in either
//! encoding, edits, snapshots of ranges), `pipeline` (requests sent
//! together and answered in any order, `$/cancelRequest`) and [`protocol`]
//! (the protocol's numbered constants by name).

mod documents;
mod pipeline;
pub mod positions;
pub mod protocol;
pub mod server;
pub mod transport;
mod uri;

pub use documents::{Mark, codes};
pub use flowspec_test_fixture::{Fixture, LANGUAGE_EXAMPLE};
pub use pipeline::Answer;
pub use positions::{Encoding, annotate, apply_edits, byte_range, edit_ranges, offset, position};
pub use server::{Options, Server};
pub use transport::timeout;
