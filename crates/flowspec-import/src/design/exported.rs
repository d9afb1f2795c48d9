//! A workflow `flowspec export openfn` wrote carries its design in its job
//! bodies: `// Flow NAME: a -> b -> c`, the flow's documentation, then the
//! answers (`Data: …`, `Transform: …`, `Timing: …. Frequency: ….`,
//! `Volume: …`), the steps that could not be jobs and the tools' details.
//! Read back, they give the design's flow again, so that
//! import(export(design)) answers what the design answered.

use flowspec_analysis::catalog::{catalog, is_known_adaptor};
use flowspec_export::openfn::{Job, Workflow};

use super::chain::adaptor_name;
use super::{FlowText, ToolDecl, string};

pub(crate) struct Read {
    pub tools: Vec<ToolDecl>,
    pub flow: FlowText,
}

/// Labels that start an item of a body's comments.
const LABELS: [&str; 12] = [
    "Data: ",
    "Transform: ",
    "Timing: ",
    "Volume: ",
    "Before this job, in the design: ",
    "After this job, in the design: ",
    "This job ",
    "No step of this flow",
    "Owner: ",
    "URL: ",
    "Replace this placeholder",
    "Trigger (in Lightning):",
];

/// The comment lines at the top of a body, without their `// `.
fn comment_lines(body: &str) -> Vec<String> {
    body.lines()
        .map_while(|l| {
            let l = l.trim_end();
            l.strip_prefix("// ")
                .or_else(|| (l == "//").then_some(""))
                .map(str::to_string)
        })
        .collect()
}

/// A body's header (`Flow NAME: chain`), its documentation, and its items.
struct Body {
    header: String,
    doc: String,
    items: Vec<String>,
}

fn parse_body(body: &str) -> Option<Body> {
    let lines = comment_lines(body);
    let mut i = 0;
    let mut header = lines.first()?.strip_prefix("Flow ")?.to_string();
    i += 1;
    while i < lines.len()
        && !lines[i].is_empty()
        && (header.ends_with("->") || lines[i].starts_with("->"))
    {
        header.push(' ');
        header.push_str(&lines[i]);
        i += 1;
    }
    let mut doc = Vec::new();
    while i < lines.len() && !lines[i].is_empty() {
        doc.push(lines[i].clone());
        i += 1;
    }
    let mut items: Vec<String> = Vec::new();
    let mut open = false;
    for line in &lines[i..] {
        if line.is_empty() {
            open = false;
            continue;
        }
        let indented = line.starts_with("  ") && !line.starts_with("    ");
        let labelled = LABELS.iter().any(|l| line.starts_with(l));
        if open && !indented && !labelled {
            let last = items.last_mut()?;
            last.push(' ');
            last.push_str(line.trim());
        } else {
            items.push(line.clone());
            open = true;
        }
    }
    Some(Body {
        header,
        doc: doc.join(" "),
        items,
    })
}

/// `CommCare (`commcare`)` → (Some("CommCare"), "commcare"); `` `x` `` →
/// (None, "x").
fn shown(text: &str) -> Option<(Option<String>, String)> {
    let text = text.trim();
    if let Some(rest) = text.strip_suffix("`)") {
        let at = rest.rfind(" (`")?;
        return Some((Some(rest[..at].to_string()), rest[at + 3..].to_string()));
    }
    let id = text.strip_prefix('`')?.strip_suffix('`')?;
    Some((None, id.to_string()))
}

/// An open question's word, from `an open question (tbd)`.
fn open_word(text: &str) -> Option<String> {
    let word = text
        .strip_prefix("an open question (")
        .and_then(|r| r.strip_suffix(')'))
        .or_else(|| text.strip_suffix(" (an open question)"))?;
    matches!(word, "tbd" | "unknown").then(|| word.to_string())
}

/// An answer as the body says it: the value, an open question's word, or
/// nothing when it was unanswered or not valid.
fn answer(text: &str) -> Option<String> {
    let text = text.trim();
    if text == "unanswered" || text.starts_with("not valid") {
        return None;
    }
    Some(open_word(text).unwrap_or_else(|| text.to_string()))
}

/// What the bodies say of one step of the chain.
struct Step {
    name: Option<String>,
    role: bool,
    adaptor: Option<String>,
    properties: Vec<(String, String)>,
}

impl Step {
    fn named(name: Option<String>, role: bool) -> Step {
        Step {
            name,
            role,
            adaptor: None,
            properties: Vec::new(),
        }
    }

    fn with_property(key: &str, value: String) -> Step {
        Step {
            properties: vec![(key.to_string(), value)],
            ..Step::named(None, false)
        }
    }
}

