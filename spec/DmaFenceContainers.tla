------------------------- MODULE DmaFenceContainers -------------------------
(***************************************************************************)
(* The core's two fence containers over member fences that each have    *)
(* their own fence->lock: a dma_fence_array (drivers/dma-buf/             *)
(* dma-fence-array.c), or a dma_fence_chain (dma-fence-chain.c), one      *)
(* constant choosing which.  The container's lock and its members' locks  *)
(* are different instances, with lockdep classes.  One concern: how the   *)
(* container's ->enable_signaling, the members' callbacks, the irq_work   *)
(* that signals (array) or re-arms (chain) the container, and ->signaled  *)
(* nest locks, hand over references and count members, under each        *)
(* design.  Both containers share the core's steps below (add_callback,   *)
(* signal, is_signaled, the members' signal path); only their ops differ. *)
(* DmaFence.tla has one timeline and one fence lock; it cannot say that   *)
(* two fence locks nest (issue 20).  The core's functions appear here only *)
(* with the steps that touch a lock, a flag, a list, a count or a          *)
(* reference; DmaFence.tla checks their finer steps on one fence.         *)
(*                                                                         *)
(* Sources, read for this module:                                          *)
(*   mainline dma-fence-array.c at 0ccfdcf968b3 (torvalds/linux), with    *)
(*   ->signaled as commit 78ac1c355881 "dma-buf: fix dma_fence_array_     *)
(*   signaled v4" (Message-Id                                              *)
(*   <20241112121925.18464-1-christian.koenig@amd.com>) rewrote it;        *)
(*   RFC 7/7 <20240911085903.1496-8-christian.koenig@amd.com>: the op is  *)
(*   void, runs without the array's lock and calls dma_fence_signal()     *)
(*   where it returned false;                                             *)
(*   series 08/10 <20260624122917.2483-9-christian.koenig@amd.com>:       *)
(*   ->check_signaled signals itself; 10/10 <...-11-...>: the op runs     *)
(*   without the lock and calls dma_fence_signal(), and the                *)
(*   lockdep_set_class() of the array's inline lock is removed.           *)
(*   mainline dma-fence-chain.c at 0ccfdcf968b3 (the walk with its         *)
(*   cmpxchg of chain->prev, dma_fence_chain_find_seqno(), the callback   *)
(*   that queues the irq_work, the irq_work that re-arms by calling the   *)
(*   op again in hard-IRQ context and signals on false, ->signaled over   *)
(*   the walk, and the release that puts prev and the contained fence);  *)
(*   RFC 7/7 and 10/10: the chain's op is void, runs without the chain's  *)
(*   lock and calls dma_fence_signal() when no unsignaled fence is left;  *)
(*   08/10: ->check_signaled signals the chain itself; 10/10 removes the  *)
(*   lockdep_set_class() of the chain's inline lock too.                  *)
(*                                                                         *)
(* Fences: 0 is the container, 1..NumMembers its members.  A chain of    *)
(* NumMembers links: 0 is the head (link NumMembers, the timeline point   *)
(* users hold), NumMembers + k the earlier link k; link k contains member *)
(* k, and each link's prev is the link before it (link 1's is NULL).      *)
(* Each member is on its own timeline and signalled once by its          *)
(* hardware, from a hard-IRQ handler (dma_fence_signal(), which takes the *)
(* member's lock irqsave).  CPUs make kernel calls on the container from  *)
(* process context: add a callback, poll it with dma_fence_is_signaled()  *)
(* (once, or in a loop until it reports signalled), or (a chain) ask      *)
(* dma_fence_chain_find_seqno() for a point, under the user's one         *)
(* reference, which a last call drops (dma_fence_put()) once no other     *)
(* call is running.                                                       *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC

CONSTANTS
    CPUs,         \* the CPUs (model values)
    Container,    \* "array" or "chain"
    NumMembers,   \* members 1..NumMembers of the array, or the chain's links
    SignalOnAny,  \* dma_fence_array_create(..., signal_on_any)
    MemberLock,   \* "inline": each member its own lock, one lockdep class
                  \* for all (dma_fence_init() with a NULL lock); "timeline":
                  \* the members share one driver lock (one instance)
    MemberShape,  \* the members' driver: "none" (no ops) or a shape of
                  \* DmaFence.tla's first matrix (see MemberOp below)
    Design,       \* "legacy", "rfc2024" or "series2026"
    Ops,          \* the calls CPUs may make: "add", "poll", "pollloop",
                  \* "find" (the chain's dma_fence_chain_find_seqno()), "put"
    MaxCalls,     \* calls started by all CPUs together
    FindPoint,    \* the timeline point a "find" asks for (1..NumMembers)
    Mutation      \* "none" or one broken variant

ASSUME Design \in {"legacy", "rfc2024", "series2026"}
ASSUME MemberLock \in {"inline", "timeline"}
ASSUME MemberShape \in {"none", "nolock", "fence_held", "sep_held",
                        "plainlock", "irqlock"}
(* The broken variants are written against members without ops.          *)
ASSUME MemberShape # "none" => Mutation = "none"
ASSUME SignalOnAny \in BOOLEAN /\ NumMembers \in Nat \ {0} /\ MaxCalls \in Nat
ASSUME Container \in {"array", "chain"} /\ FindPoint \in 1 .. NumMembers
ASSUME Ops \subseteq {"add", "poll", "pollloop", "find", "put"}
ASSUME Container = "array" => "find" \notin Ops
ASSUME Container = "chain" => ~SignalOnAny
(* Each broken variant is one mistake; spec/README.md ("Containers") says *)
(* which property each one breaks.                                        *)
ASSUME Mutation \in {"none", "array_cb_signals_directly",
                     "array_no_pending_ref", "array_lock_shared_class",
                     "array_signaled_pending_only", "array_no_enoent_count",
                     "array_release_no_put", "array_pending_swapped",
                     "chain_no_irq_work", "chain_lock_shared_class",
                     "chain_walk_no_cmpxchg", "chain_walk_ignores_contained",
                     "chain_release_keeps_fence", "chain_find_seqno_stops_late",
                     "chain_op_forgets_signal", "chain_signaled_tests_link"}

(* The container (the array, or the chain's head) and its members. *)
A == 0
Me == Container
Members == 1 .. NumMembers

(* The chain's links: link k's fence (the head is link NumMembers), the   *)
(* link a fence is (to_dma_fence_chain()), and the member it contains     *)
(* (dma_fence_chain_contained()).  An array has no links.                 *)
Links == IF Container = "chain" THEN 1 .. NumMembers ELSE {}
Node(k) == IF k = NumMembers THEN A ELSE NumMembers + k
LinkOf(n) == IF n = A THEN NumMembers ELSE n - NumMembers
Nodes == {Node(k) : k \in Links}
Contained(n) == LinkOf(n)
NoFence == -1
Fences == {A} \cup Members \cup Nodes

(* The lock instances: the container's (inline) lock, and each member's  *)
(* own lock or the timeline lock they share (the chain's earlier links   *)
(* have locks too, but nothing here takes them).                          *)
LockOf(f) == IF f = A THEN Me
             ELSE IF MemberLock = "timeline" THEN "timeline"
             ELSE "member" \o ToString(f)
FenceLocks == {LockOf(f) : f \in {A} \cup Members}

(* The members' driver (MemberShape), as DmaFence.tla's first matrix     *)
(* (docs/findings.md, "The posted series") writes a driver's              *)
(* ->enable_signaling and its interrupt handler, here for the member     *)
(* fences a container adds its callbacks to:                              *)
(*   "none"       - no ops (a software fence: sw_sync, a test's mock);    *)
(*   "nolock"     - the op tests the hardware without a lock;             *)
(*   "fence_held" - the driver's lock is the fence lock (radeon, xe,     *)
(*                  host1x, vmwgfx): legacy's op runs under it; RFC 7/7   *)
(*                  takes spin_lock_irqsave(f->lock) in the op, 10/10     *)
(*                  dma_fence_lock_irqsave() and signals with            *)
(*                  dma_fence_signal_locked();                            *)
(*   "sep_held"   - a separate driver lock, spin_lock_irqsave() in the    *)
(*                  op, held by the interrupt handler across              *)
(*                  dma_fence_signal(member);                             *)
(*   "plainlock"  - the same lock taken with spin_lock() in the op;       *)
(*   "irqlock"    - with spin_lock_irq() / spin_unlock_irq() in the op.   *)
(* Each member is on its own timeline (its own driver lock), or all on   *)
(* one (MemberLock "timeline": one driver lock).  The op tests whether    *)
(* the member's hardware passed it and, if so, signals it the design's    *)
(* way (DmaFence.tla's OpSignal); else it arms the interrupt.  The        *)
(* interrupt handler signals every member whose hardware passed, armed or *)
(* not (as amdgpu's always-on fence interrupt does), so the shapes differ *)
(* only in the locks and IRQ state of the op and of the handler.  The     *)
(* shapes whose findings are internal to one fence (fence_check,           *)
(* fence_entry, fence_error) stay DmaFence.tla's.                         *)
OpHasLock == MemberShape \in {"sep_held", "plainlock", "irqlock"}
               \/ (MemberShape = "fence_held" /\ Design # "legacy")
HandlerDrvLock == MemberShape \in {"sep_held", "plainlock", "irqlock"}
DrvLock(i) == IF MemberLock = "timeline" THEN "driver" ELSE "driver" \o ToString(i)
DrvLocks == IF HandlerDrvLock THEN {DrvLock(i) : i \in Members} ELSE {}
OpLock(i) == IF MemberShape = "fence_held" THEN LockOf(i) ELSE DrvLock(i)
Locks == FenceLocks \cup DrvLocks

(* Lockdep's class of each lock instance.  Mainline gives the array's     *)
(* and the chain's inline lock their own class (lockdep_set_class() with  *)
(* the container's key); 10/10 removes that, so under series2026 it has   *)
(* the class of every inline fence lock, dma_fence_init()'s.  The broken  *)
(* variants array_lock_shared_class and chain_lock_shared_class drop the  *)
(* key under every design.                                                *)
Class(l) ==
    CASE l = "array" -> IF Design = "series2026"
                           \/ Mutation = "array_lock_shared_class"
                        THEN "fence_inline" ELSE "dma_fence_array"
      [] l = "chain" -> IF Design = "series2026"
                           \/ Mutation = "chain_lock_shared_class"
                        THEN "fence_inline" ELSE "dma_fence_chain"
      [] l = "timeline" -> "timeline_lock"
      [] l \in DrvLocks -> "driver_lock"
      [] OTHER -> "fence_inline"
Classes == {Class(l) : l \in Locks}

(* dma_fence_array_init(): num_pending starts at the number of members   *)
(* that must signal: all, or one with signal_on_any.  The broken variant  *)
(* array_pending_swapped swaps the two.                                   *)
PendingInit == IF SignalOnAny = (Mutation # "array_pending_swapped")
               THEN 1 ELSE NumMembers

NoCpu == "none"
Contexts == {"proc", "irq"}

(* A context's current call: op, program counter, member index i of the   *)
(* op's loop, m (the member being signalled), it, p and rp (the chain's   *)
(* walk: the link it is at, the prev it read, the replacement), v         *)
(* (num_pending as          *)
(* ->signaled read it), was (ENABLE_SIGNAL as the test-and-set found it),  *)
(* nx (where the array's signal path returns), lk (the signal path runs   *)
(* with the array's lock already held: dma_fence_signal_locked()), av     *)
(* (the IRQ state the call's outer irqsave saved) and sv (the IRQ state   *)
(* an inner irqsave saved: a member's lock in the op, the signal path).   *)
(* The member's own op and signal path (MemberShape): dv (the IRQ state   *)
(* the op's irqsave saved), mv (that of dma_fence_signal(member)), ml    *)
(* (the member is signalled with its lock already held:                   *)
(* dma_fence_signal_locked()) and mx (where the member's signal path      *)
(* continues: the handler's exit, or the op's caller).                    *)
IdleFrame == [op |-> "idle", pc |-> "idle", i |-> 0, m |-> 0, v |-> 0,
              was |-> FALSE, it |-> NoFence, p |-> NoFence, rp |-> NoFence,
              nx |-> "idle", lk |-> FALSE, av |-> TRUE, sv |-> TRUE,
              dv |-> TRUE, mv |-> TRUE, ml |-> FALSE, mx |-> "idle"]

VARIABLES
    sig,      \* SIGNALED of each fence
    ena,      \* ENABLE_SIGNAL of each fence
    cbList,   \* fence->cb_list: member i holds the array's callback i; the
              \* array holds its users' callbacks (named by CPU)
    pending,  \* array->num_pending
    ref,      \* each fence's reference count
    freed,    \* the fence was released (its memory is gone)
    owner,    \* each lock instance: the CPU holding it, or NoCpu
    irqOn,    \* IRQs enabled on the CPU
    ctx,      \* the CPU's current context
    fr,       \* fr[c][k]: the frame of context k of CPU c
    work,     \* the array's irq_work is queued on the CPU
    hwDone,   \* the member's interrupt handler signalled it and finished
    passed,   \* the member's hardware passed it (MemberShape # "none"; with
              \* no ops, the pass and the interrupt are one step)
    cbState,  \* each CPU's user callback on the array
    calls,    \* kernel calls started
    dropped,  \* the user dropped its array reference (the calls are over)
    order,    \* lockdep's dependency graph: <<held class, acquired class>>
    uaf,      \* history: a step touched a fence after its release
    prev,     \* chain->prev of each of the chain's links (RCU pointer)
    found,    \* history: every find_seqno so far left a fence covering
              \* the point it was asked for
    step      \* trace label of the last step (not part of the View)

vars == <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx, fr, work,
          hwDone, passed, cbState, calls, dropped, order, uaf, prev, found, step>>

(* The fingerprinted state: everything but the trace label. *)
View == <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx, fr, work,
          hwDone, passed, cbState, calls, dropped, order, uaf, prev, found>>

TypeOK ==
    /\ sig \in [Fences -> BOOLEAN] /\ ena \in [Fences -> BOOLEAN]
    /\ cbList \in [Fences -> SUBSET (Members \cup CPUs)]
    /\ pending \in -NumMembers .. NumMembers
    /\ ref \in [Fences -> -4 .. 4 * Cardinality(CPUs) + NumMembers + 4]
    /\ freed \in [Fences -> BOOLEAN]
    /\ owner \in [Locks -> CPUs \cup {NoCpu}]
    /\ irqOn \in [CPUs -> BOOLEAN] /\ ctx \in [CPUs -> Contexts]
    /\ work \in [CPUs -> BOOLEAN] /\ hwDone \in [Members -> BOOLEAN]
    /\ passed \in [Members -> BOOLEAN]
    /\ cbState \in [CPUs -> {"unused", "added", "rejected", "ran"}]
    /\ calls \in 0 .. MaxCalls
    /\ dropped \in BOOLEAN
    /\ order \subseteq Classes \X Classes /\ uaf \in BOOLEAN
    /\ prev \in [Nodes -> Nodes \cup {NoFence}] /\ found \in BOOLEAN

-----------------------------------------------------------------------------
(* Helpers *)

F(c) == fr[c][ctx[c]]
SetF(c, fm) == fr' = [fr EXCEPT ![c][ctx[c]] = fm]
Goto(fm, pc) == IF pc = "idle" THEN IdleFrame ELSE [fm EXCEPT !.pc = pc]
Held(c) == {l \in Locks : owner[l] = c}
Step(c, fn, act) == step' = [cpu |-> c, ctx |-> ctx[c], fn |-> fn, act |-> act]

(* A step on fence f's memory after its release: KASAN's use-after-free. *)
Touch(f) == uaf' = (uaf \/ freed[f])

(* spin_lock_irqsave(l): IRQs go off before the CPU spins (so no         *)
(* interrupt comes in while a context waits at a lock step: HwIrq and    *)
(* WorkEnter require it), the lock is taken when free, and lockdep adds   *)
(* an edge from the class of every lock the CPU holds to l's class.       *)
(* Lockdep checks the edges at the attempt; TLC explores the runs where  *)
(* each attempt is granted, so every edge lockdep would see is recorded  *)
(* in some behaviour.                                                     *)
(* A member driver's plain spin_lock() (keep) leaves IRQs as they are.   *)
AcquireKeeping(c, l, keep) ==
    /\ owner[l] = NoCpu
    /\ owner' = [owner EXCEPT ![l] = c]
    /\ order' = order \cup {<<Class(h), Class(l)>> : h \in Held(c)}
    /\ irqOn' = IF keep THEN irqOn ELSE [irqOn EXCEPT ![c] = FALSE]
Acquire(c, l) == AcquireKeeping(c, l, FALSE)

(* spin_unlock_irqrestore(l, saved). *)
Release(c, l, saved) ==
    /\ owner' = [owner EXCEPT ![l] = NoCpu]
    /\ irqOn' = [irqOn EXCEPT ![c] = saved]

(* The lock a context waits for at its current step, if any. *)
Wants(fm) ==
    CASE fm.pc \in {"a_lock", "a_lock2", "s_lock"} -> Me
      [] fm.pc = "m_lock" -> LockOf(fm.i)
      [] fm.pc = "ms_lock" -> LockOf(fm.m)
      [] fm.pc = "mo_lock" -> OpLock(fm.i)
      [] fm.pc = "ms_dlock" -> DrvLock(fm.m)
      [] OTHER -> "none"

(* dma_fence_get() of the array (the broken variant array_no_pending_ref  *)
(* takes no reference per member callback, and so drops none either).     *)
PendingRef == Mutation # "array_no_pending_ref"

(* References.  dma_fence_put() of a sequence of fences, one after the    *)
(* other, on s = [ref, freed, uaf]: a put of a released fence is a use    *)
(* after free; the last put releases the fence, and the container's       *)
(* ->release puts what it holds.  The array's (dma_fence_array_release)  *)
(* puts every member (the broken variant array_release_no_put forgets    *)
(* to); a chain link's (dma_fence_chain_release) puts its prev and its    *)
(* contained fence (the broken variant chain_release_keeps_fence forgets  *)
(* the latter).  Mainline unhooks a long run of links it holds the last   *)
(* reference to one by one instead of recursing; the references dropped   *)
(* are the same.  NoFence entries are skipped (dma_fence_put(NULL)).      *)
ReleasePuts(f) ==
    CASE f \in Nodes ->
           IF Mutation = "chain_release_keeps_fence" THEN <<prev[f]>>
           ELSE <<prev[f], Contained(f)>>
      [] Container = "array" /\ f = A /\ Mutation # "array_release_no_put" ->
           [i \in 1 .. NumMembers |-> i]
      [] OTHER -> <<>>

RECURSIVE PutSeq(_, _)
PutSeq(s, q) ==
    IF q = <<>> THEN s
    ELSE IF Head(q) = NoFence THEN PutSeq(s, Tail(q))
    ELSE LET f == Head(q)
             t == [s EXCEPT !.ref[f] = @ - 1, !.uaf = @ \/ s.freed[f]]
         IN IF t.ref[f] = 0 /\ ~s.freed[f]
            THEN PutSeq([t EXCEPT !.freed[f] = TRUE], Tail(q) \o ReleasePuts(f))
            ELSE PutSeq(t, Tail(q))

(* One step's reference work: it reads the fences in touch               *)
(* (a use after free if one is released), takes a reference to each      *)
(* fence in gets (dma_fence_get(); get_rcu_safe() on a pointer that still *)
(* holds its reference), then drops puts in order.                        *)
Refs(touch, gets, puts) ==
    LET got == {gets[j] : j \in DOMAIN gets} \ {NoFence}
        s0 == [ref |-> [f \in Fences |->
                          ref[f] + Cardinality({j \in DOMAIN gets : gets[j] = f})],
               freed |-> freed,
               uaf |-> uaf \/ \E f \in touch \cup got : freed[f]]
        s == PutSeq(s0, puts)
    IN /\ ref' = s.ref /\ freed' = s.freed /\ uaf' = s.uaf

(* dma_fence_put() of the container by a holder of one of its references: *)
(* the user's, the irq_work's.                                            *)
PutHead == Refs({A}, <<>>, <<A>>)

(* The put of the container reference the array's op took for a member   *)
(* callback, passed on to its irq_work; the broken variant               *)
(* array_no_pending_ref took none, and only reads the array.             *)
PutPendingRef == IF PendingRef THEN PutHead ELSE Touch(A) /\ UNCHANGED <<ref, freed>>

(* Where the container's ->enable_signaling starts, and where its add of *)
(* a callback to member fm.i continues when the member was already        *)
(* signalled (Enoent) or the callback is linked (Added).                 *)
OpEntry(fm) == IF Container = "array" THEN [fm EXCEPT !.pc = "op_get", !.i = 1]
               ELSE [fm EXCEPT !.pc = "e_get"]
Enoent == IF Container = "array" THEN "op_enoent" ELSE "e_enoent"
Added == IF Container = "array" THEN "op_next" ELSE "e_armed"

(* Legacy: the first enable of member i, under its lock, calls its op. *)
LegacyOpFirst(i) == MemberShape # "none" /\ Design = "legacy" /\ ~ena[i] /\ ~sig[i]

(* Where the member's signal path goes on after its callbacks ran: to    *)
(* the unlock, or (dma_fence_signal_locked()) straight back to its        *)
(* caller; MsReturn clears the path's fields, but for the handler, which  *)
(* still holds its driver's lock for member fm.m.                          *)
MsReturn(fm) ==
    IF fm.mx = "h_dunlock" THEN Goto(fm, "h_dunlock")
    ELSE Goto([fm EXCEPT !.m = 0, !.ml = FALSE, !.mx = "idle", !.mv = TRUE], fm.mx)
MsAfter(fm) == IF fm.ml THEN MsReturn(fm) ELSE Goto(fm, "ms_unlock")

(* The member's op returns (fm.v = 1: the hardware had passed and the op  *)
(* has not signalled it yet).  Legacy: false makes the core call          *)
(* dma_fence_signal_locked(member) under the lock it holds, and the add   *)
(* goes on at m_add (where it finds SIGNALED: -ENOENT).  RFC 7/7 and the  *)
(* series: the op calls dma_fence_signal(member) after dropping its lock  *)
(* (DmaFence.tla's OpSignal "signal"), and the add goes on to its locked  *)
(* re-test.                                                               *)
OpReturn(fm) ==
    CASE fm.v = 0 -> Goto(fm, IF Design = "legacy" THEN "m_add" ELSE "m_lock")
      [] Design = "legacy" ->
           [fm EXCEPT !.pc = "ms_tas", !.v = 0, !.m = fm.i, !.ml = TRUE, !.mx = "m_add"]
      [] OTHER ->
           [fm EXCEPT !.pc = "ms_lock", !.v = 0, !.m = fm.i, !.ml = FALSE, !.mx = "m_lock"]

-----------------------------------------------------------------------------
(* Kernel calls on the array, from process context *)

(* A CPU starts a call under the user's reference. *)
Call(c) ==
    /\ ctx[c] = "proc" /\ fr[c].proc.op = "idle" /\ ~dropped
    /\ calls < MaxCalls
    /\ \E op \in Ops \ {"put"} :
         /\ op = "add" => cbState[c] = "unused"
         /\ fr' = [fr EXCEPT ![c].proc =
                     [IdleFrame EXCEPT !.op = op,
                                       !.pc = CASE op = "add" -> "a_fast"
                                                [] op = "find" -> "f_get"
                                                [] OTHER -> "p_flag"]]
         /\ Step(c, CASE op = "add" -> "dma_fence_add_callback"
                       [] op = "find" -> "dma_fence_chain_find_seqno"
                       [] OTHER -> "dma_fence_is_signaled", "call")
    /\ calls' = calls + 1
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, passed, cbState, dropped, order, uaf, prev, found>>

(* dma_fence_put(array) of the user's reference, the last call, made when *)
(* no other call on the array runs: after it nobody may touch the array   *)
(* but the holders of the references the array's op took.               *)
PutCall(c) ==
    /\ "put" \in Ops /\ ~dropped /\ calls < MaxCalls
    /\ ctx[c] = "proc" /\ \A d \in CPUs : fr[d].proc.op = "idle"
    /\ PutHead
    /\ dropped' = TRUE
    /\ calls' = calls + 1
    /\ Step(c, "dma_fence_put", "kref_put(&" \o Me \o "->base.refcount)")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, fr, work,
                   hwDone, passed, cbState, order, prev, found>>

(* dma_fence_add_callback(array): the lock-free SIGNALED fast path.  Then *)
(* legacy takes the array's lock for __dma_fence_enable_signaling(); the *)
(* RFC and the series call dma_fence_enable_signaling() lock-free first.  *)
AddFast(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "a_fast"
    /\ IF sig[A]
       THEN /\ cbState' = [cbState EXCEPT ![c] = "rejected"]
            /\ SetF(c, IdleFrame)
       ELSE /\ SetF(c, Goto(fm, IF Design = "legacy" THEN "a_lock" ELSE "a_tas"))
            /\ UNCHANGED cbState
    /\ Touch(A)
    /\ Step(c, "dma_fence_add_callback", "test_bit(SIGNALED)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, passed, calls, dropped, order, prev, found>>

(* legacy: spin_lock_irqsave(array->lock) before enabling (a_lock); all  *)
(* designs: the same lock before the re-test and list_add (a_lock2).      *)
AddLock(c) ==
    LET fm == F(c) IN
    /\ fm.pc \in {"a_lock", "a_lock2"}
    /\ Acquire(c, Me)
    /\ SetF(c, [fm EXCEPT !.pc = IF fm.pc = "a_lock" THEN "a_check" ELSE "a_check2",
                          !.av = irqOn[c]])
    /\ Touch(A)
    /\ Step(c, "dma_fence_add_callback", "spin_lock_irqsave(" \o Me \o "->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone, passed,
                   cbState, calls, dropped, prev, found>>

(* legacy, under the lock: __dma_fence_enable_signaling(): test_and_set   *)
(* ENABLE_SIGNAL, test SIGNALED (-ENOENT), and on the first enable call   *)
(* ->enable_signaling, the array's op, still under the lock.              *)
AddCheck(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "a_check"
    /\ ena' = [ena EXCEPT ![A] = TRUE]
    /\ IF sig[A]
       THEN /\ cbState' = [cbState EXCEPT ![c] = "rejected"]
            /\ SetF(c, Goto(fm, "a_unlock"))
            /\ UNCHANGED cbList
       ELSE IF ena[A]
       THEN /\ cbList' = [cbList EXCEPT ![A] = @ \cup {c}]
            /\ cbState' = [cbState EXCEPT ![c] = "added"]
            /\ SetF(c, Goto(fm, "a_unlock"))
       ELSE /\ SetF(c, OpEntry(fm))
            /\ UNCHANGED <<cbList, cbState>>
    /\ Step(c, "__dma_fence_enable_signaling", "test_and_set_bit(ENABLE_SIGNAL)")
    /\ UNCHANGED <<sig, pending, ref, freed, owner, irqOn, ctx, work, hwDone, passed,
                   calls, dropped, order, uaf, prev, found>>

(* RFC 7/7 and 10/10: dma_fence_enable_signaling() lock-free:            *)
(* test_and_set ENABLE_SIGNAL ...                                         *)
AddTas(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "a_tas"
    /\ ena' = [ena EXCEPT ![A] = TRUE]
    /\ SetF(c, [fm EXCEPT !.pc = "a_test", !.was = ena[A]])
    /\ Touch(A)
    /\ Step(c, "dma_fence_enable_signaling", "test_and_set_bit(ENABLE_SIGNAL)")
    /\ UNCHANGED <<sig, cbList, pending, ref, freed, owner, irqOn, ctx, work,
                   hwDone, passed, cbState, calls, dropped, order, prev, found>>

(* ... then test SIGNALED; the first enabler calls the op, with no lock  *)
(* held and the caller's IRQs.                                            *)
AddTest(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "a_test"
    /\ SetF(c, IF ~sig[A] /\ ~fm.was THEN OpEntry(fm) ELSE Goto(fm, "a_lock2"))
    /\ Step(c, "dma_fence_enable_signaling", "test_bit(SIGNALED)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, passed, cbState, calls, dropped, order, uaf, prev, found>>

(* After the lock (a_lock2): re-test SIGNALED, then list_add_tail() of   *)
(* the user's callback, or -ENOENT.                                       *)
AddCheck2(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "a_check2"
    /\ IF sig[A]
       THEN /\ cbState' = [cbState EXCEPT ![c] = "rejected"]
            /\ UNCHANGED cbList
       ELSE /\ cbList' = [cbList EXCEPT ![A] = @ \cup {c}]
            /\ cbState' = [cbState EXCEPT ![c] = "added"]
    /\ SetF(c, Goto(fm, "a_unlock"))
    /\ Step(c, "dma_fence_add_callback",
            IF sig[A] THEN "test_bit(SIGNALED)" ELSE "list_add_tail(cb)")
    /\ UNCHANGED <<sig, ena, pending, ref, freed, owner, irqOn, ctx, work,
                   hwDone, passed, calls, dropped, order, uaf, prev, found>>

(* spin_unlock_irqrestore(array->lock): the call returns. *)
AddUnlock(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "a_unlock"
    /\ Release(c, Me, fm.av)
    /\ SetF(c, IdleFrame)
    /\ Step(c, "dma_fence_add_callback", "spin_unlock_irqrestore(" \o Me \o "->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone, passed,
                   cbState, calls, dropped, order, uaf, prev, found>>

-----------------------------------------------------------------------------
(* dma_fence_array_enable_signaling(): for each member, a reference on    *)
(* the array, then dma_fence_add_callback(member, cb[i]).                 *)

(* dma_fence_get(&array->base) for member i, or the loop is done: the op *)
(* returns true.                                                          *)
OpGet(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "op_get"
    /\ IF fm.i > NumMembers
       THEN /\ SetF(c, Goto(fm, IF Design = "legacy" THEN "op_true" ELSE "a_lock2"))
            /\ UNCHANGED ref
       ELSE /\ ref' = IF PendingRef THEN [ref EXCEPT ![A] = @ + 1] ELSE ref
            /\ SetF(c, Goto(fm, "m_fast"))
    /\ Touch(A)
    /\ Step(c, "dma_fence_array_enable_signaling",
            IF fm.i > NumMembers THEN "return true" ELSE "dma_fence_get(&array->base)")
    /\ UNCHANGED <<sig, ena, cbList, pending, freed, owner, irqOn, ctx, work,
                   hwDone, passed, cbState, calls, dropped, order, prev, found>>

(* legacy: the op returned true: list_add_tail() of the user's callback  *)
(* under the array's lock.                                                *)
OpTrue(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "op_true"
    /\ cbList' = [cbList EXCEPT ![A] = @ \cup {c}]
    /\ cbState' = [cbState EXCEPT ![c] = "added"]
    /\ SetF(c, Goto(fm, "a_unlock"))
    /\ Step(c, "dma_fence_add_callback", "list_add_tail(cb)")
    /\ UNCHANGED <<sig, ena, pending, ref, freed, owner, irqOn, ctx, work,
                   hwDone, passed, calls, dropped, order, uaf, prev, found>>

(* dma_fence_add_callback(member): the lock-free SIGNALED fast path. *)
MemberFast(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "m_fast"
    /\ SetF(c, [fm EXCEPT !.pc = CASE sig[fm.i] -> Enoent
                                    [] MemberShape # "none" /\ Design # "legacy" -> "m_tas"
                                    [] OTHER -> "m_lock"])
    /\ Touch(fm.i)
    /\ Step(c, "dma_fence_add_callback", "test_bit(SIGNALED) of member")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, passed, cbState, calls, dropped, order, prev, found>>

(* spin_lock_irqsave(member->lock): under legacy with the array's lock   *)
(* held, which is the nesting lockdep sees. *)
MemberLockStep(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "m_lock"
    /\ Acquire(c, LockOf(fm.i))
    /\ SetF(c, [fm EXCEPT !.pc = "m_check", !.sv = irqOn[c]])
    /\ Touch(fm.i)
    /\ Step(c, "dma_fence_add_callback", "spin_lock_irqsave(member->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone, passed,
                   cbState, calls, dropped, prev, found>>

(* Under the member's lock: enable (a member without ->enable_signaling, *)
(* or one whose op has run: only the bit) and re-test SIGNALED:           *)
(* list_add_tail(cb[i]) or -ENOENT, then spin_unlock_irqrestore(member-> *)
(* lock).  One step: nothing else runs under the member's lock here.     *)
(* Legacy's first enable of a member with an op calls the op first        *)
(* (MemberEnableLocked) and comes back at m_add.                          *)
MemberAdd(c) ==
    LET fm == F(c)
        i == fm.i
    IN /\ \/ fm.pc = "m_check" /\ ~LegacyOpFirst(i)
          \/ fm.pc = "m_add"
       /\ ena' = [ena EXCEPT ![i] = TRUE]
       /\ cbList' = IF sig[i] THEN cbList ELSE [cbList EXCEPT ![i] = @ \cup {i}]
       /\ Release(c, LockOf(i), fm.sv)
       /\ SetF(c, [fm EXCEPT !.pc = IF sig[i] THEN Enoent ELSE Added])
       /\ Step(c, "dma_fence_add_callback",
               IF sig[i] THEN "test_bit(SIGNALED); spin_unlock_irqrestore(member->lock)"
               ELSE "list_add_tail(" \o (IF Container = "array" THEN "&cb[i]" ELSE "&head->cb")
                    \o "); spin_unlock_irqrestore(member->lock)")
       /\ UNCHANGED <<sig, pending, ref, freed, ctx, work, hwDone, passed, cbState,
                      calls, dropped, order, uaf, prev, found>>

(* The member was already signalled: dma_fence_put(&array->base), and    *)
(* atomic_dec_and_test(&array->num_pending); at zero the op is done: it   *)
(* returns false (legacy: the core signals the array under its lock) or  *)
(* calls dma_fence_signal() itself (the RFC, the series).  The broken    *)
(* variant array_no_enoent_count forgets the decrement.                  *)
OpEnoent(c) ==
    LET fm == F(c)
        p == IF Mutation = "array_no_enoent_count" THEN pending ELSE pending - 1
    IN /\ fm.pc = "op_enoent"
       /\ pending' = p
       /\ ref' = IF PendingRef THEN [ref EXCEPT ![A] = @ - 1] ELSE ref
       /\ SetF(c, CASE p # 0 -> Goto(fm, "op_next")
                    [] Design = "legacy" ->
                         [fm EXCEPT !.pc = "s_tas", !.lk = TRUE, !.nx = "a_enoent"]
                    [] OTHER -> [fm EXCEPT !.pc = "s_lock", !.lk = FALSE, !.nx = "a_lock2"])
       /\ Touch(A)
       /\ Step(c, "dma_fence_array_enable_signaling",
               "dma_fence_put(&array->base); atomic_dec_and_test(&num_pending)")
       /\ UNCHANGED <<sig, ena, cbList, freed, owner, irqOn, ctx, work, hwDone, passed,
                      cbState, calls, dropped, order, prev, found>>

(* The next member. *)
OpNext(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "op_next"
    /\ SetF(c, [fm EXCEPT !.pc = "op_get", !.i = @ + 1])
    /\ Step(c, "dma_fence_array_enable_signaling", "++i")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, passed, cbState, calls, dropped, order, uaf, prev, found>>

(* legacy: the op returned false and the core signalled the array with   *)
(* its lock held: dma_fence_add_callback() returns -ENOENT.              *)
AddEnoent(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "a_enoent"
    /\ cbState' = [cbState EXCEPT ![c] = "rejected"]
    /\ SetF(c, Goto(fm, "a_unlock"))
    /\ Step(c, "dma_fence_add_callback", "return -ENOENT")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, passed, calls, dropped, order, uaf, prev, found>>

-----------------------------------------------------------------------------
(* dma_fence_signal(array) (s_lock, s_tas, s_unlock) and                 *)
(* dma_fence_signal_locked(array) (s_tas only): test_and_set SIGNALED,    *)
(* and the winner runs every user callback under the array's lock.        *)
(* Entered with nx, where the caller continues.                           *)

SignalLock(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "s_lock"
    /\ Acquire(c, Me)
    /\ SetF(c, [fm EXCEPT !.pc = "s_tas", !.sv = irqOn[c]])
    /\ Touch(A)
    /\ Step(c, "dma_fence_signal", "spin_lock_irqsave(" \o Me \o "->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone, passed,
                   cbState, calls, dropped, prev, found>>

SignalTas(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "s_tas"
    /\ sig' = [sig EXCEPT ![A] = TRUE]
    /\ IF sig[A]
       THEN UNCHANGED <<cbList, cbState>>
       ELSE /\ cbList' = [cbList EXCEPT ![A] = {}]
            /\ cbState' = [d \in CPUs |-> IF d \in cbList[A] THEN "ran" ELSE cbState[d]]
    /\ SetF(c, Goto(fm, IF fm.lk THEN fm.nx ELSE "s_unlock"))
    /\ Touch(A)
    /\ Step(c, IF fm.lk THEN "dma_fence_signal_locked" ELSE "dma_fence_signal",
            IF sig[A] THEN "test_and_set_bit(SIGNALED): already set"
            ELSE "test_and_set_bit(SIGNALED); cb->func() for each user callback")
    /\ UNCHANGED <<ena, pending, ref, freed, owner, irqOn, ctx, work, hwDone, passed,
                   calls, dropped, order, prev, found>>

SignalUnlock(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "s_unlock"
    /\ Release(c, Me, fm.sv)
    /\ SetF(c, Goto(fm, fm.nx))
    /\ Step(c, "dma_fence_signal", "spin_unlock_irqrestore(" \o Me \o "->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone, passed,
                   cbState, calls, dropped, order, uaf, prev, found>>

-----------------------------------------------------------------------------
(* dma_fence_is_signaled(array): the flag, else ->signaled               *)
(* (dma_fence_array_signaled), which signals the array when it answers   *)
(* true (the core does, or under 08/10 ->check_signaled itself).  op      *)
(* pollloop polls until it sees the array signalled.                      *)

PollFlag(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_flag"
    /\ SetF(c, IF sig[A] THEN IdleFrame
               ELSE Goto(fm, IF Container = "array" THEN "p_read" ELSE "g_get"))
    /\ Touch(A)
    /\ Step(c, "dma_fence_is_signaled", "test_bit(SIGNALED)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, passed, cbState, calls, dropped, order, uaf, prev, found>>

(* atomic_read_acquire(&array->num_pending), before ENABLE_SIGNAL. *)
PollRead(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_read"
    /\ SetF(c, [fm EXCEPT !.pc = "p_test", !.v = pending])
    /\ Touch(A)
    /\ Step(c, "dma_fence_array_signaled", "atomic_read_acquire(&num_pending)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, passed, cbState, calls, dropped, order, uaf, prev, found>>

(* Signalling enabled: true iff num_pending <= 0.  Not enabled: count the *)
(* members dma_fence_is_signaled() finds signalled (one step: the members' *)
(* flags only go up, so reading them one by one only finds fewer).  The   *)
(* broken variant array_signaled_pending_only is mainline before         *)
(* 78ac1c355881: true iff num_pending <= 0, whether enabled or not.        *)
PollTest(c) ==
    LET fm == F(c)
        done == Cardinality({i \in Members : sig[i]})
        yes == IF ena[A] \/ Mutation = "array_signaled_pending_only"
               THEN fm.v <= 0 ELSE fm.v - done <= 0
    IN /\ fm.pc = "p_test"
       /\ SetF(c, IF yes THEN [fm EXCEPT !.pc = "s_lock", !.lk = FALSE, !.nx = "p_done"]
                  ELSE Goto(fm, "p_done"))
       /\ Step(c, "dma_fence_array_signaled",
               IF yes THEN "return true" ELSE "return false")
       /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                      work, hwDone, passed, cbState, calls, dropped, order, uaf, prev, found>>

(* The poll returns; a poll loop goes round again until it saw SIGNALED. *)
PollDone(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_done"
    /\ SetF(c, IF fm.op = "pollloop" /\ ~sig[A] THEN Goto(fm, "p_flag") ELSE IdleFrame)
    /\ Step(c, "dma_fence_is_signaled", "return test_bit(SIGNALED)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, passed, cbState, calls, dropped, order, uaf, prev, found>>

-----------------------------------------------------------------------------
(* A member's hardware passes it: its interrupt handler calls            *)
(* dma_fence_signal(member) in hard-IRQ context.                          *)

HwIrq(c, i) ==
    /\ ~hwDone[i] /\ irqOn[c] /\ ctx[c] = "proc" /\ Wants(fr[c].proc) = "none"
    /\ MemberShape = "none" \/ passed[i]
    /\ \A d \in CPUs : fr[d].irq.op = "msig" => fr[d].irq.m # i
    /\ ctx' = [ctx EXCEPT ![c] = "irq"]
    /\ irqOn' = [irqOn EXCEPT ![c] = FALSE]
    /\ fr' = [fr EXCEPT ![c].irq =
                 [IdleFrame EXCEPT !.op = "msig", !.m = i,
                                   !.pc = IF HandlerDrvLock THEN "ms_dlock" ELSE "ms_lock",
                                   !.mx = IF HandlerDrvLock THEN "h_dunlock" ELSE "h_exit"]]
    /\ step' = [cpu |-> c, ctx |-> "irq", fn |-> "irq handler",
                act |-> IF MemberShape = "none" THEN "member passed" ELSE "interrupt"]
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, work, hwDone, passed,
                   cbState, calls, dropped, order, uaf, prev, found>>

(* spin_lock_irqsave(member->lock) in dma_fence_signal(member). *)
MemberSignalLock(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ms_lock"
    /\ Acquire(c, LockOf(fm.m))
    /\ SetF(c, [fm EXCEPT !.pc = "ms_tas", !.mv = irqOn[c]])
    /\ Touch(fm.m)
    /\ Step(c, "dma_fence_signal", "spin_lock_irqsave(member->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone, passed,
                   cbState, calls, dropped, prev, found>>

(* test_and_set SIGNALED of the member, then its callback list: the only *)
(* callback a member carries here is the array's cb[i].                  *)
MemberSignalTas(c) ==
    LET fm == F(c)
        i == fm.m
    IN /\ fm.pc = "ms_tas"
       /\ sig' = [sig EXCEPT ![i] = TRUE]
       /\ cbList' = [cbList EXCEPT ![i] = {}]
       /\ SetF(c, IF i \in cbList[i] THEN Goto(fm, "ms_cb") ELSE MsAfter(fm))
       /\ Step(c, IF fm.ml THEN "dma_fence_signal_locked" ELSE "dma_fence_signal",
               "test_and_set_bit(SIGNALED) of member")
       /\ UNCHANGED <<ena, pending, ref, freed, owner, irqOn, ctx, work, hwDone, passed,
                      cbState, calls, dropped, order, uaf, prev, found>>

(* dma_fence_array_cb_func(), under the member's lock with IRQs off:     *)
(* atomic_dec_and_test(&num_pending); at zero irq_work_queue(), which     *)
(* signals the array later on this CPU with the callback's reference,    *)
(* else dma_fence_put(&array->base).  The broken variant                 *)
(* array_cb_signals_directly signals the array right here, under the     *)
(* member's lock.                                                         *)
MemberCb(c) ==
    LET fm == F(c)
        zero == pending - 1 = 0
    IN /\ fm.pc = "ms_cb" /\ Container = "array"
       /\ pending' = pending - 1
       /\ IF zero
          THEN /\ Touch(A)
               /\ UNCHANGED <<ref, freed>>
               /\ IF Mutation = "array_cb_signals_directly"
                  THEN /\ SetF(c, [fm EXCEPT !.pc = "s_lock", !.lk = FALSE,
                                             !.nx = "ms_put"])
                       /\ UNCHANGED work
                  ELSE /\ work' = [work EXCEPT ![c] = TRUE]
                       /\ SetF(c, MsAfter(fm))
          ELSE /\ PutPendingRef
               /\ SetF(c, MsAfter(fm))
               /\ UNCHANGED work
       /\ Step(c, "dma_fence_array_cb_func",
               IF ~zero THEN "atomic_dec_and_test(); dma_fence_put(&array->base)"
               ELSE IF Mutation = "array_cb_signals_directly" THEN "atomic_dec_and_test(); dma_fence_signal(&array->base)"
               ELSE "atomic_dec_and_test(); irq_work_queue(&array->work)")
       /\ UNCHANGED <<sig, ena, cbList, owner, irqOn, ctx, hwDone, passed, cbState,
                      calls, dropped, order, prev, found>>

(* array_cb_signals_directly: after signalling, the callback's reference. *)
MemberCbPut(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ms_put" /\ Container = "array"
    /\ PutPendingRef
    /\ SetF(c, MsAfter(fm))
    /\ Step(c, "dma_fence_array_cb_func", "dma_fence_put(&array->base)")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                   cbState, calls, dropped, order, prev, found>>

(* spin_unlock_irqrestore(member->lock).  In the handler of a driver      *)
(* without a lock of its own, the handler returns with it (hard-IRQ exit: *)
(* IRQs back on, the interrupted context resumes); else the caller goes   *)
(* on (MsReturn).                                                         *)
MemberSignalUnlock(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ms_unlock"
    /\ owner' = [owner EXCEPT ![LockOf(fm.m)] = NoCpu]
    /\ IF fm.mx = "h_exit"
       THEN /\ irqOn' = [irqOn EXCEPT ![c] = TRUE]
            /\ hwDone' = [hwDone EXCEPT ![fm.m] = TRUE]
            /\ ctx' = [ctx EXCEPT ![c] = "proc"]
            /\ fr' = [fr EXCEPT ![c].irq = IdleFrame]
       ELSE /\ irqOn' = [irqOn EXCEPT ![c] = fm.mv]
            /\ SetF(c, MsReturn(fm))
            /\ UNCHANGED <<hwDone, ctx>>
    /\ Step(c, "dma_fence_signal",
            IF fm.mx = "h_exit" THEN "spin_unlock_irqrestore(member->lock); irq exit"
            ELSE "spin_unlock_irqrestore(member->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, work, passed, cbState,
                   calls, dropped, order, uaf, prev, found>>

-----------------------------------------------------------------------------
(* The members' driver (MemberShape # "none"): ->enable_signaling of      *)
(* member fm.i, called by dma_fence_add_callback(member) from a           *)
(* container's op, and the interrupt handler's driver lock.  The core's   *)
(* side is mainline dma-fence.c at 0ccfdcf968b3 (legacy's                  *)
(* __dma_fence_enable_signaling() under the lock) and RFC 7/7              *)
(* <20240911085903.1496-8-christian.koenig@amd.com> / series 10/10        *)
(* <20260624122917.2483-11-christian.koenig@amd.com> (the lock-free        *)
(* dma_fence_enable_signaling()); the driver's side follows DmaFence.tla's *)
(* shape driver (its drv_lock, drv_arm and drv_unlock steps), with the     *)
(* fence_held op as 7/7 and 10/10 write it for radeon, xe and host1x.      *)

OpFn == "->enable_signaling(member)"

(* Legacy, under the member's lock: __dma_fence_enable_signaling(member)  *)
(* sets ENABLE_SIGNAL, finds SIGNALED clear, and calls the op with the    *)
(* member's lock held and IRQs off (and, from a container's op, the       *)
(* container's lock too).                                                 *)
MemberEnableLocked(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "m_check" /\ LegacyOpFirst(fm.i)
    /\ ena' = [ena EXCEPT ![fm.i] = TRUE]
    /\ SetF(c, Goto(fm, IF OpHasLock THEN "mo_lock" ELSE "mo_test"))
    /\ Step(c, "__dma_fence_enable_signaling",
            "test_and_set_bit(ENABLE_SIGNAL) of member; ops->enable_signaling(member)")
    /\ UNCHANGED <<sig, cbList, pending, ref, freed, owner, irqOn, ctx, work,
                   hwDone, passed, cbState, calls, dropped, order, uaf, prev, found>>

(* RFC 7/7 and 10/10: dma_fence_enable_signaling(member), lock-free:      *)
(* test_and_set ENABLE_SIGNAL and test SIGNALED; the first enabler calls  *)
(* the op with no lock held and the caller's IRQs.  One step: nothing     *)
(* reads the member's ENABLE_SIGNAL in between.                           *)
MemberEnableTas(c) ==
    LET fm == F(c)
        i == fm.i
        first == ~ena[i] /\ ~sig[i]
    IN /\ fm.pc = "m_tas"
       /\ ena' = [ena EXCEPT ![i] = TRUE]
       /\ SetF(c, Goto(fm, CASE ~first -> "m_lock"
                              [] OpHasLock -> "mo_lock"
                              [] OTHER -> "mo_test"))
       /\ Touch(i)
       /\ Step(c, "dma_fence_enable_signaling",
               IF first THEN "test_and_set_bit(ENABLE_SIGNAL) of member; ops->enable_signaling(member)"
               ELSE "test_and_set_bit(ENABLE_SIGNAL) of member: no op")
       /\ UNCHANGED <<sig, cbList, pending, ref, freed, owner, irqOn, ctx, work,
                      hwDone, passed, cbState, calls, dropped, order, prev, found>>

(* The op takes its lock: the member's fence lock (fence_held:            *)
(* spin_lock_irqsave(f->lock) in RFC 7/7, dma_fence_lock_irqsave() in     *)
(* 10/10) or the driver's, with spin_lock_irqsave(), spin_lock() (IRQs    *)
(* as they were) or spin_lock_irq().                                      *)
MemberOpLock(c) ==
    LET fm == F(c)
        l == OpLock(fm.i)
    IN /\ fm.pc = "mo_lock"
       /\ AcquireKeeping(c, l, MemberShape = "plainlock")
       /\ SetF(c, [fm EXCEPT !.pc = "mo_test", !.dv = irqOn[c]])
       /\ Touch(fm.i)
       /\ Step(c, OpFn, CASE MemberShape = "fence_held" /\ Design = "series2026" ->
                                "dma_fence_lock_irqsave(member)"
                           [] MemberShape = "fence_held" -> "spin_lock_irqsave(member->lock)"
                           [] MemberShape = "sep_held" -> "spin_lock_irqsave(driver lock)"
                           [] MemberShape = "plainlock" -> "spin_lock(driver lock)"
                           [] OTHER -> "spin_lock_irq(driver lock)")
       /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone,
                      passed, cbState, calls, dropped, prev, found>>

(* The op reads the member's hardware seqno.  Not passed: it arms the     *)
(* interrupt and returns (true).  Passed: legacy returns false; 10/10's   *)
(* fence_held op signals it here, dma_fence_signal_locked(member), under  *)
(* the lock it took; the others signal after the unlock (OpReturn).       *)
MemberOpTest(c) ==
    LET fm == F(c)
        i == fm.i
        now == passed[i] /\ Design = "series2026" /\ MemberShape = "fence_held"
        gm == [fm EXCEPT !.v = IF passed[i] THEN 1 ELSE 0]
    IN /\ fm.pc = "mo_test"
       /\ SetF(c, CASE now -> [fm EXCEPT !.pc = "ms_tas", !.m = i, !.ml = TRUE,
                                          !.mx = "mo_unlock"]
                     [] OpHasLock -> Goto(gm, "mo_unlock")
                     [] OTHER -> OpReturn(gm))
       /\ Touch(i)
       /\ Step(c, OpFn, CASE ~passed[i] -> "hardware not passed: arm the interrupt"
                           [] now -> "hardware passed: dma_fence_signal_locked(member)"
                           [] Design = "legacy" -> "hardware passed: return false"
                           [] OTHER -> "hardware passed")
       /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                      work, hwDone, passed, cbState, calls, dropped, order, prev, found>>

(* The op drops its lock (spin_unlock_irqrestore(), spin_unlock(), or     *)
(* spin_unlock_irq(), which turns IRQs on whatever the caller had) and    *)
(* returns.                                                               *)
MemberOpUnlock(c) ==
    LET fm == F(c)
        l == OpLock(fm.i)
    IN /\ fm.pc = "mo_unlock"
       /\ Release(c, l, CASE MemberShape = "plainlock" -> irqOn[c]
                           [] MemberShape = "irqlock" -> TRUE
                           [] OTHER -> fm.dv)
       /\ SetF(c, OpReturn([fm EXCEPT !.dv = TRUE]))
       /\ Step(c, OpFn, CASE MemberShape = "fence_held" /\ Design = "series2026" ->
                                "dma_fence_unlock_irqrestore(member)"
                           [] MemberShape = "fence_held" -> "spin_unlock_irqrestore(member->lock)"
                           [] MemberShape = "sep_held" -> "spin_unlock_irqrestore(driver lock)"
                           [] MemberShape = "plainlock" -> "spin_unlock(driver lock)"
                           [] OTHER -> "spin_unlock_irq(driver lock)")
       /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone,
                      passed, cbState, calls, dropped, order, uaf, prev, found>>

(* The member's hardware passes it (its seqno is written); its interrupt  *)
(* follows (HwIrq).                                                       *)
HwPass(i) ==
    /\ MemberShape # "none" /\ ~passed[i]
    /\ passed' = [passed EXCEPT ![i] = TRUE]
    /\ step' = [cpu |-> NoCpu, ctx |-> "proc", fn |-> "hardware",
                act |-> "member " \o ToString(i) \o " passed"]
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx, fr,
                   work, hwDone, cbState, calls, dropped, order, uaf, prev, found>>

(* The handler of a driver with its own lock takes it before              *)
(* dma_fence_signal(member) and holds it across (Handler "held").         *)
HandlerLock(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ms_dlock"
    /\ Acquire(c, DrvLock(fm.m))
    /\ SetF(c, Goto(fm, "ms_lock"))
    /\ Step(c, "irq handler", IF MemberShape = "sep_held" THEN "spin_lock_irqsave(driver lock)"
                              ELSE "spin_lock(driver lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone,
                   passed, cbState, calls, dropped, uaf, prev, found>>

(* ... and drops it; the handler returns (hard-IRQ exit). *)
HandlerUnlock(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "h_dunlock"
    /\ owner' = [owner EXCEPT ![DrvLock(fm.m)] = NoCpu]
    /\ irqOn' = [irqOn EXCEPT ![c] = TRUE]
    /\ hwDone' = [hwDone EXCEPT ![fm.m] = TRUE]
    /\ ctx' = [ctx EXCEPT ![c] = "proc"]
    /\ fr' = [fr EXCEPT ![c].irq = IdleFrame]
    /\ Step(c, "irq handler", "spin_unlock(driver lock); irq exit")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, work, passed, cbState,
                   calls, dropped, order, uaf, prev, found>>

-----------------------------------------------------------------------------
(* irq_dma_fence_array_work(): the irq_work interrupt on the CPU that    *)
(* queued it, once IRQs are on: dma_fence_signal(&array->base), then     *)
(* dma_fence_put(&array->base) of the last callback's reference.         *)

WorkEnter(c) ==
    /\ work[c] /\ irqOn[c] /\ ctx[c] = "proc" /\ Wants(fr[c].proc) = "none"
    /\ work' = [work EXCEPT ![c] = FALSE]
    /\ ctx' = [ctx EXCEPT ![c] = "irq"]
    /\ irqOn' = [irqOn EXCEPT ![c] = FALSE]
    /\ fr' = [fr EXCEPT ![c].irq =
                 IF Container = "array"
                 THEN [IdleFrame EXCEPT !.op = "work", !.pc = "s_lock", !.nx = "w_put"]
                 ELSE [IdleFrame EXCEPT !.op = "work", !.pc = "e_get"]]
    /\ Touch(A)
    /\ step' = [cpu |-> c, ctx |-> "irq",
                fn |-> IF Container = "array" THEN "irq_dma_fence_array_work"
                       ELSE "dma_fence_chain_irq_work",
                act |-> "irq_work runs"]
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, hwDone, passed,
                   cbState, calls, dropped, order, prev, found>>

WorkPut(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "w_put"
    /\ PutPendingRef
    /\ irqOn' = [irqOn EXCEPT ![c] = TRUE]
    /\ ctx' = [ctx EXCEPT ![c] = "proc"]
    /\ fr' = [fr EXCEPT ![c].irq = IdleFrame]
    /\ Step(c, IF Container = "array" THEN "irq_dma_fence_array_work"
               ELSE "dma_fence_chain_irq_work", "dma_fence_put(&" \o Me \o "->base); irq exit")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, work, hwDone, passed, cbState,
                   calls, dropped, order, prev, found>>

-----------------------------------------------------------------------------
(* dma_fence_chain_enable_signaling(): from the head, walk to the first   *)
(* link whose contained fence has not signalled and add the head's one   *)
(* callback (head->cb) to it.  Called by the core (legacy: under the      *)
(* chain's lock, from add_callback; the RFC and the series: lock-free)    *)
(* and again by the chain's irq_work in hard-IRQ context, with no lock.   *)
(* fm.op says who called: "add", "work" (the irq_work), or "msig" (the    *)
(* member's callback itself, in the broken variant chain_no_irq_work).    *)

(* dma_fence_get(&head->base) for the callback, and dma_fence_chain_      *)
(* for_each()'s dma_fence_get(head): the walk starts at the head.          *)
ChainOpGet(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "e_get"
    /\ Refs({A}, <<A, A>>, <<>>)
    /\ SetF(c, [fm EXCEPT !.pc = "e_it", !.it = A])
    /\ Step(c, "dma_fence_chain_enable_signaling",
            "dma_fence_get(&head->base); dma_fence_chain_for_each(fence, &head->base)")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                   cbState, calls, dropped, order, prev, found>>

(* f = dma_fence_chain_contained(fence); dma_fence_get(f); then          *)
(* dma_fence_add_callback(f, &head->cb, dma_fence_chain_cb): the member   *)
(* add steps (MemberFast, MemberLockStep, MemberAdd) with i = f.          *)
ChainIter(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "e_it"
    /\ Refs({fm.it}, <<Contained(fm.it)>>, <<>>)
    /\ SetF(c, [fm EXCEPT !.pc = "m_fast", !.i = Contained(fm.it)])
    /\ Step(c, "dma_fence_chain_enable_signaling",
            "f = dma_fence_chain_contained(fence); dma_fence_get(f)")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                   cbState, calls, dropped, order, prev, found>>

(* Where the op's caller continues when the op armed the callback        *)
(* (returned true) or found nothing left to wait for (false).  Legacy's  *)
(* core lists the user's callback under the lock on true, and signals    *)
(* the chain locked on false (-ENOENT); the void op of the RFC and the   *)
(* series signals the chain itself on false, and add_callback goes on to *)
(* its locked re-test.  The irq_work signals on false (legacy) or its op *)
(* did (the RFC, the series), then puts the old callback's reference.    *)
(* The broken variant chain_op_forgets_signal is a void op that returns  *)
(* without signalling.                                                    *)
OpTrueExit(fm) ==
    CASE fm.op = "add" -> Goto(fm, IF Design = "legacy" THEN "op_true" ELSE "a_lock2")
      [] fm.op = "work" -> Goto(fm, "w_put")
      [] OTHER -> Goto(fm, "ms_put")
OpFalseExit(fm) ==
    LET after == CASE fm.op = "add" -> "a_lock2"
                   [] fm.op = "work" -> "w_put"
                   [] OTHER -> "ms_put"
    IN CASE fm.op = "add" /\ Design = "legacy" ->
              [fm EXCEPT !.pc = "s_tas", !.lk = TRUE, !.nx = "a_enoent"]
         [] Design # "legacy" /\ Mutation = "chain_op_forgets_signal" -> Goto(fm, after)
         [] OTHER -> [fm EXCEPT !.pc = "s_lock", !.lk = FALSE, !.nx = after]

(* add_callback(f) returned 0: dma_fence_put(fence) of the walk's link;  *)
(* the op returns true.                                                    *)
ChainArmed(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "e_armed"
    /\ Refs({}, <<>>, <<fm.it>>)
    /\ SetF(c, OpTrueExit([fm EXCEPT !.it = NoFence]))
    /\ Step(c, "dma_fence_chain_enable_signaling", "dma_fence_put(fence); return true")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                   cbState, calls, dropped, order, prev, found>>

(* add_callback(f) returned -ENOENT: dma_fence_put(f), then the walk to   *)
(* the next link (dma_fence_chain_walk(), which consumes fence).          *)
ChainEnoent(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "e_enoent"
    /\ Refs({}, <<>>, <<fm.i>>)
    /\ SetF(c, [fm EXCEPT !.pc = "w_prev", !.nx = "e_it"])
    /\ Step(c, "dma_fence_chain_enable_signaling", "dma_fence_put(f); fence = dma_fence_chain_walk(fence)")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                   cbState, calls, dropped, order, prev, found>>

(* The walk found no link left: dma_fence_put(&head->base); the op       *)
(* returns false.                                                         *)
ChainDone(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "e_done"
    /\ Refs({}, <<>>, <<A>>)
    /\ SetF(c, OpFalseExit(fm))
    /\ Step(c, "dma_fence_chain_enable_signaling",
            CASE Design = "legacy" -> "dma_fence_put(&head->base); return false"
              [] Mutation = "chain_op_forgets_signal" -> "dma_fence_put(&head->base); return"
              [] OTHER -> "dma_fence_put(&head->base); dma_fence_signal(&head->base)")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                   cbState, calls, dropped, order, prev, found>>

-----------------------------------------------------------------------------
(* dma_fence_chain_walk(fence): from link fm.it, unhook the earlier links *)
(* whose contained fence signalled from fm.it's prev, and return (in     *)
(* fm.it) a reference to the first link left, or NoFence; the caller     *)
(* continues at fm.nx, the head of its loop, or at LoopExit(fm.nx) when  *)
(* the walk returned NULL.                                                *)
LoopExit(nx) == CASE nx = "e_it" -> "e_done"
                  [] nx = "g_test" -> "g_true"
                  [] OTHER -> "f_end"
WalkReturn(fm, r) ==
    [fm EXCEPT !.it = r, !.p = NoFence, !.rp = NoFence,
               !.pc = IF r = NoFence THEN LoopExit(fm.nx) ELSE fm.nx]

(* prev = dma_fence_chain_get_prev(chain): dma_fence_get_rcu_safe() of    *)
(* chain->prev under rcu_read_lock().  One step: get_rcu_safe() retries   *)
(* until the pointer it took a reference through is still the one in     *)
(* chain->prev, so it behaves as a get at its last read.  NULL ends the   *)
(* walk: dma_fence_put(fence), return NULL.                                *)
WalkPrev(c) ==
    LET fm == F(c)
        p == prev[fm.it]
    IN /\ fm.pc = "w_prev"
       /\ IF p = NoFence
          THEN /\ Refs({fm.it}, <<>>, <<fm.it>>)
               /\ SetF(c, WalkReturn(fm, NoFence))
          ELSE /\ Refs({fm.it}, <<p>>, <<>>)
               /\ SetF(c, [fm EXCEPT !.pc = "w_test", !.p = p])
       /\ Step(c, "dma_fence_chain_walk",
               IF p = NoFence THEN "dma_fence_chain_get_prev(): NULL; dma_fence_put(fence)"
               ELSE "prev = dma_fence_chain_get_prev(chain)")
       /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                      cbState, calls, dropped, order, prev, found>>

(* prev is a link: if (!dma_fence_is_signaled(prev_chain->fence)) break  *)
(* (the walk returns prev, after dma_fence_put(fence)); else replacement *)
(* = dma_fence_chain_get_prev(prev_chain).  One step: the contained       *)
(* fence's flag only goes up (the members have no ->signaled), so testing *)
(* it at the get changes no outcome.  The broken variant                  *)
(* chain_walk_ignores_contained unhooks the link without the test.        *)
WalkTest(c) ==
    LET fm == F(c)
        q == Contained(fm.p)
        done == sig[q] \/ Mutation = "chain_walk_ignores_contained"
        rp == prev[fm.p]
    IN /\ fm.pc = "w_test"
       /\ IF ~done
          THEN /\ Refs({fm.p, q}, <<>>, <<fm.it>>)
               /\ SetF(c, WalkReturn(fm, fm.p))
          ELSE /\ Refs({fm.p, q}, <<rp>>, <<>>)
               /\ SetF(c, [fm EXCEPT !.pc = "w_cas", !.rp = rp])
       /\ Step(c, "dma_fence_chain_walk",
               IF ~done THEN "!dma_fence_is_signaled(prev_chain->fence): break; dma_fence_put(fence)"
               ELSE "replacement = dma_fence_chain_get_prev(prev_chain)")
       /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                      cbState, calls, dropped, order, prev, found>>

(* tmp = cmpxchg(&chain->prev, prev, replacement); the winner puts the   *)
(* link it unhooked (tmp), the loser its replacement; both put prev, and *)
(* the walk goes on from chain.  The broken variant chain_walk_no_cmpxchg *)
(* stores replacement and puts prev as the unhooked link whatever another *)
(* walker did meanwhile.                                                  *)
WalkCas(c) ==
    LET fm == F(c)
        won == prev[fm.it] = fm.p \/ Mutation = "chain_walk_no_cmpxchg"
    IN /\ fm.pc = "w_cas"
       /\ prev' = IF won THEN [prev EXCEPT ![fm.it] = fm.rp] ELSE prev
       /\ Refs({fm.it}, <<>>, IF won THEN <<fm.p, fm.p>> ELSE <<fm.rp, fm.p>>)
       /\ SetF(c, [fm EXCEPT !.pc = "w_prev", !.p = NoFence, !.rp = NoFence])
       /\ Step(c, "dma_fence_chain_walk",
               IF won THEN "cmpxchg(&chain->prev, prev, replacement); dma_fence_put(tmp); dma_fence_put(prev)"
               ELSE "cmpxchg(&chain->prev, prev, replacement) lost; dma_fence_put(replacement); dma_fence_put(prev)")
       /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                      cbState, calls, dropped, order, found>>

-----------------------------------------------------------------------------
(* The chain's member callback and irq_work *)

(* dma_fence_chain_cb(), under the member's lock with IRQs off:          *)
(* irq_work_queue(&chain->work) on this CPU (the callback's reference to *)
(* the head passes to the irq_work), then dma_fence_put(f) of the        *)
(* reference the op took.  The broken variant chain_no_irq_work re-arms  *)
(* right here instead: the op, under the member's lock.                  *)
ChainCb(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ms_cb" /\ Container = "chain"
    /\ IF Mutation = "chain_no_irq_work"
       THEN /\ SetF(c, [fm EXCEPT !.pc = "e_get"])
            /\ Refs({A}, <<>>, <<>>)
            /\ UNCHANGED work
       ELSE /\ work' = [work EXCEPT ![c] = TRUE]
            /\ Refs({A}, <<>>, <<fm.m>>)
            /\ SetF(c, MsAfter(fm))
    /\ Step(c, "dma_fence_chain_cb",
            IF Mutation = "chain_no_irq_work" THEN "dma_fence_chain_enable_signaling(&chain->base)"
            ELSE "irq_work_queue(&chain->work); dma_fence_put(f)")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, hwDone, passed,
                   cbState, calls, dropped, order, prev, found>>

(* chain_no_irq_work: after the re-arm (and the signal on false), the    *)
(* old callback's reference to the head and dma_fence_put(f).            *)
ChainCbPut(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ms_put" /\ Container = "chain"
    /\ Refs({A}, <<>>, <<A, fm.m>>)
    /\ SetF(c, MsAfter(fm))
    /\ Step(c, "dma_fence_chain_cb", "dma_fence_put(&chain->base); dma_fence_put(f)")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                   cbState, calls, dropped, order, prev, found>>

-----------------------------------------------------------------------------
(* dma_fence_chain_signaled() (->signaled; ->check_signaled under 08/10, *)
(* which signals the chain itself): over dma_fence_chain_for_each() from *)
(* the head, false at the first link whose contained fence has not       *)
(* signalled.  Reached from dma_fence_is_signaled(chain) (PollFlag).      *)

(* dma_fence_chain_for_each(fence, fence): dma_fence_get(head). *)
ChainSignaledGet(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "g_get"
    /\ Refs({A}, <<A>>, <<>>)
    /\ SetF(c, [fm EXCEPT !.pc = "g_test", !.it = A])
    /\ Step(c, "dma_fence_chain_signaled", "dma_fence_chain_for_each(fence, fence)")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                   cbState, calls, dropped, order, prev, found>>

(* if (!dma_fence_is_signaled(dma_fence_chain_contained(fence)))         *)
(* { dma_fence_put(fence); return false; }, else walk on.  The broken    *)
(* variant chain_signaled_tests_link tests the link's own SIGNALED flag   *)
(* instead, which a link nobody enabled never gets.                       *)
ChainSignaledTest(c) ==
    LET fm == F(c)
        q == Contained(fm.it)
        yes == IF Mutation = "chain_signaled_tests_link" THEN sig[fm.it] ELSE sig[q]
    IN /\ fm.pc = "g_test"
       /\ IF yes
          THEN /\ Refs({fm.it, q}, <<>>, <<>>)
               /\ SetF(c, [fm EXCEPT !.pc = "w_prev", !.nx = "g_test"])
          ELSE /\ Refs({fm.it, q}, <<>>, <<fm.it>>)
               /\ SetF(c, [fm EXCEPT !.pc = "p_done", !.it = NoFence])
       /\ Step(c, "dma_fence_chain_signaled",
               IF yes THEN "dma_fence_is_signaled(contained): true; dma_fence_chain_walk(fence)"
               ELSE "dma_fence_is_signaled(contained): false; dma_fence_put(fence); return false")
       /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                      cbState, calls, dropped, order, prev, found>>

(* The walk ran out: return true, and the chain is signalled (by the     *)
(* core, or by ->check_signaled itself under 08/10).                     *)
ChainSignaledTrue(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "g_true"
    /\ SetF(c, [fm EXCEPT !.pc = "s_lock", !.lk = FALSE, !.nx = "p_done"])
    /\ Step(c, "dma_fence_chain_signaled",
            IF Design = "series2026" THEN "dma_fence_signal(fence)" ELSE "return true")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx, work,
                   hwDone, passed, cbState, calls, dropped, order, uaf, prev, found>>

-----------------------------------------------------------------------------
(* dma_fence_chain_find_seqno(&fence, FindPoint) on the head, as         *)
(* drm_syncobj_find_fence() calls it: the caller's reference to the head *)
(* is consumed and a reference to the result is left in *pfence, which   *)
(* the caller then drops.  All links share the head's context (each one's *)
(* seqno is later than its prev's), so link k's prev_seqno is k - 1.      *)

(* The caller's dma_fence_get(head) and dma_fence_chain_for_each()'s. *)
FindGet(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "f_get"
    /\ Refs({A}, <<A, A>>, <<>>)
    /\ SetF(c, [fm EXCEPT !.pc = "f_test", !.it = A])
    /\ Step(c, "dma_fence_chain_find_seqno", "dma_fence_chain_for_each(pfence[0], &chain->base)")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                   cbState, calls, dropped, order, prev, found>>

(* if (to_dma_fence_chain(pfence[0])->prev_seqno < seqno) break; else *)
(* walk on (pfence[0] is *pfence).                                        *)
(* on.  The broken variant chain_find_seqno_stops_late breaks on <=.      *)
FindTest(c) ==
    LET fm == F(c)
        ps == LinkOf(fm.it) - 1
        stop == IF Mutation = "chain_find_seqno_stops_late" THEN ps <= FindPoint
                ELSE ps < FindPoint
    IN /\ fm.pc = "f_test"
       /\ Refs({fm.it}, <<>>, <<>>)
       /\ SetF(c, IF stop THEN [fm EXCEPT !.pc = "f_end"]
                  ELSE [fm EXCEPT !.pc = "w_prev", !.nx = "f_test"])
       /\ Step(c, "dma_fence_chain_find_seqno",
               IF stop THEN "prev_seqno < seqno: break" ELSE "dma_fence_chain_walk(pfence[0])")
       /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                      cbState, calls, dropped, order, prev, found>>

(* The fence left in *pfence covers point FindPoint: NULL only if every  *)
(* member up to the point signalled; else a link no later than the point, *)
(* with every member between it and the point signalled.                  *)
Covers(r) ==
    IF r = NoFence THEN \A j \in 1 .. FindPoint : sig[j]
    ELSE /\ LinkOf(r) <= FindPoint
         /\ \A j \in LinkOf(r) + 1 .. FindPoint : sig[j]

(* dma_fence_put(&chain->base) (the caller's reference); the caller reads *)
(* *pfence and drops it.                                                  *)
FindEnd(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "f_end"
    /\ found' = (found /\ Covers(fm.it))
    /\ Refs({}, <<>>, <<A, fm.it>>)
    /\ SetF(c, IdleFrame)
    /\ Step(c, "dma_fence_chain_find_seqno", "dma_fence_put(&chain->base); return 0")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone, passed,
                   cbState, calls, dropped, order, prev>>

-----------------------------------------------------------------------------
(* Initially the container holds one reference to each member, each     *)
(* member's driver one more (it keeps it here), each earlier link of a   *)
(* chain is held by the next one's prev, and the user holds one          *)
(* reference to the container.                                           *)
Init ==
    /\ sig = [f \in Fences |-> FALSE] /\ ena = [f \in Fences |-> FALSE]
    /\ cbList = [f \in Fences |-> {}]
    /\ pending = PendingInit
    /\ ref = [f \in Fences |-> IF f \in {A} \cup Nodes THEN 1 ELSE 2]
    /\ freed = [f \in Fences |-> FALSE]
    /\ owner = [l \in Locks |-> NoCpu]
    /\ irqOn = [c \in CPUs |-> TRUE] /\ ctx = [c \in CPUs |-> "proc"]
    /\ fr = [c \in CPUs |-> [k \in Contexts |-> IdleFrame]]
    /\ work = [c \in CPUs |-> FALSE] /\ hwDone = [i \in Members |-> FALSE]
    /\ passed = [i \in Members |-> FALSE]
    /\ cbState = [c \in CPUs |-> "unused"]
    /\ calls = 0 /\ dropped = FALSE
    /\ order = {} /\ uaf = FALSE
    /\ prev = [n \in Nodes |-> IF LinkOf(n) = 1 THEN NoFence ELSE Node(LinkOf(n) - 1)]
    /\ found = TRUE
    /\ step = [cpu |-> NoCpu, ctx |-> "proc", fn |-> "", act |-> "init"]

(* Every step a CPU's current context can take. *)
CpuStep(c) ==
    \/ Call(c) \/ PutCall(c)
    \/ AddFast(c) \/ AddLock(c) \/ AddCheck(c) \/ AddTas(c) \/ AddTest(c)
    \/ AddCheck2(c) \/ AddUnlock(c) \/ AddEnoent(c)
    \/ OpGet(c) \/ OpTrue(c) \/ MemberFast(c) \/ MemberLockStep(c)
    \/ MemberAdd(c) \/ OpEnoent(c) \/ OpNext(c)
    \/ SignalLock(c) \/ SignalTas(c) \/ SignalUnlock(c)
    \/ PollFlag(c) \/ PollRead(c) \/ PollTest(c) \/ PollDone(c)
    \/ MemberSignalLock(c) \/ MemberSignalTas(c) \/ MemberCb(c)
    \/ MemberCbPut(c) \/ MemberSignalUnlock(c)
    \/ WorkEnter(c) \/ WorkPut(c)
    \/ ChainOpGet(c) \/ ChainIter(c) \/ ChainArmed(c) \/ ChainEnoent(c)
    \/ ChainDone(c) \/ WalkPrev(c) \/ WalkTest(c) \/ WalkCas(c)
    \/ ChainCb(c) \/ ChainCbPut(c)
    \/ ChainSignaledGet(c) \/ ChainSignaledTest(c) \/ ChainSignaledTrue(c)
    \/ FindGet(c) \/ FindTest(c) \/ FindEnd(c)
    \/ MemberEnableLocked(c) \/ MemberEnableTas(c) \/ MemberOpLock(c)
    \/ MemberOpTest(c) \/ MemberOpUnlock(c) \/ HandlerLock(c) \/ HandlerUnlock(c)
    \/ \E i \in Members : HwIrq(c, i)

Next == (\E c \in CPUs : CpuStep(c)) \/ (\E i \in Members : HwPass(i))

(* Weak fairness per CPU step: a CPU in a call, a handler or an irq_work *)
(* that can go on eventually does (starting a call or dropping the       *)
(* reference stays the user's choice), the hardware eventually passes    *)
(* every member, and a queued irq_work runs.                             *)
Fairness ==
    /\ \A c \in CPUs :
         /\ WF_vars(CpuStep(c) /\ ~Call(c) /\ ~PutCall(c))
         /\ WF_vars(WorkEnter(c))
    /\ \A i \in Members : WF_vars(HwPass(i)) /\ WF_vars(\E c \in CPUs : HwIrq(c, i))

Spec == Init /\ [][Next]_vars
FairSpec == Spec /\ Fairness
=============================================================================
