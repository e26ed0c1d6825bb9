------------------------------- MODULE DmaFence -------------------------------
(***************************************************************************)
(* One dma_fence timeline of drivers/dma-buf/dma-fence.c (6.x mainline),   *)
(* step by step: NumFences fences of one context, emitted in seqno order,  *)
(* sharing one fence->lock, a device whose hardware seqno passes them in   *)
(* order and raises an interrupt, and CPUs that each run a process context *)
(* and, nested on top of it, a hard-IRQ context.                           *)
(*                                                                         *)
(* Every action is one atomic step of the C code and names the function it *)
(* models.  The constant Design selects the core:                         *)
(*   "legacy"     - mainline (6.x up to the June 2026 base of the series): *)
(*                  ENABLE_SIGNAL test-and-set and ->enable_signaling run   *)
(*                  with fence->lock held, IRQs off; a false answer from    *)
(*                  the driver => dma_fence_signal_locked().                *)
(*   "reworked"   - the seed's cover letter as fencecheck first read it:    *)
(*                  the test-and-set is lock-free, ->enable_signaling runs  *)
(*                  with no fence lock and the caller's IRQ state; false => *)
(*                  dma_fence_signal(); dma_fence_add_callback() then takes *)
(*                  the lock and re-checks SIGNALED before appending.       *)
(*   "rfc2024"    - RFC patch 7/7, Message-Id                               *)
(*                  <20240911085903.1496-8-christian.koenig@amd.com>: the   *)
(*                  core as in "reworked", but ->enable_signaling returns   *)
(*                  void and the driver signals by itself (OpSignal).       *)
(*                  dma_fence_get_status() still calls ->signaled under the *)
(*                  lock (7/7 does not touch it).                           *)
(*   "series2026" - June 2026 patches 07-10/10, Message-Ids                 *)
(*                  <20260624122917.2483-8..11-christian.koenig@amd.com>    *)
(*                  (02/10 <...-3-...> for get_status): lock-free           *)
(*                  dma_fence_enable_signaling() (10/10), void op that      *)
(*                  signals by itself (09/10), void ->check_signaled that   *)
(*                  calls dma_fence_signal() (08/10), and                   *)
(*                  dma_fence_get_status() a pure flag test under the lock  *)
(*                  (02/10 + 07/10).                                        *)
(*                                                                         *)
(* The driver is a set of parameters, orthogonal to the design:            *)
(*   DriverLock     - the flavour of a separate driver lock ("none",       *)
(*                    "irqsave", "plain", "irq"), or "fence": the driver's  *)
(*                    lock is the fence lock itself (radeon, i915, nouveau, *)
(*                    xe, host1x, vmwgfx, amdkfd).                          *)
(*   Handler        - "held": the interrupt handler holds its lock across   *)
(*                    signalling (radeon, xe, host1x); "dropped": it does   *)
(*                    its bookkeeping under the lock and signals after      *)
(*                    dropping it (i915's signal_irq_work).                 *)
(*   OpSignal       - how ->enable_signaling signals a passed fence:        *)
(*                    "return_false" (legacy, reworked: the core signals),  *)
(*                    "signal" (dma_fence_signal() after dropping its lock, *)
(*                    as the RFC writes radeon/i915/nouveau/host1x) or      *)
(*                    "locked" (dma_fence_signal_locked() under             *)
(*                    dma_fence_lock_irqsave(), as 09/10 and 10/10 do).     *)
(*   OpSideEffect   - the op leaves an entry (a reference, a list entry, a  *)
(*                    counter) that the signal path and the error path      *)
(*                    undo (radeon's wait-queue entry and reference, xe's   *)
(*                    pending list, host1x's fence list, vmwgfx's waiter).  *)
(*   OpSetsError    - the op may fail and then sets fence->error before it  *)
(*                    signals (amdkfd's failed eviction scheduling).        *)
(*   SignaledOp     - the driver has ->signaled / ->check_signaled.         *)
(*   CheckUnderLock - the driver calls the function behind ->signaled from  *)
(*                    code that holds the fence lock (xe's irq_work         *)
(*                    hw_fence_irq_run_cb, nouveau's op); after 08/10 that  *)
(*                    function calls dma_fence_signal() itself.             *)
(* Caller selects the context kernel calls are made from: "process" (IRQs *)
(* on), "irq_work" (hard IRQ, IRQs off, as dma_fence_chain_irq_work re-arms *)
(* a chain) or "callback" (inside the callback of another fence of this   *)
(* timeline: its fence->lock held, IRQs off).                             *)
(*                                                                         *)
(* Profile selects the driver: "shape", the parameterised driver above,  *)
(* or a real driver whose ->enable_signaling and signal paths are written  *)
(* step by step in DmaFenceDrivers.tla (issue 19, the driver atlas).  A   *)
(* profile's lock is the fence lock; the core hands control to its steps   *)
(* at the op ("p_op"), at the interrupt ("p_irq") and after a lock step    *)
(* whose continuation the profile put in the frame (nx).                  *)
(*                                                                         *)
(* Mutation selects one deliberately broken variant ("none" = the real    *)
(* code); each exists only to show that one property can fail.            *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC

CONSTANTS
    CPUs,          \* the CPUs (model values)
    NumFences,     \* fences 1..NumFences of one context, emitted in order
    Cbs,           \* user callbacks (strings, or model values: CbName); each
                   \* is added at most once
    Design,        \* "legacy", "reworked", "rfc2024" or "series2026"
    DriverLock,    \* "none", "irqsave", "plain", "irq" or "fence"
    Handler,       \* "held" or "dropped": the handler's lock across signalling
    OpSignal,      \* "return_false", "signal" or "locked"
    OpSideEffect,  \* TRUE iff the op leaves an entry the signal path undoes
    OpSetsError,   \* TRUE iff the op may fail and set fence->error
    SignaledOp,    \* TRUE iff the driver has ->signaled (hw seqno poll)
    CheckUnderLock,\* TRUE iff the driver tests completion under fence->lock
    Caller,        \* "process", "irq_work" or "callback"
    Ops,           \* the kernel calls process contexts may make
    MaxCalls,      \* kernel calls started by all CPUs together (bound)
    WaitTimeouts,  \* TRUE iff a sleeping waiter may time out
    Profile,       \* "shape" or a real driver of DmaFenceDrivers.tla
    Mutation       \* "none" or the name of a broken variant

(* The real drivers with a profile in DmaFenceDrivers.tla. *)
DriverProfiles == {"nouveau", "nouveau_fixed", "xe_hw", "xe_hw_fixed",
                   "amdkfd", "amdkfd_fixed", "xe_preempt", "amdgpu_fence",
                   "amdgpu_evf", "host1x", "vmwgfx", "vmwgfx_fixed",
                   "vmwgfx2024", "vmwgfx2024_fixed", "radeon", "i915"}

(* The broken driver profiles, one mistake each (DmaFenceDrivers.tla      *)
(* says where each one applies; docs/drivers.md which property it breaks). *)
DriverMutations == {"xe_add_outside_lock", "xe_add_without_get",
                    "xe_irq_leaks_reference", "xe_check_ignores_passed",
                    "nouveau_no_channel_test", "nouveau_signal_skips_notify_ref",
                    "fixed_no_flag_test", "vmw_no_waiter_remove",
                    "radeon_wake_keeps_irq", "i915_signal_without_llist"}

ASSUME Design \in {"legacy", "reworked", "rfc2024", "series2026"}
ASSUME DriverLock \in {"none", "irqsave", "plain", "irq", "fence"}
ASSUME Handler \in {"held", "dropped"}
ASSUME OpSignal \in {"return_false", "signal", "locked"}
ASSUME SignaledOp \in BOOLEAN /\ WaitTimeouts \in BOOLEAN
ASSUME OpSideEffect \in BOOLEAN /\ OpSetsError \in BOOLEAN
ASSUME CheckUnderLock \in BOOLEAN
ASSUME Caller \in {"process", "irq_work", "callback"}
ASSUME Profile \in {"shape"} \cup DriverProfiles
(* A real driver's op, signal paths and bookkeeping are its profile's own *)
(* steps: the shape parameters that would add generic ones stay off, and  *)
(* its lock is the fence lock.                                            *)
ASSUME Profile # "shape" =>
          /\ DriverLock = "fence" /\ Handler = "held"
          /\ ~OpSideEffect /\ ~OpSetsError /\ ~CheckUnderLock
(* A bool op returns false exactly in the two designs that keep bool.     *)
ASSUME (OpSignal = "return_false") <=> (Design \in {"legacy", "reworked"})
(* dma_fence_signal_locked() needs the fence lock, which the op holds     *)
(* only when its lock is the fence lock.                                  *)
ASSUME OpSignal = "locked" => DriverLock = "fence"
(* Only code holding the fence lock can call the check under it.         *)
ASSUME CheckUnderLock => DriverLock = "fence" /\ Handler = "held" /\ SignaledOp
(* Sleeping (dma_fence_wait) is not allowed in atomic context.            *)
ASSUME Caller # "process" => {"wait", "waiti", "opwait", "opwaiti", "poll"} \cap Ops = {}
ASSUME Ops \subseteq {"add", "remove", "enable", "issig", "status", "seterr",
                      "wait", "waiti", "opwait", "opwaiti", "poll", "reinit",
                      "tsread", "put", "retire"}
(* The fences of one timeline share their ops: either they have ->wait    *)
(* (ops opwait, opwaiti) or dma_fence_wait_timeout() uses the default     *)
(* wait (ops wait, waiti), not both.                                      *)
ASSUME {"opwait", "opwaiti"} \cap Ops # {} => {"wait", "waiti", "poll"} \cap Ops = {}
(* The consumer's last put and the driver's retire come together: each   *)
(* holds one of the two references a fence's release waits for.          *)
ASSUME ("put" \in Ops) <=> ("retire" \in Ops)
(* The timestamp reader spins in process context (drm_sched's cleanup     *)
(* worker, the sync_file ioctl).                                          *)
ASSUME "tsread" \in Ops => Caller = "process"
ASSUME NumFences \in Nat \ {0} /\ MaxCalls \in Nat
ASSUME Mutation \in {"none", "signal_no_splice", "cb_before_signaled",
                     "reinit", "enable_split_tas", "enable_no_signaled_check",
                     "seterr_unlocked", "positive_error", "ts_on_every_signal",
                     "reworked_no_recheck", "lost_wakeup", "no_arm",
                     "signal_plain_lock", "signal_split_tas", "remove_unlocked",
                     "add_insert_unlocked", "add_no_signaled_recheck",
                     "handler_keeps_entry", "add_lock_irq", "signal_unlock_plain",
                     "arm_fail_no_error", "wait_timeout_truncated", "wait_keeps_waiter",
                     "ts_read_unwaited", "enable_false_no_signal",
                     "issig_no_signal", "status_ignores_error",
                     "release_no_signal", "retire_unsignaled", "wait_ignores_intr",
                     "release_leaks", "release_keeps_lock", "wait_op_lost_wakeup",
                     "poll_skips_enable"}
                    \cup DriverMutations
ASSUME Mutation \in DriverMutations => Profile \in DriverProfiles

(* The fences of the timeline; a fence is named by its seqno. *)
Fences == 1 .. NumFences

(* The two spinlock classes: the timeline's fence->lock and the driver's. *)
Locks == {"fence", "driver"}

(* A CPU runs in process context or, nested over it, in hard-IRQ context. *)
Contexts == {"proc", "irq"}

(* The flag bits of enum dma_fence_flag_bits that the core uses. *)
FlagBits == {"SIGNALED", "ENABLE_SIGNAL", "TIMESTAMP"}

(* The owner of a free lock (a record, like the owner of a held one). *)
NoOwner == [cpu |-> "none", ctx |-> "none"]

(* -EIO, the error the driver's error path sets. *)
EIO == -5

(* The waits of dma_fence_wait_timeout() on a fence without ->wait, which *)
(* sleep in dma_fence_default_wait(): op wait with intr = false, op waiti *)
(* with intr = true (a signal to the waiting task ends the wait with      *)
(* -ERESTARTSYS).  Op poll is a caller's loop of zero-timeout waits,      *)
(* dma_fence_wait_timeout(fence, false, 0) until it answers 1 (the        *)
(* convention of bcc004b629d2 and 698c0f7ff216, v4.10: 1 if signaled, 0  *)
(* if not, after enabling signaling).                                     *)
DefaultWaitOps == {"wait", "waiti", "poll"}
PollOps == {"poll"}

(* The same two waits on a fence whose ops have ->wait: opwait and        *)
(* opwaiti sleep in the driver's wait (DriverWait* below).                *)
DriverWaitOps == {"opwait", "opwaiti"}

(* Every dma_fence_wait_timeout(), and the interruptible ones.            *)
WaitOps == DefaultWaitOps \cup DriverWaitOps
IntrWaitOps == {"waiti", "opwaiti"}

(* Where dma_fence_wait_timeout() goes once dma_fence_enable_sw_signaling() *)
(* returned: ops->wait if the fence has one, else dma_fence_default_wait() *)
(* (mainline drivers/dma-buf/dma-fence.c; no patch of either series       *)
(* touches it).                                                           *)
WaitEntry(op) == IF op \in DriverWaitOps THEN "dw_fast" ELSE "w_fast"

(* -ERESTARTSYS, an interruptible wait's answer when a signal is pending. *)
ERESTARTSYS == -512

(* -EDEADLK, the error dma_fence_release() gives a fence released with    *)
(* callbacks still pending.                                               *)
EDEADLK == -35

(* The references a fence's release waits for, where a configuration     *)
(* models them (RefsModelled: it has the put and retire calls): the       *)
(* consumer's ("caller", from the submission that returned the fence,     *)
(* covering its calls on it; dropped by op put) and the driver's          *)
(* ("driver", the timeline's reference to a fence it still has to         *)
(* signal; dropped by op retire).  Elsewhere no reference is modelled.   *)
RefsModelled == "put" \in Ops
Holders == {"caller", "driver"}

(* A callback list holds user callbacks and the waiters' wake callbacks;  *)
(* a CPU's waiter callback is named by the CPU.                           *)
CbIds == Cbs \cup CPUs

(* The lifecycle of a user callback (struct dma_fence_cb). *)
CbStates == {"unused", "added", "rejected", "removed", "ran"}

(* The program counters of a context.  "idle" = between kernel calls.     *)
(* A driver profile takes the fence lock at drv_lock (irqsave), ret_lock  *)
(* (spin_lock_irq) or irq_lock (spin_lock) and drops it at drv_unlock,    *)
(* ret_unlock, irq_drop or, leaving the interrupt, irq_unlock; i915 takes *)
(* its second lock, ce->signal_lock, at cs_lock and drops it at          *)
(* cs_unlock (spin_lock / spin_unlock); vmwgfx's vmw_fences_update()      *)
(* takes the fence lock with spin_lock() at vm_lock, drops it at          *)
(* vm_unlock (spin_lock_irqsave() in the corrected vmwgfx_fixed).         *)
AcquirePcs == {"sig_lock", "sset_lock", "add_lock", "rm_lock", "esw_lock", "st_lock",
               "err_lock", "w_lock", "w_relock", "drv_lock", "irq_lock",
               "cs_lock", "ret_lock", "vm_lock", "rel_lock", "rel_dlock",
               "dw_lock", "dw_rmlock"}
ReleasePcs == {"sig_unlock", "add_unlock", "rm_unlock", "esw_unlock",
               "st_unlock", "err_unlock", "w_sleep", "w_unlock",
               "drv_unlock", "irq_drop", "cs_unlock", "ret_unlock", "vm_unlock",
               "rel_unlock", "rel_dunlock", "dw_unlock", "dw_rmunlock"}
BodyPcs == {"idle", "sl_tas", "sl_ts", "sl_run", "en_tas", "en_set",
            "drv_call", "drv_arm", "add_fast", "add_insert",
            "sig_test", "sl_set", "add_link", "rm_write", "rm_del", "rm_ret", "iss_test", "iss_ret", "st_read", "st_ret", "err_set", "w_fast", "w_add",
            "w_setstate", "w_sched", "w_check", "irq_next", "irq_unlock",
            "irq_book", "sl_stamp", "ts_sig", "ts_spin", "ts_read", "ts_ret",
            "put_dec", "ret_dec", "rel_test", "rel_err", "rel_free",
            "dw_fast", "dw_insert", "dw_state", "dw_test", "dw_sched", "dw_del",
            "dw_ret", "w_poll"}
(* The pcs of the driver profiles' own steps (DmaFenceDrivers.tla); the  *)
(* profiles take and drop their lock through drv_lock, drv_unlock,        *)
(* irq_lock and irq_unlock, with the continuation in the frame's nx.      *)
DriverPcs == {"p_op", "p_op_store", "p_op_allow", "p_op_flag", "p_op_inc",
              "p_op_check", "p_op_tail", "p_op_done", "p_op_mark", "p_op_link",
              "p_op_add", "p_op_svm", "p_irq", "p_irq_walk", "p_irq_del",
              "p_work", "p_work_walk", "p_work_del", "p_rel", "p_rel_free",
              "p_op_suspend", "p_op_queue", "p_claim", "p_claim_next",
              "p_claim_put", "p_h1_check", "p_h1_ref", "p_h1_insert", "p_h1_sig",
              "p_h1_put", "p_h1_tmo", "p_h1_rm", "p_h1_err", "p_h1_tput",
              "p_vm_check", "p_vm_walk", "p_rd_fast", "p_rd_irqget", "p_rd_act",
              "p_rd_retest", "p_rd_add", "p_rd_walk", "p_rd_wput",
              "p_i9_sig", "p_i9_act", "p_i9_ins", "p_i9_out", "p_i9_sub",
              "p_i9_walk", "p_i9_notify", "p_i9_cbs", "p_i9_put"}
Pcs == AcquirePcs \cup ReleasePcs \cup BodyPcs \cup DriverPcs

(* A context's frame: the call it is in, its pc and its locals.  sret,    *)
(* lret and eret are the return pcs of dma_fence_signal(),                *)
(* dma_fence_signal_timestamp_locked() and __dma_fence_enable_signaling(); *)
(* en is a boolean result; sv holds the IRQ state saved by irqsave; own    *)
(* records that ->enable_signaling signalled its fence itself.  A driver  *)
(* profile keeps in nx the pc it continues at after a lock step and in fn  *)
(* the C function it is in (traces name it), in v a value it loaded and   *)
(* in seen the entries a list walk has visited; op "work" is a driver     *)
(* path run from process context (a worker, a release).                  *)
Frame == [op : {"idle", "add", "remove", "enable", "issig", "status",
                "seterr", "wait", "waiti", "opwait", "opwaiti", "poll", "reinit",
                "irq", "work", "tsread", "put", "retire"},
          pc : Pcs, f : Fences \cup {0}, cb : Cbs \cup {"none"},
          en : BOOLEAN, local : Seq(CbIds),
          sret : Pcs, lret : Pcs, eret : Pcs,
          cur : 0 .. NumFences + 1, sv : [Locks -> BOOLEAN], own : BOOLEAN,
          nx : Pcs, fn : STRING, v : Int, seen : SUBSET Fences]

(* The frame of a context that is not in any call. *)
IdleFrame == [op |-> "idle", pc |-> "idle", f |-> 0, cb |-> "none",
              en |-> FALSE, local |-> <<>>, sret |-> "idle",
              lret |-> "idle", eret |-> "idle", cur |-> 0,
              sv |-> [l \in Locks |-> FALSE], own |-> FALSE,
              nx |-> "idle", fn |-> "", v |-> 0, seen |-> {}]

VARIABLES
    flags,            \* fence -> set of flag bits
    cbList,           \* fence -> fence->cb_list (sequence of callback ids)
    cbFence,          \* user callback -> the fence it was added to (0: none)
    cbState,          \* user callback -> CbStates
    runs,             \* user callback -> how often its func ran (history)
    error,            \* fence -> fence->error
    tsWrites,         \* fence -> how often fence->timestamp was written
    hwSeqno,          \* the last seqno the hardware has passed
    irqArmed,         \* the driver has armed its completion interrupt
    irqLine,          \* an interrupt is raised and not yet taken
    owner,            \* lock -> [cpu, ctx] holding it, or NoOwner
    irqOn,            \* CPU -> local IRQs enabled
    ctx,              \* CPU -> the context running on it
    fr,               \* CPU -> context -> Frame
    calls,            \* kernel calls started so far (bound)
    woken,            \* CPU -> its waiter's task was woken
    outer,            \* CPU -> the atomic context around its call, or "none"
    entries,          \* fence -> the op's entries (ref, list entry) not undone
    enableCalls,      \* fence -> entries into ->enable_signaling (history)
    enableOnSignaled, \* fences whose ->enable_signaling was entered signaled
    drvUnderLock,     \* driver ops entered under the IRQ-off fence lock
    errAfterSignal,   \* fences whose error was written after SIGNALED
    everSignaled,     \* fences that have ever had SIGNALED (history)
    fenceRefs,             \* fence -> the holders of its references (kref)
    fenceFreed,            \* fences whose memory dma_fence_release() gave back
    step              \* the step that led into this state (for traces)

fenceVars == <<flags, cbList, cbFence, cbState, runs, error, tsWrites, fenceRefs,
               fenceFreed>>
hwVars == <<hwSeqno, irqArmed, irqLine, entries>>
cpuVars == <<owner, irqOn, ctx, fr, calls, woken, outer>>
histVars == <<enableCalls, enableOnSignaled, drvUnderLock, errAfterSignal,
              everSignaled>>
vars == <<fenceVars, hwVars, cpuVars, histVars, step>>

(***************************************************************************)
(* Helpers                                                                 *)
(***************************************************************************)

(* The running context's frame of CPU c. *)
F(c) == fr[c][ctx[c]]

(* Continue frame fm at pc, or end the kernel call when pc is "idle". *)
Goto(fm, pc) == IF pc = "idle" THEN IdleFrame ELSE [fm EXCEPT !.pc = pc]

(* Replace the running frame of CPU c. *)
SetF(c, fm) == fr' = [fr EXCEPT ![c][ctx[c]] = fm]

(* The elements of a sequence. *)
Range(s) == {s[i] : i \in DOMAIN s}

(* The sequence s without element x. *)
Remove(s, x) == SelectSeq(s, LAMBDA y : y # x)

(* The smallest element of a non-empty set of naturals. *)
Min(S) == CHOOSE x \in S : \A y \in S : x <= y

(* The name of user callback cb in a trace label.  The gate's models name *)
(* callbacks by strings; the runs with callback symmetry (MCDmaFenceCbSym) *)
(* make them model values, which TLC can permute and which ToString names *)
(* without quotes, so a label reads the same either way.                  *)
CbName(cb) == IF cb \in STRING THEN cb ELSE ToString(cb)

(* Is fence f signaled? (test_bit(DMA_FENCE_FLAG_SIGNALED_BIT)) *)
Signaled(f) == "SIGNALED" \in flags[f]

(* Does CPU c hold lock l (in any of its contexts)? *)
Holds(c, l) == owner[l] # NoOwner /\ owner[l].cpu = c

(* The kernel function a pc belongs to, for traces and reports. *)
FnOf(pc) ==
    CASE pc \in {"sig_lock", "sig_unlock", "sig_test", "sset_lock"} ->
                                     "dma_fence_signal"
      [] pc \in {"sl_tas", "sl_ts", "sl_run", "sl_set", "sl_stamp"} ->
                                     "dma_fence_signal_timestamp_locked"
      [] pc \in {"en_tas", "en_set"} ->
                                     "__dma_fence_enable_signaling"
      [] pc \in {"drv_call", "drv_lock", "drv_arm", "drv_unlock"} ->
                                     "drv->enable_signaling"
      [] pc \in {"add_fast", "add_lock", "add_insert", "add_link", "add_unlock"} ->
                                     "dma_fence_add_callback"
      [] pc \in {"rm_lock", "rm_del", "rm_write", "rm_unlock", "rm_ret"} ->
                                     "dma_fence_remove_callback"
      [] pc \in {"esw_lock", "esw_unlock"} -> "dma_fence_enable_sw_signaling"
      [] pc \in {"iss_test", "iss_ret"} -> "dma_fence_is_signaled"
      [] pc \in {"ts_sig", "ts_spin", "ts_read", "ts_ret"} -> "dma_fence_timestamp"
      [] pc \in {"st_lock", "st_read", "st_unlock", "st_ret"} -> "dma_fence_get_status"
      [] pc = "put_dec" -> "dma_fence_put"
      [] pc = "ret_dec" -> "drv_retire"
      [] pc \in {"rel_test", "rel_lock", "rel_err", "rel_unlock", "rel_free"} ->
                                     "dma_fence_release"
      [] pc \in {"rel_dlock", "rel_dunlock"} -> "drv->release"
      [] pc \in {"err_lock", "err_set", "err_unlock"} -> "drv_error_path"
      [] pc \in {"w_fast", "w_lock", "w_add", "w_sleep", "w_setstate",
                 "w_sched", "w_relock", "w_check", "w_unlock", "w_poll"} ->
                                     "dma_fence_default_wait"
      [] pc \in {"dw_fast", "dw_lock", "dw_insert", "dw_unlock"} ->
                                     "dma_fence_add_callback"
      [] pc \in {"dw_rmlock", "dw_del", "dw_rmunlock"} ->
                                     "dma_fence_remove_callback"
      [] pc \in {"dw_state", "dw_test", "dw_sched", "dw_ret"} -> "drv->wait"
      [] pc \in {"irq_lock", "irq_next", "irq_unlock", "irq_book",
                 "irq_drop"} ->     "drv_irq_handler"
      [] OTHER -> "idle"

(* The kernel function a lock step belongs to: a driver profile's frame  *)
(* names its C function itself.                                          *)
LockFn(fm) ==
    IF Profile # "shape" /\ fm.pc \in {"drv_lock", "drv_unlock", "irq_lock",
                                         "irq_drop", "cs_lock", "cs_unlock",
                                         "ret_lock", "ret_unlock", "vm_lock",
                                         "vm_unlock"}
    THEN fm.fn ELSE FnOf(fm.pc)

(* The record of one step, kept in `step` so a trace names per CPU the   *)
(* kernel function, the lock or bit it touches and the fence.            *)
Step(c, k, fn, act, f) ==
    step' = [cpu |-> c, ctx |-> k, fn |-> fn, act |-> act, fence |-> f]

(* Back in __dma_fence_enable_signaling() with the driver's answer fm.en:  *)
(* true returns true; false signals the fence there and then, with        *)
(* dma_fence_signal_locked() under legacy and dma_fence_signal() (which   *)
(* takes the lock) under reworked.  Under rfc2024 and series2026 the op   *)
(* is void: fm.en false means the driver itself calls dma_fence_signal()  *)
(* after dropping its lock (OpSignal "signal", RFC 7/7's radeon, i915,    *)
(* nouveau, host1x), the same steps.  Computed in the driver's last step: *)
(* the return itself touches nothing shared.  The broken variant          *)
(* enable_false_no_signal (legacy) returns the driver's false without     *)
(* dma_fence_signal_locked(): dma_fence_add_callback() then answers       *)
(* -ENOENT, "already signaled", for a fence that is not.                  *)
EnableReturn(fm) ==
    CASE fm.en -> Goto(fm, fm.eret)
      [] Mutation = "enable_false_no_signal" -> Goto(fm, fm.eret)
      [] Design = "legacy" -> [fm EXCEPT !.pc = "sl_tas", !.lret = fm.eret]
      [] OTHER -> [fm EXCEPT !.pc = "sig_lock", !.sret = fm.eret]

(* The profiles whose completion interrupt is armed for the device's     *)
(* whole life, not by ->enable_signaling (xe's user interrupt runs         *)
(* xe_hw_fence_irq_run() on every completion).                            *)
IrqArmedAtInit == {"xe_hw", "xe_hw_fixed", "amdgpu_fence"}

(* The driver's lock: the fence lock itself, or a lock of its own. *)
DrvLock == IF DriverLock = "fence" THEN "fence" ELSE "driver"

(* Where dma_fence_release() goes after its pending-callback check (and   *)
(* the -EDEADLK signal): ops->release.  A driver with a lock of its own   *)
(* takes it with spin_lock_irqsave() to unlink the fence from its list,   *)
(* as sw_sync's timeline_fence_release() takes the timeline lock, which   *)
(* is its fences' lock (drivers/dma-buf/sw_sync.c); without one the      *)
(* fence goes straight to dma_fence_free().                               *)
ReleaseOpPc == IF DriverLock = "none" THEN "rel_free" ELSE "rel_dlock"

(* ->enable_signaling takes the driver's lock: it has one, and it is not  *)
(* the fence lock that the legacy core already holds around the op.      *)
OpLocks == DriverLock # "none" /\ ~(DriverLock = "fence" /\ Design = "legacy")

(* The driver's completion test (->signaled's function) signals the fence *)
(* itself: 08/10 turns it into ->check_signaled, which calls             *)
(* dma_fence_signal().                                                   *)
CheckSignals == Design = "series2026"

(* The signaller's timestamp write is a step of its own, after the splice *)
(* (SignalStamp), when a configuration has timestamp readers; otherwise  *)
(* no modelled reader looks between SIGNALED and TIMESTAMP, and the write *)
(* is folded into the test-and-set.                                       *)
TimestampStep == "tsread" \in Ops

(***************************************************************************)
(* Spinlocks                                                               *)
(***************************************************************************)

(* The lock taken or released at a pc (cs_*: i915's ce->signal_lock, the   *)
(* one driver lock besides the fence lock that a profile models).        *)
LockAt(pc) ==
    CASE pc \in {"drv_lock", "drv_unlock", "irq_lock", "irq_unlock", "irq_drop"}
              -> DrvLock
      [] pc \in {"cs_lock", "cs_unlock"} -> "driver"
      [] pc \in {"rel_dlock", "rel_dunlock"} -> DrvLock
      [] OTHER -> "fence"

(* How the lock at a pc is taken: the driver's own way inside              *)
(* ->enable_signaling, spin_lock() in the hard-IRQ handler, irqsave in the  *)
(* core (spin_lock_irqsave(fence->lock, flags) everywhere in dma-fence.c).  *)
(* The broken variant signal_plain_lock has dma_fence_signal() take       *)
(* fence->lock with spin_lock(), right only in the interrupt handler;      *)
(* signal_unlock_plain has it drop the lock with spin_unlock() after       *)
(* spin_lock_irqsave(), so the saved flags are never restored;             *)
(* add_lock_irq has dma_fence_add_callback() use spin_lock_irq() and      *)
(* spin_unlock_irq(), which enable IRQs whatever the caller had.          *)
HowAt(pc) ==
    CASE pc \in {"drv_lock", "drv_unlock"} /\ DriverLock = "fence" -> "irqsave"
      [] pc \in {"drv_lock", "drv_unlock"} -> DriverLock
      [] pc \in {"vm_lock", "vm_unlock"} /\ Profile = "vmwgfx_fixed" -> "irqsave"
      [] pc \in {"irq_lock", "irq_unlock", "irq_drop", "cs_lock", "cs_unlock",
                 "vm_lock", "vm_unlock"} -> "plain"
      [] pc \in {"ret_lock", "ret_unlock"} -> "irq"
      [] pc = "add_lock" /\ Mutation = "add_lock_irq" -> "irq"
      [] pc = "add_unlock" /\ Mutation = "add_lock_irq" -> "irq"
      [] pc = "sig_unlock" /\ Mutation = "signal_unlock_plain" -> "plain"
      [] pc \in {"sig_lock", "sig_unlock"} /\ Mutation = "signal_plain_lock" ->
              "plain"
      [] OTHER -> "irqsave"

(* The C spelling of an acquisition or release, for traces. *)
LockText(how, l, acquire) ==
    LET name == CASE l = "fence" /\ Profile = "i915" -> "rq->lock"
                  [] l = "fence" -> "fence->lock"
                  [] Profile = "i915" -> "ce->signal_lock"
                  [] OTHER -> "drv->lock" IN
    CASE how = "irqsave" ->
           IF acquire THEN "spin_lock_irqsave(" \o name \o ")"
                      ELSE "spin_unlock_irqrestore(" \o name \o ")"
      [] how = "irq" ->
           IF acquire THEN "spin_lock_irq(" \o name \o ")"
                      ELSE "spin_unlock_irq(" \o name \o ")"
      [] OTHER ->
           IF acquire THEN "spin_lock(" \o name \o ")"
                      ELSE "spin_unlock(" \o name \o ")"

(* Where each acquisition continues. *)
AfterLock(fm) ==
    CASE fm.pc = "sig_lock" -> [fm EXCEPT !.pc = "sl_tas", !.lret = "sig_unlock"]
      [] fm.pc = "sset_lock" -> [fm EXCEPT !.pc = "sl_set", !.lret = "sig_unlock"]
      [] fm.pc = "add_lock" ->
           IF Design = "legacy"
           THEN [fm EXCEPT !.pc = "en_tas", !.eret = "add_insert"]
           ELSE [fm EXCEPT !.pc = "add_insert"]
      [] fm.pc = "rm_lock" -> [fm EXCEPT !.pc = "rm_del"]
      [] fm.pc = "esw_lock" -> [fm EXCEPT !.pc = "en_tas", !.eret = "esw_unlock"]
      [] fm.pc = "st_lock" -> [fm EXCEPT !.pc = "st_read"]
      [] fm.pc = "err_lock" -> [fm EXCEPT !.pc = "err_set"]
      [] fm.pc = "w_lock" -> [fm EXCEPT !.pc = "w_add"]
      [] fm.pc = "w_relock" -> [fm EXCEPT !.pc = "w_check"]
      [] fm.pc = "dw_lock" ->
           IF Design = "legacy"
           THEN [fm EXCEPT !.pc = "en_tas", !.eret = "dw_insert"]
           ELSE [fm EXCEPT !.pc = "dw_insert"]
      [] fm.pc = "dw_rmlock" -> [fm EXCEPT !.pc = "dw_del"]
      [] fm.pc \in {"drv_lock", "irq_lock", "cs_lock", "vm_lock"} /\ Profile # "shape" ->
           [fm EXCEPT !.pc = fm.nx]
      [] fm.pc = "ret_lock" -> [fm EXCEPT !.pc = "sl_tas", !.lret = "ret_unlock"]
      [] fm.pc = "rel_lock" -> [fm EXCEPT !.pc = "rel_err"]
      [] fm.pc = "rel_dlock" -> [fm EXCEPT !.pc = "rel_dunlock"]
      [] fm.pc = "drv_lock" -> [fm EXCEPT !.pc = "drv_arm"]
      [] fm.pc = "irq_lock" ->
           [fm EXCEPT !.pc = IF Handler = "held" THEN "irq_next" ELSE "irq_book"]

(* What dma_fence_get_status_locked() computes under the lock: 0 while    *)
(* the fence is not signaled, else fence->error, or 1 for no error.  The  *)
(* broken variant status_ignores_error answers 1 for every signaled       *)
(* fence, as a caller that reports dma_fence_is_signaled() as the status  *)
(* does: an error the driver set before signalling is lost.               *)
StatusLocked(f) ==
    CASE ~Signaled(f) -> 0
      [] error[f] # 0 /\ Mutation # "status_ignores_error" -> error[f]
      [] OTHER -> 1

(* Where each release continues. *)
AfterUnlock(fm) ==
    CASE fm.pc = "sig_unlock" -> Goto(fm, fm.sret)
      [] fm.pc = "esw_unlock" ->
           IF fm.op \in WaitOps THEN Goto(fm, WaitEntry(fm.op)) ELSE IdleFrame
      [] fm.pc = "w_unlock" /\ fm.op \in PollOps /\ fm.en -> [fm EXCEPT !.pc = "w_poll"]
      [] fm.pc = "dw_unlock" -> Goto(fm, fm.nx)
      [] fm.pc = "dw_rmunlock" -> [fm EXCEPT !.pc = "dw_ret"]
      [] fm.pc = "w_sleep" ->
           Goto(fm, IF Mutation = "lost_wakeup" THEN "w_setstate"
                                               ELSE "w_sched")
      [] fm.pc = "drv_unlock" /\ Profile # "shape" /\ fm.op = "work" ->
           Goto(fm, fm.nx)
      [] fm.pc = "drv_unlock" /\ Profile # "shape" ->
           EnableReturn([fm EXCEPT !.nx = "idle", !.fn = "", !.v = 0])
      [] fm.pc = "drv_unlock" -> EnableReturn(fm)
      [] fm.pc \in {"irq_drop", "cs_unlock", "vm_unlock"} /\ Profile # "shape" -> Goto(fm, fm.nx)
      [] fm.pc = "rm_unlock" -> [fm EXCEPT !.pc = "rm_ret"]
      [] fm.pc = "rel_unlock" -> [fm EXCEPT !.pc = ReleaseOpPc]
      [] fm.pc = "rel_dunlock" -> [fm EXCEPT !.pc = "rel_free"]
      [] fm.pc = "st_unlock" ->
           [fm EXCEPT !.pc = "st_ret", !.v = StatusLocked(fm.f), !.en = Signaled(fm.f)]
      [] fm.pc = "irq_drop" -> [fm EXCEPT !.pc = "irq_next"]
      [] OTHER -> IdleFrame

(* spin_lock*(): the running context of CPU c takes the lock its pc names *)
(* once the lock is free.  While another context holds it the context     *)
(* spins: this action is disabled, and if the holder can never run again *)
(* (it is the same CPU, or a cycle of CPUs) it spins forever.  irqsave    *)
(* saves the IRQ state and disables IRQs before spinning, as the kernel   *)
(* does; spin_lock_irq() disables them; spin_lock() leaves them alone.    *)
SpinLock(c) ==
    LET k == ctx[c]
        fm == F(c)
        l == LockAt(fm.pc)
        how == HowAt(fm.pc)
    IN /\ fm.pc \in AcquirePcs
       /\ ~(fm.pc = "sig_lock" /\ Mutation = "signal_split_tas")
       /\ owner[l] = NoOwner
       /\ owner' = [owner EXCEPT ![l] = [cpu |-> c, ctx |-> k]]
       /\ irqOn' = [irqOn EXCEPT ![c] = IF how \in {"irqsave", "irq"}
                                       THEN FALSE ELSE @]
       /\ SetF(c, AfterLock([fm EXCEPT !.sv[l] = irqOn[c]]))
       /\ Step(c, k, LockFn(fm), LockText(how, l, TRUE), fm.f)
       /\ UNCHANGED <<fenceVars, hwVars, ctx, calls, outer, woken, histVars>>

(* spin_unlock*(): irqrestore restores the saved IRQ state;               *)
(* spin_unlock_irq() enables IRQs whatever they were before.              *)
SpinUnlock(c) ==
    LET k == ctx[c]
        fm == F(c)
        l == LockAt(fm.pc)
        how == HowAt(fm.pc)
    IN /\ fm.pc \in ReleasePcs
       /\ owner' = [owner EXCEPT ![l] = NoOwner]
       /\ irqOn' = [irqOn EXCEPT ![c] = CASE how = "irqsave" -> fm.sv[l]
                                          [] how = "irq" -> TRUE
                                          [] OTHER -> @]
       /\ SetF(c, AfterUnlock([fm EXCEPT !.sv[l] = FALSE]))
       /\ Step(c, k, LockFn(fm), LockText(how, l, FALSE), fm.f)
       /\ UNCHANGED <<fenceVars, hwVars, ctx, calls, outer, woken, histVars>>

(***************************************************************************)
(* dma_fence_signal_timestamp_locked() (fence->lock held)                  *)
(***************************************************************************)

(* test_and_set_bit(SIGNALED): the first signaller splices fence->cb_list *)
(* off to a local list (list_replace), writes fence->timestamp and sets   *)
(* TIMESTAMP; a later one returns -EINVAL and runs nothing.  The          *)
(* timestamp write is folded into this step: it is in the same critical   *)
(* section and no modelled reader looks between the two (the lock-free    *)
(* dma_fence_timestamp() spin is not modelled).                           *)
SignalTestAndSet(c) ==
    LET fm == F(c)
        f == fm.f
        was == Signaled(f)
        noSplice == Mutation = "signal_no_splice"
        lateBit == Mutation = "cb_before_signaled"
        spliced == IF was /\ ~noSplice THEN <<>> ELSE cbList[f]
        tsAgain == was /\ Mutation = "ts_on_every_signal"
        stamp == TimestampStep /\ ~was /\ ~lateBit
        next == CASE stamp -> "sl_stamp"
                  [] spliced # <<>> -> "sl_run"
                  [] lateBit /\ ~was -> "sl_ts"
                  [] OTHER -> fm.lret
    IN /\ fm.pc = "sl_tas"
       /\ flags' = [flags EXCEPT ![f] = IF lateBit \/ was THEN @
                                        ELSE @ \cup IF stamp THEN {"SIGNALED"}
                                                     ELSE {"SIGNALED", "TIMESTAMP"}]
       /\ everSignaled' = IF lateBit THEN everSignaled ELSE everSignaled \cup {f}
       /\ tsWrites' = [tsWrites EXCEPT ![f] = IF (~was /\ ~lateBit /\ ~stamp) \/ tsAgain
                                              THEN @ + 1 ELSE @]
       /\ cbList' = IF noSplice THEN cbList ELSE [cbList EXCEPT ![f] = <<>>]
       /\ SetF(c, Goto([fm EXCEPT !.local = spliced], next))
       /\ Step(c, ctx[c], "dma_fence_signal_timestamp_locked",
               CASE was -> "test_and_set_bit(SIGNALED): already set"
                 [] stamp -> "test_and_set_bit(SIGNALED); list_replace(cb_list)"
                 [] OTHER -> "test_and_set_bit(SIGNALED); list_replace(cb_list); set TIMESTAMP",
               f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, cbFence, cbState, runs, error, hwVars, owner,
                      irqOn, ctx, calls, outer, woken, enableCalls,
                      enableOnSignaled, drvUnderLock, errAfterSignal>>

(* __dma_fence_signal__timestamp() of the winner, still under the lock:   *)
(* fence->timestamp = timestamp; set_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT).     *)
(* A step of its own only where a timestamp reader is modelled            *)
(* (TimestampStep): a lock-free reader that has seen SIGNALED may look     *)
(* between the two, which is the window dma_fence_timestamp() spins       *)
(* across (mainline drivers/dma-buf/dma-fence.c; the helper came with      *)
(* commit 0da611a87021, "dma-buf: add dma_fence_timestamp helper",         *)
(* <20230929104725.2358-1-christian.koenig@amd.com>).                      *)
SignalStamp(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "sl_stamp"
       /\ flags' = [flags EXCEPT ![f] = @ \cup {"TIMESTAMP"}]
       /\ tsWrites' = [tsWrites EXCEPT ![f] = @ + 1]
       /\ SetF(c, Goto(fm, IF fm.local # <<>> THEN "sl_run" ELSE fm.lret))
       /\ Step(c, ctx[c], "dma_fence_signal_timestamp_locked",
               "fence->timestamp = ktime_get(); set_bit(TIMESTAMP)", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, cbList, cbFence, cbState, runs, error, hwVars, owner,
                      irqOn, ctx, calls, outer, woken, histVars>>

(* The broken variant cb_before_signaled sets SIGNALED and TIMESTAMP only *)
(* after the callbacks have run.                                          *)
SignalLateBit(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "sl_ts"
       /\ flags' = [flags EXCEPT ![f] = @ \cup {"SIGNALED", "TIMESTAMP"}]
       /\ everSignaled' = everSignaled \cup {f}
       /\ tsWrites' = [tsWrites EXCEPT ![f] = @ + 1]
       /\ SetF(c, Goto(fm, fm.lret))
       /\ Step(c, ctx[c], "dma_fence_signal_timestamp_locked",
               "set_bit(SIGNALED); set TIMESTAMP (late)", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, cbList, cbFence, cbState, runs, error, hwVars, owner,
                      irqOn, ctx, calls, outer, woken, enableCalls,
                      enableOnSignaled, drvUnderLock, errAfterSignal>>

(* The broken variant signal_split_tas: dma_fence_signal() tests SIGNALED *)
(* lock-free before spin_lock_irqsave() (a "fast path") and returns        *)
(* -EINVAL if set; otherwise it takes the lock and sets the bit without    *)
(* testing it again (SignalPlainSet), so two signallers can both win.     *)
SignalLockFreeTest(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "sig_lock"
       /\ Mutation = "signal_split_tas"
       /\ SetF(c, IF Signaled(f) THEN Goto(fm, fm.sret)
                                 ELSE [fm EXCEPT !.pc = "sset_lock"])
       /\ Step(c, ctx[c], "dma_fence_signal", "test_bit(SIGNALED)", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars>>

(* signal_split_tas under fence->lock: set_bit(SIGNALED) with no test, the *)
(* splice and the timestamp write, as if this signaller had won.         *)
SignalPlainSet(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "sl_set"
       /\ flags' = [flags EXCEPT ![f] = @ \cup {"SIGNALED", "TIMESTAMP"}]
       /\ everSignaled' = everSignaled \cup {f}
       /\ tsWrites' = [tsWrites EXCEPT ![f] = @ + 1]
       /\ cbList' = [cbList EXCEPT ![f] = <<>>]
       /\ SetF(c, Goto([fm EXCEPT !.local = cbList[f]],
                       IF cbList[f] # <<>> THEN "sl_run" ELSE fm.lret))
       /\ Step(c, ctx[c], "dma_fence_signal_timestamp_locked",
               "set_bit(SIGNALED) (no test); list_replace(cb_list); set TIMESTAMP",
               f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, cbFence, cbState, runs, error, hwVars, owner,
                      irqOn, ctx, calls, outer, woken, enableCalls,
                      enableOnSignaled, drvUnderLock, errAfterSignal>>

(* cur->func(fence, cur) for the head of the spliced list, in list order, *)
(* still under fence->lock with IRQs off.  A waiter's callback wakes its  *)
(* task (dma_fence_default_wait_cb).                                      *)
SignalRunCallback(c) ==
    LET fm == F(c)
        f == fm.f
        id == Head(fm.local)
        rest == Tail(fm.local)
        lateBit == Mutation = "cb_before_signaled"
    IN /\ fm.pc = "sl_run"
       /\ IF id \in Cbs
          THEN /\ runs' = [runs EXCEPT ![id] = @ + 1]
               /\ cbState' = [cbState EXCEPT ![id] = "ran"]
               /\ UNCHANGED woken
          ELSE /\ woken' = [woken EXCEPT ![id] = TRUE]
               /\ UNCHANGED <<fenceRefs, fenceFreed, runs, cbState>>
       /\ SetF(c, Goto([fm EXCEPT !.local = rest],
                       CASE rest # <<>> -> "sl_run"
                         [] lateBit -> "sl_ts"
                         [] OTHER -> fm.lret))
       /\ Step(c, ctx[c], IF fm.fn = "signal_irq_work" THEN "__dma_fence_signal__notify"
                          ELSE "dma_fence_signal_timestamp_locked",
               "cb->func() [" \o (IF id \in Cbs THEN CbName(id) ELSE "waiter") \o "]",
               f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbList, cbFence, error, tsWrites, hwVars, owner,
                      irqOn, ctx, calls, outer, histVars>>

(***************************************************************************)
(* __dma_fence_enable_signaling() and the driver's ->enable_signaling      *)
(***************************************************************************)

(* The fence's ops have no ->enable_signaling (a NULL pointer):            *)
(* __dma_fence_enable_signaling() calls the op only `if (!was_set &&       *)
(* ops->enable_signaling)` (drivers/dma-buf/dma-fence.c), so the first     *)
(* enabler just returns true.  Under rfc2024 amdgpu's ring fence has none: *)
(* RFC 6/7 <20240911085903.1496-7-christian.koenig@amd.com> deletes        *)
(* amdgpu_fence_enable_signaling() and arms the fallback timer in          *)
(* amdgpu_fence_emit() instead (DmaFenceDrivers.tla, DInit).  vmwgfx's     *)
(* 2024 fence has none either: RFC 5/7                                     *)
(* <20240911085903.1496-6-christian.koenig@amd.com> turns                  *)
(* vmw_fence_enable_signaling() into the ->signaled vmw_fence_signaled().  *)
NoEnableOp == Design = "rfc2024" /\ Profile \in {"amdgpu_fence", "vmwgfx2024"}

(* Where __dma_fence_enable_signaling() goes after reading ENABLE_SIGNAL   *)
(* (was) and SIGNALED (sig): a signaled fence returns false, the first     *)
(* enabler calls the driver (if it has an op), a later one returns true.   *)
EnableDecide(fm, was, sig) ==
    CASE sig /\ Mutation # "enable_no_signaled_check" ->
              Goto([fm EXCEPT !.en = FALSE], fm.eret)
      [] ~was /\ ~NoEnableOp -> [fm EXCEPT !.pc = "drv_call"]
      [] OTHER -> Goto([fm EXCEPT !.en = TRUE], fm.eret)

(* test_and_set_bit(ENABLE_SIGNAL) then test_bit(SIGNALED).  Under legacy  *)
(* the caller holds fence->lock; under reworked this is lock-free.  The    *)
(* broken variant enable_split_tas reads the bit here and sets it in a    *)
(* separate step (EnableSetBit).                                          *)
EnableTestAndSet(c) ==
    LET fm == F(c)
        f == fm.f
        was == "ENABLE_SIGNAL" \in flags[f]
    IN /\ fm.pc = "en_tas"
       /\ IF Mutation = "enable_split_tas"
          THEN /\ UNCHANGED <<fenceRefs, fenceFreed, flags>>
               /\ SetF(c, [fm EXCEPT !.pc = "en_set", !.en = was])
               /\ Step(c, ctx[c], "__dma_fence_enable_signaling",
                       "test_bit(ENABLE_SIGNAL)", f)
          ELSE /\ flags' = [flags EXCEPT ![f] = @ \cup {"ENABLE_SIGNAL"}]
               /\ SetF(c, EnableDecide(fm, was, Signaled(f)))
               /\ Step(c, ctx[c], "__dma_fence_enable_signaling",
                       "test_and_set_bit(ENABLE_SIGNAL); test_bit(SIGNALED)", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, cbList, cbFence, cbState, runs, error, tsWrites, hwVars,
                      owner, irqOn, ctx, calls, outer, woken, histVars>>

(* The broken variant's separate set_bit(ENABLE_SIGNAL). *)
EnableSetBit(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "en_set"
       /\ flags' = [flags EXCEPT ![f] = @ \cup {"ENABLE_SIGNAL"}]
       /\ SetF(c, EnableDecide(fm, fm.en, Signaled(f)))
       /\ Step(c, ctx[c], "__dma_fence_enable_signaling",
               "set_bit(ENABLE_SIGNAL); test_bit(SIGNALED)", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, cbList, cbFence, cbState, runs, error, tsWrites, hwVars,
                      owner, irqOn, ctx, calls, outer, woken, histVars>>

(* The call fence->ops->enable_signaling(fence): the driver's code starts *)
(* running.  Records, for the properties, how often the driver was        *)
(* entered, whether the fence was already signaled, and whether the      *)
(* caller holds the fence lock with IRQs off.                             *)
DriverEnter(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "drv_call"
       /\ enableCalls' = [enableCalls EXCEPT ![f] = @ + 1]
       /\ enableOnSignaled' = IF Signaled(f) THEN enableOnSignaled \cup {f}
                                             ELSE enableOnSignaled
       /\ drvUnderLock' = IF Holds(c, "fence") /\ ~irqOn[c]
                          THEN drvUnderLock \cup {"enable_signaling"}
                          ELSE drvUnderLock
       /\ SetF(c, [fm EXCEPT !.pc = CASE Profile # "shape" -> "p_op"
                                      [] OpLocks -> "drv_lock"
                                      [] OTHER -> "drv_arm"])
       /\ Step(c, ctx[c], "__dma_fence_enable_signaling",
               "ops->enable_signaling()", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      errAfterSignal, everSignaled>>

(* Where ->enable_signaling goes once it knows whether its fence must be   *)
(* signalled now (sig: the hardware passed it or arming failed):           *)
(*  - not now: return true (dropping its lock first);                     *)
(*  - series2026 driver testing with its ->check_signaled function under  *)
(*    the fence lock: that function calls dma_fence_signal(), which takes *)
(*    the fence lock again (08/10 <20260624122917.2483-9-...>; nouveau's  *)
(*    __nouveau_fence_no_signaling in 10/10);                             *)
(*  - OpSignal "locked": dma_fence_signal_locked() under the lock it took *)
(*    with dma_fence_lock_irqsave() (09/10, 10/10), then unlock;          *)
(*  - otherwise return false (legacy, reworked) or, void, drop the lock   *)
(*    and call dma_fence_signal() (rfc2024): EnableReturn.                *)
OpContinue(fm, sig) ==
    LET fm1 == [fm EXCEPT !.en = ~sig] IN
    CASE ~sig -> IF OpLocks THEN [fm1 EXCEPT !.pc = "drv_unlock"]
                            ELSE EnableReturn(fm1)
      [] CheckUnderLock /\ CheckSignals /\ OpLocks ->
              [fm1 EXCEPT !.pc = "sig_lock", !.sret = "drv_unlock",
                          !.own = TRUE, !.en = TRUE]
      [] OpSignal = "locked" ->
              [fm1 EXCEPT !.pc = "sl_tas", !.lret = "drv_unlock",
                          !.own = TRUE, !.en = TRUE]
      [] OpLocks -> [fm1 EXCEPT !.pc = "drv_unlock"]
      [] OTHER -> EnableReturn(fm1)

(* The driver arms its completion interrupt, then re-reads the hardware  *)
(* seqno: passed means the fence must be signalled now.  A driver with    *)
(* OpSideEffect otherwise leaves its entry (radeon's __add_wait_queue and *)
(* dma_fence_get, xe's list_add_tail(irq->pending), host1x's              *)
(* host1x_intr_add_fence_locked); one with OpSetsError may fail to arm,   *)
(* set fence->error to -EIO and signal (amdkfd when scheduling the        *)
(* eviction fails).  The broken variant arm_fail_no_error signals on the  *)
(* failure without dma_fence_set_error().                                 *)
DriverArm(c) ==
    LET fm == F(c)
        f == fm.f
        passed == hwSeqno >= f
    IN /\ fm.pc = "drv_arm"
       /\ \E fail \in IF OpSetsError THEN BOOLEAN ELSE {FALSE} :
            LET sig == passed \/ fail IN
            /\ irqArmed' = (irqArmed \/ Mutation # "no_arm")
            /\ entries' = IF ~sig /\ OpSideEffect
                          THEN [entries EXCEPT ![f] = @ + 1] ELSE entries
            /\ error' = IF fail /\ Mutation # "arm_fail_no_error" THEN [error EXCEPT ![f] = EIO] ELSE error
            /\ errAfterSignal' = IF fail /\ Signaled(f)
                                 THEN errAfterSignal \cup {f} ELSE errAfterSignal
            /\ SetF(c, OpContinue(fm, sig))
            /\ Step(c, ctx[c], "drv->enable_signaling",
                    CASE fail -> "arm fails; dma_fence_set_error(-EIO)"
                      [] sig /\ CheckUnderLock /\ CheckSignals /\ OpLocks ->
                           "arm irq; ops->check_signaled(): hw passed, dma_fence_signal()"
                      [] ~sig /\ OpSideEffect ->
                           "arm irq; read hw seqno; add entry (ref, list_add)"
                      [] OTHER -> "arm irq; read hw seqno", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbList, cbFence, cbState, runs, tsWrites, hwSeqno,
                      irqLine, owner, irqOn, ctx, calls, outer, woken,
                      enableCalls, enableOnSignaled, drvUnderLock, everSignaled>>

(***************************************************************************)
(* The callers, in process context or an atomic context around it          *)
(***************************************************************************)

(* The first pc of __dma_fence_enable_signaling() as entered from          *)
(* dma_fence_enable_sw_signaling(): under the lock (legacy) or directly    *)
(* (reworked); it returns to `then`.                                       *)
EnableSwStart(fm, then) ==
    IF Design = "legacy" THEN [fm EXCEPT !.pc = "esw_lock"]
                         ELSE [fm EXCEPT !.pc = "en_tas", !.eret = then]

(* The calls a consumer makes on a fence it holds a reference to.         *)
ConsumerOps == {"add", "remove", "enable", "issig", "status", "reinit", "tsread"}
               \cup WaitOps

(* Who may make call op on fence f, where references are modelled: a      *)
(* consumer's call needs the consumer's reference (the kernel-doc of       *)
(* dma_fence_add_callback() and dma_fence_wait_timeout(): the caller holds *)
(* one); its put is its last act on the fence, so no call of its on f is   *)
(* still running; the driver's error path and retire need the driver's,   *)
(* which it drops once, and not while its interrupt handler is working on *)
(* the fence (a teardown waits for the handler: synchronize_irq()).       *)
(* The driver retires a fence once its own bookkeeping (entries) has let   *)
(* go of it, signalled (drm_sched's free_job after the finished fence) or  *)
(* not (a teardown, after which its handler no longer signals it).        *)
CallHoldsRef(op, f) ==
    CASE op \in ConsumerOps -> /\ "caller" \in fenceRefs[f]
                               /\ \A c2 \in CPUs, k2 \in Contexts :
                                    fr[c2][k2].op = "put" => fr[c2][k2].f # f
      [] op = "put" -> /\ "caller" \in fenceRefs[f]
                       /\ \A c2 \in CPUs, k2 \in Contexts :
                            fr[c2][k2].op \in ConsumerOps \cup {"put"} => fr[c2][k2].f # f
      [] op = "retire" -> /\ "driver" \in fenceRefs[f] /\ entries[f] = 0
                          /\ \A c2 \in CPUs, k2 \in Contexts :
                               fr[c2][k2].op \in {"retire", "irq"} => fr[c2][k2].f # f
      [] OTHER -> "driver" \in fenceRefs[f]

(* The frame and the step of a kernel call that CPU c starts in context k *)
(* ("proc", or "irq" for an irq_work interrupting a process path): op on  *)
(* fence f, with user callback cb where the call takes one (a callback is *)
(* claimed, cbFence, when its add starts: one dma_fence_cb is on at most  *)
(* one fence, and is added once).  Only the broken variant "reinit" may   *)
(* call dma_fence_init() on a live fence.                                 *)
StartCall(c, k) ==
    /\ \E op \in Ops, f \in Fences, cb \in Cbs \cup {"none"} :
         LET fm == [IdleFrame EXCEPT !.op = op, !.f = f, !.cb = cb] IN
         /\ (op = "add") = (cb # "none" /\ cbFence[cb] = 0)
         /\ op = "remove" => cb # "none" /\ cbState[cb] \in {"added", "ran"}
                             /\ cbFence[cb] = f
         /\ op \notin {"add", "remove"} => cb = "none"
         /\ op = "reinit" => Mutation = "reinit"
         /\ op = "seterr" => \A g \in 1 .. f - 1 : Signaled(g)
         /\ RefsModelled => CallHoldsRef(op, f)
         /\ fr' = [fr EXCEPT ![c][k] =
              CASE op = "add" -> [fm EXCEPT !.pc = "add_fast"]
                [] op = "remove" ->
                     [fm EXCEPT !.pc = IF Mutation = "remove_unlocked"
                                       THEN "rm_del" ELSE "rm_lock"]
                [] op = "enable" -> EnableSwStart(fm, "idle")
                [] op \in PollOps /\ Mutation = "poll_skips_enable" -> [fm EXCEPT !.pc = "w_fast"]
                [] op \in WaitOps -> EnableSwStart(fm, WaitEntry(op))
                [] op = "issig" -> [fm EXCEPT !.pc = "iss_test"]
                [] op = "status" -> [fm EXCEPT !.pc = "st_lock"]
                [] op = "seterr" ->
                     [fm EXCEPT !.pc = IF Mutation = "seterr_unlocked"
                                       THEN "err_set" ELSE "err_lock"]
                [] op = "reinit" -> IdleFrame
                [] op = "tsread" -> [fm EXCEPT !.pc = "ts_sig"]
                [] op = "put" -> [fm EXCEPT !.pc = "put_dec"]
                [] op = "retire" -> [fm EXCEPT !.pc = "ret_dec"]]
         /\ cbFence' = IF op = "add" THEN [cbFence EXCEPT ![cb] = f]
                                     ELSE cbFence
         /\ flags' = IF op = "reinit" THEN [flags EXCEPT ![f] = {}] ELSE flags
         /\ Step(c, k,
                 CASE op = "add" -> "dma_fence_add_callback"
                   [] op = "remove" -> "dma_fence_remove_callback"
                   [] op = "enable" -> "dma_fence_enable_sw_signaling"
                   [] op \in WaitOps -> "dma_fence_wait_timeout"
                   [] op = "issig" -> "dma_fence_is_signaled"
                   [] op = "status" -> "dma_fence_get_status"
                   [] op = "seterr" -> "drv_error_path"
                   [] op = "reinit" -> "dma_fence_init"
                   [] op = "tsread" -> "dma_fence_timestamp"
                   [] op = "put" -> "dma_fence_put"
                   [] op = "retire" -> "drv_retire",
                 IF cb = "none" THEN "call" ELSE "call [" \o CbName(cb) \o "]", f)
    /\ calls' = calls + 1

(* A process context between kernel calls starts the next one.  With      *)
(* Caller "irq_work" the call runs with IRQs off (an irq_work runs in     *)
(* hard-IRQ context, as dma_fence_chain_irq_work() calling                *)
(* dma_fence_chain_enable_signaling() in RFC 7/7 and 10/10); with         *)
(* "callback" it runs inside dma_fence_signal_timestamp_locked() of       *)
(* another fence of this timeline, whose fence->lock (this lock) is held  *)
(* with IRQs off.  The context is entered in the same step as the call    *)
(* and left by CallerExit.                                                *)
Call(c) ==
    /\ ctx[c] = "proc"
    /\ fr[c].proc.pc = "idle"
    /\ outer[c] = "none"
    /\ calls < MaxCalls
    /\ Caller = "callback" => owner["fence"] = NoOwner
    /\ outer' = IF Caller = "process" THEN outer ELSE [outer EXCEPT ![c] = Caller]
    /\ irqOn' = IF Caller = "process" THEN irqOn ELSE [irqOn EXCEPT ![c] = FALSE]
    /\ owner' = IF Caller = "callback"
                THEN [owner EXCEPT !["fence"] = [cpu |-> c, ctx |-> "proc"]]
                ELSE owner
    /\ StartCall(c, "proc")
    /\ UNCHANGED <<fenceRefs, fenceFreed, cbList, cbState, runs, error, tsWrites, hwVars, ctx, woken,
                   histVars>>

(* An irq_work is hard-IRQ context: its self-IPI (arch_irq_work_raise())  *)
(* arrives on CPU c while c's process context is busy with IRQs on, at     *)
(* whatever step it is (a lock held, spinning included), and the irq_work *)
(* makes its call nested there with IRQs off: dma_fence_chain_irq_work()  *)
(* re-arming a chain from the IPI that dma_fence_chain_cb() raised, maybe *)
(* inside the signal path of a driver that holds its fence lock with      *)
(* IRQs on.  (On an idle CPU, Call starts the same call.)  IrqWorkReturn  *)
(* leaves the interrupt once the call is done.                           *)
IrqWorkCall(c) ==
    /\ Caller = "irq_work"
    /\ ctx[c] = "proc"
    /\ irqOn[c]
    /\ fr[c].proc.pc # "idle"
    /\ calls < MaxCalls
    /\ ctx' = [ctx EXCEPT ![c] = "irq"]
    /\ irqOn' = [irqOn EXCEPT ![c] = FALSE]
    /\ StartCall(c, "irq")
    /\ UNCHANGED <<fenceRefs, fenceFreed, cbList, cbState, runs, error, tsWrites, hwVars, owner, outer,
                   woken, histVars>>

(* The irq_work's call is done: irq_work_run() returns and the            *)
(* interrupted process context resumes with IRQs on.                      *)
IrqWorkReturn(c) ==
    /\ ctx[c] = "irq"
    /\ fr[c].irq.pc = "idle"
    /\ ctx' = [ctx EXCEPT ![c] = "proc"]
    /\ irqOn' = [irqOn EXCEPT ![c] = TRUE]
    /\ fr' = [fr EXCEPT ![c].irq = IdleFrame]
    /\ Step(c, "irq", "irq_work_run", "irq_work returns", 0)
    /\ UNCHANGED <<fenceVars, hwVars, owner, calls, outer, woken, histVars>>

(* The end of the atomic context around a finished call: the other        *)
(* fence's callback returns and its signaller drops fence->lock with      *)
(* spin_unlock_irqrestore(), or the irq_work returns; IRQs are on again.  *)
CallerExit(c) ==
    /\ outer[c] # "none"
    /\ ctx[c] = "proc"
    /\ fr[c].proc.pc = "idle"
    /\ owner' = IF outer[c] = "callback"
                THEN [owner EXCEPT !["fence"] = NoOwner] ELSE owner
    /\ irqOn' = [irqOn EXCEPT ![c] = TRUE]
    /\ outer' = [outer EXCEPT ![c] = "none"]
    /\ Step(c, "proc", IF outer[c] = "callback"
                       THEN "dma_fence_signal_timestamp_locked" ELSE "irq_work_run",
            IF outer[c] = "callback"
            THEN "callback returns; spin_unlock_irqrestore(fence->lock)"
            ELSE "irq_work returns", 0)
    /\ UNCHANGED <<fenceVars, hwVars, ctx, fr, calls, woken, histVars>>

(* dma_fence_add_callback(): the lock-free fast path.  A signaled fence   *)
(* returns -ENOENT and the callback is never called; otherwise legacy     *)
(* takes the lock and reworked first enables signaling without it.        *)
AddCallbackFastPath(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "add_fast"
       /\ IF Signaled(f)
          THEN /\ cbState' = [cbState EXCEPT ![fm.cb] = "rejected"]
               /\ SetF(c, IdleFrame)
          ELSE /\ UNCHANGED cbState
               /\ SetF(c, IF Design = "legacy"
                          THEN [fm EXCEPT !.pc = "add_lock"]
                          ELSE [fm EXCEPT !.pc = "en_tas",
                                  !.eret = IF Mutation = "add_insert_unlocked"
                                           THEN "add_insert" ELSE "add_lock"])
       /\ Step(c, ctx[c], "dma_fence_add_callback", "test_bit(SIGNALED)", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbList, cbFence, runs, error, tsWrites, hwVars,
                      owner, irqOn, ctx, calls, outer, woken, histVars>>

(* dma_fence_add_callback() under fence->lock: list_add_tail() when       *)
(* enabling returned true (legacy) or when SIGNALED is still clear        *)
(* (reworked's re-check), else -ENOENT.  The broken variant               *)
(* add_no_signaled_recheck (legacy) ignores enabling's false answer for a *)
(* fence signaled since the fast path and always appends.  The broken     *)
(* variant add_insert_unlocked (reworked) runs the re-check without       *)
(* fence->lock, so list_add_tail() is a separate step (AddCallbackLink)   *)
(* that a signal can precede.                                             *)
AddCallbackInsert(c) ==
    LET fm == F(c)
        f == fm.f
        ok == CASE Mutation = "add_no_signaled_recheck" /\ Design = "legacy" -> TRUE
                [] Design = "legacy" \/ Mutation = "reworked_no_recheck" -> fm.en
                [] OTHER -> ~Signaled(f)
        unlocked == Mutation = "add_insert_unlocked" /\ Design = "reworked"
    IN /\ fm.pc = "add_insert"
       /\ cbList' = IF ok /\ ~unlocked THEN [cbList EXCEPT ![f] = Append(@, fm.cb)]
                                        ELSE cbList
       /\ cbState' = IF ok /\ unlocked THEN cbState
                     ELSE [cbState EXCEPT ![fm.cb] = IF ok THEN "added"
                                                          ELSE "rejected"]
       /\ SetF(c, CASE ~unlocked -> [fm EXCEPT !.pc = "add_unlock"]
                    [] ok -> [fm EXCEPT !.pc = "add_link"]
                    [] OTHER -> IdleFrame)
       /\ Step(c, ctx[c], "dma_fence_add_callback",
               IF ok THEN "list_add_tail(cb_list) [" \o CbName(fm.cb) \o "]"
                     ELSE "-ENOENT [" \o CbName(fm.cb) \o "]", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbFence, runs, error, tsWrites, hwVars, owner,
                      irqOn, ctx, calls, outer, woken, histVars>>

(* The broken variant add_insert_unlocked: list_add_tail() with no lock,  *)
(* after the re-check found SIGNALED clear.                               *)
AddCallbackLink(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "add_link"
       /\ cbList' = [cbList EXCEPT ![f] = Append(@, fm.cb)]
       /\ cbState' = [cbState EXCEPT ![fm.cb] = "added"]
       /\ SetF(c, IdleFrame)
       /\ Step(c, ctx[c], "dma_fence_add_callback",
               "list_add_tail(cb_list) unlocked [" \o CbName(fm.cb) \o "]", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbFence, runs, error, tsWrites, hwVars, owner,
                      irqOn, ctx, calls, outer, woken, histVars>>

(* dma_fence_remove_callback() under fence->lock: list_del_init() if the  *)
(* callback is still linked (returns true), else false; the frame's en    *)
(* keeps the answer for the return (RemoveCallbackReturn).  The broken    *)
(* variant remove_unlocked takes no lock: it reads cb_list here and       *)
(* writes it back without the callback in a later step (RemoveCallback-   *)
(* Write), undoing any splice in between (a lost update), or returns      *)
(* false at once for a callback the signaller has spliced off but not run *)
(* yet.                                                                    *)
RemoveCallbackDel(c) ==
    LET fm == F(c)
        f == fm.f
        linked == fm.cb \in Range(cbList[f])
        unlocked == Mutation = "remove_unlocked"
    IN /\ fm.pc = "rm_del"
       /\ cbList' = IF linked /\ ~unlocked
                    THEN [cbList EXCEPT ![f] = Remove(@, fm.cb)] ELSE cbList
       /\ cbState' = IF linked /\ ~unlocked
                     THEN [cbState EXCEPT ![fm.cb] = "removed"] ELSE cbState
       /\ SetF(c, CASE ~unlocked -> [fm EXCEPT !.pc = "rm_unlock", !.en = linked]
                    [] linked -> [fm EXCEPT !.pc = "rm_write",
                                            !.local = cbList[f]]
                    [] OTHER -> [fm EXCEPT !.pc = "rm_ret", !.en = FALSE])
       /\ Step(c, ctx[c], "dma_fence_remove_callback",
               IF linked THEN "list_del_init() [" \o CbName(fm.cb) \o "]"
                         ELSE "not linked [" \o CbName(fm.cb) \o "]", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbFence, runs, error, tsWrites, hwVars, owner,
                      irqOn, ctx, calls, outer, woken, histVars>>

(* The broken variant remove_unlocked: list_del_init() as a write of the  *)
(* list read earlier, minus the callback, with no lock.                   *)
RemoveCallbackWrite(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "rm_write"
       /\ cbList' = [cbList EXCEPT ![f] = Remove(fm.local, fm.cb)]
       /\ cbState' = [cbState EXCEPT ![fm.cb] = "removed"]
       /\ SetF(c, [fm EXCEPT !.pc = "rm_ret", !.en = TRUE])
       /\ Step(c, ctx[c], "dma_fence_remove_callback",
               "list_del_init() unlocked [" \o CbName(fm.cb) \o "]", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbFence, runs, error, tsWrites, hwVars, owner,
                      irqOn, ctx, calls, outer, woken, histVars>>

(* dma_fence_remove_callback() returns its answer (fm.en: true = it        *)
(* unlinked the callback) to its caller, who may now free the callback's   *)
(* memory (drivers/dma-buf/dma-fence.c, mainline; no patch of either       *)
(* series touches it).  A step of its own, so the properties see what the  *)
(* caller is told against the callback's state at that moment.           *)
RemoveCallbackReturn(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "rm_ret"
    /\ SetF(c, IdleFrame)
    /\ Step(c, ctx[c], "dma_fence_remove_callback",
            IF fm.en THEN "return true [" \o CbName(fm.cb) \o "]"
                     ELSE "return false [" \o CbName(fm.cb) \o "]", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars>>

(* dma_fence_is_signaled(): SIGNALED, else ->signaled() (no lock, the     *)
(* hardware seqno); a true answer signals the fence with                  *)
(* dma_fence_signal() in the caller's context.  Under series2026 the core *)
(* calls the void ->check_signaled(), which itself calls                  *)
(* dma_fence_signal() when the hardware passed (08/10): the same steps.   *)
(* Called from a callback of a fence that shares this lock, the op runs   *)
(* under the IRQ-off fence lock (recorded like get_status's call).  The   *)
(* true answer of ->signaled() is returned after dma_fence_signal(), at   *)
(* a return step of its own (iss_ret), so the properties see what the     *)
(* caller is told against the fence at that moment.  The broken variant  *)
(* issig_no_signal returns that answer without dma_fence_signal(): the    *)
(* caller is told "signaled" of a fence whose SIGNALED bit is clear and   *)
(* whose callbacks are still waiting on its cb_list.                      *)
IsSignaled(c) ==
    LET fm == F(c)
        f == fm.f
        hw == SignaledOp /\ ~Signaled(f) /\ hwSeqno >= f
    IN /\ fm.pc = "iss_test"
       /\ drvUnderLock' = IF SignaledOp /\ ~Signaled(f) /\ Holds(c, "fence")
                             /\ ~irqOn[c]
                          THEN drvUnderLock \cup {"signaled"} ELSE drvUnderLock
       /\ SetF(c, CASE ~hw -> IdleFrame
                     [] Mutation = "issig_no_signal" -> [fm EXCEPT !.pc = "iss_ret"]
                     [] OTHER -> [fm EXCEPT !.pc = "sig_lock", !.sret = "iss_ret"])
       /\ Step(c, ctx[c], "dma_fence_is_signaled",
               CASE ~SignaledOp -> "test_bit(SIGNALED)"
                 [] CheckSignals -> "test_bit(SIGNALED); ops->check_signaled()"
                 [] OTHER -> "test_bit(SIGNALED); ops->signaled()", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      enableCalls, enableOnSignaled, errAfterSignal,
                      everSignaled>>

(* dma_fence_get_status() under fence->lock: dma_fence_is_signaled_locked *)
(* calls ->signaled() with the lock held and IRQs off, and signals with   *)
(* dma_fence_signal_locked() when it answers true.  Under series2026,     *)
(* dma_fence_get_status_locked() only tests SIGNALED (02/10               *)
(* <20260624122917.2483-3-christian.koenig@amd.com>; 07/10 then deletes   *)
(* dma_fence_is_signaled_locked()).                                       *)
GetStatusRead(c) ==
    LET fm == F(c)
        f == fm.f
        asks == SignaledOp /\ ~Signaled(f) /\ Design # "series2026"
        hw == asks /\ hwSeqno >= f
    IN /\ fm.pc = "st_read"
       /\ drvUnderLock' = IF asks /\ ~irqOn[c]
                          THEN drvUnderLock \cup {"signaled"}
                          ELSE drvUnderLock
       /\ SetF(c, IF hw THEN [fm EXCEPT !.pc = "sl_tas", !.lret = "st_unlock"]
                        ELSE [fm EXCEPT !.pc = "st_unlock"])
       /\ Step(c, ctx[c], "dma_fence_get_status",
               CASE asks -> "dma_fence_is_signaled_locked(): ops->signaled()"
                 [] Design = "series2026" -> "dma_fence_get_status_locked(): test SIGNALED"
                 [] OTHER -> "dma_fence_is_signaled_locked()", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      enableCalls, enableOnSignaled, errAfterSignal,
                      everSignaled>>

(* dma_fence_is_signaled() returns true to its caller after the          *)
(* dma_fence_signal() that its ->signaled() answer led to (mainline        *)
(* drivers/dma-buf/dma-fence.c; under series2026 after ->check_signaled(), *)
(* 08/10 <20260624122917.2483-9-christian.koenig@amd.com>).               *)
IsSignaledReturn(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "iss_ret"
    /\ SetF(c, IdleFrame)
    /\ Step(c, ctx[c], "dma_fence_is_signaled", "return true", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars>>

(* dma_fence_get_status() returns the status it computed under the lock   *)
(* (the frame's v, set as the lock is dropped: no step writes the fence's *)
(* flags or error while get_status holds its lock).                       *)
GetStatusReturn(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "st_ret"
    /\ SetF(c, IdleFrame)
    /\ Step(c, ctx[c], "dma_fence_get_status",
            CASE fm.v = 0 -> "return 0"
              [] fm.v = 1 -> "return 1"
              [] OTHER -> "return fence->error", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars>>

(* The driver's error path (a job timeout or reset of the oldest pending  *)
(* job, so the fences before it are signaled): under fence->lock,         *)
(* if the fence is not signaled yet, dma_fence_set_error(f, -EIO) and     *)
(* dma_fence_signal_locked().  The broken variant seterr_unlocked calls   *)
(* dma_fence_set_error() with no lock and no check, then                  *)
(* dma_fence_signal(); positive_error passes a positive errno.  A driver  *)
(* whose op leaves an entry takes it back when its error path signals     *)
(* (host1x_fence_cancel -> host1x_intr_remove_fence, vmwgfx's             *)
(* vmw_fence_fifo_down -> list_del_init).                                 *)
SetError(c) ==
    LET fm == F(c)
        f == fm.f
        unlocked == Mutation = "seterr_unlocked"
        skip == Signaled(f) /\ ~unlocked
    IN /\ fm.pc = "err_set"
       /\ error' = IF skip THEN error
                   ELSE [error EXCEPT ![f] = IF Mutation = "positive_error"
                                             THEN 5 ELSE EIO]
       /\ errAfterSignal' = IF ~skip /\ Signaled(f)
                            THEN errAfterSignal \cup {f} ELSE errAfterSignal
       /\ entries' = IF skip THEN entries ELSE [entries EXCEPT ![f] = 0]
       /\ SetF(c, CASE skip -> [fm EXCEPT !.pc = "err_unlock"]
                    [] unlocked -> [fm EXCEPT !.pc = "sig_lock", !.sret = "idle"]
                    [] OTHER -> [fm EXCEPT !.pc = "sl_tas", !.lret = "err_unlock"])
       /\ Step(c, ctx[c], "dma_fence_set_error",
               IF skip THEN "already signaled: leave error"
                       ELSE "fence->error = -EIO", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbList, cbFence, cbState, runs, tsWrites, hwSeqno,
                      irqArmed, irqLine, owner, irqOn, ctx, calls, outer, woken,
                      enableCalls, enableOnSignaled, drvUnderLock, everSignaled>>

(***************************************************************************)
(* dma_fence_timestamp(): the reader of the signal timestamp               *)
(***************************************************************************)

(* A caller reads the completion time of a fence it has seen signalled:  *)
(* drm_sched_get_cleanup_job() copies the finished fence's timestamp to  *)
(* the next job, sync_fill_fence_info() reports it to userspace.  Both    *)
(* test SIGNALED first and read nothing of an unsignalled fence.  The     *)
(* broken variant ts_read_unwaited reads fence->timestamp as soon as it   *)
(* sees SIGNALED, as drm_sched did before commit 0da611a87021 (its Fixes: *)
(* 1774baa64f93, "drm/scheduler: Change scheduled fence track v2").       *)
TimestampTest(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ts_sig"
    /\ SetF(c, CASE ~Signaled(fm.f) -> IdleFrame
                 [] Mutation = "ts_read_unwaited" -> [fm EXCEPT !.pc = "ts_read"]
                 [] OTHER -> [fm EXCEPT !.pc = "ts_spin"])
    /\ Step(c, ctx[c], "dma_fence_timestamp", "test_bit(SIGNALED)", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars>>

(* while (!test_bit(TIMESTAMP)) cpu_relax(); return fence->timestamp.  The *)
(* loop spins until the bit is set (the step is disabled before); the      *)
(* frame's v keeps what the reader got: the number of timestamp writes it *)
(* saw, 0 for the field as dma_fence_init() left it.                     *)
TimestampSpinRead(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ts_spin"
    /\ "TIMESTAMP" \in flags[fm.f]
    /\ SetF(c, [fm EXCEPT !.pc = "ts_ret", !.v = tsWrites[fm.f]])
    /\ Step(c, ctx[c], "dma_fence_timestamp",
            "test_bit(TIMESTAMP); read fence->timestamp", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars>>

(* The broken variant ts_read_unwaited: fence->timestamp read at once.    *)
TimestampReadUnwaited(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ts_read"
    /\ SetF(c, [fm EXCEPT !.pc = "ts_ret", !.v = tsWrites[fm.f]])
    /\ Step(c, ctx[c], "dma_fence_timestamp",
            "read fence->timestamp (no TIMESTAMP wait)", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars>>

(* The reader returns the timestamp to its caller, which uses it from     *)
(* here on (a step of its own, so the properties see the value read).     *)
TimestampReturn(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "ts_ret"
    /\ SetF(c, IdleFrame)
    /\ Step(c, ctx[c], "dma_fence_timestamp", "return fence->timestamp", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars>>

(***************************************************************************)
(* dma_fence_wait_timeout() -> dma_fence_default_wait() (intr = false)     *)
(***************************************************************************)

(* The lock-free SIGNALED test before taking the lock.  The frame's en,  *)
(* the op's answer in the enable step before, becomes the wait's          *)
(* timed-out flag: false until schedule_timeout() times out.              *)
WaitFastPath(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "w_fast"
    /\ SetF(c, IF Signaled(fm.f) THEN IdleFrame ELSE [fm EXCEPT !.pc = "w_lock", !.en = FALSE])
    /\ Step(c, ctx[c], "dma_fence_default_wait", "test_bit(SIGNALED)", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars>>

(* Under the lock: re-test SIGNALED, list_add() the waiter's callback at  *)
(* the head and set the task state before the lock is dropped, so a wake *)
(* between unlock and schedule() is not lost.  An interruptible wait with *)
(* a signal already pending (intr && signal_pending(current)) leaves at    *)
(* once with -ERESTARTSYS, the frame's v (mainline                         *)
(* dma_fence_default_wait()); a signal may be pending at any step, so    *)
(* either outcome is possible for op waiti.                               *)
WaitAddWaiter(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "w_add"
       /\ \E sig \in IF fm.op \in IntrWaitOps /\ ~Signaled(f) THEN BOOLEAN ELSE {FALSE} :
          /\ IF Signaled(f) \/ sig \/ fm.op \in PollOps
             THEN /\ UNCHANGED <<cbList, woken>>
                  /\ SetF(c, [fm EXCEPT !.pc = "w_unlock",
                                        !.v = IF sig THEN ERESTARTSYS ELSE fm.v,
                                        !.en = ~Signaled(f) /\ ~sig])
             ELSE /\ cbList' = [cbList EXCEPT ![f] = <<c>> \o @]
                  /\ woken' = IF Mutation = "lost_wakeup" THEN woken
                              ELSE [woken EXCEPT ![c] = FALSE]
                  /\ SetF(c, [fm EXCEPT !.pc = "w_sleep"])
          /\ Step(c, ctx[c], "dma_fence_default_wait",
                  CASE Signaled(f) -> "test_bit(SIGNALED)"
                    [] sig -> "signal_pending(): -ERESTARTSYS"
                    [] fm.op \in PollOps -> "test_bit(SIGNALED); timeout 0: ret = 0"
                    [] OTHER -> "list_add(waiter cb); set_current_state()", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbFence, cbState, runs, error,
                      tsWrites, hwVars, owner, irqOn, ctx, calls, outer, histVars>>

(* The broken variant lost_wakeup sets the task state only after the      *)
(* unlock, so a wake in between is overwritten.                           *)
WaitSetState(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "w_setstate"
    /\ woken' = [woken EXCEPT ![c] = FALSE]
    /\ SetF(c, [fm EXCEPT !.pc = "w_sched"])
    /\ Step(c, ctx[c], "dma_fence_default_wait", "set_current_state()", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, histVars>>

(* The broken variant wait_timeout_truncated: MAX_SCHEDULE_TIMEOUT        *)
(* reaches schedule_timeout() truncated to an int, -1, so a wait without  *)
(* a time limit wakes at once as timed out.                              *)
TimeoutTruncated == Mutation = "wait_timeout_truncated"

(* schedule_timeout(): the task sleeps until its callback wakes it or,    *)
(* when WaitTimeouts, the timeout expires (fm.en records a timeout).  An  *)
(* interruptible sleep (TASK_INTERRUPTIBLE, op waiti) also ends when a    *)
(* signal is pending, and the wait then answers -ERESTARTSYS (fm.v): the  *)
(* kernel tests `ret > 0 && intr && signal_pending(current)` after        *)
(* schedule_timeout(), so a signal that comes with the fence's wake wins  *)
(* too.  The broken variant wait_ignores_intr lets a signal end an        *)
(* uninterruptible wait as well (a ->wait that tests signal_pending()     *)
(* whatever intr says).                                                   *)
WaitSchedule(c) ==
    LET fm == F(c)
        intr == fm.op \in IntrWaitOps \/ Mutation = "wait_ignores_intr"
    IN /\ fm.pc = "w_sched"
       /\ \E sig \in IF intr THEN BOOLEAN ELSE {FALSE} :
          /\ woken[c] \/ WaitTimeouts \/ TimeoutTruncated \/ sig
          /\ SetF(c, [fm EXCEPT !.pc = "w_relock", !.en = ~woken[c] /\ ~sig,
                                !.v = IF sig THEN ERESTARTSYS ELSE fm.v])
          /\ Step(c, ctx[c], "dma_fence_default_wait",
                  CASE sig -> "schedule_timeout(): signal pending"
                    [] woken[c] -> "schedule_timeout(): woken"
                    [] OTHER -> "schedule_timeout(): timed out", fm.f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars>>

(* Back under the lock: leave when signaled or timed out, with list_del() *)
(* of a still linked waiter callback (broken: wait_keeps_waiter leaves it *)
(* on a timeout), else sleep again.  en keeps the timed-out flag (ret 0). *)
WaitCheck(c) ==
    LET fm == F(c)
        f == fm.f
        leave == Signaled(f) \/ fm.en \/ fm.v = ERESTARTSYS
    IN /\ fm.pc = "w_check"
       /\ cbList' = IF leave /\ ~(fm.en /\ Mutation = "wait_keeps_waiter") THEN [cbList EXCEPT ![f] = Remove(@, c)] ELSE cbList
       /\ woken' = IF leave THEN woken ELSE [woken EXCEPT ![c] = FALSE]
       /\ SetF(c, [fm EXCEPT !.pc = IF leave THEN "w_unlock" ELSE "w_sleep",
                             !.en = leave /\ fm.en])
       /\ Step(c, ctx[c], "dma_fence_default_wait",
               IF leave THEN "list_del(waiter cb)" ELSE "set_current_state()", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbFence, cbState, runs, error, tsWrites, hwVars,
                      owner, irqOn, ctx, calls, outer, histVars>>

(* The poller's loop: dma_fence_wait_timeout(fence, false, 0) answered 0, *)
(* so it calls it again, dma_fence_enable_sw_signaling() first (a no-op    *)
(* once ENABLE_SIGNAL is set).  The broken variant poll_skips_enable is    *)
(* the old shortcut for a zero timeout ("dma-buf/fence: don't wait when    *)
(* specified timeout is zero", Jammy Zhou, merged for 4.0: return          *)
(* fence_is_signaled() at once; reverted by 698c0f7ff216 for 4.10): the    *)
(* fence is tested without enabling signaling, so a driver without        *)
(* ->signaled that arms its interrupt in ->enable_signaling never signals  *)
(* a fence that is only polled.                                           *)
PollAgain(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "w_poll"
    /\ SetF(c, IF Mutation = "poll_skips_enable"
               THEN [fm EXCEPT !.pc = "w_fast", !.en = FALSE]
               ELSE EnableSwStart([fm EXCEPT !.en = FALSE], "w_fast"))
    /\ Step(c, ctx[c], "dma_fence_wait_timeout", "timeout 0 answered 0: call again", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars>>

(***************************************************************************)
(* ops->wait: a driver's own wait (radeon_fence_default_wait())            *)
(***************************************************************************)

(* dma_fence_wait_timeout() calls ops->wait, when the fence has one, after *)
(* dma_fence_enable_sw_signaling() and instead of dma_fence_default_wait() *)
(* (ops opwait, opwaiti).  The header's contract for it is the default    *)
(* wait's: -ERESTARTSYS only for an interrupted wait with intr = true, the *)
(* time left for a signalled fence, 0 on timeout.  The steps follow       *)
(* radeon_fence_default_wait() (drivers/gpu/drm/radeon/radeon_fence.c,     *)
(* mainline; neither posting's radeon patch changes it, upstream-series.md *)
(* lists what they change; st-dma-fence.c's mock_wait() has the same      *)
(* shape): dma_fence_add_callback() of an on-stack callback that           *)
(* wake_up_process()es the task, -ENOENT returning the timeout at once;    *)
(* then `while (t > 0)`: set_current_state(), the lock-free                *)
(* radeon_test_signaled() (test_bit(SIGNALED)) that must come after it,    *)
(* schedule_timeout(), the signal_pending() check; then                   *)
(* dma_fence_remove_callback() and `return t`.  The GPU-reset exit         *)
(* (needs_reset: -EDEADLK, "treated as if the fence is signaled" by the   *)
(* header) is not modelled: no configuration has a reset.  The waiter's   *)
(* callback is named by its CPU, like the default wait's, and woken[c]     *)
(* is its task having been woken since it last set its state.             *)

(* dma_fence_add_callback()'s lock-free test_bit(SIGNALED): -ENOENT, so   *)
(* ->wait returns t, the time left; otherwise legacy takes the lock and    *)
(* the other designs first run __dma_fence_enable_signaling() without it,  *)
(* as AddCallbackFastPath does.  The frame's en is from here on the       *)
(* wait's timed-out flag, v its -ERESTARTSYS.                             *)
DriverWaitAddFast(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "dw_fast"
       /\ SetF(c, CASE Signaled(f) -> [fm EXCEPT !.pc = "dw_ret", !.en = FALSE]
                    [] Design = "legacy" -> [fm EXCEPT !.pc = "dw_lock"]
                    [] OTHER -> [fm EXCEPT !.pc = "en_tas", !.eret = "dw_lock"])
       /\ Step(c, ctx[c], "dma_fence_add_callback", "test_bit(SIGNALED) [waiter]", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars>>

(* dma_fence_add_callback() under fence->lock: list_add_tail() of the     *)
(* waiter's callback when enabling returned true (legacy) or SIGNALED is  *)
(* still clear (the other designs' re-check), else -ENOENT and ->wait     *)
(* returns t.  The lock is dropped next (dw_unlock) and the driver goes   *)
(* on at nx: its loop, or its return.  The broken variant                 *)
(* wait_op_lost_wakeup enters the loop at the SIGNALED test instead of    *)
(* set_current_state().                                                   *)
DriverWaitAddInsert(c) ==
    LET fm == F(c)
        f == fm.f
        ok == IF Design = "legacy" THEN fm.en ELSE ~Signaled(f)
        loop == IF Mutation = "wait_op_lost_wakeup" THEN "dw_test" ELSE "dw_state"
    IN /\ fm.pc = "dw_insert"
       /\ cbList' = IF ok THEN [cbList EXCEPT ![f] = Append(@, c)] ELSE cbList
       /\ SetF(c, [fm EXCEPT !.pc = "dw_unlock", !.en = FALSE,
                             !.nx = IF ok THEN loop ELSE "dw_ret"])
       /\ Step(c, ctx[c], "dma_fence_add_callback",
               IF ok THEN "list_add_tail(cb_list) [waiter]" ELSE "-ENOENT [waiter]", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbFence, cbState, runs, error,
                      tsWrites, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars>>

(* set_current_state(TASK_INTERRUPTIBLE or TASK_UNINTERRUPTIBLE): a wake   *)
(* from here on makes the next schedule_timeout() return.  Then the        *)
(* SIGNALED test (in the broken variant wait_op_lost_wakeup, which tests   *)
(* first, schedule_timeout()).                                            *)
DriverWaitSetState(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "dw_state"
    /\ woken' = [woken EXCEPT ![c] = FALSE]
    /\ SetF(c, [fm EXCEPT !.pc = IF Mutation = "wait_op_lost_wakeup" THEN "dw_sched"
                                                                    ELSE "dw_test"])
    /\ Step(c, ctx[c], "drv->wait", "set_current_state()", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, histVars>>

(* radeon_test_signaled(), lock-free test_bit(SIGNALED): set breaks out   *)
(* of the loop with t > 0 (dma_fence_remove_callback() next); clear goes  *)
(* on to sleep.  It must follow set_current_state(), the driver's comment *)
(* says, "to prevent a race with wake_up_process": a signal between a     *)
(* test that saw SIGNALED clear and a later set_current_state() has its   *)
(* wake overwritten, and the task sleeps through it (wait_op_lost_wakeup). *)
DriverWaitTest(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "dw_test"
       /\ SetF(c, [fm EXCEPT !.pc = CASE Signaled(f) -> "dw_rmlock"
                                      [] Mutation = "wait_op_lost_wakeup" -> "dw_state"
                                      [] OTHER -> "dw_sched"])
       /\ Step(c, ctx[c], "drv->wait", "radeon_test_signaled(): test_bit(SIGNALED)", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars>>

(* t = schedule_timeout(t): the task sleeps until its callback wakes it   *)
(* or, when WaitTimeouts, the timeout expires (t = 0, en); an             *)
(* interruptible sleep also ends when a signal is pending, and           *)
(* `t > 0 && intr && signal_pending(current)` makes t -ERESTARTSYS (v).  *)
(* Either ends the loop; a wake with time left goes round it again.       *)
DriverWaitSchedule(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "dw_sched"
    /\ \E sig \in IF fm.op \in IntrWaitOps THEN BOOLEAN ELSE {FALSE} :
         LET tmo == ~woken[c] /\ ~sig IN
         /\ woken[c] \/ WaitTimeouts \/ sig
         /\ SetF(c, [fm EXCEPT !.pc = CASE tmo \/ sig -> "dw_rmlock"
                                        [] Mutation = "wait_op_lost_wakeup" -> "dw_test"
                                        [] OTHER -> "dw_state",
                               !.en = tmo,
                               !.v = IF sig THEN ERESTARTSYS ELSE fm.v])
         /\ Step(c, ctx[c], "drv->wait",
                 CASE sig -> "schedule_timeout(): signal pending"
                   [] woken[c] -> "schedule_timeout(): woken"
                   [] OTHER -> "schedule_timeout(): timed out", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars>>

(* dma_fence_remove_callback() of the waiter under fence->lock:           *)
(* list_del_init() if the signaller has not spliced it off yet.  Its      *)
(* answer is ignored; the callback's memory (the driver's stack) is       *)
(* reused once ->wait returns.                                            *)
DriverWaitRemove(c) ==
    LET fm == F(c)
        f == fm.f
        linked == c \in Range(cbList[f])
    IN /\ fm.pc = "dw_del"
       /\ cbList' = IF linked THEN [cbList EXCEPT ![f] = Remove(@, c)] ELSE cbList
       /\ SetF(c, [fm EXCEPT !.pc = "dw_rmunlock"])
       /\ Step(c, ctx[c], "dma_fence_remove_callback",
               IF linked THEN "list_del_init() [waiter]" ELSE "not linked [waiter]", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbFence, cbState, runs, error,
                      tsWrites, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars>>

(* ->wait returns t to dma_fence_wait_timeout()'s caller: the time left   *)
(* (a signalled fence), 0 (en: timed out) or -ERESTARTSYS (v).  A step    *)
(* of its own, so WaitReturnMatchesFence sees the answer the caller gets. *)
DriverWaitReturn(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "dw_ret"
    /\ SetF(c, IdleFrame)
    /\ Step(c, ctx[c], "drv->wait",
            CASE fm.v = ERESTARTSYS -> "return -ERESTARTSYS"
              [] fm.en -> "return 0 (timed out)"
              [] OTHER -> "return t (signaled)", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars>>

(***************************************************************************)
(* References: dma_fence_put() and dma_fence_release()                     *)
(***************************************************************************)

(* dma_fence_put() of the consumer's reference (kref_put(): an atomic     *)
(* decrement-and-test); the last reference goes on to dma_fence_release() *)
(* in the caller's context: process, an irq_work (hard IRQ) or, with      *)
(* Caller "callback", inside another fence's callback under the timeline's *)
(* fence->lock with IRQs off (include/linux/dma-fence.h, mainline).       *)
PutDec(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "put_dec"
       /\ fenceRefs' = [fenceRefs EXCEPT ![f] = @ \ {"caller"}]
       /\ SetF(c, IF fenceRefs[f] = {"caller"} THEN [fm EXCEPT !.pc = "rel_test"]
                                          ELSE IdleFrame)
       /\ Step(c, ctx[c], "dma_fence_put",
               IF fenceRefs[f] = {"caller"} THEN "kref_put(): last reference"
                                       ELSE "kref_put()", f)
       /\ UNCHANGED <<flags, cbList, cbFence, cbState, runs, error, tsWrites,
                      fenceFreed, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars>>

(* The driver drops its reference to a fence it is done with (drm_sched's *)
(* free_job, a ring's fence slot reused); the last reference goes on to   *)
(* dma_fence_release() in this process context.                          *)
RetireDec(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "ret_dec"
       /\ fenceRefs' = [fenceRefs EXCEPT ![f] = @ \ {"driver"}]
       /\ SetF(c, IF fenceRefs[f] = {"driver"} THEN [fm EXCEPT !.pc = "rel_test"]
                                          ELSE IdleFrame)
       /\ Step(c, ctx[c], "drv_retire",
               IF fenceRefs[f] = {"driver"} THEN "dma_fence_put(): last reference"
                                       ELSE "dma_fence_put()", f)
       /\ UNCHANGED <<flags, cbList, cbFence, cbState, runs, error, tsWrites,
                      fenceFreed, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars>>

(* dma_fence_release() (drivers/dma-buf/dma-fence.c, 6.x): a fence        *)
(* released unsignaled with callbacks still on its list is a refcounting  *)
(* bug; the kernel WARNs ("released with pending signals!") and, so that  *)
(* no waiter or chain is left dangling, takes fence->lock, sets           *)
(* fence->error = -EDEADLK and signals with dma_fence_signal_locked().    *)
(* The broken variant release_no_signal only WARNs and frees, as 4.x did  *)
(* (WARN_ON(!list_empty(&fence->cb_list))): the callbacks never run.      *)
ReleaseTest(c) ==
    LET fm == F(c)
        f == fm.f
        pending == cbList[f] # <<>> /\ ~Signaled(f)
    IN /\ fm.pc = "rel_test"
       /\ SetF(c, [fm EXCEPT !.pc = IF pending /\ Mutation # "release_no_signal"
                                    THEN "rel_lock" ELSE ReleaseOpPc])
       /\ Step(c, ctx[c], "dma_fence_release",
               IF pending THEN "WARN(): released with pending signals!"
                          ELSE "list_empty(cb_list) || test_bit(SIGNALED)", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars>>

(* Under fence->lock: fence->error = -EDEADLK, then                        *)
(* dma_fence_signal_locked(), which runs the pending callbacks.  The      *)
(* broken variant release_keeps_lock goes on to ->release without         *)
(* spin_unlock_irqrestore() (an error path that forgets its unlock).      *)
ReleaseError(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "rel_err"
       /\ error' = [error EXCEPT ![f] = EDEADLK]
       /\ errAfterSignal' = IF Signaled(f) THEN errAfterSignal \cup {f}
                            ELSE errAfterSignal
       /\ SetF(c, [fm EXCEPT !.pc = "sl_tas",
                   !.lret = IF Mutation = "release_keeps_lock" THEN ReleaseOpPc ELSE "rel_unlock"])
       /\ Step(c, ctx[c], "dma_fence_release", "fence->error = -EDEADLK", f)
       /\ UNCHANGED <<flags, cbList, cbFence, cbState, runs, tsWrites, fenceRefs,
                      fenceFreed, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      enableCalls, enableOnSignaled, drvUnderLock,
                      everSignaled>>

(* ops->release() or dma_fence_free(): the fence's memory goes back       *)
(* (kfree_rcu()); no one may touch the fence from here on.  The broken    *)
(* variant release_leaks never gives it back (a ->release that forgets    *)
(* dma_fence_free(): the leak kmemleak reports).                          *)
ReleaseFree(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "rel_free"
       /\ fenceFreed' = IF Mutation = "release_leaks" THEN fenceFreed ELSE fenceFreed \cup {f}
       /\ SetF(c, IdleFrame)
       /\ Step(c, ctx[c], "dma_fence_release",
               IF DriverLock = "none" THEN "dma_fence_free(): kfree_rcu()"
                                      ELSE "ops->release(): kfree_rcu()", f)
       /\ UNCHANGED <<flags, cbList, cbFence, cbState, runs, error, tsWrites,
                      fenceRefs, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars>>

(***************************************************************************)
(* The hardware and the driver's interrupt handler                         *)
(***************************************************************************)

(* The GPU passes the next seqno; an armed interrupt is raised. *)
HwComplete ==
    /\ hwSeqno < NumFences
    /\ hwSeqno' = hwSeqno + 1
    /\ irqLine' = (irqLine \/ irqArmed)
    /\ step' = [cpu |-> "hw", ctx |-> "hw", fn |-> "hardware",
                act |-> "seqno passes", fence |-> hwSeqno + 1]
    /\ UNCHANGED <<fenceVars, irqArmed, entries, cpuVars, histVars>>

(* The raised interrupt arrives on CPU c, whose process context has IRQs  *)
(* enabled, at whatever step that context is (spinning included); the     *)
(* handler runs nested on c in hard-IRQ context with IRQs off.  A driver  *)
(* profile's handler (or the irq_work it raises) starts at p_irq.        *)
IrqEnter(c) ==
    /\ irqLine
    /\ irqOn[c]
    /\ ctx[c] = "proc"
    /\ irqLine' = FALSE
    /\ ctx' = [ctx EXCEPT ![c] = "irq"]
    /\ irqOn' = [irqOn EXCEPT ![c] = FALSE]
    /\ fr' = [fr EXCEPT ![c].irq =
                [IdleFrame EXCEPT !.op = "irq", !.cur = 1,
                    !.pc = CASE Profile # "shape" -> "p_irq"
                             [] DriverLock = "none" -> "irq_next"
                             [] OTHER -> "irq_lock"]]
    /\ Step(c, "irq", "drv_irq_handler", "<Interrupt>", 0)
    /\ UNCHANGED <<fenceVars, hwSeqno, irqArmed, entries, owner, calls, outer,
                   woken, histVars>>

(* Return from the interrupt: the process context resumes with IRQs on. *)
ExitIrq(fr1, c) == [fr1 EXCEPT ![c].irq = IdleFrame]

(* Handler "dropped" (i915's signal_irq_work: the request is taken off    *)
(* ce->signals under ce->signal_lock, which is dropped before the         *)
(* callbacks run under rq->lock): under its lock the handler takes back   *)
(* the entries of every fence the hardware has passed, then drops it.     *)
(* The broken variant handler_keeps_entry forgets the entries.            *)
IrqBook(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "irq_book"
    /\ entries' = IF Mutation = "handler_keeps_entry" THEN entries
                  ELSE [g \in Fences |-> IF g <= hwSeqno THEN 0 ELSE entries[g]]
    /\ SetF(c, [fm EXCEPT !.pc = "irq_drop"])
    /\ Step(c, "irq", "drv_irq_handler", "list_del() entries of passed fences", 0)
    /\ UNCHANGED <<fenceVars, hwSeqno, irqArmed, irqLine, owner, irqOn, ctx,
                   calls, outer, woken, histVars>>

(* Does the driver still have fence g on its list of fences to signal?  A *)
(* driver that retires a fence takes it off that list as the retire       *)
(* begins, before it drops its reference.  The broken variant retire_unsignaled drops the reference of *)
(* a fence it has not signalled and leaves the fence on the list, so its   *)
(* handler later signals a fence whose last reference may be gone: a     *)
(* use-after-free in the signal path, the driver putting its fence before *)
(* it is done with it.                                                    *)
Tracked(g) ==
    \/ ~RefsModelled \/ Signaled(g) \/ Mutation = "retire_unsignaled"
    \/ /\ "driver" \in fenceRefs[g]
       /\ \A c2 \in CPUs, k2 \in Contexts : fr[c2][k2].op = "retire" => fr[c2][k2].f # g

(* The handler visits, in seqno order, the next fence the hardware has    *)
(* passed that is not signaled yet or, when it still holds its lock, that *)
(* still has an entry.  Holding its lock it takes the entry back          *)
(* (list_del, the reference) and signals: with dma_fence_signal() when    *)
(* its lock is not the fence lock (nested fence->lock), with              *)
(* dma_fence_signal_locked() when it is (radeon_fence_check_signaled, xe  *)
(* hw_fence_irq_run_cb, host1x's ISR), and, when it tests completion with *)
(* its ->check_signaled function under the fence lock in series2026 (xe's *)
(* hw_fence_irq_run_cb after 08/10), with that function's                 *)
(* dma_fence_signal().  Having dropped its lock, or without one, it only  *)
(* signals, with dma_fence_signal().  With nothing left, a handler that   *)
(* holds no lock returns from the interrupt in the same step.  The broken *)
(* variant handler_keeps_entry signals but leaves the entry.              *)
IrqNextFence(c) ==
    LET fm == F(c)
        locked == DriverLock # "none" /\ Handler = "held"
        todo == {g \in fm.cur .. hwSeqno :
                    /\ ~Signaled(g) \/ (locked /\ entries[g] > 0
                                        /\ Mutation # "handler_keeps_entry")
                    /\ Tracked(g)}
        g == Min(todo)
        leave == todo = {} /\ ~locked
        how == CASE Signaled(g) -> "none"
                 [] DriverLock = "fence" /\ locked /\ ~(CheckUnderLock /\ CheckSignals)
                    -> "locked"
                 [] OTHER -> "signal"
    IN /\ fm.pc = "irq_next"
       /\ entries' = IF todo # {} /\ (locked \/ DriverLock = "none")
                        /\ Mutation # "handler_keeps_entry"
                     THEN [entries EXCEPT ![g] = 0] ELSE entries
       /\ fr' = CASE todo # {} /\ how = "signal" ->
                     [fr EXCEPT ![c].irq = [fm EXCEPT !.pc = "sig_lock",
                        !.f = g, !.cur = g + 1, !.sret = "irq_next"]]
                 [] todo # {} /\ how = "locked" ->
                     [fr EXCEPT ![c].irq = [fm EXCEPT !.pc = "sl_tas",
                        !.f = g, !.cur = g + 1, !.lret = "irq_next"]]
                 [] todo # {} -> [fr EXCEPT ![c].irq = [fm EXCEPT !.cur = g + 1]]
                 [] leave -> ExitIrq(fr, c)
                 [] OTHER -> [fr EXCEPT ![c].irq = [fm EXCEPT !.pc = "irq_unlock"]]
       /\ ctx' = IF leave THEN [ctx EXCEPT ![c] = "proc"] ELSE ctx
       /\ irqOn' = IF leave THEN [irqOn EXCEPT ![c] = TRUE] ELSE irqOn
       /\ Step(c, "irq", "drv_irq_handler",
               CASE todo # {} /\ how = "signal" /\ CheckUnderLock /\ CheckSignals
                      -> "ops->check_signaled(): dma_fence_signal()"
                 [] todo # {} /\ how = "signal" -> "dma_fence_signal()"
                 [] todo # {} /\ how = "locked" -> "dma_fence_signal_locked()"
                 [] todo # {} -> "list_del() entry of a signaled fence"
                 [] leave -> "no passed fence left; return from interrupt"
                 [] OTHER -> "no passed fence left",
               IF todo = {} THEN 0 ELSE g)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbList, cbFence, cbState, runs, error, tsWrites,
                      hwSeqno, irqArmed, irqLine, owner, calls, outer, woken,
                      histVars>>

(* spin_unlock() of the handler's lock and return from the interrupt. *)
IrqUnlockExit(c) ==
    /\ ctx[c] = "irq"
    /\ fr[c].irq.pc = "irq_unlock"
    /\ owner' = [owner EXCEPT ![DrvLock] = NoOwner]
    /\ ctx' = [ctx EXCEPT ![c] = "proc"]
    /\ irqOn' = [irqOn EXCEPT ![c] = TRUE]
    /\ fr' = ExitIrq(fr, c)
    /\ Step(c, "irq", IF Profile # "shape" THEN fr[c].irq.fn ELSE "drv_irq_handler",
            "spin_unlock(" \o (IF DrvLock = "fence" THEN "fence->lock" ELSE "drv->lock")
                \o "); return from interrupt", 0)
    /\ UNCHANGED <<fenceVars, hwVars, calls, outer, woken, histVars>>

(***************************************************************************)
(* The specification                                                       *)
(***************************************************************************)

Init ==
    /\ flags = [f \in Fences |-> {}]
    /\ cbList = [f \in Fences |-> <<>>]
    /\ cbFence = [cb \in Cbs |-> 0]
    /\ cbState = [cb \in Cbs |-> "unused"]
    /\ runs = [cb \in Cbs |-> 0]
    /\ error = [f \in Fences |-> 0]
    /\ tsWrites = [f \in Fences |-> 0]
    /\ hwSeqno = 0
    /\ irqArmed = (Profile \in IrqArmedAtInit)
    /\ irqLine = FALSE
    /\ entries = [f \in Fences |-> 0]
    /\ outer = [c \in CPUs |-> "none"]
    /\ owner = [l \in Locks |-> NoOwner]
    /\ irqOn = [c \in CPUs |-> TRUE]
    /\ ctx = [c \in CPUs |-> "proc"]
    /\ fr = [c \in CPUs |-> [k \in Contexts |-> IdleFrame]]
    /\ calls = 0
    /\ woken = [c \in CPUs |-> FALSE]
    /\ enableCalls = [f \in Fences |-> 0]
    /\ enableOnSignaled = {}
    /\ drvUnderLock = {}
    /\ errAfterSignal = {}
    /\ everSignaled = {}
    /\ fenceRefs = [f \in Fences |-> IF RefsModelled THEN Holders ELSE {}]
    /\ fenceFreed = {}
    /\ step = [cpu |-> "none", ctx |-> "none", fn |-> "init",
               act |-> "dma_fence_init()", fence |-> 0]

(* One step of the context running on CPU c (everything but starting a   *)
(* new call and taking an interrupt, which are choices, not progress).    *)
CpuStep(c) ==
    \/ SpinLock(c) \/ SpinUnlock(c)
    \/ SignalTestAndSet(c) \/ SignalLateBit(c) \/ SignalRunCallback(c)
    \/ SignalStamp(c)
    \/ SignalLockFreeTest(c) \/ SignalPlainSet(c)
    \/ EnableTestAndSet(c) \/ EnableSetBit(c) \/ DriverEnter(c)
    \/ DriverArm(c)
    \/ AddCallbackFastPath(c) \/ AddCallbackInsert(c) \/ RemoveCallbackDel(c)
    \/ AddCallbackLink(c) \/ RemoveCallbackWrite(c) \/ RemoveCallbackReturn(c)
    \/ IsSignaled(c) \/ IsSignaledReturn(c)
    \/ GetStatusRead(c) \/ GetStatusReturn(c) \/ SetError(c)
    \/ WaitFastPath(c) \/ WaitAddWaiter(c) \/ WaitSetState(c)
    \/ WaitSchedule(c) \/ WaitCheck(c) \/ PollAgain(c)
    \/ DriverWaitAddFast(c) \/ DriverWaitAddInsert(c) \/ DriverWaitSetState(c)
    \/ DriverWaitTest(c) \/ DriverWaitSchedule(c) \/ DriverWaitRemove(c)
    \/ DriverWaitReturn(c)
    \/ IrqNextFence(c) \/ IrqBook(c) \/ IrqUnlockExit(c) \/ CallerExit(c)
    \/ IrqWorkReturn(c)
    \/ TimestampTest(c) \/ TimestampSpinRead(c) \/ TimestampReadUnwaited(c)
    \/ TimestampReturn(c)
    \/ PutDec(c) \/ RetireDec(c) \/ ReleaseTest(c) \/ ReleaseError(c)
    \/ ReleaseFree(c)

(* Every CPU is in process context between calls: nothing is stuck, the   *)
(* run may end here (stuttering is not a deadlock).  A CPU that spins or  *)
(* sleeps forever keeps this disabled, so TLC's deadlock check sees it.  *)
Finished ==
    /\ \A c \in CPUs : ctx[c] = "proc" /\ fr[c].proc.pc = "idle" /\ outer[c] = "none"
    /\ UNCHANGED vars

Next ==
    \/ \E c \in CPUs : Call(c) \/ IrqWorkCall(c) \/ CpuStep(c) \/ IrqEnter(c)
    \/ HwComplete
    \/ Finished

(* Fairness for the liveness properties: queued spinlocks are fair and a *)
(* woken task runs (strong fairness of each CPU's steps), the hardware    *)
(* makes progress, and a raised interrupt is eventually taken by a CPU   *)
(* that keeps enabling IRQs.  Starting new calls is never forced.        *)
Fairness ==
    /\ \A c \in CPUs : SF_vars(CpuStep(c))
    /\ WF_vars(HwComplete)
    /\ SF_vars(\E c \in CPUs : IrqEnter(c))

Spec == Init /\ [][Next]_vars
FairSpec == Spec /\ Fairness
=============================================================================
