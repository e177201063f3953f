# bash completion for backcare(1)                          -*- shell-script -*-
# Live values (routines, exercise ids, symptom ids) come from
# `backcare __complete`, which reads the user's actual routine.

_backcare_values()
{
    # $1: routines | exercises | symptoms; $2: routine (exercises only)
    local -a pass=()
    [[ -n $_backcare_routine ]] && pass=(--routine "$_backcare_routine")
    "${words[0]}" "${pass[@]}" __complete "$@" 2>/dev/null | cut -f1
}

_backcare()
{
    local cur prev words cword
    _init_completion || return

    local commands="init edit start log plan stats check"
    local global="--routine --journal --no-color --color --help --version"
    local cmd="" sub="" arg="" i
    _backcare_routine=""
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --routine) _backcare_routine=${words[i + 1]}; ((i++)); continue ;;
            --journal | --color | --date | --time | --note | --minutes | --done | --skipped | \
                --sore | --pain | --effort | --status | --sets | --reps | --hold | --where | \
                --days | --skip | --since | --until | --format)
                ((i++)); continue ;;
            -*) continue ;;
        esac
        if [[ -z $cmd ]]; then
            cmd=${words[i]}
        elif [[ $cmd == log && -z $sub ]]; then
            sub=${words[i]}
        elif [[ -z $arg ]]; then
            arg=${words[i]}
        fi
    done

    case $prev in
        --routine | --journal) _filedir; return ;;
        --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --date | --since | --until) COMPREPLY=($(compgen -W "today yesterday" -- "$cur")); return ;;
        --status) COMPREPLY=($(compgen -W "complete partial" -- "$cur")); return ;;
        --where) COMPREPLY=($(compgen -W "upper-back neck shoulders" -- "$cur")); return ;;
        --pain | --effort) COMPREPLY=($(compgen -W "0 1 2 3 4 5 6 7 8 9 10" -- "$cur")); return ;;
        --skip | --done | --skipped | --sore)
            local routine=""
            [[ $cmd == start ]] && routine=$arg
            [[ $cmd == log && $sub == session ]] && routine=$arg
            local prefix=""
            [[ $cur == *,* ]] && prefix=${cur%,*},
            COMPREPLY=($(compgen -P "$prefix" -W "$(_backcare_values exercises $routine)" -- "${cur##*,}"))
            compopt -o nospace
            return ;;
        --time | --note | --minutes | --sets | --reps | --hold | --days | --format) return ;;
    esac

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$global" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    local opts=""
    case $cmd in
        init) opts="--print -q --quiet" ;;
        edit) [[ -z $arg && $cur != -* ]] && { COMPREPLY=($(compgen -W "routine journal" -- "$cur")); return; } ;;
        start)
            opts="--no-wait --dry-run --pain --effort --note --skip -q --quiet"
            if [[ -z $arg && $cur != -* ]]; then
                COMPREPLY=($(compgen -W "$(_backcare_values routines)" -- "$cur")); return
            fi ;;
        log)
            if [[ -z $sub ]]; then
                COMPREPLY=($(compgen -W "session exercise pain rest symptom note" -- "$cur")); return
            fi
            opts="--date --time --note -q --quiet"
            case $sub in
                session)
                    opts+=" --minutes --done --skipped --sore --pain --effort --status"
                    [[ -z $arg && $cur != -* ]] && { COMPREPLY=($(compgen -W "$(_backcare_values routines)" -- "$cur")); return; } ;;
                exercise)
                    opts+=" --sets --reps --hold --pain --effort"
                    [[ -z $arg && $cur != -* ]] && { COMPREPLY=($(compgen -W "$(_backcare_values exercises)" -- "$cur")); return; } ;;
                pain) opts+=" --where" ;;
                rest) opts+=" --days" ;;
                symptom)
                    opts+=" --list"
                    [[ -z $arg && $cur != -* ]] && { COMPREPLY=($(compgen -W "$(_backcare_values symptoms)" -- "$cur")); return; } ;;
            esac ;;
        plan)
            opts="--week --due --cron --ics -q --quiet"
            if [[ -z $arg && $cur != -* ]]; then
                COMPREPLY=($(compgen -W "$(_backcare_values routines)" -- "$cur")); return
            fi ;;
        stats) opts="--since --until --json --tsv --format" ;;
        check) opts="--no-ask --json -q --quiet" ;;
    esac
    COMPREPLY=($(compgen -W "$opts $global" -- "$cur"))
}
complete -F _backcare backcare
