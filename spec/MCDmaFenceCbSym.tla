--------------------------- MODULE MCDmaFenceCbSym ---------------------------
(***************************************************************************)
(* The models of MCDmaFence with their user callbacks as model values, so *)
(* that TLC can treat them as interchangeable (the reduction "callbacks":  *)
(* the gate's --reduction callbacks, the all-3 models; spec/README.md,    *)
(* "Callback symmetry").  A cfg assigns every constant below and sets      *)
(* Cbs <- MCCbsN for its N callbacks.                                      *)
(***************************************************************************)
EXTENDS MCDmaFence

CONSTANTS cb1, cb2, cb3, cb4

(* The callback sets: the gate's models have one to four callbacks. *)
MCCbs1 == {cb1}
MCCbs2 == {cb1, cb2}
MCCbs3 == {cb1, cb2, cb3}
MCCbs4 == {cb1, cb2, cb3, cb4}

(* CPUs are interchangeable among themselves and callbacks among          *)
(* themselves: every permutation of the CPUs combined with every          *)
(* permutation of the callbacks (the product, not the union, of the two   *)
(* groups: a state whose CPUs and callbacks both differ from another's    *)
(* only by renaming is the same state).                                   *)
CPUCbSymmetry ==
    {[x \in CPUs \cup Cbs |-> IF x \in CPUs THEN p[x] ELSE q[x]] :
        p \in Permutations(CPUs), q \in Permutations(Cbs)}
=============================================================================
