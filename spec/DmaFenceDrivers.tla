--------------------------- MODULE DmaFenceDrivers ---------------------------
(***************************************************************************)
(* Real drivers on the core of DmaFence.tla (issue 19, the driver atlas):  *)
(* each profile writes one driver's ->enable_signaling, its signal paths   *)
(* and the driver state its fence lock protects, step by step, under the   *)
(* three designs:                                                          *)
(*   legacy     - the series' base tree (drm-misc-next, June 2026): the    *)
(*                core calls the op with fence->lock held, IRQs off, after *)
(*                re-testing SIGNALED under it; a false answer makes the   *)
(*                core call dma_fence_signal_locked();                     *)
(*   rfc2024    - RFC 7/7 <20240911085903.1496-8-christian.koenig@amd.com> *)
(*                (and 4/7 for nouveau): op called with no lock after an   *)
(*                unlocked SIGNALED test; each driver takes its own lock   *)
(*                and calls dma_fence_signal() after dropping it;          *)
(*   series2026 - June 2026 07..10/10, 10/10 =                             *)
(*                <20260624122917.2483-11-christian.koenig@amd.com>: op    *)
(*                called with no lock; the driver takes                    *)
(*                dma_fence_lock_irqsave() itself and signals with         *)
(*                dma_fence_signal_locked(); ->signaled became             *)
(*                ->check_signaled, which calls dma_fence_signal() (08/10  *)
(*                <...-9-...>).                                            *)
(* Driver code of the base tree: intel-lab-lkp/linux@05a0a11b (base +      *)
(* 07..09/10) and the pre-images of the 08..10/10 hunks (docs/upstream-    *)
(* series.md, section 2.5 and section 3).                                  *)
(*                                                                         *)
(* Profiles ("_fixed": the driver changed as docs/drivers.md's obligation  *)
(* says, to show that TLC accepts the change):                            *)
(*   nouveau  - uevent ops, drivers/gpu/drm/nouveau/nouveau_fence.c:       *)
(*              nouveau_fence_enable_signaling, nouveau_fence_no_signaling,*)
(*              nouveau_fence_is_signaled, nouveau_fence_uevent_work,      *)
(*              nouveau_fence_update, nouveau_fence_signal.  fence lock =  *)
(*              fctx->lock, shared by the channel's fences.                *)
(*   xe_hw    - drivers/gpu/drm/xe/xe_hw_fence.c:                          *)
(*              xe_hw_fence_enable_signaling, xe_hw_fence_signaled,        *)
(*              xe_hw_fence_irq_run, hw_fence_irq_run_cb.  fence lock =    *)
(*              irq->lock, shared by the fences of one fence irq.          *)
(*   xe_preempt - drivers/gpu/drm/xe/xe_preempt_fence.c:                   *)
(*              preempt_fence_enable_signaling, preempt_fence_work_func.   *)
(*              fence lock = pfence->lock, the fence's own; one fence.     *)
(*              RFC 7/7 only drops `return true`; 10/10 wraps the body in  *)
(*              dma_fence_lock_irqsave().                                  *)
(*   amdgpu_fence - drivers/gpu/drm/amd/amdgpu/amdgpu_fence.c:             *)
(*              amdgpu_fence_enable_signaling (fallback timer),            *)
(*              amdgpu_fence_process from the fence interrupt and the      *)
(*              timer.  fence lock = ring->fence_drv.lock, shared by the   *)
(*              ring's fences.  RFC 6/7                                  *)
(*              <20240911085903.1496-7-christian.koenig@amd.com> removes   *)
(*              the op and arms the fallback timer in amdgpu_fence_emit()  *)
(*              (rfc2024: NoEnableOp, the timer pending from DInit); 10/10 *)
(*              leaves the op unchanged, without a lock.                   *)
(*   amdgpu_evf - drivers/gpu/drm/amd/amdgpu/amdgpu_eviction_fence.c:      *)
(*              amdgpu_eviction_fence_enable_signaling,                    *)
(*              amdgpu_eviction_fence_suspend_worker.  fence lock = the    *)
(*              fence's own; one fence.  Not in the 2024 tree (no rfc2024  *)
(*              model); 10/10 leaves the op unchanged, without a lock.     *)
(*   host1x   - drivers/gpu/host1x/fence.c and intr.c (intel-lab-lkp/linux *)
(*              @05a0a11b; intr.c as of 3b9dc91e6dcf):                     *)
(*              host1x_syncpt_fence_enable_signaling,                      *)
(*              host1x_intr_add_fence_locked, host1x_intr_handle_interrupt,*)
(*              host1x_fence_signal, do_fence_timeout,                     *)
(*              host1x_intr_remove_fence.  fence lock = sp->fences.lock,   *)
(*              shared by the syncpoint's fences; every fence has a        *)
(*              timeout (sf->timeout), so the op takes two references.     *)
(*              RFC 7/7 wraps the body in spin_lock_irqsave(f->lock);      *)
(*              10/10 in dma_fence_lock_irqsave().                         *)
(*   vmwgfx   - drivers/gpu/drm/vmwgfx/vmwgfx_fence.c (@05a0a11b):         *)
(*              vmw_fence_enable_signaling, vmw_fences_update /            *)
(*              __vmw_fences_update; the seqno waiters of vmwgfx_irq.c     *)
(*              (vmw_seqno_waiter_add/remove).  fence lock = fman->lock,   *)
(*              shared by the manager's fences, each on fman->fence_list   *)
(*              from its creation.  RFC 5/7 removes the op (no rfc2024     *)
(*              model); 10/10 wraps the retry loop in                      *)
(*              dma_fence_lock_irqsave().  vmw_fences_update() takes       *)
(*              fman->lock with a plain spin_lock() in the fence thread;   *)
(*              vmwgfx_fixed takes it with spin_lock_irqsave(), as older   *)
(*              trees did, so that no hard-IRQ user (an irq_work caller)   *)
(*              can interrupt it on its own CPU.                           *)
(*   vmwgfx2024 - vmwgfx_fence.c as RFC 5/7 found it (blob 588d50ababf6,   *)
(*              v6.11: Zack Rusin's <20240702021254.1610188-2-              *)
(*              zack.rusin@broadcom.com>, merged as e58337100721; the      *)
(*              bodies as the pre-image of Ian Forbes'                      *)
(*              <20250410195508.233367-2-ian.forbes@broadcom.com> shows    *)
(*              them).  legacy: the 2024 tree; vmw_fence_enable_signaling  *)
(*              only reads the seqno (passed: false, else true) and arms   *)
(*              no interrupt and no waiter.  rfc2024: RFC 5/7              *)
(*              <20240911085903.1496-6-christian.koenig@amd.com> renames   *)
(*              it vmw_fence_signaled(), a ->signaled with the answer      *)
(*              inverted, and leaves no op (NoEnableOp); 7/7 as for every  *)
(*              driver.  vmw_fences_update() (plain spin_lock(&fman->lock))  *)
(*              then runs only when some other vmw activity calls it: the  *)
(*              fence IRQ is unmasked only while a vmw waiter counts       *)
(*              (vmw_seqno_waiter_add() in vmw_fence_wait(), not a         *)
(*              foreign dma_fence_add_callback()).  The model gives it one *)
(*              such run at any time (work, DInit: the next fence          *)
(*              emission's vmw_cmd_send_fence() -> vmw_update_seqno(), or  *)
(*              an ioctl).  No series2026 model: the series applies to the *)
(*              2026 code (profile vmwgfx), which since db6a94b26354 adds  *)
(*              a seqno waiter per enabled fence.                          *)
(*   vmwgfx2024_fixed - B10's obligation written in the 2024 code under    *)
(*              rfc2024: RFC 5/7's vmw_fence_signaled() stays, and the op  *)
(*              is kept as mainline's 2025 fix wrote it (db6a94b26354: a   *)
(*              seqno waiter per enabled fence, which unmasks the fence    *)
(*              interrupt, removed again by __vmw_fences_update()), under  *)
(*              spin_lock_irqsave(fence->lock) with the SIGNALED re-test.  *)
(*              The steps are vmwgfx's (VmOpEnter, VmOpCheck, VmIrq,       *)
(*              VmWalk); the 2024 one-off vmw_update_seqno() stays.        *)
(*   radeon   - drivers/gpu/drm/radeon/radeon_fence.c (@05a0a11b):          *)
(*              radeon_fence_enable_signaling, radeon_fence_activity,      *)
(*              radeon_fence_process, radeon_fence_check_signaled (the     *)
(*              wait-queue wake function).  fence lock =                   *)
(*              rdev->fence_queue.lock, the wait queue's own lock, shared  *)
(*              by the device's fences; one ring.  RFC 7/7: the last_seq   *)
(*              fast test without a lock, the rest under                   *)
(*              spin_lock_irqsave(&fence_queue.lock); 10/10: the whole     *)
(*              body under dma_fence_lock_irqsave().                       *)
(*   i915     - drivers/gpu/drm/i915/i915_request.c (@05a0a11b):           *)
(*              i915_fence_enable_signaling, i915_fence_signaled,          *)
(*              __i915_request_submit, i915_request_retire; and            *)
(*              gt/intel_breadcrumbs.c (intel-lab-lkp/linux@5ebd4a176655, *)
(*              unchanged by the series but for the op's caller):          *)
(*              i915_request_enable_breadcrumb, insert_breadcrumb,         *)
(*              irq_signal_request, signal_irq_work.  fence lock =         *)
(*              rq->lock, the request's own; ce->signal_lock (lock         *)
(*              "driver") guards ce->signals and I915_FENCE_FLAG_SIGNAL.   *)
(*              The breadcrumb irq_work sets SIGNALED with a lock-free     *)
(*              test_and_set_bit() and splices cb_list later under         *)
(*              rq->lock (CbListEmptyOnceNotified).  RFC 7/7 wraps the op  *)
(*              in spin_lock_irqsave(fence->lock); 10/10 in                *)
(*              dma_fence_lock_irqsave(); 08/10 makes                      *)
(*              i915_fence_signaled() call dma_fence_signal().             *)
(*   amdkfd   - drivers/gpu/drm/amd/amdgpu/amdgpu_amdkfd_fence.c           *)
(*              amdkfd_fence_enable_signaling with an svm eviction fence,  *)
(*              drivers/gpu/drm/amd/amdkfd/kfd_svm.c                       *)
(*              svm_range_schedule_evict_svm_bo, svm_range_bo_release,     *)
(*              svm_range_evict_svm_bo_worker (upstream 47bf0f83fc86 for   *)
(*              the locking comment the op relies on).  fence lock = the   *)
(*              fence's own fence->lock; one fence.                        *)
(*                                                                         *)
(* Broken profiles (Mutation), one mistake each, kept so that a test shows *)
(* every driver property refuting it:                                     *)
(*   xe_add_outside_lock     - XeOpEnter/XeOpLink: the corrected op links  *)
(*                             its entry before taking irq->lock;          *)
(*   xe_add_without_get      - XeOpEnter: list_add_tail() without the      *)
(*                             dma_fence_get() the entry owns;             *)
(*   xe_irq_leaks_reference  - XeIrqDel: list_del_init() without the       *)
(*                             dma_fence_put();                            *)
(*   xe_check_ignores_passed - XeOpCheck: no xe_hw_fence_irq_run() for a   *)
(*                             fence the hardware already passed;          *)
(*   nouveau_no_channel_test - NvOpCheck: nouveau_fence_is_signaled()      *)
(*                             without its fence->channel == NULL test;    *)
(*   nouveau_signal_skips_notify_ref - NvWorkDel: nouveau_fence_signal()   *)
(*                             does not uncount a USER_BITS fence;         *)
(*   fixed_no_flag_test      - the corrected op without its SIGNALED       *)
(*                             re-test under the lock (OpFlagTest).        *)
(*   radeon_wake_keeps_irq   - RdWakePut: radeon_fence_check_signaled()    *)
(*                             signals without radeon_irq_kms_sw_irq_put().*)
(*   vmw_no_waiter_remove    - VmWalk: __vmw_fences_update() unlinks and   *)
(*                             signals a fence without removing its seqno  *)
(*                             waiter.                                     *)
(*   i915_signal_without_llist - I9Ins: irq_signal_request() wins          *)
(*                             SIGNALED but does not llist_add() the       *)
(*                             request to b->signaled_requests, so no      *)
(*                             irq_work ever runs its callbacks.           *)
(***************************************************************************)
EXTENDS DmaFence

VARIABLES
    pending,  \* the driver's list of fences, in list order (nouveau fctx->pending, xe irq->pending,
              \* i915 ce->signals)
    lost,     \* fences whose list entry is linked nowhere a walk reaches (an insert lost to a race)
    refs,     \* fence -> references held by the driver's list entries (i915: by ce->signals,
              \* b->signaled_requests and an irq_work's local signal list)
    count,    \* nouveau fctx->notify_ref (a plain int shared by the channel's fences);
              \* i915: the requests retired so far;
              \* radeon: the ring's sw-irq reference count;
              \* vmwgfx: the device's seqno-waiter count; xe preempt: suspends asked for
    mark,     \* nouveau: fences with DMA_FENCE_FLAG_USER_BITS (counted in notify_ref);
              \* vmwgfx: fences with fence->waiter_added;
              \* radeon: fences whose fence_wake is on rdev->fence_queue;
              \* host1x: fences whose timeout work is pending;
              \* i915: fences with I915_FENCE_FLAG_SIGNAL (a breadcrumb on ce->signals)
    gone,     \* nouveau: fences whose fence->channel is NULL (nouveau_fence_signal cleared it);
              \* host1x: fences whose f->signaling was set by atomic_xchg();
              \* i915: requests on b->signaled_requests (irq_signal_request's llist)
    work,     \* the driver's work item is queued (nouveau uevent_work, amdkfd svm eviction_work)
    svm,      \* amdkfd: the svm_range_bo behind fence->svm_bo, "live" or "freed"
    kref,     \* amdkfd: svm_bo->kref
    owned,    \* amdkfd: the range still holds its svm_bo reference
    drvErr,   \* history: [what, f] of each bookkeeping error (list_del, put, add, uaf)
    lastSeq   \* radeon: rdev->fence_drv[ring].last_seq (the last seqno the driver saw);
              \* i915: the requests submitted so far (I915_FENCE_FLAG_ACTIVE on 1 .. lastSeq)

drvVars == <<pending, lost, refs, count, mark, gone, work, svm, kref, owned, drvErr,
             lastSeq>>
allVars == <<vars, drvVars>>

(* The driver a profile follows, with or without its correction. *)
Base == CASE Profile \in {"nouveau", "nouveau_fixed"} -> "nouveau"
          [] Profile \in {"xe_hw", "xe_hw_fixed"} -> "xe_hw"
          [] Profile \in {"amdkfd", "amdkfd_fixed"} -> "amdkfd"
          [] Profile \in {"vmwgfx", "vmwgfx_fixed"} -> "vmwgfx"
          [] Profile \in {"vmwgfx2024", "vmwgfx2024_fixed"} -> "vmwgfx2024"
          [] Profile \in {"xe_preempt", "amdgpu_fence", "amdgpu_evf", "host1x",
                           "radeon", "i915"} -> Profile
          [] OTHER -> "shape"

(* Profiles with no rfc2024 model: RFC 5/7 changes vmwgfx's 2024 code,    *)
(* which is profile vmwgfx2024 (the 2026 code has its own op), and the     *)
(* amdgpu eviction fence came after the RFC.  (amdgpu's ring fence and     *)
(* vmwgfx2024 have rfc2024 models without an op: NoEnableOp.)  The 2024    *)
(* code has no series2026 model: the series patches the 2026 code.         *)
ASSUME Design = "rfc2024" => Profile \notin {"amdgpu_evf", "vmwgfx", "vmwgfx_fixed"}
ASSUME Profile = "vmwgfx2024" => Design \in {"legacy", "rfc2024"}

(* B10's correction is a correction of RFC 5/7: under legacy the 2024     *)
(* code with its op restored is the 2025 code, profile vmwgfx.            *)
ASSUME Profile = "vmwgfx2024_fixed" => Design = "rfc2024"

(* The corrected profile of a driver. *)
Fixed == Profile \in {"nouveau_fixed", "xe_hw_fixed", "amdkfd_fixed", "vmwgfx2024_fixed"}

(* The fences add a vmw seqno waiter when signalling is enabled, which     *)
(* unmasks the fence interrupt: the 2026 code (since db6a94b26354) and the *)
(* corrected 2024 profile, which keeps that op beside RFC 5/7's            *)
(* ->signaled (B10's obligation).                                          *)
VmWaiters == Base = "vmwgfx" \/ Profile = "vmwgfx2024_fixed"

(* The corrected op re-tests SIGNALED under the lock it took (OpFlagTest); *)
(* broken profile fixed_no_flag_test leaves that test out.                *)
FlagTest == Fixed /\ Mutation # "fixed_no_flag_test"

(* The op takes the fence lock itself: every series2026 op but amdgpu's    *)
(* two (10/10 leaves them without a lock), nouveau's RFC                   *)
(* op (4/7 + 7/7: spin_lock_irqsave(&fctx->lock) around the body) and the  *)
(* corrected profiles in both reworked designs.  RFC 7/7 gives xe's and    *)
(* amdkfd's ops no lock at all; it wraps i915's in                          *)
(* spin_lock_irqsave(fence->lock) (= rq->lock).                             *)
OpTakesLock ==
    \/ Design = "series2026" /\ Base \notin {"amdgpu_fence", "amdgpu_evf"}
    \/ Design = "rfc2024" /\ Base = "radeon"
    \/ Design = "rfc2024" /\ (Base \in {"nouveau", "host1x", "i915"} \/ Fixed)

(* The fences on the driver's list. *)
Listed == Range(pending)

(* An error of the driver's bookkeeping, kept as history. *)
Err(what, f) == drvErr' = drvErr \cup {[what |-> what, f |-> f]}

(* The error record of fence f when cond holds, else none. *)
ErrIf(cond, what, f) == IF cond THEN {[what |-> what, f |-> f]} ELSE {}

(* dma_fence_put() of a reference the driver holds on f; with none held   *)
(* the put drops one somebody else owns (the last one: a premature free). *)
Put(f) ==
    /\ refs' = [refs EXCEPT ![f] = @ - 1]
    /\ drvErr' = drvErr \cup ErrIf(refs[f] <= 0, "put", f)

(* list_del() of fence f's entry and dma_fence_put() of the reference it  *)
(* holds (Put).  An entry that is not linked is a second list_del          *)
(* (LIST_POISON in the kernel).                                           *)
DelAndPut(f) ==
    /\ pending' = Remove(pending, f)
    /\ refs' = [refs EXCEPT ![f] = @ - 1]
    /\ drvErr' = drvErr \cup ErrIf(f \notin Listed, "list_del", f)
                        \cup ErrIf(refs[f] <= 0, "put", f)

(* Leave ->enable_signaling with answer en: through drv_unlock when the op *)
(* holds the fence lock it took, else straight back to the core            *)
(* (EnableReturn: true returns; false makes the legacy core signal with   *)
(* dma_fence_signal_locked() and the RFC driver call dma_fence_signal()    *)
(* after its unlock).                                                     *)
OpLeave(fm, en) ==
    IF OpTakesLock THEN [fm EXCEPT !.pc = "drv_unlock", !.en = en]
                   ELSE EnableReturn([fm EXCEPT !.en = en, !.nx = "idle",
                                                !.fn = "", !.v = 0])

(* Take the fence lock with dma_fence_lock_irqsave() / spin_lock_irqsave() *)
(* and continue at pc.                                                    *)
LockThen(fm, pc) == [fm EXCEPT !.pc = "drv_lock", !.nx = pc]

(* The step record of a driver step. *)
DStep(c, fm, act, f) == Step(c, ctx[c], fm.fn, act, f)

(* Return from the interrupt in the same step (a handler that only queues *)
(* work).                                                                  *)
IrqReturn(c) ==
    /\ ctx' = [ctx EXCEPT ![c] = "proc"]
    /\ irqOn' = [irqOn EXCEPT ![c] = TRUE]
    /\ fr' = ExitIrq(fr, c)

(***************************************************************************)
(* nouveau: nouveau_fence_enable_signaling() (uevent ops)                  *)
(***************************************************************************)

(* The op's first step.  legacy (base tree, fctx->lock held by the core):  *)
(* `if (!fctx->notify_ref++) nvif_event_allow()` in one step, as nothing   *)
(* else touches notify_ref without the lock.  rfc2024 and the corrected   *)
(* profile: spin_lock_irqsave(&fctx->lock) first.  series2026 (10/10):     *)
(* the increment runs before dma_fence_lock_irqsave(), so its load and     *)
(* store are separate steps (NvOpStore).                                  *)
NvOpEnter(c) ==
    LET fm == [F(c) EXCEPT !.fn = "nouveau_fence_enable_signaling"]
        f == fm.f
    IN /\ fm.pc = "p_op" /\ Base = "nouveau"
       /\ CASE Design = "legacy" ->
               /\ count' = count + 1
               /\ irqArmed' = (irqArmed \/ count = 0)
               /\ SetF(c, [fm EXCEPT !.pc = "p_op_check"])
               /\ DStep(c, fm, "if (!fctx->notify_ref++) nvif_event_allow()", f)
            [] Design = "series2026" /\ ~Fixed ->
               /\ UNCHANGED <<count, irqArmed, lastSeq>>
               /\ SetF(c, [fm EXCEPT !.pc = "p_op_store", !.v = count])
               /\ DStep(c, fm, "load fctx->notify_ref (unlocked)", f)
            [] OTHER ->
               /\ UNCHANGED <<count, irqArmed, lastSeq>>
               /\ SetF(c, LockThen(fm, IF FlagTest THEN "p_op_flag" ELSE "p_op_inc"))
               /\ DStep(c, fm, "enter", f)
       /\ UNCHANGED <<fenceVars, hwSeqno, irqLine, entries, owner, irqOn, ctx,
                      calls, outer, woken, histVars,
                      pending, lost, refs, mark, gone, work, svm, kref, owned,
                      drvErr, lastSeq>>

(* series2026: the store of notify_ref + 1, still without the lock; when  *)
(* the loaded value was 0, nvif_event_allow() follows (NvOpAllow).         *)
NvOpStore(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_op_store"
    /\ count' = fm.v + 1
    /\ SetF(c, IF fm.v = 0 THEN [fm EXCEPT !.pc = "p_op_allow"]
                           ELSE LockThen(fm, "p_op_check"))
    /\ DStep(c, fm, "store fctx->notify_ref + 1 (unlocked)", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, pending, lost, refs, mark, gone, work, svm, kref,
                   owned, drvErr, lastSeq>>

(* series2026: nvif_event_allow(&fctx->event), then                        *)
(* dma_fence_lock_irqsave().                                              *)
NvOpAllow(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_op_allow"
    /\ irqArmed' = TRUE
    /\ SetF(c, LockThen(fm, "p_op_check"))
    /\ DStep(c, fm, "nvif_event_allow() (unlocked)", fm.f)
    /\ UNCHANGED <<fenceVars, hwSeqno, irqLine, entries, owner, irqOn, ctx,
                   calls, outer, woken, histVars, drvVars>>

(* The corrected profile, under the lock it took: a fence signalled since  *)
(* the core's unlocked test is left alone (nothing counted, nothing        *)
(* unlinked).                                                              *)
OpFlagTest(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_op_flag" /\ Fixed
    /\ SetF(c, IF Signaled(fm.f) THEN OpLeave(fm, TRUE)
               ELSE [fm EXCEPT !.pc = IF Base = "nouveau" THEN "p_op_inc"
                                      ELSE IF Base = "xe_hw" /\ Mutation = "xe_add_outside_lock"
                                           THEN "p_op_check"
                                      ELSE IF Base = "xe_hw" THEN "p_op_add"
                                      ELSE IF Base = "vmwgfx2024" THEN "p_vm_check"
                                      ELSE "p_op_svm"])
    /\ DStep(c, fm, "dma_fence_test_signaled_flag()", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, drvVars>>

(* Under fctx->lock: `if (!fctx->notify_ref++) nvif_event_allow()`. *)
NvOpInc(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_op_inc"
    /\ count' = count + 1
    /\ irqArmed' = (irqArmed \/ count = 0)
    /\ SetF(c, [fm EXCEPT !.pc = "p_op_check"])
    /\ DStep(c, fm, "if (!fctx->notify_ref++) nvif_event_allow()", fm.f)
    /\ UNCHANGED <<fenceVars, hwSeqno, irqLine, entries, owner, irqOn, ctx,
                   calls, outer, woken, histVars,
                   pending, lost, refs, mark, gone, work, svm, kref, owned,
                   drvErr, lastSeq>>

(* nouveau_fence_no_signaling() under fctx->lock: nouveau_fence_is_signaled *)
(* reads the channel (NULL once nouveau_fence_signal() ran) and the        *)
(* hardware seqno.  legacy, rfc2024 and the corrected profile use it as a  *)
(* bool: passed => list_del(&fence->head) and dma_fence_put() of the list  *)
(* reference, then the uevent op's decrement (NvOpDone).  series2026       *)
(* (08/10, 10/10's __nouveau_fence_no_signaling): a passed fence is        *)
(* signalled from inside it with dma_fence_signal(), which takes the fence *)
(* lock this CPU holds; then the SIGNALED test (NvOpTail).                 *)
NvOpCheck(c) ==
    LET fm == F(c)
        f == fm.f
        passed == (f \notin gone \/ Mutation = "nouveau_no_channel_test")
                  /\ hwSeqno >= f
        checks == Design = "series2026" /\ ~Fixed
    IN /\ fm.pc = "p_op_check" /\ Base = "nouveau"
       /\ CASE checks /\ passed ->
               /\ UNCHANGED <<pending, refs, drvErr, lastSeq>>
               /\ SetF(c, [fm EXCEPT !.pc = "sig_lock", !.sret = "p_op_tail"])
               /\ DStep(c, fm, "nouveau_fence_is_signaled(): passed, dma_fence_signal()", f)
            [] checks ->
               /\ UNCHANGED <<pending, refs, drvErr, lastSeq>>
               /\ SetF(c, [fm EXCEPT !.pc = "p_op_tail"])
               /\ DStep(c, fm, "nouveau_fence_is_signaled(): not passed", f)
            [] passed ->
               /\ DelAndPut(f)
               /\ SetF(c, IF Design = "series2026"
                          THEN [fm EXCEPT !.pc = "sl_tas", !.lret = "p_op_done",
                                          !.own = TRUE]
                          ELSE [fm EXCEPT !.pc = "p_op_done"])
               /\ DStep(c, fm, "nouveau_fence_is_signaled(): passed; list_del(); dma_fence_put()", f)
            [] OTHER ->
               /\ UNCHANGED <<pending, refs, drvErr, lastSeq>>
               /\ SetF(c, [fm EXCEPT !.pc = "p_op_mark"])
               /\ DStep(c, fm, "nouveau_fence_is_signaled(): not passed", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, lost, count, mark, gone, work, svm, kref, owned, lastSeq>>

(* series2026, __nouveau_fence_no_signaling() after the check: SIGNALED   *)
(* set => list_del(&fence->head), dma_fence_put(),                         *)
(* dma_fence_signal_locked() (a no-op on a signalled fence), then the      *)
(* uevent op's decrement; clear => USER_BITS.                             *)
NvOpTail(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_op_tail" /\ Base = "nouveau"
       /\ IF Signaled(f)
          THEN /\ DelAndPut(f)
               /\ SetF(c, [fm EXCEPT !.pc = "sl_tas", !.lret = "p_op_done",
                                     !.own = TRUE])
               /\ DStep(c, fm, "SIGNALED set: list_del(); dma_fence_put(); dma_fence_signal_locked()", f)
          ELSE /\ UNCHANGED <<pending, refs, drvErr, lastSeq>>
               /\ SetF(c, [fm EXCEPT !.pc = "p_op_mark"])
               /\ DStep(c, fm, "dma_fence_test_signaled_flag(): clear", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, lost, count, mark, gone, work, svm, kref, owned, lastSeq>>

(* Under fctx->lock: `if (!--fctx->notify_ref) nvif_event_block()`, then   *)
(* the op returns false (legacy: the core signals under the lock; rfc2024: *)
(* unlock and dma_fence_signal()) or, series2026, unlocks having           *)
(* signalled.                                                             *)
NvOpDone(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_op_done"
    /\ count' = count - 1
    /\ irqArmed' = (irqArmed /\ count - 1 # 0)
    /\ SetF(c, IF Design = "series2026" THEN OpLeave(fm, TRUE) ELSE OpLeave(fm, FALSE))
    /\ DStep(c, fm, "if (!--fctx->notify_ref) nvif_event_block()", fm.f)
    /\ UNCHANGED <<fenceVars, hwSeqno, irqLine, entries, owner, irqOn, ctx,
                   calls, outer, woken, histVars,
                   pending, lost, refs, mark, gone, work, svm, kref, owned,
                   drvErr, lastSeq>>

(* Under fctx->lock: set_bit(DMA_FENCE_FLAG_USER_BITS): the fence is       *)
(* counted in notify_ref until nouveau_fence_signal() uncounts it.         *)
NvOpMark(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_op_mark"
       /\ mark' = mark \cup {f}
       /\ IF Signaled(f) THEN Err("add", f) ELSE UNCHANGED drvErr
       /\ SetF(c, OpLeave(fm, TRUE))
       /\ DStep(c, fm, "set_bit(DMA_FENCE_FLAG_USER_BITS)", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, pending, lost, refs, count, gone, work, svm,
                      kref, owned, lastSeq>>

(***************************************************************************)
(* nouveau: the event and nouveau_fence_uevent_work()                      *)
(***************************************************************************)

(* nouveau_fence_wait_uevent_handler(): the allowed event fires on a      *)
(* completion and schedules fctx->uevent_work.                             *)
NvEvent(c) ==
    /\ ctx[c] = "irq" /\ fr[c].irq.pc = "p_irq" /\ Base = "nouveau"
    /\ work' = TRUE
    /\ IrqReturn(c)
    /\ Step(c, "irq", "nouveau_fence_wait_uevent_handler",
            "schedule_work(&fctx->uevent_work)", 0)
    /\ UNCHANGED <<fenceVars, hwVars, owner, calls, outer, woken, histVars,
                   pending, lost, refs, count, mark, gone, svm, kref, owned,
                   drvErr, lastSeq>>

(* nouveau_fence_update() under fctx->lock: the oldest pending fence, if   *)
(* the hardware passed it, goes to nouveau_fence_signal():                 *)
(* dma_fence_signal_locked() first (NvWorkSignal continues); none left =>  *)
(* nvif_event_block() if a signalled fence dropped notify_ref to 0, and   *)
(* spin_unlock_irqrestore().                                               *)
NvWorkWalk(c) ==
    LET fm == F(c)
        h == Head(pending)
    IN /\ fm.pc = "p_work_walk" /\ Base = "nouveau"
       /\ IF pending # <<>> /\ hwSeqno >= h
          THEN /\ UNCHANGED irqArmed
               /\ SetF(c, [fm EXCEPT !.pc = "sl_tas", !.f = h, !.lret = "p_work_del"])
               /\ DStep(c, fm, "nouveau_fence_signal(): dma_fence_signal_locked()", h)
          ELSE /\ irqArmed' = (irqArmed /\ ~fm.en)
               /\ SetF(c, [fm EXCEPT !.pc = "drv_unlock", !.nx = "idle"])
               /\ DStep(c, fm, IF fm.en THEN "nvif_event_block()"
                               ELSE "no passed fence left", 0)
       /\ UNCHANGED <<fenceVars, hwSeqno, irqLine, entries, owner, irqOn, ctx,
                      calls, outer, woken, histVars, drvVars>>

(* nouveau_fence_signal(), after the signal: list_del(&fence->head),       *)
(* fence->channel = NULL, `if (USER_BITS) drop |= !--fctx->notify_ref`,    *)
(* dma_fence_put() of the list reference.                                  *)
NvWorkDel(c) ==
    LET fm == F(c)
        f == fm.f
        counted == f \in mark
    IN /\ fm.pc = "p_work_del" /\ Base = "nouveau"
       /\ DelAndPut(f)
       /\ gone' = gone \cup {f}
       /\ count' = IF counted /\ Mutation # "nouveau_signal_skips_notify_ref"
                    THEN count - 1 ELSE count
       \* nouveau_signal_skips_notify_ref leaves out the whole
       \* `drop |= !--fctx->notify_ref`: no decrement, so no drop either.
       /\ SetF(c, [fm EXCEPT !.pc = "p_work_walk",
                             !.en = fm.en \/ (counted /\ count - 1 = 0
                                               /\ Mutation # "nouveau_signal_skips_notify_ref")])
       /\ DStep(c, fm, IF counted
                       THEN "list_del(); channel = NULL; --fctx->notify_ref; dma_fence_put()"
                       ELSE "list_del(); channel = NULL; dma_fence_put()", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, lost, mark, work, svm, kref, owned, lastSeq>>

(***************************************************************************)
(* xe hw fence: xe_hw_fence_enable_signaling()                             *)
(***************************************************************************)

(* The op's first step.  legacy (irq->lock held by the core):              *)
(* dma_fence_get() and list_add_tail(&fence->irq_link, &irq->pending).     *)
(* rfc2024 (7/7 gives the op no lock): dma_fence_get() and the read of    *)
(* irq->pending.prev, the tail the new entry will be linked after; the     *)
(* links are written in XeOpLink.  series2026 and the corrected profile:   *)
(* dma_fence_lock_irqsave() first.                                        *)
XeOpEnter(c) ==
    LET fm == [F(c) EXCEPT !.fn = "xe_hw_fence_enable_signaling"]
        f == fm.f
        tail == IF pending = <<>> THEN 0 ELSE pending[Len(pending)]
    IN /\ fm.pc = "p_op" /\ Base = "xe_hw"
       /\ CASE Design = "legacy" ->
               /\ pending' = Append(pending, f)
               /\ refs' = IF Mutation = "xe_add_without_get" THEN refs
                          ELSE [refs EXCEPT ![f] = @ + 1]
               /\ IF Signaled(f) THEN Err("add", f) ELSE UNCHANGED drvErr
               /\ SetF(c, [fm EXCEPT !.pc = "p_op_check"])
               /\ DStep(c, fm, "dma_fence_get(); list_add_tail(&irq->pending)", f)
            [] OpTakesLock /\ Mutation # "xe_add_outside_lock" ->
               /\ UNCHANGED <<pending, refs, drvErr, lastSeq>>
               /\ SetF(c, LockThen(fm, IF FlagTest THEN "p_op_flag" ELSE "p_op_add"))
               /\ DStep(c, fm, "enter", f)
            [] OTHER ->
               /\ refs' = [refs EXCEPT ![f] = @ + 1]
               /\ UNCHANGED <<pending, drvErr, lastSeq>>
               /\ SetF(c, [fm EXCEPT !.pc = "p_op_link", !.v = tail])
               /\ DStep(c, fm, "dma_fence_get(); list_add_tail(): read irq->pending.prev (unlocked)", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, lost, count, mark, gone, work, svm, kref, owned, lastSeq>>

(* rfc2024: list_add_tail() writes the links after the tail it read.  If   *)
(* that entry was list_del_init()ed meanwhile (the irq_work holds          *)
(* irq->lock, the op does not), the new entry hangs off a detached node    *)
(* and no walk from irq->pending reaches it; if another unlocked op linked *)
(* its own entry after the same tail, this write overwrites that link and  *)
(* the other entry becomes unreachable.                                    *)
XeOpLink(c) ==
    LET fm == F(c)
        f == fm.f
        t == fm.v
        cut == IF t = 0 THEN 0 ELSE CHOOSE i \in 1 .. Len(pending) : pending[i] = t
        detached == t # 0 /\ t \notin Listed
    IN /\ fm.pc = "p_op_link"
       /\ IF detached
          THEN /\ lost' = lost \cup {f}
               /\ UNCHANGED pending
          ELSE /\ pending' = Append(SubSeq(pending, 1, cut), f)
               /\ lost' = lost \cup Range(SubSeq(pending, cut + 1, Len(pending)))
       /\ IF Signaled(f) THEN Err("add", f) ELSE UNCHANGED drvErr
       /\ SetF(c, IF Mutation = "xe_add_outside_lock"
                  THEN LockThen(fm, IF FlagTest THEN "p_op_flag" ELSE "p_op_check")
                  ELSE [fm EXCEPT !.pc = "p_op_check"])
       /\ DStep(c, fm, IF detached THEN "list_add_tail(): link after a deleted entry (unlocked)"
                       ELSE "list_add_tail(): write links (unlocked)", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, refs, count, mark, gone, work, svm, kref, owned, lastSeq>>

(* Under irq->lock: dma_fence_get() and list_add_tail(&irq->pending). *)
XeOpAdd(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_op_add"
       /\ pending' = Append(pending, f)
       /\ refs' = [refs EXCEPT ![f] = @ + 1]
       /\ IF Signaled(f) THEN Err("add", f) ELSE UNCHANGED drvErr
       /\ SetF(c, [fm EXCEPT !.pc = "p_op_check"])
       /\ DStep(c, fm, "dma_fence_get(); list_add_tail(&irq->pending)", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, lost, count, mark, gone, work, svm, kref, owned, lastSeq>>

(* xe_hw_fence_signaled(): as a bool (legacy, rfc2024, the corrected       *)
(* profile) a passed fence makes the op call xe_hw_fence_irq_run(), which  *)
(* queues the irq_work; series2026 (08/10) calls it as ->check_signaled,   *)
(* which signals a passed fence with dma_fence_signal() - under the        *)
(* irq->lock this op took - and then queues the irq_work if SIGNALED is    *)
(* set.                                                                    *)
XeOpCheck(c) ==
    LET fm == F(c)
        f == fm.f
        passed == hwSeqno >= f
        checks == Design = "series2026" /\ ~Fixed
    IN /\ fm.pc = "p_op_check" /\ Base = "xe_hw"
       /\ CASE checks /\ passed ->
               /\ UNCHANGED irqLine
               /\ SetF(c, [fm EXCEPT !.pc = "sig_lock", !.sret = "p_op_tail"])
               /\ DStep(c, fm, "xe_hw_fence_signaled(): passed, dma_fence_signal()", f)
            [] checks ->
               /\ UNCHANGED irqLine
               /\ SetF(c, [fm EXCEPT !.pc = "p_op_tail"])
               /\ DStep(c, fm, "xe_hw_fence_signaled(): not passed", f)
            [] OTHER ->
               /\ irqLine' = (irqLine \/ (passed /\ Mutation # "xe_check_ignores_passed"))
               /\ SetF(c, OpLeave(fm, TRUE))
               /\ DStep(c, fm, IF passed THEN "xe_hw_fence_signaled(): xe_hw_fence_irq_run()"
                               ELSE "xe_hw_fence_signaled(): not passed", f)
       /\ UNCHANGED <<fenceVars, hwSeqno, irqArmed, entries, owner, irqOn, ctx,
                      calls, outer, woken, histVars, drvVars>>

(* series2026: `if (dma_fence_test_signaled_flag()) xe_hw_fence_irq_run()`, *)
(* then dma_fence_unlock_irqrestore().                                     *)
XeOpTail(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_op_tail" /\ Base = "xe_hw"
    /\ irqLine' = (irqLine \/ Signaled(fm.f))
    /\ SetF(c, OpLeave(fm, TRUE))
    /\ DStep(c, fm, IF Signaled(fm.f) THEN "SIGNALED set: xe_hw_fence_irq_run()"
                    ELSE "dma_fence_test_signaled_flag(): clear", fm.f)
    /\ UNCHANGED <<fenceVars, hwSeqno, irqArmed, entries, owner, irqOn, ctx,
                   calls, outer, woken, histVars, drvVars>>

(***************************************************************************)
(* xe hw fence: the irq_work hw_fence_irq_run_cb()                         *)
(***************************************************************************)

(* The user interrupt (or the op) ran xe_hw_fence_irq_run(); the irq_work  *)
(* runs in hard-IRQ context and takes irq->lock with spin_lock().          *)
XeIrqWork(c) ==
    LET fm == [fr[c].irq EXCEPT !.fn = "hw_fence_irq_run_cb"] IN
    /\ ctx[c] = "irq" /\ fm.pc = "p_irq" /\ Base = "xe_hw"
    /\ fr' = [fr EXCEPT ![c].irq = [fm EXCEPT !.pc = "irq_lock", !.nx = "p_irq_walk"]]
    /\ Step(c, "irq", "hw_fence_irq_run_cb", "dma_fence_begin_signalling()", 0)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, drvVars>>

(* list_for_each_entry_safe(fence, next, &irq->pending, irq_link), one     *)
(* entry per step.  legacy, rfc2024 and the corrected profile: SIGNALED or *)
(* xe_hw_fence_signaled() => dma_fence_signal_locked() if needed, then     *)
(* XeIrqDel.  series2026 (08/10): xe_hw_fence_signaled() signals a passed  *)
(* fence with dma_fence_signal() under irq->lock, then the flag test.      *)
(* No entry left: spin_unlock() and return (IrqUnlockExit).                *)
XeIrqWalk(c) ==
    LET fm == F(c)
        rest == SelectSeq(pending, LAMBDA g : g \notin fm.seen)
        g == Head(rest)
        passed == hwSeqno >= g
        checks == Design = "series2026" /\ ~Fixed
        fm1 == [fm EXCEPT !.seen = @ \cup {g}, !.f = g]
    IN /\ fm.pc = "p_irq_walk" /\ Base = "xe_hw"
       /\ SetF(c, CASE rest = <<>> -> [fm EXCEPT !.pc = "irq_unlock", !.f = 0]
                    [] checks /\ passed -> [fm1 EXCEPT !.pc = "sig_lock", !.sret = "p_irq_del"]
                    [] Signaled(g) -> [fm1 EXCEPT !.pc = "p_irq_del"]
                    [] passed -> [fm1 EXCEPT !.pc = "sl_tas", !.lret = "p_irq_del"]
                    [] OTHER -> fm1)
       /\ Step(c, "irq", fm.fn,
               CASE rest = <<>> -> "end of irq->pending"
                 [] checks /\ passed -> "xe_hw_fence_signaled(): passed, dma_fence_signal()"
                 [] Signaled(g) -> "SIGNALED set"
                 [] passed -> "xe_hw_fence_signaled(): dma_fence_signal_locked()"
                 [] OTHER -> "not passed",
               IF rest = <<>> THEN 0 ELSE g)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, drvVars>>

(* list_del_init(&fence->irq_link) and dma_fence_put() of a signalled      *)
(* entry.                                                                  *)
XeIrqDel(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_irq_del" /\ Base = "xe_hw"
       /\ CASE ~Signaled(f) -> UNCHANGED <<pending, refs, drvErr, lastSeq>>
            [] Mutation = "xe_irq_leaks_reference" ->
               /\ pending' = Remove(pending, f)
               /\ UNCHANGED <<refs, drvErr, lastSeq>>
            [] OTHER -> DelAndPut(f)
       /\ SetF(c, [fm EXCEPT !.pc = "p_irq_walk"])
       /\ Step(c, "irq", fm.fn, IF Signaled(f) THEN "list_del_init(); dma_fence_put()"
                                ELSE "dma_fence_test_signaled_flag(): clear", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, lost, count, mark, gone, work, svm, kref, owned, lastSeq>>

(***************************************************************************)
(* amdkfd: amdkfd_fence_enable_signaling() on an svm eviction fence        *)
(***************************************************************************)

(* The op's first step.  legacy and rfc2024: `if (dma_fence_is_signaled(f)) *)
(* return true` (amdkfd has no ->signaled: a flag test; under the core's   *)
(* fence->lock in legacy, unlocked in RFC 7/7).  series2026 (10/10) drops  *)
(* the test and takes dma_fence_lock_irqsave(); the corrected profile      *)
(* takes the lock and keeps the test under it.                             *)
KfdOpEnter(c) ==
    LET fm == [F(c) EXCEPT !.fn = "amdkfd_fence_enable_signaling"]
        f == fm.f
    IN /\ fm.pc = "p_op" /\ Base = "amdkfd"
       /\ CASE OpTakesLock ->
               /\ SetF(c, LockThen(fm, IF FlagTest THEN "p_op_flag" ELSE "p_op_svm"))
               /\ DStep(c, fm, "enter", f)
            [] OTHER ->
               /\ SetF(c, IF Signaled(f) THEN OpLeave(fm, TRUE)
                          ELSE [fm EXCEPT !.pc = "p_op_svm"])
               /\ DStep(c, fm, "dma_fence_is_signaled()", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, drvVars>>

(* svm_range_schedule_evict_svm_bo(): dereferences fence->svm_bo (never    *)
(* cleared) and, if svm_bo_ref_unless_zero() succeeds, sets evicting and   *)
(* schedule_work(&svm_bo->eviction_work); returns 0, so the op returns     *)
(* true.  A freed svm_bo is a use after free.                              *)
KfdOpSvm(c) ==
    LET fm == F(c)
        f == fm.f
        freed == svm = "freed"
        got == ~freed /\ kref > 0
    IN /\ fm.pc = "p_op_svm"
       /\ IF freed THEN Err("uaf", f) ELSE UNCHANGED drvErr
       /\ kref' = IF got THEN kref + 1 ELSE kref
       /\ work' = (work \/ got)
       /\ SetF(c, OpLeave(fm, TRUE))
       /\ DStep(c, fm, CASE freed -> "svm_bo_ref_unless_zero(fence->svm_bo): svm_bo freed"
                         [] got -> "svm_bo_ref_unless_zero(); WRITE_ONCE(evicting, 1); schedule_work()"
                         [] OTHER -> "svm_bo_ref_unless_zero(): 0", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, pending, lost, refs, count, mark, gone, svm,
                      owned, lastSeq>>

(***************************************************************************)
(* amdkfd: svm_bo references, svm_range_bo_release() and the eviction      *)
(* worker                                                                  *)
(***************************************************************************)

(* svm_range_bo_unref() by the range or by the eviction worker: kref_put;  *)
(* the last one runs svm_range_bo_release(), which first tests the         *)
(* eviction fence with dma_fence_is_signaled().                            *)
KfdUnref(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_rel" /\ Base = "amdkfd"
    /\ kref' = kref - 1
    /\ SetF(c, IF kref - 1 = 0
               THEN IF Signaled(1) THEN [fm EXCEPT !.pc = "p_rel_free"]
                    ELSE [fm EXCEPT !.pc = "sig_lock", !.f = 1, !.sret = "p_rel_free"]
               ELSE IdleFrame)
    /\ Step(c, ctx[c], "svm_range_bo_unref",
            IF kref - 1 = 0 THEN "kref_put(): svm_range_bo_release(): dma_fence_is_signaled()"
            ELSE "kref_put()", 1)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, pending, lost, refs, count, mark, gone, work, svm,
                   owned, drvErr, lastSeq>>

(* svm_range_bo_release(), after the fence is signalled: dma_fence_put()   *)
(* of the eviction fence, amdgpu_bo_unref(), kfree(svm_bo).                *)
KfdFree(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_rel_free" /\ Base = "amdkfd"
    /\ svm' = "freed"
    /\ SetF(c, IdleFrame)
    /\ Step(c, ctx[c], "svm_range_bo_release", "dma_fence_put(); kfree(svm_bo)", 1)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, pending, lost, refs, count, mark, gone, work, kref,
                   owned, drvErr, lastSeq>>

(* svm_range_evict_svm_bo_worker(): evicts, dma_fence_signal() of the      *)
(* eviction fence, then svm_range_bo_unref() of the op's reference.        *)
KfdWorker(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_work" /\ Base = "amdkfd"
    /\ SetF(c, [fm EXCEPT !.pc = "sig_lock", !.f = 1, !.sret = "p_rel"])
    /\ Step(c, ctx[c], "svm_range_evict_svm_bo_worker",
            "evict ranges; dma_fence_signal()", 1)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, drvVars>>

(***************************************************************************)
(* xe preempt fence: preempt_fence_enable_signaling() and its worker       *)
(***************************************************************************)

(* The op's first step: dma_fence_lock_irqsave() in series2026 (10/10);    *)
(* legacy runs under the core's lock, RFC 7/7 with none.                   *)
XpOpEnter(c) ==
    LET fm == [F(c) EXCEPT !.fn = "preempt_fence_enable_signaling"] IN
    /\ fm.pc = "p_op" /\ Base = "xe_preempt"
    /\ SetF(c, IF OpTakesLock THEN LockThen(fm, "p_op_suspend")
               ELSE [fm EXCEPT !.pc = "p_op_suspend"])
    /\ DStep(c, fm, "enter", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, drvVars>>

(* `pfence->error = q->ops->suspend(q)`: a SUSPEND message to the exec     *)
(* queue (guc_exec_queue_suspend under sched->msg_lock, a lock nothing     *)
(* else nests with the fence lock: not modelled).  count = the suspends    *)
(* asked for; q freed (svm = "freed") is a use after free.                 *)
XpOpSuspend(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_op_suspend"
       /\ count' = count + 1
       /\ drvErr' = drvErr \cup ErrIf(svm = "freed", "uaf", f) \cup ErrIf(Signaled(f), "add", f)
       /\ SetF(c, [fm EXCEPT !.pc = "p_op_queue"])
       /\ DStep(c, fm, "pfence->error = q->ops->suspend(q)", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, pending, lost, refs, mark, gone, work, svm, kref,
                      owned, lastSeq>>

(* The last step of the three deferred-signalling ops, on frame fm: xe    *)
(* preempt's queue_work(&pfence->preempt_work), the amdgpu eviction        *)
(* fence's schedule_work(&evf_mgr->suspend_work), the amdgpu fence's       *)
(* `if (!timer_pending()) mod_timer(&fallback_timer)`; the op returns true. *)
DfQueue(c, fm) ==
    /\ work' = TRUE
    /\ SetF(c, OpLeave(fm, TRUE))
    /\ DStep(c, fm, CASE Base = "xe_preempt" -> "queue_work(&pfence->preempt_work)"
                      [] Base = "amdgpu_evf" -> "schedule_work(&evf_mgr->suspend_work)"
                      [] OTHER -> "if (!timer_pending()) mod_timer(&fallback_timer)", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, pending, lost, refs, count, mark, gone, svm, kref,
                   owned, drvErr, lastSeq>>

(* xe preempt: queue_work() after the suspend. *)
DfOpQueue(c) == F(c).pc = "p_op_queue" /\ DfQueue(c, F(c))

(* The amdgpu ops are that one step (legacy under the core's lock,         *)
(* series2026 without any).                                                *)
AgOpEnter(c) ==
    /\ F(c).pc = "p_op" /\ Base \in {"amdgpu_fence", "amdgpu_evf"}
    /\ DfQueue(c, [F(c) EXCEPT !.fn = IF Base = "amdgpu_evf"
                                      THEN "amdgpu_eviction_fence_enable_signaling"
                                      ELSE "amdgpu_fence_enable_signaling"])

(* preempt_fence_work_func() / amdgpu_eviction_fence_suspend_worker(): xe  *)
(* waits for the suspend (q->ops->suspend_wait(), the -EAGAIN requeue not  *)
(* modelled), amdgpu evicts the user queues under userq_mutex; both then   *)
(* dma_fence_signal().  xe then drops the fence's exec-queue reference     *)
(* (XpPut).                                                                *)
DfWork(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_work" /\ Base \in {"xe_preempt", "amdgpu_evf"}
    /\ SetF(c, [fm EXCEPT !.pc = "sig_lock", !.f = 1,
                          !.sret = IF Base = "xe_preempt" THEN "p_rel" ELSE "idle"])
    /\ Step(c, ctx[c], fm.fn,
            IF Base = "xe_preempt" THEN "q->ops->suspend_wait(); dma_fence_signal()"
            ELSE "amdgpu_userq_evict(); dma_fence_signal()", 1)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, drvVars>>

(* preempt_fence_work_func(): xe_exec_queue_put(q); the last reference     *)
(* frees the queue.                                                        *)
XpPut(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_rel" /\ Base = "xe_preempt"
    /\ kref' = kref - 1
    /\ svm' = IF kref - 1 = 0 THEN "freed" ELSE svm
    /\ SetF(c, IdleFrame)
    /\ Step(c, ctx[c], fm.fn, "xe_exec_queue_put(q)", 1)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, pending, lost, refs, count, mark, gone, work,
                   owned, drvErr, lastSeq>>

(***************************************************************************)
(* amdgpu fence: amdgpu_fence_process() from the interrupt and the         *)
(* fallback timer                                                          *)
(***************************************************************************)

(* amdgpu_fence_process(): atomic_cmpxchg() of drv->last_seq to the        *)
(* hardware's seqno claims the slots in between, so two concurrent callers *)
(* (the interrupt and the timer) take disjoint sets; the slots' fences are *)
(* signalled one by one (AfNext).  `pending` holds the fences[] slots      *)
(* amdgpu_fence_emit() filled, each with its reference.                    *)
AfProcess(c) ==
    LET fm == F(c)
        claimed == {g \in Listed : g <= hwSeqno}
    IN /\ fm.pc \in {"p_irq", "p_claim"} /\ Base = "amdgpu_fence"
       /\ pending' = SelectSeq(pending, LAMBDA g : g \notin claimed)
       /\ SetF(c, [fm EXCEPT !.pc = "p_claim_next", !.seen = claimed,
                             !.fn = "amdgpu_fence_process"])
       /\ Step(c, ctx[c], "amdgpu_fence_process",
               "atomic_cmpxchg(&drv->last_seq): claim the passed slots", 0)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, lost, refs, count, mark, gone, work, svm, kref,
                      owned, drvErr, lastSeq>>

(* The next claimed slot: RCU_INIT_POINTER() clears it, and              *)
(* dma_fence_signal() (which takes the fence lock irqsave itself); none    *)
(* left: return (from the interrupt, or from the timer callback).          *)
AfNext(c) ==
    LET fm == F(c)
        g == Min(fm.seen)
    IN /\ fm.pc = "p_claim_next" /\ Base = "amdgpu_fence"
       /\ IF fm.seen = {}
          THEN IF ctx[c] = "irq" THEN IrqReturn(c)
               ELSE /\ SetF(c, IdleFrame) /\ UNCHANGED <<ctx, irqOn, lastSeq>>
          ELSE /\ SetF(c, [fm EXCEPT !.pc = "sig_lock", !.f = g, !.seen = @ \ {g},
                                     !.sret = "p_claim_put"])
               /\ UNCHANGED <<ctx, irqOn, lastSeq>>
       /\ Step(c, ctx[c], "amdgpu_fence_process",
               IF fm.seen = {} THEN "return" ELSE "RCU_INIT_POINTER(*ptr, NULL); dma_fence_signal()",
               IF fm.seen = {} THEN 0 ELSE g)
       /\ UNCHANGED <<fenceVars, hwVars, owner, calls, outer, woken, histVars,
                      drvVars>>

(* dma_fence_put() of the slot's reference. *)
AfPut(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_claim_put" /\ Base = "amdgpu_fence"
       /\ Put(f)
       /\ SetF(c, [fm EXCEPT !.pc = "p_claim_next"])
       /\ Step(c, ctx[c], "amdgpu_fence_process", "dma_fence_put()", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, pending, lost, count, mark, gone, work, svm,
                      kref, owned, lastSeq>>

(***************************************************************************)
(* host1x: host1x_syncpt_fence_enable_signaling()                          *)
(***************************************************************************)

(* The op's first step: legacy goes straight on to H1OpCheck under the    *)
(* core's lock; rfc2024 and series2026 take the fence lock first.         *)
H1OpEnter(c) ==
    LET fm == [F(c) EXCEPT !.fn = "host1x_syncpt_fence_enable_signaling"] IN
    /\ fm.pc = "p_op" /\ Base = "host1x"
    /\ SetF(c, IF OpTakesLock THEN LockThen(fm, "p_h1_check")
               ELSE [fm EXCEPT !.pc = "p_h1_check"])
    /\ DStep(c, fm, "enter", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, drvVars>>

(* host1x_syncpt_is_expired(sp, threshold): expired => legacy returns      *)
(* false (the core signals), rfc2024 returns false after its unlock (then  *)
(* dma_fence_signal()), series2026 signals with dma_fence_signal_locked()  *)
(* and unlocks (09/10, 10/10).                                             *)
H1OpCheck(c) ==
    LET fm == F(c)
        f == fm.f
        expired == hwSeqno >= f
    IN /\ fm.pc = "p_h1_check"
       /\ SetF(c, CASE ~expired -> [fm EXCEPT !.pc = "p_h1_ref"]
                    [] Design = "series2026" ->
                       [fm EXCEPT !.pc = "sl_tas", !.lret = "drv_unlock", !.own = TRUE,
                                  !.en = TRUE]
                    [] OTHER -> OpLeave(fm, FALSE))
       /\ DStep(c, fm, IF expired THEN "host1x_syncpt_is_expired(): expired"
                       ELSE "host1x_syncpt_is_expired(): not expired", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, drvVars>>

(* dma_fence_get() (the interrupt's reference), and for sf->timeout        *)
(* dma_fence_get() (the timeout work's) and schedule_delayed_work().       *)
H1OpRef(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_h1_ref"
       /\ refs' = [refs EXCEPT ![f] = @ + 2]
       /\ mark' = mark \cup {f}
       /\ IF Signaled(f) THEN Err("add", f) ELSE UNCHANGED drvErr
       /\ SetF(c, [fm EXCEPT !.pc = "p_h1_insert"])
       /\ DStep(c, fm, "dma_fence_get(); dma_fence_get(); schedule_delayed_work(&f->timeout_work)", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, pending, lost, count, gone, work, svm, kref, owned, lastSeq>>

(* host1x_intr_add_fence_locked(): insert in threshold order into          *)
(* sp->fences.list, program the threshold and enable the syncpoint         *)
(* interrupt; the op returns true.                                         *)
H1OpInsert(c) ==
    LET fm == F(c)
        f == fm.f
        before == SelectSeq(pending, LAMBDA g : g < f)
        after == SelectSeq(pending, LAMBDA g : g > f)
    IN /\ fm.pc = "p_h1_insert"
       /\ pending' = before \o <<f>> \o after
       /\ irqArmed' = TRUE
       /\ IF Signaled(f) THEN Err("add", f) ELSE UNCHANGED drvErr
       /\ SetF(c, OpLeave(fm, TRUE))
       /\ DStep(c, fm, "host1x_intr_add_fence_locked(): list insert; program threshold", f)
       /\ UNCHANGED <<fenceVars, hwSeqno, irqLine, entries, owner, irqOn, ctx,
                      calls, outer, woken, histVars, lost, refs, count, mark,
                      gone, work, svm, kref, owned, lastSeq>>

(***************************************************************************)
(* host1x: the syncpoint interrupt and the timeout work                    *)
(***************************************************************************)

(* host1x_intr_handle_interrupt() (hard IRQ): host1x_syncpt_load(), then   *)
(* plain spin_lock(&sp->fences.lock).                                      *)
H1Irq(c) ==
    LET fm == [fr[c].irq EXCEPT !.fn = "host1x_intr_handle_interrupt"] IN
    /\ ctx[c] = "irq" /\ fm.pc = "p_irq" /\ Base = "host1x"
    /\ fr' = [fr EXCEPT ![c].irq = [fm EXCEPT !.pc = "irq_lock", !.nx = "p_irq_walk"]]
    /\ Step(c, "irq", "host1x_intr_handle_interrupt", "host1x_syncpt_load()", 0)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, drvVars>>

(* The walk: the first listed fence whose threshold expired is             *)
(* list_del_init()ed and host1x_fence_signal() does                        *)
(* atomic_xchg(&f->signaling, 1) (one step: the xchg is the timeout work's *)
(* only lock-free step and commutes with the list_del under the lock): set *)
(* already => dma_fence_put() of the interrupt's reference (H1Put); else   *)
(* H1Sig.  None left: reprogram and spin_unlock() (IrqUnlockExit).         *)
H1IrqWalk(c) ==
    LET fm == F(c)
        exp == SelectSeq(pending, LAMBDA g : g <= hwSeqno)
        g == Head(exp)
    IN /\ fm.pc = "p_irq_walk" /\ Base = "host1x"
       /\ IF exp = <<>>
          THEN /\ UNCHANGED <<pending, gone, drvErr, lastSeq>>
               /\ SetF(c, [fm EXCEPT !.pc = "irq_unlock", !.f = 0])
          ELSE /\ pending' = Remove(pending, g)
               /\ gone' = gone \cup {g}
               /\ UNCHANGED drvErr
               /\ SetF(c, [fm EXCEPT !.f = g,
                                     !.pc = IF g \in gone THEN "p_h1_put" ELSE "p_h1_sig"])
       /\ Step(c, "irq", fm.fn,
               IF exp = <<>> THEN "no expired fence left; reprogram threshold"
               ELSE IF g \in gone THEN "list_del_init(); atomic_xchg(&f->signaling): already set"
               ELSE "list_del_init(); atomic_xchg(&f->signaling)",
               IF exp = <<>> THEN 0 ELSE g)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, lost, refs, count, mark, work, svm, kref, owned, lastSeq>>

(* host1x_fence_signal(): cancel_delayed_work() of a timeout work that has *)
(* not started drops its reference; dma_fence_signal_locked(); then        *)
(* H1Put.                                                                  *)
H1Sig(c) ==
    LET fm == F(c)
        f == fm.f
        cancelled == f \in mark
    IN /\ fm.pc = "p_h1_sig" /\ Base = "host1x"
       /\ mark' = mark \ {f}
       /\ IF cancelled THEN Put(f) ELSE UNCHANGED <<refs, drvErr>>
       /\ SetF(c, [fm EXCEPT !.pc = "sl_tas", !.lret = "p_h1_put"])
       /\ Step(c, ctx[c], "host1x_fence_signal",
               IF cancelled THEN "cancel_delayed_work(): cancelled, dma_fence_put(); dma_fence_signal_locked()"
               ELSE "cancel_delayed_work(): running; dma_fence_signal_locked()", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, pending, lost, count, gone, work, svm, kref,
                      owned, lastSeq>>

(* dma_fence_put() of the interrupt's reference; back to the walk (or, in  *)
(* the timeout work, of the timeout's reference and done).                *)
H1Put(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc \in {"p_h1_put", "p_h1_tput"} /\ Base = "host1x"
       /\ Put(f)
       /\ SetF(c, IF fm.pc = "p_h1_put" /\ ctx[c] = "irq" THEN [fm EXCEPT !.pc = "p_irq_walk"]
                  ELSE IdleFrame)
       /\ Step(c, ctx[c], fm.fn, "dma_fence_put()", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, pending, lost, count, mark, gone, work, svm,
                      kref, owned, lastSeq>>

(* do_fence_timeout(): atomic_xchg(&f->signaling, 1); set already (the     *)
(* interrupt signals it) => put the timeout's reference; else              *)
(* host1x_intr_remove_fence() under spin_lock_irqsave(&sp->fences.lock).   *)
H1Tmo(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_h1_tmo" /\ Base = "host1x"
       /\ gone' = gone \cup {f}
       /\ SetF(c, IF f \in gone THEN [fm EXCEPT !.pc = "p_h1_tput"]
                  ELSE LockThen(fm, "p_h1_rm"))
       /\ Step(c, ctx[c], "do_fence_timeout",
               IF f \in gone THEN "atomic_xchg(&f->signaling): already set"
               ELSE "atomic_xchg(&f->signaling)", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, pending, lost, refs, count, mark, work, svm,
                      kref, owned, drvErr, lastSeq>>

(* host1x_intr_remove_fence(): a listed fence is list_del_init()ed and the *)
(* interrupt's reference dropped; unlock, then H1Err.                      *)
H1Rm(c) ==
    LET fm == F(c)
        f == fm.f
        listed == f \in Listed
    IN /\ fm.pc = "p_h1_rm" /\ Base = "host1x"
       /\ IF listed THEN DelAndPut(f) ELSE UNCHANGED <<pending, refs, drvErr, lastSeq>>
       /\ SetF(c, [fm EXCEPT !.pc = "drv_unlock", !.nx = "p_h1_err"])
       /\ Step(c, ctx[c], "host1x_intr_remove_fence",
               IF listed THEN "list_del_init(); dma_fence_put()" ELSE "not listed", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, lost, count, mark, gone, work, svm, kref, owned, lastSeq>>

(* dma_fence_set_error(f, -ETIMEDOUT) and dma_fence_signal(), then the     *)
(* put of the timeout's reference.                                         *)
H1Err(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_h1_err" /\ Base = "host1x"
       \* EIO is the model's one error value; the C code sets -ETIMEDOUT
       \* (impl's Host1xFence does), and no property tells the two apart.
       /\ error' = [error EXCEPT ![f] = EIO]
       /\ errAfterSignal' = IF Signaled(f) THEN errAfterSignal \cup {f} ELSE errAfterSignal
       /\ SetF(c, [fm EXCEPT !.pc = "sig_lock", !.sret = "p_h1_tput"])
       /\ Step(c, ctx[c], "do_fence_timeout",
               "dma_fence_set_error(-ETIMEDOUT); dma_fence_signal()", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, cbList, cbFence, cbState, runs, tsWrites, hwVars,
                      owner, irqOn, ctx, calls, outer, woken, enableCalls,
                      enableOnSignaled, drvUnderLock, everSignaled, drvVars>>

(* The timeout work of a fence starts (its delay may end at any time). *)
H1TmoStart(c) ==
    /\ ctx[c] = "proc" /\ fr[c].proc.pc = "idle" /\ outer[c] = "none"
    /\ Base = "host1x"
    /\ \E f \in mark :
         /\ mark' = mark \ {f}
         /\ fr' = [fr EXCEPT ![c].proc = [IdleFrame EXCEPT !.op = "work", !.pc = "p_h1_tmo",
                                                           !.f = f, !.fn = "do_fence_timeout"]]
         /\ Step(c, "proc", "do_fence_timeout", "timeout work runs", f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, pending, lost, refs, count, gone, work, svm, kref,
                   owned, drvErr, lastSeq>>

(***************************************************************************)
(* vmwgfx: vmw_fence_enable_signaling() and vmw_fences_update()            *)
(***************************************************************************)

(* The op's first step: legacy runs under the core's lock; series2026      *)
(* takes dma_fence_lock_irqsave() before the check_for_race label.  The    *)
(* corrected 2024 profile under rfc2024 (vmwgfx2024_fixed, B10's           *)
(* obligation) keeps this op beside RFC 5/7's vmw_fence_signaled(): with   *)
(* RFC 7/7's unlocked call it takes spin_lock_irqsave(fence->lock) (=      *)
(* fman->lock) and re-tests SIGNALED under it (OpFlagTest) first.          *)
VmOpEnter(c) ==
    LET fm == [F(c) EXCEPT !.fn = "vmw_fence_enable_signaling"] IN
    /\ fm.pc = "p_op" /\ VmWaiters
    /\ SetF(c, IF OpTakesLock THEN LockThen(fm, IF FlagTest THEN "p_op_flag" ELSE "p_vm_check")
               ELSE [fm EXCEPT !.pc = "p_vm_check"])
    /\ DStep(c, fm, "enter", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, drvVars>>

(* check_for_race: vmw_fence_read().  Passed: a waiter this fence added is *)
(* removed (vmw_seqno_waiter_remove(), the last one disables the fence     *)
(* interrupt) and the op returns false (legacy: the core signals; the     *)
(* corrected 2024 profile: dma_fence_signal() after its unlock, as RFC 7/7 *)
(* has every driver do) or signals with dma_fence_signal_locked()          *)
(* (series2026, 09/10).  Not                                               *)
(* passed: the first time, waiter_added is set and vmw_seqno_waiter_add()  *)
(* counts the waiter; when that enabled the interrupt (first waiter) it    *)
(* answers true and the op goes back to check_for_race, since the seqno    *)
(* may have passed before the interrupt was on; else the op returns true.  *)
VmOpCheck(c) ==
    LET fm == F(c)
        f == fm.f
        passed == hwSeqno >= f
        added == f \in mark
        first == ~passed /\ ~added /\ count = 0
    IN /\ fm.pc = "p_vm_check" /\ VmWaiters
       /\ mark' = IF passed THEN mark \ {f} ELSE mark \cup {f}
       /\ count' = CASE passed /\ added -> count - 1
                     [] ~passed /\ ~added -> count + 1
                     [] OTHER -> count
       /\ irqArmed' = CASE passed /\ added -> count - 1 > 0
                        [] ~passed /\ ~added -> TRUE
                        [] OTHER -> irqArmed
       /\ IF ~passed /\ ~added /\ Signaled(f) THEN Err("add", f) ELSE UNCHANGED drvErr
       /\ SetF(c, CASE first -> fm
                    [] ~passed -> OpLeave(fm, TRUE)
                    [] Design = "series2026" ->
                       [fm EXCEPT !.pc = "sl_tas", !.lret = "drv_unlock", !.own = TRUE,
                                  !.en = TRUE]
                    [] OTHER -> OpLeave(fm, FALSE))
       /\ DStep(c, fm, CASE passed /\ added -> "vmw_fence_read(): passed; vmw_seqno_waiter_remove()"
                         [] passed -> "vmw_fence_read(): passed"
                         [] added -> "vmw_fence_read(): not passed; waiter already added"
                         [] first -> "not passed; waiter_added = true; vmw_seqno_waiter_add(): IRQ on, goto check_for_race"
                         [] OTHER -> "not passed; waiter_added = true; vmw_seqno_waiter_add()", f)
       /\ UNCHANGED <<fenceVars, hwSeqno, irqLine, entries, owner, irqOn, ctx,
                      calls, outer, woken, histVars, pending, lost, refs, gone,
                      work, svm, kref, owned, lastSeq>>

(* vmw_fence_enable_signaling() of 2024 (vmwgfx2024, legacy only: RFC 5/7 *)
(* removes it), under the core's fence lock: vmw_fence_read(); passed ->   *)
(* false (the core signals), else true.  It arms nothing: no waiter, no    *)
(* IRQ mask, no goal (588d50ababf6, the removed lines of                   *)
(* <20250410195508.233367-2-ian.forbes@broadcom.com>).                      *)
Vm24Op(c) ==
    LET fm == [F(c) EXCEPT !.fn = "vmw_fence_enable_signaling"]
        passed == hwSeqno >= fm.f
    IN /\ fm.pc = "p_op" /\ Profile = "vmwgfx2024"
       /\ SetF(c, OpLeave(fm, ~passed))
       /\ DStep(c, fm, IF passed THEN "vmw_fence_read(): passed, return false"
                       ELSE "vmw_fence_read(): not passed, return true (arms nothing)", fm.f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, drvVars>>

(* The fence interrupt (vmw_irq_handler) wakes the thread that runs        *)
(* vmw_fences_update().  Only a seqno waiter unmasks it (VmWaiters).       *)
VmIrq(c) ==
    /\ ctx[c] = "irq" /\ fr[c].irq.pc = "p_irq" /\ VmWaiters
    /\ work' = TRUE
    /\ IrqReturn(c)
    /\ Step(c, "irq", "vmw_irq_handler", "wake the fence thread", 0)
    /\ UNCHANGED <<fenceVars, hwVars, owner, calls, outer, woken, histVars,
                   pending, lost, refs, count, mark, gone, svm, kref, owned,
                   drvErr, lastSeq>>

(* __vmw_fences_update() under fman->lock: the first listed fence the     *)
(* seqno passed is list_del_init()ed, its waiter removed if it added one,  *)
(* and signalled with dma_fence_signal_locked(); none left: spin_unlock(). *)
(* The 2024 walk (vmwgfx2024) is the same without waiters (mark stays     *)
(* empty); its seq_passed actions and goal are not modelled (no vmw event  *)
(* action is queued in the bound).                                         *)
(* vmw_fences_update() takes fman->lock with a plain spin_lock() in the    *)
(* fence thread (vmw_thread_fn, process context, IRQs on: vm_lock), so an  *)
(* irq_work on the same CPU can interrupt the walk (IrqWorkCall).          *)
VmWalk(c) ==
    LET fm == F(c)
        exp == SelectSeq(pending, LAMBDA g : g <= hwSeqno)
        g == Head(exp)
        added == g \in mark
    IN /\ fm.pc = "p_vm_walk" /\ Base \in {"vmwgfx", "vmwgfx2024"}
       /\ IF exp = <<>>
          THEN /\ UNCHANGED <<pending, mark, count, irqArmed, drvErr, lastSeq>>
               /\ SetF(c, [fm EXCEPT !.pc = "vm_unlock", !.nx = "idle", !.f = 0])
          ELSE /\ pending' = Remove(pending, g)
               /\ IF added /\ Mutation # "vmw_no_waiter_remove"
                  THEN /\ mark' = mark \ {g}
                       /\ count' = count - 1
                       /\ irqArmed' = (count - 1 > 0)
                  ELSE UNCHANGED <<mark, count, irqArmed, lastSeq>>
               /\ UNCHANGED drvErr
               /\ SetF(c, [fm EXCEPT !.pc = "sl_tas", !.f = g, !.lret = "p_vm_walk"])
       /\ Step(c, ctx[c], "__vmw_fences_update",
               CASE exp = <<>> -> "no passed fence left"
                 [] added -> "list_del_init(); vmw_seqno_waiter_remove(); dma_fence_signal_locked()"
                 [] OTHER -> "list_del_init(); dma_fence_signal_locked()",
               IF exp = <<>> THEN 0 ELSE g)
       /\ UNCHANGED <<fenceVars, hwSeqno, irqLine, entries, owner, irqOn, ctx,
                      calls, outer, woken, histVars, lost, refs, gone, work, svm,
                      kref, owned, lastSeq>>

(***************************************************************************)
(* radeon: radeon_fence_enable_signaling() and the fence wait queue        *)
(***************************************************************************)

(* The op's first step, the last_seq fast test `if (atomic64_read(         *)
(* &last_seq) >= fence->seq)`: legacy runs it under the core's lock and    *)
(* returns false (the core signals); rfc2024 runs it unlocked (passed:     *)
(* dma_fence_signal(), no lock) and then takes                             *)
(* spin_lock_irqsave(&rdev->fence_queue.lock); series2026 takes            *)
(* dma_fence_lock_irqsave() before it (RdOpFast).                          *)
RdOpEnter(c) ==
    LET fm == [F(c) EXCEPT !.fn = "radeon_fence_enable_signaling"]
        passed == lastSeq >= fm.f
    IN /\ fm.pc = "p_op" /\ Base = "radeon"
       /\ SetF(c, CASE Design = "series2026" -> LockThen(fm, "p_rd_fast")
                    [] passed -> EnableReturn([fm EXCEPT !.en = FALSE, !.nx = "idle",
                                                       !.fn = "", !.v = 0])
                    [] Design = "rfc2024" -> LockThen(fm, "p_rd_irqget")
                    [] OTHER -> [fm EXCEPT !.pc = "p_rd_irqget"])
       /\ DStep(c, fm, IF Design = "series2026" THEN "enter"
                       ELSE IF passed THEN "last_seq >= seq: passed" ELSE "last_seq < seq", fm.f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, drvVars>>

(* series2026: the fast test under the lock; passed =>                     *)
(* dma_fence_signal_locked() and unlock.                                   *)
RdOpFast(c) ==
    LET fm == F(c)
        passed == lastSeq >= fm.f
    IN /\ fm.pc = "p_rd_fast"
       /\ SetF(c, IF passed
                  THEN [fm EXCEPT !.pc = "sl_tas", !.lret = "drv_unlock", !.own = TRUE,
                                  !.en = TRUE]
                  ELSE [fm EXCEPT !.pc = "p_rd_irqget"])
       /\ DStep(c, fm, IF passed THEN "last_seq >= seq: dma_fence_signal_locked()"
                       ELSE "last_seq < seq", fm.f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, drvVars>>

(* down_read_trylock(&rdev->exclusive_lock) (taken to succeed: the         *)
(* failure is a GPU reset in progress, not modelled) and                   *)
(* radeon_irq_kms_sw_irq_get(): the ring's interrupt is on while the count *)
(* is non-zero.                                                            *)
RdOpIrqGet(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_rd_irqget"
    /\ count' = count + 1
    /\ irqArmed' = TRUE
    /\ SetF(c, [fm EXCEPT !.pc = "p_rd_act"])
    /\ DStep(c, fm, "down_read_trylock(); radeon_irq_kms_sw_irq_get()", fm.f)
    /\ UNCHANGED <<fenceVars, hwSeqno, irqLine, entries, owner, irqOn, ctx,
                   calls, outer, woken, histVars, pending, lost, refs, mark,
                   gone, work, svm, kref, owned, drvErr, lastSeq>>

(* radeon_fence_activity(): last_seq advances to the hardware's seqno; new *)
(* => wake_up_all_locked(&rdev->fence_queue) under the lock the op holds   *)
(* (RdWalk, the op's fence kept in v), then the re-test.                   *)
RdOpActivity(c) ==
    LET fm == F(c)
        new == hwSeqno > lastSeq
    IN /\ fm.pc = "p_rd_act"
       /\ lastSeq' = IF new THEN hwSeqno ELSE lastSeq
       /\ SetF(c, IF new THEN [fm EXCEPT !.pc = "p_rd_walk", !.v = fm.f, !.nx = "p_rd_retest"]
                  ELSE [fm EXCEPT !.pc = "p_rd_retest"])
       /\ DStep(c, fm, IF new THEN "radeon_fence_activity(): new seqno; wake_up_all_locked()"
                       ELSE "radeon_fence_activity(): nothing new", fm.f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, pending, lost, refs, count, mark, gone, work, svm,
                      kref, owned, drvErr>>

(* `did fence get signaled after we enabled the sw irq?`: passed =>        *)
(* radeon_irq_kms_sw_irq_put(), up_read(), and the op returns false        *)
(* (legacy: the core signals; rfc2024: dma_fence_signal() after the        *)
(* unlock; series2026: dma_fence_signal_locked() and unlock).              *)
RdOpRetest(c) ==
    LET fm == F(c)
        passed == lastSeq >= fm.f
    IN /\ fm.pc = "p_rd_retest"
       /\ count' = IF passed THEN count - 1 ELSE count
       /\ irqArmed' = IF passed THEN count - 1 > 0 ELSE irqArmed
       /\ SetF(c, CASE ~passed -> [fm EXCEPT !.pc = "p_rd_add"]
                    [] Design = "series2026" ->
                       [fm EXCEPT !.pc = "sl_tas", !.lret = "drv_unlock", !.own = TRUE,
                                  !.en = TRUE]
                    [] OTHER -> OpLeave(fm, FALSE))
       /\ DStep(c, fm, IF passed THEN "last_seq >= seq: radeon_irq_kms_sw_irq_put(); up_read()"
                       ELSE "last_seq < seq: up_read()", fm.f)
       /\ UNCHANGED <<fenceVars, hwSeqno, irqLine, entries, owner, irqOn, ctx,
                      calls, outer, woken, histVars, pending, lost, refs, mark,
                      gone, work, svm, kref, owned, drvErr, lastSeq>>

(* fence->fence_wake.func = radeon_fence_check_signaled;                   *)
(* __add_wait_queue(&rdev->fence_queue) and dma_fence_get(); true.         *)
RdOpAdd(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_rd_add"
       /\ mark' = mark \cup {f}
       /\ refs' = [refs EXCEPT ![f] = @ + 1]
       /\ IF Signaled(f) THEN Err("add", f) ELSE UNCHANGED drvErr
       /\ SetF(c, OpLeave(fm, TRUE))
       /\ DStep(c, fm, "__add_wait_queue(&rdev->fence_queue); dma_fence_get()", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, pending, lost, count, gone, work, svm, kref, owned,
                      lastSeq>>

(* radeon_fence_process() from the ring interrupt: radeon_fence_activity() *)
(* and, if it saw a new seqno, wake_up_all(&rdev->fence_queue), which      *)
(* takes the fence lock (the queue's lock).                                *)
RdIrq(c) ==
    LET fm == [fr[c].irq EXCEPT !.fn = "radeon_fence_process"]
        new == hwSeqno > lastSeq
    IN /\ ctx[c] = "irq" /\ fm.pc = "p_irq" /\ Base = "radeon"
       /\ lastSeq' = IF new THEN hwSeqno ELSE lastSeq
       /\ IF new
          THEN /\ fr' = [fr EXCEPT ![c].irq = [fm EXCEPT !.pc = "irq_lock", !.nx = "p_rd_walk",
                                                         !.v = 0]]
               /\ UNCHANGED <<ctx, irqOn>>
          ELSE IrqReturn(c)
       /\ Step(c, "irq", "radeon_fence_process",
               IF new THEN "radeon_fence_activity(): new seqno; wake_up_all()"
               ELSE "radeon_fence_activity(): nothing new", 0)
       /\ UNCHANGED <<fenceVars, hwVars, owner, calls, outer, woken, histVars,
                      pending, lost, refs, count, mark, gone, work, svm, kref,
                      owned, drvErr>>

(* The wake-up under the fence lock: radeon_fence_check_signaled() of each *)
(* entry whose seqno last_seq passed: dma_fence_signal_locked() first      *)
(* (RdWakePut continues); the other entries return 0.  None left: back to  *)
(* the op's re-test, or spin_unlock() and return from the interrupt.       *)
RdWalk(c) ==
    LET fm == F(c)
        todo == {g \in mark : g <= lastSeq}
    IN /\ fm.pc = "p_rd_walk" /\ Base = "radeon"
       /\ SetF(c, IF todo = {}
                  THEN IF fm.nx = "p_rd_retest" THEN [fm EXCEPT !.pc = "p_rd_retest", !.f = fm.v]
                       ELSE [fm EXCEPT !.pc = "irq_unlock", !.f = 0]
                  ELSE [fm EXCEPT !.pc = "sl_tas", !.f = Min(todo), !.lret = "p_rd_wput"])
       /\ Step(c, ctx[c], "radeon_fence_check_signaled",
               IF todo = {} THEN "no entry passed" ELSE "seq passed: dma_fence_signal_locked()",
               IF todo = {} THEN 0 ELSE Min(todo))
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, drvVars>>

(* radeon_fence_check_signaled(), after the signal:                        *)
(* radeon_irq_kms_sw_irq_put(), __remove_wait_queue(), dma_fence_put().    *)
RdWakePut(c) ==
    LET fm == F(c)
        f == fm.f
        keep == Mutation = "radeon_wake_keeps_irq"
    IN /\ fm.pc = "p_rd_wput" /\ Base = "radeon"
       /\ count' = IF keep THEN count ELSE count - 1
       /\ irqArmed' = IF keep THEN irqArmed ELSE count - 1 > 0
       /\ mark' = mark \ {f}
       /\ Put(f)
       /\ SetF(c, [fm EXCEPT !.pc = "p_rd_walk"])
       /\ Step(c, ctx[c], "radeon_fence_check_signaled",
               IF keep THEN "__remove_wait_queue(); dma_fence_put()"
               ELSE "radeon_irq_kms_sw_irq_put(); __remove_wait_queue(); dma_fence_put()", f)
       /\ UNCHANGED <<fenceVars, hwSeqno, irqLine, entries, owner, irqOn, ctx,
                      calls, outer, woken, histVars, pending, lost, gone, work,
                      svm, kref, owned, lastSeq>>

(***************************************************************************)
(* i915: i915_fence_enable_signaling() -> i915_request_enable_breadcrumb() *)
(***************************************************************************)

(* Is request f submitted?  __i915_request_submit() sets                   *)
(* I915_FENCE_FLAG_ACTIVE, in seqno order on one context.                 *)
I9Active(f) == f <= lastSeq

(* ce->signals after list_add() of f at its place: insert_breadcrumb()     *)
(* walks back from the tail to keep the list in seqno order.              *)
I9Insert(s, f) ==
    LET before == SelectSeq(s, LAMBDA g : g < f)
        after == SelectSeq(s, LAMBDA g : g > f)
    IN before \o <<f>> \o after

(* Where the breadcrumb code returns to: the op returns true (dropping    *)
(* rq->lock first when it took it; legacy: to the core, which holds it);  *)
(* __i915_request_submit() drops sched_engine->lock with                  *)
(* spin_unlock_irqrestore() and returns.                                  *)
I9Leave(fm) ==
    IF fm.op = "work" THEN IdleFrame
    ELSE OpLeave([fm EXCEPT !.fn = "i915_fence_enable_signaling"], TRUE)

(* IRQs after a step that leaves (I9Leave) or not: back on when the       *)
(* submit path leaves.                                                    *)
I9IrqAfter(c, leaves, fm) ==
    irqOn' = IF leaves /\ fm.op = "work" THEN [irqOn EXCEPT ![c] = TRUE] ELSE irqOn

(* rfc2024 (RFC 7/7) and series2026 (10/10): the op's first step takes     *)
(* rq->lock with spin_lock_irqsave() / dma_fence_lock_irqsave() around     *)
(* i915_request_enable_breadcrumb().  legacy: the core already holds it   *)
(* and the op starts at the SIGNALED test (I9Sig).                         *)
I9OpEnter(c) ==
    LET fm == [F(c) EXCEPT !.fn = "i915_fence_enable_signaling"] IN
    /\ fm.pc = "p_op" /\ Base = "i915" /\ OpTakesLock
    /\ SetF(c, LockThen(fm, "p_i9_sig"))
    /\ DStep(c, fm, "enter", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, drvVars>>

(* i915_request_enable_breadcrumb(): test_bit(SIGNALED) ("serialises with  *)
(* i915_request_retire() using rq->lock"): set => return true.  Entered    *)
(* from the op, or from __i915_request_submit() without rq->lock.         *)
I9Sig(c) ==
    LET fm0 == F(c)
        fm == [fm0 EXCEPT !.fn = "i915_request_enable_breadcrumb"]
        f == fm.f
    IN /\ \/ fm0.pc = "p_i9_sig"
          \/ fm0.pc = "p_op" /\ Base = "i915" /\ ~OpTakesLock
       /\ SetF(c, IF Signaled(f) THEN I9Leave(fm) ELSE [fm EXCEPT !.pc = "p_i9_act"])
       /\ I9IrqAfter(c, Signaled(f), fm)
       /\ DStep(c, fm, IF Signaled(f) THEN "test_bit(SIGNALED): set, return true"
                       ELSE "test_bit(SIGNALED): clear", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, ctx, calls, outer, woken,
                      histVars, drvVars>>

(* test_bit(I915_FENCE_FLAG_ACTIVE): a request not yet submitted returns   *)
(* true (__i915_request_submit() attaches the breadcrumb later, seeing     *)
(* ENABLE_SIGNAL); a submitted one goes on to spin_lock(&ce->signal_lock). *)
I9Act(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_i9_act"
       /\ SetF(c, IF I9Active(f) THEN [fm EXCEPT !.pc = "cs_lock", !.nx = "p_i9_ins"]
                  ELSE I9Leave(fm))
       /\ I9IrqAfter(c, ~I9Active(f), fm)
       /\ DStep(c, fm, IF I9Active(f) THEN "test_bit(I915_FENCE_FLAG_ACTIVE): set"
                       ELSE "test_bit(I915_FENCE_FLAG_ACTIVE): clear, return true", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, ctx, calls, outer, woken,
                      histVars, drvVars>>

(* Under ce->signal_lock: the ACTIVE re-test (always set: unsubmit is not  *)
(* modelled) and insert_breadcrumb(): I915_FENCE_FLAG_SIGNAL set =>        *)
(* nothing; a completed request => irq_signal_request(): a lock-free       *)
(* test_and_set_bit(SIGNALED) and, if it won, i915_request_get(),          *)
(* llist_add() to b->signaled_requests and irq_work_queue() when the llist *)
(* was empty; otherwise i915_request_get(), list_add() in seqno order,     *)
(* set_bit(I915_FENCE_FLAG_SIGNAL) (GEM_BUG_ON(SIGNALED) before it), and   *)
(* irq_work_queue() when the interrupt is not armed.  The re-read of       *)
(* completion after the list_add is this same step: nothing that does not *)
(* take ce->signal_lock can tell the two reads apart but the hardware,     *)
(* whose completion then raises the armed interrupt.                       *)
I9Ins(c) ==
    LET fm == F(c)
        f == fm.f
        done == hwSeqno >= f
        noLlist == Mutation = "i915_signal_without_llist"
    IN /\ fm.pc = "p_i9_ins"
       /\ CASE f \in mark ->
               /\ UNCHANGED <<fenceRefs, fenceFreed, flags, irqLine, histVars, pending, refs, mark, gone, drvErr>>
               /\ DStep(c, fm, "insert_breadcrumb(): I915_FENCE_FLAG_SIGNAL set", f)
            [] done /\ Signaled(f) ->
               /\ UNCHANGED <<fenceRefs, fenceFreed, flags, irqLine, histVars, pending, refs, mark, gone, drvErr>>
               /\ DStep(c, fm, "irq_signal_request(): test_and_set_bit(SIGNALED): already set", f)
            [] done ->
               /\ flags' = [flags EXCEPT ![f] = @ \cup {"SIGNALED"}]
               /\ everSignaled' = everSignaled \cup {f}
               /\ refs' = IF noLlist THEN refs ELSE [refs EXCEPT ![f] = @ + 1]
               /\ gone' = IF noLlist THEN gone ELSE gone \cup {f}
               /\ irqLine' = (irqLine \/ (~noLlist /\ gone = {}))
               /\ UNCHANGED <<enableCalls, enableOnSignaled, drvUnderLock,
                              errAfterSignal, pending, mark, drvErr>>
               /\ DStep(c, fm, IF noLlist
                               THEN "irq_signal_request(): test_and_set_bit(SIGNALED) (no llist_add)"
                               ELSE "irq_signal_request(): test_and_set_bit(SIGNALED); i915_request_get(); llist_add(); irq_work_queue()", f)
            [] OTHER ->
               /\ pending' = I9Insert(pending, f)
               /\ refs' = [refs EXCEPT ![f] = @ + 1]
               /\ mark' = mark \cup {f}
               /\ drvErr' = drvErr \cup ErrIf(Signaled(f), "add", f)
               /\ irqLine' = (irqLine \/ ~irqArmed)
               /\ UNCHANGED <<fenceRefs, fenceFreed, flags, histVars, gone>>
               /\ DStep(c, fm, IF irqArmed
                               THEN "insert_breadcrumb(): i915_request_get(); list_add(&ce->signals); set_bit(I915_FENCE_FLAG_SIGNAL)"
                               ELSE "insert_breadcrumb(): i915_request_get(); list_add(&ce->signals); set_bit(I915_FENCE_FLAG_SIGNAL); irq_work_queue()", f)
       /\ SetF(c, [fm EXCEPT !.pc = "cs_unlock", !.nx = "p_i9_out"])
       /\ UNCHANGED <<fenceRefs, fenceFreed, cbList, cbFence, cbState, runs, error, tsWrites, hwSeqno,
                      irqArmed, entries, owner, irqOn, ctx, calls, outer, woken,
                      lost, count, work, svm, kref, owned, lastSeq>>

(* After spin_unlock(&ce->signal_lock): i915_request_enable_breadcrumb()   *)
(* returns true, so the op never signals (its "false" branch is dead).    *)
I9Out(c) ==
    LET fm == F(c) IN
    /\ fm.pc = "p_i9_out"
    /\ SetF(c, I9Leave(fm))
    /\ I9IrqAfter(c, TRUE, fm)
    /\ DStep(c, fm, IF fm.op = "work"
                    THEN "return; spin_unlock_irqrestore(&sched_engine->lock)"
                    ELSE "return true", fm.f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, ctx, calls, outer, woken,
                   histVars, drvVars>>

(***************************************************************************)
(* i915: __i915_request_submit() and i915_request_retire()                 *)
(***************************************************************************)

(* __i915_request_submit() of the next request, under                      *)
(* spin_lock_irqsave(&sched_engine->lock) (IRQs off; nothing else modelled *)
(* takes that lock): set_bit(I915_FENCE_FLAG_ACTIVE); the hardware may now *)
(* run it.                                                                 *)
I9Submit(c) ==
    /\ Base = "i915"
    /\ ctx[c] = "proc" /\ fr[c].proc.pc = "idle" /\ outer[c] = "none"
    /\ lastSeq < NumFences
    /\ lastSeq' = lastSeq + 1
    /\ irqOn' = [irqOn EXCEPT ![c] = FALSE]
    /\ fr' = [fr EXCEPT ![c].proc = [IdleFrame EXCEPT !.op = "work", !.pc = "p_i9_sub",
                                       !.f = lastSeq + 1, !.fn = "__i915_request_submit"]]
    /\ Step(c, "proc", "__i915_request_submit",
            "spin_lock_irqsave(&sched_engine->lock); set_bit(I915_FENCE_FLAG_ACTIVE)",
            lastSeq + 1)
    /\ UNCHANGED <<fenceVars, hwVars, owner, ctx, calls, outer, woken, histVars,
                   pending, lost, refs, count, mark, gone, work, svm, kref,
                   owned, drvErr>>

(* __i915_request_submit(): `if (test_bit(ENABLE_SIGNAL))                  *)
(* i915_request_enable_breadcrumb(rq)` - without rq->lock - then           *)
(* spin_unlock_irqrestore(&sched_engine->lock).                            *)
I9SubTest(c) ==
    LET fm == F(c)
        en == "ENABLE_SIGNAL" \in flags[fm.f]
    IN /\ fm.pc = "p_i9_sub"
       /\ SetF(c, IF en THEN [fm EXCEPT !.pc = "p_i9_sig"] ELSE IdleFrame)
       /\ irqOn' = IF en THEN irqOn ELSE [irqOn EXCEPT ![c] = TRUE]
       /\ DStep(c, fm, IF en THEN "test_bit(ENABLE_SIGNAL): set, i915_request_enable_breadcrumb()"
                       ELSE "test_bit(ENABLE_SIGNAL): clear; spin_unlock_irqrestore(&sched_engine->lock)",
                fm.f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, ctx, calls, outer, woken,
                      histVars, drvVars>>

(* i915_request_retire() of the oldest request, once completed (the        *)
(* retire worker, process context): `if (!i915_request_signaled(rq))`      *)
(* spin_lock_irq(&rq->lock), dma_fence_signal_locked(), spin_unlock_irq(); *)
(* a signalled one is left alone.  What retire does besides (ring head,   *)
(* remove_active_request, the timeline reference) touches no fence state. *)
I9Retire(c) ==
    LET f == count + 1 IN
    /\ Base = "i915"
    /\ ctx[c] = "proc" /\ fr[c].proc.pc = "idle" /\ outer[c] = "none"
    /\ count < hwSeqno
    /\ count' = f
    /\ fr' = [fr EXCEPT ![c].proc =
                IF Signaled(f) THEN IdleFrame
                ELSE [IdleFrame EXCEPT !.op = "work", !.pc = "ret_lock", !.f = f,
                                       !.fn = "i915_request_retire"]]
    /\ Step(c, "proc", "i915_request_retire",
            IF Signaled(f) THEN "i915_request_signaled(): set"
            ELSE "i915_request_signaled(): clear", f)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, pending, lost, refs, mark, gone, work, svm, kref,
                   owned, drvErr, lastSeq>>

(***************************************************************************)
(* i915: the breadcrumb irq_work signal_irq_work()                         *)
(***************************************************************************)

(* The user interrupt (intel_engine_signal_breadcrumbs) or an              *)
(* irq_work_queue() ran the irq_work, in hard-IRQ context:                 *)
(* llist_del_all(&b->signaled_requests) into the local signal list (seen), *)
(* and, with nothing taken and no signaler left, intel_breadcrumbs_disarm_ *)
(* irq(); then spin_lock(&ce->signal_lock) (b->signaler_active, taken      *)
(* first, only orders concurrent walks of several contexts: one context   *)
(* here).                                                                  *)
I9Work(c) ==
    LET fm == [fr[c].irq EXCEPT !.fn = "signal_irq_work"]
        disarm == gone = {} /\ irqArmed /\ pending = <<>>
    IN /\ ctx[c] = "irq" /\ fm.pc = "p_irq" /\ Base = "i915"
       /\ gone' = {}
       /\ irqArmed' = (irqArmed /\ ~disarm)
       /\ SetF(c, [fm EXCEPT !.seen = gone, !.pc = "cs_lock", !.nx = "p_i9_walk"])
       /\ Step(c, "irq", "signal_irq_work",
               IF disarm THEN "llist_del_all(&b->signaled_requests); intel_breadcrumbs_disarm_irq()"
               ELSE "llist_del_all(&b->signaled_requests)", 0)
       /\ UNCHANGED <<fenceVars, hwSeqno, irqLine, entries, owner, irqOn, ctx,
                      calls, outer, woken, histVars, pending, lost, refs, count,
                      mark, work, svm, kref, owned, drvErr, lastSeq>>

(* list_for_each_entry_safe(rq, &ce->signals), one request per step: stop  *)
(* at the first not completed or without I915_FENCE_FLAG_SIGNAL; else      *)
(* test_and_clear_bit(I915_FENCE_FLAG_SIGNAL), list_del(),                 *)
(* remove_signaling_context() and __dma_fence_signal(), a lock-free        *)
(* test_and_set_bit(SIGNALED): won => the request (and the list's          *)
(* reference) moves to the local signal list; lost => i915_request_put().  *)
(* Done: spin_unlock(&ce->signal_lock).                                    *)
I9Walk(c) ==
    LET fm == F(c)
        h == Head(pending)
        stop == pending = <<>> \/ hwSeqno < h \/ h \notin mark
        won == ~stop /\ ~Signaled(h)
    IN /\ fm.pc = "p_i9_walk"
       /\ IF stop
          THEN /\ SetF(c, [fm EXCEPT !.pc = "cs_unlock", !.nx = "p_i9_notify"])
               /\ UNCHANGED <<fenceRefs, fenceFreed, flags, histVars, pending, refs, mark, drvErr>>
               /\ Step(c, "irq", fm.fn,
                       CASE pending = <<>> -> "ce->signals empty"
                         [] hwSeqno < h -> "!__i915_request_is_complete(): break"
                         [] OTHER -> "test_and_clear_bit(I915_FENCE_FLAG_SIGNAL): clear, break",
                       IF pending = <<>> THEN 0 ELSE h)
          ELSE /\ mark' = mark \ {h}
               /\ pending' = Tail(pending)
               /\ IF won
                  THEN /\ flags' = [flags EXCEPT ![h] = @ \cup {"SIGNALED"}]
                       /\ everSignaled' = everSignaled \cup {h}
                       /\ UNCHANGED <<enableCalls, enableOnSignaled, drvUnderLock,
                                      errAfterSignal, refs, drvErr>>
                       /\ SetF(c, [fm EXCEPT !.seen = @ \cup {h}])
                  ELSE /\ Put(h)
                       /\ UNCHANGED <<fenceRefs, fenceFreed, flags, histVars>>
                       /\ SetF(c, fm)
               /\ Step(c, "irq", fm.fn,
                       IF won THEN "test_and_clear_bit(I915_FENCE_FLAG_SIGNAL); list_del(); __dma_fence_signal(): test_and_set_bit(SIGNALED)"
                       ELSE "test_and_clear_bit(I915_FENCE_FLAG_SIGNAL); list_del(); SIGNALED already set: i915_request_put()", h)
       /\ UNCHANGED <<fenceRefs, fenceFreed, cbList, cbFence, cbState, runs, error, tsWrites, hwVars,
                      owner, irqOn, ctx, calls, outer, woken, lost, count, gone,
                      work, svm, kref, owned, lastSeq>>

(* llist_for_each_safe(signal): the next request of the local list, taken  *)
(* with spin_lock(&rq->lock).  None left: intel_breadcrumbs_arm_irq() if   *)
(* not armed while a signaler is left (arming queues the irq_work again:   *)
(* a request may have completed before the interrupt was on), and return   *)
(* from the interrupt.                                                     *)
I9Notify(c) ==
    LET fm == F(c)
        arm == ~irqArmed /\ pending # <<>>
    IN /\ fm.pc = "p_i9_notify"
       /\ IF fm.seen = {}
          THEN /\ irqArmed' = (irqArmed \/ arm)
               /\ irqLine' = (irqLine \/ arm)
               /\ IrqReturn(c)
               /\ Step(c, "irq", fm.fn,
                       IF arm THEN "intel_breadcrumbs_arm_irq(): irq_work_queue(); return from interrupt"
                       ELSE "return from interrupt", 0)
          ELSE /\ SetF(c, [fm EXCEPT !.pc = "irq_lock", !.nx = "p_i9_cbs",
                                     !.f = Min(fm.seen)])
               /\ UNCHANGED <<irqArmed, irqLine, irqOn, ctx>>
               /\ Step(c, "irq", fm.fn, "next request on the local signal list", Min(fm.seen))
       /\ UNCHANGED <<fenceVars, hwSeqno, entries, owner, calls, outer, woken,
                      histVars, drvVars>>

(* Under rq->lock: list_replace(&rq->fence.cb_list) and                    *)
(* __dma_fence_signal__timestamp() (fence->timestamp, TIMESTAMP), then     *)
(* __dma_fence_signal__notify() runs the spliced callbacks (sl_run) and    *)
(* spin_unlock(&rq->lock) follows.                                         *)
I9Cbs(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_i9_cbs"
       /\ flags' = [flags EXCEPT ![f] = @ \cup {"TIMESTAMP"}]
       /\ tsWrites' = [tsWrites EXCEPT ![f] = @ + 1]
       /\ cbList' = [cbList EXCEPT ![f] = <<>>]
       /\ SetF(c, [fm EXCEPT !.local = cbList[f], !.nx = "p_i9_put", !.lret = "irq_drop",
                             !.pc = IF cbList[f] = <<>> THEN "irq_drop" ELSE "sl_run"])
       /\ Step(c, "irq", fm.fn,
               "list_replace(&rq->fence.cb_list); __dma_fence_signal__timestamp()", f)
       /\ UNCHANGED <<fenceRefs, fenceFreed, cbFence, cbState, runs, error, hwVars, owner, irqOn, ctx,
                      calls, outer, woken, histVars, drvVars>>

(* i915_request_put() of the reference the local list held. *)
I9Put(c) ==
    LET fm == F(c)
        f == fm.f
    IN /\ fm.pc = "p_i9_put"
       /\ Put(f)
       /\ SetF(c, [fm EXCEPT !.pc = "p_i9_notify", !.seen = @ \ {f}, !.f = 0,
                             !.lret = "idle"])
       /\ Step(c, "irq", fm.fn, "i915_request_put()", f)
       /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                      histVars, pending, lost, count, mark, gone, work, svm, kref,
                      owned, lastSeq>>

(***************************************************************************)
(* Driver paths started from process context                               *)
(***************************************************************************)

(* A CPU idle in process context runs a queued work item (nouveau's        *)
(* uevent_work, amdkfd's eviction_work, xe's preempt_work, amdgpu's        *)
(* suspend_work or fallback timer) or, once, amdkfd's range dropping      *)
(* its svm_bo reference.  Not counted in MaxCalls: each is bounded by its  *)
(* flag.                                                                   *)
DriverStart(c) ==
    /\ ctx[c] = "proc" /\ fr[c].proc.pc = "idle" /\ outer[c] = "none"
    /\ \E what \in {"work", "unref"} :
         /\ CASE what = "work" -> work /\ work' = FALSE /\ UNCHANGED owned
              [] OTHER -> Base = "amdkfd" /\ owned /\ owned' = FALSE /\ UNCHANGED work
         /\ LET fm == [IdleFrame EXCEPT !.op = "work"] IN
            fr' = [fr EXCEPT ![c].proc =
               CASE Base = "nouveau" ->
                      [fm EXCEPT !.pc = "drv_lock", !.nx = "p_work_walk",
                                 !.fn = "nouveau_fence_uevent_work"]
                 [] Base = "xe_preempt" ->
                      [fm EXCEPT !.pc = "p_work", !.fn = "preempt_fence_work_func"]
                 [] Base = "amdgpu_evf" ->
                      [fm EXCEPT !.pc = "p_work",
                                 !.fn = "amdgpu_eviction_fence_suspend_worker"]
                 [] Base = "amdgpu_fence" ->
                      [fm EXCEPT !.pc = "p_claim", !.fn = "amdgpu_fence_fallback"]
                 [] Base \in {"vmwgfx", "vmwgfx2024"} ->
                      [fm EXCEPT !.pc = "vm_lock", !.nx = "p_vm_walk",
                                 !.fn = "vmw_fences_update"]
                 [] what = "work" -> [fm EXCEPT !.pc = "p_work", !.f = 1,
                                          !.fn = "svm_range_evict_svm_bo_worker"]
                 [] OTHER -> [fm EXCEPT !.pc = "p_rel", !.f = 1,
                                  !.fn = "svm_range_bo_unref"]]
         /\ Step(c, "proc", CASE Base = "nouveau" -> "nouveau_fence_uevent_work"
                              [] Base = "xe_preempt" -> "preempt_fence_work_func"
                              [] Base = "amdgpu_evf" -> "amdgpu_eviction_fence_suspend_worker"
                              [] Base = "amdgpu_fence" -> "amdgpu_fence_fallback"
                              [] Base = "vmwgfx" -> "vmw_fences_update"
                              [] Base = "vmwgfx2024" -> "vmw_update_seqno"
                              [] what = "work" -> "svm_range_evict_svm_bo_worker"
                              [] OTHER -> "svm_range_bo_unref",
                 IF what = "work" THEN "work runs" ELSE "the range drops its svm_bo reference", 0)
    /\ UNCHANGED <<fenceVars, hwVars, owner, irqOn, ctx, calls, outer, woken,
                   histVars, pending, lost, refs, count, mark, gone, svm, kref,
                   drvErr, lastSeq>>

(***************************************************************************)
(* The specification                                                       *)
(***************************************************************************)

DInit ==
    /\ Init
    /\ pending = IF Base \in {"nouveau", "amdgpu_fence", "vmwgfx", "vmwgfx2024"}
                 THEN [i \in Fences |-> i] ELSE <<>>
    /\ lost = {}
    /\ refs = [f \in Fences |-> IF Base \in {"nouveau", "amdgpu_fence"} THEN 1 ELSE 0]
    /\ count = 0
    /\ mark = {}
    /\ gone = {}
    \* RFC 6/7: amdgpu_fence_emit() armed the fallback timer (mod_timer) for the ring's fences;
    \* vmwgfx2024: one later vmw_update_seqno() (the next emission or an ioctl) will run
    /\ work = (NoEnableOp \/ Base = "vmwgfx2024")
    /\ svm = "live"
    /\ kref = 1
    /\ owned = (Base = "amdkfd")
    /\ drvErr = {}
    /\ lastSeq = 0

(* One step of a driver profile on CPU c. *)
DriverStep(c) ==
    \/ NvOpEnter(c) \/ NvOpStore(c) \/ NvOpAllow(c) \/ OpFlagTest(c)
    \/ NvOpInc(c) \/ NvOpCheck(c) \/ NvOpTail(c) \/ NvOpDone(c) \/ NvOpMark(c)
    \/ NvEvent(c) \/ NvWorkWalk(c) \/ NvWorkDel(c)
    \/ XeOpEnter(c) \/ XeOpLink(c) \/ XeOpAdd(c) \/ XeOpCheck(c) \/ XeOpTail(c)
    \/ XeIrqWork(c) \/ XeIrqWalk(c) \/ XeIrqDel(c)
    \/ KfdOpEnter(c) \/ KfdOpSvm(c) \/ KfdUnref(c) \/ KfdFree(c) \/ KfdWorker(c)
    \/ XpOpEnter(c) \/ XpOpSuspend(c) \/ DfOpQueue(c) \/ AgOpEnter(c) \/ DfWork(c)
    \/ XpPut(c) \/ AfProcess(c) \/ AfNext(c) \/ AfPut(c)
    \/ H1OpEnter(c) \/ H1OpCheck(c) \/ H1OpRef(c) \/ H1OpInsert(c) \/ H1Irq(c)
    \/ H1IrqWalk(c) \/ H1Sig(c) \/ H1Put(c) \/ H1Tmo(c) \/ H1Rm(c) \/ H1Err(c)
    \/ H1TmoStart(c) \/ VmOpEnter(c) \/ VmOpCheck(c) \/ VmIrq(c) \/ VmWalk(c)
    \/ Vm24Op(c)
    \/ RdOpEnter(c) \/ RdOpFast(c) \/ RdOpIrqGet(c) \/ RdOpActivity(c)
    \/ RdOpRetest(c) \/ RdOpAdd(c) \/ RdIrq(c) \/ RdWalk(c) \/ RdWakePut(c)
    \/ I9OpEnter(c) \/ I9Sig(c) \/ I9Act(c) \/ I9Ins(c) \/ I9Out(c)
    \/ I9SubTest(c) \/ I9Work(c) \/ I9Walk(c) \/ I9Notify(c) \/ I9Cbs(c)
    \/ I9Put(c)

(* The core's steps leave the driver's state alone; i915's GPU runs only   *)
(* submitted requests.                                                    *)
DNext ==
    \/ Next /\ UNCHANGED drvVars /\ (Base = "i915" => hwSeqno' <= lastSeq)
    \/ \E c \in CPUs : DriverStep(c) \/ DriverStart(c) \/ I9Submit(c) \/ I9Retire(c)

DSpec == DInit /\ [][DNext]_allVars
=============================================================================
