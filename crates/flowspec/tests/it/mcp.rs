//! `flowspec mcp` through the protocol, as an assistant drives it: the real
//! binary on stdio, newline-delimited JSON-RPC: `initialize` (the version
//! negotiated), `tools/list` (every tool with an object input schema),
//! `tools/call` on each tool, tool errors an assistant can read, protocol
//! errors for what is not a call, fresh reads after an edit, and the end of
//! the process when stdin closes.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::*;

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<String>,
    next_id: u64,
}

impl Client {
    fn start(args: &[&str], dir: &std::path::Path) -> Client {
        let mut child = Command::new(binary())
            .arg("mcp")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout: ChildStdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            lines,
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{message}").unwrap();
        stdin.flush().unwrap();
    }

    /// Each line on stdout is one JSON-RPC message.
    fn receive(&self) -> Value {
        let line = self
            .lines
            .recv_timeout(Duration::from_secs(30))
            .expect("an answer in time");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.receive();
            if message["id"] == id {
                return message;
            }
        }
    }

    /// The initialized client, as assistants start.
    fn initialized(args: &[&str], dir: &std::path::Path) -> Client {
        let mut client = Client::start(args, dir);
        let answer = client.request(
            "initialize",
            json!({
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "flowspec-tests", "version": "1"}
            }),
        );
        assert_eq!(
            answer["result"]["protocolVersion"], "2025-06-18",
            "{answer}"
        );
        assert_eq!(answer["result"]["serverInfo"]["name"], "flowspec");
        assert!(answer["result"]["capabilities"]["tools"].is_object());
        client.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        client
    }

    /// `tools/call`: the result (an error answer fails the test).
    fn call(&mut self, tool: &str, arguments: Value) -> Value {
        let answer = self.request("tools/call", json!({"name": tool, "arguments": arguments}));
        assert!(answer["error"].is_null(), "{tool}: {answer}");
        answer["result"].clone()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A successful result's first text, parsed as JSON.
fn json_of(result: &Value) -> Value {
    assert_ne!(result["isError"], true, "{result}");
    serde_json::from_str(result["content"][0]["text"].as_str().unwrap()).unwrap()
}

fn text_of(result: &Value) -> &str {
    result["content"][0]["text"].as_str().unwrap()
}

#[test]
fn the_handshake_and_every_tool_with_an_input_schema() {
    let mut client = Client::initialized(&["examples/ethiopia"], &repo());
    let tools = client.request("tools/list", json!({}));
    let tools = tools["result"]["tools"].as_array().unwrap().clone();
    let mut names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "check",
            "draw",
            "explain",
            "export_openfn",
            "get_flow",
            "list_design"
        ]
    );
    for tool in &tools {
        let schema = &tool["inputSchema"];
        assert_eq!(schema["type"], "object", "{tool}");
        assert!(!tool["description"].as_str().unwrap().is_empty());
    }
    let schema =
        |name: &str| tools.iter().find(|t| t["name"] == name).unwrap()["inputSchema"].clone();
    assert_eq!(schema("get_flow")["required"], json!(["name"]));
    assert_eq!(schema("get_flow")["properties"]["name"]["type"], "string");
    assert_eq!(schema("explain")["required"], json!(["code"]));
    let draw = schema("draw");
    let formats: Vec<&str> = draw["$defs"]["DrawFormat"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["const"].as_str().unwrap())
        .collect();
    assert_eq!(formats, ["svg", "png", "drawio", "dot", "mermaid"]);
}

