//! A real editor as the client: headless Neovim with the plugin of
//! `editors/neovim` opens a two-file design and must receive the
//! diagnostics, a hover and a go to definition from `flowspec lsp`.
//! In CI a missing Neovim is a failure; elsewhere the test says it skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn neovim_gets_diagnostics_hover_and_definition() {
    if !have("nvim") {
        assert!(
            std::env::var_os("CI").is_none(),
            "Neovim is required in CI (apt-get install neovim)"
        );
        eprintln!("skipped: nvim is not installed");
        return;
    }
    let repo = repo();
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("design");
    std::fs::create_dir_all(&root).unwrap();
    for file in ["tools.flow", "flows.flow"] {
        std::fs::copy(
            repo.join("tests/editors/fixture").join(file),
            root.join(file),
        )
        .unwrap();
    }
    let out = work.path().join("results.txt");
    let xdg = work.path().join("xdg");
    let status = Command::new("timeout")
        .args(["60", "nvim", "--headless", "--clean", "-c"])
        .arg(format!(
            "luafile {}",
            repo.join("tests/editors/neovim/test.lua").display()
        ))
        .env("FLOWSPEC_BIN", env!("CARGO_BIN_EXE_flowspec"))
        .env("FLOWSPEC_PLUGIN", repo.join("editors/neovim"))
        .env("FLOWSPEC_ROOT", &root)
        .env("FLOWSPEC_OUT", &out)
        .env("XDG_CONFIG_HOME", xdg.join("config"))
        .env("XDG_DATA_HOME", xdg.join("data"))
        .env("XDG_STATE_HOME", xdg.join("state"))
        .env("XDG_CACHE_HOME", xdg.join("cache"))
        .output()
        .expect("nvim runs");
    let results = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        status.status.success(),
        "nvim failed ({}):\n{}\nresults so far:\n{results}",
        status.status,
        String::from_utf8_lossy(&status.stderr)
    );
    let lines: Vec<&str> = results.lines().collect();
    assert!(lines.contains(&"filetype flow"), "{results}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("diagnostic unanswered-volume line 2: Volume is unanswered")),
        "{results}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("hover") && l.contains("How often is this process happening?")),
        "{results}"
    );
    assert!(
        lines.contains(&"definition tools.flow line 2 col 5"),
        "{results}"
    );
}
