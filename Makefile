# SPDX-License-Identifier: MIT
# Rivet: non-recursive build. Each folder adds its sources in module.mk;
# objects go under build/. `make` builds build/rivet, `make check` runs every
# test layer, `make run` boots the default guest.

.DEFAULT_GOAL := all
.SUFFIXES:

-include build/config.mk
ifneq ($(CONFIGURED),1)
build/config.mk: configure
	./configure
endif

CPPFLAGS = -I. -Ibuild
LIB_SRCS :=
TOOL_SRCS :=

include util/module.mk
include mem/module.mk
include cpu/module.mk
include tcg/module.mk
include hw/module.mk
include ui/module.mk
include roms/module.mk

LIB_OBJS := $(patsubst %.c,build/%.o,$(LIB_SRCS))
MAIN_OBJ := build/main.o

build/%.o: %.c build/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CFLAGS_DEPS) -MMD -MP -c $< -o $@

build/librivet.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

build/rivet: $(MAIN_OBJ) build/librivet.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $(SDL_LIBS)

include tests/module.mk
include bench/module.mk
include tests/fuzz/module.mk

.PHONY: all clean distclean format format-check
all: build/rivet

clean:
	rm -rf build/*.o build/*/ build/librivet.a build/rivet

distclean:
	rm -rf build

# C sources only: tests/isa/*.h are assembler macros.
FORMAT_FILES = $(filter-out tests/isa/%,$(shell git ls-files '*.c' '*.h' 2>/dev/null))
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

-include $(shell find build -name '*.d' 2>/dev/null)
