//! `tri completions <SHELL>`, and the generated assets committed in `completions/` and `man/`
//! (kept fresh by `tests/cli_assets.rs`; regenerate with
//! `TRI_REGENERATE=1 cargo test --test cli_assets`).

use super::Ctx;
use crate::cli::{Cli, CompletionsArgs};
use crate::error::{Error, Result, EXIT_OK};
use clap::CommandFactory;
use clap_complete::Shell;

/// The binary name completions and man pages are generated for.
pub const BIN: &str = "tri";

/// Each shell with the file name its script is committed under in `completions/`.
pub const SHELL_FILES: [(Shell, &str); 5] = [
    (Shell::Bash, "tri.bash"),
    (Shell::Zsh, "_tri"),
    (Shell::Fish, "tri.fish"),
    (Shell::PowerShell, "_tri.ps1"),
    (Shell::Elvish, "tri.elv"),
];

/// The completion script for `shell`, generated from the clap definitions.
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN, &mut buf);
    buf
}

/// The man pages: `tri.1` and one per subcommand (`tri-agent-step.1`, ...), as
/// `(file name, roff)`, the way `clap_mangen::generate_to` names them (no `help` pages).
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    fn walk(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            walk(sub, out);
        }
        let man = clap_mangen::Man::new(cmd);
        let mut buf = Vec::new();
        man.render(&mut buf)
            .expect("rendering to memory cannot fail");
        out.push((man.get_filename(), buf));
    }
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    walk(cmd, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every generated asset as `(path relative to the repository root, bytes)`:
/// `completions/<file>` for each shell and `man/<page>.1`.
pub fn assets() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = SHELL_FILES
        .iter()
        .map(|(shell, file)| (format!("completions/{file}"), completion(*shell)))
        .collect();
    v.extend(
        man_pages()
            .into_iter()
            .map(|(name, bytes)| (format!("man/{name}"), bytes)),
    );
    v
}

/// Runs `tri completions <SHELL>`: the script on stdout.
pub fn run(args: &CompletionsArgs, _ctx: &mut Ctx) -> Result<i32> {
    use std::io::Write;
    let script = completion(args.shell);
    let mut out = std::io::stdout().lock();
    match out.write_all(&script).and_then(|_| out.flush()) {
        // `tri completions bash | head`: the reader left; not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(EXIT_OK),
        Err(e) => Err(Error::Other(format!(
            "cannot write the completion script: {e}; redirect it to a file instead"
        ))),
        Ok(()) => Ok(EXIT_OK),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_man_page_per_command_named_like_mangen() {
        let names: Vec<String> = man_pages().into_iter().map(|(n, _)| n).collect();
        for want in [
            "tri.1",
            "tri-agent.1",
            "tri-agent-step.1",
            "tri-agent-log.1",
            "tri-config-show.1",
        ] {
            assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
    }

    #[test]
    fn every_shell_gets_a_script() {
        for (shell, _) in SHELL_FILES {
            let s = String::from_utf8(completion(shell)).unwrap();
            assert!(s.contains("tri"), "{shell}");
        }
    }
}
