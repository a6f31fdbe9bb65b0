package dev.statewise.runtime;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The statements an {@link EventFeed} runs against one workflow's history and positions table,
 * written once from its descriptor (decision 0028). Every name comes from the descriptor or
 * {@link Columns}, quoted by jOOQ; values are bound. An {@code xid8} travels as the text of its
 * unsigned value: bound as {@code ?::xid8}, read as {@code ::text}.
 */
final class FeedQueries {

    /** Where a consumer that starts at the beginning starts: below every key. */
    static final FeedPosition BEGINNING = new FeedPosition(0, 0);

    /** Above every key: the largest {@code xid8}. */
    private static final FeedPosition ABOVE_EVERY_KEY = new FeedPosition(-1, Long.MAX_VALUE);

    private static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    /** The history columns an event is read from, in the order {@link #event} reads them. */
    private static final List<String> EVENT_COLUMNS = List.of(
            "id", "entity", "transition", "from_state", "to_state", "actor", "reason", "login_role", "occurred_at",
            "version", "feed_xid");

    /** The horizon: the oldest transaction id still running, from the statement's own snapshot. */
    private static final String HORIZON = "pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot())";

    /** When the transaction of the first event at or above the horizon {@code x.horizon} started. */
    private static final String FIRST_HELD = """
            SELECT h.{occurred_at}
              FROM {history} h
             WHERE h.{feed_xid} <> '0' AND h.{feed_xid} >= x.horizon
             ORDER BY h.{feed_xid}, h.{id}
             LIMIT 1""";

    private final String workflow;
    private final String positionTable;
    private final String tryLock;
    private final String selectLockHolder;
    private final String selectPosition;
    private final String insertAtBeginning;
    private final String insertNow;
    private final String selectBatch;
    private final String selectBatchFromBefore;
    private final String updateMove;
    private final String updateFailure;
    private final String selectCounts;
    private final String selectCountsFromBefore;
    private final String selectHolder;

