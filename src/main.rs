//! The `tri` binary: parse, run, map errors to exit codes. Everything else is in the library.

use clap::Parser;
use tri::cli::Cli;
use tri::commands::Ctx;

fn main() {
    let cli = Cli::parse();
    let json = cli.json();
    let verbose = cli.verbose;
    let code = match Ctx::from_process(json, verbose)
        .and_then(|mut ctx| tri::cli::run(cli, &mut ctx))
    {
        Ok(code) => code,
        Err(e) => {
            use std::io::IsTerminal;
            let colour =
                tri::output::use_colour(std::io::stderr().is_terminal(), &tri::env::process_env);
            eprintln!("{}", tri::output::error_line(&e, colour));
            if verbose {
                eprintln!("{}", tri::output::error_detail(&e));
            }
            e.exit_code()
        }
    };
    if verbose {
        // How many async runtimes and HTTP clients this command made (one runtime; one
        // client per API host it talked to).
        let (runtimes, clients) = tri::net::counters();
        eprintln!("tri: debug: {runtimes} async runtime(s), {clients} HTTP client(s)");
    }
    std::process::exit(code);
}
