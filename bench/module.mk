# SPDX-License-Identifier: MIT
# `make bench`: the compute kernels of bench/kernels built natively and as bare-metal
# RISC-V ELFs, then bench/run.sh times them and a Linux boot on Rivet and on QEMU
# (bench/README.md). A benchmark, never part of `make check`.

# Each kernel's scale (work is roughly proportional): tuned so a run takes about
# 50-100 ms natively, 0.5-2 s emulated. `empty` measures start-up and exit.
BENCH_KERNELS := empty sort crc32 matrix string nbody vm sieve
BENCH_SCALE_empty := 1
BENCH_SCALE_sort := 60
BENCH_SCALE_crc32 := 300
BENCH_SCALE_matrix := 120
BENCH_SCALE_string := 500
BENCH_SCALE_nbody := 30000
BENCH_SCALE_vm := 40
BENCH_SCALE_sieve := 60

RISCV_CC ?= riscv64-unknown-elf-gcc
BENCH_NATIVE_CC ?= $(CC)

# The same code in all three builds: no FMA contraction (x86-64 without -march has none;
# RISC-V would fuse), sqrt inline, and no loops turned into library calls.
BENCH_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Wundef -Wshadow -Werror -ffp-contract=off \
	-fno-math-errno -fno-tree-loop-distribute-patterns -Ibench
BENCH_RISCV_CFLAGS := $(BENCH_CFLAGS) -march=rv64gc -mabi=lp64d -mcmodel=medany \
	-ffreestanding -fno-common
BENCH_RISCV_LDFLAGS := -nostdlib -nostartfiles -static -T bench/link.ld

BENCH_HDRS := bench/kernels/bench.h bench/harness.h bench/module.mk
BENCH_NATIVE := $(patsubst %,build/bench/native/%,$(BENCH_KERNELS))
BENCH_ELFS := $(patsubst %,build/bench/riscv/%.elf,$(BENCH_KERNELS))
BENCH_RT_OBJS := build/bench/obj-riscv/rt/crt0.o build/bench/obj-riscv/rt/rt.o
BENCH_DEFS = -DBENCH_NAME=$* -DBENCH_SCALE=$(BENCH_SCALE_$*)u

build/bench/obj-native/%.o: bench/kernels/%.c $(BENCH_HDRS)
	@mkdir -p $(dir $@)
	$(BENCH_NATIVE_CC) $(BENCH_CFLAGS) -c $< -o $@

build/bench/native/%: build/bench/obj-native/%.o bench/native_main.c $(BENCH_HDRS)
	@mkdir -p $(dir $@)
	$(BENCH_NATIVE_CC) $(BENCH_CFLAGS) $(BENCH_DEFS) -o $@ bench/native_main.c $< -lm

build/bench/obj-riscv/%.o: bench/kernels/%.c $(BENCH_HDRS)
	@mkdir -p $(dir $@)
	$(RISCV_CC) $(BENCH_RISCV_CFLAGS) -c $< -o $@

build/bench/obj-riscv/rt/%.o: bench/rt/%.c bench/rt/rt.h $(BENCH_HDRS)
	@mkdir -p $(dir $@)
	$(RISCV_CC) $(BENCH_RISCV_CFLAGS) -c $< -o $@

build/bench/obj-riscv/rt/%.o: bench/rt/%.S bench/module.mk
	@mkdir -p $(dir $@)
	$(RISCV_CC) $(BENCH_RISCV_CFLAGS) -c $< -o $@

build/bench/riscv/%.elf: build/bench/obj-riscv/%.o bench/guest_main.c $(BENCH_RT_OBJS) \
		bench/link.ld bench/rt/rt.h $(BENCH_HDRS)
	@mkdir -p $(dir $@)
	$(RISCV_CC) $(BENCH_RISCV_CFLAGS) $(BENCH_DEFS) $(BENCH_RISCV_LDFLAGS) -o $@ \
		bench/guest_main.c $< $(BENCH_RT_OBJS) -lgcc

# Keep the objects: the programs are rebuilt from them when only a scale changes.
.SECONDARY: $(patsubst %,build/bench/obj-native/%.o,$(BENCH_KERNELS)) \
	$(patsubst %,build/bench/obj-riscv/%.o,$(BENCH_KERNELS)) $(BENCH_RT_OBJS)

.PHONY: bench bench-build
bench-build: $(BENCH_NATIVE) $(BENCH_ELFS)

bench: build/rivet bench-build
	bench/run.sh build/rivet build/bench "$(BENCH_KERNELS)"
