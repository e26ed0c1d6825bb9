--------------------------- MODULE DmaFenceNesting ---------------------------
(***************************************************************************)
(* The kernel's rule against nested containers, and the API paths that    *)
(* build containers out of fences userspace hands around (issue 20).  One  *)
(* concern: which fence ends up inside which container.  No locks, no      *)
(* CPUs: DmaFenceContainers.tla checks what a container does at run time;  *)
(* here every operation is one step, as the ioctl that makes it.          *)
(*                                                                         *)
(* The rule, as the kernel states it in WARN_ONs:                          *)
(*   dma_fence_array_init(): no member is a container (array or chain);    *)
(*   dma_fence_chain_init(): the contained fence is not a chain ("chaining *)
(*   dma_fence_chain container together is only allowed through the prev  *)
(*   fence"; the WARN of the 2022 patch reviewed by Daniel Vetter, still in *)
(*   the 2026 tree next to the lockdep_set_class() of the chain's lock).   *)
(* The callers keep it by flattening with dma_fence_unwrap_merge()        *)
(* (drivers/dma-buf/dma-fence-unwrap.c, __dma_fence_unwrap_merge()):       *)
(* sync_file merge, and drm_syncobj_transfer_to_timeline() since commit   *)
(* ec8d985ff26f "drm: use dma_fence_unwrap_merge() in drm_syncobj", which *)
(* replaced the 2022 drm_syncobj_flatten_chain() fix of a transfer that   *)
(* put a chain link inside a chain.                                       *)
(*                                                                         *)
(* The 2025 timeline sync-file ioctls (Rob Clark, "drm/syncobj: Extend    *)
(* EXPORT_SYNC_FILE for timeline syncobjs" v6: drm_syncobj_export_sync_   *)
(* file() and drm_syncobj_import_sync_file_fence() with a point) export   *)
(* the fence drm_syncobj_find_fence() finds at a point, which is a chain  *)
(* link, and import a sync file's fence at a point with                   *)
(* drm_syncobj_add_point() as it is, without dma_fence_unwrap_merge(); the *)
(* May 2026 tree quoted in <20260516-jorth-syncobj-v1-9-88ede9d98a81@     *)
(* gmail.com> still does.  ImportUnwraps = FALSE is that tree; TRUE is the *)
(* import unwrapping its fence as transfer does.                          *)
(*                                                                         *)
(* Fences are ids 1..MaxFences (0 is NULL), allocated as the operations   *)
(* create them.  Each plain fence (a driver's job fence) has a context of  *)
(* its own, so __dma_fence_unwrap_merge()'s de-duplication by context     *)
(* keeps each one once.                                                    *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
    Timelines,      \* the timeline syncobjs (model values)
    MaxFences,      \* fence ids 1..MaxFences
    MaxOps,         \* operations userspace makes, all together
    ImportUnwraps,  \* the import of a sync file at a point unwraps its fence
    Mutation        \* "none" or one broken variant

ASSUME MaxFences \in Nat /\ MaxOps \in Nat /\ ImportUnwraps \in BOOLEAN
(* Each broken variant is one mistake; spec/README.md ("Containers") says *)
(* which property each one breaks.                                        *)
ASSUME Mutation \in {"none", "syncobj_transfer_no_unwrap", "unwrap_merge_keeps_containers"}

Ids == 1 .. MaxFences
NoFence == 0
Kinds == {"free", "plain", "stub", "array", "chain"}
Containers == {"array", "chain"}

VARIABLES
    heap,    \* every fence: kind, array members, chain's contained fence
             \* and prev, SIGNALED
    head,    \* syncobj->fence of each timeline (0: none yet)
    files,   \* the fences sync files hold (their fds)
    ops,     \* operations made
    step     \* trace label of the last operation (not part of the View)

vars == <<heap, head, files, ops, step>>

(* The fingerprinted state: everything but the trace label. *)
View == <<heap, head, files, ops>>

TypeOK ==
    /\ heap \in [kind : [Ids -> Kinds], mem : [Ids -> SUBSET Ids],
                 con : [Ids -> Ids \cup {NoFence}], prv : [Ids -> Ids \cup {NoFence}],
                 sig : [Ids -> BOOLEAN]]
    /\ head \in [Timelines -> Ids \cup {NoFence}]
    /\ files \subseteq Ids
    /\ ops \in 0 .. MaxOps

-----------------------------------------------------------------------------
(* Reading the heap *)

(* dma_fence_chain_for_each() from f: f's chain links, then the fence that *)
(* ends the chain (a link's prev that is not a chain), or f alone.         *)
RECURSIVE Iter(_, _)
Iter(h, f) ==
    IF f = NoFence THEN {}
    ELSE IF h.kind[f] = "chain" THEN {f} \cup Iter(h, h.prv[f])
    ELSE {f}

(* dma_fence_chain_contained(). *)
Contained(h, x) == IF h.kind[x] = "chain" THEN h.con[x] ELSE x

(* dma_fence_array_first() .. _next(): an array's members, or the fence. *)
ArrayLeaves(h, x) == IF h.kind[x] = "array" THEN h.mem[x] ELSE {x}

(* dma_fence_unwrap_for_each(): every fence inside f, chain links first,   *)
(* then array members.                                                     *)
Unwrap(h, f) == UNION {ArrayLeaves(h, Contained(h, x)) : x \in Iter(h, f)}

(* dma_fence_is_signaled() of a leaf: a plain fence's flag; a stub is      *)
(* signalled.  A container found as a leaf (only where the rule is already *)
(* broken) counts as unsignaled, which keeps it in the merge.             *)
LeafSignaled(h, x) == CASE h.kind[x] = "plain" -> h.sig[x]
                        [] h.kind[x] = "stub" -> TRUE
                        [] OTHER -> FALSE

(* The fences __dma_fence_unwrap_merge() keeps from its inputs: the        *)
(* unsignaled fences inside them.  The broken variant                     *)
(* unwrap_merge_keeps_containers takes the inputs themselves.             *)
Leaves(h, ins) ==
    {x \in IF Mutation = "unwrap_merge_keeps_containers" THEN ins
           ELSE UNION {Unwrap(h, f) : f \in ins} : ~LeafSignaled(h, x)}

(* The next free id. *)
Free(h) == {i \in Ids : h.kind[i] = "free"}
Alloc(h) == CHOOSE i \in Free(h) : \A j \in Free(h) : i <= j

-----------------------------------------------------------------------------
(* Building fences: each returns <<new heap, the fence>> *)

(* A driver's job fence, unsignaled. *)
NewPlain(h) == LET i == Alloc(h) IN <<[h EXCEPT !.kind[i] = "plain"], i>>

(* dma_fence_unwrap_merge(ins): no unsignaled fence left, a signalled stub *)
(* (dma_fence_allocate_private_stub()); one, that fence itself; else       *)
(* dma_fence_array_create() of them.                                      *)
Merge(h, ins) ==
    LET lv == Leaves(h, ins) IN
    IF Cardinality(lv) = 1 THEN <<h, CHOOSE x \in lv : TRUE>>
    ELSE LET i == Alloc(h) IN
         IF lv = {} THEN <<[h EXCEPT !.kind[i] = "stub", !.sig[i] = TRUE], i>>
         ELSE <<[h EXCEPT !.kind[i] = "array", !.mem[i] = lv], i>>

(* drm_syncobj_add_point(t, chain, f, point): dma_fence_chain_init(chain, *)
(* prev = syncobj->fence, f), and the chain becomes syncobj->fence.        *)
AddPoint(h, t, f) ==
    LET i == Alloc(h) IN
    <<[h EXCEPT !.kind[i] = "chain", !.con[i] = f, !.prv[i] = head[t]], i>>

(* The fence drm_syncobj_find_fence(t, point) finds: at point 0 the       *)
(* syncobj's fence; at a point, dma_fence_chain_find_seqno() leaves a link *)
(* of the chain (or the fence that ends it).                               *)
Found(t, pointed) == IF pointed THEN Iter(heap, head[t]) ELSE {head[t]}

(* An operation: the step counts, and at most two fences are created. *)
Op(act) == /\ ops < MaxOps /\ Cardinality(Free(heap)) >= 2
           /\ ops' = ops + 1 /\ step' = act

-----------------------------------------------------------------------------
(* The operations, each one ioctl *)

(* A job is submitted with a timeline out-fence: its fence is added at a  *)
(* new point (drm_syncobj_add_point(), as amdgpu_cs and the other drivers' *)
(* timeline out-dependencies do).                                         *)
Submit(t) ==
    LET p == NewPlain(heap)
        c == AddPoint(p[1], t, p[2])
    IN /\ Op([op |-> "submit", t |-> t])
       /\ heap' = c[1] /\ head' = [head EXCEPT ![t] = c[2]]
       /\ UNCHANGED files

(* A job is submitted with a sync-file out-fence (OUT_FENCE_FD): a sync   *)
(* file of its fence.                                                     *)
Job ==
    LET p == NewPlain(heap) IN
    /\ Op([op |-> "job"])
    /\ heap' = p[1] /\ files' = files \cup {p[2]}
    /\ UNCHANGED head

(* DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD with EXPORT_SYNC_FILE (and TIMELINE at  *)
(* a point): drm_syncobj_export_sync_file() puts the found fence in a     *)
(* sync file as it is.                                                    *)
Export(t, pointed) ==
    /\ head[t] # NoFence
    /\ \E x \in Found(t, pointed) :
         /\ Op([op |-> "export", t |-> t, pointed |-> pointed, fence |-> x])
         /\ files' = files \cup {x}
    /\ UNCHANGED <<heap, head>>

(* DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE with IMPORT_SYNC_FILE (and TIMELINE at a *)
(* point): drm_syncobj_import_sync_file_fence().  At point 0 the sync     *)
(* file's fence replaces the syncobj's; at a point it is added with       *)
(* drm_syncobj_add_point() (ImportUnwraps: after dma_fence_unwrap_merge()). *)
Import(x, t, pointed) ==
    /\ Op([op |-> "import", t |-> t, pointed |-> pointed, fence |-> x])
    /\ IF ~pointed
       THEN /\ head' = [head EXCEPT ![t] = x]
            /\ UNCHANGED heap
       ELSE LET m == IF ImportUnwraps THEN Merge(heap, {x}) ELSE <<heap, x>>
                c == AddPoint(m[1], t, m[2])
            IN /\ heap' = c[1] /\ head' = [head EXCEPT ![t] = c[2]]
    /\ UNCHANGED files

(* DRM_IOCTL_SYNCOBJ_TRANSFER to a timeline point:                         *)
(* drm_syncobj_transfer_to_timeline(): the found fence, flattened by       *)
(* dma_fence_unwrap_merge(), added at the point.  The broken variant       *)
(* syncobj_transfer_no_unwrap is the code before the 2022 fix.             *)
Transfer(src, dst, pointed) ==
    /\ head[src] # NoFence
    /\ \E x \in Found(src, pointed) :
         LET m == IF Mutation = "syncobj_transfer_no_unwrap" THEN <<heap, x>>
                  ELSE Merge(heap, {x})
             c == AddPoint(m[1], dst, m[2])
         IN /\ Op([op |-> "transfer", t |-> src, to |-> dst, pointed |-> pointed, fence |-> x])
            /\ heap' = c[1] /\ head' = [head EXCEPT ![dst] = c[2]]
    /\ UNCHANGED files

(* SYNC_IOC_MERGE: sync_file_merge() makes a sync file of                  *)
(* dma_fence_unwrap_merge() of the two files' fences.                      *)
FileMerge(x, y) ==
    LET m == Merge(heap, {x, y}) IN
    /\ Op([op |-> "merge", fences |-> {x, y}])
    /\ heap' = m[1] /\ files' = files \cup {m[2]}
    /\ UNCHANGED head

(* A job's fence signals (its hardware passed).  Not an operation. *)
Signal(p) ==
    /\ heap.kind[p] = "plain" /\ ~heap.sig[p]
    /\ heap' = [heap EXCEPT !.sig[p] = TRUE]
    /\ step' = [op |-> "signal", fence |-> p]
    /\ UNCHANGED <<head, files, ops>>

-----------------------------------------------------------------------------
Init ==
    /\ heap = [kind |-> [i \in Ids |-> "free"], mem |-> [i \in Ids |-> {}],
               con |-> [i \in Ids |-> NoFence], prv |-> [i \in Ids |-> NoFence],
               sig |-> [i \in Ids |-> FALSE]]
    /\ head = [t \in Timelines |-> NoFence]
    /\ files = {}
    /\ ops = 0
    /\ step = [op |-> "init"]

Next ==
    \/ \E t \in Timelines : Submit(t)
    \/ Job
    \/ \E t \in Timelines, pointed \in BOOLEAN : Export(t, pointed)
    \/ \E x \in files, t \in Timelines, pointed \in BOOLEAN : Import(x, t, pointed)
    \/ \E src, dst \in Timelines, pointed \in BOOLEAN : src # dst /\ Transfer(src, dst, pointed)
    \/ \E x, y \in files : x # y /\ FileMerge(x, y)
    \/ \E p \in Ids : Signal(p)

Spec == Init /\ [][Next]_vars
=============================================================================
