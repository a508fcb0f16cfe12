//! The journal as a timeline: the experience files of one issue listed by name (names sort
//! by time: `<YYYYMMDDTHHMMSS.mmmZ>_<issue>[-n].md`); of each only the front matter and the
//! first message line are read. Metric totals over all of an issue's steps come from a small
//! cache, `.trinity/cache/metrics_<issue>.json`, updated with the files added since it was
//! written (and rebuilt when files went missing or appeared out of order).

use crate::error::{Error, Result};
use crate::event::{EventType, SessionStatus};
use crate::workspace::Workspace;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::Path;

/// Longest message excerpt kept per entry, in characters.
pub const MAX_EXCERPT_CHARS: usize = 200;

/// One row of `tri agent log` (text and `--json`): an experience file's head as written,
/// every field optional (a hand-edited file still shows), with the publishing state. The
/// view of the file; [`JournalEvent`] is the checked read-back the domain rules use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogRow {
    /// Event time, RFC 3339 with milliseconds (`None` when the file lacks it).
    pub time: Option<String>,
    /// Step number.
    pub step: Option<u64>,
    /// Event type, e.g. `step_completed`.
    pub event: Option<String>,
    /// The first non-empty line of the message (at most [`MAX_EXCERPT_CHARS`]).
    pub message: String,
    /// The comment's URL once published.
    pub comment_url: Option<String>,
    /// The link session that recorded it (steps are numbered per session).
    pub session: Option<String>,
    /// The GitHub Actions run that recorded it, when one did.
    pub run_url: Option<String>,
    /// `published` or `queued`.
    pub state: &'static str,
    /// The experience file, relative to the workspace root.
    pub file: String,
    /// Metrics of the step.
    pub metrics: BTreeMap<String, f64>,
}

/// Splits an experience file name `<stamp>_<issue>[-n].md` into `(stamp, issue, n)`
/// (`n` is 1 without a suffix). Pure.
pub fn parse_name(name: &str) -> Option<(&str, u64, u32)> {
    let stem = name.strip_suffix(".md")?;
    let (stamp, rest) = stem.rsplit_once('_')?;
    let (issue, n) = match rest.split_once('-') {
        Some((i, n)) => (i, n.parse().ok()?),
        None => (rest, 1),
    };
    if stamp.len() != 20 || !stamp.ends_with('Z') {
        return None;
    }
    Some((stamp, issue.parse().ok()?, n))
}

/// The experience file names of `issue` in `dir`, oldest first (by time, then suffix).
pub fn list_files(dir: &Path, issue: u64) -> Result<Vec<String>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", dir, e)),
    };
    let mut names: Vec<(String, u32, String)> = Vec::new();
    for de in rd.flatten() {
        let Ok(name) = de.file_name().into_string() else {
            continue;
        };
        if let Some((stamp, i, n)) = parse_name(&name) {
            if i == issue {
                names.push((stamp.to_string(), n, name));
            }
        }
    }
    names.sort();
    Ok(names.into_iter().map(|(_, _, n)| n).collect())
}

/// Reads the front matter and the first non-empty message line of an experience file,
/// without reading the rest. `None` when the file has no front matter.
pub fn read_head(path: &Path) -> Option<(super::FrontMatter, String)> {
    let f = std::fs::File::open(path).ok()?;
    head_of(std::io::BufReader::with_capacity(4096, f))
}

/// [`read_head`] of an experience file's text read from `r`.
fn head_of(mut r: impl BufRead) -> Option<(super::FrontMatter, String)> {
    let mut head = String::new();
    let mut line = String::new();
    // Opening `---`.
    r.read_line(&mut line).ok()?;
    if line != "---\n" {
        return None;
    }
    head.push_str(&line);
    loop {
        line.clear();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        head.push_str(&line);
        if line == "---\n" || line == "---" {
            break;
        }
        if head.len() > 64 * 1024 {
            return None;
        }
    }
    // The first line that says something: a markdown heading (a hand-off opens with
    // `#### Done in this session` when it has no goal) is passed over for the line after
    // it, read up to 8 lines on; a message of headings only shows its first heading's text.
    let mut first = String::new();
    let mut heading = None;
    for _ in 0..8 {
        line.clear();
        // Bounded: a message line longer than 64 KiB is cut.
        let n = r.by_ref().take(64 * 1024).read_line(&mut line).unwrap_or(0);
        if n == 0 {
            break;
        }
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with('#') {
            heading.get_or_insert_with(|| t.trim_start_matches('#').trim().to_string());
            continue;
        }
        first = t.to_string();
        break;
    }
    if first.is_empty() {
        first = heading.unwrap_or_default();
    }
    let (fm, _) = super::parse(&head)?;
    Some((fm, excerpt(&first, MAX_EXCERPT_CHARS)))
}

