package dev.migrate.report;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes JSON from maps (keys in their order), lists, strings, numbers, booleans and null,
 * indented by two spaces and ended by a new line: all that {@link CommandJson} needs, without a
 * JSON library to load.
 */
final class JsonWriter {

    private JsonWriter() {}

    static String write(@Nullable Object value) {
        StringBuilder json = new StringBuilder();
        write(json, value, 0);
        return json.append('\n').toString();
    }

    private static void write(StringBuilder json, @Nullable Object value, int depth) {
        if (value == null) {
            json.append("null");
        } else if (value instanceof String text) {
            string(json, text);
        } else if (value instanceof Number || value instanceof Boolean) {
            json.append(value);
        } else if (value instanceof Map<?, ?> map) {
            object(json, map, depth);
        } else if (value instanceof List<?> list) {
            array(json, list, depth);
        } else {
            throw new IllegalArgumentException("no JSON for " + value.getClass().getName());
        }
    }

    private static void object(StringBuilder json, Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            json.append("{}");
            return;
        }
        json.append('{');
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<?, ?> entry = entries.next();
            newLine(json, depth + 1);
            string(json, String.valueOf(entry.getKey()));
            json.append(": ");
            write(json, entry.getValue(), depth + 1);
            if (entries.hasNext()) {
                json.append(',');
            }
        }
        newLine(json, depth);
        json.append('}');
    }

    private static void array(StringBuilder json, List<?> list, int depth) {
        if (list.isEmpty()) {
            json.append("[]");
            return;
        }
        json.append('[');
        for (int i = 0; i < list.size(); i++) {
            newLine(json, depth + 1);
            write(json, list.get(i), depth + 1);
            if (i < list.size() - 1) {
                json.append(',');
            }
        }
        newLine(json, depth);
        json.append(']');
    }

    private static void newLine(StringBuilder json, int depth) {
        json.append('\n').append("  ".repeat(depth));
    }

    private static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
