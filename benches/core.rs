//! In-process benchmarks (`cargo bench --bench core`): the pure parts of a step —
//! comment rendering, redaction, front matter, retry planning. Whole-process timings
//! (a step against curl, history, memory, log, sync) are in scripts/bench.sh.
//!
//! Redaction is measured for clean text (`redact/clean`: ordinary prose and output, no
//! rule's keyword in it, so no regex is compiled or run — what almost every step pays) and
//! for text with several secrets (`redact/secrets`: the rules whose keywords occur are
//! compiled once, outside the timed loop, and run), at 100 B, 10 KB and 64 KiB, the size
//! up to which a step must stay flat.

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::collections::BTreeMap;
use std::hint::black_box;
use tri::event::{Event, EventType};
use tri::journal;
use tri::net::retry::{self, Failure, StatusFailure};
use tri::publisher::render;
use tri::redact;

fn event(message: String) -> Event {
    Event {
        id: "019a9f2e-6c1b-7d3e-9a4b-2f6e8c0d1a2b".into(),
        event_type: EventType::StepCompleted,
        issue: 42,
        repo: "octo-org/octo-repo".into(),
        session_id: "019a9f2e-0000-7000-8000-000000000000".into(),
        step: 128,
        time: Utc.with_ymd_and_hms(2026, 11, 21, 22, 15, 0).unwrap(),
        message,
        metrics: BTreeMap::from([("tokens".to_string(), 1200.0), ("tests".to_string(), 412.0)]),
        run_url: Some("https://github.com/octo-org/octo-repo/actions/runs/9".into()),
        resolves: Vec::new(),
        status: None,
    }
}

/// A step message of about `bytes` bytes: lines of ordinary prose and output.
fn message(bytes: usize) -> String {
    let line = "ran the test suite: 412 of 412 pass; see https://github.com/o/r/pull/7 (step 3)\n";
    line.repeat(bytes.div_ceil(line.len()))
}

/// The message of `bytes` with several secrets at its end (the same text for the old and
/// the new engine: a password assignment, a GitHub token in a curl header, an AWS key id, a
/// bearer token, a private key block, a postgres URL with a password, a Slack token).
fn with_secrets(bytes: usize) -> String {
    let mut m = message(bytes);
    m.push_str("export DB_PASSWORD=hunter2hunter\n");
    m.push_str("curl -H 'Authorization: token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789' x\n");
    m.push_str("key AKIAIOSFODNN7EXAMPLE and Bearer eyJhbGciOi.J9xyz-_\n");
    m.push_str("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n");
    m.push_str("DATABASE_URL=postgres://app_user:s3cretPw0rd@db:5432/app\n");
    m.push_str(
        &[
            "slack xo",
            "xb-2345678901234-2345678901234-aBcDeFgHiJkLmNoPqRsTuVwX\n",
        ]
        .concat(),
    );
    m
}

fn rendering(c: &mut Criterion) {
    let mut g = c.benchmark_group("render/comment_bodies");
    for bytes in [100, 10_000, 150_000] {
        let e = event(message(bytes));
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_with_input(BenchmarkId::from_parameter(bytes), &e, |b, e| {
            b.iter(|| render::comment_bodies(black_box(e)))
        });
    }
    g.finish();
}

fn redaction(c: &mut Criterion) {
    let secrets = vec!["s3cr3t-value-from-env".to_string()];
    let mut g = c.benchmark_group("redact");
    for bytes in [100, 10_000, 65_536] {
        let clean = message(bytes);
        g.throughput(Throughput::Bytes(clean.len() as u64));
        g.bench_with_input(BenchmarkId::new("clean", bytes), &clean, |b, t| {
            b.iter(|| redact::redact(black_box(t), &secrets))
        });
        let dirty = with_secrets(bytes);
        g.throughput(Throughput::Bytes(dirty.len() as u64));
        g.bench_with_input(BenchmarkId::new("secrets", bytes), &dirty, |b, t| {
            b.iter(|| redact::redact(black_box(t), &secrets))
        });
    }
    g.finish();
}

fn front_matter(c: &mut Criterion) {
    let e = event(message(200));
    let url = "https://github.com/octo-org/octo-repo/issues/42#issuecomment-1";
    let text = journal::render(&e, Some(url));
    c.bench_function("journal/render", |b| {
        b.iter(|| journal::render(black_box(&e), Some(url)))
    });
    c.bench_function("journal/parse", |b| {
        b.iter(|| journal::parse(black_box(&text)))
    });
}

fn retry_planning(c: &mut Criterion) {
    let ctx = retry::Context {
        attempts: 3,
        now_epoch_s: 1_800_000_000,
        waited_ms: 2_000,
        budget_ms: retry::DEFAULT_BUDGET_MS,
        jitter: 0.37,
        secondary_wait_ms: retry::SECONDARY_MIN_WAIT_MS,
    };
    let failures = [
        (
            "5xx",
            Failure::Status(StatusFailure {
                status: 502,
                ..Default::default()
            }),
        ),
        ("timeout", Failure::Timeout("no answer in 30 s".into())),
        (
            "secondary_limit",
            Failure::Status(StatusFailure {
                status: 403,
                message: "You have exceeded a secondary rate limit".into(),
                ..Default::default()
            }),
        ),
        (
            "rate_limit_reset",
            Failure::Status(StatusFailure {
                status: 403,
                ratelimit_remaining: Some(0),
                ratelimit_reset: Some(1_800_000_030),
                ..Default::default()
            }),
        ),
        (
            "401",
            Failure::Status(StatusFailure {
                status: 401,
                ..Default::default()
            }),
        ),
    ];
    let mut g = c.benchmark_group("retry/decide");
    for (name, f) in &failures {
        g.bench_with_input(BenchmarkId::from_parameter(name), f, |b, f| {
            b.iter(|| retry::decide(black_box(f), black_box(&ctx)))
        });
    }
    g.finish();
}

criterion_group!(benches, rendering, redaction, front_matter, retry_planning);
criterion_main!(benches);
