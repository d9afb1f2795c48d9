//! `flowspec mcp`: a Model Context Protocol server on stdio, so that an AI
//! assistant can query and check a design the way `flowspec` does.
//!
//! - [`tools`]: the server and its tools (`list_design`, `get_flow`,
//!   `check`, `explain`, `draw`, `export_openfn`), each with a JSON schema
//!   for its input (derived from its Rust type);
//! - [`data`]: their answers as JSON, from `flowspec-design`.
//!
//! The protocol (JSON-RPC over stdin and stdout, the handshake, version
//! negotiation) is the official SDK's, `rmcp`. Nothing is written on stdout
//! but protocol messages; the server ends when stdin closes.

pub mod data;
pub mod tools;

use std::path::PathBuf;

use rmcp::ServiceExt;

pub use tools::Flowspec;

/// Serves the design at `paths` on stdin and stdout until stdin closes.
pub fn run(paths: Vec<PathBuf>) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the MCP server: {e}"))?;
    runtime.block_on(async {
        let service = Flowspec::new(paths)
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| format!("the MCP handshake failed: {e}"))?;
        service
            .waiting()
            .await
            .map_err(|e| format!("the MCP server stopped: {e}"))?;
        Ok(())
    })
}
