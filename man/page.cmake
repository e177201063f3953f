# Builds one man page: scdoc, then tidy.awk. Usage:
# cmake -DSCDOC=... -DIN=page.scd -DOUT=page -DTIDY=tidy.awk -P page.cmake
execute_process(COMMAND ${SCDOC} COMMAND awk -f ${TIDY}
                INPUT_FILE ${IN} OUTPUT_FILE ${OUT}.tmp RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "scdoc failed on ${IN}")
endif()
file(RENAME ${OUT}.tmp ${OUT})
