package workflows;

import dev.statewise.dsl.Events;
import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Workflow;

/** A parcel whose state changes are read as an event feed, by a mailer and a search index. */
@Workflow(events = Events.FEED_WITH_NOTIFY)
public interface Parcel {

    enum Status { @Initial PACKED, SHIPPED, @Terminal DELIVERED, @Terminal LOST }

    /** Who it goes to. */
    String recipient();

    /** Where it is, as the carrier reported it last. */
    @Nullable String location();

    @Transition(from = "PACKED", to = "SHIPPED")
    Parcel ship();

    /** The carrier reports where it is: the state stays, the history records it. */
    @Transition(from = "SHIPPED", to = "SHIPPED")
    Parcel track(String location);

    @Transition(from = "SHIPPED", to = "DELIVERED")
    Parcel deliver();

    @Transition(from = {"PACKED", "SHIPPED"}, to = "LOST")
    Parcel lose();
}
