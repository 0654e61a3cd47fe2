# SPDX-License-Identifier: MIT
# roms/: the default guest (see roms/README.md).
