//! Reloads: a new version only when the page would change; the last
//! design kept, with the error, when the paths no longer load.

use crate::design;
use flowspec_serve::Snapshot;

#[test]
fn a_reload_is_a_new_version_only_when_something_shows_differently() {
    let (_work, root) = design(&[(
        "a.flow",
        "flow f: commcare -> dhis2 { frequency: monthly }\n",
    )]);
    let paths = vec![root.clone()];
    let first = Snapshot::load(&paths).unwrap();
    assert_eq!(first.version, 1);
    assert!(first.reload(&paths).is_none(), "nothing changed");

    // Saved with the same text: nothing to send.
    std::fs::write(
        root.join("a.flow"),
        "flow f: commcare -> dhis2 { frequency: monthly }\n",
    )
    .unwrap();
    assert!(first.reload(&paths).is_none());

    // A comment changes no picture but it changes the source shown.
    std::fs::write(
        root.join("a.flow"),
        "# é\nflow f: commcare -> dhis2 { frequency: monthly }\n",
    )
    .unwrap();
    let second = first.reload(&paths).expect("the source changed");
    assert_eq!(second.version, 2);
    assert_eq!(second.svg, first.svg);

    std::fs::write(root.join("b.flow"), "flow g: dhis2 -> openmrs\n").unwrap();
    let third = second.reload(&paths).expect("a new file");
    assert_eq!(third.version, 3);
    assert_eq!(third.design.flows.len(), 2);
    assert!(third.svg.contains("data-name=\"openmrs\""));
    assert_eq!(third.sources.len(), 2);
}

#[test]
fn a_design_that_stops_loading_keeps_its_last_picture_with_the_error() {
    let (work, root) = design(&[("a.flow", "flow f: commcare -> dhis2\n")]);
    let paths = vec![root.clone()];
    let first = Snapshot::load(&paths).unwrap();
    std::fs::remove_dir_all(&root).unwrap();
    let gone = first.reload(&paths).expect("the error is news");
    assert_eq!(gone.version, 2);
    let error = gone.error.as_deref().unwrap();
    assert!(error.contains("no such file or folder"), "{error}");
    assert_eq!(gone.svg, first.svg, "the last design stays on the page");
    assert!(gone.payload().contains("\"error\":\"cannot read"));
    assert!(gone.reload(&paths).is_none(), "still gone: nothing new");

    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("a.flow"), "flow f: commcare -> openmrs\n").unwrap();
    let back = gone.reload(&paths).expect("back");
    assert_eq!(back.version, 3);
    assert!(back.error.is_none());
    assert!(back.svg.contains("openmrs"));
    drop(work);
}
