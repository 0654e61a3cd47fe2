/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the virtio-mmio transport, split virtqueues,
 * virtio-blk and virtio-net: each input is a little driver program (register
 * accesses, RAM writes, ring-building helpers) run against devices that live
 * for the whole process and are reset between inputs. See README.md. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hw/block.h"
#include "hw/irq.h"
#include "hw/netdev.h"
#include "hw/virtio.h"
#include "hw/virtio_blk.h"
#include "hw/virtio_net.h"
#include "mem/bus.h"

#define FZ_RAM_BASE  0x80000000ull
#define FZ_RAM_SIZE  (1ull << 20)
#define FZ_MMIO_BASE 0x10001000ull /* device i at FZ_MMIO_BASE + i * 0x1000 */
#define FZ_IMG_SIZE  (64u << 10)
#define FZ_ZONE_SIZE 0x10000ull /* one queue's rings: desc, avail, used at 4 KiB steps */
#define FZ_BUF_START (FZ_ZONE_SIZE * FZ_NZONES)
#define FZ_WAIT_NS   2000000ll /* how long one WAIT opcode may poll */
#define FZ_MAX_CHAIN 8

/* The devices: blk over the sentinel image (snapshot, and readonly with
 * O_DIRECT), blk over two scratch images it may write (page cache, and
 * O_DIRECT through the bounce buffer), and net over a user netdev. */
enum { FZ_BLK_SNAP, FZ_BLK_RW, FZ_BLK_RO, FZ_BLK_DIRECT, FZ_NET, FZ_NDEV };
#define FZ_NBLK   FZ_NET
#define FZ_NZONES 6 /* one per queue: four blk queues, net rx and tx */

/* Descriptor flags (virtio 1.2, 2.7.5) */
/* The opcodes of an input program: one byte each, then their operands
 * (little-endian; "data" is a count byte and that many bytes, see fz_bytes;
 * a short input reads as zeroes). */
enum {
    FZ_OP_RAM_WRITE,   /* off32, len8, len8 bytes */
    FZ_OP_RAM_FILL,    /* off32, len16, byte */
    FZ_OP_MMIO_WRITE,  /* dev, off16, size, value64 */
    FZ_OP_MMIO_READ,   /* dev, off16, size */
    FZ_OP_SETUP,       /* dev, feature mask, log2 queue size: the whole handshake */
    FZ_OP_CHAIN,       /* dev, q, mode, n, n * (off24, len, flags, next16): raw chain */
    FZ_OP_BLK_REQ,     /* dev, type, sector16, sectors, layout, data or n * (sector8,
                          count8, flags8): a virtio-blk request */
    FZ_OP_NET_TX,      /* len16, layout, data: one transmit chain */
    FZ_OP_NET_RX_BUF,  /* len16, layout: one receive buffer */
    FZ_OP_NET_DELIVER, /* len16, data: a frame from the host side */
    FZ_OP_NOTIFY,      /* dev, q */
    FZ_OP_WAIT,        /* dev, q: poll the used index for a short while */
    FZ_OP_RESET,       /* dev, how */
    FZ_OP_FAULT,       /* dev, err, count: the next block writes fail */
    FZ_OP_ACK,         /* dev: read InterruptStatus and acknowledge it */
    FZ_OP_REG_WRITE,   /* dev, register / 4, value32: a 32-bit register write */
    FZ_OP_BIG_CHAIN,   /* dev, q, n16, len16, flags: an indirect table of n entries */
    FZ_NOPS
};

/* The driver's view of one queue, as set up by FZ_OP_SETUP. */
struct fz_queue {
    bool set;
    uint32_t num;
    uint64_t desc, avail, used; /* guest addresses */
    uint16_t avail_idx, next_desc;
};

struct fz_dev {
    struct virtio_dev *vd;
    struct block *blk; /* owned by the device */
    unsigned nq;
    struct fz_queue q[2];
    bool irq_level;
    bool kicked; /* notified or started during this input */
};

static struct {
    struct bus *bus;
    uint8_t *ram;
    struct netdev *nd;
    struct fz_dev dev[FZ_NDEV];
    int sentinel_fd;   /* the image the snapshot and readonly disks use */
    int scratch_fd[2]; /* the images the writable disks use */
    uint64_t sentinel_hash;
    uint64_t next_buf; /* bump allocator for request buffers */
    bool verbose;      /* RIVET_FUZZ_VERBOSE: report each WAIT */
} fz;

/* ---- input reader ---- */

struct fz_in {
    const uint8_t *p;
    size_t n;
};

