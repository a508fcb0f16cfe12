//! A hand-off's message: [`render`] writes a [`Handoff`] as the markdown of the module docs
//! of [`super`], [`parse`] reads it back. Pure.

use super::{one_line, Did, Handoff, Sandbox};
use crate::event::EventType;
use std::collections::BTreeMap;

const GOAL: &str = "**Goal:** ";
const DID: &str = "#### Done in this session";
const PROBLEMS: &str = "#### Open problems";
const SANDBOX: &str = "#### Sandbox";
const METRICS: &str = "#### Metric totals";
const NEXT: &str = "#### For the next agent";

/// The hand-off's message (its layout is in the [`super`] module docs). Pure.
pub fn render(h: &Handoff) -> String {
    let mut s = String::new();
    if let Some(goal) = h.goal.as_deref().map(one_line).filter(|g| !g.is_empty()) {
        s.push_str(&format!("{GOAL}{goal}\n\n"));
    }
    s.push_str(DID);
    s.push('\n');
    if h.did_omitted > 0 {
        s.push_str(&format!("- (and {} earlier steps)\n", h.did_omitted));
    }
    if h.did.is_empty() {
        s.push_str("- nothing since the session's last hand-off\n");
    }
    for d in &h.did {
        let text = one_line(&d.text);
        match d.event {
            EventType::StepCompleted => s.push_str(&format!("- step {}: {text}\n", d.step)),
            t => s.push_str(&format!("- step {} · {t}: {text}\n", d.step)),
        }
    }
    s.push_str(&format!("\n{PROBLEMS}\n"));
    if h.open_problems.is_empty() {
        s.push_str("- none\n");
    }
    for p in &h.open_problems {
        s.push_str(&format!(
            "- `{}` `{}` · step {} of session {} — {}\n",
            p.event,
            p.event_id,
            p.step,
            crate::event::short_session(&p.session),
            one_line(&p.message)
        ));
    }
    s.push_str(&format!("\n{SANDBOX}\n"));
    match &h.sandbox {
        None => s.push_str("- none known\n"),
        Some(b) => {
            for (k, v) in [
                ("state", &b.state),
                ("service", &b.service),
                ("deployment", &b.deployment),
                ("url", &b.url),
            ] {
                if let Some(v) = v {
                    s.push_str(&format!("- {k}: {}\n", one_line(v)));
                }
            }
        }
    }
    s.push_str(&format!("\n{METRICS}\n"));
    if h.metrics.is_empty() {
        s.push_str("- none\n");
    }
    for (k, v) in &h.metrics {
        s.push_str(&format!("- {k}: {}\n", crate::output::number(*v)));
    }
    s.push_str(&format!("\n{NEXT}\n\n{}\n", h.for_next_agent.trim_end()));
    s
}

/// Reads a hand-off back from its message ([`render`]'s inverse for the goal, the steps,
/// the sandbox, the metrics and the message; open problems are not read back: the brief
/// works them out again from the journal). `None` when the text has no for-next-agent
/// section. Pure.
pub fn parse(message: &str) -> Option<Handoff> {
    let mut h = Handoff {
        goal: None,
        did: Vec::new(),
        did_omitted: 0,
        for_next_agent: String::new(),
        open_problems: Vec::new(),
        sandbox: None,
        metrics: BTreeMap::new(),
    };
    let mut section = "";
    let mut lines = message.split_inclusive('\n');
    let mut found_next = false;
    for line in lines.by_ref() {
        let l = line.trim_end_matches(['\n', '\r']);
        if l == NEXT {
            found_next = true;
            break;
        }
        if [DID, PROBLEMS, SANDBOX, METRICS].contains(&l) {
            section = l;
            continue;
        }
        if section.is_empty() {
            if let Some(g) = l.strip_prefix(GOAL) {
                h.goal = Some(g.to_string());
            }
            continue;
        }
        let Some(item) = l.strip_prefix("- ") else {
            continue;
        };
        match section {
            DID => parse_did(item, &mut h),
            SANDBOX => {
                if let Some((k, v)) = item.split_once(": ") {
                    let b = h.sandbox.get_or_insert_with(Sandbox::default);
                    let v = Some(v.to_string());
                    match k {
                        "state" => b.state = v,
                        "service" => b.service = v,
                        "deployment" => b.deployment = v,
                        "url" => b.url = v,
                        _ => {}
                    }
                }
            }
            METRICS => {
                if let Some((k, v)) = item.split_once(": ") {
                    if let Ok(x) = v.parse() {
                        h.metrics.insert(k.to_string(), x);
                    }
                }
            }
            _ => {}
        }
    }
    if !found_next {
        return None;
    }
    let rest: String = lines.collect();
    h.for_next_agent = rest
        .strip_prefix('\n')
        .unwrap_or(&rest)
        .trim_end()
        .to_string();
    Some(h)
}

