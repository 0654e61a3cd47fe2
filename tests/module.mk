# SPDX-License-Identifier: MIT
# Test layers: cmocka unit tests (tests/unit), bare-metal ISA tests run under
# every engine (tests/isa), and boot tests of the default guest.

UNIT_TESTS := $(patsubst tests/unit/%.c,build/tests/unit/%,$(wildcard tests/unit/test_*.c))

build/tests/unit/%: tests/unit/%.c build/librivet.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CFLAGS_DEPS) -MMD -MP -o $@ $< build/librivet.a $(CMOCKA_LIBS) $(LIBS)

ISA_SRCS := $(wildcard tests/isa/*.S)
ISA_ELFS := $(patsubst tests/isa/%.S,build/tests/isa/%.elf,$(ISA_SRCS))
ISA_FAIL_ELFS := $(patsubst tests/isa/fail/%.S,build/tests/isa/fail/%.elf,$(wildcard tests/isa/fail/*.S))
ISA_MARCH := rv64gc_zba_zbb_zbc_zbs_zicbom_zicboz
ISA_CFLAGS := -march=$(ISA_MARCH) -mabi=lp64d -nostdlib -nostartfiles -static -T tests/isa/link.ld -I tests/isa

build/tests/isa/%.elf: tests/isa/%.S tests/isa/link.ld $(wildcard tests/isa/*.h)
	@mkdir -p $(dir $@)
	$(RISCV_CC) $(ISA_CFLAGS) -o $@ $<

ENGINES ?= interp jit

# Lockstep differential test (tests/lockstep/README.md): the JIT against the
# interpreter on every ISA program and on seeded random instruction streams.
# Objects live apart from the program; vclock.o (a deterministic clock)
# must come before the library, whose util/clock.o it replaces.
LOCKSTEP_SRCS := $(wildcard tests/lockstep/*.c)
LOCKSTEP_OBJS := $(patsubst tests/lockstep/%.c,build/tests/lockstep.obj/%.o,$(LOCKSTEP_SRCS))

build/tests/lockstep.obj/%.o: tests/lockstep/%.c build/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CFLAGS_DEPS) -MMD -MP -c $< -o $@

build/tests/lockstep: $(LOCKSTEP_OBJS) build/librivet.a
	$(CC) $(LDFLAGS) -o $@ $(LOCKSTEP_OBJS) build/librivet.a $(LIBS)

.PHONY: check check-unit check-isa check-boot check-virtio check-diff check-diff-long tests
tests: $(UNIT_TESTS) $(ISA_ELFS) $(ISA_FAIL_ELFS) build/tests/lockstep

check-diff: build/tests/lockstep $(ISA_ELFS)
	@build/tests/lockstep --self-check $(ISA_ELFS)
	@build/tests/lockstep --random 300000 $(ISA_ELFS)
	@build/tests/lockstep --engine jit-chain --seed 1001 --random 300000 $(ISA_ELFS)

check-diff-long: build/tests/lockstep $(ISA_ELFS)
	@build/tests/lockstep --long --seed 100000 $(ISA_ELFS)
	@build/tests/lockstep --engine jit-chain --long --seed 200000 $(ISA_ELFS)

check-unit: $(UNIT_TESTS)
	@tests/run-unit.sh $(UNIT_TESTS)

check-isa: build/rivet $(ISA_ELFS) $(ISA_FAIL_ELFS)
	@ENGINES="$(ENGINES)" tests/run-isa.sh build/rivet build/tests/isa

# Boot layer: device tree sanity, OpenSBI + Linux to a command and poweroff
# (one hart and four), and U-Boot to its prompt. Builds the guest if missing.
check-boot: build/rivet $(ISA_ELFS)
	@tests/boot/dtb-check.sh build/rivet
	@for e in $(ENGINES); do \
		tests/boot/boot-linux.sh build/rivet $$e 180 && \
		tests/boot/boot-linux.sh build/rivet $$e 180 -smp 4 && \
		tests/boot/boot-linux.sh build/rivet $$e 180 -dtb build/tests/boot256.dtb && \
		tests/boot/boot-uboot.sh build/rivet $$e 120 || exit 1; \
	done
	@# JIT stress: a 2 MiB code cache flushes about a thousand times per
	@# boot, with four harts looking up, translating and running meanwhile
	@RIVET_JIT_CACHE_MB=2 tests/boot/boot-linux.sh build/rivet jit 180 -smp 4

# virtio layer: disks (ext4 written by the guest, checked by e2fsck and
# debugfs; readonly, -snapshot, gzip), a kill -9 crash during fsync'd
# writes, user networking on loopback (DHCP, hostfwd, guest to host), rng
# and console. Builds the guest if missing.
check-virtio: build/rivet
	@tests/boot/cli-errors.sh build/rivet
	@for e in $(ENGINES); do for t in disk crash net misc; do \
		tests/boot/virtio-$$t.sh build/rivet $$e 300 || exit 1; \
	done; done

# Multi-hart boot stress: N four-hart JIT boots, counted. It found the
# OpenSBI 1.1 HSM start race (docs/jit.md, cpu/hart.c hart_wait_for_interrupt).
SMP_RUNS ?= 20
.PHONY: check-smp-jit
check-smp-jit: build/rivet
	@ok=0; for n in $$(seq 1 $(SMP_RUNS)); do \
		tests/boot/boot-linux.sh build/rivet jit 30 -smp 4 >/dev/null 2>&1 && ok=$$((ok + 1)); \
	done; echo "jit -smp 4 boots: $$ok passed, $$(($(SMP_RUNS) - ok)) failed"; [ $$ok -eq $(SMP_RUNS) ]

# Each layer stops make at its first failure, so reaching here means all passed.
check: check-unit check-isa check-diff check-boot check-virtio
	@echo "make check: unit, isa, diff, boot and virtio layers all passed"
	@echo "layers: 5 passed, 0 failed"
