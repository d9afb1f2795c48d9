//! The server_messages check on sessions made from seeded bytes, so that
//! every test run drives the server through a few hundred messages even
//! before any corpus exists, and a session a change breaks shows here.

use flowspec_fuzz_checks::server_messages;

/// xorshift64: the same bytes on every machine.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn seeded_sessions_get_every_request_answered() {
    for seed in 0..40 {
        server_messages(&bytes(seed, 64 + 97 * seed as usize));
    }
}

#[test]
fn a_session_of_real_design_text_and_requests() {
    // A design as the opened text, then the fuzzer's bytes for the rest:
    // the arbitrary crate reads a string as a length and its bytes.
    let design = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/ethiopia/reporting.flow"),
    )
    .expect("the example");
    for seed in 0..10 {
        let mut data = vec![(seed % 3) as u8];
        data.extend_from_slice(&design);
        data.extend(bytes(seed + 100, 2000));
        server_messages(&data);
    }
}
