package dev.statewise.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Asks the catalog, over a new connection, whether a schema exists. */
final class SchemaProbe {

    private SchemaProbe() {}

    static boolean exists(DataSource anySchemaOnTheServer, String schema) throws SQLException {
        try (Connection connection = anySchemaOnTheServer.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)")) {
            statement.setString(1, schema);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }
}
