# SPDX-License-Identifier: MIT
# ui/: every C file here is part of the emulator library.
LIB_SRCS += $(wildcard ui/*.c)
