package org.fencecheck.drivers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Mirrors {@code struct list_head} and include/linux/list.h with {@code CONFIG_DEBUG_LIST}: an intrusive doubly
 * linked list whose every pointer is a plain field, written in the order list.h writes it, so that a racing
 * unlocked {@code list_add_tail()} loses entries exactly as the C code does (the spec's {@code lost} set). Each
 * entry is named by the seqno of the fence it is embedded in (0 for a list head).
 *
 * <p>As with {@code CONFIG_DEBUG_LIST}, {@code __list_del_entry_valid()} checks an entry before it is unlinked:
 * a poisoned or corrupt entry is reported ("list_del corruption", the spec's {@code NoDoubleListDel}) and left
 * alone rather than dereferenced.
 */
public final class ListHead {

    /** {@code LIST_POISON1}: what {@code list_del()} leaves in {@code entry->next}. */
    static final ListHead POISON1 = new ListHead(-1);
    /** {@code LIST_POISON2}: what {@code list_del()} leaves in {@code entry->prev}. */
    static final ListHead POISON2 = new ListHead(-2);

    /** The seqno of the fence this entry is embedded in; 0 for a list head. */
    final long owner;
    ListHead next;
    ListHead prev;

    private ListHead(long owner) {
        this.owner = owner;
    }

    /**
     * {@code LIST_HEAD_INIT} / {@code INIT_LIST_HEAD()}: an empty list, or an entry linked to itself.
     *
     * @param owner the seqno of the fence the entry is embedded in, 0 for a head
     * @return the initialised node
     */
    public static ListHead init(long owner) {
        ListHead h = new ListHead(owner);
        h.next = h;
        h.prev = h;
        return h;
    }

    /** {@code list_empty()}: the head (or entry) links to itself. */
    public boolean isEmpty() {
        return next == this;
    }

    /**
     * {@code list_add_tail(entry, head)} = {@code __list_add(entry, head->prev, head)}: one read of the tail,
     * then four plain writes in list.h's order. Unlocked, two adders that read the same tail leave one entry
     * unreachable; an adder whose tail was unlinked meanwhile hangs its entry off a detached node.
     *
     * @param entry the entry to link
     * @param head  the list head
     */
    public static void addTail(ListHead entry, ListHead head) {
        add(entry, head.prev, head);
    }

    /**
     * {@code __list_add(entry, prev, next)}: links the entry between two nodes the caller read before, in
     * list.h's order. A caller that read {@code prev} without the list's lock may find it unlinked meanwhile.
     *
     * @param entry the entry to link
     * @param prev  the node to link after
     * @param next  the node to link before
     */
    public static void add(ListHead entry, ListHead prev, ListHead next) {
        next.prev = entry;
        entry.next = next;
        entry.prev = prev;
        prev.next = entry;
    }

    /** Returns {@code head->prev}, the tail a {@code list_add_tail()} links after. */
    public ListHead tail() {
        return prev;
    }

    /**
     * {@code list_del()}: unlinks the entry and poisons it. A poisoned or corrupt entry is reported to
     * {@code corrupt} (the entry's seqno) and left alone, as {@code __list_del_entry_valid()} does.
     *
     * @param entry   the entry
     * @param corrupt receives the seqno of an entry that fails the check
     */
    public static void del(ListHead entry, LongConsumer corrupt) {
        if (unlinkValid(entry, corrupt)) {
            entry.next = POISON1;
            entry.prev = POISON2;
        }
    }

    /**
     * {@code list_del_init()}: unlinks the entry and links it to itself; on an entry already linked to itself it
     * changes nothing, as in C.
     *
     * @param entry   the entry
     * @param corrupt receives the seqno of an entry that fails the check
     */
    public static void delInit(ListHead entry, LongConsumer corrupt) {
        if (unlinkValid(entry, corrupt)) {
            entry.next = entry;
            entry.prev = entry;
        }
    }

    /** {@code __list_del_entry_valid()} then {@code __list_del()}. */
    private static boolean unlinkValid(ListHead entry, LongConsumer corrupt) {
        ListHead prev = entry.prev;
        ListHead next = entry.next;
        if (next == POISON1 || prev == POISON2 || prev.next != entry || next.prev != entry) {
            corrupt.accept(entry.owner);
            return false;
        }
        next.prev = prev;
        prev.next = next;
        return true;
    }

    /** Whether the entry was linked and not unlinked since: neither linked to itself nor poisoned. */
    public boolean linked() {
        return next != this && next != POISON1;
    }

    /**
     * The seqnos of the entries a walk from this head reaches, in list order ({@code list_for_each_entry}); stops
     * at a poisoned link or after {@code limit} entries (a corrupt list may loop).
     *
     * @param limit the most entries to walk
     * @return the seqnos reached
     */
    public List<Long> walk(int limit) {
        List<Long> out = new ArrayList<>();
        for (ListHead p = next; p != this && p != POISON1 && p != null && out.size() < limit; p = p.next) {
            out.add(p.owner);
        }
        return out;
    }
}
