//! The properties Flowspec's fuzz targets check, one function per target.
//! Each takes the fuzzer's raw bytes and panics when a property fails, so
//! that `cargo fuzz` (in `fuzz/`, nightly) finds inputs that break them and
//! `tests/corpus.rs` (stable, in every test run) replays every saved input
//! through the very same code.
//!
//! - [`parse_and_analyse`]: any bytes parse and analyse without a panic;
//!   every span (syntax errors, diagnostics, fixes, semantic tokens,
//!   symbols, folds) lies inside the text on character boundaries;
//! - [`format`]: on text without a `syntax` error (the parser's or the
//!   analysis's), the output has none either, formats to itself and keeps
//!   every comment and the meaning; on text with one, the formatter
//!   refuses;
//! - [`reparse`]: a sequence of edits, each re-parsed incrementally, gives
//!   the tree, model and diagnostics of a fresh parse of the final text;
//! - [`positions`]: offsets ↔ line/column in UTF-8, UTF-16 and characters
//!   round-trip on any text, with every kind of line ending, and the open
//!   document's rope applies protocol edits as the line model says;
//! - [`values`]: the value readers (cron, frequency, volume, timing, dates)
//!   on arbitrary text;
//! - [`import`]: any text as an OpenFn project file or workspace folder
//!   gives an error inside the file, or a design that parses and a kept
//!   project that reads back as the one imported;
//! - [`export`]: any design exports in every OpenFn format, and the 4.0
//!   project file imports back;
//! - [`server_messages`]: a session of arbitrary and valid-looking
//!   messages, through the server's own stream handling, gets an answer to
//!   every request, never an internal error, and never stops the server.

mod checks;
mod edits;
mod openfn;
mod server;

pub use checks::{format, parse_and_analyse, positions, reparse, values};
pub use openfn::{export, import};
pub use server::server_messages;

/// A target's checks: panics when a property fails on the input.
pub type Check = fn(&[u8]);

/// Every target by name: what `tests/corpus.rs` replays and `fuzz/` builds.
pub const TARGETS: &[(&str, Check)] = &[
    ("parse_and_analyse", parse_and_analyse),
    ("format", format),
    ("reparse", reparse),
    ("positions", positions),
    ("values", values),
    ("import", import),
    ("export", export),
    ("server_messages", server_messages),
];

/// The fuzzer's bytes as text, invalid UTF-8 replaced: the properties are
/// about text (bytes that are not UTF-8 never reach the parser; the CLI and
/// the server report them).
pub(crate) fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}
