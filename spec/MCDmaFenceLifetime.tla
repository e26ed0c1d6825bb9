------------------------- MODULE MCDmaFenceLifetime -------------------------
(***************************************************************************)
(* Model values for TLC.  The constants themselves are set per            *)
(* configuration in the MCDmaFenceLifetime_*.cfg files.                  *)
(***************************************************************************)
EXTENDS DmaFenceLifetimeProps, TLC

CONSTANTS c1, c2

(* Two CPUs: the bound of the default gate. *)
MCCPUs2 == {c1, c2}

(* The CPUs are interchangeable. *)
CPUSymmetry == Permutations(MCCPUs2)

(* The fingerprinted state: everything but `step`, which only labels the *)
(* trace.                                                                 *)
View == <<fenceVars, moduleVars, cpuVars, histVars>>
=============================================================================
