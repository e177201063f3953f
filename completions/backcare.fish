# fish completion for backcare(1). Live values (routines, exercise ids,
# symptom ids) come from `backcare __complete`, which reads the routine.

# The words of the command line before the cursor that are not options or
# option values: the command, log's kind, the routine.
function __backcare_positional
    set -l valued --routine --journal --color --date --time --note --minutes --done --skipped --sore \
        --pain --effort --status --sets --reps --hold --where --when --days --skip --since --until --format --init
    set -l tokens (commandline -opc)
    set -l skip 0
    for t in $tokens[2..-1]
        if test $skip = 1
            set skip 0
        else if string match -q -- '--*=*' $t
        else if string match -q -- '-*' $t
            contains -- $t $valued; and set skip 1
        else
            echo $t
        end
    end
end

function __backcare_values
    set -l pass
    set -l tokens (commandline -opc)
    for k in (seq (count $tokens))
        if test "$tokens[$k]" = --routine; and set -q tokens[(math $k + 1)]
            set pass --routine $tokens[(math $k + 1)]
        else if string match -q -- '--routine=*' $tokens[$k]
            set pass --routine (string replace -- '--routine=' '' $tokens[$k])
        end
    end
    set -q pass[2]; and set pass[2] (string replace -r -- '^~/' "$HOME/" $pass[2])
    $tokens[1] $pass __complete $argv 2>/dev/null
end

# Exercise ids, one a line without descriptions: those of the routine on the
# command line (start ROUTINE, log session ROUTINE), else all.
function __backcare_exercise_ids
    set -l words (__backcare_positional)
    set -l routine
    if test "$words[1]" = start; and set -q words[2]
        set routine $words[2]
    else if test "$words[1]" = log -a "$words[2]" = session; and set -q words[3]
        set routine $words[3]
    end
    __backcare_values exercises $routine | string replace -r '\t.*' ''
end

# True when the command is $argv[1] (and, for log, the kind is one of the
# rest of $argv); with --arg, when its positional argument is still to come.
function __backcare_is
    set -l need_arg 0
    if test "$argv[1]" = --arg
        set need_arg 1
        set -e argv[1]
    end
    set -l words (__backcare_positional)
    test "$words[1]" = $argv[1]; or return 1
    set -l n 2
    if test $argv[1] = log
        set -q argv[2]; or return 0
        contains -- "$words[2]" $argv[2..-1]; or return 1
        set n 3
    end
    test $need_arg = 0; or not set -q words[$n]
end

complete -c backcare -f
complete -c backcare -l routine -r -F -d 'routine file'
complete -c backcare -l journal -r -F -d 'journal file'
complete -c backcare -l no-color -d 'no colour'
complete -c backcare -l color -x -a 'auto always never' -d 'when to use colour'
complete -c backcare -s h -l help -d 'show help'
complete -c backcare -l version -d 'print the version'

set -l commands init edit start log plan stats check report history sync help
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a init -d 'write the default routine to your config'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a edit -d 'edit the routine or the journal'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a start -d 'a guided session'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a log -d 'record an entry'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a plan -d 'what is due'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a stats -d 'streaks and trends'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a check -d 'warning signs'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a report -d 'a summary for your physiotherapist'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a history -d 'what was logged lately'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a sync -d 'keep the journal in step with git'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a help -d 'the help of a command'
complete -c backcare -n '__backcare_is --arg help' -a 'init edit start log plan stats check report history sync'

complete -c backcare -n '__backcare_is init; or __backcare_is edit; or __backcare_is start; or __backcare_is plan; or __backcare_is check; or __backcare_is log session exercise pain rest symptom seen note function' -s q -l quiet -d 'print less'

complete -c backcare -n '__backcare_is init' -l print -d 'write the default routine to stdout'
complete -c backcare -n '__backcare_is --arg edit' -a 'routine journal'

complete -c backcare -n '__backcare_is --arg start' -a '(__backcare_values routines)'
complete -c backcare -n '__backcare_is start' -l no-wait -d 'record without a terminal'
complete -c backcare -n '__backcare_is start' -l dry-run -d 'show what the session would do'
complete -c backcare -n '__backcare_is start' -l resume -d 'continue the session interrupted today'
complete -c backcare -n '__backcare_is start' -l skip -x -a '(__fish_complete_list , __backcare_exercise_ids)' -d 'exercises to skip'
complete -c backcare -n '__backcare_is start; or __backcare_is log session exercise' -l pain -x -a '(seq 0 10)' -d 'pain, 0-10'
complete -c backcare -n '__backcare_is start; or __backcare_is log session exercise' -l effort -x -a '(seq 0 10)' -d 'effort, 0-10'
complete -c backcare -n '__backcare_is start; or __backcare_is log session exercise pain rest symptom seen note function' -l note -x -d 'a note'

