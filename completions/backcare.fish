# fish completion for backcare(1). Live values (routines, exercise ids,
# symptom ids) come from `backcare __complete`, which reads the routine.

function __backcare_values
    set -l pass
    set -l tokens (commandline -opc)
    set -l i (contains -i -- --routine $tokens)
    and set pass --routine $tokens[(math $i + 1)]
    backcare $pass __complete $argv 2>/dev/null
end

function __backcare_log_kind
    set -l tokens (commandline -opc)
    set -l i (contains -i -- log $tokens)
    or return 1
    set -l kind $tokens[(math $i + 1)]
    test -n "$kind"; and contains -- $kind $argv
end

set -l commands init edit start log plan stats check
complete -c backcare -f
complete -c backcare -l routine -r -F -d 'routine file'
complete -c backcare -l journal -r -F -d 'journal file'
complete -c backcare -l no-color -d 'no colour'
complete -c backcare -l color -x -a 'auto always never' -d 'when to use colour'
complete -c backcare -l help -d 'show help'
complete -c backcare -l version -d 'print the version'

complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a init -d 'write the default routine to your config'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a edit -d 'edit the routine or the journal'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a start -d 'a guided session'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a log -d 'record an entry'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a plan -d 'what is due'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a stats -d 'streaks and trends'
complete -c backcare -n "not __fish_seen_subcommand_from $commands" -a check -d 'warning signs'

complete -c backcare -n '__fish_seen_subcommand_from init' -l print -d 'write the default routine to stdout'
complete -c backcare -n '__fish_seen_subcommand_from init start log plan check' -s q -l quiet -d 'print less'
complete -c backcare -n '__fish_seen_subcommand_from edit' -a 'routine journal'

complete -c backcare -n '__fish_seen_subcommand_from start plan' -a '(__backcare_values routines)'
complete -c backcare -n '__fish_seen_subcommand_from start' -l no-wait -d 'record without a terminal'
complete -c backcare -n '__fish_seen_subcommand_from start' -l dry-run -d 'show what the session would do'
complete -c backcare -n '__fish_seen_subcommand_from start log' -l pain -x -a '(seq 0 10)' -d 'pain, 0-10'
complete -c backcare -n '__fish_seen_subcommand_from start log' -l effort -x -a '(seq 0 10)' -d 'effort, 0-10'
complete -c backcare -n '__fish_seen_subcommand_from start log' -l note -x -d 'a note'
complete -c backcare -n '__fish_seen_subcommand_from start' -l skip -x -a '(__fish_complete_list , "__backcare_values exercises | string replace -r \'\\t.*\' \'\'")' -d 'exercises to skip'

set -l kinds session exercise pain rest symptom note
complete -c backcare -n "__fish_seen_subcommand_from log; and not __fish_seen_subcommand_from $kinds" -a "$kinds"
complete -c backcare -n '__backcare_log_kind session' -a '(__backcare_values routines)'
complete -c backcare -n '__backcare_log_kind exercise' -a '(__backcare_values exercises)'
complete -c backcare -n '__backcare_log_kind symptom' -a '(__backcare_values symptoms)'
complete -c backcare -n '__backcare_log_kind symptom' -l list -d 'list the symptom ids'
complete -c backcare -n '__fish_seen_subcommand_from log stats' -l date -x -a 'today yesterday' -d 'the day'
complete -c backcare -n '__fish_seen_subcommand_from log' -l time -x -d 'the time, HH:MM'
complete -c backcare -n '__backcare_log_kind session' -l minutes -x -d 'minutes'
complete -c backcare -n '__backcare_log_kind session' -l done -x -a '(__fish_complete_list , "__backcare_values exercises | string replace -r \'\\t.*\' \'\'")' -d 'exercises done'
complete -c backcare -n '__backcare_log_kind session' -l skipped -x -a '(__fish_complete_list , "__backcare_values exercises | string replace -r \'\\t.*\' \'\'")' -d 'exercises skipped'
complete -c backcare -n '__backcare_log_kind session' -l sore -x -a '(__fish_complete_list , "__backcare_values exercises | string replace -r \'\\t.*\' \'\'")' -d 'exercises that hurt'
complete -c backcare -n '__backcare_log_kind session' -l status -x -a 'complete partial' -d 'status'
complete -c backcare -n '__backcare_log_kind exercise' -l sets -x -d 'sets'
complete -c backcare -n '__backcare_log_kind exercise' -l reps -x -d 'reps'
complete -c backcare -n '__backcare_log_kind exercise' -l hold -x -d 'hold, e.g. 30s'
complete -c backcare -n '__backcare_log_kind pain' -l where -x -a 'upper-back neck shoulders' -d 'where it hurts'
complete -c backcare -n '__backcare_log_kind rest' -l days -x -d 'number of days'

complete -c backcare -n '__fish_seen_subcommand_from plan' -l week -d 'this ISO week'
complete -c backcare -n '__fish_seen_subcommand_from plan' -l due -d 'routines due now; exit 1 when none'
complete -c backcare -n '__fish_seen_subcommand_from plan' -l cron -d 'crontab lines'
complete -c backcare -n '__fish_seen_subcommand_from plan' -l ics -d 'an iCalendar file'

complete -c backcare -n '__fish_seen_subcommand_from stats' -l since -x -a 'today yesterday' -d 'from this day'
complete -c backcare -n '__fish_seen_subcommand_from stats' -l until -x -a 'today yesterday' -d 'up to this day'
complete -c backcare -n '__fish_seen_subcommand_from stats check' -l json -d 'JSON output'
complete -c backcare -n '__fish_seen_subcommand_from stats' -l tsv -d 'one row a day'
complete -c backcare -n '__fish_seen_subcommand_from stats' -l format -x -d 'a template such as {streak}'
complete -c backcare -n '__fish_seen_subcommand_from check' -l no-ask -d 'journal rules only'
