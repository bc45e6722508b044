include_guard(GLOBAL)
# Precompiled headers (PS_PRECOMPILE_HEADERS): the heaviest headers — nlohmann/json, Qt's —
# parsed once per target instead of once per file. A clean build (CI's) takes about half the
# time: a window test file compiles in 7.6 s instead of 16.2 s. Off by default, since ccache
# does not cache a file built with one.
#
# GCC uses a precompiled header only where every macro of the command line is defined as when
# it was built, and Qt Test's macros name the test's directory; so each library gets its own,
# and tests share one per directory and kind (core, widgets, window), taken from the first.

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

# A test: reuses its directory's header of the same kind, or builds it for the others.
function(ps_precompile_test target kind)
    if(NOT PS_PRECOMPILE_HEADERS)
        return()
    endif()
    string(MAKE_C_IDENTIFIER "${CMAKE_CURRENT_BINARY_DIR}_${kind}" key)
    get_property(donor GLOBAL PROPERTY PS_PCH_DONOR_${key})
    if(donor)
        target_precompile_headers(${target} REUSE_FROM ${donor})
        return()
    endif()
    set_property(GLOBAL PROPERTY PS_PCH_DONOR_${key} ${target})
    set(headers ${PS_PCH_STD} ${PS_PCH_QT_CORE} <QTest> <QSignalSpy>)
    if(NOT kind STREQUAL "CORE")
        list(APPEND headers ${PS_PCH_QT_WIDGETS})
    endif()
    target_precompile_headers(${target} PRIVATE ${headers})
endfunction()