    FeedQueries(WorkflowDescriptor descriptor) {
        this.workflow = descriptor.name();
        this.positionTable = descriptor.feed().positionTable();
        Map<String, String> names = Map.ofEntries(
                Map.entry("history", descriptor.historyTable()),
                Map.entry("positions", positionTable),
                Map.entry("id", Columns.History.ID),
                Map.entry("entity", descriptor.historyEntityColumn()),
                Map.entry("transition", Columns.History.TRANSITION),
                Map.entry("from_state", Columns.History.FROM_STATE),
                Map.entry("to_state", Columns.History.TO_STATE),
                Map.entry("actor", Columns.History.ACTOR),
                Map.entry("reason", Columns.History.REASON),
                Map.entry("login_role", Columns.History.LOGIN_ROLE),
                Map.entry("occurred_at", Columns.History.OCCURRED_AT),
                Map.entry("version", Columns.History.VERSION),
                Map.entry("feed_xid", Columns.History.FEED_XID),
                Map.entry("consumer", Columns.FeedPosition.CONSUMER),
                Map.entry("position_xid", Columns.FeedPosition.FEED_XID),
                Map.entry("history_id", Columns.FeedPosition.HISTORY_ID),
                Map.entry("delivered", Columns.FeedPosition.DELIVERED),
                Map.entry("moved_at", Columns.FeedPosition.MOVED_AT),
                Map.entry("attempts", Columns.FeedPosition.ATTEMPTS),
                Map.entry("failing_since", Columns.FeedPosition.FAILING_SINCE),
                Map.entry("retry_at", Columns.FeedPosition.RETRY_AT),
                Map.entry("last_error", Columns.FeedPosition.LAST_ERROR));
        String columns = EVENT_COLUMNS.stream().map(column -> "h.{" + column + "}").collect(Collectors.joining(", "));
        String eventColumns = EVENT_COLUMNS.stream()
                .map(column -> column.equals("feed_xid") ? "b.{feed_xid}::text" : "b.{" + column + "}")
                .collect(Collectors.joining(", "));

        this.tryLock = """
                SELECT pg_catalog.pg_try_advisory_xact_lock(?::pg_catalog.regclass::pg_catalog.oid::integer,
                                                            pg_catalog.hashtext(?)),
                       pg_catalog.current_setting('transaction_isolation')""";
        this.selectLockHolder = """
                SELECT l.pid
                  FROM pg_catalog.pg_locks l
                 WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                   AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d
                                      WHERE d.datname = pg_catalog.current_database())
                   AND l.classid = ?::pg_catalog.regclass::pg_catalog.oid
                   AND l.objid = pg_catalog.hashtext(?)::pg_catalog.oid
                 LIMIT 1""";
        this.selectPosition = fill(names, """
                SELECT p.{position_xid}::text, p.{history_id}, p.{delivered}, p.{moved_at}, p.{attempts},
                       p.{last_error}, p.{retry_at}, p.{retry_at} > pg_catalog.now()
                  FROM {positions} p
                 WHERE p.{consumer} = ?""");
        String create = """
                INSERT INTO {positions} ({consumer}, {position_xid}, {history_id})
                VALUES (?, %s, 0)
                ON CONFLICT ({consumer}) DO NOTHING""";
        this.insertAtBeginning = fill(names, create.formatted("'0'"));
        this.insertNow = fill(names, create.formatted(HORIZON));

        // One statement reads the batch and the horizon, from one snapshot: a horizon from a later
        // one could pass a transaction that committed after the rows were read (decision 0028).
        String read = """
                SELECT x.horizon::text, pg_catalog.statement_timestamp(), (%s), %s
                  FROM (SELECT %s AS horizon) x
                  LEFT JOIN (%s) b ON true
                 ORDER BY b.{feed_xid}, b.{id}
                 LIMIT ?""";
        this.selectBatch = fill(names, read.formatted(FIRST_HELD, eventColumns, HORIZON, readableAfter(columns)));
        this.selectBatchFromBefore = fill(names, read.formatted(FIRST_HELD, eventColumns, HORIZON,
                beforeTheFeed(columns) + "\nUNION ALL\n" + readableAfter(columns)));
        this.updateMove = fill(names, """
                UPDATE {positions}
                   SET {position_xid} = ?::xid8, {history_id} = ?, {delivered} = {delivered} + ?,
                       {moved_at} = pg_catalog.statement_timestamp(),
                       {attempts} = 0, {failing_since} = NULL, {retry_at} = NULL, {last_error} = NULL
                 WHERE {consumer} = ? AND {position_xid} = ?::xid8 AND {history_id} = ?""");
        // As long as the event has been failing, from a second to five minutes, as decision 0026
        // waits for a failing timeout.
        this.updateFailure = fill(names, """
                UPDATE {positions}
                   SET {attempts} = {attempts} + 1,
                       {last_error} = pg_catalog.left(?, 2000),
                       {failing_since} = coalesce({failing_since}, pg_catalog.now()),
                       {retry_at} = pg_catalog.now() + least(greatest(pg_catalog.now() - {failing_since},
                                                                      interval '1 second'),
                                                             interval '5 minutes')
                 WHERE {consumer} = ? AND {position_xid} = ?::xid8 AND {history_id} = ?
                RETURNING {attempts}, {retry_at}""");

        String count = """
                SELECT x.horizon::text,
                       (SELECT pg_catalog.count(*) FROM (SELECT 1 FROM (%s) branches LIMIT ?) due),
                       (SELECT pg_catalog.count(*)
                          FROM (SELECT 1 FROM {history} h
                                 WHERE h.{feed_xid} <> '0' AND h.{feed_xid} >= x.horizon
                                 LIMIT ?) held),
                       (%s)
                  FROM (SELECT %s AS horizon) x""";
        this.selectCounts = fill(names, count.formatted(readableAfter("1"), FIRST_HELD, HORIZON));
        this.selectCountsFromBefore = fill(names, count.formatted(
                beforeTheFeed("1") + "\nUNION ALL\n" + readableAfter("1"), FIRST_HELD, HORIZON));
        this.selectHolder = """
                SELECT a.pid, a.datname::text, a.usename::text, NULL
                  FROM pg_catalog.pg_stat_activity a
                 WHERE a.backend_xid = ?::xid8::xid
                UNION ALL
                SELECT NULL, p.database::text, p.owner::text, p.gid
                  FROM pg_catalog.pg_prepared_xacts p
                 WHERE p.transaction = ?::xid8::xid
                 LIMIT 1""";
    }

