//! The MCP tools. Each call reads the design afresh from its paths (an
//! assistant that has just edited a file sees the edit) and answers from
//! `flowspec-design`, `flowspec-diagram` and `flowspec-export`: what the
//! command line would print. A problem with the call (an unknown flow or
//! code, a design that cannot be read) is a tool error the assistant reads,
//! not a protocol error.

use std::path::PathBuf;

use base64::Engine;
use flowspec_analysis::{Code, Severity, Workspace};
use flowspec_diagram::Direction;
use flowspec_export::openfn;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock, Implementation, ServerCapabilities, ServerConfig};
use rmcp::{ServerHandler, schemars, tool, tool_handler, tool_router};
use serde::Deserialize;

use crate::data;

/// The server: the design's paths, and the tools.
#[derive(Clone)]
pub struct Flowspec {
    paths: Vec<PathBuf>,
    tool_router: ToolRouter<Self>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct FlowRequest {
    /// The flow's name (`monthly_indicators`), or a bare flow's chain
    /// (`commcare -> dhis2`).
    pub name: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ExplainRequest {
    /// A diagnostic code, such as `unanswered-volume` (the `code` of each
    /// diagnostic `check` returns), or `all` for the list of codes.
    pub code: String,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DrawFormat {
    /// The diagram as an SVG picture.
    #[default]
    Svg,
    /// The SVG rendered as a PNG image (the bundled fonts).
    Png,
    /// A diagrams.net (Draw.io) file with the same boxes and arrows.
    Drawio,
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart (for Markdown).
    Mermaid,
}

#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DirectionArg {
    /// Left to right.
    Lr,
    /// Top to bottom.
    Tb,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct DrawRequest {
    /// What to draw: `svg` (default), `png`, `drawio`, `dot` or `mermaid`.
    #[serde(default)]
    pub format: DrawFormat,
    /// Draw only this flow (its name, or a bare flow's chain).
    pub flow: Option<String>,
    /// Which way the flows run (SVG, PNG and Draw.io); by default left to
    /// right unless that is much wider than tall.
    pub direction: Option<DirectionArg>,
    /// PNG only: pixels per SVG unit, 1 to 8 (default 1).
    pub scale: Option<f32>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// A 4.0 workspace folder (what `openfn project deploy` reads): each
    /// file with its path.
    #[default]
    Workspace,
    /// The same as one 4.0 project file.
    Project,
    /// `project.yaml` in the v1 spec of the legacy `openfn deploy`.
    ProjectV1,
    /// `workflow.json`: the execution plan of one workflow for the OpenFn CLI.
    WorkflowJson,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ExportRequest {
    /// `workspace` (default), `project`, `project_v1` or `workflow_json`.
    #[serde(default)]
    pub format: ExportFormat,
    /// Export only this named flow (required for `workflow_json` when the
    /// design has several).
    pub flow: Option<String>,
    /// The project's name (default: the design folder's name).
    pub name: Option<String>,
}

fn text(text: impl Into<String>) -> CallToolResult {
    CallToolResult::success(vec![ContentBlock::text(text)])
}

fn json(value: &serde_json::Value) -> CallToolResult {
    text(serde_json::to_string_pretty(value).expect("JSON values serialise"))
}

fn refuse(message: impl Into<String>) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message)])
}

impl Flowspec {
    pub fn new(paths: Vec<PathBuf>) -> Flowspec {
        Flowspec {
            paths,
            tool_router: Self::tool_router(),
        }
    }

    fn load(&self) -> Result<Workspace, CallToolResult> {
        flowspec_design::load_workspace(&self.paths).map_err(refuse)
    }

    fn shown(&self) -> Vec<String> {
        self.paths
            .iter()
            .map(|p| flowspec_design::display_path(p))
            .collect()
    }
}

