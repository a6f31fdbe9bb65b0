package workflows;

import dev.statewise.dsl.Initial;
import dev.statewise.dsl.Nullable;
import dev.statewise.dsl.References;
import dev.statewise.dsl.RequiredIn;
import dev.statewise.dsl.Terminal;
import dev.statewise.dsl.Transition;
import dev.statewise.dsl.Unique;
import dev.statewise.dsl.Workflow;
import org.jooq.JSONB;

/** A parcel on its way to the buyer of a purchase; a purchase may need several. */
@Workflow
public interface Delivery {

    enum Status { @Initial PACKED, SHIPPED, @Terminal DELIVERED, @Terminal RETURNED }

    /** The purchase it delivers. */
    @References(Purchase.class)
    long purchaseId();

    /** The carrier's tracking code: carriers reuse the codes of returned parcels. */
    @Unique({"SHIPPED", "DELIVERED"})
    @RequiredIn({"SHIPPED", "DELIVERED", "RETURNED"})
    String trackingCode();

    /** The purchase this parcel replaces, at most one parcel per purchase. */
    @Nullable
    @References(Purchase.class)
    @Unique
    Long replacesPurchaseId();

    /** What the carrier reports on delivery. */
    @Nullable JSONB proofOfDelivery();

    @Transition(from = "PACKED", to = "SHIPPED")
    Delivery ship(String trackingCode);

    @Transition(from = "SHIPPED", to = "DELIVERED")
    Delivery deliver(JSONB proofOfDelivery);

    @Transition(from = "SHIPPED", to = "RETURNED")
    Delivery returnToSender();
}
