----------------------------- MODULE MCDmaFence -----------------------------
(***************************************************************************)
(* Model values for TLC.  The constants themselves are set per            *)
(* configuration in the MCDmaFence_*.cfg files.                          *)
(***************************************************************************)
EXTENDS DmaFenceProps, TLC

CONSTANTS c1, c2, c3

(* Two CPUs: the bound of the default gate. *)
MCCPUs2 == {c1, c2}

(* Three CPUs, for the larger configurations. *)
MCCPUs3 == {c1, c2, c3}

(* The CPUs are interchangeable. *)
CPUSymmetry == Permutations(MCCPUs2)

(* The fingerprinted state: everything but `step`, which only labels the *)
(* trace.                                                                 *)
View == <<fenceVars, hwVars, cpuVars, histVars>>

(* What a trace shows per state: the variables and the spinning CPUs. *)
TraceAlias ==
    [flags |-> flags, cbList |-> cbList, cbState |-> cbState, runs |-> runs,
     error |-> error, hwSeqno |-> hwSeqno, irqArmed |-> irqArmed,
     irqLine |-> irqLine, owner |-> owner, irqOn |-> irqOn, ctx |-> ctx,
     pc |-> [c \in CPUs |-> [k \in Contexts |-> fr[c][k].pc]],
     spinning |-> [c \in CPUs |-> SpinningOn(c)],
     woken |-> woken, enableCalls |-> enableCalls,
     drvUnderLock |-> drvUnderLock, step |-> step]
=============================================================================
