# wangge_library(NAME name SRCS ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...] [TESTS ...] [PGTESTS ...])
# One static library per module; its tests sit beside it.
#   TESTS   *_test.cpp   — unit tests, ctest label "unit"
#   PGTESTS *_pgtest.cpp — need WANGGE_TEST_PG (a PostgreSQL DSN), label "postgres"; skip without it
function(wangge_library)
  cmake_parse_arguments(W "" "NAME" "SRCS;PUBLIC_DEPS;PRIVATE_DEPS;TESTS;PGTESTS;TEST_DEPS" ${ARGN})
  add_library(${W_NAME} STATIC ${W_SRCS})
  target_include_directories(${W_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${W_NAME} PUBLIC ${W_PUBLIC_DEPS} PRIVATE ${W_PRIVATE_DEPS})
  if(WANGGE_BUILD_TESTS AND (W_TESTS OR W_PGTESTS))
    set(test_target ${W_NAME}_tests)
    add_executable(${test_target} ${W_TESTS} ${W_PGTESTS})
    target_link_libraries(${test_target} PRIVATE ${W_NAME} ${W_TEST_DEPS} GTest::gtest GTest::gtest_main)
    add_test(NAME ${test_target} COMMAND ${test_target})
    set_tests_properties(${test_target} PROPERTIES LABELS "unit" TIMEOUT 600)
  endif()
endfunction()
