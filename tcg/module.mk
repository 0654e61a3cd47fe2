# SPDX-License-Identifier: MIT
# tcg/: the JIT; host backends live in subfolders.
LIB_SRCS += $(wildcard tcg/*.c tcg/x86_64/*.c)
