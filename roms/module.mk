# SPDX-License-Identifier: MIT
# roms/: the default guest, built from Debian packages by scripts/build-guest
# and cached outside the tree (see roms/README.md).

GUEST_APPEND ?= console=ttyS0
RUN_ARGS ?=

.PHONY: guest run run-interp
guest:
	scripts/build-guest

# Boot the default guest to a shell; `poweroff` (or Ctrl-A x) returns here.
run: build/rivet
	@dir=$$(scripts/build-guest | tail -n 1) && . "$$dir/guest.env" && \
	exec build/rivet -M virt -m 512M -bios default -kernel "$$KERNEL" -initrd "$$INITRD" \
		-append "$(GUEST_APPEND)" -nographic $(RUN_ARGS)

run-interp:
	$(MAKE) run RUN_ARGS="-accel interp $(RUN_ARGS)"
