//! The exactly-once protocol for one event's comments, as a pure state machine: given what
//! the outbox entry says and what the last request came to, what to do next — look for an
//! earlier send, send a part, record progress, finish, or leave the event queued. The async
//! driver ([`super::Publisher`]) performs the actions; this module does no I/O.
//!
//! The rules (the idempotency check of the outbox):
//! - A part whose send may have reached GitHub (`in_flight`) is looked up by its marker
//!   before it is sent again — unless the entry was written in flight for this very first
//!   send (`send_now`), when nothing can have been sent yet.
//! - Before a send the entry is marked in flight durably (`mark_in_flight`), unless it
//!   already says so for this first send.
//! - A part found or posted is recorded in the entry (`record`) before the next part, so a
//!   crash never re-sends a part already known to be on the issue.
//! - A failure after which GitHub may have written the comment makes the next action a
//!   look-up, never a blind resend.

/// What the machine knows of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishState {
    /// Parts the event is published as (1 for most events).
    pub total: usize,
    /// Parts known to be on the issue, in order.
    pub posted: usize,
    /// A send was started whose outcome is unknown.
    pub in_flight: bool,
    /// The entry was written in flight for an immediate first send (no look-up, no
    /// rewrite before it).
    pub send_now: bool,
}

/// What the driver does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Look for part `part` (1-based) on the issue by its marker.
    LookUp {
        /// The part.
        part: usize,
    },
    /// Send part `part` (1-based); first write the entry in flight when `mark_in_flight`.
    Send {
        /// The part.
        part: usize,
        /// Write `in_flight: true` (and one more attempt) durably before sending.
        mark_in_flight: bool,
    },
    /// Every part is on the issue.
    Published,
    /// Leave the event queued; the entry keeps `in_flight` as given.
    Queue {
        /// Whether GitHub may have the part last sent.
        in_flight: bool,
    },
}

/// What the last action came to (after the retry policy has had its say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Observation {
    /// The look-up found the part's comment.
    Found,
    /// The look-up found no such comment: it was never written.
    NotFound,
    /// The send succeeded.
    Posted,
    /// The send failed in a way GitHub may have acted on, and the retry policy waited:
    /// look before sending again.
    MayHaveWritten,
    /// The retry policy gave up; `may_have_written` when GitHub may have the last send.
    GaveUp {
        /// GitHub may have written the part last sent.
        may_have_written: bool,
    },
}

/// One move: whether to write the entry's progress first, then the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    /// Write the entry (posted parts, cleared `in_flight`) before the action.
    pub record: bool,
    /// What to do.
    pub action: Action,
}

impl PublishState {
    /// The first move for an entry in this state.
    pub fn start(&self) -> Move {
        Move {
            record: false,
            action: self.pending(),
        }
    }

    /// The action for the next part, from the state alone.
    fn pending(&self) -> Action {
        if self.posted >= self.total {
            return Action::Published;
        }
        let part = self.posted + 1;
        if self.in_flight && !self.send_now {
            Action::LookUp { part }
        } else {
            Action::Send {
                part,
                mark_in_flight: !self.send_now,
            }
        }
    }

