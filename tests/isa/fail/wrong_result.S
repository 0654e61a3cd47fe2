/* SPDX-License-Identifier: MIT */
/* Negative test: check 3 expects a wrong sum, so the run must be reported as
 * a failure of test 3, not hidden. */
/* expect: FAIL: test 3 */
#include "test.h"

TEST_BEGIN
  TEST_RR_OP(1, add, 3, 1, 2)
  TEST_RR_OP(2, add, 0, 0, 0)
  TEST_RR_OP(3, add, 5, 2, 2)
  TEST_RR_OP(4, add, 4, 2, 2)
TEST_END