    /**
     * Selects {@code select} from the history rows after the position {@code (?, ?)} that are
     * readable: written below the horizon, in key order, at most {@code ?}. One index scan, which
     * starts at the position and ends at the horizon.
     */
    private static String readableAfter(String select) {
        return """
                (SELECT %s
                   FROM {history} h
                  WHERE h.{feed_xid} <> '0' AND (h.{feed_xid}, h.{id}) > (?::xid8, ?)
                    AND h.{feed_xid} < %s
                  ORDER BY h.{feed_xid}, h.{id}
                  LIMIT ?)""".formatted(select, HORIZON);
    }

    /**
     * Selects {@code select} from the history rows from before the feed ({@code feed_xid = '0'})
     * after the history id {@code ?}, in id order, at most {@code ?}: read while a position is
     * still among them, before every other row.
     */
    private static String beforeTheFeed(String select) {
        return """
                (SELECT %s
                   FROM {history} h
                  WHERE h.{feed_xid} = '0' AND h.{id} > ?
                  ORDER BY h.{id}
                  LIMIT ?)""".formatted(select);
    }

    /** The workflow's position table: {@code task_feed_position}. */
    String positionTable() {
        return positionTable;
    }

    /**
     * Tries to take the consumer's lock on this workflow for the rest of the transaction: false if
     * another transaction holds it. Advisory, so the transaction gets no id by it (decision 0028, E7);
     * keyed by the position table's oid, unique in the database, and the consumer's name.
     *
     * @throws IllegalStateException if the transaction is not {@code READ COMMITTED}, where the
     *     position read next could predate the lock
     */
    boolean lock(DSLContext tx, String consumer) {
        Record lock = tx.resultQuery(tryLock, positionTable, consumer).fetchOne();
        String isolation = lock.get(1, String.class);
        if (!isolation.equals("read committed")) {
            throw new IllegalStateException("the event feed reads " + workflow + " under READ COMMITTED, where the"
                    + " position it reads after taking its lock is the last one committed; this transaction is "
                    + isolation.toUpperCase(Locale.ROOT));
        }
        return lock.get(0, Boolean.class);
    }

    /** Creates the consumer's row at the start, unless it has one: the first instance to get here decides. */
    void create(DSLContext dsl, String consumer, EventFeed.Start start) {
        dsl.execute(start == EventFeed.Start.BEGINNING ? insertAtBeginning : insertNow, consumer);
    }

    /** The consumer's row, or {@code null} if it has none. */
    Position position(DSLContext tx, String consumer) {
        Record row = tx.resultQuery(selectPosition, consumer).fetchOne();
        if (row == null) {
            return null;
        }
        return new Position(
                new FeedPosition(xid(row.get(0, String.class)), row.get(1, Long.class)),
                row.get(2, Long.class),
                instant(row.get(3, OffsetDateTime.class)),
                row.get(4, Integer.class),
                row.get(5, String.class),
                instant(row.get(6, OffsetDateTime.class)),
                Boolean.TRUE.equals(row.get(7, Boolean.class)));
    }

    /**
     * The first {@code limit} events readable after {@code after}, in the feed's order, and the
     * horizon they were read below.
     */
    Read read(DSLContext tx, FeedPosition after, int limit) {
        String xid = Long.toUnsignedString(after.xid());
        List<Record> rows = after.xid() == 0
                ? tx.resultQuery(selectBatchFromBefore, after.historyId(), limit, xid, after.historyId(), limit, limit)
                        .fetch()
                : tx.resultQuery(selectBatch, xid, after.historyId(), limit, limit).fetch();
        Record first = rows.get(0);
        List<FeedEvent> events = new ArrayList<>();
        for (Record row : rows) {
            if (row.get(3) != null) {
                events.add(event(row, 3));
            }
        }
        return new Read(List.copyOf(events), xid(first.get(0, String.class)),
                instant(first.get(2, OffsetDateTime.class)), instant(first.get(1, OffsetDateTime.class)));
    }

    /**
     * Moves the consumer's position from {@code from} to {@code to}, counting {@code delivered}
     * events, and clears its failure: false if the position was not {@code from} any more.
     */
    boolean move(DSLContext tx, String consumer, FeedPosition from, FeedPosition to, int delivered) {
        return tx.execute(updateMove, Long.toUnsignedString(to.xid()), to.historyId(), delivered,
                consumer, Long.toUnsignedString(from.xid()), from.historyId()) == 1;
    }

