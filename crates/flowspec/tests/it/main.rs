//! The end-to-end tests of the `flowspec` binary, in one test crate so that
//! the build links one executable (not one per file).
//!
//! - `cli`, `export`, `export_formats`, `graph`, `import`: the command line, as a user runs it.
//! - `mcp`: `flowspec mcp` through the Model Context Protocol on stdio
//!   (handshake, tools/list, tools/call on each tool, errors).
//! - `serve`: `flowspec serve` over a real socket: raw HTTP (path
//!   traversal), server-sent events after a save, `--port`, `--host`,
//!   `--open`.
//! - `lsp_*`: the real `flowspec lsp` over stdio, driven by `lsp-harness`,
//!   one module per concern. They test what only the protocol shows:
//!   document sync and ordering, capabilities and their negotiation,
//!   position encodings, client-capability variations, settings, the disk,
//!   the custom requests, error answers, and one end-to-end case per
//!   method. What a feature answers is tested in process, in
//!   `flowspec-analysis/tests/it/ide/`.
//! - `editor_*`: real editors (Neovim, Emacs, Helix's configuration) as
//!   clients; each skips when its editor is missing, unless `CI` is set.
//! - `support`: what they share (`binary()`, temporary workspaces, and
//!   `support::lsp` for the protocol tests). A new test file goes here as
//!   `NAME.rs` with a `mod NAME;` line below, and takes its helpers from
//!   `crate::support`.

mod support;

mod cli;
mod editor_emacs;
mod editor_helix;
mod editor_neovim;
mod export;
mod export_formats;
mod export_mapping;
mod graph;
mod import;
mod lsp_bad_messages;
mod lsp_changes;
mod lsp_code_actions;
mod lsp_code_lens;
mod lsp_completion;
mod lsp_diagram;
mod lsp_discovery;
mod lsp_disk;
mod lsp_folding_selection;
mod lsp_hover;
mod lsp_inlay_hints;
mod lsp_kept_answers;
mod lsp_keystroke;
mod lsp_lines;
mod lsp_navigation;
mod lsp_random_edits;
mod lsp_records;
mod lsp_rename;
mod lsp_requests;
mod lsp_semantic_tokens;
mod lsp_soak_findings;
mod lsp_symbols;
mod lsp_sync;
mod mcp;
mod serve;
