------------------------- MODULE DmaFenceDriversProps -------------------------
(***************************************************************************)
(* The properties of the driver profiles (DmaFenceDrivers.tla): the        *)
(* bookkeeping each driver keeps under its fence lock, named after what    *)
(* the driver relies on.  The core's properties (DmaFenceProps.tla) are    *)
(* checked beside them.                                                    *)
(***************************************************************************)
EXTENDS DmaFenceDrivers, DmaFenceProps

(* The driver state stays in its type.  References and counts are        *)
(* naturals: refcount_t and kref warn on an underflow ("refcount_t:         *)
(* underflow; use-after-free"), and a negative notify_ref has no meaning.   *)
DriverTypeOK ==
    /\ pending \in Seq(Fences)
    /\ lost \subseteq Fences
    /\ refs \in [Fences -> Nat]
    /\ count \in Nat
    /\ mark \subseteq Fences /\ gone \subseteq Fences
    /\ work \in BOOLEAN /\ owned \in BOOLEAN
    /\ svm \in {"live", "freed"}
    /\ kref \in Nat
    /\ drvErr \subseteq [what : {"list_del", "put", "add", "uaf"}, f : Fences]
    /\ lastSeq \in Nat

(* Nothing runs, no interrupt is pending and no driver work is queued (for *)
(* host1x: no timeout work pending):                                       *)
(* whatever the driver's paths will undo, they have undone.               *)
DriverQuiescent == Quiescent /\ ~work /\ (Base = "host1x" => mark = {})

(* list_del() only of a linked entry: never a second list_del of a fence   *)
(* that another path already unlinked.                                    *)
NoDoubleListDel == \A e \in drvErr : e.what # "list_del"

(* Every dma_fence_put() by the driver drops a reference the driver took:  *)
(* it never drops the caller's.                                           *)
DriverRefsBalance == \A e \in drvErr : e.what # "put"

(* Every entry the driver linked stays reachable from its list head.      *)
NoLostListEntry == lost = {}

(* Nothing is added for a fence after it signalled: no list entry, no     *)
(* reference, no counted waiter.                                          *)
NothingAddedAfterSignal == \A e \in drvErr : e.what # "add"

(* No driver object is dereferenced after it was freed. *)
NoUseAfterFree == \A e \in drvErr : e.what # "uaf"

(* Once quiet, each list entry holds exactly its one reference, no         *)
(* reference is held without an entry, and a signalled fence still listed *)
(* is one the hardware passed (the next walk of the list reaps it).       *)
NoEntryLeftForSignaled ==
    DriverQuiescent =>
        \A f \in Fences : /\ refs[f] = (IF f \in Listed THEN 1 ELSE 0)
                          /\ Signaled(f) /\ f \in Listed => hwSeqno >= f

(* nouveau: once quiet, fctx->notify_ref counts the listed fences with    *)
(* USER_BITS, and the event is allowed exactly while it is non-zero.      *)
NotifyRefMatchesUserBits ==
    DriverQuiescent => /\ count = Cardinality(mark \cap Listed)
                       /\ irqArmed = (count > 0)

(* vmwgfx: once quiet, the seqno-waiter count is the number of fences     *)
(* with waiter_added, all of them still on the fence list, and the fence   *)
(* interrupt is on exactly while there is a waiter.                        *)
SeqnoWaitersMatchFlags ==
    DriverQuiescent => /\ count = Cardinality(mark)
                       /\ mark \subseteq Listed
                       /\ irqArmed = (count > 0)

(* radeon: once quiet, the ring's sw-irq count is the number of wait-queue *)
(* entries, each holding one fence reference, the interrupt is on exactly  *)
(* while there is one, and no entry waits for a seqno last_seq passed.     *)
SwIrqRefsMatchWaitEntries ==
    DriverQuiescent => /\ count = Cardinality(mark)
                       /\ irqArmed = (count > 0)
                       /\ \A f \in Fences : /\ refs[f] = (IF f \in mark THEN 1 ELSE 0)
                                             /\ f \in mark => lastSeq < f

(* i915: the requests whose notification is in flight: SIGNALED is set    *)
(* (a lock-free test_and_set_bit() in irq_signal_request() or             *)
(* signal_irq_work()) and the request waits on b->signaled_requests or on  *)
(* an irq_work's local signal list for rq->lock, under which its cb_list  *)
(* is spliced and run.  No other profile defers the splice.               *)
NotifyInFlight ==
    IF Base = "i915" THEN gone \cup UNION {fr[c].irq.seen : c \in CPUs} ELSE {}

(* The core's CbListEmptyAfterSignal for a driver that sets SIGNALED       *)
(* before it splices (i915): once no notification of the fence is in      *)
(* flight, a signalled fence lists no user callback - every callback      *)
(* listed when SIGNALED was set has been spliced off and run, and none    *)
(* was added later.                                                       *)
CbListEmptyOnceNotified ==
    \A f \in Fences : Signaled(f) /\ f \notin NotifyInFlight
                        => Range(cbList[f]) \cap Cbs = {}

(* Once quiet, every fence with signalling enabled that the hardware has  *)
(* passed is signalled: no completion is lost.                            *)
NoLostCompletion ==
    DriverQuiescent =>
        \A f \in Fences : "ENABLE_SIGNAL" \in flags[f] /\ hwSeqno >= f
                              => Signaled(f)
=============================================================================
