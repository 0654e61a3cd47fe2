# SPDX-License-Identifier: MIT
# hw/: every C file here is part of the emulator library.
LIB_SRCS += $(wildcard hw/*.c)
