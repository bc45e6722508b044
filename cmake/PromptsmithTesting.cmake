# ps_add_test(name SOURCES ... LIBS ... [GUI]): one Qt Test executable, one CTest entry.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Test)
include(PromptsmithPch)

# The definitions every test has; a test may add its own.
function(ps_test_definitions target)
    target_compile_definitions(${target} PRIVATE
        PS_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        PS_CLI_PATH="$<TARGET_FILE:promptsmith-cli>")
endfunction()

function(ps_add_test name)
    cmake_parse_arguments(ARG "GUI" "TIMEOUT;WRAPPER" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    set_target_properties(${name} PROPERTIES AUTOMOC ON)
    target_link_libraries(${name} PRIVATE ${ARG_LIBS} ps_test_support Qt6::Test Qt6::Core promptsmith_options)
    ps_test_definitions(${name})
    # The kind decides which Qt modules' macros the command line defines.
    set(kind CORE)
    if("promptsmith_app" IN_LIST ARG_LIBS OR "ps_window_steps" IN_LIST ARG_LIBS)
        set(kind APP)
    elseif("promptsmith_widgets" IN_LIST ARG_LIBS)
        set(kind WIDGETS)
    endif()
    ps_precompile_test(${name} ${kind} ${ARG_LIBS})
    # WRAPPER: a script the test runs under (a private D-Bus session, say).
    add_test(NAME ${name} COMMAND ${ARG_WRAPPER} $<TARGET_FILE:${name}>)
    set(env "QT_QPA_PLATFORM=offscreen")
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${ARG_TIMEOUT})
    add_dependencies(check ${name})
endfunction()
