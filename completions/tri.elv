
use builtin;
use str;

set edit:completion:arg-completer[tri] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'tri'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'tri'= {
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand agent 'Work on a GitHub issue: link, step, ask, wait, pr, handoff, finish, brief, inbox, status, log, sync, unlink'
            cand ci 'Set the repository up for tri in GitHub Actions: write workflow files'
            cand completions 'Print the shell completion script for SHELL on stdout'
            cand config 'Show tri''s settings and where each value comes from'
            cand mcp 'Serve tri''s agent commands as tools to an agent host (Model Context Protocol on stdin/stdout)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;agent'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand link 'Link this working copy to a GitHub issue'
            cand step 'Record a step: an experience file, and a comment on the linked issue'
            cand handoff 'Hand the issue over: record goal, steps done, what to do next, open problems, sandbox and metrics as one event'
            cand ask 'Ask the people on the issue something: a `question` event (an experience file and a comment); `wait` returns the answer'
            cand wait 'Wait for the first trusted reply after the session''s latest question (issue comments, the pull request''s reviews and review comments); exit 5 on time-out'
            cand pr 'Name or forget the session''s pull request (`pr link N`, `pr unlink`); without one, the current branch''s is used'
            cand finish 'End the session with an event (done, failed or cancelled), e.g. from a CI job''s `if: cancelled()` step'
            cand brief 'What an incoming agent reads first: the latest hand-off, steps since, open problems, sandbox, metrics, human replies'
            cand inbox 'The issue''s human replies since the session''s last step, from trusted authors'
            cand unlink 'End the link (queued steps stay queued)'
            cand status 'Show the link and how many steps wait to be published'
            cand sync 'Publish every queued step, waiting out a rate limit GitHub asked for (unless --no-wait); exits 0 only when nothing is left queued'
            cand log 'Show the journal of an issue as a timeline, with metric totals'
            cand pull 'Rebuild this workspace''s journal of the issue from its comments on GitHub'
            cand farm 'Read and change the Railway farm mapping (.trinity/railway_farm.json)'
            cand sandbox 'Create, deploy, inspect and destroy the issue''s Railway sandbox; each step is published to the issue'
            cand on-issue-event 'CI hook: act on the GitHub Actions `issues` event in GITHUB_EVENT_PATH (opened/reopened: create and deploy; closed/deleted: destroy)'
            cand reap 'Destroy the sandboxes of this repository whose issue is closed or gone (and, with --older-than, quiet too long): a table of kept / destroyed / skipped'
            cand redact-check 'Show a text as tri would publish it, secrets redacted, with a count per rule (records and sends nothing)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;agent;link'= {
            cand -R 'The repository as OWNER/NAME (default: GH_REPO, GITHUB_REPOSITORY, then the git remotes upstream, github, origin)'
            cand --repo 'The repository as OWNER/NAME (default: GH_REPO, GITHUB_REPOSITORY, then the git remotes upstream, github, origin)'
            cand --force 'Replace a link to another issue (and move an unreadable link file aside)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;step'= {
            cand -f 'Read the message from a file (`-` for standard input)'
            cand --file 'Read the message from a file (`-` for standard input)'
            cand -e 'The event type (`build_succeeded` resolves earlier `build_failed` events; hand-offs and session ends have their own commands)'
            cand --event 'The event type (`build_succeeded` resolves earlier `build_failed` events; hand-offs and session ends have their own commands)'
            cand -m 'A metric of the step as NAME=NUMBER, e.g. tokens=1200 (repeatable)'
            cand --metric 'A metric of the step as NAME=NUMBER, e.g. tokens=1200 (repeatable)'
            cand --resolves 'This step resolves the open problem (a build_failed or deployment_failed event) with this id, or a unique prefix of it of 8 characters or more (repeatable; `tri agent brief` lists the open problems with their ids)'
            cand --sticky 'Publish into the issue''s one journal comment, edited in place, instead of a new comment'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;handoff'= {
            cand -f 'Read the message from a file (`-` for standard input)'
            cand --file 'Read the message from a file (`-` for standard input)'
            cand --goal 'The goal of the work (default: the issue''s title)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;ask'= {
            cand -f 'Read the question from a file (`-` for standard input)'
            cand --file 'Read the question from a file (`-` for standard input)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;wait'= {
            cand --timeout 'Give up after this long (90s, 15m, 2h; a bare number is seconds): exit 5, nothing recorded'
            cand --interval 'Time between polls (conditional requests: an unchanged list costs no rate limit). Each list is read at most once a second, however short this is'
            cand --trust 'Whose replies count: collaborators (OWNER, MEMBER, COLLABORATOR; the default), author (those and the issue''s author) or all. The others are passed over and counted'
            cand --since 'Replies written since TIME (an RFC 3339 time, or a duration before now such as 2h) instead of since the session''s latest question'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;pr'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand link 'Name the session''s pull request (its number in the linked repository)'
            cand unlink 'Forget the session''s pull request (it is found from the current branch again)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;agent;pr;link'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;pr;unlink'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;pr;help'= {
            cand link 'Name the session''s pull request (its number in the linked repository)'
            cand unlink 'Forget the session''s pull request (it is found from the current branch again)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;agent;pr;help;link'= {
        }
        &'tri;agent;pr;help;unlink'= {
        }
        &'tri;agent;pr;help;help'= {
        }
        &'tri;agent;finish'= {
            cand --status 'How the session ended: done, failed or cancelled'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;brief'= {
            cand --issue 'The issue to brief on (default: the linked issue)'
            cand --trust 'Whose replies to show: collaborators (OWNER, MEMBER, COLLABORATOR; the default), author (those and the issue''s author) or all. The others are counted, never shown'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;inbox'= {
            cand --since 'Comments written since TIME: an RFC 3339 time (2026-11-21T22:15:00Z) or a duration before now (2h)'
            cand --trust 'Whose comments to show: collaborators (OWNER, MEMBER, COLLABORATOR; the default), author (those and the issue''s author) or all. The others are counted, never shown'
            cand --since-last-step 'Comments written since the session''s last step (the default; before the session''s first step: since the issue''s last hand-off or session end)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;unlink'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;status'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;sync'= {
            cand --no-wait 'Do not wait when GitHub has asked to wait (a rate limit): stop at once and leave the queue as it is (exit 1 when anything is left)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;log'= {
            cand --issue 'The issue whose journal to show (default: the linked issue)'
            cand -n 'Show only the newest K steps (0: all of them)'
            cand --limit 'Show only the newest K steps (0: all of them)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;pull'= {
            cand --issue 'The issue whose journal to pull (default: the linked issue; the repository is the link''s, else as `link` finds it)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;farm'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List every sandbox mapping (with its repository)'
            cand show 'Show the mapping of one issue, with its repository'
            cand set 'Set (or add) the mapping of an issue'
            cand rm 'Remove every mapping entry of an issue (the Railway service is not touched)'
            cand accounts 'List the farm accounts, their counters and whether credentials are set here'
            cand sync 'Rebuild the mappings from Railway: every sandbox service of every account with credentials'
            cand import 'Import trinity''s .trinity/issue_bindings.json into the farm file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;agent;farm;list'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;farm;show'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;farm;set'= {
            cand --service-id 'The Railway service id'
            cand --account-id 'The farm account (1..8) holding the service'
            cand --deployment-id 'The latest deployment id'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;farm;rm'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;farm;accounts'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;farm;sync'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;farm;import'= {
            cand --force 'Replace the values of bindings already in the farm file'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;farm;help'= {
            cand list 'List every sandbox mapping (with its repository)'
            cand show 'Show the mapping of one issue, with its repository'
            cand set 'Set (or add) the mapping of an issue'
            cand rm 'Remove every mapping entry of an issue (the Railway service is not touched)'
            cand accounts 'List the farm accounts, their counters and whether credentials are set here'
            cand sync 'Rebuild the mappings from Railway: every sandbox service of every account with credentials'
            cand import 'Import trinity''s .trinity/issue_bindings.json into the farm file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;agent;farm;help;list'= {
        }
        &'tri;agent;farm;help;show'= {
        }
        &'tri;agent;farm;help;set'= {
        }
        &'tri;agent;farm;help;rm'= {
        }
        &'tri;agent;farm;help;accounts'= {
        }
        &'tri;agent;farm;help;sync'= {
        }
        &'tri;agent;farm;help;import'= {
        }
        &'tri;agent;farm;help;help'= {
        }
        &'tri;agent;sandbox'= {
            cand --issue 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create the issue''s Railway service (or adopt the one Railway has) on the farm account with the most room'
            cand deploy 'Deploy the issue''s service and follow the deployment until it ends'
            cand status 'Show what is known of the issue''s sandbox (locally and on Railway)'
            cand logs 'Print the latest deployment''s logs'
            cand destroy 'Save the logs under `.trinity/archive/<issue>/`, then delete the service'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;agent;sandbox;create'= {
            cand --account-id 'Use this farm account (1..8) instead of choosing one'
            cand --image 'A container image for the service to run, e.g. ghcr.io/owner/app:tag'
            cand --source-repo 'A GitHub repository OWNER/NAME for Railway to build'
            cand --branch 'The branch of --source-repo to build'
            cand --issue 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;sandbox;deploy'= {
            cand --timeout 'Stop following after this long and report a failure: seconds, or with a unit (90s, 15m, 1h)'
            cand --health-path 'The path that must answer 2xx/3xx once Railway reports SUCCESS (also set as the service''s Railway health-check path) [default: TRI_HEALTHCHECK_PATH, config `healthcheck_path`, else /]'
            cand --health-timeout 'Give up on the health check after this long without a 2xx/3xx answer'
            cand --issue 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)'
            cand --force 'Deploy even when the last deployments failed (the crash-loop breaker, exit 6)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;sandbox;status'= {
            cand --issue 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;sandbox;logs'= {
            cand -n 'How many of the latest lines to print'
            cand --lines 'How many of the latest lines to print'
            cand --issue 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)'
            cand --build 'Print the build logs instead of the deployment''s logs'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;sandbox;destroy'= {
            cand --issue 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;sandbox;help'= {
            cand create 'Create the issue''s Railway service (or adopt the one Railway has) on the farm account with the most room'
            cand deploy 'Deploy the issue''s service and follow the deployment until it ends'
            cand status 'Show what is known of the issue''s sandbox (locally and on Railway)'
            cand logs 'Print the latest deployment''s logs'
            cand destroy 'Save the logs under `.trinity/archive/<issue>/`, then delete the service'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;agent;sandbox;help;create'= {
        }
        &'tri;agent;sandbox;help;deploy'= {
        }
        &'tri;agent;sandbox;help;status'= {
        }
        &'tri;agent;sandbox;help;logs'= {
        }
        &'tri;agent;sandbox;help;destroy'= {
        }
        &'tri;agent;sandbox;help;help'= {
        }
        &'tri;agent;on-issue-event'= {
            cand --timeout 'How long `deploy` follows the deployment: seconds, or with a unit (90s, 15m, 1h)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;reap'= {
            cand --older-than 'Also destroy the sandboxes of open issues with no event on the issue for this long (e.g. 7d, 36h)'
            cand --dry-run 'List what would be destroyed and why; change nothing'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;redact-check'= {
            cand -f 'Read the text from a file (`-` for standard input)'
            cand --file 'Read the text from a file (`-` for standard input)'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;agent;help'= {
            cand link 'Link this working copy to a GitHub issue'
            cand step 'Record a step: an experience file, and a comment on the linked issue'
            cand handoff 'Hand the issue over: record goal, steps done, what to do next, open problems, sandbox and metrics as one event'
            cand ask 'Ask the people on the issue something: a `question` event (an experience file and a comment); `wait` returns the answer'
            cand wait 'Wait for the first trusted reply after the session''s latest question (issue comments, the pull request''s reviews and review comments); exit 5 on time-out'
            cand pr 'Name or forget the session''s pull request (`pr link N`, `pr unlink`); without one, the current branch''s is used'
            cand finish 'End the session with an event (done, failed or cancelled), e.g. from a CI job''s `if: cancelled()` step'
            cand brief 'What an incoming agent reads first: the latest hand-off, steps since, open problems, sandbox, metrics, human replies'
            cand inbox 'The issue''s human replies since the session''s last step, from trusted authors'
            cand unlink 'End the link (queued steps stay queued)'
            cand status 'Show the link and how many steps wait to be published'
            cand sync 'Publish every queued step, waiting out a rate limit GitHub asked for (unless --no-wait); exits 0 only when nothing is left queued'
            cand log 'Show the journal of an issue as a timeline, with metric totals'
            cand pull 'Rebuild this workspace''s journal of the issue from its comments on GitHub'
            cand farm 'Read and change the Railway farm mapping (.trinity/railway_farm.json)'
            cand sandbox 'Create, deploy, inspect and destroy the issue''s Railway sandbox; each step is published to the issue'
            cand on-issue-event 'CI hook: act on the GitHub Actions `issues` event in GITHUB_EVENT_PATH (opened/reopened: create and deploy; closed/deleted: destroy)'
            cand reap 'Destroy the sandboxes of this repository whose issue is closed or gone (and, with --older-than, quiet too long): a table of kept / destroyed / skipped'
            cand redact-check 'Show a text as tri would publish it, secrets redacted, with a count per rule (records and sends nothing)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;agent;help;link'= {
        }
        &'tri;agent;help;step'= {
        }
        &'tri;agent;help;handoff'= {
        }
        &'tri;agent;help;ask'= {
        }
        &'tri;agent;help;wait'= {
        }
        &'tri;agent;help;pr'= {
            cand link 'Name the session''s pull request (its number in the linked repository)'
            cand unlink 'Forget the session''s pull request (it is found from the current branch again)'
        }
        &'tri;agent;help;pr;link'= {
        }
        &'tri;agent;help;pr;unlink'= {
        }
        &'tri;agent;help;finish'= {
        }
        &'tri;agent;help;brief'= {
        }
        &'tri;agent;help;inbox'= {
        }
        &'tri;agent;help;unlink'= {
        }
        &'tri;agent;help;status'= {
        }
        &'tri;agent;help;sync'= {
        }
        &'tri;agent;help;log'= {
        }
        &'tri;agent;help;pull'= {
        }
        &'tri;agent;help;farm'= {
            cand list 'List every sandbox mapping (with its repository)'
            cand show 'Show the mapping of one issue, with its repository'
            cand set 'Set (or add) the mapping of an issue'
            cand rm 'Remove every mapping entry of an issue (the Railway service is not touched)'
            cand accounts 'List the farm accounts, their counters and whether credentials are set here'
            cand sync 'Rebuild the mappings from Railway: every sandbox service of every account with credentials'
            cand import 'Import trinity''s .trinity/issue_bindings.json into the farm file'
        }
        &'tri;agent;help;farm;list'= {
        }
        &'tri;agent;help;farm;show'= {
        }
        &'tri;agent;help;farm;set'= {
        }
        &'tri;agent;help;farm;rm'= {
        }
        &'tri;agent;help;farm;accounts'= {
        }
        &'tri;agent;help;farm;sync'= {
        }
        &'tri;agent;help;farm;import'= {
        }
        &'tri;agent;help;sandbox'= {
            cand create 'Create the issue''s Railway service (or adopt the one Railway has) on the farm account with the most room'
            cand deploy 'Deploy the issue''s service and follow the deployment until it ends'
            cand status 'Show what is known of the issue''s sandbox (locally and on Railway)'
            cand logs 'Print the latest deployment''s logs'
            cand destroy 'Save the logs under `.trinity/archive/<issue>/`, then delete the service'
        }
        &'tri;agent;help;sandbox;create'= {
        }
        &'tri;agent;help;sandbox;deploy'= {
        }
        &'tri;agent;help;sandbox;status'= {
        }
        &'tri;agent;help;sandbox;logs'= {
        }
        &'tri;agent;help;sandbox;destroy'= {
        }
        &'tri;agent;help;on-issue-event'= {
        }
        &'tri;agent;help;reap'= {
        }
        &'tri;agent;help;redact-check'= {
        }
        &'tri;agent;help;help'= {
        }
        &'tri;ci'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Write GitHub Actions workflows that run tri into .github/workflows/ (never overwrites without --force)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;ci;init'= {
            cand --action 'The tri action to use, pinned to a full commit: OWNER/NAME@<40-hex commit> (default: the repository and commit this tri was built from)'
            cand --sandbox 'Write .github/workflows/tri-sandbox.yml: a Railway sandbox per open issue'
            cand --steps 'Write .github/workflows/tri-steps.yml: a CI job that posts its progress on an issue'
            cand --reap 'Write .github/workflows/tri-reap.yml: a daily sweep destroying the sandboxes whose issue is closed or gone (`tri agent reap`)'
            cand --force 'Replace workflow files that already exist'
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;ci;help'= {
            cand init 'Write GitHub Actions workflows that run tri into .github/workflows/ (never overwrites without --force)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;ci;help;init'= {
        }
        &'tri;ci;help;help'= {
        }
        &'tri;completions'= {
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;config'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print each effective setting and where it came from (never a token)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;config;show'= {
            cand --json 'Print JSON on stdout (messages go to stderr)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;config;help'= {
            cand show 'Print each effective setting and where it came from (never a token)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;config;help;show'= {
        }
        &'tri;config;help;help'= {
        }
        &'tri;mcp'= {
            cand --workspace 'The workspace the tools act on (default: the directory tri starts in; the workspace root is found upwards from it, as for every command)'
            cand --tools 'Serve only these tools, comma-separated (e.g. step,brief,handoff); an unknown name is a usage error (exit 2) at start-up'
            cand --read-only 'Serve only the tools that record and send nothing: brief, inbox, status, log, sandbox_status, redact_check (with --tools: the read-only ones of those)'
            cand -v 'Print more detail on errors and what tri does (never a token)'
            cand --verbose 'Print more detail on errors and what tri does (never a token)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tri;help'= {
            cand agent 'Work on a GitHub issue: link, step, ask, wait, pr, handoff, finish, brief, inbox, status, log, sync, unlink'
            cand ci 'Set the repository up for tri in GitHub Actions: write workflow files'
            cand completions 'Print the shell completion script for SHELL on stdout'
            cand config 'Show tri''s settings and where each value comes from'
            cand mcp 'Serve tri''s agent commands as tools to an agent host (Model Context Protocol on stdin/stdout)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tri;help;agent'= {
            cand link 'Link this working copy to a GitHub issue'
            cand step 'Record a step: an experience file, and a comment on the linked issue'
            cand handoff 'Hand the issue over: record goal, steps done, what to do next, open problems, sandbox and metrics as one event'
            cand ask 'Ask the people on the issue something: a `question` event (an experience file and a comment); `wait` returns the answer'
            cand wait 'Wait for the first trusted reply after the session''s latest question (issue comments, the pull request''s reviews and review comments); exit 5 on time-out'
            cand pr 'Name or forget the session''s pull request (`pr link N`, `pr unlink`); without one, the current branch''s is used'
            cand finish 'End the session with an event (done, failed or cancelled), e.g. from a CI job''s `if: cancelled()` step'
            cand brief 'What an incoming agent reads first: the latest hand-off, steps since, open problems, sandbox, metrics, human replies'
            cand inbox 'The issue''s human replies since the session''s last step, from trusted authors'
            cand unlink 'End the link (queued steps stay queued)'
            cand status 'Show the link and how many steps wait to be published'
            cand sync 'Publish every queued step, waiting out a rate limit GitHub asked for (unless --no-wait); exits 0 only when nothing is left queued'
            cand log 'Show the journal of an issue as a timeline, with metric totals'
            cand pull 'Rebuild this workspace''s journal of the issue from its comments on GitHub'
            cand farm 'Read and change the Railway farm mapping (.trinity/railway_farm.json)'
            cand sandbox 'Create, deploy, inspect and destroy the issue''s Railway sandbox; each step is published to the issue'
            cand on-issue-event 'CI hook: act on the GitHub Actions `issues` event in GITHUB_EVENT_PATH (opened/reopened: create and deploy; closed/deleted: destroy)'
            cand reap 'Destroy the sandboxes of this repository whose issue is closed or gone (and, with --older-than, quiet too long): a table of kept / destroyed / skipped'
            cand redact-check 'Show a text as tri would publish it, secrets redacted, with a count per rule (records and sends nothing)'
        }
        &'tri;help;agent;link'= {
        }
        &'tri;help;agent;step'= {
        }
        &'tri;help;agent;handoff'= {
        }
        &'tri;help;agent;ask'= {
        }
        &'tri;help;agent;wait'= {
        }
        &'tri;help;agent;pr'= {
            cand link 'Name the session''s pull request (its number in the linked repository)'
            cand unlink 'Forget the session''s pull request (it is found from the current branch again)'
        }
        &'tri;help;agent;pr;link'= {
        }
        &'tri;help;agent;pr;unlink'= {
        }
        &'tri;help;agent;finish'= {
        }
        &'tri;help;agent;brief'= {
        }
        &'tri;help;agent;inbox'= {
        }
        &'tri;help;agent;unlink'= {
        }
        &'tri;help;agent;status'= {
        }
        &'tri;help;agent;sync'= {
        }
        &'tri;help;agent;log'= {
        }
        &'tri;help;agent;pull'= {
        }
        &'tri;help;agent;farm'= {
            cand list 'List every sandbox mapping (with its repository)'
            cand show 'Show the mapping of one issue, with its repository'
            cand set 'Set (or add) the mapping of an issue'
            cand rm 'Remove every mapping entry of an issue (the Railway service is not touched)'
            cand accounts 'List the farm accounts, their counters and whether credentials are set here'
            cand sync 'Rebuild the mappings from Railway: every sandbox service of every account with credentials'
            cand import 'Import trinity''s .trinity/issue_bindings.json into the farm file'
        }
        &'tri;help;agent;farm;list'= {
        }
        &'tri;help;agent;farm;show'= {
        }
        &'tri;help;agent;farm;set'= {
        }
        &'tri;help;agent;farm;rm'= {
        }
        &'tri;help;agent;farm;accounts'= {
        }
        &'tri;help;agent;farm;sync'= {
        }
        &'tri;help;agent;farm;import'= {
        }
        &'tri;help;agent;sandbox'= {
            cand create 'Create the issue''s Railway service (or adopt the one Railway has) on the farm account with the most room'
            cand deploy 'Deploy the issue''s service and follow the deployment until it ends'
            cand status 'Show what is known of the issue''s sandbox (locally and on Railway)'
            cand logs 'Print the latest deployment''s logs'
            cand destroy 'Save the logs under `.trinity/archive/<issue>/`, then delete the service'
        }
        &'tri;help;agent;sandbox;create'= {
        }
        &'tri;help;agent;sandbox;deploy'= {
        }
        &'tri;help;agent;sandbox;status'= {
        }
        &'tri;help;agent;sandbox;logs'= {
        }
        &'tri;help;agent;sandbox;destroy'= {
        }
        &'tri;help;agent;on-issue-event'= {
        }
        &'tri;help;agent;reap'= {
        }
        &'tri;help;agent;redact-check'= {
        }
        &'tri;help;ci'= {
            cand init 'Write GitHub Actions workflows that run tri into .github/workflows/ (never overwrites without --force)'
        }
        &'tri;help;ci;init'= {
        }
        &'tri;help;completions'= {
        }
        &'tri;help;config'= {
            cand show 'Print each effective setting and where it came from (never a token)'
        }
        &'tri;help;config;show'= {
        }
        &'tri;help;mcp'= {
        }
        &'tri;help;help'= {
        }
    ]
    $completions[$command]
}
