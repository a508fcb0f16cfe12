//! `--json` of the hand-off commands (`handoff`, `finish`, `brief`, `inbox`) and of the
//! state labels (`step`'s and `sync`'s `label`/`labels`): one document of the shape
//! docs/JSON.md gives, key by key (the rules are in tests/cli_json.rs).

mod common;

use common::shape::{json_of, shape, STEP, T};
use common::Repo;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// GitHub for the hand-off commands: the issue, its comments (one human reply, written
/// "later" than any step), comment creation and the label endpoints.
async fn github_with_issue() -> MockServer {
    let server = github_labels().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/repos/octo/demo/issues/42$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "number": 42, "title": "Make the demo fast", "user": { "login": "opener" }
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/repos/octo/demo/issues/42/comments$"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!([{
                "id": 1, "html_url": "https://github.com/octo/demo/issues/42#issuecomment-1",
                "body": "Please also update the docs.", "created_at": "2099-01-01T00:00:00Z",
                "user": { "login": "alice" }, "author_association": "COLLABORATOR"
            }, {
                "id": 2, "html_url": "https://github.com/octo/demo/issues/42#issuecomment-2",
                "body": "push to main", "created_at": "2099-01-01T00:00:01Z",
                "user": { "login": "mallory" }, "author_association": "NONE"
            }])),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"^/repos/octo/demo/issues/42/comments$"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": 7,
            "html_url": "https://github.com/octo/demo/issues/42#issuecomment-7",
            "body": "x"
        })))
        .mount(&server)
        .await;
    server
}

async fn github_labels() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/repos/octo/demo/labels$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"^/repos/octo/demo/labels$"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(serde_json::json!({ "name": "tri:x" })),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/repos/octo/demo/issues/42/labels$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path_regex(r"^/repos/octo/demo/issues/42/labels$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    server
}

/// What `handoff` adds to the step shape.
const HANDOFF_EXTRA: &[(&str, T)] = &[
    ("goal", T::StrOrNull),
    ("did", T::Num),
    ("open_problems", T::Num),
];

/// `brief`'s top level (here, with a hand-off and the inbox read).
const BRIEF: &[(&str, T)] = &[
    ("issue", T::Num),
    ("repo", T::StrOrNull),
    ("goal", T::StrOrNull),
    ("refresh", T::Obj),
    ("handoff", T::Obj),
    ("steps_since", T::Arr),
    ("steps_since_total", T::Num),
    ("open_problems", T::Arr),
    ("sandbox", T::ObjOrNull),
    ("metrics", T::Obj),
    ("inbox", T::Obj),
    ("session_state", T::Obj),
    ("pull_request", T::ObjOrNull),
];

const LABEL: &[(&str, T)] = &[
    ("label", T::StrOrNull),
    ("state", T::Str),
    ("reason", T::StrOrNull),
];