set -l kinds session exercise pain rest symptom seen note function
complete -c backcare -n "__backcare_is log; and not __fish_seen_subcommand_from $kinds" -a "$kinds"
complete -c backcare -n '__backcare_is --arg log session' -a '(__backcare_values routines)'
complete -c backcare -n '__backcare_is --arg log exercise' -a '(__backcare_values exercises)'
complete -c backcare -n '__backcare_is --arg log pain' -a '(seq 0 10)'
complete -c backcare -n '__backcare_is --arg log symptom' -a '(__backcare_values symptoms)'
complete -c backcare -n '__backcare_is log symptom' -l list -d 'list the symptom ids'
complete -c backcare -n '__backcare_is --arg log function' -a '(__backcare_values activities)'
complete -c backcare -n '__backcare_is log session exercise pain rest symptom seen note function' -l date -x -a 'today yesterday' -d 'the day'
complete -c backcare -n '__backcare_is log session exercise pain rest symptom seen note function' -l time -x -d 'the time, HH:MM'
complete -c backcare -n '__backcare_is log session' -l minutes -x -d 'minutes'
complete -c backcare -n '__backcare_is log session' -l done -x -a '(__fish_complete_list , __backcare_exercise_ids)' -d 'exercises done'
complete -c backcare -n '__backcare_is log session' -l skipped -x -a '(__fish_complete_list , __backcare_exercise_ids)' -d 'exercises skipped'
complete -c backcare -n '__backcare_is log session' -l sore -x -a '(__fish_complete_list , __backcare_exercise_ids)' -d 'exercises that hurt'
complete -c backcare -n '__backcare_is log session' -l status -x -a 'complete partial' -d 'status'
complete -c backcare -n '__backcare_is log exercise' -l sets -x -d 'sets'
complete -c backcare -n '__backcare_is log exercise' -l reps -x -d 'reps'
complete -c backcare -n '__backcare_is log exercise' -l hold -x -d 'hold, e.g. 30s'
complete -c backcare -n '__backcare_is log pain' -l where -x -a 'upper-back neck shoulders' -d 'where it hurts'
complete -c backcare -n '__backcare_is log pain' -l when -x -a 'before after morning' -d 'when the reading was taken'
complete -c backcare -n '__backcare_is log rest' -l days -x -d 'number of days'

complete -c backcare -n '__backcare_is --arg plan' -a '(__backcare_values routines)'
complete -c backcare -n '__backcare_is plan' -l week -d 'this ISO week'
complete -c backcare -n '__backcare_is plan' -l due -d 'routines due now; exit 1 when none'
complete -c backcare -n '__backcare_is plan' -l cron -d 'crontab lines'
complete -c backcare -n '__backcare_is plan' -l ics -d 'an iCalendar file'
complete -c backcare -n '__backcare_is plan' -l json -d 'today as JSON; with ROUTINE: levels and lights'
complete -c backcare -n '__backcare_is plan' -l systemd -d 'systemd user timers'
complete -c backcare -n '__backcare_is plan' -l install -d 'with --systemd: write the units'
complete -c backcare -n '__backcare_is history' -l since -x -a 'today yesterday -7 -30 monday' -d 'from this day'
complete -c backcare -n '__backcare_is history' -l json -d 'a JSON array of the entries'
complete -c backcare -n '__backcare_is sync' -l init -r -F -d 'make the folder a git repository following REMOTE'
complete -c backcare -n '__backcare_is sync' -s q -l quiet -d 'say nothing when all is well'
complete -c backcare -n '__backcare_is plan' -l figures -d 'with ROUTINE: draw each exercise'

complete -c backcare -n '__backcare_is stats' -l since -x -a 'today yesterday' -d 'from this day'
complete -c backcare -n '__backcare_is stats' -l until -x -a 'today yesterday' -d 'up to this day'
complete -c backcare -n '__backcare_is stats; or __backcare_is check' -l json -d 'JSON output'
complete -c backcare -n '__backcare_is stats' -l tsv -d 'one row a day'
complete -c backcare -n '__backcare_is stats' -l format -x -d 'a template such as {streak}'
complete -c backcare -n '__backcare_is check' -l no-ask -d 'journal rules only'

complete -c backcare -n '__backcare_is report' -l since -x -a 'today yesterday' -d 'from this day'
complete -c backcare -n '__backcare_is report' -l until -x -a 'today yesterday' -d 'up to this day'
complete -c backcare -n '__backcare_is report' -l html -d 'a printable HTML page'
complete -c backcare -n '__backcare_is report' -l csv -d 'every entry as CSV'
complete -c backcare -n '__backcare_is report' -l fhir -d 'a FHIR R4 Bundle'
