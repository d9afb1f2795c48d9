//! The analysis's tests from outside the crate, in one test crate (one
//! link):
//!
//! - `fixtures`: every file or folder of `tests/fixtures/diagnostics/`
//!   analysed, each diagnostic under its line (insta snapshots);
//! - `properties`: proptest: parsing and analysis are total, formatting is
//!   idempotent and keeps the meaning, a syntax error costs only its item;
//! - `reference_examples`: the reference's examples trigger their codes;
//! - `code_table`: the VS Code severity settings follow the table of codes;
//! - `ide`: every IDE feature in process, `check(fixture, expect![[…]])`
//!   on `//- path` fixtures with `$0` cursors, the answer drawn under the
//!   source (`ide/mod.rs` says how). `UPDATE_EXPECT=1 cargo test -p
//!   flowspec-analysis --test it` rewrites the expectations in place.

mod code_table;
mod fixtures;
mod ide;
mod properties;
mod reference_examples;
