//! README's copy of the sandbox workflow ("Workflow: a sandbox per open issue", its ```yaml
//! block) is what `tri ci init` writes: compared as YAML documents (comments and blank lines
//! aside), with the tri action's ref (`OWNER/tri@v…`: README shows the major tag, `ci init`
//! pins this version) set aside.

mod common;

use serde_norway::Value;

/// The first ```yaml block after README's heading `heading`.
fn readme_yaml(heading: &str) -> String {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let at = readme
        .lines()
        .position(|l| l.trim_start_matches('#').trim() == heading && l.starts_with('#'))
        .unwrap_or_else(|| panic!("README has no heading {heading:?}"));
    let mut lines = readme.lines().skip(at + 1);
    let mut out = String::new();
    for l in lines.by_ref() {
        assert!(!l.starts_with('#'), "no ```yaml block under {heading:?}");
        if l.trim() == "```yaml" {
            break;
        }
    }
    for l in lines {
        if l.trim() == "```" {
            return out;
        }
        out.push_str(l);
        out.push('\n');
    }
    panic!("the ```yaml block under {heading:?} is not closed");
}

/// `v` with every `uses: OWNER/tri@<ref>` string's ref replaced by `REF`.
fn without_tri_ref(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Some((action, _)) = s.split_once('@') {
                if action.ends_with("/tri") {
                    *s = format!("{action}@REF");
                }
            }
        }
        Value::Sequence(xs) => xs.iter_mut().for_each(without_tri_ref),
        Value::Mapping(m) => m.iter_mut().for_each(|(_, x)| without_tri_ref(x)),
        _ => {}
    }
}

#[test]
fn readmes_sandbox_workflow_is_what_ci_init_writes() {
    let d = tempfile::tempdir().unwrap();
    common::git(d.path(), &["init", "-q"]);
    common::tri_in(d.path())
        .args(["ci", "init", "--sandbox"])
        .assert()
        .success();
    let written =
        std::fs::read_to_string(d.path().join(".github/workflows/tri-sandbox.yml")).unwrap();
    let mut generated: Value = serde_norway::from_str(&written).unwrap();
    let mut documented: Value =
        serde_norway::from_str(&readme_yaml("Workflow: a sandbox per open issue")).unwrap();
    without_tri_ref(&mut generated);
    without_tri_ref(&mut documented);
    assert_eq!(
        documented, generated,
        "README's workflow differs from `tri ci init --sandbox`'s:\n{written}"
    );
}
