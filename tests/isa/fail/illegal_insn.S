/* SPDX-License-Identifier: MIT */
/* Negative test: an unexpected illegal instruction (mcause 2) must end the
 * run as a failure through the harness's default trap handler
 * (TEST_NUM_UNEXPECTED_EXC + 2 = 0x7003). */
/* expect: FAIL: test 28675 */
#include "test.h"

TEST_BEGIN
  TEST_NUM(1)
  .word 0xffffffff
TEST_END