fn parse_did(item: &str, h: &mut Handoff) {
    if let Some(n) = item
        .strip_prefix("(and ")
        .and_then(|r| r.strip_suffix(" earlier steps)"))
    {
        h.did_omitted = n.parse().unwrap_or(0);
        return;
    }
    let Some(rest) = item.strip_prefix("step ") else {
        return;
    };
    let Some((head, text)) = rest.split_once(": ") else {
        return;
    };
    let (step, event) = match head.split_once(" · ") {
        Some((n, t)) => (n, t.parse().ok()),
        None => (head, Some(EventType::StepCompleted)),
    };
    if let (Ok(step), Some(event)) = (step.parse(), event) {
        h.did.push(Did {
            step,
            event,
            text: text.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::item;
    use super::super::Problem;
    use super::*;

    fn sample() -> Handoff {
        Handoff {
            goal: Some("Make the parser fast".into()),
            did: vec![
                Did {
                    step: 3,
                    event: EventType::StepCompleted,
                    text: "built the lexer: 2x".into(),
                },
                Did {
                    step: 4,
                    event: EventType::BuildFailed,
                    text: "cargo build fails: E0425".into(),
                },
            ],
            did_omitted: 2,
            for_next_agent: "Fix E0425.\n\n#### Sandbox\n- state: lies\n**Goal:** not this".into(),
            open_problems: vec![Problem::of(&item(
                "f1",
                "019a-s",
                4,
                EventType::BuildFailed,
                "cargo build fails: E0425",
            ))],
            sandbox: Some(Sandbox {
                state: Some("deployed".into()),
                service: Some("agent-42".into()),
                deployment: None,
                url: Some("https://agent-42.example".into()),
            }),
            metrics: BTreeMap::from([("tokens".to_string(), 1200.0), ("usd".into(), 0.25)]),
        }
    }

    #[test]
    fn a_handoff_reads_back_from_its_message() {
        let h = sample();
        let text = render(&h);
        assert!(text.starts_with("**Goal:** Make the parser fast\n\n#### Done in this session\n- (and 2 earlier steps)\n- step 3: built the lexer: 2x\n- step 4 · build_failed: cargo build fails: E0425\n"), "{text}");
        assert!(text.contains("- `build_failed` `f1` · step 4 of session 019a-s — cargo"));
        let back = parse(&text).unwrap();
        assert_eq!(
            back,
            Handoff {
                open_problems: Vec::new(),
                ..h
            }
        );
    }

    #[test]
    fn empty_parts_render_and_read_back_as_empty() {
        let h = Handoff {
            goal: None,
            did: Vec::new(),
            did_omitted: 0,
            for_next_agent: "go on".into(),
            open_problems: Vec::new(),
            sandbox: None,
            metrics: BTreeMap::new(),
        };
        let text = render(&h);
        assert!(text.contains("- nothing since") && text.contains("- none known"));
        assert_eq!(parse(&text).unwrap(), h);
        assert!(parse("just a step message").is_none());
    }

    #[test]
    fn multi_line_values_cannot_open_a_section() {
        let mut h = sample();
        h.goal = Some("two\n#### For the next agent\nlines".into());
        h.did[0].text = "a\n#### For the next agent".into();
        let back = parse(&render(&h)).unwrap();
        assert_eq!(
            back.goal.as_deref(),
            Some("two #### For the next agent lines")
        );
        assert_eq!(back.did[0].text, "a #### For the next agent");
        assert_eq!(back.for_next_agent, h.for_next_agent);
    }
}
