package dev.statewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnsTest {

    /**
     * A column constant left out of ALL would let a field take its name; the processor reads ALL.
     * A suffix is no column's name: it ends the names derived from the state column.
     */
    @Test
    void allNamesEveryColumnConstantOnce() throws IllegalAccessException {
        List<String> constants = new ArrayList<>();
        for (Field field : Columns.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().equals("ALL_SEPARATED_BY_SPACES")
                    && !field.getName().endsWith("_SUFFIX")) {
                constants.add((String) field.get(null));
            }
        }

        List<String> all = new ArrayList<>(Columns.ALL);
        constants.sort(null);
        all.sort(null);
        assertEquals(constants, all);
        assertEquals(String.join(" ", Columns.ALL), Columns.ALL_SEPARATED_BY_SPACES);
    }
}
