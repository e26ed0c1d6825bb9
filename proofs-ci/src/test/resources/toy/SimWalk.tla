---- MODULE SimWalk ----
\* A random walk on the naturals for the simulation campaign's tests (--simulate): Bounded fails once x reaches
\* Limit. The probes are those of spec/MCDmaFenceSim.tla, counting every trace (ProbeEvery = 1).
EXTENDS Naturals, TLC
CONSTANTS Limit
VARIABLES x, step

Init == x = 0 /\ step = "init"
Next == \/ x' = x + 1 /\ step' = "up"
        \/ x > 0 /\ x' = x - 1 /\ step' = "down"
Spec == Init /\ [][Next]_<<x, step>>

Bounded == x < Limit

ProbeEvery == 1
ASSUME TLCSet(1, 0) /\ TLCSet(2, 0)
DepthProbe ==
    LET l == TLCGet("level")
    IN  l > TLCGet(1) => (TLCSet(1, l) /\ PrintT(<<"sim_depth", l>>))
TraceProbe ==
    TLCGet("level") = 1 =>
        LET n == TLCGet(2) + 1
        IN  /\ TLCSet(2, n)
            /\ (n % ProbeEvery = 0 => PrintT(<<"sim_traces", n>>))
====