#[test]
fn list_get_flow_and_check_say_what_the_command_line_says() {
    let mut client = Client::initialized(&["examples/ethiopia"], &repo());
    let design = json_of(&client.call("list_design", json!({})));
    assert_eq!(design["paths"], json!(["examples/ethiopia"]));
    let tools: Vec<&str> = design["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(tools, ["commcare", "excel", "data_manager", "dhis2"]);
    assert_eq!(design["tools"][2]["kind"], "role");
    let flows = design["flows"].as_array().unwrap();
    assert_eq!(flows.len(), 2);
    assert_eq!(flows[0]["name"], "monthly_indicators");
    assert_eq!(flows[0]["answered"], 6);
    assert_eq!(flows[1]["name"], "commcare -> excel -> dhis2");
    assert_eq!(
        flows[1]["unanswered"],
        json!(["data", "transform", "volume"])
    );

    let flow = json_of(&client.call("get_flow", json!({"name": "monthly_indicators"})));
    let answers = flow["answers"].as_array().unwrap();
    let keys: Vec<&str> = answers.iter().map(|a| a["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "tools",
            "data",
            "transform",
            "timing",
            "frequency",
            "volume"
        ]
    );
    assert!(answers.iter().all(|a| a["status"] == "answered"));
    assert_eq!(flow["steps"][2]["label"], "M&E data manager");
    // A bare flow by its chain.
    let bare = json_of(&client.call("get_flow", json!({"name": "commcare -> excel -> dhis2"})));
    assert_eq!(bare["name"], "commcare -> excel -> dhis2");
    assert_eq!(bare["answers"][1]["status"], "unanswered");

    let check = json_of(&client.call("check", json!({})));
    let cli = flowspec(&["check", "--format", "json", "examples/ethiopia"], &repo());
    let cli: Value = serde_json::from_str(&stdout(&cli)).unwrap();
    assert_eq!(check["diagnostics"], cli, "the same diagnostics as check");
    assert_eq!(
        check["summary"], "Checked 3 files: 4 warnings, 1 note, 1 hint.",
        "the summary check prints"
    );
}

#[test]
fn open_questions_and_a_design_read_afresh_after_an_edit() {
    let dir = workspace_text(&[(
        "design/a.flow",
        "## Projet pilote — ኢትዮጵያ 🌍\r\n\r\ntool fiche \"Fiche · École\"\r\nflow collecte: commcare -> fiche {\r\n  notes: \"Relevé · École ✓\"\r\n  data: tbd\r\n  volume: unknown\r\n  frequency: weekly\r\n}\r\n",
    )]);
    let mut client = Client::initialized(&["design"], dir.path());
    let flow = json_of(&client.call("get_flow", json!({"name": "collecte"})));
    let open: Vec<(&str, &str)> = flow["open_questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["key"].as_str().unwrap(), q["answered"].as_str().unwrap()))
        .collect();
    assert_eq!(open, [("data", "tbd"), ("volume", "unknown")]);
    assert_eq!(flow["unanswered"], json!(["transform", "timing"]));
    assert_eq!(flow["location"]["line"], 4);
    assert_eq!(flow["notes"], "Relevé · École ✓");
    assert_eq!(flow["steps"][1]["label"], "Fiche · École");
    let design = json_of(&client.call("list_design", json!({})));
    assert_eq!(design["title"], "Projet pilote — ኢትዮጵያ 🌍");

    // The assistant edits the design; the next call sees it.
    std::fs::write(
        dir.path().join("design/b.flow"),
        "flow envoi: fiche -> nowhere\n",
    )
    .unwrap();
    let check = json_of(&client.call("check", json!({})));
    let unknown: Vec<&Value> = check["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-reference")
        .collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0]["path"], "design/b.flow");
    assert_eq!(unknown[0]["column"], 22);
}

