package dev.statewise.test;

import javax.sql.DataSource;

/** Whom an injected {@code DataSource} or {@code DSLContext} logs in as. */
enum Login {

    /** The user {@link TestDatabase} connects as; a superuser on the embedded server. */
    SERVER_USER,
    /** {@link TestSchema#ownerRole()}, chosen by {@link AsOwner}. */
    OWNER,
    /** {@link TestSchema#applicationRole()}, chosen by {@link AsApplication}. */
    APPLICATION;

    DataSource dataSource(TestSchema schema) {
        switch (this) {
            case OWNER:
                return schema.ownerDataSource();
            case APPLICATION:
                return schema.applicationDataSource();
            default:
                return schema.dataSource();
        }
    }
}
