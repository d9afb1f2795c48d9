#![no_main]
//! `flowspec_fuzz_checks::server_messages` on libFuzzer's inputs.

libfuzzer_sys::fuzz_target!(|data: &[u8]| flowspec_fuzz_checks::server_messages(data));