#[test]
fn explain_draw_and_export() {
    let mut client = Client::initialized(&["examples/complete"], &repo());
    let explained = client.call("explain", json!({"code": "unanswered-volume"}));
    let cli = flowspec(&["explain", "unanswered-volume"], &repo());
    assert_eq!(text_of(&explained), stdout(&cli).trim_end());
    let all = client.call("explain", json!({"code": "all"}));
    assert!(
        text_of(&all)
            .lines()
            .any(|l| l.starts_with("manual-step (hint): "))
    );

    let svg = client.call("draw", json!({}));
    let cli = flowspec(&["graph", "examples/complete"], &repo());
    assert_eq!(text_of(&svg), stdout(&cli), "the SVG graph draws");
    let mermaid = client.call("draw", json!({"format": "mermaid", "flow": "referrals"}));
    assert!(text_of(&mermaid).contains("flowchart LR"), "{mermaid}");
    assert_eq!(text_of(&mermaid).matches("-->|").count(), 1, "one flow");
    let drawio = client.call("draw", json!({"format": "drawio", "direction": "tb"}));
    assert!(text_of(&drawio).starts_with("<mxfile"));
    let png = client.call("draw", json!({"format": "png", "scale": 1}));
    assert_eq!(png["content"][0]["type"], "image");
    assert_eq!(png["content"][0]["mimeType"], "image/png");
    let data = png["content"][0]["data"].as_str().unwrap();
    assert!(
        data.starts_with("iVBORw0KGgo"),
        "base64 of the PNG signature"
    );

    let export = client.call(
        "export_openfn",
        json!({"format": "project", "name": "Pilot"}),
    );
    assert_ne!(export["isError"], true, "{export}");
    let cli = flowspec(
        &[
            "export",
            "openfn",
            "examples/complete",
            "--format",
            "project",
            "--name",
            "Pilot",
            "-o",
            "-",
        ],
        &repo(),
    );
    assert_eq!(
        text_of(&export),
        stdout(&cli),
        "the file `export openfn` writes"
    );

    // The 4.0 folder: each file, its path first, as the command writes it.
    let folder = client.call("export_openfn", json!({"name": "Pilot"}));
    let out = tempfile::tempdir().unwrap();
    let written = out.path().join("openfn");
    let cli = flowspec(
        &[
            "export",
            "openfn",
            "examples/complete",
            "--name",
            "Pilot",
            "-o",
            written.to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(cli.status.code(), Some(0), "{}", stderr(&cli));
    let blocks = folder["content"].as_array().unwrap();
    let files: Vec<&Value> = blocks
        .iter()
        .filter(|b| !b["text"].as_str().unwrap().starts_with("note: "))
        .collect();
    assert!(files.len() > 2, "{folder}");
    for block in files {
        let (path, text) = block["text"].as_str().unwrap().split_once('\n').unwrap();
        assert_eq!(
            std::fs::read_to_string(written.join(path)).unwrap(),
            text,
            "{path}"
        );
    }
}

#[test]
fn mistakes_are_tool_errors_an_assistant_can_read() {
    let mut client = Client::initialized(&["examples/ethiopia"], &repo());
    let unknown = client.call("get_flow", json!({"name": "monthly_indicatorz"}));
    assert_eq!(unknown["isError"], true);
    assert_eq!(
        text_of(&unknown),
        "no flow is named `monthly_indicatorz`. Did you mean `monthly_indicators`?"
    );
    let code = client.call("explain", json!({"code": "unanswered-volum"}));
    assert_eq!(code["isError"], true);
    assert!(text_of(&code).contains("unanswered-volume"), "{code}");
    let scale = client.call("draw", json!({"format": "png", "scale": 9}));
    assert_eq!(scale["isError"], true);
    let flow = client.call("draw", json!({"flow": "nope"}));
    assert_eq!(flow["isError"], true);

    // Arguments that do not fit the schema: a tool error saying why, so
    // the assistant can correct itself.
    let missing = client.call("get_flow", json!({}));
    assert_eq!(missing["isError"], true);
    assert!(
        text_of(&missing).contains("missing field `name`"),
        "{missing}"
    );
    let wrong = client.call("draw", json!({"format": "gif"}));
    assert_eq!(wrong["isError"], true);
    assert!(text_of(&wrong).contains("gif"), "{wrong}");
    // Not a call the server can make: protocol errors.
    let no_tool = client.request(
        "tools/call",
        json!({"name": "delete_design", "arguments": {}}),
    );
    assert!(no_tool["error"]["code"].is_i64(), "{no_tool}");
    let no_method = client.request("design/delete", json!({}));
    assert_eq!(no_method["error"]["code"], -32601, "{no_method}");
}

#[test]
fn a_design_with_errors_is_not_exported_and_an_unreadable_one_is_said() {
    let dir = workspace_text(&[(
        "design/a.flow",
        "flow f: comcare -> dhis2 { data: \"x\" }\n",
    )]);
    let mut client = Client::initialized(&["design"], dir.path());
    let export = client.call("export_openfn", json!({}));
    assert_eq!(export["isError"], true);
    assert!(
        text_of(&export).starts_with("the design has 1 error"),
        "{export}"
    );
    std::fs::remove_dir_all(dir.path().join("design")).unwrap();
    let gone = client.call("list_design", json!({}));
    assert_eq!(gone["isError"], true);
    assert!(text_of(&gone).contains("no such file or folder"), "{gone}");
}

#[test]
fn the_server_ends_when_stdin_closes() {
    let mut client = Client::initialized(&["examples/ethiopia"], &repo());
    client.stdin.take();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = client.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "still running");
        std::thread::sleep(Duration::from_millis(20));
    }
}
