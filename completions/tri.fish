# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tri_global_optspecs
    string join \n v/verbose h/help V/version
end

function __fish_tri_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tri_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tri_using_subcommand
    set -l cmd (__fish_tri_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tri -n "__fish_tri_needs_command" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tri -n "__fish_tri_needs_command" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_needs_command" -f -a "agent" -d 'Work on a GitHub issue: link, step, ask, wait, pr, handoff, finish, brief, inbox, status, log, sync, unlink'
complete -c tri -n "__fish_tri_needs_command" -f -a "ci" -d 'Set the repository up for tri in GitHub Actions: write workflow files'
complete -c tri -n "__fish_tri_needs_command" -f -a "completions" -d 'Print the shell completion script for SHELL on stdout'
complete -c tri -n "__fish_tri_needs_command" -f -a "config" -d 'Show tri\'s settings and where each value comes from'
complete -c tri -n "__fish_tri_needs_command" -f -a "mcp" -d 'Serve tri\'s agent commands as tools to an agent host (Model Context Protocol on stdin/stdout)'
complete -c tri -n "__fish_tri_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "link" -d 'Link this working copy to a GitHub issue'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "step" -d 'Record a step: an experience file, and a comment on the linked issue'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "handoff" -d 'Hand the issue over: record goal, steps done, what to do next, open problems, sandbox and metrics as one event'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "ask" -d 'Ask the people on the issue something: a `question` event (an experience file and a comment); `wait` returns the answer'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "wait" -d 'Wait for the first trusted reply after the session\'s latest question (issue comments, the pull request\'s reviews and review comments); exit 5 on time-out'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "pr" -d 'Name or forget the session\'s pull request (`pr link N`, `pr unlink`); without one, the current branch\'s is used'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "finish" -d 'End the session with an event (done, failed or cancelled), e.g. from a CI job\'s `if: cancelled()` step'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "brief" -d 'What an incoming agent reads first: the latest hand-off, steps since, open problems, sandbox, metrics, human replies'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "inbox" -d 'The issue\'s human replies since the session\'s last step, from trusted authors'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "unlink" -d 'End the link (queued steps stay queued)'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "status" -d 'Show the link and how many steps wait to be published'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "sync" -d 'Publish every queued step, waiting out a rate limit GitHub asked for (unless --no-wait); exits 0 only when nothing is left queued'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "log" -d 'Show the journal of an issue as a timeline, with metric totals'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "pull" -d 'Rebuild this workspace\'s journal of the issue from its comments on GitHub'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "farm" -d 'Read and change the Railway farm mapping (.trinity/railway_farm.json)'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "sandbox" -d 'Create, deploy, inspect and destroy the issue\'s Railway sandbox; each step is published to the issue'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "on-issue-event" -d 'CI hook: act on the GitHub Actions `issues` event in GITHUB_EVENT_PATH (opened/reopened: create and deploy; closed/deleted: destroy)'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "reap" -d 'Destroy the sandboxes of this repository whose issue is closed or gone (and, with --older-than, quiet too long): a table of kept / destroyed / skipped'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "redact-check" -d 'Show a text as tri would publish it, secrets redacted, with a count per rule (records and sends nothing)'
complete -c tri -n "__fish_tri_using_subcommand agent; and not __fish_seen_subcommand_from link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from link" -s R -l repo -d 'The repository as OWNER/NAME (default: GH_REPO, GITHUB_REPOSITORY, then the git remotes upstream, github, origin)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from link" -l force -d 'Replace a link to another issue (and move an unreadable link file aside)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from link" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from link" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from link" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from link" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from step" -s f -l file -d 'Read the message from a file (`-` for standard input)' -r -F
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from step" -s e -l event -d 'The event type (`build_succeeded` resolves earlier `build_failed` events; hand-offs and session ends have their own commands)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from step" -s m -l metric -d 'A metric of the step as NAME=NUMBER, e.g. tokens=1200 (repeatable)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from step" -l resolves -d 'This step resolves the open problem (a build_failed or deployment_failed event) with this id, or a unique prefix of it of 8 characters or more (repeatable; `tri agent brief` lists the open problems with their ids)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from step" -l sticky -d 'Publish into the issue\'s one journal comment, edited in place, instead of a new comment'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from step" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from step" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from step" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from step" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from handoff" -s f -l file -d 'Read the message from a file (`-` for standard input)' -r -F
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from handoff" -l goal -d 'The goal of the work (default: the issue\'s title)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from handoff" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from handoff" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from handoff" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from handoff" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from ask" -s f -l file -d 'Read the question from a file (`-` for standard input)' -r -F
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from ask" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from ask" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from ask" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from ask" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from wait" -l timeout -d 'Give up after this long (90s, 15m, 2h; a bare number is seconds): exit 5, nothing recorded' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from wait" -l interval -d 'Time between polls (conditional requests: an unchanged list costs no rate limit). Each list is read at most once a second, however short this is' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from wait" -l trust -d 'Whose replies count: collaborators (OWNER, MEMBER, COLLABORATOR; the default), author (those and the issue\'s author) or all. The others are passed over and counted' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from wait" -l since -d 'Replies written since TIME (an RFC 3339 time, or a duration before now such as 2h) instead of since the session\'s latest question' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from wait" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from wait" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from wait" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from wait" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from pr" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from pr" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from pr" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from pr" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from pr" -f -a "link" -d 'Name the session\'s pull request (its number in the linked repository)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from pr" -f -a "unlink" -d 'Forget the session\'s pull request (it is found from the current branch again)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from pr" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from finish" -l status -d 'How the session ended: done, failed or cancelled' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from finish" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from finish" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from finish" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from finish" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from brief" -l issue -d 'The issue to brief on (default: the linked issue)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from brief" -l trust -d 'Whose replies to show: collaborators (OWNER, MEMBER, COLLABORATOR; the default), author (those and the issue\'s author) or all. The others are counted, never shown' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from brief" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from brief" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from brief" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from brief" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from inbox" -l since -d 'Comments written since TIME: an RFC 3339 time (2026-11-21T22:15:00Z) or a duration before now (2h)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from inbox" -l trust -d 'Whose comments to show: collaborators (OWNER, MEMBER, COLLABORATOR; the default), author (those and the issue\'s author) or all. The others are counted, never shown' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from inbox" -l since-last-step -d 'Comments written since the session\'s last step (the default; before the session\'s first step: since the issue\'s last hand-off or session end)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from inbox" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from inbox" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from inbox" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from inbox" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from unlink" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from unlink" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from unlink" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from unlink" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from status" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sync" -l no-wait -d 'Do not wait when GitHub has asked to wait (a rate limit): stop at once and leave the queue as it is (exit 1 when anything is left)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sync" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sync" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sync" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sync" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from log" -l issue -d 'The issue whose journal to show (default: the linked issue)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from log" -s n -l limit -d 'Show only the newest K steps (0: all of them)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from log" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from log" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from log" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from pull" -l issue -d 'The issue whose journal to pull (default: the linked issue; the repository is the link\'s, else as `link` finds it)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from pull" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from pull" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from pull" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from pull" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from farm" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from farm" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from farm" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from farm" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from farm" -f -a "list" -d 'List every sandbox mapping (with its repository)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from farm" -f -a "show" -d 'Show the mapping of one issue, with its repository'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from farm" -f -a "set" -d 'Set (or add) the mapping of an issue'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from farm" -f -a "rm" -d 'Remove every mapping entry of an issue (the Railway service is not touched)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from farm" -f -a "accounts" -d 'List the farm accounts, their counters and whether credentials are set here'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from farm" -f -a "sync" -d 'Rebuild the mappings from Railway: every sandbox service of every account with credentials'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from farm" -f -a "import" -d 'Import trinity\'s .trinity/issue_bindings.json into the farm file'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from farm" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sandbox" -l issue -d 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sandbox" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sandbox" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sandbox" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sandbox" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sandbox" -f -a "create" -d 'Create the issue\'s Railway service (or adopt the one Railway has) on the farm account with the most room'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sandbox" -f -a "deploy" -d 'Deploy the issue\'s service and follow the deployment until it ends'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sandbox" -f -a "status" -d 'Show what is known of the issue\'s sandbox (locally and on Railway)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sandbox" -f -a "logs" -d 'Print the latest deployment\'s logs'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sandbox" -f -a "destroy" -d 'Save the logs under `.trinity/archive/<issue>/`, then delete the service'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from sandbox" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from on-issue-event" -l timeout -d 'How long `deploy` follows the deployment: seconds, or with a unit (90s, 15m, 1h)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from on-issue-event" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from on-issue-event" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from on-issue-event" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from on-issue-event" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from reap" -l older-than -d 'Also destroy the sandboxes of open issues with no event on the issue for this long (e.g. 7d, 36h)' -r
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from reap" -l dry-run -d 'List what would be destroyed and why; change nothing'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from reap" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from reap" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from reap" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from reap" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from redact-check" -s f -l file -d 'Read the text from a file (`-` for standard input)' -r -F
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from redact-check" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from redact-check" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from redact-check" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from redact-check" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "link" -d 'Link this working copy to a GitHub issue'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "step" -d 'Record a step: an experience file, and a comment on the linked issue'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "handoff" -d 'Hand the issue over: record goal, steps done, what to do next, open problems, sandbox and metrics as one event'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "ask" -d 'Ask the people on the issue something: a `question` event (an experience file and a comment); `wait` returns the answer'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "wait" -d 'Wait for the first trusted reply after the session\'s latest question (issue comments, the pull request\'s reviews and review comments); exit 5 on time-out'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "pr" -d 'Name or forget the session\'s pull request (`pr link N`, `pr unlink`); without one, the current branch\'s is used'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "finish" -d 'End the session with an event (done, failed or cancelled), e.g. from a CI job\'s `if: cancelled()` step'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "brief" -d 'What an incoming agent reads first: the latest hand-off, steps since, open problems, sandbox, metrics, human replies'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "inbox" -d 'The issue\'s human replies since the session\'s last step, from trusted authors'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "unlink" -d 'End the link (queued steps stay queued)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the link and how many steps wait to be published'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "sync" -d 'Publish every queued step, waiting out a rate limit GitHub asked for (unless --no-wait); exits 0 only when nothing is left queued'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "log" -d 'Show the journal of an issue as a timeline, with metric totals'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "pull" -d 'Rebuild this workspace\'s journal of the issue from its comments on GitHub'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "farm" -d 'Read and change the Railway farm mapping (.trinity/railway_farm.json)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "sandbox" -d 'Create, deploy, inspect and destroy the issue\'s Railway sandbox; each step is published to the issue'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "on-issue-event" -d 'CI hook: act on the GitHub Actions `issues` event in GITHUB_EVENT_PATH (opened/reopened: create and deploy; closed/deleted: destroy)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "reap" -d 'Destroy the sandboxes of this repository whose issue is closed or gone (and, with --older-than, quiet too long): a table of kept / destroyed / skipped'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "redact-check" -d 'Show a text as tri would publish it, secrets redacted, with a count per rule (records and sends nothing)'
complete -c tri -n "__fish_tri_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tri -n "__fish_tri_using_subcommand ci; and not __fish_seen_subcommand_from init help" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand ci; and not __fish_seen_subcommand_from init help" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand ci; and not __fish_seen_subcommand_from init help" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand ci; and not __fish_seen_subcommand_from init help" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand ci; and not __fish_seen_subcommand_from init help" -f -a "init" -d 'Write GitHub Actions workflows that run tri into .github/workflows/ (never overwrites without --force)'
complete -c tri -n "__fish_tri_using_subcommand ci; and not __fish_seen_subcommand_from init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tri -n "__fish_tri_using_subcommand ci; and __fish_seen_subcommand_from init" -l action -d 'The tri action to use, pinned to a full commit: OWNER/NAME@<40-hex commit> (default: the repository and commit this tri was built from)' -r
complete -c tri -n "__fish_tri_using_subcommand ci; and __fish_seen_subcommand_from init" -l sandbox -d 'Write .github/workflows/tri-sandbox.yml: a Railway sandbox per open issue'
complete -c tri -n "__fish_tri_using_subcommand ci; and __fish_seen_subcommand_from init" -l steps -d 'Write .github/workflows/tri-steps.yml: a CI job that posts its progress on an issue'
complete -c tri -n "__fish_tri_using_subcommand ci; and __fish_seen_subcommand_from init" -l reap -d 'Write .github/workflows/tri-reap.yml: a daily sweep destroying the sandboxes whose issue is closed or gone (`tri agent reap`)'
complete -c tri -n "__fish_tri_using_subcommand ci; and __fish_seen_subcommand_from init" -l force -d 'Replace workflow files that already exist'
complete -c tri -n "__fish_tri_using_subcommand ci; and __fish_seen_subcommand_from init" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand ci; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand ci; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand ci; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand ci; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write GitHub Actions workflows that run tri into .github/workflows/ (never overwrites without --force)'
complete -c tri -n "__fish_tri_using_subcommand ci; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tri -n "__fish_tri_using_subcommand completions" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand completions" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand completions" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand config; and not __fish_seen_subcommand_from show help" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand config; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand config; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print each effective setting and where it came from (never a token)'
complete -c tri -n "__fish_tri_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tri -n "__fish_tri_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print JSON on stdout (messages go to stderr)'
complete -c tri -n "__fish_tri_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print each effective setting and where it came from (never a token)'
complete -c tri -n "__fish_tri_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tri -n "__fish_tri_using_subcommand mcp" -l workspace -d 'The workspace the tools act on (default: the directory tri starts in; the workspace root is found upwards from it, as for every command)' -r -F
complete -c tri -n "__fish_tri_using_subcommand mcp" -l tools -d 'Serve only these tools, comma-separated (e.g. step,brief,handoff); an unknown name is a usage error (exit 2) at start-up' -r
complete -c tri -n "__fish_tri_using_subcommand mcp" -l read-only -d 'Serve only the tools that record and send nothing: brief, inbox, status, log, sandbox_status, redact_check (with --tools: the read-only ones of those)'
complete -c tri -n "__fish_tri_using_subcommand mcp" -s v -l verbose -d 'Print more detail on errors and what tri does (never a token)'
complete -c tri -n "__fish_tri_using_subcommand mcp" -s h -l help -d 'Print help'
complete -c tri -n "__fish_tri_using_subcommand mcp" -s V -l version -d 'Print version'
complete -c tri -n "__fish_tri_using_subcommand help; and not __fish_seen_subcommand_from agent ci completions config mcp help" -f -a "agent" -d 'Work on a GitHub issue: link, step, ask, wait, pr, handoff, finish, brief, inbox, status, log, sync, unlink'
complete -c tri -n "__fish_tri_using_subcommand help; and not __fish_seen_subcommand_from agent ci completions config mcp help" -f -a "ci" -d 'Set the repository up for tri in GitHub Actions: write workflow files'
complete -c tri -n "__fish_tri_using_subcommand help; and not __fish_seen_subcommand_from agent ci completions config mcp help" -f -a "completions" -d 'Print the shell completion script for SHELL on stdout'
complete -c tri -n "__fish_tri_using_subcommand help; and not __fish_seen_subcommand_from agent ci completions config mcp help" -f -a "config" -d 'Show tri\'s settings and where each value comes from'
complete -c tri -n "__fish_tri_using_subcommand help; and not __fish_seen_subcommand_from agent ci completions config mcp help" -f -a "mcp" -d 'Serve tri\'s agent commands as tools to an agent host (Model Context Protocol on stdin/stdout)'
complete -c tri -n "__fish_tri_using_subcommand help; and not __fish_seen_subcommand_from agent ci completions config mcp help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "link" -d 'Link this working copy to a GitHub issue'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "step" -d 'Record a step: an experience file, and a comment on the linked issue'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "handoff" -d 'Hand the issue over: record goal, steps done, what to do next, open problems, sandbox and metrics as one event'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "ask" -d 'Ask the people on the issue something: a `question` event (an experience file and a comment); `wait` returns the answer'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "wait" -d 'Wait for the first trusted reply after the session\'s latest question (issue comments, the pull request\'s reviews and review comments); exit 5 on time-out'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "pr" -d 'Name or forget the session\'s pull request (`pr link N`, `pr unlink`); without one, the current branch\'s is used'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "finish" -d 'End the session with an event (done, failed or cancelled), e.g. from a CI job\'s `if: cancelled()` step'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "brief" -d 'What an incoming agent reads first: the latest hand-off, steps since, open problems, sandbox, metrics, human replies'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "inbox" -d 'The issue\'s human replies since the session\'s last step, from trusted authors'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "unlink" -d 'End the link (queued steps stay queued)'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "status" -d 'Show the link and how many steps wait to be published'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "sync" -d 'Publish every queued step, waiting out a rate limit GitHub asked for (unless --no-wait); exits 0 only when nothing is left queued'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "log" -d 'Show the journal of an issue as a timeline, with metric totals'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "pull" -d 'Rebuild this workspace\'s journal of the issue from its comments on GitHub'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "farm" -d 'Read and change the Railway farm mapping (.trinity/railway_farm.json)'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "sandbox" -d 'Create, deploy, inspect and destroy the issue\'s Railway sandbox; each step is published to the issue'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "on-issue-event" -d 'CI hook: act on the GitHub Actions `issues` event in GITHUB_EVENT_PATH (opened/reopened: create and deploy; closed/deleted: destroy)'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "reap" -d 'Destroy the sandboxes of this repository whose issue is closed or gone (and, with --older-than, quiet too long): a table of kept / destroyed / skipped'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "redact-check" -d 'Show a text as tri would publish it, secrets redacted, with a count per rule (records and sends nothing)'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from ci" -f -a "init" -d 'Write GitHub Actions workflows that run tri into .github/workflows/ (never overwrites without --force)'
complete -c tri -n "__fish_tri_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print each effective setting and where it came from (never a token)'
