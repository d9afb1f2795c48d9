//! The graph of a design: one node per tool or role its flows use, one edge
//! per hop of every flow. Every picture (SVG, DOT, Mermaid) is drawn from
//! this model, so they all show the same thing.

use std::collections::HashMap;

use flowspec_analysis::catalog::CatalogEntry;
use flowspec_analysis::model::{AnswerStatus, DeclKind, FlowInfo, Status};
use flowspec_analysis::schema::{Category, ToolKind};
use flowspec_analysis::suggest::did_you_mean;
use flowspec_analysis::{Resolution, Workspace};

/// What the picture shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    /// The first line of the first file's doc comment, or the flow's name
    /// when the graph shows one flow.
    pub title: Option<String>,
    /// In order of first use.
    pub nodes: Vec<Node>,
    /// Every hop of every flow, flow by flow, in chain order.
    pub edges: Vec<Edge>,
    pub flows: Vec<FlowSummary>,
}

/// Whether a step is a tool, a person, or names nothing known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    Tool,
    /// A `role`: a person moves the data by hand here.
    Role,
    /// A step that names no declaration and no catalog tool.
    Unknown,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Tool => "tool",
            NodeKind::Role => "role",
            NodeKind::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The id the chains use: the declaration's name, or the catalog id
    /// (an alias such as `nexmo` becomes its entry's id, `vonage`).
    pub id: String,
    /// The display name.
    pub label: String,
    pub kind: NodeKind,
    pub tool_kind: Option<ToolKind>,
    pub owner: Option<String>,
    /// The OpenFn adaptor: declared, or the catalog's.
    pub adaptor: Option<String>,
    /// The declaration's doc comment, or the catalog's description.
    pub description: Option<String>,
    /// Declared in a `.flow` file (rather than only known from the catalog).
    pub declared: bool,
}

impl Node {
    /// The small line under the name: the tool's kind, or what a role is.
    pub fn caption(&self) -> Option<String> {
        match self.kind {
            NodeKind::Tool => self.tool_kind.map(|k| k.as_str().to_string()),
            NodeKind::Role => Some("person".to_string()),
            NodeKind::Unknown => Some("unknown step".to_string()),
        }
    }
}

/// One hop of a flow: `from -> to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Indices into [`Graph::nodes`].
    pub from: usize,
    pub to: usize,
    /// Index into [`Graph::flows`].
    pub flow: usize,
    /// Which hop of its chain (0 for the first).
    pub hop: usize,
}

/// What a picture says about a flow.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowSummary {
    /// The flow's name, or its chain for an anonymous flow.
    pub name: String,
    /// Whether it has a name (`flow x: …`) rather than being a bare chain.
    pub named: bool,
    /// The file it is written in.
    pub file: String,
    /// `monthly`, `every 6 hours`, … when answered.
    pub frequency: Option<String>,
    /// `batch`, `realtime` or `manual` when answered.
    pub timing: Option<String>,
    /// `~12000 records/month` when answered.
    pub volume: Option<String>,
    /// The records its `data:` names, by their display names: `Patient`,
    /// or `Patient → Monthly enrolment` where a record becomes another.
    pub records: Vec<String>,
    /// How many of the six questions have a valid answer.
    pub answered: usize,
    /// How many are answered `unknown` or `tbd`.
    pub open: usize,
    /// The questions it leaves unanswered (or answers wrongly).
    pub missing: Vec<Category>,
    pub status: Option<Status>,
}

/// One line of an arrow's label, before any format styles it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelLine {
    /// The flow's name, or a bare flow's chain with real arrows.
    Title,
    /// The records it moves.
    Records,
    /// How often and what starts it.
    Schedule,
    /// How many questions it answers, when not all.
    Progress,
}