/// Everything the bodies of one workflow say, gathered body by body: the
/// steps by identifier (what a later body adds fills what an earlier one
/// left out), the first answer to each question, the transform's lines.
#[derive(Default)]
struct Said {
    steps: Vec<(String, Step)>,
    answers: Vec<(&'static str, String)>,
    transform_lines: Option<Vec<String>>,
}

/// The items that name the tool a job is about.
const ROLES: [&str; 3] = [
    "This job fetches the data from ",
    "This job sends the data to ",
    "This job receives each event from ",
];

/// The items that name the steps around a job that are not jobs.
const GAPS: [&str; 2] = [
    "Before this job, in the design: ",
    "After this job, in the design: ",
];

impl Said {
    fn learn(&mut self, id: String, step: Step) {
        let Some((_, s)) = self.steps.iter_mut().find(|(k, _)| *k == id) else {
            self.steps.push((id, step));
            return;
        };
        s.role |= step.role;
        if s.name.is_none() {
            s.name = step.name;
        }
        if s.adaptor.is_none() {
            s.adaptor = step.adaptor;
        }
        for p in step.properties {
            if !s.properties.iter().any(|(k, _)| *k == p.0) {
                s.properties.push(p);
            }
        }
    }

    fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|(k, _)| k == id).map(|(_, s)| s)
    }

    fn answer(&self, key: &str) -> Option<&str> {
        self.answers
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    /// One job's body; `None` when an item is not as the export writes it.
    fn body(&mut self, job: &Job, body: &Body) -> Option<()> {
        // The tool the job is about: owner and URL items describe it.
        let mut current: Option<String> = None;
        let mut in_transform = false;
        for item in &body.items {
            if in_transform && item.starts_with("  ") {
                self.transform_lines
                    .get_or_insert_with(Vec::new)
                    .push(item.trim().to_string());
                continue;
            }
            in_transform = false;
            if let Some(rest) = ROLES.iter().find_map(|p| item.strip_prefix(p)) {
                let rest = rest.split(':').next().unwrap_or(rest).trim_end_matches('.');
                if let Some((name, id)) = shown(rest) {
                    let (adaptor, openfn) = adaptor_name(&job.adaptor);
                    let adaptor = (openfn && is_known_adaptor(&adaptor)).then_some(adaptor);
                    self.learn(
                        id.clone(),
                        Step {
                            adaptor,
                            ..Step::named(name, false)
                        },
                    );
                    current = Some(id);
                }
            } else if item.starts_with("This job transforms the data") {
                in_transform = true;
                self.transform_lines.get_or_insert_with(Vec::new);
            } else if let Some(owner) = item.strip_prefix("Owner: ") {
                if let Some(id) = &current {
                    let owner = owner.strip_suffix('.').unwrap_or(owner);
                    self.learn(id.clone(), Step::with_property("owner", string(owner)));
                }
            } else if let Some(url) = item.strip_prefix("URL: ") {
                if let Some(id) = &current {
                    self.learn(id.clone(), Step::with_property("url", string(url)));
                }
            } else if let Some(gap) = GAPS
                .iter()
                .find_map(|p| item.strip_prefix(p))
                .or_else(|| item.split_once("In the design: ").map(|(_, g)| g))
            {
                self.gap(gap);
            } else {
                self.answer_item(item)?;
            }
        }
        Some(())
    }

    /// `a; then b`: the steps between jobs, a person's or a tool's.
    fn gap(&mut self, gap: &str) {
        for part in gap.trim_end_matches('.').split("; then ") {
            let (text, role) = match part.strip_prefix("a person, ") {
                Some(r) => (
                    r.strip_suffix(", moves the data by hand").unwrap_or(r),
                    true,
                ),
                None => (
                    part.strip_suffix(" has no OpenFn adaptor")
                        .or_else(|| part.strip_suffix(" is not a tool Flowspec knows"))
                        .unwrap_or(part),
                    false,
                ),
            };
            if let Some((name, id)) = shown(text) {
                self.learn(id, Step::named(name, role));
            }
        }
    }

    /// `Data: …`, `Transform: …`, `Volume: …`, `Timing: …. Frequency: ….`;
    /// the first body to answer a question answers it.
    fn answer_item(&mut self, item: &str) -> Option<()> {
        for (label, key) in [
            ("Data: ", "data"),
            ("Transform: ", "transform"),
            ("Volume: ", "volume"),
        ] {
            if let Some(rest) = item.strip_prefix(label)
                && self.answer(key).is_none()
            {
                self.answers
                    .push((key, rest.trim_end_matches('.').to_string()));
            }
        }
        if let Some(rest) = item.strip_prefix("Timing: ")
            && self.answer("timing").is_none()
        {
            let (timing, frequency) = rest.rsplit_once(". Frequency: ")?;
            self.answers.push(("timing", timing.to_string()));
            self.answers
                .push(("frequency", frequency.trim_end_matches('.').to_string()));
        }
        Some(())
    }

    /// The flow's properties, as the design wrote them.
    fn written(&self) -> Vec<(String, String)> {
        let answered = |key: &str| self.answer(key).and_then(answer);
        let mut written: Vec<(String, String)> = Vec::new();
        if let Some(data) = answered("data") {
            let value = if data.starts_with('"') {
                format!("[{data}]")
            } else {
                data
            };
            written.push(("data".into(), value));
        }
        match &self.transform_lines {
            Some(lines) if !lines.is_empty() => {
                written.push(("transform".into(), transform_value(lines)))
            }
            _ => {
                if let Some(t) = self.answer("transform") {
                    if t.starts_with("none") {
                        written.push(("transform".into(), "none".into()));
                    } else if let Some(word) = open_word(t) {
                        written.push(("transform".into(), word));
                    }
                }
            }
        }
        for key in ["timing", "frequency"] {
            if let Some(v) = answered(key) {
                written.push((key.into(), v));
            }
        }
        if let Some(v) = answered("volume") {
            let v = v.split(", about ").next().unwrap_or(&v).to_string();
            written.push(("volume".into(), v));
        }
        written
    }

    /// The tools the design declared: those the catalog does not know, and
    /// those it knows that the bodies say more of (a person's role, another
    /// name or adaptor, an owner, a URL).
    fn tools(&self, chain: &[String]) -> Vec<ToolDecl> {
        let mut tools: Vec<ToolDecl> = Vec::new();
        for id in chain {
            let entry = catalog().get(id);
            let Some(step) = self.step(id) else {
                if entry.is_none() {
                    tools.push(ToolDecl {
                        id: id.clone(),
                        role: false,
                        name: None,
                        doc: None,
                        properties: Vec::new(),
                    });
                }
                continue;
            };
            let mut properties = Vec::new();
            if let Some(a) = &step.adaptor
                && entry.and_then(|e| e.adaptor.as_deref()) != Some(a.as_str())
            {
                properties.push(("adaptor".to_string(), a.clone()));
            }
            properties.extend(step.properties.iter().cloned());
            let name = step
                .name
                .clone()
                .filter(|n| entry.is_none_or(|e| e.name != *n));
            if entry.is_some() && !step.role && name.is_none() && properties.is_empty() {
                continue;
            }
            if tools.iter().any(|t| t.id == *id) {
                continue;
            }
            tools.push(ToolDecl {
                id: id.clone(),
                role: step.role,
                name,
                doc: None,
                properties,
            });
        }
        tools
    }
}

