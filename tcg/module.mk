# SPDX-License-Identifier: MIT
# tcg/: every C file here is part of the emulator library.
LIB_SRCS += $(wildcard tcg/*.c)
# SPDX-License-Identifier: MIT
# tcg/: every C file here is part of the emulator library.
LIB_SRCS += $(wildcard /*.c)