impl FlowSummary {
    fn of(workspace: &Workspace, flow: &FlowInfo, file: &str) -> FlowSummary {
        let shown = |name: &str| {
            workspace
                .record(name)
                .and_then(|(_, r)| r.display_name.clone())
                .unwrap_or_else(|| name.to_string())
        };
        let answers = &flow.answers;
        let statuses = Category::ALL.map(|c| (c, answers.status(c)));
        FlowSummary {
            name: flow.display_name.clone(),
            named: flow.name.is_some(),
            file: file.to_string(),
            frequency: answers.frequency().map(|f| f.display()),
            timing: answers.timing().map(|t| t.kind.as_str().to_string()),
            volume: answers.volume().map(|v| v.display()),
            records: flow
                .records
                .iter()
                .map(|m| {
                    if m.source.text == m.target.text {
                        shown(&m.source.text)
                    } else {
                        format!("{} → {}", shown(&m.source.text), shown(&m.target.text))
                    }
                })
                .collect(),
            answered: answers.answered_count(),
            open: statuses
                .iter()
                .filter(|(_, s)| *s == AnswerStatus::Open)
                .count(),
            missing: statuses
                .iter()
                .filter(|(_, s)| matches!(s, AnswerStatus::Unanswered | AnswerStatus::Invalid))
                .map(|(c, _)| *c)
                .collect(),
            status: flow.status,
        }
    }

    /// Every question has a valid answer.
    pub fn complete(&self) -> bool {
        self.answered == Category::ALL.len()
    }

