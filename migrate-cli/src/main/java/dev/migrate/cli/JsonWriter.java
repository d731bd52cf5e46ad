package dev.migrate.cli;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes JSON from maps (keys in their order), lists, strings, numbers, booleans and null,
 * indented by two spaces: all that the document of {@code --output=json} needs, without a JSON
 * library to load.
 */
final class JsonWriter {

    private final StringBuilder json = new StringBuilder();

    private JsonWriter() {}

    static String write(@Nullable Object value) {
        JsonWriter writer = new JsonWriter();
        writer.value(value, 0);
        return writer.json.append('\n').toString();
    }

    private void value(@Nullable Object value, int depth) {
        if (value == null) {
            json.append("null");
        } else if (value instanceof String text) {
            string(text);
        } else if (value instanceof Number || value instanceof Boolean) {
            json.append(value);
        } else if (value instanceof Map<?, ?> map) {
            object(map, depth);
        } else if (value instanceof List<?> list) {
            array(list, depth);
        } else {
            throw new IllegalArgumentException("no JSON for " + value.getClass().getName());
        }
    }

    private void object(Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            json.append("{}");
            return;
        }
        json.append('{');
        String separator = "";
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            json.append(separator);
            indent(depth + 1);
            string(String.valueOf(entry.getKey()));
            json.append(": ");
            value(entry.getValue(), depth + 1);
            separator = ",";
        }
        indent(depth);
        json.append('}');
    }

    private void array(List<?> list, int depth) {
        if (list.isEmpty()) {
            json.append("[]");
            return;
        }
        json.append('[');
        String separator = "";
        for (Object item : list) {
            json.append(separator);
            indent(depth + 1);
            value(item, depth + 1);
            separator = ",";
        }
        indent(depth);
        json.append(']');
    }

    private void indent(int depth) {
        json.append('\n');
        for (int i = 0; i < depth; i++) {
            json.append("  ");
        }
    }

    private void string(String text) {
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
                        String hex = Integer.toHexString(c);
                        json.append("\\u").append("0000", hex.length(), 4).append(hex);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
