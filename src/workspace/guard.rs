//! The checkout's own files only: nothing under `.trinity/` is written through a
//! symlink that leads outside the workspace.
//!
//! git stores symlinks, so a checkout can ship `.trinity/outbox -> /elsewhere` or
//! `.trinity/audit.jsonl -> ~/.bashrc`. Every writer of `.trinity/` goes through this
//! module:
//! - files replaced by rename ([`super::atomic`]) call [`check`]: every directory from
//!   `.trinity` down to the file's own directory must be a real directory or a symlink that
//!   resolves inside the workspace root. The file itself may be a symlink: the rename
//!   replaces the link, never what it points to;
//! - directories are made with [`create_dir_all`] (checked first, so nothing is created
//!   through a link);
//! - files appended to or opened in place (the audit log, the lock file) are opened with
//!   [`open_no_follow`]: the directories as for [`check`], and the file itself with
//!   `O_NOFOLLOW` on unix, so a symlink there is refused by the kernel.
//!
//! The workspace root of a path is the directory holding its last `.trinity` component
//! ([`super::STATE_DIR`]); a path with no such component is not checked.
//!
//! Errors are [`Error::Other`] (exit 1: nothing was written), one line naming the path
//! relative to the root, where the link leads and what to do (docs/exit-codes.md, "Exit codes").

use super::STATE_DIR;
use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::path::{Component, Path, PathBuf};

/// The workspace root of `path` (the directory holding its last `.trinity` component) and
/// the components from `.trinity` on, or `None` when `path` has no `.trinity` component.
/// Pure.
fn split_at_state_dir(path: &Path) -> Option<(PathBuf, Vec<Component<'_>>)> {
    let comps: Vec<Component<'_>> = path.components().collect();
    let i = comps
        .iter()
        .rposition(|c| matches!(c, Component::Normal(n) if *n == STATE_DIR))?;
    let root: PathBuf = comps[..i].iter().collect();
    let root = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    };
    Some((root, comps[i..].to_vec()))
}

fn shown(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .into_owned()
}

/// Checks `dir` and every directory between the workspace root and it (from `.trinity`
/// on): each existing one is a real directory, or a symlink resolving inside the root.
/// Stops at the first that does not exist (nothing below it exists either).
///
/// Errors: [`Error::Other`] naming the link, its target and what to do.
pub fn check_dir(dir: &Path) -> Result<()> {
    let Some((root, comps)) = split_at_state_dir(dir) else {
        return Ok(());
    };
    let mut cur = root.clone();
    let mut canon_root: Option<PathBuf> = None;
    for c in comps {
        cur.push(c);
        let meta = match std::fs::symlink_metadata(&cur) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io("inspect", &cur, e)),
        };
        if !meta.file_type().is_symlink() {
            continue;
        }
        let target = std::fs::read_link(&cur)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".into());
        let rel = shown(&root, &cur);
        let canon_root = match &canon_root {
            Some(r) => r.clone(),
            None => {
                let r = std::fs::canonicalize(&root).map_err(|e| Error::io("resolve", &root, e))?;
                canon_root = Some(r.clone());
                r
            }
        };
        match std::fs::canonicalize(&cur) {
            Ok(real) if real.starts_with(&canon_root) => {}
            Ok(real) => {
                return Err(Error::Other(format!(
                    "`{rel}` is a symlink to `{}`, outside the workspace {}; tri writes only inside the checkout: remove the link (`rm {rel}`) and run the command again",
                    real.display(),
                    canon_root.display()
                )))
            }
            Err(_) => {
                return Err(Error::Other(format!(
                    "`{rel}` is a symlink to `{target}`, which does not exist; tri writes only inside the checkout: remove the link (`rm {rel}`) and run the command again"
                )))
            }
        }
    }
    Ok(())
}

/// Checks the directories a file at `path` is written into by rename ([`check_dir`] on its
/// parent). `path` itself may be a symlink: a rename replaces the link.
///
/// Errors: as [`check_dir`].
pub fn check(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => check_dir(dir),
        _ => Ok(()),
    }
}

/// `std::fs::create_dir_all(dir)` after [`check_dir`], so that no directory is made through
/// a link leading out of the workspace.
///
/// Errors: as [`check_dir`]; [`Error::Io`] naming `dir`.
pub fn create_dir_all(dir: &Path) -> Result<()> {
    check_dir(dir)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))
}

