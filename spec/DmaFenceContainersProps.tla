---------------------- MODULE DmaFenceContainersProps ----------------------
(***************************************************************************)
(* The properties of DmaFenceContainers.tla, each named after the         *)
(* guarantee it states (issue 20).  Each has a broken variant that TLC    *)
(* refutes (spec/README.md, "Containers").                                *)
(***************************************************************************)
EXTENDS DmaFenceContainers

(* No CPU spins on a lock it holds itself (a member's callback that takes *)
(* the lock of a member sharing its timeline lock).                       *)
NoSelfDeadlock == \A c \in CPUs : Wants(F(c)) \notin Held(c)

(* No two CPUs each spin on a lock the other holds: the ABBA deadlock of  *)
(* a container lock and a member lock taken in opposite orders.           *)
NoCrossCpuDeadlock ==
    ~\E c, d \in CPUs :
        /\ c # d
        /\ Wants(F(c)) # "none" /\ Wants(F(d)) # "none"
        /\ owner[Wants(F(c))] = d /\ owner[Wants(F(d))] = c

(* The locks a CPU holds or spins on. *)
Attempted(c) == Held(c) \cup (IF Wants(F(c)) = "none" THEN {} ELSE {Wants(F(c))})

(* Lockdep's "possible recursive locking detected": a CPU takes a lock of *)
(* a class it already holds, even when the two are different instances   *)
(* (a container's lock and a member's lock of one class).                 *)
LockdepNoRecursion ==
    \A c \in CPUs : \A l1, l2 \in Attempted(c) : l1 # l2 => Class(l1) # Class(l2)

(* The dependency edges between two different classes, and their paths   *)
(* of up to three edges (there are at most three classes: the            *)
(* container's, the members' and the members' driver lock's).             *)
ASSUME Cardinality(Classes) <= 3
Edges == {e \in order : e[1] # e[2]}
Compose(R, T) == {<<a, b>> \in Classes \X Classes :
                    \E m \in Classes : <<a, m>> \in R /\ <<m, b>> \in T}
Paths == Edges \cup Compose(Edges, Edges) \cup Compose(Edges, Compose(Edges, Edges))

(* Lockdep's "possible circular locking dependency detected": the classes *)
(* were taken in an order and, elsewhere, in the reverse one.             *)
LockdepNoCircularDependency == \A a \in Classes : <<a, a>> \notin Paths

(* The cover letter's claim for containers, "their add_callback nesting  *)
(* is gone": no fence lock is ever taken while a CPU holds the container's *)
(* lock.  Legacy's op nests every member's lock inside the array's (which  *)
(* is sound there because the array's lock has its own lockdep class).    *)
NoLockTakenUnderContainerLock ==
    \A c \in CPUs : owner[LockOf(A)] = c => Attempted(c) = {LockOf(A)}

(* Kernel rule (DmaFence.tla's property of the same name): code called    *)
(* from an atomic context never enables IRQs.  Here the atomic contexts    *)
(* are hard IRQ (a member's interrupt handler, the container's irq_work,   *)
(* which calls the chain's op and so the members' ops) and legacy's        *)
(* container op, which runs under the container's lock taken irqsave and   *)
(* calls the members' ops from there.  A member op that ends with          *)
(* spin_unlock_irq() would let an interrupt nest there.  As in the core,   *)
(* the member's own fence lock is not counted: a driver that turns IRQs on *)
(* under it is the core's NoSelfDeadlock.                                  *)
AtomicCallerKeepsIrqsOff ==
    \A c \in CPUs : (ctx[c] = "irq" \/ owner[LockOf(A)] = c) => ~irqOn[c]

(* No step touches a fence after its last reference was dropped (what   *)
(* KASAN reports as a use-after-free).                                    *)
NoUseAfterFree == ~uaf

(* The container is signalled only once its members allow it: all of     *)
(* them (a chain: every link's contained fence), or one with an array's   *)
(* signal_on_any.                                                         *)
ContainerSignaledOnlyWhenAllowed ==
    sig[A] => IF SignalOnAny THEN \E i \in Members : sig[i]
              ELSE \A i \in Members : sig[i]

(* References to the members balance: none is ever dropped twice, and    *)
(* once the container is released each member holds only its driver's   *)
(* and every earlier link of a chain is released too.                    *)
MemberRefsBalance ==
    /\ \A f \in Fences \ {A} : ref[f] >= 0
    /\ freed[A] => /\ \A i \in Members : ref[i] = 1
                   /\ \A n \in Nodes : freed[n]

(* dma_fence_chain_find_seqno() leaves in *pfence a fence that signals   *)
(* only once the point asked for has: never a later link.                 *)
FindSeqnoCoversPoint == found

(* A user callback added to the array (0 returned) eventually runs. *)
ContainerCallbacksRun == \A c \in CPUs : cbState[c] = "added" ~> cbState[c] = "ran"

(* A poll loop of dma_fence_is_signaled() on the array, with or without   *)
(* signalling enabled, eventually sees it signalled (the members' hardware *)
(* passes them).                                                          *)
PollerSeesSignal ==
    \A c \in CPUs : fr[c].proc.op = "pollloop" ~> fr[c].proc.op # "pollloop"
=============================================================================
