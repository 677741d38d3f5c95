# Runs a program and writes its stdout to a file: the man page and the
# completion scripts are the built binary's own output.
# -DEXE=<program> -DARGS=<;-list> -DOUT=<file>
execute_process(COMMAND ${EXE} ${ARGS} OUTPUT_FILE ${OUT}.tmp RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUT}.tmp)
  message(FATAL_ERROR "${EXE} ${ARGS} failed (${rc})")
endif()
file(RENAME ${OUT}.tmp ${OUT})
