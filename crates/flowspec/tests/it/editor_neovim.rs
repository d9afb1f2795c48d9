//! A real editor as the client: headless Neovim with the plugin of
//! `editors/neovim` opens a two-file design and must receive the
//! diagnostics, a hover and a go to definition from `flowspec lsp`; the
//! plugin's filetype detection, syntax file and ftplugin are checked on the
//! way, and a setting of the server must reach it.
//!
//! The scenario runs twice: on the `nvim` of the PATH (Debian 12's 0.7.2 in
//! CI: the plugin's `vim.lsp.start_client` branch) and on a current Neovim
//! named by `FLOWSPEC_NVIM_CURRENT` (its `vim.lsp.start` branch; `.ci/run`
//! installs one, see tests/editors/README.md). In CI a missing Neovim is a
//! failure; elsewhere the test says it skipped.

use std::ffi::OsString;
use std::process::Command;

use crate::support::{editor_design, have, repo};

fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Runs tests/editors/neovim/test.lua in `nvim`; returns its result lines.
fn run(nvim: &OsString) -> Vec<String> {
    let repo = repo();
    let (work, root) = editor_design();
    let out = work.path().join("results.txt");
    let xdg = work.path().join("xdg");
    let status = Command::new("timeout")
        .arg("60")
        .arg(nvim)
        .args(["--headless", "--clean", "-c"])
        .arg(format!(
            "luafile {}",
            repo.join("tests/editors/neovim/test.lua").display()
        ))
        // Each Neovim finds its own runtime files, not those of a Neovim
        // the tests may have been started from.
        .env_remove("VIMRUNTIME")
        .env_remove("VIM")
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
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(
        status.status.success(),
        "nvim failed ({}):\n{stderr}\nresults so far:\n{results}",
        status.status,
    );
    // A deprecation warning (or any other) is a defect of the plugin or of
    // the test script: Neovim must have said nothing.
    assert!(
        !results.lines().any(|l| l.starts_with("message ")) && stderr.trim().is_empty(),
        "Neovim printed messages:\n{stderr}\n{results}"
    );
    results.lines().map(str::to_owned).collect()
}

/// What every Neovim must show, whichever branch of the plugin ran.
fn assert_scenario(lines: &[String]) {
    let all = lines.join("\n");
    for expected in [
        "detect x.flow flow",
        "detect x.js.flow (none)",
        "detect X.JS.flow (none)",
        "filetype flow",
        "syntax flow",
        "hlexists flowKeyword 1",
        "group flow flowKeyword",
        "group frequency flowCategory",
        "group comment flowDocComment",
        "commentstring # %s",
        "server started",
        "definition tools.flow line 2 col 5",
    ] {
        assert!(
            lines.iter().any(|l| l == expected),
            "no `{expected}` in:\n{all}"
        );
    }
    assert!(
        lines.iter().any(|l| l.starts_with(
            // Severity 3 is information: the plugin's `settings` reached the server.
            "diagnostic unanswered-volume line 2 severity 3: Volume is unanswered"
        )),
        "{all}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("hover") && l.contains("How often is this process happening?")),
        "{all}"
    );
}

/// The `major.minor` of the `version X.Y.Z` line.
fn version(lines: &[String]) -> (u32, u32) {
    let v = lines
        .iter()
        .find_map(|l| l.strip_prefix("version "))
        .unwrap_or_else(|| panic!("no version in:\n{}", lines.join("\n")));
    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap());
    (parts.next().unwrap(), parts.next().unwrap())
}

#[test]
fn neovim_on_the_path_gets_diagnostics_hover_and_definition() {
    let nvim = OsString::from("nvim");
    if !have(&nvim) {
        assert!(
            !in_ci(),
            "Neovim is required in CI (apt-get install neovim)"
        );
        eprintln!("skipped: nvim is not installed");
        return;
    }
    let lines = run(&nvim);
    assert_scenario(&lines);
    let branch = lines.iter().find(|l| l.starts_with("lsp.start ")).unwrap();
    if in_ci() {
        // Debian 12's Neovim: the only run of the plugin's 0.7 branch.
        assert_eq!(version(&lines), (0, 7), "{}", lines.join("\n"));
        assert_eq!(branch, "lsp.start no");
    } else {
        eprintln!("nvim {:?} ran ({branch})", version(&lines));
    }
}

#[test]
fn current_neovim_gets_diagnostics_hover_and_definition() {
    let Some(nvim) = std::env::var_os("FLOWSPEC_NVIM_CURRENT") else {
        assert!(
            !in_ci(),
            "a current Neovim is required in CI: FLOWSPEC_NVIM_CURRENT names it (.ci/run installs it)"
        );
        eprintln!("skipped: FLOWSPEC_NVIM_CURRENT is not set (see tests/editors/README.md)");
        return;
    };
    // Named, so it must be there.
    assert!(have(&nvim), "FLOWSPEC_NVIM_CURRENT={nvim:?} does not run");
    let lines = run(&nvim);
    assert_scenario(&lines);
    // The plugin's vim.lsp.start branch, on a Neovim past the deprecation of
    // vim.lsp.buf_get_clients (0.10), so the no-message check means something.
    assert!(version(&lines) >= (0, 10), "{}", lines.join("\n"));
    assert!(
        lines.iter().any(|l| l == "lsp.start yes"),
        "{}",
        lines.join("\n")
    );
    assert!(
        lines.iter().any(|l| l == "deprecated none"),
        "{}",
        lines.join("\n")
    );
}