static uint8_t fz_u8(struct fz_in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static uint64_t fz_uint(struct fz_in *in, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)fz_u8(in) << (8 * i);
    return v;
}

/* len bytes into dst: a count byte says how many come from the input (at
 * most len); the rest is a pattern, so big buffers cost few input bytes. */
static void fz_bytes(struct fz_in *in, uint8_t *dst, size_t len)
{
    size_t k = fz_u8(in);
    k = k < len ? k : len;
    k = k < in->n ? k : in->n;
    memcpy(dst, in->p, k);
    in->p += k;
    in->n -= k;
    for (size_t i = k; i < len; i++)
        dst[i] = (uint8_t)(i * 7);
}

/* ---- host side helpers ---- */

static void fz_fail(const char *what)
{
    fprintf(stderr, "fuzz_virtio: %s\n", what);
    abort();
}

static uint8_t *fz_ram(uint64_t gpa) { return fz.ram + (gpa - FZ_RAM_BASE); }

static void fz_st16(uint64_t gpa, uint16_t v)
{
    __atomic_store_n((uint16_t *)(void *)fz_ram(gpa), v, __ATOMIC_RELEASE);
}

static uint16_t fz_ld16(uint64_t gpa)
{
    return __atomic_load_n((const uint16_t *)(const void *)fz_ram(gpa), __ATOMIC_ACQUIRE);
}

static void fz_wr(unsigned d, uint64_t off, uint32_t v)
{
    bus_write(fz.bus, FZ_MMIO_BASE + 0x1000 * d + off, 4, v);
}

static uint32_t fz_rd(unsigned d, uint64_t off)
{
    uint64_t v = 0;
    bus_read(fz.bus, FZ_MMIO_BASE + 0x1000 * d + off, 4, &v);
    return (uint32_t)v;
}

static void fz_irq_set(void *opaque, unsigned num, bool level)
{
    (void)opaque;
    __atomic_store_n(&fz.dev[num].irq_level, level, __ATOMIC_RELAXED);
}

static uint64_t fz_hash_fd(int fd)
{
    static uint8_t buf[FZ_IMG_SIZE];
    if (pread(fd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf))
        fz_fail("cannot read back the sentinel image");
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < sizeof(buf); i++)
        h = (h ^ buf[i]) * 1099511628211ull;
    return h;
}

/* ---- global setup ---- */

/* An image file of FZ_IMG_SIZE pattern bytes in $TMPDIR, unlinked once the
 * devices hold it open; returns an fd kept for checks. */
static int fz_make_image(char *path, size_t size, unsigned seed)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, size, "%s/rivet-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        fz_fail("cannot create a temporary image");
    static uint8_t buf[FZ_IMG_SIZE];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(i * 31 + seed + (i >> 9));
    if (pwrite(fd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf))
        fz_fail("cannot write a temporary image");
    return fd;
}

static struct block *fz_open(const char *path, bool readonly, bool snapshot, enum block_cache cache)
{
    struct block_config c = {.file = path,
                             .option = "-drive fuzz",
                             .readonly = readonly,
                             .snapshot = snapshot,
                             .cache = cache};
    struct block *b = block_open(&c);
    if (!b)
        fz_fail("cannot open a temporary image");
    return b;
}

static void fz_add_blk(unsigned d, struct block *b)
{
    struct irq_line irq = {.set = fz_irq_set, .num = d};
    struct virtio_blk *v = virtio_blk_create(fz.bus, FZ_MMIO_BASE + 0x1000 * d, &irq, b, NULL);
    if (!v)
        fz_fail("cannot create virtio-blk");
    fz.dev[d] = (struct fz_dev){.vd = virtio_blk_transport(v), .blk = b, .nq = 1};
}

static void fz_add_net(void)
{
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    struct netdev_config c = {.option = "-netdev user,id=fuzz", .type = NETDEV_USER, .id = "fuzz"};
    struct irq_line irq = {.set = fz_irq_set, .num = FZ_NET};
    fz.nd = netdev_create(&c);
    struct virtio_net *v =
        fz.nd ? virtio_net_create(fz.bus, FZ_MMIO_BASE + 0x1000 * FZ_NET, &irq, fz.nd, mac) : NULL;
    if (!v)
        fz_fail("cannot create virtio-net");
    fz.dev[FZ_NET] = (struct fz_dev){.vd = virtio_net_transport(v), .nq = 2};
}

