//! The tools' answers as JSON: the design's pieces from `flowspec-design`,
//! shaped for a reader that names things (tools by their id, flows by their
//! name) rather than by the diagram's indices. Pure.

use flowspec_design::Design;
use flowspec_design::design::{FlowCard, NodeCard};
use serde_json::{Value, json};

/// The design at a glance: its files, tools and people, and flows.
pub fn overview(design: &Design, paths: &[String]) -> Value {
    let flow_names = |card: &NodeCard| -> Vec<&str> {
        card.flows
            .iter()
            .map(|&f| design.flows[f].name.as_str())
            .collect()
    };
    let tool = |card: &NodeCard, used: bool| {
        json!({
            "id": card.id,
            "label": card.label,
            "kind": card.kind,
            "tool_kind": card.tool_kind,
            "owner": card.owner,
            "adaptor": card.adaptor,
            "description": card.description,
            "declared": card.declared,
            "location": card.location,
            "used": used,
            "flows": flow_names(card),
        })
    };
    let tools: Vec<Value> = design
        .nodes
        .iter()
        .map(|n| tool(n, true))
        .chain(design.unused.iter().map(|n| tool(n, false)))
        .collect();
    let flows: Vec<Value> = design
        .flows
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "named": f.named,
                "steps": steps(design, f),
                "status": f.status,
                "answered": f.answered,
                "complete": f.complete,
                "schedule": f.schedule,
                "open_questions": f.open_questions.iter().map(|q| q.key).collect::<Vec<_>>(),
                "unanswered": f.unanswered,
                "location": f.location,
            })
        })
        .collect();
    json!({
        "title": design.title,
        "paths": paths,
        "summary": design.summary,
        "counts": design.counts,
        "files": design.files,
        "tools": tools,
        "flows": flows,
    })
}

/// The ids of a flow's steps, in order.
fn steps<'a>(design: &'a Design, flow: &FlowCard) -> Vec<&'a str> {
    flow.steps
        .iter()
        .map(|&s| design.nodes[s].id.as_str())
        .collect()
}

/// One flow: its steps, the six answers, the open and the unanswered
/// questions.
pub fn flow(design: &Design, flow: &FlowCard) -> Value {
    json!({
        "name": flow.name,
        "named": flow.named,
        "location": flow.location,
        "status": flow.status,
        "owner": flow.owner,
        "notes": flow.notes,
        "doc": flow.doc,
        "steps": flow.steps.iter().map(|&s| json!({
            "id": design.nodes[s].id,
            "label": design.nodes[s].label,
            "kind": design.nodes[s].kind,
        })).collect::<Vec<_>>(),
        "answered": flow.answered,
        "complete": flow.complete,
        "schedule": flow.schedule,
        "answers": flow.answers,
        "open_questions": flow.open_questions,
        "unanswered": flow.unanswered,
    })
}

/// What `check` answers: the diagnostics as `flowspec check --format json`
/// prints them, the summary line and the counts.
pub fn check(design: &Design) -> Value {
    json!({
        "summary": design.summary,
        "counts": design.counts,
        "diagnostics": design.diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowspec_analysis::Workspace;

    #[test]
    fn tools_and_flows_go_by_name() {
        let mut ws = Workspace::new();
        ws.set_file(
            "a.flow",
            "tool hmis \"HMIS · Éthiopie\"\ntool spare\nflow monthly: commcare -> hmis { volume: tbd }\n",
        );
        let design = flowspec_design::design(&ws);
        let all = overview(&design, &["a.flow".into()]);
        let ids: Vec<&str> = all["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["commcare", "hmis", "spare"]);
        assert_eq!(all["tools"][1]["flows"][0], "monthly");
        assert_eq!(all["tools"][2]["used"], false);
        assert_eq!(all["flows"][0]["steps"], json!(["commcare", "hmis"]));
        assert_eq!(all["flows"][0]["open_questions"], json!(["volume"]));
        let one = flow(&design, &design.flows[0]);
        assert_eq!(one["steps"][1]["label"], "HMIS · Éthiopie");
        assert_eq!(one["answers"].as_array().unwrap().len(), 6);
        assert_eq!(one["open_questions"][0]["key"], "volume");
        assert_eq!(
            one["unanswered"],
            json!(["data", "transform", "timing", "frequency"])
        );
    }
}
