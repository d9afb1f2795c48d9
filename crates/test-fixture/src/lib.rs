//! What Flowspec's tests share, in process and through the protocol alike:
//!
//! - [`Fixture`]: one or more files in one string, each after a `//- path`
//!   line, with cursor markers `$0` … `$9`;
//! - [`annotate`]: a text with byte ranges marked under their lines, the
//!   form every snapshot of an answer takes;
//! - [`Rng`]: a small seeded random source for generated designs and edits,
//!   and [`pieces`]: what property tests join into random text;
//! - [`LANGUAGE_EXAMPLE`]: the product design's example, verbatim, and
//!   [`designs`]: the designs that the in-process and protocol tests of a
//!   feature share; [`generated`]: large deterministic designs (the
//!   benches' and the payload guards'); [`edits`]: random edits as an
//!   editor sends them (the soak's, and the tests of kept answers').
//!
//! Text only: no analysis, no protocol. `flowspec-lsp-harness` converts
//! protocol positions to byte offsets and renders with the same functions,
//! so an in-process snapshot and a protocol one read alike.

mod annotate;
pub mod designs;
pub mod edits;
mod fixture;
pub mod generated;
mod lines;
pub mod pieces;
mod rng;

pub use annotate::{Mark, annotate, annotate_files};
pub use fixture::Fixture;
pub use lines::{line_col, line_starts};
pub use rng::Rng;

/// The example of the product design (LANGUAGE.md), verbatim: the fixture
/// the diagnostics snapshots also read.
pub const LANGUAGE_EXAMPLE: &str =
    include_str!("../../../tests/fixtures/diagnostics/language-example.flow");