/* RAM between two inaccessible pages: RAM is mmap'd, so ASan would not see
 * a DMA overrun. A PROT_NONE reservation is made and its middle unmapped;
 * RAM-sized placeholders then fill every higher hole of the address space,
 * so the kernel's top-down allocator puts bus_add_ram's mmap in ours. */
static void fz_add_guarded_ram(void)
{
    enum { FZ_PLUGS = 64 };
    size_t page = 4096;
    void *plug[FZ_PLUGS];
    unsigned nplug = 0;
    uint8_t *r = mmap(NULL, FZ_RAM_SIZE + 2 * page, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r != MAP_FAILED) {
        munmap(r + page, FZ_RAM_SIZE);
        while (nplug < FZ_PLUGS) {
            void *p = mmap(NULL, FZ_RAM_SIZE, PROT_NONE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
            if (p == MAP_FAILED || p == r + page) {
                if (p != MAP_FAILED)
                    munmap(p, FZ_RAM_SIZE);
                break;
            }
            plug[nplug++] = p;
        }
    }
    if (bus_add_ram(fz.bus, "ram", FZ_RAM_BASE, FZ_RAM_SIZE) < 0)
        fz_fail("cannot create RAM");
    fz.ram = bus_host_ptr(fz.bus, FZ_RAM_BASE, FZ_RAM_SIZE, true);
    while (nplug)
        munmap(plug[--nplug], FZ_RAM_SIZE);
    if (r != MAP_FAILED && fz.ram != r + page) {
        fprintf(stderr, "fuzz_virtio: no guard pages around RAM\n");
        munmap(r, page);
        munmap(r + page + FZ_RAM_SIZE, page);
    }
}

static void fz_init(void)
{
    char sentinel[256], scratch[256], direct[256];
    fz.bus = bus_create();
    if (!fz.bus)
        fz_fail("cannot create the bus");
    fz_add_guarded_ram();
    fz.sentinel_fd = fz_make_image(sentinel, sizeof(sentinel), 1);
    fz.scratch_fd[0] = fz_make_image(scratch, sizeof(scratch), 2);
    fz.scratch_fd[1] = fz_make_image(direct, sizeof(direct), 3);
    fz.sentinel_hash = fz_hash_fd(fz.sentinel_fd);
    fz_add_blk(FZ_BLK_SNAP, fz_open(sentinel, false, true, BLOCK_CACHE_WRITEBACK));
    fz_add_blk(FZ_BLK_RW, fz_open(scratch, false, false, BLOCK_CACHE_UNSAFE));
    fz_add_blk(FZ_BLK_RO, fz_open(sentinel, true, false, BLOCK_CACHE_NONE));
    fz_add_blk(FZ_BLK_DIRECT, fz_open(direct, false, false, BLOCK_CACHE_NONE));
    fz_add_net();
    unlink(sentinel);
    unlink(scratch);
    unlink(direct);
}

/* ---- driver helpers ---- */

/* Virtio 1.2, 3.1.1: reset, negotiate, rings for every queue in the
 * device's zones, DRIVER_OK. Bits of mask drop offered features or break a
 * step: 8 no VERSION_1, 16 a raw QueueNum byte, 32 no DRIVER_OK, 64 a
 * misaligned descriptor table, 128 a feature that was not offered. */
static void fz_setup(struct fz_in *in)
{
    unsigned d = fz_u8(in) % FZ_NDEV;
    uint8_t mask = fz_u8(in);
    uint32_t num = 1u << (fz_u8(in) % 9);
    if (mask & 16)
        num = fz_u8(in);
    struct fz_dev *dv = &fz.dev[d];
    dv->kicked = true; /* DRIVER_OK kicks the blk worker */
    fz_wr(d, VIRTIO_MMIO_STATUS, 0);
    fz_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    uint64_t feat = 0;
    for (uint32_t w = 0; w < 2; w++) {
        fz_wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, w);
        feat |= (uint64_t)fz_rd(d, VIRTIO_MMIO_DEVICE_FEATURES) << (32 * w);
    }
    if (mask & 1)
        feat &= ~(1ull << VIRTIO_F_RING_EVENT_IDX);
    if (mask & 2)
        feat &= ~(1ull << VIRTIO_F_RING_INDIRECT_DESC);
    if (mask & 4)
        feat &= 0xffffffff00000000ull;
    if (mask & 8)
        feat &= ~(1ull << VIRTIO_F_VERSION_1);
    if (mask & 128)
        feat |= 1ull << 40;
    for (uint32_t w = 0; w < 2; w++) {
        fz_wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, w);
        fz_wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(feat >> (32 * w)));
    }
    fz_wr(d, VIRTIO_MMIO_STATUS,
          VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    for (unsigned i = 0; i < dv->nq; i++) {
        unsigned zone = d == FZ_NET ? FZ_NET + i : d;
        uint64_t at = FZ_RAM_BASE + FZ_ZONE_SIZE * zone;
        struct fz_queue *q = &dv->q[i];
        *q = (struct fz_queue){.set = true,
                               .num = num ? num : 1,
                               .desc = at,
                               .avail = at + 0x1000,
                               .used = at + 0x2000};
        memset(fz_ram(at), 0, 0x3000);
        fz_wr(d, VIRTIO_MMIO_QUEUE_SEL, i);
        fz_wr(d, VIRTIO_MMIO_QUEUE_NUM, num);
        fz_wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)q->desc + (mask & 64 ? 8 : 0));
        fz_wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW + 4, (uint32_t)(q->desc >> 32));
        fz_wr(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)q->avail);
        fz_wr(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW + 4, (uint32_t)(q->avail >> 32));
        fz_wr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)q->used);
        fz_wr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW + 4, (uint32_t)(q->used >> 32));
        fz_wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
    }
    if (mask & 32)
        return;
    fz_wr(d, VIRTIO_MMIO_STATUS,
          VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
              VIRTIO_STATUS_DRIVER_OK);
}

