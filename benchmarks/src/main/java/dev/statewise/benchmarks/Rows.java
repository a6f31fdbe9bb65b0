package dev.statewise.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the benchmark expects of one design's rows: for each, its id, whether it is in review, its
 * version and how many transitions the clients made it take. Client threads own disjoint slices,
 * so no entry is ever written by two threads at once.
 */
final class Rows {

    final long[] ids;
    final boolean[] inReview;
    final long[] versions;
    final long[] startVersions;
    final long[] transitions;

    private Rows(long[] ids, boolean[] inReview, long[] versions) {
        this.ids = ids;
        this.inReview = inReview;
        this.versions = versions;
        this.startVersions = versions.clone();
        this.transitions = new long[ids.length];
    }

    /** The rows of the schema's workflow table. */
    static Rows read(Connection connection, Schema schema) throws SQLException {
        List<long[]> read = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT id, status = 'IN_REVIEW', version FROM " + schema.workflowTable() + " ORDER BY id");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                read.add(new long[] {rs.getLong(1), rs.getBoolean(2) ? 1 : 0, rs.getLong(3)});
            }
        }
        long[] ids = new long[read.size()];
        boolean[] inReview = new boolean[read.size()];
        long[] versions = new long[read.size()];
        for (int k = 0; k < read.size(); k++) {
            ids[k] = read.get(k)[0];
            inReview[k] = read.get(k)[1] == 1;
            versions[k] = read.get(k)[2];
        }
        return new Rows(ids, inReview, versions);
    }

    int size() {
        return ids.length;
    }

    long totalTransitions() {
        long total = 0;
        for (long t : transitions) {
            total += t;
        }
        return total;
    }
}