#[tool_router]
impl Flowspec {
    #[tool(
        description = "List the design's tools and people (each with its kind, owner, OpenFn adaptor, where it is declared and the flows through it) and its flows (steps, how many of the six questions each answers, its open and unanswered questions), with the files' introductions and a summary of the problems."
    )]
    fn list_design(&self) -> CallToolResult {
        match self.load() {
            Ok(ws) => json(&data::overview(
                &flowspec_design::design(&ws),
                &self.shown(),
            )),
            Err(refusal) => refusal,
        }
    }

    #[tool(
        description = "One flow's answers to the six questions of the method (Tools, Data flow, Transformation, Timing, Frequency, Volume): each answer as written and what it means, which are open questions (`tbd`, `unknown`) and which are unanswered, its steps and where it is written."
    )]
    fn get_flow(
        &self,
        Parameters(FlowRequest { name }): Parameters<FlowRequest>,
    ) -> CallToolResult {
        let ws = match self.load() {
            Ok(ws) => ws,
            Err(refusal) => return refusal,
        };
        // The diagram's matching: a chain however it is spaced, and "did
        // you mean" for a near miss.
        let graph = match flowspec_diagram::graph(&ws, Some(&name)) {
            Ok(graph) => graph,
            Err(unknown) => return refuse(unknown.to_string()),
        };
        let design = flowspec_design::design(&ws);
        let wanted = &graph.flows[0].name;
        match design.flows.iter().find(|f| &f.name == wanted) {
            Some(flow) => json(&data::flow(&design, flow)),
            None => refuse(format!("no flow is named `{name}`")),
        }
    }

    #[tool(
        description = "Check the design, as `flowspec check --format json` does: every diagnostic (path, 1-based line and column, severity, code, message, related places, suggested fixes), the counts and the summary line. Call `explain` with a diagnostic's code for what it means and how to fix it."
    )]
    fn check(&self) -> CallToolResult {
        match self.load() {
            Ok(ws) => json(&data::check(&flowspec_design::design(&ws))),
            Err(refusal) => refusal,
        }
    }

    #[tool(
        description = "Explain a diagnostic code from the language reference: what it means, an example that triggers it and how to fix it. `all` lists every code with its default severity."
    )]
    fn explain(
        &self,
        Parameters(ExplainRequest { code }): Parameters<ExplainRequest>,
    ) -> CallToolResult {
        if code.trim() == "all" {
            let lines: Vec<String> = Code::ALL
                .iter()
                .map(|c| format!("{} ({}): {}", c.as_str(), c.default_severity(), c.summary()))
                .collect();
            return text(lines.join("\n"));
        }
        match code.trim().parse::<Code>() {
            Ok(code) => match flowspec_design::explain::section(code) {
                Some(section) => text(section),
                None => refuse(format!("the reference has no section for `{code}`")),
            },
            Err(message) => refuse(message),
        }
    }

    #[tool(
        description = "Draw the design's data process (a box per tool and person, an arrow per hop of each flow, amber for flows with unanswered questions) as SVG, PNG (an image), Draw.io, Graphviz DOT or Mermaid; all flows or one."
    )]
    fn draw(&self, Parameters(request): Parameters<DrawRequest>) -> CallToolResult {
        let ws = match self.load() {
            Ok(ws) => ws,
            Err(refusal) => return refusal,
        };
        let graph = match flowspec_diagram::graph(&ws, request.flow.as_deref()) {
            Ok(graph) => graph,
            Err(unknown) => return refuse(unknown.to_string()),
        };
        let direction = request.direction.map(|d| match d {
            DirectionArg::Lr => Direction::LeftToRight,
            DirectionArg::Tb => Direction::TopToBottom,
        });
        match request.format {
            DrawFormat::Svg => text(flowspec_diagram::svg_in(&graph, direction)),
            DrawFormat::Drawio => text(flowspec_diagram::drawio(&graph, direction)),
            DrawFormat::Dot => text(flowspec_diagram::dot(&graph)),
            DrawFormat::Mermaid => text(flowspec_diagram::mermaid(&graph)),
            DrawFormat::Png => {
                let scale = request.scale.unwrap_or(1.0);
                if !(1.0..=8.0).contains(&scale) {
                    return refuse(format!("`{scale}` is not a scale from 1 to 8"));
                }
                match flowspec_diagram::png(&graph, direction, scale) {
                    Ok(bytes) => CallToolResult::success(vec![ContentBlock::image(
                        base64::engine::general_purpose::STANDARD.encode(bytes),
                        "image/png",
                    )]),
                    Err(e) => refuse(e.to_string()),
                }
            }
        }
    }

    #[tool(
        description = "Export the design as a runnable OpenFn project skeleton, as `flowspec export openfn` writes it: a 4.0 workspace folder (each file as a text block whose first line is its path), one 4.0 project file, a v1 project.yaml or one workflow's workflow.json. A workflow per named flow, triggers from timing and frequency, a job per step with an adaptor; projects kept by `flowspec import openfn` are kept. Returns the text and notes on what could not be exported as is. A design with errors is refused: run `check` first."
    )]
    fn export_openfn(&self, Parameters(request): Parameters<ExportRequest>) -> CallToolResult {
        let ws = match self.load() {
            Ok(ws) => ws,
            Err(refusal) => return refusal,
        };
        let errors = ws
            .files()
            .flat_map(|(id, _)| ws.diagnostics(id))
            .filter(|d| d.severity == Severity::Error)
            .count();
        if errors > 0 {
            return refuse(format!(
                "the design has {errors} error{}: nothing was exported (call `check` for the list)",
                if errors == 1 { "" } else { "s" }
            ));
        }
        let kept = match flowspec_design::openfn::kept_projects(&ws) {
            Ok(kept) => kept,
            Err(message) => return refuse(message),
        };
        let options = openfn::Options {
            project_name: flowspec_design::openfn::project_name(
                request.name.as_deref(),
                &kept,
                &self.paths,
            ),
            format: match request.format {
                ExportFormat::Workspace => openfn::Format::Workspace,
                ExportFormat::Project => openfn::Format::ProjectV4,
                ExportFormat::ProjectV1 => openfn::Format::ProjectV1,
                ExportFormat::WorkflowJson => openfn::Format::WorkflowJson,
            },
            flow: request.flow,
            kept,
        };
        match openfn::export(&ws, &options) {
            Ok(export) => {
                // A folder: each file, its path on the first line.
                let mut content: Vec<ContentBlock> = if options.format.is_folder() {
                    export
                        .files
                        .iter()
                        .map(|f| ContentBlock::text(format!("{}\n{}", f.path, f.text)))
                        .collect()
                } else {
                    vec![ContentBlock::text(export.text)]
                };
                if !export.notes.is_empty() {
                    let notes: Vec<String> =
                        export.notes.iter().map(|n| format!("note: {n}")).collect();
                    content.push(ContentBlock::text(notes.join("\n")));
                }
                CallToolResult::success(content)
            }
            Err(e) => refuse(e.to_string()),
        }
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Flowspec {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("flowspec", env!("CARGO_PKG_VERSION")))
            .with_instructions(format!(
                "Flowspec reads .flow integration designs: each flow answers six questions (Tools, Data flow, Transformation, Timing, Frequency, Volume). This server serves the design in {}. Start with list_design, read a flow with get_flow, find problems with check and explain their codes, draw or export it. Each call reads the files afresh.",
                self.shown().join(", ")
            ))
    }
}
