//! The protocol endpoint: each notification becomes a message to the state
//! thread; each request is answered by a handler in [`crate::handlers`].

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::convert;
use crate::direct::Phase;
use crate::handlers;
use crate::settings::Settings;
use crate::state::{self, ClientCaps, Msg, Out, StateHandle};
use crate::wire::Wire;

/// The parameters of `flowspec/diagram`.
#[derive(Debug, serde::Deserialize)]
pub struct DiagramParams {
    #[serde(default)]
    pub uri: Option<Uri>,
}

/// What the client can do, as it said in `initialize`.
#[derive(Debug, Clone, Copy, Default)]
struct ClientFlags {
    dynamic_watchers: bool,
    configuration: bool,
}

pub struct Backend {
    client: Client,
    state: StateHandle,
    flags: OnceLock<ClientFlags>,
    phase: Arc<Phase>,
}

impl Backend {
    /// Diagnostics and the server's other answers go to the client through
    /// `wire`, serialized where they are made.
    pub fn new(client: Client, wire: Wire) -> Backend {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let backlog = wire.backlog();
        tokio::spawn(publish(client.clone(), wire, rx));
        Backend {
            client,
            state: state::spawn(tx, Some(backlog)),
            flags: OnceLock::new(),
            phase: Arc::default(),
        }
    }

    pub fn state(&self) -> StateHandle {
        self.state.clone()
    }

    pub fn phase(&self) -> Arc<Phase> {
        self.phase.clone()
    }

    fn flags(&self) -> ClientFlags {
        self.flags.get().copied().unwrap_or_default()
    }

    /// `flowspec/diagram`: `{ "uri": … }` draws the flows of one document,
    /// `{}` the whole workspace; the answer is `{ "svg": "<svg …>" }`, the
    /// same picture as `flowspec graph`.
    pub async fn diagram(&self, params: DiagramParams) -> Result<Value> {
        // On a worker, from a snapshot: the layout takes seconds on a design
        // of hundreds of flows, and edits and other requests never wait for
        // a picture.
        let draw = move |snap: &crate::snapshot::Snapshot| {
            let graph = match &params.uri {
                Some(uri) => flowspec_diagram::graph_of_file(&snap.workspace, &convert::key(uri)),
                None => flowspec_diagram::graph(&snap.workspace, None).unwrap_or_default(),
            };
            flowspec_diagram::svg(&graph)
        };
        let svg = self.state.read_workspace(draw).await?;
        Ok(serde_json::json!({ "svg": svg }))
    }

    /// `flowspec/documentText`: the text the server holds for a document
    /// (open or from disk), for clients that want to check their sync.
    /// A message the gate would not pass on (gate.rs): said in the
    /// client's log, and the session goes on.
    pub async fn rejected_message(&self, params: Value) {
        let reason = params["reason"]
            .as_str()
            .unwrap_or("a message that does not decode");
        self.client
            .log_message(MessageType::WARNING, format!("ignored {reason}"))
            .await;
    }

    /// A request the gate would not pass on but whose id it read: said in
    /// the client's log and answered with an error, so that nothing waits
    /// for it.
    pub async fn rejected_request(&self, params: Value) -> Result<Value> {
        let reason = params["reason"]
            .as_str()
            .unwrap_or("a message that does not decode")
            .to_string();
        self.client
            .log_message(MessageType::WARNING, format!("refused {reason}"))
            .await;
        Err(tower_lsp_server::jsonrpc::Error {
            code: tower_lsp_server::jsonrpc::ErrorCode::InvalidRequest,
            message: format!("refused {reason}").into(),
            data: None,
        })
    }

    pub async fn document_text(&self, params: TextDocumentIdentifier) -> Result<Option<String>> {
        let uri = params.uri;
        self.state
            .read(&uri.clone(), move |snap| {
                Some(snap.document(&uri)?.file.text.to_string())
            })
            .await
    }
}

/// Asks the client for the `flowspec` settings section and applies it.
async fn pull_configuration(client: Client, state: StateHandle) {
    let item = ConfigurationItem {
        scope_uri: None,
        section: Some("flowspec".to_string()),
    };
    match client.configuration(vec![item]).await {
        Ok(values) => {
            if let Some(value) = values.into_iter().next().filter(|v| !v.is_null()) {
                apply_settings(&client, &state, &value).await;
            }
        }
        Err(e) => {
            client
                .log_message(
                    MessageType::WARNING,
                    format!("could not read the settings: {e}"),
                )
                .await;
        }
    }
}

async fn apply_settings(client: &Client, state: &StateHandle, value: &Value) {
    let (settings, problems) = Settings::from_json(value);
    for problem in problems {
        client
            .log_message(MessageType::WARNING, format!("setting ignored: {problem}"))
            .await;
    }
    state.send(Msg::Settings(settings));
}

/// After `initialized`: watch `.flow` files, read the settings, index the
/// folders. Runs as its own task: a handler that waited for the client's
/// answers would keep the server from exiting if `exit` came first.
async fn start(client: Client, state: StateHandle, flags: ClientFlags) {
    if flags.dynamic_watchers {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.flow".to_string()),
                kind: None,
            }],
        };
        let registration = Registration {
            id: "flowspec-watch-flow-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = client.register_capability(vec![registration]).await {
            client
                .log_message(
                    MessageType::WARNING,
                    format!("could not watch .flow files: {e}"),
                )
                .await;
        }
    }
    if flags.configuration {
        pull_configuration(client, state.clone()).await;
    }
    state.send(Msg::Index);
}

