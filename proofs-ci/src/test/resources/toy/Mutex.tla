---- MODULE Mutex ----
\* Two CPUs and one irqsave spinlock m: a toy for the gate's own tests. Broken = TRUE drops the lock check.
EXTENDS Integers
CONSTANTS Procs, Broken
VARIABLES pc, owner, irqOn, step, turns

vars == <<pc, owner, irqOn, step, turns>>
None == [cpu |-> "none", ctx |-> "none"]

Init == /\ pc = [p \in Procs |-> "idle"]
        /\ owner = [m |-> None]
        /\ irqOn = [p \in Procs |-> TRUE]
        /\ step = [cpu |-> "hw", fn |-> "boot", act |-> "init"]
        /\ turns = 0

Lock(p) == /\ pc[p] = "idle"
           /\ (Broken \/ owner.m = None)
           /\ owner' = [m |-> [cpu |-> p, ctx |-> "proc"]]
           /\ irqOn' = [irqOn EXCEPT ![p] = FALSE]
           /\ pc' = [pc EXCEPT ![p] = "crit"]
           /\ step' = [cpu |-> p, ctx |-> "proc", fn |-> "toy_enter", act |-> "spin_lock_irqsave(m)"]
           /\ turns' = (turns + 1) % 3

Unlock(p) == /\ pc[p] = "crit"
             /\ owner' = [m |-> None]
             /\ irqOn' = [irqOn EXCEPT ![p] = TRUE]
             /\ pc' = [pc EXCEPT ![p] = "idle"]
             /\ step' = [cpu |-> p, ctx |-> "proc", fn |-> "toy_leave", act |-> "spin_unlock_irqrestore(m)"]
             /\ UNCHANGED turns

Next == \E p \in Procs : Lock(p) \/ Unlock(p)
Spec == Init /\ [][Next]_vars /\ \A p \in Procs : WF_vars(Unlock(p))

TypeOK == /\ pc \in [Procs -> {"idle", "crit"}]
          /\ irqOn \in [Procs -> BOOLEAN]
          /\ turns \in 0..2
MutualExclusion == \A p, q \in Procs : p # q => ~(pc[p] = "crit" /\ pc[q] = "crit")
NoLockStealing == [][owner.m # None => owner'.m \in {owner.m, None}]_vars
UnlockEventually == \A p \in Procs : pc[p] = "crit" ~> pc[p] = "idle"
EveryoneEntersEventually == \A p \in Procs : []<>(pc[p] = "crit")
EventuallyTurns2 == <>(turns = 2)
====
