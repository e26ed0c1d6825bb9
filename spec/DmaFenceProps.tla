---------------------------- MODULE DmaFenceProps ----------------------------
(***************************************************************************)
(* The properties fencecheck checks of DmaFence: each invariant is named   *)
(* after the kernel guarantee or the seed's claim it states.  The verdict  *)
(* of each, per design and driver, is whatever TLC finds.                  *)
(***************************************************************************)
EXTENDS DmaFence

(* Every variable stays in its type. *)
TypeOK ==
    /\ flags \in [Fences -> SUBSET FlagBits]
    /\ cbList \in [Fences -> Seq(CbIds)]
    /\ cbFence \in [Cbs -> Fences \cup {0}]
    /\ cbState \in [Cbs -> CbStates]
    /\ runs \in [Cbs -> Nat]
    /\ error \in [Fences -> {0, EIO, EDEADLK}]
    /\ tsWrites \in [Fences -> Nat]
    /\ hwSeqno \in 0 .. NumFences
    /\ irqArmed \in BOOLEAN /\ irqLine \in BOOLEAN
    /\ owner \in [Locks -> {NoOwner} \cup [cpu : CPUs, ctx : Contexts]]
    /\ irqOn \in [CPUs -> BOOLEAN]
    /\ ctx \in [CPUs -> Contexts]
    /\ fr \in [CPUs -> [Contexts -> Frame]]
    /\ calls \in 0 .. MaxCalls
    /\ woken \in [CPUs -> BOOLEAN]
    /\ outer \in [CPUs -> {"none", "irq_work", "callback"}]
    /\ entries \in [Fences -> Nat]
    /\ enableCalls \in [Fences -> Nat]
    /\ enableOnSignaled \subseteq Fences
    /\ drvUnderLock \subseteq {"enable_signaling", "signaled"}
    /\ errAfterSignal \subseteq Fences
    /\ everSignaled \subseteq Fences
    /\ fenceRefs \in [Fences -> SUBSET Holders]
    /\ fenceFreed \subseteq Fences

(* Kernel guarantee: each callback's func runs at most once. *)
CallbackAtMostOnce == \A cb \in Cbs : runs[cb] <= 1

(* Kernel guarantee: a callback runs only once its fence is SIGNALED. *)
CallbackOnlyAfterSignaled ==
    \A cb \in Cbs : runs[cb] > 0 => Signaled(cbFence[cb])

(* Kernel guarantee: SIGNALED, once set, is never cleared. *)
SignaledNeverClears == \A f \in everSignaled : Signaled(f)

(* Kernel guarantee: ->enable_signaling is entered at most once per fence. *)
EnableSignalingAtMostOnce == \A f \in Fences : enableCalls[f] <= 1

(* dma-fence.h: ->enable_signaling is never called on a fence that is     *)
(* already signaled.                                                      *)
NoEnableSignalingOnSignaled == enableOnSignaled = {}

(* What the fence lock around ->enable_signaling buys (seed claim 1): the *)
(* fence is not signaled while the driver's enable_signaling runs.        *)
EnableSignalingSerializedWithSignal ==
    \A c \in CPUs, k \in Contexts :
        fr[c][k].pc \in {"drv_lock", "drv_arm", "drv_unlock"} /\ ~fr[c][k].own
            => ~Signaled(fr[c][k].f)

(* The lock the running context of CPU c spins on, or "none". *)
SpinningOn(c) ==
    LET fm == F(c) IN
    IF fm.pc \in AcquirePcs /\ owner[LockAt(fm.pc)] # NoOwner
    THEN LockAt(fm.pc) ELSE "none"

(* No CPU spins on a lock that the CPU itself holds: the same-CPU        *)
(* deadlock (an interrupt spinning on a lock its process context holds,   *)
(* or a recursive acquisition).                                           *)
NoSelfDeadlock ==
    \A c \in CPUs : SpinningOn(c) # "none" => owner[SpinningOn(c)].cpu # c

(* The CPU holding the lock that CPU c spins on, or c itself when c does  *)
(* not spin (a CPU that runs waits for nobody).                           *)
WaitsFor(c) == IF SpinningOn(c) = "none" THEN c ELSE owner[SpinningOn(c)].cpu

(* The CPU reached from c by following WaitsFor n times. *)
RECURSIVE Hops(_, _)
Hops(c, n) == IF n = 0 THEN c ELSE Hops(WaitsFor(c), n - 1)

(* No waits-for cycle through two or more CPUs (ABBA and longer): no CPU  *)
(* c spins, through other CPUs, on a lock that c itself holds.           *)
NoCrossCpuDeadlock ==
    \A c \in CPUs : \A n \in 2 .. Cardinality(CPUs) :
        Hops(c, n) = c => WaitsFor(c) = c

(* Seed claim 3: no driver op runs while the fence lock is held with IRQs *)
(* off.                                                                   *)
NoDriverOpUnderFenceLock == drvUnderLock = {}

(* Seed claim 2: the callbacks of one context run in emission order: no  *)
(* callback of a later fence has run while a callback of an earlier fence *)
(* is still pending.                                                      *)
CallbacksInEmissionOrder ==
    \A a, b \in Fences :
        (a < b /\ \E cb \in Cbs : cbFence[cb] = b /\ runs[cb] > 0)
            => ~\E cb \in Cbs : cbFence[cb] = a /\ cbState[cb] = "added"

(* Kernel guarantee: once a fence is signaled its callback list holds no  *)
(* user callback: the signaller spliced the list off and every later add *)
(* fails with -ENOENT (the re-check under the lock).                      *)
CbListEmptyAfterSignal ==
    \A f \in Fences : Signaled(f) => Range(cbList[f]) \cap Cbs = {}

(* API contract (dma_fence_remove_callback()): true, the callback was     *)
(* still linked and is now unlinked, means it never runs.  A callback      *)
(* marked removed has not run, then or since.                              *)
NoRunAfterRemove == \A cb \in Cbs : cbState[cb] = "removed" => runs[cb] = 0

(* API contract (dma_fence_add_callback()): -ENOENT means the fence is    *)
(* already signaled, and the callback is never called; the caller then    *)
(* handles completion itself (drm_sched, dma_fence_array and the chain    *)
(* treat -ENOENT as "this dependency is done").  A rejected callback's    *)
(* fence is signaled and the callback has not run.                       *)
AddEnoentMeansSignaled ==
    \A cb \in Cbs : cbState[cb] = "rejected" =>
        Signaled(cbFence[cb]) /\ runs[cb] = 0

(* API contract (dma_fence_remove_callback()): false means the callback   *)
(* has already run (or another remove unlinked it first).  The signaller *)
(* runs the spliced list under the fence lock that remove takes, so once  *)
(* remove finds the callback unlinked it is no longer pending; true means *)
(* remove unlinked it (and NoRunAfterRemove keeps it from ever running).  *)
(* Either way the caller may free the callback when the call returns.     *)
(* Stated at the return step (rm_ret), where the frame's en is the answer. *)
RemoveFalseMeansRan ==
    \A c \in CPUs, k \in Contexts : LET fm == fr[c][k] IN
        fm.op = "remove" /\ fm.pc = "rm_ret" =>
            IF fm.en THEN cbState[fm.cb] = "removed"
                     ELSE cbState[fm.cb] \in {"ran", "removed"}

(* API contract (dma_fence_is_signaled(), include/linux/dma-fence.h): a  *)
(* true answer means the fence is signaled, and its callbacks have run or *)
(* are running: SIGNALED is set and fence->cb_list holds no callback      *)
(* (a signaller has taken them all off to run them).  Stated at the      *)
(* return of a true answer that ->signaled() gave (iss_ret); a true      *)
(* answer from the SIGNALED bit itself states it at its own test.        *)
IsSignaledTrueMeansSignaled ==
    \A c \in CPUs, k \in Contexts : LET fm == fr[c][k] IN
        fm.op = "issig" /\ fm.pc = "iss_ret" =>
            Signaled(fm.f) /\ cbList[fm.f] = <<>>

(* API contract (dma_fence_get_status(), drivers/dma-buf/dma-fence.c): 0 *)
(* if the fence was not signaled when read, 1 if it was signaled without  *)
(* error, else fence->error, a negative errno, which dma_fence_set_error() *)
(* can no longer change once SIGNALED is set (so a non-zero status stays  *)
(* the fence's status).  Stated at get_status's return (st_ret), where    *)
(* the frame's v is the status it computed under the lock and en records *)
(* whether the fence was signaled then.                                   *)
GetStatusMatchesFence ==
    \A c \in CPUs, k \in Contexts : LET fm == fr[c][k] IN
        fm.op = "status" /\ fm.pc = "st_ret" =>
            IF fm.en THEN /\ Signaled(fm.f)
                          /\ fm.v = IF error[fm.f] = 0 THEN 1 ELSE error[fm.f]
                          /\ fm.v = 1 \/ fm.v < 0
                     ELSE fm.v = 0

(* The steps that read or write a fence's own memory (its flags, its       *)
(* cb_list, its error, its timestamp, or hand it to a driver op).  Taking  *)
(* and dropping fence->lock is not one: in these shapes the lock is the    *)
(* timeline's (sw_sync's obj->lock, a ring's fence_drv.lock), not the       *)
(* fence's.                                                                *)
FenceMemoryPcs == {"sig_test", "sl_tas", "sl_set", "sl_ts", "sl_stamp",
                   "add_fast", "add_insert", "add_link", "rm_del", "rm_write",
                   "iss_test", "st_read", "err_set", "w_fast", "w_add",
                   "w_check", "en_tas", "en_set", "drv_call", "drv_arm",
                   "ts_sig", "ts_spin", "ts_read", "put_dec", "ret_dec",
                   "rel_test", "rel_err", "dw_fast", "dw_insert", "dw_test",
                   "dw_del"}

(* Kernel rule (the kernel-doc of dma_fence_put() and every call that     *)
(* needs a reference): no one touches a fence after the last reference is *)
(* gone and dma_fence_release() has given its memory back.  No context is *)
(* about to take a step on a freed fence's memory.                        *)
NoAccessAfterFree ==
    \A c \in CPUs, k \in Contexts : LET fm == fr[c][k] IN
        fm.f \in fenceFreed => fm.pc \notin FenceMemoryPcs

(* Kernel guarantee (dma_fence_release(), 6.x): a fence released with     *)
(* callbacks still pending is signalled (with -EDEADLK) first, so no      *)
(* callback or waiter is left on the list of a fence that is gone: a      *)
(* freed fence's cb_list is empty.                                        *)
NoCallbackLostAtRelease ==
    \A f \in fenceFreed : cbList[f] = <<>>

(* Is a dma_fence_release() of fence f running: a put or retire past its *)
(* decrement, in the release path (its -EDEADLK signal included)?         *)
Releasing(f) ==
    \E c \in CPUs, k \in Contexts :
        /\ fr[c][k].op \in {"put", "retire"} /\ fr[c][k].f = f
        /\ fr[c][k].pc \notin {"idle", "put_dec", "ret_dec"}

(* Kernel guarantee (kref): a fence's memory goes back exactly when its    *)
(* last reference is gone and its release has run: never while a holder  *)
(* is left, never kept once the release is done.                          *)
FreedExactlyWhenUnreferenced ==
    \A f \in Fences :
        f \in fenceFreed <=> fenceRefs[f] = {} /\ ~Releasing(f)

(* Kernel guarantee (dma_fence_set_error WARNs otherwise): the error of a *)
(* fence is written only before it is signaled.                           *)
ErrorOnlyBeforeSignal == errAfterSignal = {}

(* Kernel guarantee: the timestamp is written once, at signal: TIMESTAMP  *)
(* implies SIGNALED and fence->timestamp is never rewritten.              *)
TimestampOnlyAtSignal ==
    \A f \in Fences : /\ "TIMESTAMP" \in flags[f] => Signaled(f)
                      /\ tsWrites[f] <= 1

(* API contract (dma_fence_timestamp(), include/linux/dma-fence.h): a     *)
(* reader that has seen the fence signalled gets the timestamp its        *)
(* signaller wrote, not the field as dma_fence_init() left it: SIGNALED   *)
(* is set before the write, so the reader waits for TIMESTAMP.  Stated at *)
(* the reader's return (ts_ret), where the frame's v is the number of     *)
(* timestamp writes it saw.                                               *)
TimestampReadAfterWrite ==
    \A c \in CPUs, k \in Contexts : LET fm == fr[c][k] IN
        fm.op = "tsread" /\ fm.pc = "ts_ret" => fm.v >= 1

(* CPU c runs process context between kernel calls, outside any atomic   *)
(* caller context.                                                        *)
BetweenCalls(c) == ctx[c] = "proc" /\ fr[c].proc.pc = "idle" /\ outer[c] = "none"

(* Kernel guarantee (lockdep's "lock held when returning to user space"): *)
(* a process context back from its calls, outside an atomic caller, holds *)
(* no spinlock.                                                           *)
LocksReleasedBetweenCalls ==
    \A c \in CPUs : BetweenCalls(c) =>
        \A l \in Locks : owner[l] = NoOwner \/ owner[l].cpu # c

(* No CPU is inside a kernel call, in an atomic caller context or in the  *)
(* interrupt handler, and no interrupt is pending: whatever the signal    *)
(* path will undo, it has undone.                                         *)
Quiescent ==
    /\ ~irqLine
    /\ \A c \in CPUs : BetweenCalls(c)

(* Driver guarantee (what the op's side effects rely on): the op leaves   *)
(* at most one entry per fence (no double list_add, no second reference) *)
(* and, once everything is quiet, no entry is left for a signaled fence:  *)
(* no reference, list entry or waiter count leaks.                        *)
OpSideEffectsBalance ==
    \A f \in Fences : /\ entries[f] <= 1
                      /\ Quiescent /\ Signaled(f) => entries[f] = 0

(* Kernel rule: code called from an atomic context (an irq_work, another  *)
(* fence's callback under its lock) or running in hard-IRQ context never  *)
(* enables IRQs; spin_unlock_irq() there would let an interrupt nest into *)
(* hard-IRQ context or under an irqsave lock.                             *)
AtomicCallerKeepsIrqsOff ==
    \A c \in CPUs : outer[c] # "none" \/ ctx[c] = "irq" => ~irqOn[c]

(* API contract (dma-fence.c, dma_fence_signal() and                      *)
(* dma_fence_set_error()): a fence is signalled only once its hardware     *)
(* passed it, or with an error that says why not: a driver that gives up  *)
(* (the op fails to arm, the error path) sets fence->error before it       *)
(* signals, so dma_fence_get_status() never reports success for work that *)
(* did not complete.                                                      *)
SignaledOnlyWhenPassedOrFailed ==
    \A f \in Fences : Signaled(f) => hwSeqno >= f \/ error[f] # 0

(* API contract (dma_fence_wait_timeout(), dma_fence_wait()): a wait      *)
(* returns the time left, success, only for a signalled fence, and 0, the *)
(* timeout, only when it had a time limit: dma_fence_wait() without one   *)
(* returns only once the fence signalled; -ERESTARTSYS only from an       *)
(* interruptible wait (intr = true); a zero-timeout wait (op poll)        *)
(* answers 0 only for a fence that is not signaled (it is still under    *)
(* the lock that every signaller takes).  The header asks the same of a   *)
(* driver's ->wait.  Stated at the wait's last step (w_unlock of          *)
(* dma_fence_default_wait(), dw_ret of ->wait), where the frame's en is   *)
(* its timed-out flag and v holds -ERESTARTSYS when a signal ended it.    *)
WaitReturnMatchesFence ==
    \A c \in CPUs : LET fm == fr[c].proc IN
        fm.op \in WaitOps /\ fm.pc \in {"w_unlock", "dw_ret"} =>
            CASE fm.v = ERESTARTSYS -> fm.op \in IntrWaitOps
              [] fm.en -> IF fm.op \in PollOps THEN ~Signaled(fm.f) ELSE WaitTimeouts
              [] OTHER -> Signaled(fm.f)

(* API contract (dma_fence_default_wait(), mainline drivers/dma-buf/     *)
(* dma-fence.c): the waiter's callback lives on the waiting task's stack  *)
(* (struct default_wait_cb cb), so before the wait returns, signalled or  *)
(* timed out, it takes the callback off fence->cb_list if it is still     *)
(* linked.  A waiter entry is in a fence's list only while its CPU is     *)
(* inside the wait on that fence.                                         *)
WaiterUnlinkedOnReturn ==
    \A c \in CPUs, f \in Fences :
        c \in Range(cbList[f]) => fr[c].proc.op \in WaitOps /\ fr[c].proc.f = f

(* Kernel rule: a process context back from its kernel calls, outside   *)
(* any atomic caller, runs with IRQs on.  Every spin_lock_irqsave() and   *)
(* local_irq_save() was paired with its restore, and every interrupt     *)
(* entry with its return (the entry code's CONFIG_PROVE_LOCKING check     *)
(* WARNs "syscall %lu left IRQs disabled").  The atomic contexts' half,   *)
(* IRQs off in hard-IRQ context and inside an atomic caller, is           *)
(* AtomicCallerKeepsIrqsOff.                                              *)
IrqStateRestored == \A c \in CPUs : BetweenCalls(c) => irqOn[c]

(* Liveness: a callback that was added and not removed runs, once the    *)
(* hardware completes.                                                    *)
CallbacksEventuallyRun ==
    \A cb \in Cbs : cbState[cb] = "added" ~> cbState[cb] \in {"ran", "removed"}

(* Liveness: every waiter returns. *)
WaitersReturn ==
    \A c \in CPUs : fr[c].proc.op \in WaitOps ~> fr[c].proc.op \notin WaitOps
=============================================================================
