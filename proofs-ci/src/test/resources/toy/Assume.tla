---- MODULE Assume ----
(* A toy whose cfg sets a constant outside the spec's ASSUME: TLC stops with exit 10 before any state. *)
EXTENDS Naturals
CONSTANT Design
ASSUME Design \in {"legacy", "reworked"}
VARIABLE x
Init == x = 0
Next == x' = x
Inv == x \in Nat
====
