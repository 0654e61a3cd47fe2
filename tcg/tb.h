/* SPDX-License-Identifier: MIT */
/* Inside the JIT: the translation cache's interface to the run loop. */
#ifndef TCG_TB_H
#define TCG_TB_H

#include <pthread.h>
#include "jit.h"

struct hart;

/* Serialises translation, chaining, invalidation and flushes. */
extern pthread_mutex_t jit_lock;

/* Bumped whenever blocks are dropped: per-hart jump caches compare it. */
uint32_t tb_epoch(void);
/* Tell the cache about a hart (its TLB is scrubbed when a page becomes code)
 * and hook code-page writes on its bus. */
void tb_register_hart(struct hart *h);
/* Forget a hart before it is freed. */
void tb_unregister_hart(struct hart *h);
/* A valid block for the key, or NULL; takes no lock (the caller is in
 * dispatch, so a flush cannot free what it returns). */
struct tb *tb_lookup(uint64_t pc, uint64_t phys, uint32_t flags);
/* False once a block is invalidated; read without a lock. */
static inline bool tb_valid(const struct tb *tb)
{
    return __atomic_load_n(&tb->valid, __ATOMIC_ACQUIRE);
}
/* jit_lock held for all of the following. */
struct tb *tb_gen(struct hart *h, struct ir_block *b, uint64_t pc, uint64_t phys, uint32_t flags);
void tb_chain(struct tb *src, unsigned slot, struct tb *dest);
bool tb_cache_full(void);
/* Drop every block: takes jit_lock itself; no other hart may be in dispatch. */
void tb_flush(void);

#endif
