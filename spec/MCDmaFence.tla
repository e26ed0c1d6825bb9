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

(* The CPUs are interchangeable: every permutation of the cfg's CPUs. *)
CPUSymmetry == Permutations(CPUs)

(* The fingerprinted state: everything but `step`, which only labels the *)
(* trace.                                                                 *)
View == <<fenceVars, hwVars, cpuVars, histVars>>
=============================================================================
