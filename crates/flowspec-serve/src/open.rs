//! `--open`: the page in the user's browser. `$BROWSER` (the program to
//! run with the address, as many command-line tools honour it) when set,
//! else the system's opener: `xdg-open`, `open` on macOS, `start` on
//! Windows. The opener runs detached; its output is not shown.

use std::process::{Command, Stdio};

/// Starts the browser on `url`.
pub fn browser(url: &str) -> std::io::Result<()> {
    let mut command = opener(std::env::var_os("BROWSER").filter(|b| !b.is_empty()), url);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
}

fn opener(browser: Option<std::ffi::OsString>, url: &str) -> Command {
    if let Some(program) = browser {
        let mut command = Command::new(program);
        command.arg(url);
        return command;
    }
    if cfg!(target_os = "macos") {
        let mut command = Command::new("open");
        command.arg(url);
        command
    } else if cfg!(windows) {
        let mut command = Command::new("cmd");
        command.args(["/C", "start", "", url]);
        command
    } else {
        let mut command = Command::new("xdg-open");
        command.arg(url);
        command
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_variable_first_then_the_system_opener() {
        let named = opener(Some("firefox".into()), "http://127.0.0.1:1/");
        assert_eq!(named.get_program(), "firefox");
        assert_eq!(
            named.get_args().collect::<Vec<_>>(),
            ["http://127.0.0.1:1/"]
        );
        let system = opener(None, "http://127.0.0.1:1/");
        let expected = if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(windows) {
            "cmd"
        } else {
            "xdg-open"
        };
        assert_eq!(system.get_program(), expected);
        assert_eq!(
            system.get_args().last().unwrap(),
            std::ffi::OsStr::new("http://127.0.0.1:1/")
        );
    }
}
