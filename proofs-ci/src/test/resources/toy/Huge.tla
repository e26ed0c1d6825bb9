---- MODULE Huge ----
\* Far too many states to finish in a test: for the timeout.
EXTENDS Naturals
VARIABLES a, b
Init == a = 0 /\ b = 0
Next == a' \in 0..3000 /\ b' \in 0..3000
Inv == a >= 0
====
