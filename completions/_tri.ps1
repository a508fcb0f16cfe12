
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'tri' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'tri'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'tri' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Work on a GitHub issue: link, step, ask, wait, pr, handoff, finish, brief, inbox, status, log, sync, unlink')
            [CompletionResult]::new('ci', 'ci', [CompletionResultType]::ParameterValue, 'Set the repository up for tri in GitHub Actions: write workflow files')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the shell completion script for SHELL on stdout')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show tri''s settings and where each value comes from')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve tri''s agent commands as tools to an agent host (Model Context Protocol on stdin/stdout)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;agent' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Link this working copy to a GitHub issue')
            [CompletionResult]::new('step', 'step', [CompletionResultType]::ParameterValue, 'Record a step: an experience file, and a comment on the linked issue')
            [CompletionResult]::new('handoff', 'handoff', [CompletionResultType]::ParameterValue, 'Hand the issue over: record goal, steps done, what to do next, open problems, sandbox and metrics as one event')
            [CompletionResult]::new('ask', 'ask', [CompletionResultType]::ParameterValue, 'Ask the people on the issue something: a `question` event (an experience file and a comment); `wait` returns the answer')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait for the first trusted reply after the session''s latest question (issue comments, the pull request''s reviews and review comments); exit 5 on time-out')
            [CompletionResult]::new('pr', 'pr', [CompletionResultType]::ParameterValue, 'Name or forget the session''s pull request (`pr link N`, `pr unlink`); without one, the current branch''s is used')
            [CompletionResult]::new('finish', 'finish', [CompletionResultType]::ParameterValue, 'End the session with an event (done, failed or cancelled), e.g. from a CI job''s `if: cancelled()` step')
            [CompletionResult]::new('brief', 'brief', [CompletionResultType]::ParameterValue, 'What an incoming agent reads first: the latest hand-off, steps since, open problems, sandbox, metrics, human replies')
            [CompletionResult]::new('inbox', 'inbox', [CompletionResultType]::ParameterValue, 'The issue''s human replies since the session''s last step, from trusted authors')
            [CompletionResult]::new('unlink', 'unlink', [CompletionResultType]::ParameterValue, 'End the link (queued steps stay queued)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the link and how many steps wait to be published')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Publish every queued step, waiting out a rate limit GitHub asked for (unless --no-wait); exits 0 only when nothing is left queued')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the journal of an issue as a timeline, with metric totals')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Rebuild this workspace''s journal of the issue from its comments on GitHub')
            [CompletionResult]::new('farm', 'farm', [CompletionResultType]::ParameterValue, 'Read and change the Railway farm mapping (.trinity/railway_farm.json)')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Create, deploy, inspect and destroy the issue''s Railway sandbox; each step is published to the issue')
            [CompletionResult]::new('on-issue-event', 'on-issue-event', [CompletionResultType]::ParameterValue, 'CI hook: act on the GitHub Actions `issues` event in GITHUB_EVENT_PATH (opened/reopened: create and deploy; closed/deleted: destroy)')
            [CompletionResult]::new('reap', 'reap', [CompletionResultType]::ParameterValue, 'Destroy the sandboxes of this repository whose issue is closed or gone (and, with --older-than, quiet too long): a table of kept / destroyed / skipped')
            [CompletionResult]::new('redact-check', 'redact-check', [CompletionResultType]::ParameterValue, 'Show a text as tri would publish it, secrets redacted, with a count per rule (records and sends nothing)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;agent;link' {
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'The repository as OWNER/NAME (default: GH_REPO, GITHUB_REPOSITORY, then the git remotes upstream, github, origin)')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The repository as OWNER/NAME (default: GH_REPO, GITHUB_REPOSITORY, then the git remotes upstream, github, origin)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace a link to another issue (and move an unreadable link file aside)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;step' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the message from a file (`-` for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the message from a file (`-` for standard input)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The event type (`build_succeeded` resolves earlier `build_failed` events; hand-offs and session ends have their own commands)')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'The event type (`build_succeeded` resolves earlier `build_failed` events; hand-offs and session ends have their own commands)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'A metric of the step as NAME=NUMBER, e.g. tokens=1200 (repeatable)')
            [CompletionResult]::new('--metric', '--metric', [CompletionResultType]::ParameterName, 'A metric of the step as NAME=NUMBER, e.g. tokens=1200 (repeatable)')
            [CompletionResult]::new('--resolves', '--resolves', [CompletionResultType]::ParameterName, 'This step resolves the open problem (a build_failed or deployment_failed event) with this id, or a unique prefix of it of 8 characters or more (repeatable; `tri agent brief` lists the open problems with their ids)')
            [CompletionResult]::new('--sticky', '--sticky', [CompletionResultType]::ParameterName, 'Publish into the issue''s one journal comment, edited in place, instead of a new comment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;handoff' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the message from a file (`-` for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the message from a file (`-` for standard input)')
            [CompletionResult]::new('--goal', '--goal', [CompletionResultType]::ParameterName, 'The goal of the work (default: the issue''s title)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;ask' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the question from a file (`-` for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the question from a file (`-` for standard input)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;wait' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this long (90s, 15m, 2h; a bare number is seconds): exit 5, nothing recorded')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between polls (conditional requests: an unchanged list costs no rate limit). Each list is read at most once a second, however short this is')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Whose replies count: collaborators (OWNER, MEMBER, COLLABORATOR; the default), author (those and the issue''s author) or all. The others are passed over and counted')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Replies written since TIME (an RFC 3339 time, or a duration before now such as 2h) instead of since the session''s latest question')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;pr' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Name the session''s pull request (its number in the linked repository)')
            [CompletionResult]::new('unlink', 'unlink', [CompletionResultType]::ParameterValue, 'Forget the session''s pull request (it is found from the current branch again)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;agent;pr;link' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;pr;unlink' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;pr;help' {
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Name the session''s pull request (its number in the linked repository)')
            [CompletionResult]::new('unlink', 'unlink', [CompletionResultType]::ParameterValue, 'Forget the session''s pull request (it is found from the current branch again)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;agent;pr;help;link' {
            break
        }
        'tri;agent;pr;help;unlink' {
            break
        }
        'tri;agent;pr;help;help' {
            break
        }
        'tri;agent;finish' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'How the session ended: done, failed or cancelled')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;brief' {
            [CompletionResult]::new('--issue', '--issue', [CompletionResultType]::ParameterName, 'The issue to brief on (default: the linked issue)')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Whose replies to show: collaborators (OWNER, MEMBER, COLLABORATOR; the default), author (those and the issue''s author) or all. The others are counted, never shown')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;inbox' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Comments written since TIME: an RFC 3339 time (2026-11-21T22:15:00Z) or a duration before now (2h)')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Whose comments to show: collaborators (OWNER, MEMBER, COLLABORATOR; the default), author (those and the issue''s author) or all. The others are counted, never shown')
            [CompletionResult]::new('--since-last-step', '--since-last-step', [CompletionResultType]::ParameterName, 'Comments written since the session''s last step (the default; before the session''s first step: since the issue''s last hand-off or session end)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;unlink' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;status' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;sync' {
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait when GitHub has asked to wait (a rate limit): stop at once and leave the queue as it is (exit 1 when anything is left)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;log' {
            [CompletionResult]::new('--issue', '--issue', [CompletionResultType]::ParameterName, 'The issue whose journal to show (default: the linked issue)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Show only the newest K steps (0: all of them)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show only the newest K steps (0: all of them)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;pull' {
            [CompletionResult]::new('--issue', '--issue', [CompletionResultType]::ParameterName, 'The issue whose journal to pull (default: the linked issue; the repository is the link''s, else as `link` finds it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;farm' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every sandbox mapping (with its repository)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the mapping of one issue, with its repository')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set (or add) the mapping of an issue')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove every mapping entry of an issue (the Railway service is not touched)')
            [CompletionResult]::new('accounts', 'accounts', [CompletionResultType]::ParameterValue, 'List the farm accounts, their counters and whether credentials are set here')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Rebuild the mappings from Railway: every sandbox service of every account with credentials')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import trinity''s .trinity/issue_bindings.json into the farm file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;agent;farm;list' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;farm;show' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;farm;set' {
            [CompletionResult]::new('--service-id', '--service-id', [CompletionResultType]::ParameterName, 'The Railway service id')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The farm account (1..8) holding the service')
            [CompletionResult]::new('--deployment-id', '--deployment-id', [CompletionResultType]::ParameterName, 'The latest deployment id')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;farm;rm' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;farm;accounts' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;farm;sync' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;farm;import' {
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the values of bindings already in the farm file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;farm;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every sandbox mapping (with its repository)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the mapping of one issue, with its repository')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set (or add) the mapping of an issue')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove every mapping entry of an issue (the Railway service is not touched)')
            [CompletionResult]::new('accounts', 'accounts', [CompletionResultType]::ParameterValue, 'List the farm accounts, their counters and whether credentials are set here')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Rebuild the mappings from Railway: every sandbox service of every account with credentials')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import trinity''s .trinity/issue_bindings.json into the farm file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;agent;farm;help;list' {
            break
        }
        'tri;agent;farm;help;show' {
            break
        }
        'tri;agent;farm;help;set' {
            break
        }
        'tri;agent;farm;help;rm' {
            break
        }
        'tri;agent;farm;help;accounts' {
            break
        }
        'tri;agent;farm;help;sync' {
            break
        }
        'tri;agent;farm;help;import' {
            break
        }
        'tri;agent;farm;help;help' {
            break
        }
        'tri;agent;sandbox' {
            [CompletionResult]::new('--issue', '--issue', [CompletionResultType]::ParameterName, 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create the issue''s Railway service (or adopt the one Railway has) on the farm account with the most room')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Deploy the issue''s service and follow the deployment until it ends')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show what is known of the issue''s sandbox (locally and on Railway)')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the latest deployment''s logs')
            [CompletionResult]::new('destroy', 'destroy', [CompletionResultType]::ParameterValue, 'Save the logs under `.trinity/archive/<issue>/`, then delete the service')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;agent;sandbox;create' {
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'Use this farm account (1..8) instead of choosing one')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'A container image for the service to run, e.g. ghcr.io/owner/app:tag')
            [CompletionResult]::new('--source-repo', '--source-repo', [CompletionResultType]::ParameterName, 'A GitHub repository OWNER/NAME for Railway to build')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'The branch of --source-repo to build')
            [CompletionResult]::new('--issue', '--issue', [CompletionResultType]::ParameterName, 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;sandbox;deploy' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop following after this long and report a failure: seconds, or with a unit (90s, 15m, 1h)')
            [CompletionResult]::new('--health-path', '--health-path', [CompletionResultType]::ParameterName, 'The path that must answer 2xx/3xx once Railway reports SUCCESS (also set as the service''s Railway health-check path) [default: TRI_HEALTHCHECK_PATH, config `healthcheck_path`, else /]')
            [CompletionResult]::new('--health-timeout', '--health-timeout', [CompletionResultType]::ParameterName, 'Give up on the health check after this long without a 2xx/3xx answer')
            [CompletionResult]::new('--issue', '--issue', [CompletionResultType]::ParameterName, 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Deploy even when the last deployments failed (the crash-loop breaker, exit 6)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;sandbox;status' {
            [CompletionResult]::new('--issue', '--issue', [CompletionResultType]::ParameterName, 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;sandbox;logs' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'How many of the latest lines to print')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'How many of the latest lines to print')
            [CompletionResult]::new('--issue', '--issue', [CompletionResultType]::ParameterName, 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)')
            [CompletionResult]::new('--build', '--build', [CompletionResultType]::ParameterName, 'Print the build logs instead of the deployment''s logs')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;sandbox;destroy' {
            [CompletionResult]::new('--issue', '--issue', [CompletionResultType]::ParameterName, 'The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue; the repository defaults to the linked one)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;sandbox;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create the issue''s Railway service (or adopt the one Railway has) on the farm account with the most room')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Deploy the issue''s service and follow the deployment until it ends')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show what is known of the issue''s sandbox (locally and on Railway)')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the latest deployment''s logs')
            [CompletionResult]::new('destroy', 'destroy', [CompletionResultType]::ParameterValue, 'Save the logs under `.trinity/archive/<issue>/`, then delete the service')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;agent;sandbox;help;create' {
            break
        }
        'tri;agent;sandbox;help;deploy' {
            break
        }
        'tri;agent;sandbox;help;status' {
            break
        }
        'tri;agent;sandbox;help;logs' {
            break
        }
        'tri;agent;sandbox;help;destroy' {
            break
        }
        'tri;agent;sandbox;help;help' {
            break
        }
        'tri;agent;on-issue-event' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long `deploy` follows the deployment: seconds, or with a unit (90s, 15m, 1h)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;reap' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Also destroy the sandboxes of open issues with no event on the issue for this long (e.g. 7d, 36h)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List what would be destroyed and why; change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;redact-check' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the text from a file (`-` for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the text from a file (`-` for standard input)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;agent;help' {
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Link this working copy to a GitHub issue')
            [CompletionResult]::new('step', 'step', [CompletionResultType]::ParameterValue, 'Record a step: an experience file, and a comment on the linked issue')
            [CompletionResult]::new('handoff', 'handoff', [CompletionResultType]::ParameterValue, 'Hand the issue over: record goal, steps done, what to do next, open problems, sandbox and metrics as one event')
            [CompletionResult]::new('ask', 'ask', [CompletionResultType]::ParameterValue, 'Ask the people on the issue something: a `question` event (an experience file and a comment); `wait` returns the answer')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait for the first trusted reply after the session''s latest question (issue comments, the pull request''s reviews and review comments); exit 5 on time-out')
            [CompletionResult]::new('pr', 'pr', [CompletionResultType]::ParameterValue, 'Name or forget the session''s pull request (`pr link N`, `pr unlink`); without one, the current branch''s is used')
            [CompletionResult]::new('finish', 'finish', [CompletionResultType]::ParameterValue, 'End the session with an event (done, failed or cancelled), e.g. from a CI job''s `if: cancelled()` step')
            [CompletionResult]::new('brief', 'brief', [CompletionResultType]::ParameterValue, 'What an incoming agent reads first: the latest hand-off, steps since, open problems, sandbox, metrics, human replies')
            [CompletionResult]::new('inbox', 'inbox', [CompletionResultType]::ParameterValue, 'The issue''s human replies since the session''s last step, from trusted authors')
            [CompletionResult]::new('unlink', 'unlink', [CompletionResultType]::ParameterValue, 'End the link (queued steps stay queued)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the link and how many steps wait to be published')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Publish every queued step, waiting out a rate limit GitHub asked for (unless --no-wait); exits 0 only when nothing is left queued')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the journal of an issue as a timeline, with metric totals')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Rebuild this workspace''s journal of the issue from its comments on GitHub')
            [CompletionResult]::new('farm', 'farm', [CompletionResultType]::ParameterValue, 'Read and change the Railway farm mapping (.trinity/railway_farm.json)')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Create, deploy, inspect and destroy the issue''s Railway sandbox; each step is published to the issue')
            [CompletionResult]::new('on-issue-event', 'on-issue-event', [CompletionResultType]::ParameterValue, 'CI hook: act on the GitHub Actions `issues` event in GITHUB_EVENT_PATH (opened/reopened: create and deploy; closed/deleted: destroy)')
            [CompletionResult]::new('reap', 'reap', [CompletionResultType]::ParameterValue, 'Destroy the sandboxes of this repository whose issue is closed or gone (and, with --older-than, quiet too long): a table of kept / destroyed / skipped')
            [CompletionResult]::new('redact-check', 'redact-check', [CompletionResultType]::ParameterValue, 'Show a text as tri would publish it, secrets redacted, with a count per rule (records and sends nothing)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;agent;help;link' {
            break
        }
        'tri;agent;help;step' {
            break
        }
        'tri;agent;help;handoff' {
            break
        }
        'tri;agent;help;ask' {
            break
        }
        'tri;agent;help;wait' {
            break
        }
        'tri;agent;help;pr' {
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Name the session''s pull request (its number in the linked repository)')
            [CompletionResult]::new('unlink', 'unlink', [CompletionResultType]::ParameterValue, 'Forget the session''s pull request (it is found from the current branch again)')
            break
        }
        'tri;agent;help;pr;link' {
            break
        }
        'tri;agent;help;pr;unlink' {
            break
        }
        'tri;agent;help;finish' {
            break
        }
        'tri;agent;help;brief' {
            break
        }
        'tri;agent;help;inbox' {
            break
        }
        'tri;agent;help;unlink' {
            break
        }
        'tri;agent;help;status' {
            break
        }
        'tri;agent;help;sync' {
            break
        }
        'tri;agent;help;log' {
            break
        }
        'tri;agent;help;pull' {
            break
        }
        'tri;agent;help;farm' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every sandbox mapping (with its repository)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the mapping of one issue, with its repository')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set (or add) the mapping of an issue')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove every mapping entry of an issue (the Railway service is not touched)')
            [CompletionResult]::new('accounts', 'accounts', [CompletionResultType]::ParameterValue, 'List the farm accounts, their counters and whether credentials are set here')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Rebuild the mappings from Railway: every sandbox service of every account with credentials')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import trinity''s .trinity/issue_bindings.json into the farm file')
            break
        }
        'tri;agent;help;farm;list' {
            break
        }
        'tri;agent;help;farm;show' {
            break
        }
        'tri;agent;help;farm;set' {
            break
        }
        'tri;agent;help;farm;rm' {
            break
        }
        'tri;agent;help;farm;accounts' {
            break
        }
        'tri;agent;help;farm;sync' {
            break
        }
        'tri;agent;help;farm;import' {
            break
        }
        'tri;agent;help;sandbox' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create the issue''s Railway service (or adopt the one Railway has) on the farm account with the most room')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Deploy the issue''s service and follow the deployment until it ends')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show what is known of the issue''s sandbox (locally and on Railway)')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the latest deployment''s logs')
            [CompletionResult]::new('destroy', 'destroy', [CompletionResultType]::ParameterValue, 'Save the logs under `.trinity/archive/<issue>/`, then delete the service')
            break
        }
        'tri;agent;help;sandbox;create' {
            break
        }
        'tri;agent;help;sandbox;deploy' {
            break
        }
        'tri;agent;help;sandbox;status' {
            break
        }
        'tri;agent;help;sandbox;logs' {
            break
        }
        'tri;agent;help;sandbox;destroy' {
            break
        }
        'tri;agent;help;on-issue-event' {
            break
        }
        'tri;agent;help;reap' {
            break
        }
        'tri;agent;help;redact-check' {
            break
        }
        'tri;agent;help;help' {
            break
        }
        'tri;ci' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write GitHub Actions workflows that run tri into .github/workflows/ (never overwrites without --force)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;ci;init' {
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'The tri action to use, pinned to a full commit: OWNER/NAME@<40-hex commit> (default: the repository and commit this tri was built from)')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Write .github/workflows/tri-sandbox.yml: a Railway sandbox per open issue')
            [CompletionResult]::new('--steps', '--steps', [CompletionResultType]::ParameterName, 'Write .github/workflows/tri-steps.yml: a CI job that posts its progress on an issue')
            [CompletionResult]::new('--reap', '--reap', [CompletionResultType]::ParameterName, 'Write .github/workflows/tri-reap.yml: a daily sweep destroying the sandboxes whose issue is closed or gone (`tri agent reap`)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace workflow files that already exist')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;ci;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write GitHub Actions workflows that run tri into .github/workflows/ (never overwrites without --force)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;ci;help;init' {
            break
        }
        'tri;ci;help;help' {
            break
        }
        'tri;completions' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;config' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print each effective setting and where it came from (never a token)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;config;show' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on stdout (messages go to stderr)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print each effective setting and where it came from (never a token)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;config;help;show' {
            break
        }
        'tri;config;help;help' {
            break
        }
        'tri;mcp' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace the tools act on (default: the directory tri starts in; the workspace root is found upwards from it, as for every command)')
            [CompletionResult]::new('--tools', '--tools', [CompletionResultType]::ParameterName, 'Serve only these tools, comma-separated (e.g. step,brief,handoff); an unknown name is a usage error (exit 2) at start-up')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Serve only the tools that record and send nothing: brief, inbox, status, log, sandbox_status, redact_check (with --tools: the read-only ones of those)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail on errors and what tri does (never a token)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tri;help' {
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Work on a GitHub issue: link, step, ask, wait, pr, handoff, finish, brief, inbox, status, log, sync, unlink')
            [CompletionResult]::new('ci', 'ci', [CompletionResultType]::ParameterValue, 'Set the repository up for tri in GitHub Actions: write workflow files')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the shell completion script for SHELL on stdout')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show tri''s settings and where each value comes from')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve tri''s agent commands as tools to an agent host (Model Context Protocol on stdin/stdout)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tri;help;agent' {
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Link this working copy to a GitHub issue')
            [CompletionResult]::new('step', 'step', [CompletionResultType]::ParameterValue, 'Record a step: an experience file, and a comment on the linked issue')
            [CompletionResult]::new('handoff', 'handoff', [CompletionResultType]::ParameterValue, 'Hand the issue over: record goal, steps done, what to do next, open problems, sandbox and metrics as one event')
            [CompletionResult]::new('ask', 'ask', [CompletionResultType]::ParameterValue, 'Ask the people on the issue something: a `question` event (an experience file and a comment); `wait` returns the answer')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait for the first trusted reply after the session''s latest question (issue comments, the pull request''s reviews and review comments); exit 5 on time-out')
            [CompletionResult]::new('pr', 'pr', [CompletionResultType]::ParameterValue, 'Name or forget the session''s pull request (`pr link N`, `pr unlink`); without one, the current branch''s is used')
            [CompletionResult]::new('finish', 'finish', [CompletionResultType]::ParameterValue, 'End the session with an event (done, failed or cancelled), e.g. from a CI job''s `if: cancelled()` step')
            [CompletionResult]::new('brief', 'brief', [CompletionResultType]::ParameterValue, 'What an incoming agent reads first: the latest hand-off, steps since, open problems, sandbox, metrics, human replies')
            [CompletionResult]::new('inbox', 'inbox', [CompletionResultType]::ParameterValue, 'The issue''s human replies since the session''s last step, from trusted authors')
            [CompletionResult]::new('unlink', 'unlink', [CompletionResultType]::ParameterValue, 'End the link (queued steps stay queued)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the link and how many steps wait to be published')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Publish every queued step, waiting out a rate limit GitHub asked for (unless --no-wait); exits 0 only when nothing is left queued')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the journal of an issue as a timeline, with metric totals')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Rebuild this workspace''s journal of the issue from its comments on GitHub')
            [CompletionResult]::new('farm', 'farm', [CompletionResultType]::ParameterValue, 'Read and change the Railway farm mapping (.trinity/railway_farm.json)')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Create, deploy, inspect and destroy the issue''s Railway sandbox; each step is published to the issue')
            [CompletionResult]::new('on-issue-event', 'on-issue-event', [CompletionResultType]::ParameterValue, 'CI hook: act on the GitHub Actions `issues` event in GITHUB_EVENT_PATH (opened/reopened: create and deploy; closed/deleted: destroy)')
            [CompletionResult]::new('reap', 'reap', [CompletionResultType]::ParameterValue, 'Destroy the sandboxes of this repository whose issue is closed or gone (and, with --older-than, quiet too long): a table of kept / destroyed / skipped')
            [CompletionResult]::new('redact-check', 'redact-check', [CompletionResultType]::ParameterValue, 'Show a text as tri would publish it, secrets redacted, with a count per rule (records and sends nothing)')
            break
        }
        'tri;help;agent;link' {
            break
        }
        'tri;help;agent;step' {
            break
        }
        'tri;help;agent;handoff' {
            break
        }
        'tri;help;agent;ask' {
            break
        }
        'tri;help;agent;wait' {
            break
        }
        'tri;help;agent;pr' {
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Name the session''s pull request (its number in the linked repository)')
            [CompletionResult]::new('unlink', 'unlink', [CompletionResultType]::ParameterValue, 'Forget the session''s pull request (it is found from the current branch again)')
            break
        }
        'tri;help;agent;pr;link' {
            break
        }
        'tri;help;agent;pr;unlink' {
            break
        }
        'tri;help;agent;finish' {
            break
        }
        'tri;help;agent;brief' {
            break
        }
        'tri;help;agent;inbox' {
            break
        }
        'tri;help;agent;unlink' {
            break
        }
        'tri;help;agent;status' {
            break
        }
        'tri;help;agent;sync' {
            break
        }
        'tri;help;agent;log' {
            break
        }
        'tri;help;agent;pull' {
            break
        }
        'tri;help;agent;farm' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every sandbox mapping (with its repository)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the mapping of one issue, with its repository')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set (or add) the mapping of an issue')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove every mapping entry of an issue (the Railway service is not touched)')
            [CompletionResult]::new('accounts', 'accounts', [CompletionResultType]::ParameterValue, 'List the farm accounts, their counters and whether credentials are set here')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Rebuild the mappings from Railway: every sandbox service of every account with credentials')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import trinity''s .trinity/issue_bindings.json into the farm file')
            break
        }
        'tri;help;agent;farm;list' {
            break
        }
        'tri;help;agent;farm;show' {
            break
        }
        'tri;help;agent;farm;set' {
            break
        }
        'tri;help;agent;farm;rm' {
            break
        }
        'tri;help;agent;farm;accounts' {
            break
        }
        'tri;help;agent;farm;sync' {
            break
        }
        'tri;help;agent;farm;import' {
            break
        }
        'tri;help;agent;sandbox' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create the issue''s Railway service (or adopt the one Railway has) on the farm account with the most room')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Deploy the issue''s service and follow the deployment until it ends')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show what is known of the issue''s sandbox (locally and on Railway)')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the latest deployment''s logs')
            [CompletionResult]::new('destroy', 'destroy', [CompletionResultType]::ParameterValue, 'Save the logs under `.trinity/archive/<issue>/`, then delete the service')
            break
        }
        'tri;help;agent;sandbox;create' {
            break
        }
        'tri;help;agent;sandbox;deploy' {
            break
        }
        'tri;help;agent;sandbox;status' {
            break
        }
        'tri;help;agent;sandbox;logs' {
            break
        }
        'tri;help;agent;sandbox;destroy' {
            break
        }
        'tri;help;agent;on-issue-event' {
            break
        }
        'tri;help;agent;reap' {
            break
        }
        'tri;help;agent;redact-check' {
            break
        }
        'tri;help;ci' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write GitHub Actions workflows that run tri into .github/workflows/ (never overwrites without --force)')
            break
        }
        'tri;help;ci;init' {
            break
        }
        'tri;help;completions' {
            break
        }
        'tri;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print each effective setting and where it came from (never a token)')
            break
        }
        'tri;help;config;show' {
            break
        }
        'tri;help;mcp' {
            break
        }
        'tri;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
