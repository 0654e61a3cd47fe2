# SPDX-License-Identifier: MIT
# util/: every C file here is part of the emulator library.
LIB_SRCS += $(wildcard util/*.c)
