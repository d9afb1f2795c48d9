//! Prepare rename (the name and its range, or why not) and rename (every
//! file after the edits, or the refusal): after a rename the workspace
//! reports exactly the diagnostics it reported before.

use expect_test::{Expect, expect};
use flowspec_analysis::Workspace;
use flowspec_analysis::ide::rename::{RenameError, prepare_rename, rename};
use flowspec_test_fixture::designs::MINISTRY;

use super::Db;

/// Each marker's answer: the range and placeholder, or the refusal.
fn check_prepare(source: &str, expect: Expect) {
    let db = Db::new(source);
    let mut marks = Vec::new();
    for (name, path, at) in db.fixture.sorted_markers() {
        let id = db.id(&path);
        match prepare_rename(&db.ws, id, at) {
            Ok(target) => marks.push(db.mark(
                id,
                target.span,
                format!("{name}: {:?} `{}`", target.kind, target.name),
            )),
            Err(why) => marks.push((path, at..at, format!("{name}: {why:?}"))),
        }
    }
    expect.assert_eq(&db.annotate(&marks));
}

/// The codes of every file's diagnostics, by path.
fn codes(ws: &Workspace) -> Vec<(String, Vec<String>)> {
    let mut all: Vec<(String, Vec<String>)> = ws
        .files()
        .map(|(id, f)| {
            let mut codes: Vec<String> = ws
                .diagnostics(id)
                .iter()
                .map(|d| d.code.as_str().to_string())
                .collect();
            codes.sort();
            (f.path.clone(), codes)
        })
        .collect();
    all.sort();
    all
}

/// Renames at `$0`: every file after the edits, and the same diagnostics
/// after as before.
fn check_rename(source: &str, new_name: &str, expect: Expect) {
    let db = Db::new(source);
    let (file, at) = db.cursor();
    let edits = rename(&db.ws, file, at, new_name).unwrap_or_else(|e| panic!("{e:?}"));
    let after = db.apply(&edits);
    expect.assert_eq(&after);
    let mut renamed = Workspace::new();
    for (path, text, _) in db.edited(&edits) {
        renamed.set_file(&path, text);
    }
    assert_eq!(
        codes(&renamed),
        codes(&db.ws),
        "the rename keeps the meaning"
    );
}

fn refusal(source: &str, new_name: &str) -> RenameError {
    let db = Db::new(source);
    let (file, at) = db.cursor();
    rename(&db.ws, file, at, new_name).expect_err("a refusal")
}

