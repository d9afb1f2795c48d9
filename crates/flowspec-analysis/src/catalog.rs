//! The catalog of well-known tools, and the list of OpenFn adaptors.
//!
//! Both are data files under `data/`, compiled in; tests check that they
//! parse and agree with each other.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::schema::ToolKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    pub id: String,
    pub name: String,
    pub kind: ToolKind,
    pub adaptor: Option<String>,
    pub description: String,
    pub aliases: Vec<String>,
}

#[derive(Debug)]
pub struct Catalog {
    entries: Vec<CatalogEntry>,
    /// Ids and aliases to the index of their entry.
    lookup: HashMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: String,
    kind: String,
    adaptor: Option<String>,
    description: String,
    #[serde(default)]
    aliases: Vec<String>,
}

const CATALOG_TOML: &str = include_str!("../data/catalog.toml");
const ADAPTORS_TXT: &str = include_str!("../data/openfn-adaptors.txt");

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    Catalog::from_toml(CATALOG_TOML).unwrap_or_else(|e| panic!("data/catalog.toml: {e}"))
});

static ADAPTORS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    ADAPTORS_TXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// The built-in catalog.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

/// Every known OpenFn adaptor name (`dhis2`, `commcare`, …).
pub fn adaptors() -> &'static [&'static str] {
    &ADAPTORS
}

pub fn is_known_adaptor(name: &str) -> bool {
    ADAPTORS.contains(&name)
}

impl Catalog {
    fn from_toml(text: &str) -> Result<Catalog, String> {
        let raw: toml::Table = text.parse().map_err(|e| format!("{e}"))?;
        let mut entries = Vec::with_capacity(raw.len());
        let mut lookup = HashMap::new();
        for (id, value) in raw {
            let entry: RawEntry = value.try_into().map_err(|e| format!("[{id}]: {e}"))?;
            let kind = ToolKind::parse(&entry.kind)
                .ok_or_else(|| format!("[{id}]: unknown kind `{}`", entry.kind))?;
            let index = entries.len();
            for name in std::iter::once(&id).chain(&entry.aliases) {
                if lookup.insert(name.clone(), index).is_some() {
                    return Err(format!("`{name}` names two entries"));
                }
            }
            entries.push(CatalogEntry {
                id,
                name: entry.name,
                kind,
                adaptor: entry.adaptor,
                description: entry.description,
                aliases: entry.aliases,
            });
        }
        Ok(Catalog { entries, lookup })
    }

    /// The entry an id or alias names.
    pub fn get(&self, id: &str) -> Option<&CatalogEntry> {
        self.lookup.get(id).map(|&i| &self.entries[i])
    }

    pub fn entries(&self) -> &[CatalogEntry] {
        &self.entries
    }

    /// Every id and alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.lookup.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_has_the_required_tools_and_valid_adaptors() {
        let required = [
            "commcare",
            "odk",
            "kobotoolbox",
            "surveycto",
            "salesforce",
            "dhis2",
            "excel",
            "googlesheets",
            "metabase",
            "tableau",
            "powerbi",
            "telerivet",
            "vonage",
            "nexmo",
            "twilio",
            "openmrs",
            "postgresql",
            "mysql",
            "primero",
            "openfn",
            "email",
            "sftp",
        ];
        for id in required {
            assert!(catalog().get(id).is_some(), "{id} is missing");
        }
        assert_eq!(catalog().get("nexmo").unwrap().id, "vonage");
        for entry in catalog().entries() {
            if let Some(adaptor) = &entry.adaptor {
                assert!(is_known_adaptor(adaptor), "{}: adaptor {adaptor}", entry.id);
            }
            assert!(
                flowspec_syntax::lexer::is_identifier(&entry.id),
                "{}",
                entry.id
            );
            assert!(!entry.description.is_empty());
        }
    }

    #[test]
    fn adaptors_are_read_without_comments() {
        assert!(is_known_adaptor("dhis2"));
        assert!(is_known_adaptor("aws-s3"));
        assert!(!is_known_adaptor("excel"));
        assert!(adaptors().iter().all(|a| !a.starts_with('#')));
        assert!(adaptors().len() > 100);
    }
}
