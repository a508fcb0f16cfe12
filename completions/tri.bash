_tri() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="tri"
                ;;
            tri,agent)
                cmd="tri__subcmd__agent"
                ;;
            tri,ci)
                cmd="tri__subcmd__ci"
                ;;
            tri,completions)
                cmd="tri__subcmd__completions"
                ;;
            tri,config)
                cmd="tri__subcmd__config"
                ;;
            tri,help)
                cmd="tri__subcmd__help"
                ;;
            tri,mcp)
                cmd="tri__subcmd__mcp"
                ;;
            tri__subcmd__agent,ask)
                cmd="tri__subcmd__agent__subcmd__ask"
                ;;
            tri__subcmd__agent,brief)
                cmd="tri__subcmd__agent__subcmd__brief"
                ;;
            tri__subcmd__agent,farm)
                cmd="tri__subcmd__agent__subcmd__farm"
                ;;
            tri__subcmd__agent,finish)
                cmd="tri__subcmd__agent__subcmd__finish"
                ;;
            tri__subcmd__agent,handoff)
                cmd="tri__subcmd__agent__subcmd__handoff"
                ;;
            tri__subcmd__agent,help)
                cmd="tri__subcmd__agent__subcmd__help"
                ;;
            tri__subcmd__agent,inbox)
                cmd="tri__subcmd__agent__subcmd__inbox"
                ;;
            tri__subcmd__agent,link)
                cmd="tri__subcmd__agent__subcmd__link"
                ;;
            tri__subcmd__agent,log)
                cmd="tri__subcmd__agent__subcmd__log"
                ;;
            tri__subcmd__agent,on-issue-event)
                cmd="tri__subcmd__agent__subcmd__on__subcmd__issue__subcmd__event"
                ;;
            tri__subcmd__agent,pr)
                cmd="tri__subcmd__agent__subcmd__pr"
                ;;
            tri__subcmd__agent,pull)
                cmd="tri__subcmd__agent__subcmd__pull"
                ;;
            tri__subcmd__agent,reap)
                cmd="tri__subcmd__agent__subcmd__reap"
                ;;
            tri__subcmd__agent,redact-check)
                cmd="tri__subcmd__agent__subcmd__redact__subcmd__check"
                ;;
            tri__subcmd__agent,sandbox)
                cmd="tri__subcmd__agent__subcmd__sandbox"
                ;;
            tri__subcmd__agent,status)
                cmd="tri__subcmd__agent__subcmd__status"
                ;;
            tri__subcmd__agent,step)
                cmd="tri__subcmd__agent__subcmd__step"
                ;;
            tri__subcmd__agent,sync)
                cmd="tri__subcmd__agent__subcmd__sync"
                ;;
            tri__subcmd__agent,unlink)
                cmd="tri__subcmd__agent__subcmd__unlink"
                ;;
            tri__subcmd__agent,wait)
                cmd="tri__subcmd__agent__subcmd__wait"
                ;;
            tri__subcmd__agent__subcmd__farm,accounts)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__accounts"
                ;;
            tri__subcmd__agent__subcmd__farm,help)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__help"
                ;;
            tri__subcmd__agent__subcmd__farm,import)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__import"
                ;;
            tri__subcmd__agent__subcmd__farm,list)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__list"
                ;;
            tri__subcmd__agent__subcmd__farm,rm)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__rm"
                ;;
            tri__subcmd__agent__subcmd__farm,set)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__set"
                ;;
            tri__subcmd__agent__subcmd__farm,show)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__show"
                ;;
            tri__subcmd__agent__subcmd__farm,sync)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__sync"
                ;;
            tri__subcmd__agent__subcmd__farm__subcmd__help,accounts)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__accounts"
                ;;
            tri__subcmd__agent__subcmd__farm__subcmd__help,help)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__help"
                ;;
            tri__subcmd__agent__subcmd__farm__subcmd__help,import)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__import"
                ;;
            tri__subcmd__agent__subcmd__farm__subcmd__help,list)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__list"
                ;;
            tri__subcmd__agent__subcmd__farm__subcmd__help,rm)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__rm"
                ;;
            tri__subcmd__agent__subcmd__farm__subcmd__help,set)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__set"
                ;;
            tri__subcmd__agent__subcmd__farm__subcmd__help,show)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__show"
                ;;
            tri__subcmd__agent__subcmd__farm__subcmd__help,sync)
                cmd="tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__sync"
                ;;
            tri__subcmd__agent__subcmd__help,ask)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__ask"
                ;;
            tri__subcmd__agent__subcmd__help,brief)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__brief"
                ;;
            tri__subcmd__agent__subcmd__help,farm)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__farm"
                ;;
            tri__subcmd__agent__subcmd__help,finish)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__finish"
                ;;
            tri__subcmd__agent__subcmd__help,handoff)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__handoff"
                ;;
            tri__subcmd__agent__subcmd__help,help)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__help"
                ;;
            tri__subcmd__agent__subcmd__help,inbox)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__inbox"
                ;;
            tri__subcmd__agent__subcmd__help,link)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__link"
                ;;
            tri__subcmd__agent__subcmd__help,log)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__log"
                ;;
            tri__subcmd__agent__subcmd__help,on-issue-event)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__on__subcmd__issue__subcmd__event"
                ;;
            tri__subcmd__agent__subcmd__help,pr)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__pr"
                ;;
            tri__subcmd__agent__subcmd__help,pull)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__pull"
                ;;
            tri__subcmd__agent__subcmd__help,reap)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__reap"
                ;;
            tri__subcmd__agent__subcmd__help,redact-check)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__redact__subcmd__check"
                ;;
            tri__subcmd__agent__subcmd__help,sandbox)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__sandbox"
                ;;
            tri__subcmd__agent__subcmd__help,status)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__status"
                ;;
            tri__subcmd__agent__subcmd__help,step)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__step"
                ;;
            tri__subcmd__agent__subcmd__help,sync)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__sync"
                ;;
            tri__subcmd__agent__subcmd__help,unlink)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__unlink"
                ;;
            tri__subcmd__agent__subcmd__help,wait)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__wait"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__farm,accounts)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__accounts"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__farm,import)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__import"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__farm,list)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__list"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__farm,rm)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__rm"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__farm,set)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__set"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__farm,show)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__show"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__farm,sync)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__sync"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__pr,link)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__pr__subcmd__link"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__pr,unlink)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__pr__subcmd__unlink"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__sandbox,create)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__sandbox__subcmd__create"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__sandbox,deploy)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__sandbox__subcmd__deploy"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__sandbox,destroy)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__sandbox__subcmd__destroy"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__sandbox,logs)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__sandbox__subcmd__logs"
                ;;
            tri__subcmd__agent__subcmd__help__subcmd__sandbox,status)
                cmd="tri__subcmd__agent__subcmd__help__subcmd__sandbox__subcmd__status"
                ;;
            tri__subcmd__agent__subcmd__pr,help)
                cmd="tri__subcmd__agent__subcmd__pr__subcmd__help"
                ;;
            tri__subcmd__agent__subcmd__pr,link)
                cmd="tri__subcmd__agent__subcmd__pr__subcmd__link"
                ;;
            tri__subcmd__agent__subcmd__pr,unlink)
                cmd="tri__subcmd__agent__subcmd__pr__subcmd__unlink"
                ;;
            tri__subcmd__agent__subcmd__pr__subcmd__help,help)
                cmd="tri__subcmd__agent__subcmd__pr__subcmd__help__subcmd__help"
                ;;
            tri__subcmd__agent__subcmd__pr__subcmd__help,link)
                cmd="tri__subcmd__agent__subcmd__pr__subcmd__help__subcmd__link"
                ;;
            tri__subcmd__agent__subcmd__pr__subcmd__help,unlink)
                cmd="tri__subcmd__agent__subcmd__pr__subcmd__help__subcmd__unlink"
                ;;
            tri__subcmd__agent__subcmd__sandbox,create)
                cmd="tri__subcmd__agent__subcmd__sandbox__subcmd__create"
                ;;
            tri__subcmd__agent__subcmd__sandbox,deploy)
                cmd="tri__subcmd__agent__subcmd__sandbox__subcmd__deploy"
                ;;
            tri__subcmd__agent__subcmd__sandbox,destroy)
                cmd="tri__subcmd__agent__subcmd__sandbox__subcmd__destroy"
                ;;
            tri__subcmd__agent__subcmd__sandbox,help)
                cmd="tri__subcmd__agent__subcmd__sandbox__subcmd__help"
                ;;
            tri__subcmd__agent__subcmd__sandbox,logs)
                cmd="tri__subcmd__agent__subcmd__sandbox__subcmd__logs"
                ;;
            tri__subcmd__agent__subcmd__sandbox,status)
                cmd="tri__subcmd__agent__subcmd__sandbox__subcmd__status"
                ;;
            tri__subcmd__agent__subcmd__sandbox__subcmd__help,create)
                cmd="tri__subcmd__agent__subcmd__sandbox__subcmd__help__subcmd__create"
                ;;
            tri__subcmd__agent__subcmd__sandbox__subcmd__help,deploy)
                cmd="tri__subcmd__agent__subcmd__sandbox__subcmd__help__subcmd__deploy"
                ;;
            tri__subcmd__agent__subcmd__sandbox__subcmd__help,destroy)
                cmd="tri__subcmd__agent__subcmd__sandbox__subcmd__help__subcmd__destroy"
                ;;
            tri__subcmd__agent__subcmd__sandbox__subcmd__help,help)
                cmd="tri__subcmd__agent__subcmd__sandbox__subcmd__help__subcmd__help"
                ;;
            tri__subcmd__agent__subcmd__sandbox__subcmd__help,logs)
                cmd="tri__subcmd__agent__subcmd__sandbox__subcmd__help__subcmd__logs"
                ;;
            tri__subcmd__agent__subcmd__sandbox__subcmd__help,status)
                cmd="tri__subcmd__agent__subcmd__sandbox__subcmd__help__subcmd__status"
                ;;
            tri__subcmd__ci,help)
                cmd="tri__subcmd__ci__subcmd__help"
                ;;
            tri__subcmd__ci,init)
                cmd="tri__subcmd__ci__subcmd__init"
                ;;
            tri__subcmd__ci__subcmd__help,help)
                cmd="tri__subcmd__ci__subcmd__help__subcmd__help"
                ;;
            tri__subcmd__ci__subcmd__help,init)
                cmd="tri__subcmd__ci__subcmd__help__subcmd__init"
                ;;
            tri__subcmd__config,help)
                cmd="tri__subcmd__config__subcmd__help"
                ;;
            tri__subcmd__config,show)
                cmd="tri__subcmd__config__subcmd__show"
                ;;
            tri__subcmd__config__subcmd__help,help)
                cmd="tri__subcmd__config__subcmd__help__subcmd__help"
                ;;
            tri__subcmd__config__subcmd__help,show)
                cmd="tri__subcmd__config__subcmd__help__subcmd__show"
                ;;
            tri__subcmd__help,agent)
                cmd="tri__subcmd__help__subcmd__agent"
                ;;
            tri__subcmd__help,ci)
                cmd="tri__subcmd__help__subcmd__ci"
                ;;
            tri__subcmd__help,completions)
                cmd="tri__subcmd__help__subcmd__completions"
                ;;
            tri__subcmd__help,config)
                cmd="tri__subcmd__help__subcmd__config"
                ;;
            tri__subcmd__help,help)
                cmd="tri__subcmd__help__subcmd__help"
                ;;
            tri__subcmd__help,mcp)
                cmd="tri__subcmd__help__subcmd__mcp"
                ;;
            tri__subcmd__help__subcmd__agent,ask)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__ask"
                ;;
            tri__subcmd__help__subcmd__agent,brief)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__brief"
                ;;
            tri__subcmd__help__subcmd__agent,farm)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__farm"
                ;;
            tri__subcmd__help__subcmd__agent,finish)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__finish"
                ;;
            tri__subcmd__help__subcmd__agent,handoff)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__handoff"
                ;;
            tri__subcmd__help__subcmd__agent,inbox)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__inbox"
                ;;
            tri__subcmd__help__subcmd__agent,link)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__link"
                ;;
            tri__subcmd__help__subcmd__agent,log)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__log"
                ;;
            tri__subcmd__help__subcmd__agent,on-issue-event)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__on__subcmd__issue__subcmd__event"
                ;;
            tri__subcmd__help__subcmd__agent,pr)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__pr"
                ;;
            tri__subcmd__help__subcmd__agent,pull)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__pull"
                ;;
            tri__subcmd__help__subcmd__agent,reap)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__reap"
                ;;
            tri__subcmd__help__subcmd__agent,redact-check)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__redact__subcmd__check"
                ;;
            tri__subcmd__help__subcmd__agent,sandbox)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__sandbox"
                ;;
            tri__subcmd__help__subcmd__agent,status)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__status"
                ;;
            tri__subcmd__help__subcmd__agent,step)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__step"
                ;;
            tri__subcmd__help__subcmd__agent,sync)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__sync"
                ;;
            tri__subcmd__help__subcmd__agent,unlink)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__unlink"
                ;;
            tri__subcmd__help__subcmd__agent,wait)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__wait"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__farm,accounts)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__accounts"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__farm,import)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__import"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__farm,list)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__list"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__farm,rm)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__rm"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__farm,set)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__set"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__farm,show)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__show"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__farm,sync)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__sync"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__pr,link)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__pr__subcmd__link"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__pr,unlink)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__pr__subcmd__unlink"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__sandbox,create)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__sandbox__subcmd__create"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__sandbox,deploy)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__sandbox__subcmd__deploy"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__sandbox,destroy)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__sandbox__subcmd__destroy"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__sandbox,logs)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__sandbox__subcmd__logs"
                ;;
            tri__subcmd__help__subcmd__agent__subcmd__sandbox,status)
                cmd="tri__subcmd__help__subcmd__agent__subcmd__sandbox__subcmd__status"
                ;;
            tri__subcmd__help__subcmd__ci,init)
                cmd="tri__subcmd__help__subcmd__ci__subcmd__init"
                ;;
            tri__subcmd__help__subcmd__config,show)
                cmd="tri__subcmd__help__subcmd__config__subcmd__show"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        tri)
            opts="-v -h -V --verbose --help --version agent ci completions config mcp help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent)
            opts="-v -h -V --json --verbose --help --version link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__ask)
            opts="-f -v -h -V --file --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__brief)
            opts="-v -h -V --issue --trust --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --issue)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --trust)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm)
            opts="-v -h -V --json --verbose --help --version list show set rm accounts sync import help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__accounts)
            opts="-v -h -V --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__help)
            opts="list show set rm accounts sync import help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__accounts)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__import)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__rm)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__set)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__help__subcmd__sync)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__import)
            opts="-v -h -V --force --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__list)
            opts="-v -h -V --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__rm)
            opts="-v -h -V --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__set)
            opts="-v -h -V --service-id --account-id --deployment-id --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --service-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --deployment-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__show)
            opts="-v -h -V --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__farm__subcmd__sync)
            opts="-v -h -V --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__finish)
            opts="-v -h -V --status --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --status)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__handoff)
            opts="-f -v -h -V --file --goal --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --goal)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help)
            opts="link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__ask)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__brief)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__farm)
            opts="list show set rm accounts sync import"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__accounts)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__import)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__rm)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__set)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__farm__subcmd__sync)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__finish)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__handoff)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__inbox)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__link)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__log)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__on__subcmd__issue__subcmd__event)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__pr)
            opts="link unlink"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__pr__subcmd__link)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__pr__subcmd__unlink)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__pull)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__reap)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__redact__subcmd__check)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__sandbox)
            opts="create deploy status logs destroy"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__sandbox__subcmd__create)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__sandbox__subcmd__deploy)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__sandbox__subcmd__destroy)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__sandbox__subcmd__logs)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__sandbox__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__step)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__sync)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__unlink)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__help__subcmd__wait)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__inbox)
            opts="-v -h -V --since-last-step --since --trust --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --trust)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__link)
            opts="-R -v -h -V --repo --force --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --repo)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -R)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__log)
            opts="-n -v -h -V --issue --limit --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --issue)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --limit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -n)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__on__subcmd__issue__subcmd__event)
            opts="-v -h -V --timeout --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__pr)
            opts="-v -h -V --json --verbose --help --version link unlink help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__pr__subcmd__help)
            opts="link unlink help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__pr__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__pr__subcmd__help__subcmd__link)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__pr__subcmd__help__subcmd__unlink)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__pr__subcmd__link)
            opts="-v -h -V --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__pr__subcmd__unlink)
            opts="-v -h -V --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__pull)
            opts="-v -h -V --issue --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --issue)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__reap)
            opts="-v -h -V --dry-run --older-than --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --older-than)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__redact__subcmd__check)
            opts="-f -v -h -V --file --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox)
            opts="-v -h -V --issue --json --verbose --help --version create deploy status logs destroy help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --issue)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox__subcmd__create)
            opts="-v -h -V --account-id --image --source-repo --branch --issue --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --account-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --image)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-repo)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --branch)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --issue)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox__subcmd__deploy)
            opts="-v -h -V --timeout --health-path --health-timeout --force --issue --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --health-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --health-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --issue)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox__subcmd__destroy)
            opts="-v -h -V --issue --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --issue)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox__subcmd__help)
            opts="create deploy status logs destroy help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox__subcmd__help__subcmd__create)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox__subcmd__help__subcmd__deploy)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox__subcmd__help__subcmd__destroy)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox__subcmd__help__subcmd__logs)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox__subcmd__help__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox__subcmd__logs)
            opts="-n -v -h -V --build --lines --issue --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --lines)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -n)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --issue)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sandbox__subcmd__status)
            opts="-v -h -V --issue --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --issue)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__status)
            opts="-v -h -V --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__step)
            opts="-f -e -m -v -h -V --file --event --metric --resolves --sticky --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --event)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --metric)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -m)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --resolves)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__sync)
            opts="-v -h -V --no-wait --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__unlink)
            opts="-v -h -V --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__agent__subcmd__wait)
            opts="-v -h -V --timeout --interval --trust --since --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --trust)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__ci)
            opts="-v -h -V --json --verbose --help --version init help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__ci__subcmd__help)
            opts="init help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__ci__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__ci__subcmd__help__subcmd__init)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__ci__subcmd__init)
            opts="-v -h -V --sandbox --steps --force --action --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --action)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__completions)
            opts="-v -h -V --verbose --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__config)
            opts="-v -h -V --json --verbose --help --version show help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__config__subcmd__help)
            opts="show help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__config__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__config__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__config__subcmd__show)
            opts="-v -h -V --json --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help)
            opts="agent ci completions config mcp help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent)
            opts="link step handoff ask wait pr finish brief inbox unlink status sync log pull farm sandbox on-issue-event reap redact-check"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__ask)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__brief)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__farm)
            opts="list show set rm accounts sync import"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__accounts)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__import)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__rm)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__set)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__farm__subcmd__sync)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__finish)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__handoff)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__inbox)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__link)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__log)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__on__subcmd__issue__subcmd__event)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__pr)
            opts="link unlink"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__pr__subcmd__link)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__pr__subcmd__unlink)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__pull)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__reap)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__redact__subcmd__check)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__sandbox)
            opts="create deploy status logs destroy"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__sandbox__subcmd__create)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__sandbox__subcmd__deploy)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__sandbox__subcmd__destroy)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__sandbox__subcmd__logs)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__sandbox__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 5 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__step)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__sync)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__unlink)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__agent__subcmd__wait)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__ci)
            opts="init"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__ci__subcmd__init)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__config)
            opts="show"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__config__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__help__subcmd__mcp)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        tri__subcmd__mcp)
            opts="-v -h -V --workspace --tools --read-only --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --workspace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tools)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _tri -o nosort -o bashdefault -o default tri
else
    complete -F _tri -o bashdefault -o default tri
fi