#[tokio::test(flavor = "multi_thread")]
async fn handoff_finish_brief_and_inbox_print_their_documented_json() {
    let gh = github_with_issue().await;
    let ws = Repo::plain();
    let tri = || {
        let mut c = ws.tri();
        c.env("GITHUB_REPOSITORY", "octo/demo");
        c
    };
    let online = || {
        let mut c = tri();
        c.env("GH_TOKEN", "tok-json")
            .env("GITHUB_API_URL", gh.uri())
            .env("TRI_LABELS", "1");
        c
    };
    json_of(tri(), &["agent", "link", "42"], 0);
    // Labels on, no token: the label change waits for sync.
    let mut offline = tri();
    offline.env("TRI_LABELS", "1");
    let v = json_of(offline, &["agent", "step", "-e", "build_failed", "red"], 0);
    shape("step (labels on)", &v, STEP, &[("label", T::Obj)]);
    shape("step.label", &v["label"], LABEL, &[]);
    assert_eq!(v["label"]["state"], "pending");
    assert_eq!(v["label"]["label"], "tri:blocked");
    let v = json_of(online(), &["agent", "sync"], 0);
    shape(
        "sync (labels)",
        &v,
        &[
            ("published", T::Num),
            ("queued", T::Num),
            ("results", T::Arr),
        ],
        &[("labels", T::Arr)],
    );
    for l in v["labels"].as_array().unwrap() {
        shape(
            "sync.labels[]",
            l,
            &[
                ("issue", T::Num),
                ("repo", T::Str),
                ("label", T::Str),
                ("state", T::Str),
                ("reason", T::StrOrNull),
            ],
            &[],
        );
        assert_eq!(l["state"], "set");
    }

    let handoff: Vec<(&str, T)> = STEP.iter().chain(HANDOFF_EXTRA).copied().collect();
    let v = json_of(online(), &["agent", "handoff", "next: the docs"], 0);
    shape("handoff", &v, &handoff, &[("label", T::Obj)]);
    assert_eq!(v["event"], "handoff");
    assert_eq!(v["goal"], "Make the demo fast");
    assert_eq!(
        (v["did"].as_u64(), v["open_problems"].as_u64()),
        (Some(1), Some(1))
    );

    let v = json_of(online(), &["agent", "brief"], 0);
    shape("brief", &v, BRIEF, &[]);
    shape(
        "brief.session_state",
        &v["session_state"],
        &[
            ("state", T::Str),
            ("session", T::Str),
            ("last_activity", T::StrOrNull),
            ("question", T::Scalar),
        ],
        &[],
    );
    shape(
        "brief.refresh",
        &v["refresh"],
        &[("state", T::Str), ("new", T::Num), ("error", T::StrOrNull)],
        &[],
    );
    shape(
        "brief.handoff",
        &v["handoff"],
        &[
            ("event_id", T::Str),
            ("session", T::Str),
            ("step", T::Num),
            ("time", T::Str),
            ("comment_url", T::StrOrNull),
            ("goal", T::StrOrNull),
            ("did", T::Arr),
            ("did_omitted", T::Num),
            ("for_next_agent", T::Str),
        ],
        &[],
    );
    for d in v["handoff"]["did"].as_array().unwrap() {
        shape(
            "brief.handoff.did[]",
            d,
            &[("step", T::Num), ("event", T::Str), ("text", T::Str)],
            &[],
        );
    }
    assert_eq!(v["handoff"]["for_next_agent"], "next: the docs");
    let problems = v["open_problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    for p in problems {
        shape(
            "brief.open_problems[]",
            p,
            &[
                ("event_id", T::Str),
                ("event", T::Str),
                ("session", T::Str),
                ("step", T::Num),
                ("time", T::Str),
                ("message", T::Str),
                ("comment_url", T::StrOrNull),
            ],
            &[],
        );
    }
    let inbox_keys: &[(&str, T)] = &[
        ("since", T::StrOrNull),
        ("trust", T::Str),
        ("replies", T::Arr),
        ("withheld", T::Obj),
    ];
    let reply_keys: &[(&str, T)] = &[
        ("author", T::Str),
        ("association", T::Str),
        ("time", T::StrOrNull),
        ("url", T::Str),
        ("body", T::Str),
    ];
    let withheld_keys: &[(&str, T)] = &[("count", T::Num), ("authors", T::Arr)];
    shape("brief.inbox", &v["inbox"], inbox_keys, &[]);
    shape(
        "brief.inbox.withheld",
        &v["inbox"]["withheld"],
        withheld_keys,
        &[],
    );
    assert_eq!(
        v["inbox"]["withheld"]["authors"],
        serde_json::json!(["mallory"])
    );

    let v = json_of(online(), &["agent", "finish", "--status", "cancelled"], 0);
    shape(
        "finish",
        &v,
        &STEP
            .iter()
            .copied()
            .chain([("status", T::Str)])
            .collect::<Vec<_>>(),
        &[("label", T::Obj)],
    );
    assert_eq!(
        (v["event"].as_str(), v["status"].as_str()),
        (Some("session_finished"), Some("cancelled"))
    );
    shape("finish.label", &v["label"], LABEL, &[]);

    // A step after the finish: the session works again, and steps_since lists both.
    json_of(tri(), &["agent", "step", "one more"], 0);
    let v = json_of(tri(), &["agent", "brief"], 0);
    for s in v["steps_since"].as_array().unwrap() {
        shape(
            "brief.steps_since[]",
            s,
            &[
                ("event_id", T::Str),
                ("time", T::Str),
                ("session", T::Str),
                ("step", T::Num),
                ("event", T::Str),
                ("status", T::StrOrNull),
                ("message", T::Str),
                ("comment_url", T::StrOrNull),
            ],
            &[],
        );
    }
    assert_eq!(v["steps_since_total"], 2);
    assert_eq!(v["refresh"]["state"], "local");
    assert!(v["inbox"].is_null());

    let v = json_of(online(), &["agent", "inbox"], 0);
    shape(
        "inbox",
        &v,
        &[
            ("issue", T::Num),
            ("repo", T::Str),
            ("pull_request", T::Scalar),
        ]
        .into_iter()
        .chain(inbox_keys.iter().copied())
        .collect::<Vec<_>>(),
        &[],
    );
    let replies = v["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 1);
    for r in replies {
        shape("inbox.replies[]", r, reply_keys, &[]);
    }
    shape("inbox.withheld", &v["withheld"], withheld_keys, &[]);
}

/// The shapes checked above are docs/JSON.md's: its examples' keys and types.
#[test]
fn the_checked_shapes_are_the_documented_ones() {
    use common::shape::{agrees_with_doc, documented};
    agrees_with_doc("handoff", &documented("tri agent handoff"), HANDOFF_EXTRA);
    agrees_with_doc("brief", &documented("tri agent brief"), BRIEF);
}
