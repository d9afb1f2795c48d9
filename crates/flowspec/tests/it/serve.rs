//! `flowspec serve` as a user runs it: the printed address, raw HTTP over a
//! real socket (request targets sent as written, `..` and all), the page
//! updated by server-sent events when a file is saved, `--port`, `--host`
//! and `--open`. The page itself, in a browser: `tests/serve/`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

/// A running `flowspec serve`, stopped when dropped.
struct Served {
    child: Child,
    /// `127.0.0.1:PORT`.
    address: String,
    stderr: std::thread::JoinHandle<String>,
}

impl Served {
    fn start(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Served {
        let mut child = Command::new(binary())
            .arg("serve")
            .args(args)
            .current_dir(dir)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().expect("a line").unwrap();
        let url = first
            .strip_prefix("Serving the design at ")
            .unwrap_or_else(|| panic!("{first}"));
        let address = url
            .strip_prefix("http://")
            .and_then(|a| a.strip_suffix('/'))
            .unwrap()
            .to_string();
        let watching = lines.next().unwrap().unwrap();
        assert!(watching.starts_with("Watching "), "{watching}");
        assert!(watching.ends_with("for changes; Ctrl+C stops."));
        std::thread::spawn(move || for _ in lines {});
        let mut err = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            text
        });
        Served {
            child,
            address,
            stderr,
        }
    }

    fn port(&self) -> u16 {
        self.address.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// Stops the server; what it wrote on stderr.
    fn stop(mut self) -> String {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        let stderr = std::mem::replace(&mut self.stderr, std::thread::spawn(String::new));
        stderr.join().unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `GET target` sent as written: the status and the body.
fn http(address: &str, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer).to_string();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{answer}"));
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

/// The event stream, read until an event's data contains `needle`.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(address: &str) -> Events {
        let mut stream = TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "GET /events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        Events(BufReader::new(stream))
    }

    /// The next event's data line that contains `needle`, within 20 s
    /// (keep-alive comments come meanwhile, so the read timeout alone would
    /// never fire).
    fn until(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            assert!(Instant::now() < deadline, "no event with {needle} in 20 s");
            let mut line = String::new();
            let n = self.0.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "the stream ended");
            if line.contains("data: {") && line.contains(needle) {
                return line;
            }
        }
    }
}

fn design_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("design");
    std::fs::create_dir(&root).unwrap();
    for file in ["tools.flow", "flows.flow"] {
        std::fs::copy(
            repo().join("tests/editors/fixture").join(file),
            root.join(file),
        )
        .unwrap();
    }
    dir
}

#[test]
fn the_page_and_the_design_over_a_real_socket() {
    let dir = design_dir();
    std::fs::write(dir.path().join("secret.flow"), "tool secret \"SECRET\"\n").unwrap();
    let served = Served::start(&["design"], dir.path(), &[]);
    assert!(served.address.starts_with("127.0.0.1:"), "loopback");

    let (status, page) = http(&served.address, "/");
    assert_eq!(status, 200);
    assert!(page.contains("/assets/app.js"));
    let (status, json) = http(&served.address, "/api/design");
    assert_eq!(status, 200);
    let payload: serde_json::Value = serde_json::from_str(&json).unwrap();
    // The diagnostics are `check --format json`'s, run where serve runs.
    let check = flowspec(&["check", "--format", "json", "design"], dir.path());
    let check: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    assert_eq!(payload["design"]["diagnostics"], check);
    let (status, source) = http(&served.address, "/api/source?path=design%2Ftools.flow");
    assert_eq!(status, 200);
    assert_eq!(
        source,
        std::fs::read_to_string(dir.path().join("design/tools.flow")).unwrap()
    );
    // Raw targets: no client has tidied the dots away.
    for target in [
        "/api/source?path=secret.flow",
        "/api/source?path=design/../secret.flow",
        "/api/source?path=design%2F..%2Fsecret.flow",
        "/../secret.flow",
        "/design/../secret.flow",
        "/assets/../../secret.flow",
        "/assets/%2e%2e/%2e%2e/secret.flow",
        "/secret.flow",
        "/design/tools.flow",
    ] {
        let (status, body) = http(&served.address, target);
        assert!(status == 404 || status == 400, "{target}: {status}");
        assert!(
            !body.contains("SECRET") && !body.contains("tool "),
            "{target}"
        );
    }
    assert_eq!(served.stop(), "", "nothing on stderr");
}

