/* SPDX-License-Identifier: MIT */
/* RV64I conditional branches (Unpriv 2.5.2): every branch taken and not taken,
   forward and backward, across signed/unsigned and 32/64-bit boundaries. */

#include "test.h"

TEST_BEGIN
  /* Each case runs the branch once forward and once backward; pairs straddle the
     signed/unsigned boundaries and differ only in the upper 32 bits. */

  /* beq */
  TEST_BR_TAKEN(1, beq, 0x0, 0x0)
  TEST_BR_TAKEN(2, beq, 0x1, 0x1)
  TEST_BR_TAKEN(3, beq, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_BR_NOT_TAKEN(4, beq, 0x0, 0x1)
  TEST_BR_NOT_TAKEN(5, beq, 0x1, 0x0)
  TEST_BR_NOT_TAKEN(6, beq, 0xffffffffffffffff, 0x1)
  TEST_BR_NOT_TAKEN(7, beq, 0x1, 0xffffffffffffffff)
  TEST_BR_NOT_TAKEN(8, beq, 0xffffffffffffffff, 0x0)
  TEST_BR_NOT_TAKEN(9, beq, 0x0, 0xffffffffffffffff)
  TEST_BR_NOT_TAKEN(10, beq, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_NOT_TAKEN(11, beq, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_BR_TAKEN(12, beq, 0x8000000000000000, 0x8000000000000000)
  TEST_BR_NOT_TAKEN(13, beq, 0x8000000000000000, 0x0)
  TEST_BR_NOT_TAKEN(14, beq, 0x100000000, 0x0)
  TEST_BR_NOT_TAKEN(15, beq, 0x0, 0x100000000)
  TEST_BR_NOT_TAKEN(16, beq, 0x80000000, 0x0)
  TEST_BR_NOT_TAKEN(17, beq, 0xffffffff, 0xffffffff00000000)
  TEST_BR_NOT_TAKEN(18, beq, 0x7fffffffffffffff, 0x7ffffffffffffffe)

  /* bne */
  TEST_BR_NOT_TAKEN(19, bne, 0x0, 0x0)
  TEST_BR_NOT_TAKEN(20, bne, 0x1, 0x1)
  TEST_BR_NOT_TAKEN(21, bne, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_BR_TAKEN(22, bne, 0x0, 0x1)
  TEST_BR_TAKEN(23, bne, 0x1, 0x0)
  TEST_BR_TAKEN(24, bne, 0xffffffffffffffff, 0x1)
  TEST_BR_TAKEN(25, bne, 0x1, 0xffffffffffffffff)
  TEST_BR_TAKEN(26, bne, 0xffffffffffffffff, 0x0)
  TEST_BR_TAKEN(27, bne, 0x0, 0xffffffffffffffff)
  TEST_BR_TAKEN(28, bne, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_TAKEN(29, bne, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_BR_NOT_TAKEN(30, bne, 0x8000000000000000, 0x8000000000000000)
  TEST_BR_TAKEN(31, bne, 0x8000000000000000, 0x0)
  TEST_BR_TAKEN(32, bne, 0x100000000, 0x0)
  TEST_BR_TAKEN(33, bne, 0x0, 0x100000000)
  TEST_BR_TAKEN(34, bne, 0x80000000, 0x0)
  TEST_BR_TAKEN(35, bne, 0xffffffff, 0xffffffff00000000)
  TEST_BR_TAKEN(36, bne, 0x7fffffffffffffff, 0x7ffffffffffffffe)

  /* blt */
  TEST_BR_NOT_TAKEN(37, blt, 0x0, 0x0)
  TEST_BR_NOT_TAKEN(38, blt, 0x1, 0x1)
  TEST_BR_NOT_TAKEN(39, blt, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_BR_TAKEN(40, blt, 0x0, 0x1)
  TEST_BR_NOT_TAKEN(41, blt, 0x1, 0x0)
  TEST_BR_TAKEN(42, blt, 0xffffffffffffffff, 0x1)
  TEST_BR_NOT_TAKEN(43, blt, 0x1, 0xffffffffffffffff)
  TEST_BR_TAKEN(44, blt, 0xffffffffffffffff, 0x0)
  TEST_BR_NOT_TAKEN(45, blt, 0x0, 0xffffffffffffffff)
  TEST_BR_TAKEN(46, blt, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_NOT_TAKEN(47, blt, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_BR_NOT_TAKEN(48, blt, 0x8000000000000000, 0x8000000000000000)
  TEST_BR_TAKEN(49, blt, 0x8000000000000000, 0x0)
  TEST_BR_NOT_TAKEN(50, blt, 0x100000000, 0x0)
  TEST_BR_TAKEN(51, blt, 0x0, 0x100000000)
  TEST_BR_NOT_TAKEN(52, blt, 0x80000000, 0x0)
  TEST_BR_NOT_TAKEN(53, blt, 0xffffffff, 0xffffffff00000000)
  TEST_BR_NOT_TAKEN(54, blt, 0x7fffffffffffffff, 0x7ffffffffffffffe)

  /* bge */
  TEST_BR_TAKEN(55, bge, 0x0, 0x0)
  TEST_BR_TAKEN(56, bge, 0x1, 0x1)
  TEST_BR_TAKEN(57, bge, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_BR_NOT_TAKEN(58, bge, 0x0, 0x1)
  TEST_BR_TAKEN(59, bge, 0x1, 0x0)
  TEST_BR_NOT_TAKEN(60, bge, 0xffffffffffffffff, 0x1)
  TEST_BR_TAKEN(61, bge, 0x1, 0xffffffffffffffff)
  TEST_BR_NOT_TAKEN(62, bge, 0xffffffffffffffff, 0x0)
  TEST_BR_TAKEN(63, bge, 0x0, 0xffffffffffffffff)
  TEST_BR_NOT_TAKEN(64, bge, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_TAKEN(65, bge, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_BR_TAKEN(66, bge, 0x8000000000000000, 0x8000000000000000)
  TEST_BR_NOT_TAKEN(67, bge, 0x8000000000000000, 0x0)
  TEST_BR_TAKEN(68, bge, 0x100000000, 0x0)
  TEST_BR_NOT_TAKEN(69, bge, 0x0, 0x100000000)
  TEST_BR_TAKEN(70, bge, 0x80000000, 0x0)
  TEST_BR_TAKEN(71, bge, 0xffffffff, 0xffffffff00000000)
  TEST_BR_TAKEN(72, bge, 0x7fffffffffffffff, 0x7ffffffffffffffe)

  /* bltu */
  TEST_BR_NOT_TAKEN(73, bltu, 0x0, 0x0)
  TEST_BR_NOT_TAKEN(74, bltu, 0x1, 0x1)
  TEST_BR_NOT_TAKEN(75, bltu, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_BR_TAKEN(76, bltu, 0x0, 0x1)
  TEST_BR_NOT_TAKEN(77, bltu, 0x1, 0x0)
  TEST_BR_NOT_TAKEN(78, bltu, 0xffffffffffffffff, 0x1)
  TEST_BR_TAKEN(79, bltu, 0x1, 0xffffffffffffffff)
  TEST_BR_NOT_TAKEN(80, bltu, 0xffffffffffffffff, 0x0)
  TEST_BR_TAKEN(81, bltu, 0x0, 0xffffffffffffffff)
  TEST_BR_NOT_TAKEN(82, bltu, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_TAKEN(83, bltu, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_BR_NOT_TAKEN(84, bltu, 0x8000000000000000, 0x8000000000000000)
  TEST_BR_NOT_TAKEN(85, bltu, 0x8000000000000000, 0x0)
  TEST_BR_NOT_TAKEN(86, bltu, 0x100000000, 0x0)
  TEST_BR_TAKEN(87, bltu, 0x0, 0x100000000)
  TEST_BR_NOT_TAKEN(88, bltu, 0x80000000, 0x0)
  TEST_BR_TAKEN(89, bltu, 0xffffffff, 0xffffffff00000000)
  TEST_BR_NOT_TAKEN(90, bltu, 0x7fffffffffffffff, 0x7ffffffffffffffe)

  /* bgeu */
  TEST_BR_TAKEN(91, bgeu, 0x0, 0x0)
  TEST_BR_TAKEN(92, bgeu, 0x1, 0x1)
  TEST_BR_TAKEN(93, bgeu, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_BR_NOT_TAKEN(94, bgeu, 0x0, 0x1)
  TEST_BR_TAKEN(95, bgeu, 0x1, 0x0)
  TEST_BR_TAKEN(96, bgeu, 0xffffffffffffffff, 0x1)
  TEST_BR_NOT_TAKEN(97, bgeu, 0x1, 0xffffffffffffffff)
  TEST_BR_TAKEN(98, bgeu, 0xffffffffffffffff, 0x0)
  TEST_BR_NOT_TAKEN(99, bgeu, 0x0, 0xffffffffffffffff)
  TEST_BR_TAKEN(100, bgeu, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_NOT_TAKEN(101, bgeu, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_BR_TAKEN(102, bgeu, 0x8000000000000000, 0x8000000000000000)
  TEST_BR_TAKEN(103, bgeu, 0x8000000000000000, 0x0)
  TEST_BR_TAKEN(104, bgeu, 0x100000000, 0x0)
  TEST_BR_NOT_TAKEN(105, bgeu, 0x0, 0x100000000)
  TEST_BR_TAKEN(106, bgeu, 0x80000000, 0x0)
  TEST_BR_NOT_TAKEN(107, bgeu, 0xffffffff, 0xffffffff00000000)
  TEST_BR_TAKEN(108, bgeu, 0x7fffffffffffffff, 0x7ffffffffffffffe)

  /* both operands the same register, and x0 operands */
  TEST_NUM(109); li a1, 5; beq a1, a1, 1f; j test_fail; 1:
  TEST_NUM(110); li a1, 5; bne a1, a1, 1f; j 2f; 1: j test_fail; 2:
  TEST_NUM(111); li a1, 5; blt a1, a1, 1f; j 2f; 1: j test_fail; 2:
  TEST_NUM(112); li a1, 5; bge a1, a1, 1f; j test_fail; 1:
  TEST_NUM(113); li a1, 5; bltu a1, a1, 1f; j 2f; 1: j test_fail; 2:
  TEST_NUM(114); li a1, 5; bgeu a1, a1, 1f; j test_fail; 1:
  TEST_NUM(115); li a1, -1; beq x0, a1, 1f; j 2f; 1: j test_fail; 2:
  TEST_NUM(116); li a1, -1; bne x0, a1, 1f; j test_fail; 1:
  TEST_NUM(117); li a1, -1; blt x0, a1, 1f; j 2f; 1: j test_fail; 2:
  TEST_NUM(118); li a1, -1; bge x0, a1, 1f; j test_fail; 1:
  TEST_NUM(119); li a1, -1; bltu x0, a1, 1f; j test_fail; 1:
  TEST_NUM(120); li a1, -1; bgeu x0, a1, 1f; j 2f; 1: j test_fail; 2:

  /* a taken branch over a distance needing every offset field (more than 2 KiB) */
  TEST_NUM(121); li a1, 1; bnez a1, 1f; j test_fail; .skip 3000; 1: beqz x0, 2f; j test_fail; .skip 1000; 2: bnez a1, 3f; 4: j 5f; .skip 2000; 3: beqz x0, 4b; j test_fail; 5:

  TEST_END
