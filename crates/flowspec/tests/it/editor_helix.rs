//! The Helix configuration (editors/helix/languages.toml): it parses, it
//! starts `flowspec lsp` for the `flow` language, and its file globs take
//! `.flow` designs but not JavaScript's `*.js.flow`, in any letter case.
//! Helix matches `file-types` globs with the globset crate, as here.

use std::path::Path;

use globset::{Glob, GlobSetBuilder};
use toml::Value;

fn config() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../editors/helix/languages.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_flow_language_runs_the_server() {
    let config = config();
    let server = &config["language-server"]["flowspec"];
    assert_eq!(server["command"].as_str(), Some("flowspec"));
    assert_eq!(server["args"].as_array().unwrap(), &[Value::from("lsp")]);
    let languages = config["language"].as_array().unwrap();
    let flow = languages
        .iter()
        .find(|l| l["name"].as_str() == Some("flow"))
        .expect("a `flow` language");
    assert_eq!(flow["language-id"].as_str(), Some("flow"));
    assert_eq!(flow["comment-token"].as_str(), Some("#"));
    assert_eq!(
        flow["language-servers"].as_array().unwrap(),
        &[Value::from("flowspec")]
    );
}

#[test]
fn file_globs_take_designs_and_not_javascript_flow_files() {
    let config = config();
    let flow = config["language"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"].as_str() == Some("flow"))
        .unwrap()
        .clone();
    let mut set = GlobSetBuilder::new();
    for file_type in flow["file-types"].as_array().unwrap() {
        let glob = file_type["glob"].as_str().expect("glob file types");
        set.add(Glob::new(glob).unwrap());
    }
    let set = set.build().unwrap();
    for design in [
        "a.flow",
        "reporting.flow",
        "process.flow",
        "dhis2.flow",
        "jobs.flow",
        "/home/me/design/monthly.flow",
        "sub/ops.flow",
    ] {
        assert!(set.is_match(design), "{design} is a design");
    }
    for javascript in [
        "types.js.flow",
        "lib/index.js.flow",
        "X.JS.flow",
        "a.Js.flow",
    ] {
        assert!(!set.is_match(javascript), "{javascript} is JavaScript");
    }
    assert!(!set.is_match("a.flow.txt"));
}
