//! `tri agent log [--issue N] [--limit K] [--json]`: the journal of an issue as a timeline,
//! oldest first: time, step number, event type, the first line of the message, and the
//! comment URL (or "queued").
//!
//! Fast with many steps: experience file names sort by time
//! (`<YYYYMMDDTHHMMSS.mmmZ>_<issue>[-n].md`), so only the names are listed and only the
//! newest K files are opened, and of each only the front matter and the first message line
//! are read. Metric totals over all the issue's steps come from a small cache,
//! `.trinity/cache/metrics_<issue>.json`, updated with the files added since it was written
//! (and rebuilt when files went missing or appeared out of order).

use super::Ctx;
use crate::error::{Error, Result, EXIT_OK};
use crate::journal;
use crate::output::Style;
use crate::workspace::{link, Workspace};
use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::Path;

/// Longest message excerpt kept per entry, in characters.
pub const MAX_EXCERPT_CHARS: usize = 200;

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
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
pub fn read_head(path: &Path) -> Option<(journal::FrontMatter, String)> {
    let f = std::fs::File::open(path).ok()?;
    let mut r = std::io::BufReader::with_capacity(4096, f);
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
    let mut first = String::new();
    loop {
        line.clear();
        // Bounded: a message line longer than 64 KiB is cut.
        let n = r.by_ref().take(64 * 1024).read_line(&mut line).unwrap_or(0);
        if n == 0 {
            break;
        }
        if !line.trim().is_empty() {
            first = line.trim().to_string();
            break;
        }
    }
    let (fm, _) = journal::parse(&head)?;
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

fn entry(ws: &Workspace, name: &str) -> Entry {
    let path = ws.experience_dir().join(name);
    let (fm, message) = read_head(&path).unwrap_or_default();
    Entry {
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
        file: format!("{}/experience/{name}", crate::workspace::STATE_DIR),
        metrics: fm.metrics,
    }
}

/// Cached metric totals of one issue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// How many experience files were counted.
    pub files: usize,
    /// The newest file counted (names sort by time).
    pub last: Option<String>,
    /// Sum of each metric.
    pub sums: BTreeMap<String, f64>,
}

impl Totals {
    /// Adds one step's metrics. Pure.
    pub fn add(&mut self, name: &str, metrics: &BTreeMap<String, f64>) {
        for (k, v) in metrics {
            *self.sums.entry(k.clone()).or_insert(0.0) += v;
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
/// failure to write it is ignored.
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
    if ws.exists() {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(bytes) = serde_json::to_vec(&totals) {
            let _ = crate::workspace::atomic::write(&path, &bytes);
        }
    }
    totals
}

/// A number for display: integers without a fraction, others with up to 4 decimals. Pure.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// `tokens=1200 cost_usd=0.03` (sorted by name), or `none`. Pure.
pub fn format_sums(sums: &BTreeMap<String, f64>) -> String {
    if sums.is_empty() {
        return "none".to_string();
    }
    sums.iter()
        .map(|(k, v)| format!("{k}={}", number(*v)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One timeline row: `time  #step  event  message  url-or-queued`, coloured when
/// `colour`. The time is shown to the second, UTC. Pure.
pub fn format_row(e: &Entry, colour: bool) -> String {
    use crate::output::paint;
    let time = e
        .time
        .as_deref()
        .map(|t| {
            let t = t.replacen('T', " ", 1);
            match t.split_once('.') {
                Some((s, _)) => format!("{s}Z"),
                None => t,
            }
        })
        .unwrap_or_else(|| "?".repeat(20));
    let step = e
        .step
        .map(|s| format!("#{s}"))
        .unwrap_or_else(|| "#?".into());
    let event = e.event.as_deref().unwrap_or("?");
    let event_style = if event.ends_with("failed") {
        Style::Bad
    } else if event.ends_with("succeeded") {
        Style::Good
    } else {
        Style::Bold
    };
    let tail = match &e.comment_url {
        Some(u) => paint(u, Style::Accent, colour),
        None => paint("queued", Style::Warn, colour),
    };
    format!(
        "{}  {:>5}  {}  {}  {tail}",
        paint(&time, Style::Dim, colour),
        step,
        paint(&format!("{event:<20}"), event_style, colour),
        excerpt(&e.message, 60),
    )
}

/// Runs `tri agent log`.
pub fn run(args: &crate::cli::LogArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let linked = if ws.exists() {
        link::read(&ws.link_file())?
    } else {
        None
    };
    let issue = match (args.issue, &linked) {
        (Some(i), _) => i,
        (None, Some(l)) => l.issue,
        (None, None) => return Err(Error::NotLinked),
    };
    let repo = linked
        .as_ref()
        .filter(|l| l.issue == issue)
        .map(|l| l.repo.clone());
    let names = list_files(&ws.experience_dir(), issue)?;
    let shown: &[String] = if args.limit == 0 || args.limit >= names.len() {
        &names
    } else {
        &names[names.len() - args.limit..]
    };
    let entries: Vec<Entry> = shown.iter().map(|n| entry(&ws, n)).collect();
    let totals = metric_totals(&ws, issue, &names);
    let queued = entries.iter().filter(|e| e.comment_url.is_none()).count();

    let title = match &repo {
        Some(r) => format!("{r}#{issue}"),
        None => format!("#{issue}"),
    };
    if names.is_empty() {
        ctx.out
            .line(&format!("No steps recorded for {title} in this workspace."));
    } else {
        ctx.out.line(&ctx.out.paint(
            &format!(
                "Journal of {title}: {} step(s){}",
                names.len(),
                if shown.len() < names.len() {
                    format!(", newest {} shown (--limit 0 shows all)", shown.len())
                } else {
                    String::new()
                }
            ),
            Style::Bold,
        ));
        for e in &entries {
            ctx.out.line(&format_row(e, ctx.out.colour));
        }
        ctx.out
            .line(&format!("metrics    {}", format_sums(&totals.sums)));
    }
    ctx.out.result(&json!({
        "issue": issue,
        "repo": repo,
        "total": names.len(),
        "shown": entries.len(),
        "queued_shown": queued,
        "metrics": totals.sums,
        "entries": entries,
    }));
    Ok(EXIT_OK)
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
    fn rows_show_url_or_queued_without_escapes_when_plain() {
        let mut e = Entry {
            time: Some("2026-11-21T22:15:00.123Z".into()),
            step: Some(3),
            event: Some("step_completed".into()),
            message: "tests pass".into(),
            comment_url: None,
            state: "queued",
            file: "f".into(),
            metrics: BTreeMap::new(),
        };
        let r = format_row(&e, false);
        assert!(
            r.starts_with("2026-11-21 22:15:00Z     #3  step_completed"),
            "{r}"
        );
        assert!(r.ends_with("tests pass  queued"), "{r}");
        e.comment_url = Some("https://x/1".into());
        assert!(format_row(&e, false).ends_with("https://x/1"));
        assert!(!format_row(&e, false).contains('\x1b'));
    }

    #[test]
    fn sums_and_numbers() {
        let m = BTreeMap::from([("tokens".to_string(), 2400.0), ("cost_usd".into(), 0.06)]);
        assert_eq!(format_sums(&m), "cost_usd=0.06 tokens=2400");
        assert_eq!(format_sums(&BTreeMap::new()), "none");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(excerpt("abcdef", 4), "abc…");
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
}
