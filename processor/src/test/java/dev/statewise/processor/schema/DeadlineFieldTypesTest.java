package dev.statewise.processor.schema;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.statewise.processor.checks.TimeoutChecks;
import dev.statewise.processor.model.ColumnSize;
import dev.statewise.processor.model.Field;
import dev.statewise.processor.model.FieldType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The field a {@code @Timeout(at)} names holds an instant: the checks accept exactly the types whose
 * column is a {@code timestamptz}, so a type mapped there later is accepted without a second edit.
 */
class DeadlineFieldTypesTest {

    @Test
    void aDeadlineFieldIsOfATypeStoredAsTimestamptz() {
        for (FieldType.Kind kind : FieldType.Kind.values()) {
            if (kind == FieldType.Kind.UNSUPPORTED) {
                continue;
            }
            FieldType type = new FieldType(kind, "Type", kind == FieldType.Kind.ENUM ? List.of("A") : List.of());
            Field field = new Field("due", "due", type, Field.Presence.ALWAYS, List.of(), List.of(),
                    ColumnSize.DEFAULT, "", "", "", Optional.empty(), Optional.empty());
            assertWithMessage("whether a %s field may hold a deadline", kind)
                    .that(TimeoutChecks.holdsAnInstant(type))
                    .isEqualTo(SchemaBuilder.sqlType(field).base().equals("timestamptz"));
        }
    }
}
