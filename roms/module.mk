# SPDX-License-Identifier: MIT
# roms/: the default guest, built from Debian packages by scripts/build-guest
# and cached outside the tree (see roms/README.md).

GUEST_APPEND ?= console=ttyS0
RUN_ARGS ?=
# run-disk's writable root disk: a copy of the guest's rootfs.ext4, made once and then kept,
# so what the guest writes survives between runs. Delete it to start again from the image.
RUN_DISK ?= build/run-disk.ext4

.PHONY: guest run run-interp run-disk
guest:
	scripts/build-guest

# Boot the default guest to a shell; `poweroff` (or Ctrl-A x) returns here.
run: build/rivet
	@dir=$$(scripts/build-guest | tail -n 1) && . "$$dir/guest.env" && \
	exec build/rivet -M virt -m 512M -bios default -kernel "$$KERNEL" -initrd "$$INITRD" \
		-append "$(GUEST_APPEND)" -nographic $(RUN_ARGS)

run-interp:
	$(MAKE) run RUN_ARGS="-accel interp $(RUN_ARGS)"

# As `run`, but with no initramfs: the root file system is $(RUN_DISK) on virtio-blk.
run-disk: build/rivet
	@dir=$$(scripts/build-guest | tail -n 1) && . "$$dir/guest.env" && \
	if [ ! -f "$(RUN_DISK)" ]; then \
		echo "run-disk: creating $(RUN_DISK) from $$ROOTFS (kept between runs)" && \
		mkdir -p "$(dir $(RUN_DISK))" && \
		cp --sparse=always "$$ROOTFS" "$(RUN_DISK).tmp" && mv "$(RUN_DISK).tmp" "$(RUN_DISK)"; \
	fi && \
	exec build/rivet -M virt -m 512M -bios default -kernel "$$KERNEL" \
		-append "$(GUEST_APPEND) root=/dev/vda rw" \
		-drive file=$(RUN_DISK),format=raw,if=virtio -nographic $(RUN_ARGS)
