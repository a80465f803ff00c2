#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer): parses the libFuzzer flags
/// in argv and fuzzes `callback`. The fuzz targets call it from the entry point SwiftPM gives
/// executables on Linux (`<Module>_main`, which it aliases to `main` when linking).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
