------------------------- MODULE DmaFenceLifetimeProps -------------------------
(***************************************************************************)
(* The properties fencecheck checks of DmaFenceLifetime, each named after  *)
(* the claim it states: the seed's last argument, that fences can outlive  *)
(* the driver module that created them.                                    *)
(***************************************************************************)
EXTENDS DmaFenceLifetime

(* The names of the op calls the history sets record. *)
OpNames == {"ops->signaled", "ops->enable_signaling", "ops->get_driver_name",
            "ops->release", "fence->lock"}

(* Every variable stays in its type. *)
TypeOK ==
    /\ signaled \in [Fences -> BOOLEAN]
    /\ enabled \in [Fences -> BOOLEAN]
    /\ ops \in [Fences -> OpsValues]
    /\ hwDone \in [Fences -> BOOLEAN]
    /\ driverRef \in [Fences -> BOOLEAN]
    /\ held \in [CPUs -> SUBSET Fences]
    /\ freed \in [Fences -> BOOLEAN]
    /\ module \in ModuleStates
    /\ gpWait \subseteq CPUs
    /\ rcu \in [CPUs -> Nat]
    /\ fr \in [CPUs -> Frame]
    /\ calls \in [CPUs -> 0 .. MaxCalls]
    /\ codeAfterUnload \subseteq OpNames \X Fences
    /\ nullCalls \subseteq OpNames \X Fences
    /\ lostAnswers \subseteq OpNames \X Fences

(* Seed claim (4): no code or data of an unloaded module is ever used: no  *)
(* op is called, and the ops table is not read, after the module is freed. *)
NoCodeAfterUnload == codeAfterUnload = {}

(* Upstream guarantee: the core never calls through a detached (NULL)     *)
(* fence->ops.                                                              *)
NoNullOpsCall == nullCalls = {}

(* Seed claim (4): a signaled fence still answers every query after its    *)
(* driver is gone: dma_fence_is_signaled() and the name queries return     *)
(* without running the driver's code.                                      *)
QueriesAnswerAfterUnload == lostAnswers = {}

(* Seed claim (4) as upstream implemented it: a signaled fence no longer   *)
(* points into its driver (fence->ops is NULL).                            *)
OpsDetachedOnSignal == \A f \in Fences : signaled[f] => ops[f] = "null"

(* A released fence is not used again: no CPU is in a call on it and the  *)
(* driver no longer holds it (the refcount keeps it alive until then).    *)
NoUseAfterRelease ==
    \A f \in Fences : freed[f] =>
        /\ ~driverRef[f]
        /\ \A c \in CPUs : fr[c].f = f => fr[c].op = "release"

(* Seed claim (4), liveness: once unload is requested it completes (the   *)
(* grace period ends: every read-side section is left).                  *)
UnloadCompletes == (module = "exiting") ~> (module = "unloaded")
=============================================================================