/* len bytes of buffer space in RAM past the ring zones (wrapping). */
static uint64_t fz_alloc(uint64_t len)
{
    if (len > FZ_RAM_SIZE - FZ_BUF_START)
        len = FZ_RAM_SIZE - FZ_BUF_START;
    if (fz.next_buf < FZ_BUF_START || fz.next_buf + len > FZ_RAM_SIZE)
        fz.next_buf = FZ_BUF_START;
    uint64_t gpa = FZ_RAM_BASE + fz.next_buf;
    fz.next_buf = (fz.next_buf + len + 15) & ~15ull;
    return gpa;
}

struct fz_seg {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next; /* next: only used when raw is set in fz_publish */
};

static void fz_put_desc(uint64_t at, const struct fz_seg *s)
{
    uint8_t *p = fz_ram(at);
    memcpy(p, &s->addr, 8);
    memcpy(p + 8, &s->len, 4);
    memcpy(p + 12, &s->flags, 2);
    memcpy(p + 14, &s->next, 2);
}

/* Put a chain of n segments in q's descriptor table (or an indirect table
 * when indirect) and make it available. Unless raw, NEXT flags and links
 * are made consistent. */
static void fz_publish(struct fz_queue *q, struct fz_seg *s, unsigned n, bool indirect, bool raw)
{
    if (!q->set || !n)
        return;
    if (!raw) {
        for (unsigned i = 0; i < n; i++) {
            s[i].flags &= (uint16_t)~VIRTQ_DESC_F_NEXT;
            s[i].flags |= i + 1 < n ? VIRTQ_DESC_F_NEXT : 0;
            s[i].next = indirect ? (uint16_t)(i + 1) : (uint16_t)((q->next_desc + i + 1) % q->num);
        }
    }
    uint16_t head = (uint16_t)(q->next_desc % q->num);
    if (indirect) {
        uint64_t table = fz_alloc(16ull * n);
        for (unsigned i = 0; i < n; i++)
            fz_put_desc(table + 16ull * i, &s[i]);
        struct fz_seg ind = {.addr = table, .len = 16 * n, .flags = VIRTQ_DESC_F_INDIRECT};
        fz_put_desc(q->desc + 16ull * head, &ind);
        q->next_desc = (uint16_t)(q->next_desc + 1);
    } else {
        for (unsigned i = 0; i < n; i++)
            fz_put_desc(q->desc + 16ull * ((q->next_desc + i) % q->num), &s[i]);
        q->next_desc = (uint16_t)(q->next_desc + n);
    }
    fz_st16(q->avail + 4 + 2ull * (q->avail_idx % q->num), head);
    q->avail_idx++;
    fz_st16(q->avail + 2, q->avail_idx);
}

static struct fz_queue *fz_queue_arg(struct fz_in *in, unsigned *dp)
{
    unsigned d = fz_u8(in) % FZ_NDEV;
    unsigned qi = fz_u8(in) % fz.dev[d].nq;
    if (dp)
        *dp = d;
    return &fz.dev[d].q[qi];
}

