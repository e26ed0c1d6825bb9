------------------------- MODULE DmaFenceContainers -------------------------
(***************************************************************************)
(* A dma_fence_array (drivers/dma-buf/dma-fence-array.c) over member       *)
(* fences that each have their own fence->lock: the container's lock and  *)
(* its members' locks are different instances, with lockdep classes.      *)
(* One concern: how the container's ->enable_signaling, the members'       *)
(* callbacks, the irq_work that signals the array and ->signaled nest     *)
(* locks, hand over references and count members, under each design.      *)
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
(*                                                                         *)
(* Fences: 0 is the array, 1..NumMembers its members.  Each member is on   *)
(* its own timeline and signalled once by its hardware, from a hard-IRQ   *)
(* handler (dma_fence_signal(), which takes the member's lock irqsave).   *)
(* CPUs make kernel calls on the array from process context: add a        *)
(* callback, or poll it with dma_fence_is_signaled() (once, or in a loop  *)
(* until it reports signalled), under the user's one reference, which a   *)
(* last call drops (dma_fence_put()) once no other call is running.       *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC

CONSTANTS
    CPUs,         \* the CPUs (model values)
    NumMembers,   \* members 1..NumMembers of the array
    SignalOnAny,  \* dma_fence_array_create(..., signal_on_any)
    MemberLock,   \* "inline": each member its own lock, one lockdep class
                  \* for all (dma_fence_init() with a NULL lock); "timeline":
                  \* the members share one driver lock (one instance)
    Design,       \* "legacy", "rfc2024" or "series2026"
    Ops,          \* the calls CPUs may make: "add", "poll", "pollloop", "put"
    MaxCalls,     \* calls started by all CPUs together
    Mutation      \* "none" or one broken variant

ASSUME Design \in {"legacy", "rfc2024", "series2026"}
ASSUME MemberLock \in {"inline", "timeline"}
ASSUME SignalOnAny \in BOOLEAN /\ NumMembers \in Nat \ {0} /\ MaxCalls \in Nat
ASSUME Ops \subseteq {"add", "poll", "pollloop", "put"}
(* Each broken variant is one mistake; spec/README.md ("Containers") says *)
(* which property each one breaks.                                        *)
ASSUME Mutation \in {"none", "array_cb_signals_directly",
                     "array_no_pending_ref", "array_lock_shared_class",
                     "array_signaled_pending_only", "array_no_enoent_count",
                     "array_release_no_put", "array_pending_swapped"}

(* The array and its members. *)
A == 0
Members == 1 .. NumMembers
Fences == {A} \cup Members

(* The lock instances: the array's (inline) lock, and each member's own  *)
(* lock or the timeline lock they share.                                  *)
LockOf(f) == IF f = A THEN "array"
             ELSE IF MemberLock = "timeline" THEN "timeline"
             ELSE "member" \o ToString(f)
Locks == {LockOf(f) : f \in Fences}

(* Lockdep's class of each lock instance.  Mainline gives the array's     *)
(* inline lock its own class (lockdep_set_class() with the array's key);  *)
(* 10/10 removes that, so under series2026 it has the class of every      *)
(* inline fence lock, dma_fence_init()'s.  The broken variant              *)
(* array_lock_shared_class drops the key under every design.              *)
Class(l) ==
    CASE l = "array" -> IF Design = "series2026"
                           \/ Mutation = "array_lock_shared_class"
                        THEN "fence_inline" ELSE "dma_fence_array"
      [] l = "timeline" -> "timeline_lock"
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
(* op's loop or of the member being signalled, v (num_pending as          *)
(* ->signaled read it), was (ENABLE_SIGNAL as the test-and-set found it),  *)
(* nx (where the array's signal path returns), lk (the signal path runs   *)
(* with the array's lock already held: dma_fence_signal_locked()), av     *)
(* (the IRQ state the call's outer irqsave saved) and sv (the IRQ state   *)
(* an inner irqsave saved: a member's lock in the op, the signal path).   *)
IdleFrame == [op |-> "idle", pc |-> "idle", i |-> 0, v |-> 0, was |-> FALSE,
              nx |-> "idle", lk |-> FALSE, av |-> TRUE, sv |-> TRUE]

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
    hwDone,   \* the member's hardware passed it and its handler finished
    cbState,  \* each CPU's user callback on the array
    calls,    \* kernel calls started
    dropped,  \* the user dropped its array reference (the calls are over)
    order,    \* lockdep's dependency graph: <<held class, acquired class>>
    uaf,      \* history: a step touched a fence after its release
    step      \* trace label of the last step (not part of the View)

vars == <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx, fr, work,
          hwDone, cbState, calls, dropped, order, uaf, step>>

(* The fingerprinted state: everything but the trace label. *)
View == <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx, fr, work,
          hwDone, cbState, calls, dropped, order, uaf>>

TypeOK ==
    /\ sig \in [Fences -> BOOLEAN] /\ ena \in [Fences -> BOOLEAN]
    /\ cbList \in [Fences -> SUBSET (Members \cup CPUs)]
    /\ pending \in -NumMembers .. NumMembers
    /\ ref \in [Fences -> -2 .. Cardinality(CPUs) + NumMembers + 2]
    /\ freed \in [Fences -> BOOLEAN]
    /\ owner \in [Locks -> CPUs \cup {NoCpu}]
    /\ irqOn \in [CPUs -> BOOLEAN] /\ ctx \in [CPUs -> Contexts]
    /\ work \in [CPUs -> BOOLEAN] /\ hwDone \in [Members -> BOOLEAN]
    /\ cbState \in [CPUs -> {"unused", "added", "rejected", "ran"}]
    /\ calls \in 0 .. MaxCalls
    /\ dropped \in BOOLEAN
    /\ order \subseteq Classes \X Classes /\ uaf \in BOOLEAN

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
Acquire(c, l) ==
    /\ owner[l] = NoCpu
    /\ owner' = [owner EXCEPT ![l] = c]
    /\ order' = order \cup {<<Class(h), Class(l)>> : h \in Held(c)}
    /\ irqOn' = [irqOn EXCEPT ![c] = FALSE]

(* spin_unlock_irqrestore(l, saved). *)
Release(c, l, saved) ==
    /\ owner' = [owner EXCEPT ![l] = NoCpu]
    /\ irqOn' = [irqOn EXCEPT ![c] = saved]

(* The lock a context waits for at its current step, if any. *)
Wants(fm) ==
    CASE fm.pc \in {"a_lock", "a_lock2", "s_lock"} -> "array"
      [] fm.pc \in {"m_lock", "ms_lock"} -> LockOf(fm.i)
      [] OTHER -> "none"

(* dma_fence_put(): the last reference releases the fence.  The array's  *)
(* ->release (dma_fence_array_release) puts every member; the broken     *)
(* variant array_release_no_put forgets to.                              *)
PutArray ==
    /\ ref' = IF ref[A] = 1
              THEN [f \in Fences |-> IF f = A THEN 0
                     ELSE IF Mutation = "array_release_no_put" THEN ref[f]
                     ELSE ref[f] - 1]
              ELSE [ref EXCEPT ![A] = @ - 1]
    /\ freed' = [f \in Fences |->
                   IF f = A THEN freed[A] \/ ref[A] = 1
                   ELSE freed[f] \/ (ref[A] = 1 /\ ref'[f] = 0)]

(* dma_fence_get() of the array (the broken variant array_no_pending_ref  *)
(* takes no reference per member callback, and so drops none either).     *)
PendingRef == Mutation # "array_no_pending_ref"

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
                                       !.pc = IF op = "add" THEN "a_fast" ELSE "p_flag"]]
         /\ Step(c, IF op = "add" THEN "dma_fence_add_callback"
                    ELSE "dma_fence_is_signaled", "call")
    /\ calls' = calls + 1
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, cbState, dropped, order, uaf>>

(* dma_fence_put(array) of the user's reference, the last call, made when *)
(* no other call on the array runs: after it nobody may touch the array   *)
(* but the holders of the references the array's op took.               *)
PutCall(c) ==
    /\ "put" \in Ops /\ ~dropped /\ calls < MaxCalls
    /\ ctx[c] = "proc" /\ \A d \in CPUs : fr[d].proc.op = "idle"
    /\ PutArray /\ Touch(A)
    /\ dropped' = TRUE
    /\ calls' = calls + 1
    /\ Step(c, "dma_fence_put", "kref_put(&array->base.refcount)")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, fr, work,
                   hwDone, cbState, order>>

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
                   work, hwDone, calls, dropped, order>>

(* legacy: spin_lock_irqsave(array->lock) before enabling (a_lock); all  *)
(* designs: the same lock before the re-test and list_add (a_lock2).      *)
AddLock(c) ==
    LET fm == F(c) IN
    /\ fm.pc \in {"a_lock", "a_lock2"}
    /\ Acquire(c, "array")
    /\ SetF(c, [fm EXCEPT !.pc = IF fm.pc = "a_lock" THEN "a_check" ELSE "a_check2",
                          !.av = irqOn[c]])
    /\ Touch(A)
    /\ Step(c, "dma_fence_add_callback", "spin_lock_irqsave(array->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone,
                   cbState, calls, dropped>>

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
       ELSE /\ SetF(c, [fm EXCEPT !.pc = "op_get", !.i = 1])
            /\ UNCHANGED <<cbList, cbState>>
    /\ Step(c, "__dma_fence_enable_signaling", "test_and_set_bit(ENABLE_SIGNAL)")
    /\ UNCHANGED <<sig, pending, ref, freed, owner, irqOn, ctx, work, hwDone,
                   calls, dropped, order, uaf>>

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
                   hwDone, cbState, calls, dropped, order>>

(* ... then test SIGNALED; the first enabler calls the op, with no lock  *)
(* held and the caller's IRQs.                                            *)
AddTest(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "a_test"
    /\ SetF(c, IF ~sig[A] /\ ~fm.was THEN [fm EXCEPT !.pc = "op_get", !.i = 1]
               ELSE Goto(fm, "a_lock2"))
    /\ Step(c, "dma_fence_enable_signaling", "test_bit(SIGNALED)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, cbState, calls, dropped, order, uaf>>

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
                   hwDone, calls, dropped, order, uaf>>

(* spin_unlock_irqrestore(array->lock): the call returns. *)
AddUnlock(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "a_unlock"
    /\ Release(c, "array", fm.av)
    /\ SetF(c, IdleFrame)
    /\ Step(c, "dma_fence_add_callback", "spin_unlock_irqrestore(array->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone,
                   cbState, calls, dropped, order, uaf>>

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
                   hwDone, cbState, calls, dropped, order>>

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
                   hwDone, calls, dropped, order, uaf>>

(* dma_fence_add_callback(member): the lock-free SIGNALED fast path. *)
MemberFast(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "m_fast"
    /\ SetF(c, [fm EXCEPT !.pc = IF sig[fm.i] THEN "op_enoent" ELSE "m_lock"])
    /\ Touch(fm.i)
    /\ Step(c, "dma_fence_add_callback", "test_bit(SIGNALED) of member")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, cbState, calls, dropped, order>>

(* spin_lock_irqsave(member->lock): under legacy with the array's lock   *)
(* held, which is the nesting lockdep sees. *)
MemberLockStep(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "m_lock"
    /\ Acquire(c, LockOf(fm.i))
    /\ SetF(c, [fm EXCEPT !.pc = "m_check", !.sv = irqOn[c]])
    /\ Touch(fm.i)
    /\ Step(c, "dma_fence_add_callback", "spin_lock_irqsave(member->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone,
                   cbState, calls, dropped>>

(* Under the member's lock: enable (a member without ->enable_signaling, *)
(* so only the bit) and re-test SIGNALED: list_add_tail(cb[i]) or -ENOENT, *)
(* then spin_unlock_irqrestore(member->lock).  One step: nothing else     *)
(* runs under the member's lock here.                                     *)
MemberAdd(c) ==
    LET fm == F(c)
        i == fm.i
    IN /\ fm.pc = "m_check"
       /\ ena' = [ena EXCEPT ![i] = TRUE]
       /\ cbList' = IF sig[i] THEN cbList ELSE [cbList EXCEPT ![i] = @ \cup {i}]
       /\ Release(c, LockOf(i), fm.sv)
       /\ SetF(c, [fm EXCEPT !.pc = IF sig[i] THEN "op_enoent" ELSE "op_next"])
       /\ Step(c, "dma_fence_add_callback",
               IF sig[i] THEN "test_bit(SIGNALED); spin_unlock_irqrestore(member->lock)"
               ELSE "list_add_tail(&cb[i]); spin_unlock_irqrestore(member->lock)")
       /\ UNCHANGED <<sig, pending, ref, freed, ctx, work, hwDone, cbState,
                      calls, dropped, order, uaf>>

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
       /\ UNCHANGED <<sig, ena, cbList, freed, owner, irqOn, ctx, work, hwDone,
                      cbState, calls, dropped, order>>

(* The next member. *)
OpNext(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "op_next"
    /\ SetF(c, [fm EXCEPT !.pc = "op_get", !.i = @ + 1])
    /\ Step(c, "dma_fence_array_enable_signaling", "++i")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, cbState, calls, dropped, order, uaf>>

(* legacy: the op returned false and the core signalled the array with   *)
(* its lock held: dma_fence_add_callback() returns -ENOENT.              *)
AddEnoent(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "a_enoent"
    /\ cbState' = [cbState EXCEPT ![c] = "rejected"]
    /\ SetF(c, Goto(fm, "a_unlock"))
    /\ Step(c, "dma_fence_add_callback", "return -ENOENT")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, calls, dropped, order, uaf>>

-----------------------------------------------------------------------------
(* dma_fence_signal(array) (s_lock, s_tas, s_unlock) and                 *)
(* dma_fence_signal_locked(array) (s_tas only): test_and_set SIGNALED,    *)
(* and the winner runs every user callback under the array's lock.        *)
(* Entered with nx, where the caller continues.                           *)

SignalLock(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "s_lock"
    /\ Acquire(c, "array")
    /\ SetF(c, [fm EXCEPT !.pc = "s_tas", !.sv = irqOn[c]])
    /\ Touch(A)
    /\ Step(c, "dma_fence_signal", "spin_lock_irqsave(array->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone,
                   cbState, calls, dropped>>

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
    /\ UNCHANGED <<ena, pending, ref, freed, owner, irqOn, ctx, work, hwDone,
                   calls, dropped, order>>

SignalUnlock(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "s_unlock"
    /\ Release(c, "array", fm.sv)
    /\ SetF(c, Goto(fm, fm.nx))
    /\ Step(c, "dma_fence_signal", "spin_unlock_irqrestore(array->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone,
                   cbState, calls, dropped, order, uaf>>

-----------------------------------------------------------------------------
(* dma_fence_is_signaled(array): the flag, else ->signaled               *)
(* (dma_fence_array_signaled), which signals the array when it answers   *)
(* true (the core does, or under 08/10 ->check_signaled itself).  op      *)
(* pollloop polls until it sees the array signalled.                      *)

PollFlag(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_flag"
    /\ SetF(c, IF sig[A] THEN IdleFrame ELSE Goto(fm, "p_read"))
    /\ Touch(A)
    /\ Step(c, "dma_fence_is_signaled", "test_bit(SIGNALED)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, cbState, calls, dropped, order, uaf>>

(* atomic_read_acquire(&array->num_pending), before ENABLE_SIGNAL. *)
PollRead(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_read"
    /\ SetF(c, [fm EXCEPT !.pc = "p_test", !.v = pending])
    /\ Touch(A)
    /\ Step(c, "dma_fence_array_signaled", "atomic_read_acquire(&num_pending)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, cbState, calls, dropped, order, uaf>>

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
                      work, hwDone, cbState, calls, dropped, order, uaf>>

(* The poll returns; a poll loop goes round again until it saw SIGNALED. *)
PollDone(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_done"
    /\ SetF(c, IF fm.op = "pollloop" /\ ~sig[A] THEN Goto(fm, "p_flag") ELSE IdleFrame)
    /\ Step(c, "dma_fence_is_signaled", "return test_bit(SIGNALED)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, irqOn, ctx,
                   work, hwDone, cbState, calls, dropped, order, uaf>>

-----------------------------------------------------------------------------
(* A member's hardware passes it: its interrupt handler calls            *)
(* dma_fence_signal(member) in hard-IRQ context.                          *)

HwIrq(c, i) ==
    /\ ~hwDone[i] /\ irqOn[c] /\ ctx[c] = "proc" /\ Wants(fr[c].proc) = "none"
    /\ \A d \in CPUs : fr[d].irq.op = "msig" => fr[d].irq.i # i
    /\ ctx' = [ctx EXCEPT ![c] = "irq"]
    /\ irqOn' = [irqOn EXCEPT ![c] = FALSE]
    /\ fr' = [fr EXCEPT ![c].irq = [IdleFrame EXCEPT !.op = "msig", !.pc = "ms_lock",
                                                      !.i = i]]
    /\ step' = [cpu |-> c, ctx |-> "irq", fn |-> "irq handler", act |-> "member passed"]
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, work, hwDone,
                   cbState, calls, dropped, order, uaf>>

(* spin_lock_irqsave(member->lock) in dma_fence_signal(member). *)
MemberSignalLock(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ms_lock"
    /\ Acquire(c, LockOf(fm.i))
    /\ SetF(c, [fm EXCEPT !.pc = "ms_tas", !.av = irqOn[c]])
    /\ Touch(fm.i)
    /\ Step(c, "dma_fence_signal", "spin_lock_irqsave(member->lock)")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, ctx, work, hwDone,
                   cbState, calls, dropped>>

(* test_and_set SIGNALED of the member, then its callback list: the only *)
(* callback a member carries here is the array's cb[i].                  *)
MemberSignalTas(c) ==
    LET fm == F(c)
        i == fm.i
    IN /\ fm.pc = "ms_tas"
       /\ sig' = [sig EXCEPT ![i] = TRUE]
       /\ cbList' = [cbList EXCEPT ![i] = {}]
       /\ SetF(c, Goto(fm, IF i \in cbList[i] THEN "ms_cb" ELSE "ms_unlock"))
       /\ Step(c, "dma_fence_signal", "test_and_set_bit(SIGNALED) of member")
       /\ UNCHANGED <<ena, pending, ref, freed, owner, irqOn, ctx, work, hwDone,
                      cbState, calls, dropped, order, uaf>>

(* dma_fence_array_cb_func(), under the member's lock with IRQs off:     *)
(* atomic_dec_and_test(&num_pending); at zero irq_work_queue(), which     *)
(* signals the array later on this CPU with the callback's reference,    *)
(* else dma_fence_put(&array->base).  The broken variant                 *)
(* array_cb_signals_directly signals the array right here, under the     *)
(* member's lock.                                                         *)
MemberCb(c) ==
    LET fm == F(c)
        zero == pending - 1 = 0
    IN /\ fm.pc = "ms_cb"
       /\ pending' = pending - 1
       /\ Touch(A)
       /\ IF zero
          THEN /\ IF Mutation = "array_cb_signals_directly"
                  THEN /\ SetF(c, [fm EXCEPT !.pc = "s_lock", !.lk = FALSE,
                                             !.nx = "ms_put"])
                       /\ UNCHANGED <<work, ref, freed>>
                  ELSE /\ work' = [work EXCEPT ![c] = TRUE]
                       /\ SetF(c, Goto(fm, "ms_unlock"))
                       /\ UNCHANGED <<ref, freed>>
          ELSE /\ IF PendingRef THEN PutArray ELSE UNCHANGED <<ref, freed>>
               /\ SetF(c, Goto(fm, "ms_unlock"))
               /\ UNCHANGED work
       /\ Step(c, "dma_fence_array_cb_func",
               IF ~zero THEN "atomic_dec_and_test(); dma_fence_put(&array->base)"
               ELSE IF Mutation = "array_cb_signals_directly" THEN "atomic_dec_and_test(); dma_fence_signal(&array->base)"
               ELSE "atomic_dec_and_test(); irq_work_queue(&array->work)")
       /\ UNCHANGED <<sig, ena, cbList, owner, irqOn, ctx, hwDone, cbState,
                      calls, dropped, order>>

(* array_cb_signals_directly: after signalling, the callback's reference. *)
MemberCbPut(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ms_put"
    /\ IF PendingRef THEN PutArray ELSE UNCHANGED <<ref, freed>>
    /\ Touch(A)
    /\ SetF(c, Goto(fm, "ms_unlock"))
    /\ Step(c, "dma_fence_array_cb_func", "dma_fence_put(&array->base)")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, irqOn, ctx, work, hwDone,
                   cbState, calls, dropped, order>>

(* spin_unlock_irqrestore(member->lock); the handler returns (hard-IRQ   *)
(* exit: IRQs back on, the interrupted context resumes).                 *)
MemberSignalUnlock(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ms_unlock"
    /\ owner' = [owner EXCEPT ![LockOf(fm.i)] = NoCpu]
    /\ irqOn' = [irqOn EXCEPT ![c] = TRUE]
    /\ hwDone' = [hwDone EXCEPT ![fm.i] = TRUE]
    /\ ctx' = [ctx EXCEPT ![c] = "proc"]
    /\ fr' = [fr EXCEPT ![c].irq = IdleFrame]
    /\ Step(c, "dma_fence_signal", "spin_unlock_irqrestore(member->lock); irq exit")
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, work, cbState,
                   calls, dropped, order, uaf>>

-----------------------------------------------------------------------------
(* irq_dma_fence_array_work(): the irq_work interrupt on the CPU that    *)
(* queued it, once IRQs are on: dma_fence_signal(&array->base), then     *)
(* dma_fence_put(&array->base) of the last callback's reference.         *)

WorkEnter(c) ==
    /\ work[c] /\ irqOn[c] /\ ctx[c] = "proc" /\ Wants(fr[c].proc) = "none"
    /\ work' = [work EXCEPT ![c] = FALSE]
    /\ ctx' = [ctx EXCEPT ![c] = "irq"]
    /\ irqOn' = [irqOn EXCEPT ![c] = FALSE]
    /\ fr' = [fr EXCEPT ![c].irq = [IdleFrame EXCEPT !.op = "work", !.pc = "s_lock",
                                                      !.nx = "w_put"]]
    /\ Touch(A)
    /\ step' = [cpu |-> c, ctx |-> "irq", fn |-> "irq_dma_fence_array_work",
                act |-> "irq_work runs"]
    /\ UNCHANGED <<sig, ena, cbList, pending, ref, freed, owner, hwDone,
                   cbState, calls, dropped, order>>

WorkPut(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "w_put"
    /\ IF PendingRef THEN PutArray ELSE UNCHANGED <<ref, freed>>
    /\ Touch(A)
    /\ irqOn' = [irqOn EXCEPT ![c] = TRUE]
    /\ ctx' = [ctx EXCEPT ![c] = "proc"]
    /\ fr' = [fr EXCEPT ![c].irq = IdleFrame]
    /\ Step(c, "irq_dma_fence_array_work", "dma_fence_put(&array->base); irq exit")
    /\ UNCHANGED <<sig, ena, cbList, pending, owner, work, hwDone, cbState,
                   calls, dropped, order>>

-----------------------------------------------------------------------------
(* Initially the array holds one reference to each member, each member's *)
(* driver one more (it keeps it here), and the user one reference to the *)
(* array.                                                                 *)
Init ==
    /\ sig = [f \in Fences |-> FALSE] /\ ena = [f \in Fences |-> FALSE]
    /\ cbList = [f \in Fences |-> {}]
    /\ pending = PendingInit
    /\ ref = [f \in Fences |-> IF f = A THEN 1 ELSE 2]
    /\ freed = [f \in Fences |-> FALSE]
    /\ owner = [l \in Locks |-> NoCpu]
    /\ irqOn = [c \in CPUs |-> TRUE] /\ ctx = [c \in CPUs |-> "proc"]
    /\ fr = [c \in CPUs |-> [k \in Contexts |-> IdleFrame]]
    /\ work = [c \in CPUs |-> FALSE] /\ hwDone = [i \in Members |-> FALSE]
    /\ cbState = [c \in CPUs |-> "unused"]
    /\ calls = 0 /\ dropped = FALSE
    /\ order = {} /\ uaf = FALSE
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
    \/ \E i \in Members : HwIrq(c, i)

Next == \E c \in CPUs : CpuStep(c)

(* Weak fairness per CPU step: a CPU in a call, a handler or an irq_work *)
(* that can go on eventually does (starting a call or dropping the       *)
(* reference stays the user's choice), the hardware eventually passes    *)
(* every member, and a queued irq_work runs.                             *)
Fairness ==
    /\ \A c \in CPUs :
         /\ WF_vars(CpuStep(c) /\ ~Call(c) /\ ~PutCall(c))
         /\ WF_vars(WorkEnter(c))
    /\ \A i \in Members : WF_vars(\E c \in CPUs : HwIrq(c, i))

Spec == Init /\ [][Next]_vars
FairSpec == Spec /\ Fairness
=============================================================================
