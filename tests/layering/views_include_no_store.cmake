cmake_minimum_required(VERSION 3.25) # the policies of the project (IN_LIST)
# Runs the configure-time check of widgets/ on a folder whose one view includes the store:
# the check must stop the build, naming the file (PromptsmithLayering.cmake).
file(REMOVE_RECURSE "${WORK}")
file(WRITE "${WORK}/offending_view.h" "#pragma once\n#include \"store/project.h\"\n")
include("${SOURCE}/cmake/PromptsmithLayering.cmake")
ps_check_views_stay_views("${WORK}")
message(STATUS "the check let a view include the store")