/* A raw chain: addresses mostly inside RAM, lengths and flags as given. */
static void fz_chain(struct fz_in *in)
{
    struct fz_queue *q = fz_queue_arg(in, NULL);
    uint8_t mode = fz_u8(in);
    unsigned n = 1 + fz_u8(in) % FZ_MAX_CHAIN;
    struct fz_seg s[FZ_MAX_CHAIN];
    for (unsigned i = 0; i < n; i++) {
        uint32_t off = (uint32_t)fz_uint(in, 3);
        s[i].addr = (mode & 4) ? fz_uint(in, 8) : FZ_RAM_BASE + off % FZ_RAM_SIZE;
        s[i].len = (mode & 8) ? (uint32_t)fz_uint(in, 4) : (uint32_t)fz_uint(in, 2);
        s[i].flags = fz_u8(in);
        s[i].next = (uint16_t)fz_uint(in, 2);
    }
    fz_publish(q, s, n, mode & 1, mode & 2);
}

/* Split len bytes at gpa into up to 3 segments as layout says. */
static unsigned fz_split(uint64_t gpa, uint32_t len, uint8_t layout, uint16_t flags,
                         struct fz_seg *s)
{
    unsigned parts = 1 + layout % 3, n = 0;
    uint32_t left = len;
    for (unsigned i = 0; i < parts && left; i++) {
        uint32_t k = i + 1 == parts ? left : 1 + (left * ((layout >> 2) & 3)) / 4 % left;
        s[n++] = (struct fz_seg){.addr = gpa, .len = k, .flags = flags};
        gpa += k;
        left -= k;
    }
    return n;
}

/* Discard / write-zeroes segments (5.2.6) from one byte each of sector,
 * sector count and flags: valid ones are easy to reach. */
static void fz_zero_segments(struct fz_in *in, uint8_t *p, uint32_t len)
{
    for (uint32_t i = 0; i + 16 <= len; i += 16) {
        uint64_t sector = fz_u8(in);
        uint32_t num = fz_u8(in), flags = fz_u8(in) & 3;
        memcpy(p + i, &sector, 8);
        memcpy(p + i + 8, &num, 4);
        memcpy(p + i + 12, &flags, 4);
    }
}

/* virtio-blk request (virtio 1.2, 5.2.6): header, data, status byte. */
static void fz_blk_req(struct fz_in *in)
{
    static const uint32_t types[] = {0, 1, 4, 8, 11, 13, 10, 0xffffffffu};
    unsigned d = fz_u8(in) % FZ_NBLK;
    uint32_t type = types[fz_u8(in) % 8];
    uint64_t sector = fz_uint(in, 2);
    uint8_t sectors = fz_u8(in), layout = fz_u8(in);
    uint32_t len = (sectors & 0x1f) * 512u + (sectors & 0x80 ? 16u * (sectors >> 5 & 3) : 0);
    bool write = type != 0 && type != 8;
    uint64_t hdr = fz_alloc(16 + len + 1);
    uint8_t *h = fz_ram(hdr);
    memcpy(h, &type, 4);
    memset(h + 4, 0, 4);
    memcpy(h + 8, &sector, 8);
    if ((type == 11 || type == 13) && (layout & 0x80))
        fz_zero_segments(in, h + 16, len);
    else
        fz_bytes(in, h + 16, len); /* data or discard segments */
    struct fz_seg s[8];
    unsigned n = 0;
    s[n++] = (struct fz_seg){.addr = hdr, .len = 16};
    n += fz_split(hdr + 16, len, layout, write ? 0 : VIRTQ_DESC_F_WRITE, s + n);
    s[n++] = (struct fz_seg){.addr = hdr + 16 + len, .len = 1, .flags = VIRTQ_DESC_F_WRITE};
    fz_publish(&fz.dev[d].q[0], s, n, layout & 0x40, false);
}

/* virtio-net transmit (5.1.6.2): a 12-byte header and the frame. */
static void fz_net_tx(struct fz_in *in)
{
    uint32_t len = 12 + (uint32_t)fz_uint(in, 2) % 1600;
    uint8_t layout = fz_u8(in);
    uint64_t buf = fz_alloc(len);
    memset(fz_ram(buf), 0, 12);
    fz_bytes(in, fz_ram(buf) + 12, len - 12);
    struct fz_seg s[4];
    unsigned n = fz_split(buf, len, layout, 0, s);
    fz_publish(&fz.dev[FZ_NET].q[1], s, n, layout & 0x40, false);
}

static void fz_net_rx_buf(struct fz_in *in)
{
    uint32_t len = 1 + (uint32_t)fz_uint(in, 2) % 2048;
    uint8_t layout = fz_u8(in);
    struct fz_seg s[4];
    unsigned n = fz_split(fz_alloc(len), len, layout, VIRTQ_DESC_F_WRITE, s);
    fz_publish(&fz.dev[FZ_NET].q[0], s, n, layout & 0x40, false);
}

