package dev.statewise.samples.orders;

import dev.statewise.conformance.Conformance;
import dev.statewise.test.PostgresTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL itself enforces every rule of the three workflows, whatever sends the SQL: every edge
 * is accepted and recorded, every other change of state, missing field, field out of its state and
 * change to the history is refused; a payment or shipment naming no order is refused, and so is a
 * second parcel on the road with a tracking number already in use. (The guard and the order desk's
 * rules are Java's: no database sees them.)
 */
@PostgresTest(migrations = "classpath:db/migration")
class OrderManagementConformanceTest {

    @Test
    void theDatabaseEnforcesTheOrderWorkflow(DataSource dataSource) {
        Conformance.assertConforms(OrderWorkflow.DESCRIPTOR, dataSource);
    }

    @Test
    void theDatabaseEnforcesThePaymentWorkflow(DataSource dataSource) {
        Conformance.assertConforms(PaymentWorkflow.DESCRIPTOR, dataSource);
    }

    @Test
    void theDatabaseEnforcesTheShipmentWorkflow(DataSource dataSource) {
        Conformance.assertConforms(ShipmentWorkflow.DESCRIPTOR, dataSource);
    }
}
