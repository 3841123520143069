package io.jstpipeline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.common.qimen.QimenTime;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ERP at work while it is read: at a steady pace, orders and outbound notes are created (several notes for one
 * order) and changed (status, amounts, items and payments added and removed), each change moving the document's
 * {@code modified} and {@code ts} forward. What the stores hold once the changes stop is the truth the tables must
 * end with.
 */
final class DocumentChanges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentChanges.class);

    /** The kinds of change, and whether each needs an order (or else a note) to work on. */
    enum Change {
        NEW_ORDER(true), NEW_NOTE(true), ORDER_STATUS(true), ORDER_AMOUNT(true), ORDER_ITEM_ADDED(true),
        ORDER_ITEM_REMOVED(true), PAYMENT_ADDED(true), PAYMENT_REMOVED(true), NOTE_STATUS(false), NOTE_AMOUNT(false),
        NOTE_ITEM_ADDED(false), NOTE_ITEM_REMOVED(false);

        private final boolean onOrders;

        Change(boolean onOrders) {
            this.onOrders = onOrders;
        }
    }

    private final DocumentStore notes;
    private final DocumentStore orders;
    private final Random random;
    private final ScheduledExecutorService clock =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("qimen-sandbox-changes"));
    private final Map<Change, Long> made = new TreeMap<>(); // guarded by this
    private long nextNoteId;
    private long nextNoteItemId;
    private long nextOrderId;
    private long nextOrderItemId;
    private long nextPaymentId;

    DocumentChanges(DocumentStore notes, DocumentStore orders, long seed) {
        this.notes = notes;
        this.orders = orders;
        this.random = new Random(seed);
        List<ObjectNode> noteList = notes.snapshot();
        List<ObjectNode> orderList = orders.snapshot();
        // New ids follow the largest of their field, so that no change reuses an id a table has seen.
        nextNoteId = max(noteList, null, "io_id") + 1;
        nextNoteItemId = max(noteList, "items", "ioi_id") + 1;
        nextOrderId = max(orderList, null, "o_id") + 1;
        nextOrderItemId = Math.max(max(orderList, "items", "oi_id"), max(noteList, "items", "oi_id")) + 1;
        nextPaymentId = max(orderList, "pays", "pay_id") + 1;
    }

    /** Makes {@code perSecond} changes a second from now on. */
    DocumentChanges start(double perSecond) {
        long periodNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        clock.scheduleAtFixedRate(this::changeOne, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        return this;
    }

    /** Stops making changes; a change under way finishes first. */
    @Override
    public void close() {
        clock.shutdown();
        try {
            clock.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many changes of each kind were made so far, by name. */
    synchronized Map<String, Long> made() {
        Map<String, Long> byName = new TreeMap<>();
        made.forEach((change, count) -> byName.put(change.name(), count));
        return byName;
    }

    private synchronized void changeOne() {
        try {
            Change change = pick();
            if (change != null) {
                apply(change);
                made.merge(change, 1L, Long::sum);
            }
        } catch (RuntimeException e) {
            // A change that cannot be made now (say, nothing to remove) is skipped; the clock goes on.
            LOG.warn("sandbox change failed: {}", e.toString());
        }
    }

    private Change pick() {
        if (orders.size() == 0 && notes.size() == 0) {
            return null;
        }
        Change[] changes = Change.values();
        for (int attempt = 0; attempt < 10; attempt++) {
            Change change = changes[random.nextInt(changes.length)];
            if (change.onOrders ? orders.size() > 0 : notes.size() > 0) {
                return change;
            }
        }
        return null;
    }

    private void apply(Change change) {
        switch (change) {
            case NEW_ORDER -> orders.create(newOrder(), QimenTime.now());
            case NEW_NOTE -> notes.create(newNote(), QimenTime.now());
            case ORDER_STATUS -> reviseOrder(order -> order.put("status", any(OrderGenerator.STATUSES)));
            case ORDER_AMOUNT -> reviseOrder(order -> order.put("pay_amount", money()));
            case ORDER_ITEM_ADDED -> reviseOrder(order -> addCopy(order.withArray("items"), "oi_id", nextOrderItemId++));
            case ORDER_ITEM_REMOVED -> reviseOrder(order -> removeOne(order.withArray("items"), 1));
            case PAYMENT_ADDED -> reviseOrder(this::addPayment);
            // Down to none: the order's row becomes {o_id}-none and the payments' rows must go.
            case PAYMENT_REMOVED -> reviseOrder(order -> removeOne(order.withArray("pays"), 0));
            case NOTE_STATUS -> reviseNote(note -> note.put("status", any(SaleoutGenerator.STATUSES)));
            case NOTE_AMOUNT -> reviseNote(note -> note.put("pay_amount", money()));
            case NOTE_ITEM_ADDED -> reviseNote(note -> addCopy(note.withArray("items"), "ioi_id", nextNoteItemId++));
            case NOTE_ITEM_REMOVED -> reviseNote(note -> removeOne(note.withArray("items"), 1));
        }
    }

    private void reviseOrder(Consumer<ObjectNode> change) {
        revise(orders, change);
    }

    private void reviseNote(Consumer<ObjectNode> change) {
        revise(notes, change);
    }

    /** Revises a random document of {@code store} that is not to be kept as it is (a messy one). */
    private void revise(DocumentStore store, Consumer<ObjectNode> change) {
        for (int attempt = 0; attempt < 10; attempt++) {
            long id = store.idAt(random.nextInt(store.size()));
            if (!store.keptAsIs(id)) {
                store.revise(id, change, QimenTime.now());
                return;
            }
        }
        throw new IllegalStateException("no document to revise found among those not kept as they are");
    }

    /** A copy of an order under new ids, just placed. */
    private ObjectNode newOrder() {
        ObjectNode order = orders.snapshotOf(orders.idAt(random.nextInt(orders.size())));
        long oId = nextOrderId++;
        order.put("o_id", oId);
        order.put("so_id", "SB" + oId);
        order.put("status", "WaitConfirm");
        order.put("created", QimenTime.format(QimenTime.now()));
        order.withArray("items").forEach(item -> ((ObjectNode) item).put("oi_id", nextOrderItemId++));
        order.withArray("pays").forEach(pay -> ((ObjectNode) pay).put("pay_id", nextPaymentId++));
        return order;
    }

    /** Another outbound note for an existing order (a split shipment), its items under new ids. */
    private ObjectNode newNote() {
        ObjectNode order = orders.snapshotOf(orders.idAt(random.nextInt(orders.size())));
        ObjectNode note = notes.size() > 0 ? notes.snapshotOf(notes.idAt(random.nextInt(notes.size())))
                : order.deepCopy().retain("co_id", "shop_id", "shop_name", "items");
        note.put("io_id", nextNoteId++);
        note.put("o_id", order.path("o_id").asLong());
        note.put("so_id", order.path("so_id").asText());
        note.put("status", "WaitConfirm");
        note.put("io_date", QimenTime.format(QimenTime.now()));
        note.withArray("items").forEach(item -> ((ObjectNode) item).put("ioi_id", nextNoteItemId++));
        return note;
    }

    private void addPayment(ObjectNode order) {
        ArrayNode pays = order.withArray("pays");
        if (!pays.isEmpty()) {
            addCopy(pays, "pay_id", nextPaymentId++);
            return;
        }
        ObjectNode pay = pays.addObject();
        pay.put("pay_id", nextPaymentId++);
        pay.put("outer_pay_id", "SBPAY" + pay.get("pay_id").asText());
        pay.put("pay_date", QimenTime.format(QimenTime.now()));
        pay.put("amount", order.path("pay_amount").asText("0.00"));
        pay.put("payment", "支付宝");
        pay.put("buyer_account", "sandbox@example.com");
        pay.put("status", "Confirmed");
        pay.put("is_order_pay", true);
    }

    /** Appends a copy of a random element under the new id. */
    private void addCopy(ArrayNode elements, String idField, long id) {
        if (elements.isEmpty()) {
            return;
        }
        ObjectNode copy = ((ObjectNode) elements.get(random.nextInt(elements.size()))).deepCopy();
        copy.put(idField, id);
        elements.add(copy);
    }

    /** Removes a random element while more than {@code keep} remain. */
    private void removeOne(ArrayNode elements, int keep) {
        if (elements.size() > keep) {
            elements.remove(random.nextInt(elements.size()));
        }
    }

    private String any(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String money() {
        return BigDecimal.valueOf(100 + random.nextInt(99_900), 2).setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    private static long max(List<ObjectNode> documents, String array, String field) {
        long max = 0;
        for (ObjectNode document : documents) {
            if (array == null) {
                max = Math.max(max, document.path(field).asLong());
            } else {
                for (JsonNode element : document.path(array)) {
                    max = Math.max(max, element.path(field).asLong());
                }
            }
        }
        return max;
    }
}