static void fz_net_deliver(struct fz_in *in)
{
    static uint8_t frame[2048];
    size_t len = fz_uint(in, 2) % sizeof(frame);
    fz_bytes(in, frame, len);
    netdev_deliver(fz.nd, frame, len);
}

static int64_t fz_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Until the device has used everything made available, failed, or
 * FZ_WAIT_NS passed: the blk worker runs on its own thread. */
static void fz_wait_queue(unsigned d, const struct fz_queue *q)
{
    int64_t end = fz_now_ns() + FZ_WAIT_NS;
    while (fz_ld16(q->used + 2) != fz_ld16(q->avail + 2) &&
           !(fz_rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET) && fz_now_ns() < end) {
        struct timespec t = {0, 20000};
        nanosleep(&t, NULL);
    }
    if (fz.verbose)
        fprintf(stderr, "fuzz_virtio: wait dev %u: avail %u used %u status 0x%x\n", d,
                fz_ld16(q->avail + 2), fz_ld16(q->used + 2), fz_rd(d, VIRTIO_MMIO_STATUS));
}

static void fz_wait(struct fz_in *in)
{
    unsigned d;
    struct fz_queue *q = fz_queue_arg(in, &d);
    if (q->set)
        fz_wait_queue(d, q);
}

static void fz_mmio(struct fz_in *in, bool write)
{
    unsigned d = fz_u8(in) % FZ_NDEV;
    uint64_t off = fz_uint(in, 2) % 0x200;
    unsigned size = 1u << (fz_u8(in) % 4);
    uint64_t addr = FZ_MMIO_BASE + 0x1000 * d + off, v = 0;
    if (off == VIRTIO_MMIO_QUEUE_NOTIFY)
        fz.dev[d].kicked = true;
    if (write)
        bus_write(fz.bus, addr, size, fz_uint(in, 8));
    else
        bus_read(fz.bus, addr, size, &v);
}

static void fz_ram_write(struct fz_in *in, bool fill)
{
    uint64_t off = fz_uint(in, 4) % FZ_RAM_SIZE;
    uint64_t len = fill ? fz_uint(in, 2) : fz_u8(in);
    if (len > FZ_RAM_SIZE - off)
        len = FZ_RAM_SIZE - off;
    if (fill) {
        memset(fz.ram + off, fz_u8(in), len);
        return;
    }
    len = len < in->n ? len : in->n;
    memcpy(fz.ram + off, in->p, len);
    in->p += len;
    in->n -= len;
}

static void fz_reset_one(struct fz_in *in)
{
    unsigned d = fz_u8(in) % FZ_NDEV;
    if (fz_u8(in) & 1)
        virtio_mmio_reset(fz.dev[d].vd);
    else
        fz_wr(d, VIRTIO_MMIO_STATUS, 0);
    fz.dev[d].q[0].set = fz.dev[d].q[1].set = false;
}

static void fz_fault(struct fz_in *in)
{
    unsigned d = fz_u8(in) % FZ_NBLK;
    int err = fz_u8(in) & 1 ? ENOSPC : EIO;
    block_inject_fault(fz.dev[d].blk, err, fz_u8(in) % 4);
}

static void fz_reg_write(struct fz_in *in)
{
    unsigned d = fz_u8(in) % FZ_NDEV;
    unsigned off = 4u * (fz_u8(in) % 64);
    if (off == VIRTIO_MMIO_QUEUE_NOTIFY)
        fz.dev[d].kicked = true;
    fz_wr(d, off, (uint32_t)fz_uint(in, 4));
}

/* One indirect descriptor whose table has n entries (up to 2047) chained
 * in order, all on one buffer: long chains and the segment limit. */
static void fz_big_chain(struct fz_in *in)
{
    struct fz_queue *q = fz_queue_arg(in, NULL);
    unsigned n = 1 + (unsigned)(fz_uint(in, 2) % 2047);
    uint32_t len = (uint32_t)fz_uint(in, 2);
    uint8_t flags = fz_u8(in) & VIRTQ_DESC_F_WRITE;
    if (!q->set)
        return;
    uint64_t table = fz_alloc(16ull * n), buf = fz_alloc(len);
    for (unsigned i = 0; i < n; i++) {
        struct fz_seg s = {.addr = buf, .len = len, .flags = flags, .next = (uint16_t)(i + 1)};
        s.flags |= i + 1 < n ? VIRTQ_DESC_F_NEXT : 0;
        fz_put_desc(table + 16ull * i, &s);
    }
    struct fz_seg ind = {.addr = table, .len = 16 * n, .flags = VIRTQ_DESC_F_INDIRECT};
    fz_publish(q, &ind, 1, false, true);
}

