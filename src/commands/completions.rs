//! `tri completions <SHELL>`. The scripts committed in `completions/` and the man pages in
//! `man/` are generated from the same tree by `tests/cli_assets.rs` (regenerate with
//! `TRI_REGENERATE=1 cargo test --test cli_assets`); man pages are made only there, so the
//! binary does not carry `clap_mangen`.

use super::Ctx;
use crate::error::{Error, Result, EXIT_OK};
use clap::Args;
use clap_complete::Shell;

/// `tri completions`.
#[derive(Debug, Args)]
#[command(after_help = "Install (then start a new shell):\n\n\
                  bash: tri completions bash > ~/.local/share/bash-completion/completions/tri\n\n\
                  zsh: tri completions zsh > ~/.zfunc/_tri (with fpath+=(~/.zfunc) before compinit in ~/.zshrc)\n\n\
                  fish: tri completions fish > ~/.config/fish/completions/tri.fish")]
pub struct CompletionsArgs {
    /// The shell to print completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

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

/// The completion script for `shell`, generated from the command tree `cmd` (the caller
/// passes `tri::cli::Cli::command()`; commands do not import the top of the tree).
pub fn completion(shell: Shell, mut cmd: clap::Command) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN, &mut buf);
    buf
}

/// Runs `tri completions <SHELL>`: the script on stdout.
pub fn run(args: &CompletionsArgs, cmd: clap::Command, _ctx: &mut Ctx) -> Result<i32> {
    use std::io::Write;
    let script = completion(args.shell, cmd);
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
