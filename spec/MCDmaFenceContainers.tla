------------------------ MODULE MCDmaFenceContainers ------------------------
(***************************************************************************)
(* Model values for TLC; the constants are set per configuration in the  *)
(* MCDmaFenceContainers_*.cfg files.                                      *)
(***************************************************************************)
EXTENDS DmaFenceContainersProps, TLC

CONSTANTS c1, c2

(* Two CPUs. *)
MCCPUs2 == {c1, c2}

(* The CPUs are interchangeable (safety configurations only). *)
CPUSymmetry == Permutations(MCCPUs2)
=============================================================================
