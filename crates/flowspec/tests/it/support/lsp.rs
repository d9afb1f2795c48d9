//! Helpers of the protocol tests: starting the server on a fixture, and
//! reading the answers that several features share.

use flowspec_lsp_harness::{Fixture, Options, Server};

use super::binary;

/// The server started on a fixture (files on disk, not yet indexed).
pub fn start(source: &str, options: Options) -> Server {
    Server::start(binary(), &Fixture::parse(source), options)
}

/// The server started on a fixture, indexed, with every file opened.
pub fn start_opened(source: &str, options: Options) -> Server {
    Server::start_opened(binary(), &Fixture::parse(source), options)
}
