# SPDX-License-Identifier: MIT
# cpu/: every C file here is part of the emulator library.
LIB_SRCS += $(wildcard cpu/*.c)
