//! The `tri` binary: parse, run, map errors to exit codes. Everything else is in the library.

use clap::Parser;
use tri::cli::{Cli, Command};
use tri::commands::{self, Ctx};

fn main() {
    let cli = Cli::parse();
    let json = match &cli.command {
        Command::Agent(a) => a.json,
    };
    let verbose = cli.verbose;
    let code =
        match Ctx::from_process(json, verbose).and_then(|mut ctx| commands::run(cli, &mut ctx)) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("tri: {e}");
                e.exit_code()
            }
        };
    std::process::exit(code);
}