/// The design of a workflow `flowspec export openfn` wrote, or `None` when
/// its bodies are not all as the export writes them for one flow.
pub(crate) fn read(wf: &Workflow) -> Option<Read> {
    let bodies: Vec<(&Job, Body)> = wf
        .jobs
        .iter()
        .map(|j| parse_body(&j.body).map(|b| (j, b)))
        .collect::<Option<_>>()?;
    let (_, first) = bodies.first()?;
    if bodies.iter().any(|(_, b)| b.header != first.header) {
        return None;
    }
    let (_, chain) = first.header.split_once(": ")?;
    let steps: Vec<String> = chain.split(" -> ").map(|s| s.trim().to_string()).collect();
    if steps.len() < 2 || steps.iter().any(|s| s.is_empty() || s.contains(' ')) {
        return None;
    }
    let mut said = Said::default();
    for (job, body) in &bodies {
        said.body(job, body)?;
    }
    let doc = if first.doc.is_empty() {
        Vec::new()
    } else {
        vec![first.doc.clone()]
    };
    Some(Read {
        tools: said.tools(&steps),
        flow: FlowText {
            doc,
            comments: vec![format!(
                "Read back from the job bodies of workflow `{}`, which `flowspec export openfn` wrote.",
                wf.id
            )],
            name: String::new(),
            steps,
            inner: Vec::new(),
            answers: said.written(),
        },
    })
}

/// The transform lines as the design wrote them: a block when each is
/// `field: value`, else a list of strings.
fn transform_value(lines: &[String]) -> String {
    let is_field = |l: &str| {
        l.split_once(':').is_some_and(|(k, v)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && !v.trim().is_empty()
        })
    };
    if lines.iter().all(|l| is_field(l)) {
        let mut block = String::from("{\n");
        for l in lines {
            block.push_str("    ");
            block.push_str(l);
            block.push('\n');
        }
        block.push_str("  }");
        block
    } else {
        let items: Vec<String> = lines.iter().map(|l| string(l)).collect();
        format!("[{}]", items.join(", "))
    }
}