static void fz_step(struct fz_in *in)
{
    switch (fz_u8(in) % FZ_NOPS) {
    case FZ_OP_RAM_WRITE: fz_ram_write(in, false); break;
    case FZ_OP_RAM_FILL: fz_ram_write(in, true); break;
    case FZ_OP_MMIO_WRITE: fz_mmio(in, true); break;
    case FZ_OP_MMIO_READ: fz_mmio(in, false); break;
    case FZ_OP_SETUP: fz_setup(in); break;
    case FZ_OP_CHAIN: fz_chain(in); break;
    case FZ_OP_BLK_REQ: fz_blk_req(in); break;
    case FZ_OP_NET_TX: fz_net_tx(in); break;
    case FZ_OP_NET_RX_BUF: fz_net_rx_buf(in); break;
    case FZ_OP_NET_DELIVER: fz_net_deliver(in); break;
    case FZ_OP_NOTIFY: {
        unsigned d = fz_u8(in) % FZ_NDEV;
        fz.dev[d].kicked = true;
        fz_wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, fz_u8(in) % 4);
        break;
    }
    case FZ_OP_WAIT: fz_wait(in); break;
    case FZ_OP_RESET: fz_reset_one(in); break;
    case FZ_OP_FAULT: fz_fault(in); break;
    case FZ_OP_REG_WRITE: fz_reg_write(in); break;
    case FZ_OP_BIG_CHAIN: fz_big_chain(in); break;
    default: {
        unsigned d = fz_u8(in) % FZ_NDEV;
        fz_wr(d, VIRTIO_MMIO_INTERRUPT_ACK, fz_rd(d, VIRTIO_MMIO_INTERRUPT_STATUS));
        break;
    }
    }
}

/* ---- per input ---- */

/* Let the blk workers finish what this input started, so their coverage
 * does not depend on thread timing. */
static void fz_settle(void)
{
    for (unsigned d = 0; d < FZ_NBLK; d++)
        if (fz.dev[d].kicked && fz.dev[d].q[0].set)
            fz_wait_queue(d, &fz.dev[d].q[0]);
}

/* Machine reset: the devices stop (the blk workers go idle), then RAM is
 * zeroed so no input sees another's rings. */
static void fz_reset_all(void)
{
    for (unsigned d = 0; d < FZ_NDEV; d++) {
        virtio_mmio_reset(fz.dev[d].vd);
        fz.dev[d].q[0].set = fz.dev[d].q[1].set = false;
        fz.dev[d].kicked = false;
        if (fz.dev[d].blk)
            block_inject_fault(fz.dev[d].blk, 0, 0);
    }
    bus_reset_ram(fz.bus);
    fz.next_buf = FZ_BUF_START;
}

/* With every device reset: interrupts low, the sentinel image untouched, the
 * scratch images their original size. */
static void fz_check(void)
{
    struct stat st;
    for (unsigned d = 0; d < FZ_NDEV; d++)
        if (__atomic_load_n(&fz.dev[d].irq_level, __ATOMIC_RELAXED))
            fz_fail("interrupt line still high after a reset");
    if (fz_hash_fd(fz.sentinel_fd) != fz.sentinel_hash)
        fz_fail("the readonly / snapshot image changed");
    for (int i = 0; i < 2; i++)
        if (fstat(fz.scratch_fd[i], &st) < 0 || st.st_size != FZ_IMG_SIZE)
            fz_fail("a scratch image changed size");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        fz_init();
        ready = true;
    }
    fz_reset_all();
    struct fz_in in = {data, size};
    while (in.n)
        fz_step(&in);
    fz_settle();
    fz_reset_all();
    fz_check();
    return 0;
}

/* ---- seeds: RIVET_FUZZ_SEEDS=dir writes a few programs and exits ---- */

static void fz_seed(const char *dir, const char *name, const uint8_t *p, size_t n)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0)
        fz_fail("cannot write a seed");
}

