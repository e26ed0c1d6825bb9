--------------------------- MODULE DmaFenceLifetime ---------------------------
(***************************************************************************)
(* Fences that outlive the driver module that created them: the lifetime   *)
(* concern of drivers/dma-buf/dma-fence.c, separate from the locking and   *)
(* IRQ concern of DmaFence.tla (one concern per module).                   *)
(*                                                                         *)
(* A driver module creates NumFences fences and holds a reference to each  *)
(* until its interrupt handler (or its exit path) has signaled it.  CPUs   *)
(* hold references of their own and make kernel calls on the fences:       *)
(* dma_fence_is_signaled(), dma_fence_enable_sw_signaling(), the name      *)
(* queries dma_fence_driver_name()/dma_fence_timeline_name(), and          *)
(* dma_fence_put(), whose last put releases the fence.  The module can be  *)
(* unloaded: its exit path waits until it has retired all its fences, then *)
(* calls synchronize_rcu(), then the module's code and data (the ops       *)
(* table included) are freed.                                              *)
(*                                                                         *)
(* The constant Design selects how the core reaches fence->ops:            *)
(*   "legacy"   - mainline 6.x before 2026: fence->ops is a plain pointer, *)
(*                never cleared; every op and the name queries go through  *)
(*                it; no RCU read-side section.                            *)
(*   "reworked" - the seed's goal as upstream implemented it ("dma-buf:    *)
(*                protected fence ops by RCU", "dma-buf: detach fence ops  *)
(*                on signal"): fence->ops is __rcu, every use is           *)
(*                rcu_read_lock(); ops = rcu_dereference(fence->ops);      *)
(*                if (ops && ...) ...; rcu_read_unlock(); signaling clears *)
(*                fence->ops when the driver has neither ->release nor     *)
(*                ->wait; the name queries answer fixed strings once the   *)
(*                fence is signaled.                                       *)
(*                                                                         *)
(* fence->lock enters only as memory: LockPlace says whether it is the    *)
(* fence's inline lock (dma_fence_init() with a NULL lock, 2026) or a lock *)
(* in memory the driver frees when it goes (a lock in the module's data or *)
(* a device structure: radeon's fence_queue.lock, xe's irq->lock).  Taking *)
(* a lock of the second kind after unload uses freed module data.  Its     *)
(* exclusion is DmaFence.tla's concern: the lock only removes              *)
(* interleavings of the enable and signal steps, and every counterexample  *)
(* TLC reports here goes through dma_fence_is_signaled(), the name queries,*)
(* the release or the lock's own memory (checked by reading each trace).   *)
(* The callback list is left out: a callback belongs to the module that    *)
(* added it, not to the fence's driver.                                    *)
(*                                                                         *)
(* Mutation selects one deliberately broken variant ("none" = the real    *)
(* code); each exists only to show that one property can fail.            *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    CPUs,        \* the CPUs making kernel calls (model values)
    NumFences,   \* the fences the driver module created
    Design,      \* "legacy" or "reworked"
    LockPlace,   \* "inline" (in the fence) or "module" (freed with the driver)
    DriverOps,   \* the optional ops the driver has: a subset of {"release", "wait"}
    Ops,         \* the kernel calls the CPUs may make
    MaxCalls,    \* kernel calls each CPU may start (bound)
    Mutation     \* "none" or the name of a broken variant

ASSUME Design \in {"legacy", "reworked"}
ASSUME LockPlace \in {"inline", "module"}
ASSUME DriverOps \subseteq {"release", "wait"}
ASSUME Ops \subseteq {"issig", "enable", "name", "put", "status"}
ASSUME NumFences \in Nat \ {0} /\ MaxCalls \in Nat
ASSUME Mutation \in {"none", "ops_outside_rcu", "no_grace_period",
                     "no_null_check", "no_detach", "rcu_unlock_leak",
                     "rcu_double_unlock", "call_without_reference",
                     "name_test_before_read"}

(* The driver's fences. *)
Fences == 1 .. NumFences

(* The module's life: loaded; module_exit() started and is retiring its   *)
(* fences; waiting in synchronize_rcu(); code and data freed.             *)
ModuleStates == {"loaded", "exiting", "grace", "unloaded"}

(* Values of fence->ops: the module's ops table, or NULL once detached.  *)
OpsValues == {"drv", "null"}

(* The kernel call a CPU is in: its operation, program counter, fence,    *)
(* the ops pointer it read (its local `ops`) and, for a name query, what  *)
(* its SIGNALED test saw (s).                                             *)
Frame == [op : {"idle", "issig", "enable", "name", "put", "release", "status"},
          pc : {"idle", "start", "read", "rcu", "test", "call", "unlock"},
          f : Fences \cup {0}, p : OpsValues, s : BOOLEAN]

(* A CPU between kernel calls. *)
Idle == [op |-> "idle", pc |-> "idle", f |-> 0, p |-> "null", s |-> FALSE]

(* Signaling detaches fence->ops (upstream: only when the driver has      *)
(* neither ->release nor ->wait, which must stay callable).               *)
Detaches == Design = "reworked" /\ DriverOps = {} /\ Mutation # "no_detach"

(* Whether the core brackets its uses of fence->ops with rcu_read_lock(). *)
UsesRcu == Design = "reworked"

VARIABLES
    signaled,        \* fence -> the SIGNALED bit
    enabled,         \* fence -> the ENABLE_SIGNAL bit
    ops,             \* fence -> fence->ops (OpsValues)
    hwDone,          \* fence -> the hardware has passed the fence's seqno
    driverRef,       \* fence -> the driver still holds its reference
    held,            \* CPU -> the fences it holds a reference to
    freed,           \* fence -> the fence was released (its memory freed)
    module,          \* ModuleStates
    gpWait,          \* CPUs whose read-side section predates the grace period
    rcu,             \* CPU -> rcu_read_lock() nesting depth
    fr,              \* CPU -> Frame
    calls,           \* CPU -> kernel calls started (bound)
    codeAfterUnload, \* history: <<op, fence>> pairs that ran module code after unload
    nullCalls,       \* history: <<op, fence>> pairs called through a NULL ops
    lostAnswers,     \* history: queries of a signaled fence that hit freed module code
    step             \* the step that led into this state (for traces)

fenceVars == <<signaled, enabled, ops, hwDone, driverRef, freed>>
moduleVars == <<module, gpWait>>
cpuVars == <<held, rcu, fr, calls>>
histVars == <<codeAfterUnload, nullCalls, lostAnswers>>
vars == <<fenceVars, moduleVars, cpuVars, histVars, step>>

(***************************************************************************)
(* Helpers                                                                 *)
(***************************************************************************)

(* The fence's reference count: the driver's and the CPUs' references.   *)
RefCount(f) ==
    (IF driverRef[f] THEN 1 ELSE 0) + Cardinality({c \in CPUs : f \in held[c]})

(* The record of one step, kept in `step` so a trace names the CPU (or    *)
(* "driver"/"hw"), the kernel function, what it touched and the fence.    *)
Step(who, fn, act, f) ==
    step' = [cpu |-> who, ctx |-> "proc", fn |-> fn, act |-> act, fence |-> f]

(* The pair naming an op call on fence f, for the history sets. *)
Site(fn, f) == <<fn, f>>

(* The name queries test SIGNALED in a step of their own (the reworked    *)
(* design only; legacy always calls the driver).                          *)
SplitName == Design = "reworked"

(* Running the module's code or reading its data (the ops table lives in  *)
(* the module's .rodata): recorded when the module is already gone.      *)
TouchModule(fn, f) ==
    codeAfterUnload' = IF module = "unloaded"
                       THEN codeAfterUnload \cup {Site(fn, f)}
                       ELSE codeAfterUnload

(* The SIGNALED test-and-set of dma_fence_signal_timestamp_locked(); the  *)
(* winner detaches the ops ("dma-buf: detach fence ops on signal").       *)
(* Callbacks and the timestamp are DmaFence.tla's concern.                *)
SignalFence(f) ==
    /\ signaled' = [signaled EXCEPT ![f] = TRUE]
    /\ ops' = IF ~signaled[f] /\ Detaches
              THEN [ops EXCEPT ![f] = "null"] ELSE ops

(* Leaving an RCU read-side section: a grace period waits for it no more. *)
RcuUnlock(c) ==
    /\ rcu' = [rcu EXCEPT ![c] = @ - 1]
    /\ gpWait' = gpWait \ {c}

(* Back to idle after a kernel call. *)
Done(c) == fr' = [fr EXCEPT ![c] = Idle]

(* To program counter pc in the current call, with local ops p. *)
Goto(c, pc, p) == fr' = [fr EXCEPT ![c].pc = pc, ![c].p = p]

(***************************************************************************)
(* The CPUs' kernel calls                                                  *)
(***************************************************************************)

(* A CPU starts a kernel call on a fence it holds a reference to (the     *)
(* caller of every dma_fence_* function must).  The name queries start by *)
(* reading fence->ops; the others by their first test.  Broken            *)
(* "call_without_reference": any fence not yet released, reference or     *)
(* not (a caller that forgot dma_fence_get()); a put still needs one.     *)
Callable(c) ==
    IF Mutation = "call_without_reference"
    THEN {f \in Fences : ~freed[f]}
    ELSE held[c]

Call(c) ==
    /\ fr[c].op = "idle"
    /\ calls[c] < MaxCalls
    /\ \E op \in Ops, f \in Callable(c) :
        /\ op = "put" => f \in held[c]
        /\ fr' = [fr EXCEPT ![c] = [op |-> op, f |-> f, p |-> "null", s |-> FALSE,
                                    pc |-> CASE op = "name" /\ SplitName
                                                  /\ Mutation = "name_test_before_read"
                                                  -> "test"
                                             [] op = "name" -> "read"
                                             [] OTHER -> "start"]]
        /\ Step(c, "call", op, f)
    /\ calls' = [calls EXCEPT ![c] = @ + 1]
    /\ UNCHANGED <<fenceVars, moduleVars, held, rcu, histVars>>

(* dma_fence_is_signaled(): the lock-free test of SIGNALED.  A signaled   *)
(* fence answers true without touching fence->ops.                       *)
IsSignaledTest(c) ==
    LET f == fr[c].f IN
    /\ fr[c].op = "issig" /\ fr[c].pc = "start"
    /\ IF signaled[f] THEN Done(c) ELSE Goto(c, "read", "null")
    /\ Step(c, "dma_fence_is_signaled", IF signaled[f] THEN "SIGNALED set: true"
                                         ELSE "SIGNALED clear", f)
    /\ UNCHANGED <<fenceVars, moduleVars, held, rcu, calls, histVars>>

(* Taking fence->lock: with LockPlace "module" the lock's memory belongs to *)
(* the driver, so taking it after unload uses freed module data.          *)
TouchLock(f) ==
    IF LockPlace = "module" THEN TouchModule("fence->lock", f)
                            ELSE UNCHANGED codeAfterUnload

(* dma_fence_enable_signaling(): dma_fence_lock_irqsave(), then           *)
(* test_and_set_bit(ENABLE_SIGNAL) (the June 2026 base; 10/10 drops the   *)
(* lock); only the first caller on an unsignaled fence goes on to the     *)
(* driver.                                                                *)
EnableTestAndSet(c) ==
    LET f == fr[c].f IN
    /\ fr[c].op = "enable" /\ fr[c].pc = "start"
    /\ enabled' = [enabled EXCEPT ![f] = TRUE]
    /\ TouchLock(f)
    /\ IF enabled[f] \/ signaled[f] THEN Done(c) ELSE Goto(c, "read", "null")
    /\ Step(c, "__dma_fence_enable_signaling",
            "spin_lock_irqsave(fence->lock); test_and_set ENABLE_SIGNAL", f)
    /\ UNCHANGED <<signaled, ops, hwDone, driverRef, freed, moduleVars, held,
                   rcu, calls, nullCalls, lostAnswers>>

(* dma_fence_get_status(): dma_fence_lock_irqsave(), the SIGNALED test    *)
(* (dma_fence_get_status_locked()), unlock: one step, since it touches no *)
(* driver code in either design (the ->signaled call under the lock is    *)
(* DmaFence.tla's concern); only the lock's memory matters here.          *)
GetStatus(c) ==
    LET f == fr[c].f IN
    /\ fr[c].op = "status" /\ fr[c].pc = "start"
    /\ TouchLock(f)
    /\ Done(c)
    /\ Step(c, "dma_fence_get_status",
            "spin_lock_irqsave(fence->lock); test SIGNALED; unlock", f)
    /\ UNCHANGED <<fenceVars, moduleVars, held, rcu, calls, nullCalls,
                   lostAnswers>>

(* dma_fence_put(): kref_put of the CPU's reference; the last one goes on *)
(* to dma_fence_release().                                                *)
Put(c) ==
    LET f == fr[c].f IN
    /\ fr[c].op = "put" /\ fr[c].pc = "start"
    /\ held' = [held EXCEPT ![c] = @ \ {f}]
    /\ IF RefCount(f) = 1
       THEN fr' = [fr EXCEPT ![c] = [@ EXCEPT !.op = "release", !.pc = "read"]]
       ELSE Done(c)
    /\ Step(c, "dma_fence_put", IF RefCount(f) = 1 THEN "last reference"
                                ELSE "kref_put", f)
    /\ UNCHANGED <<fenceVars, moduleVars, rcu, calls, histVars>>

(* Reading fence->ops.  Reworked: rcu_read_lock(); rcu_dereference() (one *)
(* step: rcu_read_lock() only disables preemption, it touches nothing      *)
(* shared).  Legacy: a plain load, no read-side section.  Broken          *)
(* "ops_outside_rcu": the pointer is loaded before rcu_read_lock().       *)
ReadOps(c) ==
    LET f == fr[c].f IN
    /\ fr[c].pc = "read"
    /\ IF UsesRcu /\ Mutation # "ops_outside_rcu"
       THEN rcu' = [rcu EXCEPT ![c] = @ + 1]
       ELSE UNCHANGED rcu
    /\ Goto(c, CASE UsesRcu /\ Mutation = "ops_outside_rcu" -> "rcu"
                 [] fr[c].op = "name" /\ SplitName
                    /\ Mutation # "name_test_before_read" -> "test"
                 [] OTHER -> "call",
            ops[f])
    /\ Step(c, CASE fr[c].op = "issig" -> "dma_fence_is_signaled"
                 [] fr[c].op = "enable" -> "__dma_fence_enable_signaling"
                 [] fr[c].op = "name" -> "dma_fence_driver_name"
                 [] OTHER -> "dma_fence_release",
            IF UsesRcu /\ Mutation # "ops_outside_rcu"
            THEN "rcu_read_lock; ops = rcu_dereference(fence->ops)"
            ELSE "ops = fence->ops", f)
    /\ UNCHANGED <<fenceVars, moduleVars, held, calls, gpWait, histVars>>

(* The name queries' dma_fence_test_signaled_flag(), after reading        *)
(* fence->ops (dma_fence_driver_name() / dma_fence_timeline_name() in     *)
(* mainline since 2025): set means the answer is a fixed string and the   *)
(* driver is not called.  The ops pointer is used without a NULL test:    *)
(* the order makes it safe (a NULL pointer was read after the detach, so  *)
(* the test that follows sees SIGNALED).  Broken "name_test_before_read"  *)
(* tests first and reads fence->ops afterwards, so the detach can fall    *)
(* between the two and the query calls through NULL.                      *)
NameTest(c) ==
    LET f == fr[c].f
        first == Mutation = "name_test_before_read"
    IN
    /\ fr[c].op = "name" /\ fr[c].pc = "test"
    /\ fr' = [fr EXCEPT ![c].pc = IF first THEN "read" ELSE "call",
                        ![c].s = signaled[f]]
    /\ Step(c, "dma_fence_driver_name",
            IF signaled[f] THEN "test SIGNALED: set" ELSE "test SIGNALED: clear", f)
    /\ UNCHANGED <<fenceVars, moduleVars, held, rcu, calls, histVars>>

(* Broken "ops_outside_rcu": rcu_read_lock() after the pointer was read.  *)
LateRcuLock(c) ==
    /\ fr[c].pc = "rcu"
    /\ rcu' = [rcu EXCEPT ![c] = @ + 1]
    /\ Goto(c, IF fr[c].op = "name" /\ SplitName THEN "test" ELSE "call", fr[c].p)
    /\ Step(c, "rcu_read_lock", "late: ops already read", fr[c].f)
    /\ UNCHANGED <<fenceVars, moduleVars, held, calls, gpWait, histVars>>

(* The core's call through the ops pointer it read, each op as upstream   *)
(* guards it (`ops && ops->op && ...`; the legacy core has no NULL test,  *)
(* its ops are never NULL):                                               *)
(*  - ->signaled (dma_fence_is_signaled): true if the hardware passed the *)
(*    seqno, and then dma_fence_signal();                                 *)
(*  - ->enable_signaling: false if the hardware already passed the seqno, *)
(*    and then the core signals the fence;                                *)
(*  - ->get_driver_name (dma_fence_driver_name): reworked answers a fixed *)
(*    string once SIGNALED is set or ops is NULL; legacy always calls;     *)
(*  - dma_fence_release(): ops->release if the ops are there (reading     *)
(*    ops->release reads the module's table), else dma_fence_free().      *)
(* Broken "no_null_check": ->signaled/->enable_signaling called whatever  *)
(* the pointer, i.e. after the ops were detached.                         *)
OpsCall(c) ==
    LET f == fr[c].f
        op == fr[c].op
        p == fr[c].p
        fn == CASE op = "issig" -> "ops->signaled"
                [] op = "enable" -> "ops->enable_signaling"
                [] op = "name" -> "ops->get_driver_name"
                [] OTHER -> "ops->release"
        skipName == op = "name" /\ SplitName /\ fr[c].s
        null == \/ p = "null" /\ op \in {"issig", "enable"} /\ Mutation = "no_null_check"
                \/ p = "null" /\ op = "name" /\ ~skipName
        runs == p = "drv" /\ ~skipName /\ ~null
        signals == runs /\ hwDone[f] /\ op \in {"issig", "enable"}
    IN
    /\ fr[c].pc = "call"
    /\ IF runs THEN TouchModule(fn, f) ELSE UNCHANGED codeAfterUnload
    /\ nullCalls' = IF null THEN nullCalls \cup {Site(fn, f)} ELSE nullCalls
    /\ lostAnswers' = IF runs /\ op \in {"issig", "name"} /\ signaled[f]
                         /\ module = "unloaded"
                      THEN lostAnswers \cup {Site(fn, f)} ELSE lostAnswers
    /\ IF signals THEN SignalFence(f) ELSE UNCHANGED <<signaled, ops>>
    /\ freed' = IF op = "release" THEN [freed EXCEPT ![f] = TRUE] ELSE freed
    /\ IF UsesRcu THEN Goto(c, "unlock", p) ELSE Done(c)
    /\ Step(c, fn, CASE null -> "call through NULL ops"
                     [] ~runs /\ op = "release" -> "ops NULL: dma_fence_free()"
                     [] ~runs /\ op = "name" -> "answer \"detached-driver\""
                     [] ~runs -> "ops NULL: skipped"
                     [] signals -> "driver code runs; hw passed: dma_fence_signal"
                     [] OTHER -> "driver code runs", f)
    /\ UNCHANGED <<enabled, hwDone, driverRef, moduleVars, held, rcu, calls>>

(* rcu_read_unlock() at the end of the reworked call.  Broken              *)
(* "rcu_unlock_leak": the early return of dma_fence_is_signaled() on a     *)
(* detached fence forgets it.  Broken "rcu_double_unlock": the name query *)
(* unlocks twice (an unbalanced rcu_read_unlock()).                       *)
RcuReadUnlock(c) ==
    /\ fr[c].pc = "unlock"
    /\ CASE Mutation = "rcu_unlock_leak" /\ fr[c].op = "issig" /\ fr[c].p = "null" ->
              UNCHANGED <<rcu, gpWait>>
         [] Mutation = "rcu_double_unlock" /\ fr[c].op = "name" ->
              /\ rcu' = [rcu EXCEPT ![c] = @ - 2]
              /\ gpWait' = gpWait \ {c}
         [] OTHER -> RcuUnlock(c)
    /\ Done(c)
    /\ Step(c, "rcu_read_unlock",
            IF Mutation = "rcu_unlock_leak" /\ fr[c].op = "issig" /\ fr[c].p = "null"
            THEN "forgotten" ELSE "leave read-side section", fr[c].f)
    /\ UNCHANGED <<fenceVars, module, held, calls, histVars>>

(***************************************************************************)
(* The hardware, the driver and module unload                              *)
(***************************************************************************)

(* The hardware passes fence f's seqno. *)
HwComplete(f) ==
    /\ ~hwDone[f]
    /\ hwDone' = [hwDone EXCEPT ![f] = TRUE]
    /\ Step("hw", "hw", "seqno passed", f)
    /\ UNCHANGED <<signaled, enabled, ops, driverRef, freed, moduleVars, cpuVars,
                   histVars>>

(* The driver retires a passed fence (its interrupt handler, or the drain *)
(* in its exit path): dma_fence_signal() unless already signaled, then    *)
(* dma_fence_put() of its reference; if that was the last, the release    *)
(* runs here, in module code that is still loaded.                        *)
DriverRetire(f) ==
    /\ module \in {"loaded", "exiting"}
    /\ hwDone[f] /\ driverRef[f]
    /\ SignalFence(f)
    /\ driverRef' = [driverRef EXCEPT ![f] = FALSE]
    /\ freed' = IF RefCount(f) = 1 THEN [freed EXCEPT ![f] = TRUE] ELSE freed
    /\ Step("driver", "drv_irq_handler",
            IF RefCount(f) = 1 THEN "dma_fence_signal; last put: release"
            ELSE "dma_fence_signal; dma_fence_put", f)
    /\ UNCHANGED <<enabled, hwDone, moduleVars, cpuVars, histVars>>

(* module_exit() starts: from now on the driver only retires fences. *)
ModuleExit ==
    /\ module = "loaded"
    /\ module' = "exiting"
    /\ Step("module", "module_exit", "unload requested", 0)
    /\ UNCHANGED <<fenceVars, gpWait, cpuVars, histVars>>

(* The exit path has retired every fence and calls synchronize_rcu(): the *)
(* grace period waits for the read-side sections open now.  Broken        *)
(* "no_grace_period": the module is freed at once.                        *)
ModuleDrained ==
    /\ module = "exiting"
    /\ \A f \in Fences : ~driverRef[f]
    /\ IF Mutation = "no_grace_period"
       THEN module' = "unloaded" /\ UNCHANGED gpWait
       ELSE module' = "grace" /\ gpWait' = {c \in CPUs : rcu[c] > 0}
    /\ Step("module", "module_exit",
            IF Mutation = "no_grace_period" THEN "module freed, no grace period"
            ELSE "synchronize_rcu", 0)
    /\ UNCHANGED <<fenceVars, cpuVars, histVars>>

(* The grace period ends once every section it waited for has ended; the *)
(* module's code and data are freed.                                       *)
GraceEnd ==
    /\ module = "grace" /\ gpWait = {}
    /\ module' = "unloaded"
    /\ Step("module", "free_module", "grace period over: module freed", 0)
    /\ UNCHANGED <<fenceVars, gpWait, cpuVars, histVars>>

(***************************************************************************)
(* The specification                                                       *)
(***************************************************************************)

Init ==
    /\ signaled = [f \in Fences |-> FALSE]
    /\ enabled = [f \in Fences |-> FALSE]
    /\ ops = [f \in Fences |-> "drv"]
    /\ hwDone = [f \in Fences |-> FALSE]
    /\ driverRef = [f \in Fences |-> TRUE]
    /\ held = [c \in CPUs |-> Fences]
    /\ freed = [f \in Fences |-> FALSE]
    /\ module = "loaded"
    /\ gpWait = {}
    /\ rcu = [c \in CPUs |-> 0]
    /\ fr = [c \in CPUs |-> Idle]
    /\ calls = [c \in CPUs |-> 0]
    /\ codeAfterUnload = {}
    /\ nullCalls = {}
    /\ lostAnswers = {}
    /\ step = [cpu |-> "none", ctx |-> "none", fn |-> "init",
               act |-> "dma_fence_init()", fence |-> 0]

(* One step of CPU c's current call (progress, not a choice). *)
CpuStep(c) ==
    \/ IsSignaledTest(c) \/ EnableTestAndSet(c) \/ Put(c) \/ GetStatus(c)
    \/ ReadOps(c) \/ NameTest(c) \/ LateRcuLock(c) \/ OpsCall(c)
    \/ RcuReadUnlock(c)

(* The driver's and the module's progress once unload was requested. *)
DriverStep ==
    \/ \E f \in Fences : HwComplete(f) \/ DriverRetire(f)
    \/ ModuleDrained \/ GraceEnd

Next ==
    \/ \E c \in CPUs : Call(c) \/ CpuStep(c)
    \/ DriverStep
    \/ ModuleExit

(* Fairness for UnloadCompletes: every CPU finishes the call it is in,    *)
(* the hardware and the driver make progress, the exit path goes on.      *)
(* Starting a call and requesting the unload are never forced.            *)
Fairness ==
    /\ \A c \in CPUs : WF_vars(CpuStep(c))
    /\ WF_vars(DriverStep)

Spec == Init /\ [][Next]_vars
FairSpec == Spec /\ Fairness
=============================================================================
