---- MODULE Counter ----
\* Counts to 2 and stops: a deadlock, and a spec without the step/owner variables.
EXTENDS Naturals
VARIABLES x
Init == x = 0
Next == x < 2 /\ x' = x + 1
Inv == x <= 2
====
