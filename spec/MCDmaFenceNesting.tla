-------------------------- MODULE MCDmaFenceNesting --------------------------
(***************************************************************************)
(* Model values for TLC; the constants are set per configuration in the  *)
(* MCDmaFenceNesting_*.cfg files.                                         *)
(***************************************************************************)
EXTENDS DmaFenceNestingProps, TLC

CONSTANTS tA, tB

(* Two timeline syncobjs. *)
MCTimelines == {tA, tB}

(* The timelines are interchangeable. *)
TimelineSymmetry == Permutations(MCTimelines)
=============================================================================
