//! The importer in process, on OpenFn's own fixtures
//! (`tests/openfn/fixtures/`, written by `@openfn/project`) and on this
//! repository's examples exported by Flowspec.
//!
//! - `roundtrip`: export(import(P)) keeps every workflow, trigger, job and
//!   edge of P; import(export(D)) answers what D answers.
//! - `bad_input`: every malformed, unknown, missing, duplicated or dangling
//!   thing is an error with its file, line and column.

mod bad_input;
mod roundtrip;
mod support;
