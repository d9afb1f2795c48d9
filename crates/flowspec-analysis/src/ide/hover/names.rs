//! Hover over a tool or role name: what it is (declared, from the
//! catalog, or unknown) and the flows that use it.

use super::escape;
use crate::catalog::CatalogEntry;
use crate::model::DeclKind;
use crate::{FileId, Resolution, Workspace};

/// A tool or role name: what it is and where it is used.
pub(super) fn symbol(workspace: &Workspace, name: &str) -> String {
    let mut md = String::new();
    match workspace.resolve(name) {
        Resolution::Declared {
            file,
            decl,
            catalog,
        } => {
            let title = decl
                .display_name
                .as_deref()
                .or(catalog.map(|c| c.name.as_str()))
                .unwrap_or(name);
            md.push_str(&format!(
                "**{}** · {} `{name}`",
                escape(title),
                decl.kind.keyword()
            ));
            if let Some(doc) = &decl.doc {
                md.push_str(&format!("\n\n{doc}"));
            }
            let mut facts = Vec::new();
            match decl.kind {
                DeclKind::Role => facts.push(
                    "A person or team: each step through this role is a manual step, a candidate for automation".to_string(),
                ),
                DeclKind::Tool => {
                    let kind = decl.tool_kind.map(|k| (k, "")).or(catalog.map(|c| (c.kind, " (from the catalog)")));
                    if let Some((kind, source)) = kind {
                        facts.push(format!("Kind: `{}`, {}{source}", kind.as_str(), kind.describe()));
                    }
                    let adaptor = decl.adaptor.as_deref().map(|a| (a, "")).or(catalog
                        .and_then(|c| c.adaptor.as_deref())
                        .map(|a| (a, " (from the catalog)")));
                    match adaptor {
                        Some((a, source)) => facts.push(format!("OpenFn adaptor: `{a}`{source}")),
                        None => facts.push("OpenFn adaptor: none known".to_string()),
                    }
                }
            }
            if let Some(owner) = &decl.owner {
                facts.push(format!("Owner: {}", escape(owner)));
            }
            if let Some(url) = &decl.url {
                facts.push(format!("URL: <{url}>"));
            }
            if let Some(notes) = &decl.notes {
                facts.push(format!("Notes: {}", escape(notes)));
            }
            let declared = workspace.declarations(name).len();
            let mut place = format!("Declared in `{}`", file_name(workspace, file));
            if let Some(c) = catalog {
                place.push_str(&format!(", refining the catalog's {}", escape(&c.name)));
            }
            if declared > 1 {
                place.push_str(&format!(" (declared {declared} times: keep one)"));
            }
            facts.push(place);
            push_facts(&mut md, &facts);
            if let Some(c) = catalog {
                md.push_str(&format!("\n\n*Catalog:* {}", escape(&c.description)));
            }
        }
        Resolution::Catalog(entry) => {
            catalog_tool(&mut md, name, entry);
        }
        Resolution::Unknown => {
            md.push_str(&format!(
                "`{name}` is not a declared tool or role, nor a tool Flowspec knows. Declare it: `tool {name} \"Display name\"`."
            ));
            return md;
        }
    }
    md.push_str("\n\n");
    md.push_str(&usage(workspace, name));
    md
}

fn catalog_tool(md: &mut String, name: &str, entry: &CatalogEntry) {
    md.push_str(&format!("**{}** · tool `{name}`", escape(&entry.name)));
    md.push_str(&format!("\n\n{}", escape(&entry.description)));
    let mut facts = vec![format!(
        "Kind: `{}`, {}",
        entry.kind.as_str(),
        entry.kind.describe()
    )];
    match &entry.adaptor {
        Some(a) => facts.push(format!("OpenFn adaptor: `{a}`")),
        None => facts.push("OpenFn adaptor: none known".to_string()),
    }
    let mut place = "From Flowspec's catalog: no declaration needed".to_string();
    if entry.id != name {
        place.push_str(&format!(" (`{name}` is another name for `{}`)", entry.id));
    }
    facts.push(place);
    push_facts(md, &facts);
}

fn push_facts(md: &mut String, facts: &[String]) {
    md.push('\n');
    for fact in facts {
        md.push_str(&format!("\n- {fact}"));
    }
}

/// Where a name is used: how many flows, which.
fn usage(workspace: &Workspace, name: &str) -> String {
    const SHOWN: usize = 10;
    let mut flows: Vec<(String, String)> = Vec::new();
    for file in workspace.files_using(name) {
        let Some(data) = workspace.file(file) else {
            continue;
        };
        let file_name = file_name(workspace, file);
        for flow in &data.model.flows {
            if flow.steps.iter().any(|s| s.text == name) {
                flows.push((flow.display_name.clone(), file_name.clone()));
            }
        }
    }
    match flows.len() {
        0 => "Not used in any flow yet.".to_string(),
        n => {
            let mut md = format!("Used in {n} flow{}:", if n == 1 { "" } else { "s" });
            for (flow, file) in flows.iter().take(SHOWN) {
                md.push_str(&format!("\n- `{flow}` in `{file}`"));
            }
            if n > SHOWN {
                md.push_str(&format!("\n- … and {} more", n - SHOWN));
            }
            md
        }
    }
}

/// A file's name, for people: the last part of its path or URI, decoded.
fn file_name(workspace: &Workspace, file: FileId) -> String {
    let Some(data) = workspace.file(file) else {
        return String::new();
    };
    let last = data.path.rsplit(['/', '\\']).next().unwrap_or(&data.path);
    crate::path_order::decoded(last)
}
