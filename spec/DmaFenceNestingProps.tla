------------------------ MODULE DmaFenceNestingProps ------------------------
(***************************************************************************)
(* The property of DmaFenceNesting.tla, named after the guarantee it      *)
(* states (issue 20), with the broken variants that TLC refutes           *)
(* (spec/README.md, "Containers").                                        *)
(***************************************************************************)
EXTENDS DmaFenceNesting

(* No container contains another of a kind the kernel forbids: no array  *)
(* member is a container (dma_fence_array_init()'s WARN_ON) and no chain  *)
(* contains a chain (dma_fence_chain_init()'s WARN_ON); chains link       *)
(* through prev only.                                                     *)
NoForbiddenNesting ==
    \A i \in Ids :
        /\ heap.kind[i] = "array" => \A m \in heap.mem[i] : heap.kind[m] \notin Containers
        /\ heap.kind[i] = "chain" => heap.kind[heap.con[i]] # "chain"
=============================================================================
