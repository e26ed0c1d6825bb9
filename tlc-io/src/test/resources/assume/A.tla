---- MODULE A ----
EXTENDS Naturals
CONSTANT Design
ASSUME Design \in {"legacy", "reworked"}
VARIABLE x
Init == x = 0
Next == x' = x
TypeOK == x \in Nat
====
