/* SPDX-License-Identifier: MIT */
/* Zicond integer conditional operations (Unpriv ch. "Zicond"): czero.eqz rd = rs2 == 0 ?
   0 : rs1; czero.nez rd = rs2 != 0 ? 0 : rs1. The whole 64-bit rs2 is the condition. */

#include "test.h"

#define TEST_CZ(n, insn, res, a, b) \
  TEST_CASE(n, a0, res, li a1, a; li a2, b; insn(a0, a1, a2))

TEST_BEGIN

  TEST_CZ(1, CZERO_EQZ, 0, 0x1234, 0)
  TEST_CZ(2, CZERO_EQZ, 0x1234, 0x1234, 1)
  TEST_CZ(3, CZERO_EQZ, 0xffffffffffffffff, -1, 0x8000000000000000)
  TEST_CZ(4, CZERO_EQZ, 0x8000000000000000, 0x8000000000000000, 0x100000000)
  TEST_CZ(5, CZERO_EQZ, 0, 0x8000000000000000, 0)
  TEST_CZ(6, CZERO_EQZ, 0, 0, -1)

  TEST_CZ(7, CZERO_NEZ, 0x1234, 0x1234, 0)
  TEST_CZ(8, CZERO_NEZ, 0, 0x1234, 1)
  TEST_CZ(9, CZERO_NEZ, 0, -1, 0x8000000000000000)
  TEST_CZ(10, CZERO_NEZ, 0, 0x8000000000000000, 0x100000000)
  TEST_CZ(11, CZERO_NEZ, 0x8000000000000000, 0x8000000000000000, 0)
  TEST_CZ(12, CZERO_NEZ, 0xffffffffffffffff, -1, 0)

  /* rd aliasing rs1 or rs2, and x0 operands. */
  TEST_CASE(13, a1, 0x55, li a1, 0x55; li a2, 7; CZERO_EQZ(a1, a1, a2))
  TEST_CASE(14, a2, 0, li a1, 0x55; li a2, 7; CZERO_NEZ(a2, a1, a2))
  TEST_CASE(15, a2, 7, li a2, 7; CZERO_EQZ(a2, a2, a2))
  TEST_CASE(16, a2, 0, li a2, 7; CZERO_NEZ(a2, a2, a2))
  TEST_CASE(17, a0, 0x66, li a1, 0x66; CZERO_NEZ(a0, a1, x0))
  TEST_CASE(18, a0, 0, li a1, 0x66; CZERO_EQZ(a0, a1, x0))
  TEST_CASE(19, a0, 0, li a2, 1; CZERO_EQZ(a0, x0, a2))
  TEST_CASE(20, x0, 0, li a1, 1; li a2, 1; CZERO_EQZ(x0, a1, a2))

  /* The branchless select idiom: rd = c ? x : y. */
  TEST_CASE(21, a0, 111, li a3, 1; li a1, 111; li a2, 222; CZERO_EQZ(a4, a1, a3); CZERO_NEZ(a5, a2, a3); or a0, a4, a5)
  TEST_CASE(22, a0, 222, li a3, 0; li a1, 111; li a2, 222; CZERO_EQZ(a4, a1, a3); CZERO_NEZ(a5, a2, a3); or a0, a4, a5)

  TEST_END