static void fz_write_seeds(const char *dir)
{
    /* One driver step per line. */
    /* clang-format off */
    /* the writable disk: read, write, GET_ID, flush, write-zeroes */
    static const uint8_t blk[] = {
        FZ_OP_SETUP, 1, 0, 4,
        FZ_OP_BLK_REQ, 1, 0, 3, 0, 2, 0x05, 0,
        FZ_OP_BLK_REQ, 1, 1, 4, 0, 1, 0x00, 4, 'd', 'a', 't', 'a',
        FZ_OP_BLK_REQ, 1, 3, 0, 0, 0xa0, 0x41, 0,
        FZ_OP_BLK_REQ, 1, 2, 0, 0, 0, 0, 0,
        FZ_OP_BLK_REQ, 1, 5, 0, 0, 0xa0, 0, 16, 8, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0,
        FZ_OP_NOTIFY, 1, 0,
        FZ_OP_WAIT, 1, 0,
        FZ_OP_ACK, 1,
    };
    /* the snapshot disk, EVENT_IDX off: a write, then a raw indirect chain */
    static const uint8_t snap[] = {
        FZ_OP_SETUP, 0, 1, 3,
        FZ_OP_BLK_REQ, 0, 1, 9, 0, 1, 0x46, 0,
        FZ_OP_CHAIN, 0, 0, 1, 1, 0, 0, 6, 16, 0, 0, 0, 0, 0, 0x10, 6, 1, 0, 2, 0, 0,
        FZ_OP_NOTIFY, 0, 0,
        FZ_OP_WAIT, 0, 0,
    };
    /* net: receive buffers, an ARP request for the gateway, a host frame */
    static const uint8_t net[] = {
        FZ_OP_SETUP, FZ_NET, 0, 4,
        FZ_OP_NET_RX_BUF, 0x00, 0x06, 0,
        FZ_OP_NET_RX_BUF, 0x00, 0x06, 1,
        FZ_OP_NOTIFY, FZ_NET, 0,
        FZ_OP_NET_TX, 42, 0, 1, 42,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x08, 0x06,
        0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
        10, 0, 2, 15, 0, 0, 0, 0, 0, 0, 10, 0, 2, 2,
        FZ_OP_NOTIFY, FZ_NET, 1,
        FZ_OP_NET_DELIVER, 60, 0, 0,
        FZ_OP_WAIT, FZ_NET, 0,
    };
    /* clang-format on */
    fz_seed(dir, "seed-blk", blk, sizeof(blk));
    fz_seed(dir, "seed-snapshot", snap, sizeof(snap));
    /* the O_DIRECT disk: a write and a read-back of one sector */
    static const uint8_t direct[] = {
        FZ_OP_SETUP,
        FZ_BLK_DIRECT,
        0,
        4,
        FZ_OP_BLK_REQ,
        FZ_BLK_DIRECT,
        1,
        9,
        0,
        1,
        0x00,
        2,
        'o',
        'k',
        FZ_OP_BLK_REQ,
        FZ_BLK_DIRECT,
        0,
        9,
        0,
        1,
        0x00,
        0,
        FZ_OP_NOTIFY,
        FZ_BLK_DIRECT,
        0,
        FZ_OP_WAIT,
        FZ_BLK_DIRECT,
        0,
    };
    /* discard and write-zeroes, whole and partial clusters, snapshot and raw */
    static const uint8_t zero[] = {
        FZ_OP_SETUP,
        FZ_BLK_SNAP,
        0,
        4,
        FZ_OP_SETUP,
        FZ_BLK_RW,
        0,
        4,
        FZ_OP_BLK_REQ,
        FZ_BLK_SNAP,
        4,
        0,
        0,
        0xc0,
        0,
        32,
        8,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        16,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        9,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        FZ_OP_BLK_REQ,
        FZ_BLK_SNAP,
        5,
        0,
        0,
        0xa0,
        0,
        16,
        3,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        20,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        FZ_OP_BLK_REQ,
        FZ_BLK_RW,
        4,
        0,
        0,
        0xa0,
        0,
        16,
        8,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        16,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        FZ_OP_NOTIFY,
        FZ_BLK_SNAP,
        0,
        FZ_OP_NOTIFY,
        FZ_BLK_RW,
        0,
        FZ_OP_WAIT,
        FZ_BLK_SNAP,
        0,
        FZ_OP_WAIT,
        FZ_BLK_RW,
        0,
    };
    fz_seed(dir, "seed-zero", zero, sizeof(zero));
    fz_seed(dir, "seed-net", net, sizeof(net));
    fz_seed(dir, "seed-direct", direct, sizeof(direct));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = getenv("RIVET_FUZZ_SEEDS");
    fz.verbose = getenv("RIVET_FUZZ_VERBOSE") != NULL;
    if (dir) {
        fz_write_seeds(dir);
        exit(0);
    }
    return 0;
}
