# SPDX-License-Identifier: MIT
# mem/: every C file here is part of the emulator library.
LIB_SRCS += $(wildcard mem/*.c)
