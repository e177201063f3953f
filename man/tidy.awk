# Drops or moves the paragraph macros scdoc emits where roff wants none
# (right after a heading, before a heading, twice in a row, or just before
# the end of an indented block), so the pages pass `mandoc -T lint`.
# scdoc 1.11 (Debian 13) writes .PP where 1.9 (Debian 12) writes .P; both
# are the same paragraph macro.
# A page with a table starts with the line '\" t, which tells man to run
# tbl: without it groff 1.23 (Debian 13) warns "tbl preprocessor failed, or
# it or soelim was not run" (lintian: groff-message) and the table is not
# drawn. scdoc does not write it, so the page is held and printed at the end.
function out(line) { lines[n++] = line }
/^\.PP?$/ {
  if (prev ~ /^\.(SH|SS|TH)( |$)/) next
  held = 1
  next
}
/^\.RE( |$)/ {  # a paragraph break before .RE belongs after it
  out($0)
  prev = $0
  next
}
{
  if (held && $0 !~ /^\.(SH|SS|PP?)( |$)/) out(".P")
  held = 0
  if ($0 == ".TS") table = 1
  out($0)
  prev = $0
}
END {
  if (table) print "'\\\" t"
  for (i = 0; i < n; i++) print lines[i]
}