/// `s` cut to `max` characters, with `…` when cut. Pure.
pub fn excerpt(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// The `log` row of experience file `name` of `ws` (an unreadable file gives a row with
/// only its file name).
pub fn entry(ws: &Workspace, name: &str) -> LogRow {
    let path = ws.experience_dir().join(name);
    let (fm, message) = read_head(&path).unwrap_or_default();
    LogRow {
        time: fm
            .time
            .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)),
        step: fm.step,
        event: fm.event.map(|e| e.to_string()),
        message,
        state: if fm.comment_url.is_some() {
            "published"
        } else {
            "queued"
        },
        comment_url: fm.comment_url,
        session: fm.session.filter(|s| !s.is_empty()),
        run_url: fm.run_url,
        file: format!("{}/experience/{name}", crate::workspace::STATE_DIR),
        metrics: fm.metrics,
    }
}

/// One event of an issue's journal read back from its experience file, as the brief, the
/// open-problem rule, the session state and the labels read it: its front matter, checked
/// (id, type and time present, see [`items`]), and the first line of its message. Not an
/// [`crate::event::Event`]: neither its whole message nor its repository is read.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEvent {
    /// The experience file's name (in `.trinity/experience/`).
    pub file: String,
    /// Event id.
    pub id: String,
    /// Event type.
    pub event: EventType,
    /// The link session that recorded it (empty for events of early tri versions).
    pub session: String,
    /// Step number within the session.
    pub step: u64,
    /// Event time.
    pub time: DateTime<Utc>,
    /// The first non-empty line of the message (at most [`MAX_EXCERPT_CHARS`]).
    pub first_line: String,
    /// The failure events it resolves.
    pub resolves: Vec<String>,
    /// How the session ended (`session_finished`).
    pub status: Option<SessionStatus>,
    /// The comment's URL once published.
    pub comment_url: Option<String>,
}

/// Every event of `issue` in `ws`, oldest first (file-name order: by time), read as
/// [`JournalEvent`]s. Files without an event id, type or time (hand-edited) are left out.
///
/// Errors: [`Error::Io`] when the directory cannot be read.
pub fn items(ws: &Workspace, issue: u64) -> Result<Vec<JournalEvent>> {
    let dir = ws.experience_dir();
    Ok(list_files(&dir, issue)?
        .into_iter()
        .filter_map(|name| {
            let (fm, first_line) = read_head(&dir.join(&name))?;
            item(name, fm, first_line)
        })
        .collect())
}

fn item(file: String, fm: super::FrontMatter, first_line: String) -> Option<JournalEvent> {
    Some(JournalEvent {
        id: fm.event_id?,
        event: fm.event?,
        session: fm.session.unwrap_or_default(),
        step: fm.step.unwrap_or(0),
        time: fm.time?,
        first_line,
        resolves: fm.resolves,
        status: fm.status,
        comment_url: fm.comment_url,
        file,
    })
}

/// `event` (published as `comment_url`) as [`items`] would list it once written to its
/// experience file — for a reader that writes nothing (`brief` under `tri mcp --read-only`)
/// — named as the file's first free name would be ([`super::file_name`]; no file holds it,
/// so [`message`] finds none). Pure.
pub fn item_of_event(event: &crate::event::Event, comment_url: &str) -> Option<JournalEvent> {
    let text = super::render(event, Some(comment_url));
    let (fm, first_line) = head_of(text.as_bytes())?;
    item(super::file_name(event.time, event.issue, 0), fm, first_line)
}

/// The whole message of experience file `name` of `ws` (`None` when unreadable).
pub fn message(ws: &Workspace, name: &str) -> Option<String> {
    let text = std::fs::read_to_string(ws.experience_dir().join(name)).ok()?;
    super::parse(&text).map(|(_, m)| m.to_string())
}

