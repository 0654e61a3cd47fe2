# SPDX-License-Identifier: MIT
# `make fuzz`: the libFuzzer target for the virtio devices (tests/fuzz/README.md),
# built with clang and sanitizers into build/fuzz/, then run for FUZZ_TIME
# seconds on one core. Not part of `make check`.

FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_ARGS ?=
FUZZ_SRCS := hw/virtio_mmio.c hw/virtqueue.c hw/virtio_blk.c hw/virtio_net.c hw/block.c \
	hw/netdev.c hw/net_slirp.c hw/net_tap.c mem/bus.c util/fdt.c util/log.c util/util.c
FUZZ_OBJS := $(patsubst %.c,build/fuzz/obj/%.o,$(FUZZ_SRCS))
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -std=gnu11 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Wundef -Wshadow \
	-Wno-unused-parameter -Werror -pthread $(FUZZ_SAN) \
	$(shell pkg-config --cflags slirp 2>/dev/null)
FUZZ_LIBS = $(shell pkg-config --libs slirp 2>/dev/null) -lglib-2.0 -lz -pthread
# No network for the guest's frames: slirp runs in an empty network namespace
# where the kernel allows unprivileged ones.
FUZZ_NETNS = $(shell unshare -rn true 2>/dev/null && echo unshare -rn)
FUZZ_HAVE_CC := $(shell command -v $(FUZZ_CC) 2>/dev/null)

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

build/fuzz/fuzz_virtio: tests/fuzz/fuzz_virtio.c $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LIBS)

build/fuzz/.seeded: build/fuzz/fuzz_virtio
	@mkdir -p build/fuzz/corpus
	RIVET_FUZZ_SEEDS=build/fuzz/corpus build/fuzz/fuzz_virtio
	@touch $@

.PHONY: fuzz fuzz-build
ifeq ($(FUZZ_HAVE_CC),)
fuzz fuzz-build:
	@echo "make fuzz: '$(FUZZ_CC)' not found; the fuzz target needs clang with libFuzzer" \
		"(apt-get install clang, or make fuzz FUZZ_CC=clang-14)" >&2
	@exit 1
else
fuzz-build: build/fuzz/fuzz_virtio

fuzz: build/fuzz/fuzz_virtio build/fuzz/.seeded
	@mkdir -p build/fuzz/artifacts
	cd build/fuzz && $(FUZZ_NETNS) ./fuzz_virtio -max_total_time=$(FUZZ_TIME) -timeout=10 \
		-print_final_stats=1 -artifact_prefix=artifacts/ $(FUZZ_ARGS) corpus
endif
