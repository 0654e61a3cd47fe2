import sys; sys.path.insert(0, "/tmp/isa/gen")
from rv import *
exec(open("/tmp/isa/gen/alu_common.py").read())
g.out("  /* Every W operation computes on the low 32 bits and sign-extends bit 31 of the")
g.out("     result into bits 63:32 (Unpriv 4.2.1); upper source bits are ignored. */")
rr("addw", addw, [(0, 0), (1, 1), (0x7fffffff, 1), (0x80000000, 0), (0xffffffff, 0), (0xffffffff, 1),
                  (0x123456789, 0), (0xffffffff7fffffff, 0xffffffff00000001), (0x8000000000000000, 0x7ffffffe), (0x00000000ffffffff, 0xffffffff00000000)])
rr("subw", subw, [(0, 0), (1, 1), (0, 0x80000000), (0x80000000, 1), (0, 1), (0x100000000, 1),
                  (0xffffffff80000000, 0x7fffffff), (0x0000000100000000, 0xffffffff00000000)])
rr("sllw", sllw, [(1, 0), (1, 31), (1, 30), (0xffffffff, 31), (0x12345678abcdef01, 0), (0x12345678abcdef01, 4),
                  (0x12345678abcdef01, 32), (0x12345678abcdef01, 33), (1, ALL), (0x0000000100000000, 0)])
rr("srlw", srlw, [(0x80000000, 0), (0x80000000, 1), (0x80000000, 31), (0xffffffff, 0), (0xffffffff, 31),
                  (0x12345678abcdef01, 4), (0xffffffff00000001, 0), (0x80000000, 32), (0x80000000, 33), (0x80000000, ALL)])
rr("sraw", sraw, [(0x80000000, 0), (0x80000000, 1), (0x80000000, 31), (0x7fffffff, 0), (0x7fffffff, 30),
                  (0x12345678abcdef01, 4), (0x00000000ffff0000, 8), (0x80000000, 32), (0x80000000, 63), (0xffffffff7fffffff, 1)])
ri("addiw", addw, [(0, 0), (1, 1), (0x7fffffff, 1), (0x80000000, 0), (0xffffffff, 0), (0x123456789, 0),
                   (0x7ffffffff, -1), (0, -2048), (0x80000000, -1), (0xffffffff, 2047)])
ri("slliw", sllw, [(1, 0), (1, 31), (0xffffffff, 31), (0x12345678abcdef01, 0), (0x12345678abcdef01, 4), (0x12345678abcdef01, 16), (0x100000001, 1)])
ri("srliw", srlw, [(0x80000000, 0), (0x80000000, 1), (0x80000000, 31), (0xffffffff, 0), (0xffffffff00000001, 0), (0x12345678abcdef01, 4), (0xffffffff, 31)])
ri("sraiw", sraw, [(0x80000000, 0), (0x80000000, 1), (0x80000000, 31), (0x7fffffff, 0), (0x7fffffff, 30), (0x12345678abcdef01, 4), (0x00000000ffff0000, 8)])
emit("/work/main/tests/isa/rv64i_alu_w.S", ["RV64I word operations (Unpriv 4.2.1): addw/subw/sllw/srlw/sraw and the", "immediate forms, checking the sign extension of every 32-bit result."], g.text())
