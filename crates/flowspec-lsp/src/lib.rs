//! The Flowspec language server: `flowspec lsp`, on stdio.
//!
//! Layers: [`backend`] receives protocol messages and hands them to the
//! [`state`] thread, which owns every document and the analysis workspace;
//! [`handlers`] answer each request by calling the analysis crate and
//! [`convert`]ing its answer. Nothing here decides what a design means.

mod backend;
pub mod convert;
pub mod document;
mod handlers;
mod settings;
mod state;

use tower_lsp_server::{LspService, Server};

/// Serves the protocol on stdin/stdout until the client says `exit`.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = LspService::build(backend::Backend::new)
            .custom_method("flowspec/documentText", backend::Backend::document_text)
            .custom_method("flowspec/diagram", backend::Backend::diagram)
            .finish();
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    Ok(())
}
