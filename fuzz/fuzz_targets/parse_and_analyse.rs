#![no_main]
//! `flowspec_fuzz_checks::parse_and_analyse` on libFuzzer's inputs.

libfuzzer_sys::fuzz_target!(|data: &[u8]| flowspec_fuzz_checks::parse_and_analyse(data));
