# One INTERFACE target carries the language level, warnings and Qt hygiene
# defines for every Promptsmith target (qBittorrent's CommonConfig idea).
add_library(promptsmith_options INTERFACE)
target_compile_features(promptsmith_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(promptsmith_options INTERFACE -Wall -Wextra -Wpedantic)
if(PS_WARNINGS_AS_ERRORS)
    target_compile_options(promptsmith_options INTERFACE -Werror)
endif()
target_compile_definitions(promptsmith_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    PS_VERSION_STRING="${PROJECT_VERSION}")
if(PS_BUILD_FUZZERS AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "PS_BUILD_FUZZERS needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++")
endif()
# The fuzzers run under ASan and UBSan too; only the core and the harnesses are instrumented for
# coverage (core/CMakeLists.txt, fuzz/CMakeLists.txt), so one build serves the sanitizer suites
# and the fuzzers (CI's) without slowing every test file's compile with coverage hooks.
if(PS_SANITIZE OR PS_BUILD_FUZZERS)
    target_compile_options(promptsmith_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(promptsmith_options INTERFACE -fsanitize=address,undefined)
endif()

option(PS_PRECOMPILE_HEADERS "Precompile nlohmann/json and Qt's headers per target (clean builds)" OFF)
include(PromptsmithPch)