    /// Applies what the last action (`after`) came to and returns the next move. Pure.
    pub fn next(&mut self, after: Action, seen: Observation) -> Move {
        match (after, seen) {
            (Action::LookUp { .. }, Observation::Found) => {
                self.posted += 1;
                self.in_flight = false;
                Move {
                    record: true,
                    action: self.pending(),
                }
            }
            (Action::LookUp { part }, Observation::NotFound) => Move {
                record: false,
                action: Action::Send {
                    part,
                    mark_in_flight: true,
                },
            },
            (Action::Send { .. }, Observation::Posted) => {
                self.posted += 1;
                self.in_flight = false;
                self.send_now = false;
                let action = self.pending();
                Move {
                    // The last part needs no record: the driver finishes the entry.
                    record: action != Action::Published,
                    action,
                }
            }
            (Action::Send { part, .. }, Observation::MayHaveWritten) => {
                self.in_flight = true;
                self.send_now = false;
                Move {
                    record: false,
                    action: Action::LookUp { part },
                }
            }
            (Action::Send { .. }, Observation::GaveUp { may_have_written }) => {
                self.in_flight = may_have_written;
                self.send_now = false;
                Move {
                    record: false,
                    action: Action::Queue {
                        in_flight: may_have_written,
                    },
                }
            }
            (Action::LookUp { .. }, Observation::GaveUp { .. }) => Move {
                // Nothing learned: GitHub may still have the earlier send.
                record: false,
                action: Action::Queue {
                    in_flight: self.in_flight,
                },
            },
            // A read cannot write: treat it as a failed look-up.
            (Action::LookUp { .. }, _) => Move {
                record: false,
                action: Action::Queue {
                    in_flight: self.in_flight,
                },
            },
            (Action::Send { part, .. }, _) => Move {
                record: false,
                action: Action::LookUp { part },
            },
            (done @ (Action::Published | Action::Queue { .. }), _) => Move {
                record: false,
                action: done,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(total: usize, posted: usize, in_flight: bool, send_now: bool) -> PublishState {
        PublishState {
            total,
            posted,
            in_flight,
            send_now,
        }
    }

    fn send(part: usize, mark: bool) -> Action {
        Action::Send {
            part,
            mark_in_flight: mark,
        }
    }

    #[test]
    fn fresh_entry_marks_in_flight_then_sends() {
        assert_eq!(st(1, 0, false, false).start().action, send(1, true));
    }

    #[test]
    fn send_now_sends_without_look_up_or_rewrite() {
        // Recorded in flight for this first send: no look-up, no second write.
        assert_eq!(st(1, 0, true, true).start().action, send(1, false));
    }

    #[test]
    fn in_flight_from_an_earlier_command_looks_up_first() {
        assert_eq!(
            st(1, 0, true, false).start().action,
            Action::LookUp { part: 1 }
        );
    }

    #[test]
    fn found_records_and_finishes() {
        let mut s = st(1, 0, true, false);
        let m = s.next(Action::LookUp { part: 1 }, Observation::Found);
        assert_eq!(
            m,
            Move {
                record: true,
                action: Action::Published
            }
        );
        assert_eq!((s.posted, s.in_flight), (1, false));
    }

    #[test]
    fn not_found_sends_marking_in_flight() {
        let mut s = st(1, 0, true, false);
        let m = s.next(Action::LookUp { part: 1 }, Observation::NotFound);
        assert_eq!(m.action, send(1, true));
        assert!(!m.record);
    }

    #[test]
    fn posted_last_part_finishes_without_a_record() {
        let mut s = st(1, 0, true, true);
        let m = s.next(send(1, false), Observation::Posted);
        assert_eq!(
            m,
            Move {
                record: false,
                action: Action::Published
            }
        );
    }

    #[test]
    fn posted_part_of_several_records_then_sends_the_next() {
        let mut s = st(3, 0, false, false);
        let m = s.next(send(1, true), Observation::Posted);
        assert_eq!(
            m,
            Move {
                record: true,
                action: send(2, true)
            }
        );
        assert_eq!(s.posted, 1);
    }

    #[test]
    fn may_have_written_looks_before_resending() {
        let mut s = st(2, 1, false, false);
        let m = s.next(send(2, true), Observation::MayHaveWritten);
        assert_eq!(m.action, Action::LookUp { part: 2 });
        assert!(s.in_flight);
        // ... and a send_now first try loses its exemption.
        let mut s = st(1, 0, true, true);
        s.next(send(1, false), Observation::MayHaveWritten);
        assert!(!s.send_now);
        assert_eq!(s.start().action, Action::LookUp { part: 1 });
    }

    #[test]
    fn giving_up_on_a_send_keeps_in_flight_only_when_github_may_have_it() {
        for written in [false, true] {
            let mut s = st(1, 0, false, false);
            let m = s.next(
                send(1, true),
                Observation::GaveUp {
                    may_have_written: written,
                },
            );
            assert_eq!(m.action, Action::Queue { in_flight: written });
            assert_eq!(s.in_flight, written);
        }
    }

    #[test]
    fn giving_up_on_a_look_up_keeps_the_earlier_doubt() {
        let mut s = st(1, 0, true, false);
        let m = s.next(
            Action::LookUp { part: 1 },
            Observation::GaveUp {
                may_have_written: false,
            },
        );
        assert_eq!(m.action, Action::Queue { in_flight: true });
    }

    #[test]
    fn resumes_after_the_parts_already_posted() {
        assert_eq!(st(3, 2, false, false).start().action, send(3, true));
        assert_eq!(
            st(3, 2, true, false).start().action,
            Action::LookUp { part: 3 }
        );
        assert_eq!(st(2, 2, false, false).start().action, Action::Published);
    }

    #[test]
    fn a_whole_multi_part_run_with_a_lost_answer_posts_each_part_once() {
        // Part 2's answer is lost after GitHub wrote it: the machine looks it up, finds it,
        // and goes on to part 3 without sending part 2 again.
        let mut s = st(3, 0, false, false);
        let mut sends = Vec::new();
        let mut m = s.start();
        let mut lost = true;
        for _ in 0..20 {
            let seen = match m.action {
                Action::Send { part, .. } => {
                    sends.push(part);
                    if part == 2 && lost {
                        lost = false;
                        Observation::MayHaveWritten
                    } else {
                        Observation::Posted
                    }
                }
                Action::LookUp { .. } => Observation::Found,
                Action::Published | Action::Queue { .. } => break,
            };
            m = s.next(m.action, seen);
        }
        assert_eq!(m.action, Action::Published);
        assert_eq!(sends, vec![1, 2, 3]);
    }
}
