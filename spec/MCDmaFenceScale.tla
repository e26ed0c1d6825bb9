--------------------------- MODULE MCDmaFenceScale ---------------------------
(***************************************************************************)
(* Model values for the scaling study of docs/performance.md (not part of *)
(* the gate): up to four CPUs, each CPU count with its own symmetry set.  *)
(* benchmarks/tlc-scaling.py writes the cfgs.                             *)
(***************************************************************************)
EXTENDS DmaFenceProps, TLC

CONSTANTS c1, c2, c3, c4

(* The CPU sets of the study. *)
MCCPUs2 == {c1, c2}
MCCPUs3 == {c1, c2, c3}
MCCPUs4 == {c1, c2, c3, c4}

(* The CPUs are interchangeable: one symmetry set per CPU count. *)
Sym2 == Permutations(MCCPUs2)
Sym3 == Permutations(MCCPUs3)
Sym4 == Permutations(MCCPUs4)

(* The fingerprinted state without `step`, which only labels the trace. *)
View == <<fenceVars, hwVars, cpuVars, histVars>>
=============================================================================
