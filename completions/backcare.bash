# bash completion for backcare(1)                          -*- shell-script -*-
# Live values (routines, exercise ids, symptom ids) come from
# `backcare __complete`, which reads the user's actual routine.

_backcare_values()
{
    # $1: routines | exercises | symptoms | activities; $2: routine (exercises only)
    local -a pass=()
    [[ -n $_backcare_routine ]] && pass=(--routine "$_backcare_routine")
    "${words[0]}" "${pass[@]}" __complete "$@" 2>/dev/null | cut -f1
}

_backcare()
{
    local cur prev words cword split
    _init_completion -s || return

    local commands="init edit start log plan stats check report history sync help"
    local global="--routine --journal --no-color --color --help --version"
    # Options that take a value, in the next word or after '='.
    local valued="--routine --journal --color --date --time --note --minutes --done --skipped --sore --pain
        --effort --status --sets --reps --hold --where --when --days --skip --since --until --format --init"
    local cmd="" sub="" arg="" i w
    _backcare_routine=""
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        case $w in
            --routine=*) _backcare_routine=${w#*=}; continue ;;
            --routine) _backcare_routine=${words[i + 1]}; ((i++)); continue ;;
            --*=*) continue ;;
            -*)
                [[ " ${valued//$'\n'/ } " == *" $w "* ]] && ((i++))
                continue ;;
        esac
        if [[ -z $cmd ]]; then
            cmd=$w
        elif [[ $cmd == log && -z $sub ]]; then
            sub=$w
        elif [[ -z $arg ]]; then
            arg=$w
        fi
    done
    [[ -n $_backcare_routine ]] && __expand_tilde_by_ref _backcare_routine

    case $prev in
        --routine | --journal) _filedir; return ;;
        --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --date | --since | --until)
            COMPREPLY=($(compgen -W "today yesterday monday tuesday wednesday thursday friday saturday sunday" -- "$cur"))
            return ;;
        --init) _filedir -d; return ;;
        --status) COMPREPLY=($(compgen -W "complete partial" -- "$cur")); return ;;
        --where) COMPREPLY=($(compgen -W "upper-back neck shoulders" -- "$cur")); return ;;
        --when) COMPREPLY=($(compgen -W "before after morning" -- "$cur")); return ;;
        --pain | --effort) COMPREPLY=($(compgen -W "0 1 2 3 4 5 6 7 8 9 10" -- "$cur")); return ;;
        --skip | --done | --skipped | --sore)
            # A comma-separated list: complete its last id, keep the others.
            local routine=""
            [[ $cmd == start || ($cmd == log && $sub == session) ]] && routine=$arg
            local prefix=""
            [[ $cur == *,* ]] && prefix=${cur%,*},
            COMPREPLY=($(compgen -P "$prefix" -W "$(_backcare_values exercises $routine)" -- "${cur##*,}"))
            compopt -o nospace
            return ;;
        --time | --note | --minutes | --sets | --reps | --hold | --days | --format) return ;;
    esac
    $split && return

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$global" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    # The command's own options, and its positional values.
    local opts="" values=""
    case $cmd in
        init) opts="--print -q --quiet" ;;
        edit)
            opts="-q --quiet"
            [[ -z $arg ]] && values="routine journal" ;;
        start)
            opts="--no-wait --dry-run --resume --pain --effort --note --skip -q --quiet"
            [[ -z $arg ]] && values=$(_backcare_values routines) ;;
        log)
            if [[ -z $sub ]]; then
                values="session exercise pain rest symptom seen note function"
            else
                opts="--date --time --note -q --quiet"
                case $sub in
                    session)
                        opts+=" --minutes --done --skipped --sore --pain --effort --status"
                        [[ -z $arg ]] && values=$(_backcare_values routines) ;;
                    exercise)
                        opts+=" --sets --reps --hold --pain --effort"
                        [[ -z $arg ]] && values=$(_backcare_values exercises) ;;
                    pain)
                        opts+=" --where --when"
                        [[ -z $arg ]] && values="0 1 2 3 4 5 6 7 8 9 10" ;;
                    rest) opts+=" --days" ;;
                    symptom)
                        opts+=" --list"
                        [[ -z $arg ]] && values=$(_backcare_values symptoms) ;;
                    seen | note) ;;
                    function) [[ -z $arg ]] && values=$(_backcare_values activities) ;;
                esac
            fi ;;
        plan)
            opts="--week --due --cron --systemd --install --ics --json --figures -q --quiet"
            [[ -z $arg ]] && values=$(_backcare_values routines) ;;
        stats) opts="--since --until --json --tsv --format" ;;
        check) opts="--no-ask --json -q --quiet" ;;
        history) opts="--since --json" ;;
        sync) opts="--init -q --quiet" ;;
        help) [[ -z $arg ]] && values="init edit start log plan stats check report history sync" ;;
        report) opts="--since --until --html --csv --fhir" ;;
        *) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts $global" -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$values" -- "$cur"))
    fi
}
complete -F _backcare backcare
