//! The 4.0 workspace folder, as `openfn project pull` writes it and
//! `openfn project deploy` reads it: `openfn.yaml` (or `openfn.json`) with
//! the project and the workspace's settings, one workflow file per
//! workflow under `workflows/` (the settings may move it), and each job's
//! code in the `.js` file its `expression` names.

use flowspec_export::openfn::Project;

use super::{slugify, unique_workflows, v4};
use crate::fields::Fields;
use crate::tree::{self, Node, Pos};
use crate::{Error, FolderFile};

pub fn read(root: &str, files: &[FolderFile]) -> Result<Project, Error> {
    let find = |name: &str| files.iter().find(|f| f.path == name);
    let (config_name, config) = match (find("openfn.yaml"), find("openfn.json")) {
        (Some(f), _) => (
            display(root, &f.path),
            tree::parse(&display(root, &f.path), &f.text)?,
        ),
        (None, Some(f)) => (
            display(root, &f.path),
            tree::parse_json(&display(root, &f.path), &f.text)?,
        ),
        (None, None) => {
            return Err(Error::at(
                root,
                Pos { line: 1, column: 1 },
                "not an OpenFn workspace: the folder has no openfn.yaml".to_string(),
            ));
        }
    };
    let top = Fields::of(&config_name, &config, "openfn.yaml")?;
    let project_node = top.get("project");
    let project = match project_node {
        Some(node) => Some(Fields::of(&config_name, node, "`project`")?),
        None => None,
    };
    let settings = match top.get("workspace") {
        Some(node) => Fields::of(&config_name, node, "`workspace`")?,
        // The legacy openfn.yaml: the settings at the top.
        None => Fields::of(&config_name, &config, "openfn.yaml")?,
    };
    let name = match &project {
        Some(p) => p.str("name")?,
        None => None,
    }
    .or(top.str("name")?);
    let id = match &project {
        Some(p) => p.str("id")?,
        None => None,
    };
    let id = match (id, &name) {
        (Some(id), _) => id,
        (None, Some(name)) => slugify(name),
        (None, None) => return Err(top.missing("project.id")),
    };
    let description = match &project {
        Some(p) => p.str("description")?,
        None => None,
    };
    let (dir, format) = layout(&config_name, &settings)?;

    let prefix = format!("{}/", dir.trim_end_matches('/'));
    let mut paths: Vec<&FolderFile> = files
        .iter()
        .filter(|f| f.path.starts_with(&prefix) && f.path.ends_with(&format!(".{format}")))
        .collect();
    paths.sort_by(|a, b| a.path.cmp(&b.path));
    let mut workflows = Vec::new();
    for f in paths {
        let shown = display(root, &f.path);
        let node = if format == "json" {
            tree::parse_json(&shown, &f.text)?
        } else {
            tree::parse(&shown, &f.text)?
        };
        let node = unwrap_plan(&shown, node)?;
        let folder = f.path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let code = |at: Pos, expression: String| -> Result<String, Error> {
            if !expression.trim_end().ends_with(".js") || expression.contains('\n') {
                return Ok(expression);
            }
            let path = join(&folder, expression.trim());
            match find(&path) {
                Some(js) => Ok(js.text.clone()),
                None => Err(Error::at(
                    &shown,
                    at,
                    format!(
                        "the job's code `{}` is not in the folder (no `{path}`)",
                        expression.trim()
                    ),
                )),
            }
        };
        workflows.push((v4::workflow(&shown, &node, &code)?, node.at));
    }
    unique_workflows(&config_name, &workflows)?;
    Ok(Project {
        name: name.unwrap_or_else(|| id.clone()),
        id,
        description,
        credentials: Vec::new(),
        workflows: workflows.into_iter().map(|(w, _)| w).collect(),
    })
}

/// Where the workflow files are, and their format.
fn layout(file: &str, settings: &Fields) -> Result<(String, String), Error> {
    let mut dir = settings.str("workflowRoot")?;
    if let Some(dirs) = settings.get("dirs") {
        let dirs = Fields::of(file, dirs, "`dirs`")?;
        if let Some(w) = dirs.str("workflows")? {
            dir = Some(w);
        }
    }
    let mut format = None;
    if let Some(formats) = settings.get("formats") {
        let formats = Fields::of(file, formats, "`formats`")?;
        format = formats.str("workflow")?;
    }
    let dir = dir.unwrap_or_else(|| "workflows".to_string());
    let dir = dir.trim_start_matches("./").to_string();
    Ok((dir, format.unwrap_or_else(|| "yaml".to_string())))
}

/// A workflow file may hold a plan (`workflow:` and `options:`): its
/// workflow, with the plan's start.
fn unwrap_plan(file: &str, node: Node) -> Result<Node, Error> {
    let f = Fields::of(file, &node, "the workflow file")?;
    let Some(inner) = f.get("workflow") else {
        return Ok(node);
    };
    let start = match f.get("options") {
        Some(o) => Fields::of(file, o, "`options`")?.str("start")?,
        None => None,
    };
    let mut inner = inner.clone();
    if let (Some(start), tree::Value::Map(entries)) = (start, &mut inner.value) {
        entries.retain(|(k, _)| k.text != "start");
        entries.push((
            tree::Key {
                text: "start".to_string(),
                at: inner.at,
            },
            Node {
                value: tree::Value::Str(start),
                at: inner.at,
            },
        ));
    }
    Ok(inner)
}

/// `folder` joined with a relative path (`./a.js`, `../x/b.js`).
fn join(folder: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// A file of the folder as messages show it.
fn display(root: &str, path: &str) -> String {
    if root.is_empty() || root == "." {
        path.to_string()
    } else {
        format!("{}/{path}", root.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn relative_paths() {
        assert_eq!(join("workflows/a", "./x.js"), "workflows/a/x.js");
        assert_eq!(join("workflows/a", "../b/y.js"), "workflows/b/y.js");
        assert_eq!(join("workflows/a", "z.js"), "workflows/a/z.js");
    }
}
