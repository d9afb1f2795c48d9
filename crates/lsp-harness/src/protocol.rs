//! The protocol's numbered constants, by name, so that a test reads
//! `completion_kind::MODULE` where the wire says `9`. Values from the
//! Language Server Protocol 3.17 specification.

/// `CompletionItemKind`.
pub mod completion_kind {
    pub const VARIABLE: u64 = 6;
    pub const MODULE: u64 = 9;
    pub const PROPERTY: u64 = 10;
    pub const UNIT: u64 = 11;
    pub const VALUE: u64 = 12;
    pub const KEYWORD: u64 = 14;
    pub const SNIPPET: u64 = 15;
    pub const ENUM_MEMBER: u64 = 20;

    /// The name of a kind, for snapshots.
    pub fn name(kind: u64) -> &'static str {
        match kind {
            VARIABLE => "variable",
            MODULE => "module",
            PROPERTY => "property",
            UNIT => "unit",
            VALUE => "value",
            KEYWORD => "keyword",
            SNIPPET => "snippet",
            ENUM_MEMBER => "enumMember",
            _ => "?",
        }
    }
}

/// `InsertTextFormat`.
pub mod insert_text_format {
    pub const PLAIN_TEXT: u64 = 1;
    pub const SNIPPET: u64 = 2;
}

/// `SymbolKind`.
pub mod symbol_kind {
    pub const CLASS: u64 = 5;
    pub const PROPERTY: u64 = 7;
    pub const INTERFACE: u64 = 11;
    pub const FUNCTION: u64 = 12;

    pub fn name(kind: u64) -> &'static str {
        match kind {
            CLASS => "Class",
            PROPERTY => "Property",
            INTERFACE => "Interface",
            FUNCTION => "Function",
            _ => "?",
        }
    }
}

/// `DocumentHighlightKind`.
pub mod highlight_kind {
    pub const TEXT: u64 = 1;
    pub const READ: u64 = 2;
    pub const WRITE: u64 = 3;
}

/// `DiagnosticSeverity`.
pub mod severity {
    pub const ERROR: u64 = 1;
    pub const WARNING: u64 = 2;
    pub const INFORMATION: u64 = 3;
    pub const HINT: u64 = 4;
}

/// `DiagnosticTag`.
pub mod diagnostic_tag {
    pub const UNNECESSARY: u64 = 1;
}

/// `FileChangeType` of `workspace/didChangeWatchedFiles`.
pub mod file_change {
    pub const CREATED: u64 = 1;
    pub const CHANGED: u64 = 2;
    pub const DELETED: u64 = 3;
}

/// `MessageType` of `window/showMessage` and `window/logMessage`.
pub mod message_type {
    pub const ERROR: u64 = 1;
    pub const WARNING: u64 = 2;
    pub const INFO: u64 = 3;
    pub const LOG: u64 = 4;
}

/// `TextDocumentSyncKind`.
pub mod sync_kind {
    pub const FULL: u64 = 1;
    pub const INCREMENTAL: u64 = 2;
}

/// JSON-RPC and LSP error codes.
pub mod error_code {
    pub const INVALID_PARAMS: i64 = -32602;
    /// The client cancelled the request (`$/cancelRequest`).
    pub const REQUEST_CANCELLED: i64 = -32800;
    /// The document changed while the answer was computed.
    pub const CONTENT_MODIFIED: i64 = -32801;
    pub const REQUEST_FAILED: i64 = -32803;
}