/// Sends what the state thread produces, one message after another, so
/// diagnostics reach the client in the order they were computed.
async fn publish(client: Client, wire: Wire, mut rx: tokio::sync::mpsc::UnboundedReceiver<Out>) {
    while let Some(out) = rx.recv().await {
        match out {
            // Serialized by the state thread, which counted it in the
            // wire's backlog.
            Out::Diagnostics(params) => {
                wire.notify_counted("textDocument/publishDiagnostics", params)
            }
            Out::Log(kind, message) => client.log_message(kind, message).await,
            // Requests: the client answers them; nothing waits for that.
            Out::RefreshSemanticTokens => {
                let client = client.clone();
                tokio::spawn(async move { client.semantic_tokens_refresh().await });
            }
            Out::RefreshInlayHints => {
                let client = client.clone();
                tokio::spawn(async move { client.inlay_hint_refresh().await });
            }
        }
    }
}

fn folder_paths(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    #[allow(deprecated)] // older clients send only rootUri
    if roots.is_empty()
        && let Some(root) = params.root_uri.as_ref().and_then(|u| u.to_file_path())
    {
        roots.push(root.into_owned());
    }
    roots
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = convert::negotiate_encoding(&params.capabilities);
        let workspace_caps = params.capabilities.workspace.as_ref();
        let _ = self.flags.set(ClientFlags {
            dynamic_watchers: workspace_caps
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            configuration: workspace_caps
                .and_then(|w| w.configuration)
                .unwrap_or(false),
        });
        let (settings, problems) = params
            .initialization_options
            .as_ref()
            .map(Settings::from_json)
            .unwrap_or_default();
        for problem in problems {
            self.client
                .log_message(MessageType::WARNING, format!("setting ignored: {problem}"))
                .await;
        }
        let caps = &params.capabilities;
        let text_caps = caps.text_document.as_ref();
        let client = ClientCaps {
            snippets: text_caps
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            semantic_tokens_refresh: workspace_caps
                .and_then(|w| w.semantic_tokens.as_ref())
                .and_then(|s| s.refresh_support)
                .unwrap_or(false),
            inlay_hint_refresh: workspace_caps
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|i| i.refresh_support)
                .unwrap_or(false),
            definition_links: text_caps
                .and_then(|t| t.definition.as_ref())
                .and_then(|d| d.link_support)
                .unwrap_or(false),
            declaration_links: text_caps
                .and_then(|t| t.declaration.as_ref())
                .and_then(|d| d.link_support)
                .unwrap_or(false),
            document_changes: workspace_caps
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
        };
        self.state.send(Msg::Initialize {
            encoding,
            roots: folder_paths(&params),
            settings,
            client,
        });
        self.phase.initialized();
        Ok(InitializeResult {
            capabilities: handlers::capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "flowspec".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        tokio::spawn(start(self.client.clone(), self.state.clone(), self.flags()));
    }

    async fn shutdown(&self) -> Result<()> {
        self.phase.shut_down();
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let key = convert::key(&doc.uri);
        self.state.shared.opened(&key, Some(doc.version));
        self.state.send(Msg::Open {
            key,
            version: doc.version,
            text: doc.text,
        });
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let key = convert::key(&params.text_document.uri);
        // Requests about this document still running are now stale.
        self.state
            .shared
            .changed(&key, params.text_document.version);
        self.state.send(Msg::Change {
            key,
            version: params.text_document.version,
            changes: params.content_changes,
        });
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let key = convert::key(&params.text_document.uri);
        self.state.shared.opened(&key, None);
        self.state.send(Msg::Close { key });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let events = params
            .changes
            .into_iter()
            .filter(|e| {
                e.uri
                    .to_file_path()
                    .is_some_and(|p| flowspec_fs::is_flow_file(&p))
            })
            .map(|e| (convert::key(&e.uri), e.typ))
            .collect();
        self.state.send(Msg::Watched(events));
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let paths = |folders: Vec<WorkspaceFolder>| -> Vec<PathBuf> {
            folders
                .into_iter()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect()
        };
        self.state.send(Msg::Folders {
            added: paths(params.event.added),
            removed: paths(params.event.removed),
        });
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match params.settings.get("flowspec") {
            Some(section) if !section.is_null() => {
                apply_settings(&self.client, &self.state, section).await
            }
            _ if self.flags().configuration => {
                tokio::spawn(pull_configuration(self.client.clone(), self.state.clone()));
            }
            _ => {}
        }
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        handlers::formatting::formatting(&self.state, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        handlers::hover::hover(&self.state, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        handlers::completion::completion(&self.state, params).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        handlers::navigation::definition(&self.state, params).await
    }

    async fn goto_declaration(
        &self,
        params: request::GotoDeclarationParams,
    ) -> Result<Option<request::GotoDeclarationResponse>> {
        handlers::navigation::declaration(&self.state, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        handlers::navigation::references(&self.state, params).await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        handlers::navigation::highlight(&self.state, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        handlers::rename::prepare(&self.state, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        handlers::rename::rename(&self.state, params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        handlers::symbols::workspace(&self.state, params).await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        handlers::selection::selection(&self.state, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        handlers::code_actions::code_actions(&self.state, params).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        handlers::code_lens::execute_command(&self.client, params).await
    }
}
