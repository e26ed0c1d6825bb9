--------------------------- MODULE MCDmaFenceSim ---------------------------
(***************************************************************************)
(* Model values and probes for the simulation campaign (issue 21): the    *)
(* gate's `--simulate` runs TLC's random simulation on the bounds beyond  *)
(* exhaustive reach (every dimension at 3 or 4).  A separate module, so   *)
(* that the fourth CPU constant c4 does not have to be assigned by every  *)
(* MCDmaFence_*.cfg.                                                       *)
(*                                                                         *)
(* TLC 2.18 prints no count of traces and no depth in simulation mode, so *)
(* two probes, listed as invariants that always hold, print them through  *)
(* TLC registers (per worker: the campaign runs one worker):              *)
(*   register 1: the deepest level seen, printed at each new maximum as   *)
(*               <<"sim_depth", n>>;                                       *)
(*   register 2: the traces started (a state of level 1 starts one),      *)
(*               printed every ProbeEvery traces as <<"sim_traces", n>>.  *)
(***************************************************************************)
EXTENDS DmaFenceProps, TLC

CONSTANTS c1, c2, c3, c4

MCCPUs3 == {c1, c2, c3}
MCCPUs4 == {c1, c2, c3, c4}

(* As in MCDmaFence; simulation fingerprints nothing, the cfgs keep it for *)
(* a replay by model checking.                                            *)
View == <<fenceVars, hwVars, cpuVars, histVars>>

ProbeEvery == 100

ASSUME TLCSet(1, 0) /\ TLCSet(2, 0)

DepthProbe ==
    LET l == TLCGet("level")
    IN  l > TLCGet(1) => (TLCSet(1, l) /\ PrintT(<<"sim_depth", l>>))

TraceProbe ==
    TLCGet("level") = 1 =>
        LET n == TLCGet(2) + 1
        IN  /\ TLCSet(2, n)
            /\ (n % ProbeEvery = 0 => PrintT(<<"sim_traces", n>>))
=============================================================================
