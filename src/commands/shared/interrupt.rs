//! What ends a command's waiting early: Ctrl-C (SIGINT), or its caller's cancellation — an
//! MCP host's `notifications/cancelled` for the call, or the `tri mcp` server shutting down
//! ([`crate::mcp`] holds the [`Canceller`]). A command that waits (`wait`) selects on
//! [`Interrupt::wait`] beside its work and ends with "interrupted; nothing recorded".

use tokio::sync::watch;

/// Ends a command's waiting: Ctrl-C always, and the caller's [`Canceller`] when there is one.
/// Cheap to clone; the default has no canceller (a command run from the command line).
#[derive(Debug, Clone, Default)]
pub struct Interrupt {
    cancelled: Option<watch::Receiver<bool>>,
}

/// The caller's side of an [`Interrupt`]: [`Canceller::cancel`] ends the command's waiting,
/// and so does dropping it — a caller gone (an MCP request whose handler was dropped as the
/// server ends) waits for nothing.
#[derive(Debug)]
pub struct Canceller(watch::Sender<bool>);

impl Canceller {
    /// Cancels: every [`Interrupt::wait`] of its interrupt returns, now or when next awaited.
    pub fn cancel(&self) {
        self.0.send_replace(true);
    }
}

impl Drop for Canceller {
    fn drop(&mut self) {
        self.cancel();
    }
}

impl Interrupt {
    /// An interrupt its caller can also cancel through the returned [`Canceller`].
    pub fn cancellable() -> (Canceller, Interrupt) {
        let (tx, rx) = watch::channel(false);
        (
            Canceller(tx),
            Interrupt {
                cancelled: Some(rx),
            },
        )
    }

    /// Whether the caller cancelled already.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.as_ref().is_some_and(|rx| *rx.borrow())
    }

    /// Returns on Ctrl-C or once the caller cancelled (at once if it already did); never
    /// when neither happens (a process where no Ctrl-C handler can be installed does not
    /// count as interrupted). Must be polled inside a tokio runtime with signals enabled
    /// ([`crate::net::runtime`]).
    pub async fn wait(&self) {
        let cancelled = async {
            match &self.cancelled {
                Some(rx) => {
                    let mut rx = rx.clone();
                    if rx.wait_for(|c| *c).await.is_err() {
                        std::future::pending::<()>().await;
                    }
                }
                None => std::future::pending::<()>().await,
            }
        };
        let ctrl_c = async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            _ = cancelled => {}
            _ = ctrl_c => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn a_cancel_ends_the_wait_even_one_that_began_after_it() {
        let (c, i) = Interrupt::cancellable();
        assert!(!i.is_cancelled());
        let waiting = i.clone();
        let h = std::thread::spawn(move || rt().block_on(waiting.wait()));
        c.cancel();
        h.join().unwrap();
        assert!(i.is_cancelled());
        rt().block_on(i.wait());
    }

    #[test]
    fn without_a_cancel_nothing_interrupts_and_a_dropped_canceller_cancels() {
        let rt = rt();
        let (c, i) = Interrupt::cancellable();
        for i in [i.clone(), Interrupt::default()] {
            let ended = rt.block_on(async {
                tokio::select! {
                    _ = i.wait() => true,
                    _ = tokio::task::yield_now() => false,
                }
            });
            assert!(!ended);
            assert!(!i.is_cancelled());
        }
        drop(c);
        assert!(i.is_cancelled());
        rt.block_on(i.wait());
    }
}
