# Builds one man page: the .scd with @VERSION@ filled in and footer.scd
# (BUGS, AUTHORS, COPYRIGHT) appended, through scdoc, then tidy.awk. Usage:
# cmake -DSCDOC=... -DIN=page.scd -DOUT=page -DTIDY=tidy.awk -DFOOTER=footer.scd
#       -DVERSION=0.1.0 -DRELEASE_EPOCH=SECONDS -P page.cmake
# The date in .TH is scdoc's: SOURCE_DATE_EPOCH when the environment sets it
# (reproducible builds), otherwise RELEASE_EPOCH (the newest release in
# CHANGELOG.md), never the day of the build.
cmake_minimum_required(VERSION 3.25)  # CMP0053: "@VERSION@" below is text, not a variable
if(NOT DEFINED ENV{SOURCE_DATE_EPOCH} OR "$ENV{SOURCE_DATE_EPOCH}" STREQUAL "")
  set(ENV{SOURCE_DATE_EPOCH} "${RELEASE_EPOCH}")
endif()
file(READ ${IN} text)
string(REPLACE "@VERSION@" "${VERSION}" text "${text}")
if(FOOTER)
  file(READ ${FOOTER} footer)
  if(NOT text MATCHES "\n$")
    string(APPEND text "\n")
  endif()
  string(APPEND text "${footer}")
endif()
file(WRITE ${OUT}.scd "${text}")
execute_process(COMMAND ${SCDOC} COMMAND awk -f ${TIDY}
                INPUT_FILE ${OUT}.scd OUTPUT_FILE ${OUT}.tmp RESULT_VARIABLE rc)
file(REMOVE ${OUT}.scd)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "scdoc failed on ${IN}")
endif()
file(RENAME ${OUT}.tmp ${OUT})