#[test]
fn saving_a_file_sends_the_new_design() {
    let dir = design_dir();
    let served = Served::start(&["design"], dir.path(), &[]);
    let mut events = Events::open(&served.address);
    let now = events.until("\"version\":1,");
    assert!(now.contains("fs-node-"), "the SVG");

    // An editor's save: a new file renamed over the old one.
    let flows = dir.path().join("design/flows.flow");
    let mut text = std::fs::read_to_string(&flows).unwrap();
    text.push_str("\nflow resume: commcare -> openmrs { frequency: daily notes: \"Résumé 💡\" }\n");
    let saved = Instant::now();
    std::fs::write(dir.path().join("design/.flows.flow.tmp"), &text).unwrap();
    std::fs::rename(dir.path().join("design/.flows.flow.tmp"), &flows).unwrap();
    let next = events.until("\"version\":2,");
    let took = saved.elapsed();
    assert!(next.contains("\"notes\":\"Résumé 💡\""), "{next}");
    assert!(!next.contains("\"severity\":\"error\""), "{next}");
    assert!(next.contains("data-name=\\\"openmrs\\\""), "the new box");
    eprintln!("serve: a save reached the event stream in {took:?}");

    // A new file in a new folder.
    std::fs::create_dir(dir.path().join("design/more")).unwrap();
    std::fs::write(
        dir.path().join("design/more/extra.flow"),
        "flow extra: openmrs -> dhis2\n",
    )
    .unwrap();
    let third = events.until("\"version\":3,");
    assert!(third.contains("design/more/extra.flow"), "{third}");

    // The design's folder removed: the last design, with the error.
    std::fs::remove_dir_all(dir.path().join("design")).unwrap();
    let gone = events.until("no such file or folder");
    assert!(gone.contains("Résumé 💡"), "the last design stays");

    // Put back (a checkout, a restore): watched again, and shown.
    std::fs::create_dir(dir.path().join("design")).unwrap();
    std::fs::write(
        dir.path().join("design/back.flow"),
        "flow back_again: commcare -> dhis2\n",
    )
    .unwrap();
    let back = events.until("back_again");
    assert!(back.contains("\"error\":null"), "{back}");
    std::fs::write(
        dir.path().join("design/back.flow"),
        "flow back_and_watched: commcare -> dhis2\n",
    )
    .unwrap();
    events.until("back_and_watched");
    served.stop();
}

#[test]
fn one_file_is_watched_through_its_folder() {
    let dir = design_dir();
    let served = Served::start(&["design/flows.flow"], dir.path(), &[]);
    let mut events = Events::open(&served.address);
    events.until("\"version\":1,");
    // Another file of the folder is not part of this design.
    std::fs::write(dir.path().join("design/other.flow"), "tool other\n").unwrap();
    let flows = dir.path().join("design/flows.flow");
    let text = std::fs::read_to_string(&flows).unwrap() + "\nflow late: commcare -> dhis2\n";
    std::fs::write(&flows, text).unwrap();
    let next = events.until("\"version\":2,");
    assert!(next.contains("late"));
    assert!(!next.contains("design/other.flow"), "{next}");
    served.stop();
}

#[test]
fn port_host_and_open() {
    let dir = design_dir();
    let first = Served::start(&["design"], dir.path(), &[]);
    // The same port again: taken.
    let port = first.port().to_string();
    let out = flowspec(&["serve", "design", "--port", &port], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the port is in use"),
        "{}",
        stderr(&out)
    );
    drop(first);

    // --host: listening on every address, with a warning; reached here
    // through loopback, any Host name answered.
    let shared = Served::start(&["design", "--host", "0.0.0.0"], dir.path(), &[]);
    let (status, _) = http(&shared.address, "/api/design");
    assert_eq!(status, 200);
    let warning = shared.stop();
    assert!(
        warning.contains("warning: listening on 0.0.0.0:")
            && warning.contains("anyone who can reach this machine"),
        "{warning}"
    );

    // --open runs $BROWSER with the address.
    let opened = dir.path().join("opened.txt");
    let script = dir.path().join("browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let served = Served::start(
            &["design", "--open"],
            dir.path(),
            &[("BROWSER", script.to_str().unwrap())],
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        while !opened.exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(
            std::fs::read_to_string(&opened).unwrap().trim(),
            format!("http://{}/", served.address)
        );
        served.stop();
    }
}

#[test]
fn usage_errors() {
    let dir = design_dir();
    let out = flowspec(&["serve", "no/such/folder"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read `no/such/folder`"));
    let out = flowspec(&["serve", "--host", "not-an-address"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let help = stdout(&flowspec(&["serve", "--help"], dir.path()));
    assert!(
        help.contains("--port <PORT>") && help.contains("--open"),
        "{help}"
    );
}
