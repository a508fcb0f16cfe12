//! Shape checks for `--json` documents (docs/JSON.md): each key of an object and its type.
#![allow(dead_code)]

use serde_json::Value;

/// JSON types as docs/JSON.md names them.
#[derive(Clone, Copy, Debug)]
pub enum T {
    Num,
    Str,
    Bool,
    Obj,
    Arr,
    StrOrNull,
    NumOrNull,
    /// An object or null (`object?`).
    ObjOrNull,
    /// A string, number, boolean or null.
    Scalar,
}

pub fn is(v: &Value, t: T) -> bool {
    match t {
        T::Num => v.is_number(),
        T::Str => v.is_string(),
        T::Bool => v.is_boolean(),
        T::Obj => v.is_object(),
        T::Arr => v.is_array(),
        T::StrOrNull => v.is_string() || v.is_null(),
        T::NumOrNull => v.is_number() || v.is_null(),
        T::ObjOrNull => v.is_object() || v.is_null(),
        T::Scalar => !v.is_object() && !v.is_array(),
    }
}

/// `v` is an object with exactly the `required` keys (plus any of `optional`), each of its type.
pub fn shape(what: &str, v: &Value, required: &[(&str, T)], optional: &[(&str, T)]) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("{what}: not an object: {v}"));
    for (k, t) in required {
        let x = obj
            .get(*k)
            .unwrap_or_else(|| panic!("{what}: missing `{k}` in {v}"));
        assert!(is(x, *t), "{what}: `{k}` should be {t:?}, is {x}");
    }
    for (k, x) in obj {
        let t = required
            .iter()
            .chain(optional)
            .find(|(n, _)| n == k)
            .unwrap_or_else(|| panic!("{what}: undocumented key `{k}` in {v}"))
            .1;
        assert!(is(x, t), "{what}: `{k}` should be {t:?}, is {x}");
    }
}

/// Runs `tri` with `args` (plus `--json`), expects `code`, and parses stdout as one document.
pub fn json_of(mut c: assert_cmd::Command, args: &[&str], code: i32) -> Value {
    let out = c.args(args).arg("--json").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}\nstdout: {stdout}\nstderr: {stderr}"
    );
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: stdout is not one JSON document ({e}): {stdout:?}"))
}

/// The document of a recorded event (`step`; `handoff` and `finish` add keys).
pub const STEP: &[(&str, T)] = &[
    ("issue", T::Num),
    ("repo", T::Str),
    ("step", T::Num),
    ("event_id", T::Str),
    ("event", T::Str),
    ("experience_file", T::Str),
    ("state", T::Str),
    ("comment_url", T::StrOrNull),
    ("reason", T::StrOrNull),
];

/// The example document of the docs/JSON.md section whose heading starts with
/// `## \`<command>` (its first ```json block), parsed.
pub fn documented(command: &str) -> Value {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/JSON.md"))
        .expect("docs/JSON.md");
    let head = format!("## `{command}");
    let at = doc
        .find(&head)
        .unwrap_or_else(|| panic!("docs/JSON.md has no section {head}"));
    let rest = &doc[at..];
    let end = rest[1..].find("\n## ").map_or(rest.len(), |i| i + 1);
    let section = &rest[..end];
    let start = section
        .find("```json\n")
        .unwrap_or_else(|| panic!("{head}: no ```json block"))
        + "```json\n".len();
    let stop = section[start..].find("```").unwrap() + start;
    serde_json::from_str(&section[start..stop])
        .unwrap_or_else(|e| panic!("{head}: the example is not JSON: {e}"))
}

/// `keys` (a shape the tests check) is the documented `example` object's: the same keys, and
/// each example value of the type given (a null example only for a nullable type).
pub fn agrees_with_doc(what: &str, example: &Value, keys: &[(&str, T)]) {
    let obj = example
        .as_object()
        .unwrap_or_else(|| panic!("{what}: the documented example is not an object"));
    let doc_keys: std::collections::BTreeSet<&str> = obj.keys().map(String::as_str).collect();
    let test_keys: std::collections::BTreeSet<&str> = keys.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        doc_keys, test_keys,
        "{what}: docs/JSON.md's keys and the tests' differ"
    );
    for (k, t) in keys {
        let x = &obj[*k];
        let nullable = matches!(t, T::StrOrNull | T::NumOrNull | T::ObjOrNull | T::Scalar);
        assert!(
            if x.is_null() { nullable } else { is(x, *t) },
            "{what}: docs/JSON.md shows `{k}` as {x}, the tests check {t:?}"
        );
    }
}
