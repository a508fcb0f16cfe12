//! The workflow files the linters read (tests/workflows_lint.rs, tests/zizmor.rs). Include it
//! without the rest of `common` with `#[path = "common/yml.rs"] mod yml;`.

use std::path::{Path, PathBuf};

/// The `.yml` and `.yaml` files directly in `dir`, sorted by path.
pub fn yml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    v.sort();
    v
}
