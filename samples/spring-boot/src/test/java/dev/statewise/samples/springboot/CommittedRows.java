package dev.statewise.samples.springboot;

import static dev.statewise.samples.springboot.jooq.Tables.SUPPORT_TICKET;
import static dev.statewise.samples.springboot.jooq.Tables.SUPPORT_TICKET_HISTORY;

import dev.statewise.samples.springboot.jooq.tables.records.SupportTicketRecord;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * What every other session sees: each query takes a connection of its own from the pool, outside
 * any Spring transaction, so it reads committed rows only.
 */
final class CommittedRows {

    private final DSLContext dsl;

    CommittedRows(DataSource dataSource) {
        // A plain DSLContext on the pool, not Boot's: Boot's joins the current Spring transaction.
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    /** The ticket's row, or null. */
    SupportTicketRecord ticket(long id) {
        return dsl.fetchOne(SUPPORT_TICKET, SUPPORT_TICKET.ID.eq(id));
    }

    /** The ticket's history, oldest first, as "take OPEN -> IN_PROGRESS by ada (reason)". */
    List<String> history(long id) {
        return dsl.selectFrom(SUPPORT_TICKET_HISTORY)
                .where(SUPPORT_TICKET_HISTORY.SUPPORT_TICKET_ID.eq(id))
                .orderBy(SUPPORT_TICKET_HISTORY.ID)
                .fetch(h -> h.getTransition() + " " + h.getFromState() + " -> " + h.getToState()
                        + " by " + h.getActor() + (h.getReason() == null ? "" : " (" + h.getReason() + ")"));
    }

    /** How many tickets there are with this subject. */
    int ticketsAbout(String subject) {
        return dsl.fetchCount(SUPPORT_TICKET, SUPPORT_TICKET.SUBJECT.eq(subject));
    }
}
