package io.drsorch.drctl.plans;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Plans and groups as a person reads them: YAML-like, one wave per block. */
final class Pretty {

  private Pretty() {}

  static String definition(JsonNode item, String idField) {
    StringBuilder out = new StringBuilder();
    out.append(idField).append(": ").append(item.path(idField).asText()).append('\n');
    item.fields()
        .forEachRemaining(
            field -> {
              if (field.getKey().equals(idField) || field.getValue().isNull()) {
                return;
              }
              if (field.getKey().equals("waves")) {
                out.append("waves:\n");
                field.getValue().forEach(wave -> wave(out, wave));
              } else if (field.getValue().isArray()) {
                out.append(field.getKey()).append(": ").append(list(field.getValue())).append('\n');
              } else {
                out.append(field.getKey())
                    .append(": ")
                    .append(field.getValue().asText())
                    .append('\n');
              }
            });
    return out.toString().stripTrailing();
  }

  private static void wave(StringBuilder out, JsonNode wave) {
    out.append("  - id: ").append(wave.path("id").asText()).append('\n');
    wave.fields()
        .forEachRemaining(
            field -> {
              if (field.getKey().equals("id") || field.getValue().isNull()) {
                return;
              }
              String value =
                  field.getValue().isArray() ? list(field.getValue()) : field.getValue().asText();
              out.append("    ").append(field.getKey()).append(": ").append(value).append('\n');
            });
  }

  private static String list(JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(item -> items.add(item.asText()));
    return "[" + String.join(", ", items) + "]";
  }
}