    /**
     * Records that the handler failed on the event after {@code at}; {@code null} if the position
     * was not {@code at} any more.
     */
    Failure fail(DSLContext tx, String consumer, FeedPosition at, String error) {
        Record row = tx.resultQuery(updateFailure, error, consumer, Long.toUnsignedString(at.xid()), at.historyId())
                .fetchOne();
        return row == null ? null : new Failure(row.get(0, Integer.class), instant(row.get(1, OffsetDateTime.class)));
    }

    /** The status of the consumer, which starts at {@code start} if it has no row yet. */
    FeedStatus status(DSLContext tx, String consumer, EventFeed.Start start) {
        Position at = position(tx, consumer);
        // Without a row, a consumer that starts now has nothing due: its start will be the horizon.
        FeedPosition after = at != null ? at.at() : start == EventFeed.Start.BEGINNING ? BEGINNING : ABOVE_EVERY_KEY;
        String xid = Long.toUnsignedString(after.xid());
        int most = FeedStatus.COUNTED_UP_TO;
        Record counts = after.xid() == 0
                ? tx.resultQuery(selectCountsFromBefore, after.historyId(), most, xid, after.historyId(), most, most, most)
                        .fetchOne()
                : tx.resultQuery(selectCounts, xid, after.historyId(), most, most, most).fetchOne();
        long horizon = xid(counts.get(0, String.class));
        return new FeedStatus(
                workflow,
                consumer,
                at == null ? null : at.at(),
                at == null ? null : at.movedAt(),
                at == null ? 0 : at.delivered(),
                counts.get(1, Long.class),
                counts.get(2, Long.class),
                instant(counts.get(3, OffsetDateTime.class)),
                horizon,
                holder(tx, horizon),
                at == null ? 0 : at.attempts(),
                at == null ? null : at.lastError(),
                at == null ? null : at.retryAt());
    }

    /** The session or prepared transaction whose id is {@code horizon}; {@code null} if none is running. */
    /** The process id of the session that holds the consumer's lock, if one does. */
    Integer lockHolder(DSLContext dsl, String consumer) {
        return dsl.resultQuery(selectLockHolder, positionTable, consumer).fetchOptional(0, Integer.class).orElse(null);
    }

    FeedStatus.Holder holder(DSLContext dsl, long horizon) {
        String xid = Long.toUnsignedString(horizon);
        Record row = dsl.resultQuery(selectHolder, xid, xid).fetchOne();
        return row == null ? null : new FeedStatus.Holder(
                row.get(0, Integer.class), row.get(1, String.class), row.get(2, String.class), row.get(3, String.class));
    }

    private FeedEvent event(Record row, int offset) {
        HistoryEntry entry = new HistoryEntry(
                row.get(offset, Long.class),
                row.get(offset + 1, Long.class),
                row.get(offset + 2, String.class),
                row.get(offset + 3, String.class),
                row.get(offset + 4, String.class),
                row.get(offset + 5, String.class),
                row.get(offset + 6, String.class),
                row.get(offset + 7, String.class),
                row.get(offset + 8, OffsetDateTime.class));
        return new FeedEvent(workflow, new FeedPosition(xid(row.get(offset + 10, String.class)), entry.id()), entry,
                row.get(offset + 9, Long.class));
    }

    private static long xid(String text) {
        return Long.parseUnsignedLong(text);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** Replaces each {@code {name}} with the quoted SQL name it stands for. */
    private static String fill(Map<String, String> names, String template) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder sql = new StringBuilder();
        while (placeholder.find()) {
            String name = names.get(placeholder.group(1));
            if (name == null) {
                throw new IllegalArgumentException("no name for " + placeholder.group());
            }
            placeholder.appendReplacement(sql, Matcher.quoteReplacement(RENDERER.render(DSL.name(name))));
        }
        return placeholder.appendTail(sql).toString();
    }

    /** A consumer's row in the position table. */
    record Position(
            FeedPosition at,
            long delivered,
            Instant movedAt,
            int attempts,
            String lastError,
            Instant retryAt,
            boolean waiting) {}

    /**
     * What one read found.
     *
     * @param events the batch, in the feed's order
     * @param horizon the horizon the batch was read below
     * @param oldestHeld when the transaction of the first event above the horizon started; {@code null} if none is held
     * @param readAt when the read ran, by the database's clock
     */
    record Read(List<FeedEvent> events, long horizon, Instant oldestHeld, Instant readAt) {}

    /** A handler's failure, as recorded. */
    record Failure(int attempts, Instant retryAt) {}
}
