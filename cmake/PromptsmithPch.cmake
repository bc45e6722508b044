include_guard(GLOBAL)
# Precompiled headers (PS_PRECOMPILE_HEADERS): the heaviest headers — nlohmann/json, Qt's —
# parsed once per target instead of once per file. A clean build (CI's) takes about half the
# time: a window test file compiles in 7.6 s instead of 16.2 s. Off by default, since ccache
# does not cache a file built with one.
#
# GCC uses a precompiled header only where every macro of the command line is defined as when
# it was built, and Qt Test's macros name the test's directory; so each library gets its own,
# and tests share one per directory and kind (core, widgets, window).

# GCC 12 reports false array-bounds, stringop-overflow and restrict warnings inside
# libstdc++'s string code once it comes from a precompiled header (GCC bugs 105329, 105651); a
# build without one (every developer's, the fuzzers') still checks them.
if(PS_PRECOMPILE_HEADERS AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(promptsmith_options INTERFACE
        -Wno-array-bounds -Wno-stringop-overflow -Wno-restrict)
endif()

set(PS_PCH_STD <algorithm> <cstdint> <functional> <map> <memory> <optional> <set> <string>
    <string_view> <utility> <vector> <nlohmann/json.hpp>)
set(PS_PCH_QT_CORE <QObject> <QString> <QStringList> <QList> <QVariant>)
set(PS_PCH_QT_WIDGETS <QApplication> <QWidget> <QLabel> <QPushButton> <QLineEdit>
    <QPlainTextEdit> <QComboBox> <QBoxLayout> <QAbstractItemModel> <QTreeView> <QTableView>
    <QAction> <QMenu>)

# A library or program: `KIND` is CORE (no Qt), QT (Qt Core) or WIDGETS; further headers after.
function(ps_precompile target kind)
    if(NOT PS_PRECOMPILE_HEADERS)
        return()
    endif()
    set(headers ${PS_PCH_STD} ${ARGN})
    if(kind STREQUAL "QT" OR kind STREQUAL "WIDGETS")
        list(APPEND headers ${PS_PCH_QT_CORE})
    endif()
    if(kind STREQUAL "WIDGETS")
        list(APPEND headers ${PS_PCH_QT_WIDGETS})
    endif()
    target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

# A test: reuses its directory's header of the same kind. The header is built by a target of
# its own with only the definitions every test has (ps_test_definitions), so a test that defines
# a macro of its own (PS_FAKEPROVIDER_PATH, say) can still use it: GCC refuses a header built
# with a macro the user lacks, not one used beside macros it never saw. `LIBS`: the test's, which
# decide the Qt modules' macros of its kind.
function(ps_precompile_test target kind)
    if(NOT PS_PRECOMPILE_HEADERS)
        return()
    endif()
    string(MAKE_C_IDENTIFIER "${CMAKE_CURRENT_BINARY_DIR}_${kind}" key)
    get_property(donor GLOBAL PROPERTY PS_PCH_DONOR_${key})
    if(NOT donor)
        string(MAKE_C_IDENTIFIER "ps_pch_${kind}_${CMAKE_CURRENT_SOURCE_DIR}" donor)
        string(MD5 hash "${donor}")
        string(SUBSTRING "${hash}" 0 10 hash)
        set(donor ps_pch_${kind}_${hash})
        set(empty ${CMAKE_CURRENT_BINARY_DIR}/${donor}.cpp)
        file(WRITE ${empty} "// The precompiled header's own translation unit.\n")
        add_library(${donor} OBJECT ${empty})
        target_link_libraries(${donor} PRIVATE ${ARGN} ps_test_support Qt6::Test Qt6::Core
            promptsmith_options)
        ps_test_definitions(${donor})
        set(headers ${PS_PCH_STD} ${PS_PCH_QT_CORE} <QTest> <QSignalSpy>)
        if(NOT kind STREQUAL "CORE")
            list(APPEND headers ${PS_PCH_QT_WIDGETS})
        endif()
        target_precompile_headers(${donor} PRIVATE ${headers})
        set_property(GLOBAL PROPERTY PS_PCH_DONOR_${key} ${donor})
    endif()
    target_precompile_headers(${target} REUSE_FROM ${donor})
endfunction()