#[test]
fn renaming_a_tool_edits_every_file_and_leaves_no_broken_reference() {
    check_rename(
        MINISTRY,
        "moh_hmis",
        expect![[r#"
        //- tools.flow (edited)
        ## Les systèmes du ministère — ሚኒስቴር 😀
        role clerk "Agent de saisie — ጸሐፊ 😀" tool moh_hmis "Système national 😀" { kind: mis }
        //- monthly.flow (edited)
        flow monthly: commcare -> clerk -> moh_hmis monthly batch { data: "visites é ጉብኝት 😀" } moh_hmis -> dhis2 weekly
        //- weekly.flow (edited)
        flow weekly: excel -> moh_hmis { notes: "é 😀" } flow other: moh_hmis -> excel daily
    "#]],
    );
    // To the same name: no edit.
    let db = Db::new(MINISTRY);
    let (file, at) = db.cursor();
    assert_eq!(rename(&db.ws, file, at, "hmis"), Ok(Vec::new()));
}

#[test]
fn renaming_a_role_and_a_catalog_tool_used_without_a_declaration() {
    check_rename(
        "//- a.flow\nrole cl$0erk \"ጸሐፊ 😀\"\r\nflow f: commcare -> clerk\r\n//- b.flow\nclerk -> dhis2 manual\n",
        "records_clerk",
        expect![[r#"
            //- a.flow (edited)
            role records_clerk "ጸሐፊ 😀"␍
            flow f: commcare -> records_clerk␍
            //- b.flow (edited)
            records_clerk -> dhis2 manual
        "#]],
    );
    check_prepare(
        "//- a.flow\nflow f: comm$0care -> excel\n//- b.flow\ncommcare -> dhis2\n",
        expect![[r#"
            //- a.flow
            flow f: commcare -> excel
                        ^ $0: NotRenamable("`commcare` is a built-in tool of the catalog (CommCare), not declared in this workspace: declare it with `tool commcare` to rename it.")
            //- b.flow
            commcare -> dhis2
        "#]],
    );
}

#[test]
fn renaming_a_flow_renames_its_name_only() {
    // Flow names are their own namespace: a tool's name is free for a flow.
    check_rename(
        "//- tools.flow\ntool hmis \"HMIS ሲስተም 😀\" flow mon$0thly: commcare -> hmis\n//- flows.flow\nflow weekly: monthly -> hmis\n",
        "hmis",
        expect![[r#"
            //- tools.flow (edited)
            tool hmis "HMIS ሲስተም 😀" flow hmis: commcare -> hmis
            //- flows.flow (unchanged)
            flow weekly: monthly -> hmis
        "#]],
    );
}

#[test]
fn prepare_rename_gives_the_name_and_its_kind() {
    check_prepare(
        "//- tools.flow\nrole clerk \"ጸሐፊ 😀\" tool hm$0is \"é\" { kind: mis }\n//- flows.flow\nflow monthly: commcare -> clerk -> hmis { data: \"😀\" } flow week$1ly: cle$2rk -> hmis$3 daily\n",
        expect![[r#"
            //- tools.flow
            role clerk "ጸሐፊ 😀" tool hmis "é" { kind: mis }
                                    ^^^^ $0: Tool `hmis`
            //- flows.flow
            flow monthly: commcare -> clerk -> hmis { data: "😀" } flow weekly: clerk -> hmis daily
                                                                       ^^^^^^ $1: Flow `weekly`
                                                                               ^^^^^ $2: Role `clerk`
                                                                                        ^^^^ $3: Tool `hmis`
        "#]],
    );
}

#[test]
fn prepare_rename_refuses_what_cannot_be_renamed_and_says_why() {
    check_prepare(
        "# a comme$0nt\nto$1ol t \"Dis$2play\" { ki$3nd: m$4is }\nflow f: comm$5care -> t -> nowh$6ere mont$7hly ~5$8 forms/day\n",
        expect![[r#"
            //- test.flow
            # a comment
                     ^ $0: NotRenamable("This is a comment: only tool, role, flow, record and field names can be renamed.")
            tool t "Display" { kind: mis }
              ^ $1: NotRenamable("`tool` is a keyword: only tool, role, flow, record and field names can be renamed.")
                       ^ $2: NotRenamable("This is a string: only tool, role, flow, record and field names can be renamed.")
                                 ^ $3: NotRenamable("`kind` is a property key: only tool, role, flow, record and field names can be renamed.")
                                      ^ $4: NotRenamable("`mis` is a value: only tool, role, flow, record and field names can be renamed.")
            flow f: commcare -> t -> nowhere monthly ~5 forms/day
                        ^ $5: NotRenamable("`commcare` is a built-in tool of the catalog (CommCare), not declared in this workspace: declare it with `tool commcare` to rename it.")
                                         ^ $6: NotRenamable("`nowhere` is not declared anywhere, so there is nothing to rename: declare it with `tool nowhere`, or correct the step.")
                                                 ^ $7: NotRenamable("`monthly` is a value: only tool, role, flow, record and field names can be renamed.")
                                                       ^ $8: NotRenamable("`5` is a number: only tool, role, flow, record and field names can be renamed.")
        "#]],
    );
}

#[test]
fn rename_rejects_invalid_names_and_names_already_taken() {
    let source = "//- tools.flow\ntool hm$0is \"HMIS\" role clerk\n//- flows.flow\nflow monthly: commcare -> clerk -> hmis -> dhis2\nflow weekly: hmis -> excel\n";
    let mut out = String::new();
    for new_name in [
        "2x",
        "tool",
        "moh hmis",
        "",
        "système",
        "ሰላም",
        "hmis!",
        "clerk",
        "dhis2",
    ] {
        out.push_str(&format!("{new_name:?}: {:?}\n", refusal(source, new_name)));
    }
    let flow = "flow mon$0thly: a -> b\nflow weekly: a -> b\n";
    out.push_str(&format!(
        "flow to \"weekly\": {:?}\n",
        refusal(flow, "weekly")
    ));
    expect![[r#"
        "2x": InvalidName("`2x` is not a valid name: a name starts with a letter or `_`, then letters, digits and `_`, with single hyphens between them (`google-sheets`).")
        "tool": InvalidName("`tool` is a keyword and cannot be a name.")
        "moh hmis": InvalidName("`moh hmis` is not a valid name: a name starts with a letter or `_`, then letters, digits and `_`, with single hyphens between them (`google-sheets`).")
        "": InvalidName("The new name is empty.")
        "système": InvalidName("`système` is not a valid name: a name starts with a letter or `_`, then letters, digits and `_`, with single hyphens between them (`google-sheets`).")
        "ሰላም": InvalidName("`ሰላም` is not a valid name: a name starts with a letter or `_`, then letters, digits and `_`, with single hyphens between them (`google-sheets`).")
        "hmis!": InvalidName("`hmis!` is not a valid name: a name starts with a letter or `_`, then letters, digits and `_`, with single hyphens between them (`google-sheets`).")
        "clerk": Conflict("`clerk` is already declared (role `clerk` in tools.flow): renaming `hmis` to it would declare one name twice. Choose another name.")
        "dhis2": Conflict("`dhis2` is the catalog's DHIS2 and 1 step already uses it: renaming `hmis` to it would make them mean `hmis` instead. Choose another name.")
        flow to "weekly": Conflict("A flow named `weekly` already exists in test.flow: flow names must be unique across the workspace, so `monthly` cannot take it. Choose another name.")
    "#]].assert_eq(&out);
    // A free name still works, spaces around it trimmed.
    check_rename(
        source,
        " moh-hmis ",
        expect![[r#"
        //- tools.flow (edited)
        tool moh-hmis "HMIS" role clerk
        //- flows.flow (edited)
        flow monthly: commcare -> clerk -> moh-hmis -> dhis2
        flow weekly: moh-hmis -> excel
    "#]],
    );
}
