# Drops or moves the paragraph macros scdoc emits where roff wants none
# (right after a heading, before a heading, twice in a row, or just before
# the end of an indented block), so the pages pass `mandoc -T lint`.
# scdoc 1.11 (Debian 13) writes .PP where 1.9 (Debian 12) writes .P; both
# are the same paragraph macro.
/^\.PP?$/ {
  if (prev ~ /^\.(SH|SS|TH)( |$)/) next
  held = 1
  next
}
/^\.RE( |$)/ {  # a paragraph break before .RE belongs after it
  print
  prev = $0
  next
}
{
  if (held && $0 !~ /^\.(SH|SS|PP?)( |$)/) print ".P"
  held = 0
  print
  prev = $0
}
