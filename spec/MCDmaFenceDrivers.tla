-------------------------- MODULE MCDmaFenceDrivers --------------------------
(***************************************************************************)
(* Model values for the driver profiles; the constants themselves are set *)
(* per configuration in the MCDmaFenceDrivers_*.cfg files.               *)
(***************************************************************************)
EXTENDS DmaFenceDriversProps, TLC

CONSTANTS c1, c2, c3

(* Two CPUs: the bound of the default gate. *)
MCCPUs2 == {c1, c2}

(* The CPUs are interchangeable (no profile names one). *)
CPUSymmetry == Permutations(MCCPUs2)

(* The fingerprinted state: everything but `step`, which only labels the *)
(* trace.                                                                 *)
View == <<fenceVars, hwVars, cpuVars, histVars, drvVars>>
=============================================================================