/// Opens `path` with `opts`, refusing to follow a symlink at `path` itself (`O_NOFOLLOW` on
/// unix; elsewhere the file is checked with `symlink_metadata` first) and checking its
/// directories ([`check`]). For files written in place: the audit log (appended), the lock
/// file.
///
/// Errors: as [`check_dir`]; [`Error::Other`] when `path` is a symlink, naming it and what
/// to do; [`Error::Io`] for any other failure to open.
pub fn open_no_follow(path: &Path, opts: &mut OpenOptions) -> Result<File> {
    check(path)?;
    let is_link = || {
        std::fs::symlink_metadata(path)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false)
    };
    let refused = || {
        let rel = split_at_state_dir(path)
            .map(|(root, _)| shown(&root, path))
            .unwrap_or_else(|| path.display().to_string());
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".into());
        Error::Other(format!(
            "`{rel}` is a symlink (to `{target}`); tri writes it only as a plain file inside the checkout: remove the link (`rm {rel}`) and run the command again"
        ))
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NOFOLLOW: the kernel refuses a symlink as the last component (ELOOP).
        opts.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    #[cfg(not(unix))]
    {
        // No O_NOFOLLOW: check first (a race with another process remains).
        if is_link() {
            return Err(refused());
        }
    }
    opts.open(path).map_err(|e| {
        if is_link() {
            refused()
        } else {
            Error::io("open", path, e)
        }
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn ws() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let dir = t.path().join(".trinity");
        std::fs::create_dir_all(&dir).unwrap();
        (t, outside, dir)
    }

    #[test]
    fn a_link_leading_outside_is_refused_one_inside_is_not() {
        let (t, outside, dir) = ws();
        symlink(outside.path(), dir.join("outbox")).unwrap();
        let e = check(&dir.join("outbox/e.json")).unwrap_err().to_string();
        assert!(e.contains("`.trinity/outbox` is a symlink"), "{e}");
        assert!(e.contains("rm .trinity/outbox"), "{e}");
        let e = create_dir_all(&dir.join("outbox/sub"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("outside the workspace"), "{e}");
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        // Inside the workspace: fine.
        std::fs::create_dir(t.path().join("notes")).unwrap();
        symlink(t.path().join("notes"), dir.join("experience")).unwrap();
        check(&dir.join("experience/a.md")).unwrap();
        create_dir_all(&dir.join("experience/x")).unwrap();
        // The file itself may be a link: a rename replaces it.
        symlink(outside.path().join("f"), dir.join("current_issue.json")).unwrap();
        check(&dir.join("current_issue.json")).unwrap();
    }

    #[test]
    fn the_state_dir_itself_and_dangling_links_are_checked() {
        let (t, outside, dir) = ws();
        std::fs::remove_dir(&dir).unwrap();
        symlink(outside.path(), &dir).unwrap();
        let e = check(&dir.join("audit.jsonl")).unwrap_err().to_string();
        assert!(e.contains("`.trinity` is a symlink"), "{e}");
        std::fs::remove_file(&dir).unwrap();
        std::fs::create_dir(&dir).unwrap();
        symlink(outside.path().join("gone"), dir.join("archive")).unwrap();
        let e = create_dir_all(&dir.join("archive/4"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("does not exist"), "{e}");
        assert!(!outside.path().join("gone").exists());
        // No `.trinity` in the path: not checked.
        check(&t.path().join("x/y")).unwrap();
    }

    #[test]
    fn appending_through_a_link_is_refused() {
        let (_t, outside, dir) = ws();
        let target = outside.path().join("bashrc");
        std::fs::write(&target, "mine\n").unwrap();
        symlink(&target, dir.join("audit.jsonl")).unwrap();
        let e = open_no_follow(
            &dir.join("audit.jsonl"),
            OpenOptions::new().create(true).append(true),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("`.trinity/audit.jsonl` is a symlink"), "{e}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine\n");
        // A plain file opens.
        open_no_follow(
            &dir.join("plain.jsonl"),
            OpenOptions::new().create(true).append(true),
        )
        .unwrap();
    }
}