/// Cached metric totals of one issue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// How many experience files were counted.
    pub files: usize,
    /// The newest file counted (names sort by time).
    pub last: Option<String>,
    /// Sum of each metric: saturating, never infinite ([`Totals::add`]).
    pub sums: BTreeMap<String, f64>,
}

impl Totals {
    /// Adds one step's metrics. A sum saturates at ±`f64::MAX` (±1.7976931348623157e308)
    /// instead of overflowing to infinity, which JSON cannot hold (it would print `null`);
    /// a value that is not finite (from a file edited by hand or written elsewhere; `step`
    /// refuses one) is left out. Pure.
    pub fn add(&mut self, name: &str, metrics: &BTreeMap<String, f64>) {
        for (k, v) in metrics.iter().filter(|(_, v)| v.is_finite()) {
            let sum = self.sums.entry(k.clone()).or_insert(0.0);
            *sum = (*sum + v).clamp(-f64::MAX, f64::MAX);
        }
        self.files += 1;
        self.last = Some(name.to_string());
    }

    /// Whether this cache still describes `names` (oldest first): the files it counted are
    /// exactly the ones up to and including `last`. Returns how many are new. Pure.
    pub fn still_valid_for(&self, names: &[String]) -> Option<usize> {
        let upto = match &self.last {
            None => 0,
            Some(last) => names.iter().position(|n| n == last)? + 1,
        };
        (upto == self.files).then(|| names.len() - upto)
    }
}

fn cache_path(ws: &Workspace, issue: u64) -> std::path::PathBuf {
    ws.dir().join("cache").join(format!("metrics_{issue}.json"))
}

/// Metric totals over every experience file of `issue` (`names`: from [`list_files`]),
/// reading only the files added since the cache was written. The cache is best-effort: a
/// failure to write it is ignored, and a read-only workspace does not write it.
pub fn metric_totals(ws: &Workspace, issue: u64, names: &[String]) -> Totals {
    let path = cache_path(ws, issue);
    let cached: Option<Totals> = std::fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let (mut totals, start) = match cached {
        Some(t) => match t.still_valid_for(names) {
            Some(0) => return t,
            Some(_) => {
                let start = t.files;
                (t, start)
            }
            None => (Totals::default(), 0),
        },
        None => (Totals::default(), 0),
    };
    for name in &names[start..] {
        let m = read_head(&ws.experience_dir().join(name))
            .map(|(fm, _)| fm.metrics)
            .unwrap_or_default();
        totals.add(name, &m);
    }
    if ws.exists() && !ws.is_read_only() {
        if let Some(dir) = path.parent() {
            let _ = crate::workspace::guard::create_dir_all(dir);
        }
        if let Ok(bytes) = serde_json::to_vec(&totals) {
            let _ = crate::workspace::atomic::write(&path, &bytes);
        }
    }
    totals
}