    /// `monthly, batch`: what starts it and how often, as far as known.
    pub fn schedule(&self) -> Option<String> {
        let parts: Vec<&str> = [self.frequency.as_deref(), self.timing.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// `3/6 answered, 2 open` for a flow that leaves questions unanswered.
    pub fn progress(&self) -> Option<String> {
        if self.complete() {
            return None;
        }
        let mut text = format!("{}/{} answered", self.answered, Category::ALL.len());
        if self.open > 0 {
            text.push_str(&format!(", {} open", self.open));
        }
        Some(text)
    }

    /// `Patient, Visit`: the records it moves, when its `data:` names any.
    pub fn moves(&self) -> Option<String> {
        (!self.records.is_empty()).then(|| self.records.join(", "))
    }

    /// The name as a label shows it: a bare flow's chain with real arrows.
    pub fn title(&self) -> String {
        if self.named {
            self.name.clone()
        } else {
            self.name.split(" -> ").collect::<Vec<_>>().join(" → ")
        }
    }

    /// An arrow's label, line by line, the same in every picture: the
    /// title, the records it moves, the schedule, the progress.
    pub fn label_lines(&self) -> Vec<(LabelLine, String)> {
        let mut lines = vec![(LabelLine::Title, self.title())];
        lines.extend(self.moves().map(|m| (LabelLine::Records, m)));
        lines.extend(self.schedule().map(|s| (LabelLine::Schedule, s)));
        lines.extend(
            self.progress()
                .map(|p| (LabelLine::Progress, format!("⚠ {p}"))),
        );
        lines
    }

    /// The one-line label of the spec: `monthly_indicators · monthly, batch`.
    pub fn label(&self) -> String {
        let mut parts = vec![self.name.clone()];
        parts.extend(self.moves());
        parts.extend(self.schedule());
        parts.extend(self.progress());
        parts.join(" · ")
    }
}

/// `--flow` named no flow of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFlow {
    pub name: String,
    pub suggestion: Option<String>,
}

impl std::fmt::Display for UnknownFlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no flow is named `{}`", self.name)?;
        if let Some(s) = &self.suggestion {
            write!(f, ". Did you mean `{s}`?")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownFlow {}

/// The graph of every flow in the workspace, or of the flows named `flow`
/// (a flow's name, or an anonymous flow's chain as `a -> b`).
pub fn graph(workspace: &Workspace, flow: Option<&str>) -> Result<Graph, UnknownFlow> {
    let mut selected: Vec<(&str, &FlowInfo)> = Vec::new();
    for (_, file) in workspace.files() {
        for info in &file.model.flows {
            if flow.is_none_or(|wanted| matches_flow(info, wanted)) {
                selected.push((file.path.as_str(), info));
            }
        }
    }
    if let Some(wanted) = flow
        && selected.is_empty()
    {
        let names: Vec<&str> = workspace
            .files()
            .flat_map(|(_, f)| f.model.flows.iter().map(|fl| fl.display_name.as_str()))
            .collect();
        return Err(UnknownFlow {
            name: wanted.to_string(),
            suggestion: did_you_mean(wanted, names).map(str::to_string),
        });
    }

    let title = match flow {
        Some(_) => selected.first().map(|(_, f)| f.display_name.clone()),
        None => workspace
            .files()
            .find_map(|(_, f)| f.tree.doc.as_ref())
            .and_then(|d| d.text.lines().find(|l| !l.trim().is_empty()))
            .map(|l| l.trim().to_string()),
    };
    Ok(build(workspace, title, selected))
}

/// The graph of the flows written in one file (`path` is its workspace
/// key); steps still resolve across the whole workspace. The editor's
/// preview of a document draws this.
pub fn graph_of_file(workspace: &Workspace, path: &str) -> Graph {
    let Some(file) = workspace.file_id(path).and_then(|id| workspace.file(id)) else {
        return Graph::default();
    };
    let selected: Vec<(&str, &FlowInfo)> = file
        .model
        .flows
        .iter()
        .map(|info| (file.path.as_str(), info))
        .collect();
    let title = file
        .tree
        .doc
        .as_ref()
        .and_then(|d| d.text.lines().find(|l| !l.trim().is_empty()))
        .map(|l| l.trim().to_string());
    build(workspace, title, selected)
}

/// Nodes and edges for the selected flows.
fn build(workspace: &Workspace, title: Option<String>, selected: Vec<(&str, &FlowInfo)>) -> Graph {
    let mut out = Graph {
        title,
        ..Graph::default()
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    for (path, info) in selected {
        let flow_index = out.flows.len();
        out.flows.push(FlowSummary::of(workspace, info, path));
        let mut previous: Option<usize> = None;
        for (hop, step) in info.steps.iter().enumerate() {
            let node = node_for(workspace, &step.text);
            let at = *index.entry(node.id.clone()).or_insert_with(|| {
                out.nodes.push(node);
                out.nodes.len() - 1
            });
            if let Some(from) = previous {
                out.edges.push(Edge {
                    from,
                    to: at,
                    flow: flow_index,
                    hop: hop - 1,
                });
            }
            previous = Some(at);
        }
    }
    out
}

fn matches_flow(info: &FlowInfo, wanted: &str) -> bool {
    let normalise = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    info.name.as_ref().is_some_and(|n| n.text == wanted)
        || normalise(&info.display_name) == normalise(wanted)
}

/// The node a chain step stands for.
pub fn node_for(workspace: &Workspace, step: &str) -> Node {
    match workspace.resolve(step) {
        Resolution::Declared { decl, catalog, .. } => {
            let kind = match decl.kind {
                DeclKind::Tool => NodeKind::Tool,
                DeclKind::Role => NodeKind::Role,
            };
            let from_catalog = |f: fn(&CatalogEntry) -> Option<String>| catalog.and_then(f);
            Node {
                id: decl.name.text.to_string(),
                label: decl
                    .display_name
                    .clone()
                    .or_else(|| from_catalog(|c| Some(c.name.clone())))
                    .unwrap_or_else(|| decl.name.text.to_string()),
                kind,
                tool_kind: decl
                    .tool_kind
                    .or_else(|| catalog.map(|c| c.kind))
                    .filter(|_| kind == NodeKind::Tool),
                owner: decl.owner.clone(),
                adaptor: decl
                    .adaptor
                    .clone()
                    .or_else(|| from_catalog(|c| c.adaptor.clone()))
                    .filter(|_| kind == NodeKind::Tool),
                description: decl
                    .doc
                    .clone()
                    .or_else(|| from_catalog(|c| Some(c.description.clone()))),
                declared: true,
            }
        }
        Resolution::Catalog(entry) if entry.id != step => {
            // An alias (`nexmo`): the entry's id, and any declaration of it.
            node_for(workspace, &entry.id)
        }
        Resolution::Catalog(entry) => Node {
            id: entry.id.clone(),
            label: entry.name.clone(),
            kind: NodeKind::Tool,
            tool_kind: Some(entry.kind),
            owner: None,
            adaptor: entry.adaptor.clone(),
            description: Some(entry.description.clone()),
            declared: false,
        },
        Resolution::Unknown => Node {
            id: step.to_string(),
            label: step.to_string(),
            kind: NodeKind::Unknown,
            tool_kind: None,
            owner: None,
            adaptor: None,
            description: None,
            declared: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn workspace(files: &[(&str, &str)]) -> Workspace {
        let mut ws = Workspace::new();
        for (path, text) in files {
            ws.set_file(path, *text);
        }
        ws
    }

    const ETHIOPIA: &str = r#"## Ethiopia CHW reporting.

tool commcare "CommCare" {
  kind: collection
  owner: "iNGO M&E team"
}
tool dhis2 "DHIS2 (Ethiopia MoH)" {
  kind: mis
  adaptor: dhis2
}
role data_manager "M&E data manager"

flow monthly_indicators: commcare -> excel -> data_manager -> dhis2 {
  data: ["CHW visit forms"]
  transform: none
  timing: batch
  frequency: monthly
  volume: ~12000 records/month
}

commcare -> excel -> dhis2 monthly batch
"#;

    #[test]
    fn one_node_per_step_and_one_edge_per_hop() {
        let g = graph(&workspace(&[("a.flow", ETHIOPIA)]), None).unwrap();
        let ids: Vec<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["commcare", "excel", "data_manager", "dhis2"]);
        let hops: Vec<(usize, usize, usize, usize)> = g
            .edges
            .iter()
            .map(|e| (e.from, e.to, e.flow, e.hop))
            .collect();
        assert_eq!(
            hops,
            [
                (0, 1, 0, 0),
                (1, 2, 0, 1),
                (2, 3, 0, 2),
                (0, 1, 1, 0),
                (1, 3, 1, 1)
            ]
        );
        assert_eq!(g.title.as_deref(), Some("Ethiopia CHW reporting."));
    }

    #[test]
    fn nodes_know_their_kind_label_and_adaptor() {
        let g = graph(&workspace(&[("a.flow", ETHIOPIA)]), None).unwrap();
        let node = |id: &str| g.nodes.iter().find(|n| n.id == id).unwrap();
        assert_eq!(node("commcare").label, "CommCare");
        assert_eq!(node("commcare").caption().as_deref(), Some("collection"));
        // commcare refines the catalog entry: the catalog's adaptor shows.
        assert_eq!(node("commcare").adaptor.as_deref(), Some("commcare"));
        assert_eq!(node("commcare").owner.as_deref(), Some("iNGO M&E team"));
        assert_eq!(node("excel").label, "Microsoft Excel");
        assert_eq!(node("excel").caption().as_deref(), Some("spreadsheet"));
        assert!(!node("excel").declared);
        assert_eq!(node("data_manager").kind, NodeKind::Role);
        assert_eq!(node("data_manager").caption().as_deref(), Some("person"));
        assert_eq!(node("dhis2").caption().as_deref(), Some("mis"));
    }

    #[test]
    fn labels_show_schedule_and_answered_count() {
        let g = graph(&workspace(&[("a.flow", ETHIOPIA)]), None).unwrap();
        assert_eq!(g.flows[0].answered, 6);
        assert_eq!(g.flows[0].label(), "monthly_indicators · monthly, batch");
        assert!(g.flows[0].progress().is_none());
        let bare = &g.flows[1];
        assert!(!bare.named);
        assert_eq!(bare.answered, 3);
        assert_eq!(
            bare.label(),
            "commcare -> excel -> dhis2 · monthly, batch · 3/6 answered"
        );
        assert_eq!(
            bare.missing,
            [Category::Data, Category::Transform, Category::Volume]
        );
    }

    #[test]
    fn an_arrow_names_the_records_its_flow_moves() {
        let ws = workspace(&[
            (
                "records.flow",
                "record patient \"Patient\" { id: text identifier }\nrecord tally { n: integer }\n",
            ),
            (
                "flows.flow",
                "flow a: odk -> openmrs -> dhis2 { data: [patient, \"letters\", visit] }\nflow b: openmrs -> dhis2 { data: patient -> tally\n timing: batch }\nflow c: odk -> dhis2 { data: \"forms\" }\n",
            ),
        ]);
        let g = graph(&ws, None).unwrap();
        // Display names where the record is declared; the name as written
        // where it is not (an `unknown-record` the checks report).
        assert_eq!(g.flows[0].records, ["Patient", "visit"]);
        assert_eq!(g.flows[0].moves().as_deref(), Some("Patient, visit"));
        assert_eq!(g.flows[1].records, ["Patient → tally"]);
        assert_eq!(
            g.flows[1].label_lines(),
            [
                (LabelLine::Title, "b".to_string()),
                (LabelLine::Records, "Patient → tally".to_string()),
                (LabelLine::Schedule, "batch".to_string()),
                (LabelLine::Progress, "⚠ 3/6 answered".to_string()),
            ]
        );
        assert_eq!(
            g.flows[1].label(),
            "b · Patient → tally · batch · 3/6 answered"
        );
        assert!(g.flows[2].records.is_empty() && g.flows[2].moves().is_none());
        // Every hop of a flow carries its label.
        let svg = crate::svg(&g);
        assert_eq!(svg.matches(">Patient, visit</text>").count(), 2, "{svg}");
        assert!(svg.contains("records: Patient → tally"), "{svg}");
        assert!(crate::dot(&g).contains(r#"label="b\nPatient → tally\nbatch\n⚠ 3/6 answered""#));
        assert!(
            crate::mermaid(&g).contains("|\"b<br>Patient → tally<br>batch<br>⚠ 3/6 answered\"|")
        );
        assert!(crate::drawio(&g, None).contains("&lt;i&gt;Patient → tally&lt;/i&gt;"));
    }

    #[test]
    fn open_questions_are_counted_apart() {
        let ws = workspace(&[(
            "a.flow",
            "flow f: odk -> dhis2 { data: tbd\n transform: unknown\n timing: batch }",
        )]);
        let g = graph(&ws, None).unwrap();
        assert_eq!(g.flows[0].answered, 2);
        assert_eq!(g.flows[0].open, 2);
        assert_eq!(
            g.flows[0].progress().as_deref(),
            Some("2/6 answered, 2 open")
        );
        assert_eq!(g.flows[0].label(), "f · batch · 2/6 answered, 2 open");
    }

    #[test]
    fn aliases_and_unknown_steps_become_nodes() {
        let ws = workspace(&[("a.flow", "nexmo -> vonage -> mystery")]);
        let g = graph(&ws, None).unwrap();
        let ids: Vec<(&str, NodeKind)> = g.nodes.iter().map(|n| (n.id.as_str(), n.kind)).collect();
        assert_eq!(
            ids,
            [("vonage", NodeKind::Tool), ("mystery", NodeKind::Unknown)]
        );
        // A hop from a tool to itself is kept.
        assert_eq!((g.edges[0].from, g.edges[0].to), (0, 0));
    }

    #[test]
    fn one_flow_by_name_or_chain_and_did_you_mean() {
        let ws = workspace(&[("a.flow", ETHIOPIA)]);
        let g = graph(&ws, Some("monthly_indicators")).unwrap();
        assert_eq!(g.flows.len(), 1);
        assert_eq!(g.edges.len(), 3);
        assert_eq!(g.title.as_deref(), Some("monthly_indicators"));
        let g = graph(&ws, Some("commcare  ->   excel -> dhis2")).unwrap();
        assert_eq!(g.edges.len(), 2);
        let err = graph(&ws, Some("monthly_indicator")).unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("monthly_indicators"));
        assert_eq!(
            err.to_string(),
            "no flow is named `monthly_indicator`. Did you mean `monthly_indicators`?"
        );
        let err = graph(&ws, Some("zzz")).unwrap_err();
        assert_eq!(err.to_string(), "no flow is named `zzz`");
    }

    #[test]
    fn an_empty_workspace_has_an_empty_graph() {
        let g = graph(&Workspace::new(), None).unwrap();
        assert!(g.nodes.is_empty() && g.edges.is_empty() && g.title.is_none());
    }
}