/// The ids of the events of `issue` this workspace knows: its experience files' and its
/// outbox entries' (an entry may be waiting for its file after a power cut). Reads only the
/// front matter of each file.
///
/// Errors: [`Error::Io`] when a directory cannot be read.
pub fn known_event_ids(ws: &Workspace, issue: u64) -> Result<std::collections::HashSet<String>> {
    let dir = ws.experience_dir();
    let mut ids: std::collections::HashSet<String> = list_files(&dir, issue)?
        .iter()
        .filter_map(|n| read_head(&dir.join(n))?.0.event_id)
        .collect();
    for p in super::outbox::list(&ws.outbox_dir())? {
        if let Some(stem) = p.file_stem() {
            ids.insert(stem.to_string_lossy().into_owned());
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_sort_by_time_then_suffix() {
        assert_eq!(
            parse_name("20261121T221500.123Z_42.md"),
            Some(("20261121T221500.123Z", 42, 1))
        );
        assert_eq!(
            parse_name("20261121T221500.123Z_42-2.md"),
            Some(("20261121T221500.123Z", 42, 2))
        );
        assert_eq!(parse_name("notes.md"), None);
        assert_eq!(parse_name("20261121T221500.123Z_x.md"), None);
        let t = tempfile::tempdir().unwrap();
        for n in [
            "20261121T221500.123Z_42-2.md",
            "20261121T221500.123Z_42.md",
            "20261121T221400.000Z_42.md",
            "20261121T221400.000Z_7.md",
            "20261121T221500.123Z_42-10.md",
        ] {
            std::fs::write(t.path().join(n), "").unwrap();
        }
        assert_eq!(
            list_files(t.path(), 42).unwrap(),
            vec![
                "20261121T221400.000Z_42.md",
                "20261121T221500.123Z_42.md",
                "20261121T221500.123Z_42-2.md",
                "20261121T221500.123Z_42-10.md",
            ]
        );
    }

    #[test]
    fn head_reads_front_matter_and_first_line_only() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("a.md");
        std::fs::write(
            &p,
            "---\nissue: 4\nstep: 2\nevent: build_failed\nmetric.tokens: 5\n---\n\n  first line  \nsecond\n",
        )
        .unwrap();
        let (fm, first) = read_head(&p).unwrap();
        assert_eq!(fm.step, Some(2));
        assert_eq!(fm.metrics.get("tokens"), Some(&5.0));
        assert_eq!(first, "first line");
        std::fs::write(&p, "no front matter").unwrap();
        assert!(read_head(&p).is_none());
    }

    #[test]
    fn head_passes_over_markdown_headings() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("a.md");
        let fm = "---\nissue: 4\nstep: 3\nevent: handoff\n---\n\n";
        std::fs::write(
            &p,
            format!("{fm}#### Done in this session\n- step 1: tests pass\n"),
        )
        .unwrap();
        assert_eq!(read_head(&p).unwrap().1, "- step 1: tests pass");
        std::fs::write(&p, format!("{fm}## Only a heading\n\n")).unwrap();
        assert_eq!(read_head(&p).unwrap().1, "Only a heading");
    }

    #[test]
    fn a_read_only_workspace_counts_the_totals_without_writing_the_cache() {
        let t = tempfile::tempdir().unwrap();
        let ws = Workspace::at(t.path().to_path_buf());
        std::fs::create_dir_all(ws.experience_dir()).unwrap();
        let name = "20261121T221500.123Z_42.md";
        std::fs::write(
            ws.experience_dir().join(name),
            "---\nissue: 42\nevent: step_completed\nmetric.tokens: 5\n---\n\nx\n",
        )
        .unwrap();
        let names = vec![name.to_string()];
        let ro = ws.clone().read_only();
        assert_eq!(metric_totals(&ro, 42, &names).sums["tokens"], 5.0);
        assert!(!cache_path(&ws, 42).exists());
        assert_eq!(metric_totals(&ws, 42, &names).sums["tokens"], 5.0);
        assert!(cache_path(&ws, 42).exists());
    }

    #[test]
    fn totals_cache_is_valid_only_for_a_prefix() {
        let names: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let mut t = Totals::default();
        assert_eq!(t.still_valid_for(&names), Some(3));
        t.add("a", &BTreeMap::from([("x".to_string(), 1.0)]));
        t.add("b", &BTreeMap::from([("x".to_string(), 2.0)]));
        assert_eq!(t.still_valid_for(&names), Some(1));
        assert_eq!(t.sums["x"], 3.0);
        // A file went missing or one appeared before `last`: rebuild.
        assert_eq!(t.still_valid_for(&names[1..]), None);
        let with_early: Vec<String> = ["0", "a", "b"].iter().map(|s| s.to_string()).collect();
        assert_eq!(t.still_valid_for(&with_early), None);
    }

    #[test]
    fn sums_saturate_and_leave_out_values_that_are_not_finite() {
        let one = |v: f64| BTreeMap::from([("x".to_string(), v)]);
        let mut t = Totals::default();
        t.add("a", &one(1e308));
        t.add("b", &one(1e308));
        assert_eq!(t.sums["x"], f64::MAX);
        t.add("c", &one(f64::INFINITY));
        t.add("d", &one(f64::NAN));
        assert_eq!(t.sums["x"], f64::MAX);
        t.add("e", &one(-1e308));
        assert!(t.sums["x"] < f64::MAX, "a saturated sum comes back down");
        let mut n = Totals::default();
        n.add("a", &one(-1e308));
        n.add("b", &one(-1e308));
        assert_eq!(n.sums["x"], -f64::MAX);
        assert_eq!(serde_json::to_value(&n.sums).unwrap()["x"], -f64::MAX);
    }
}
