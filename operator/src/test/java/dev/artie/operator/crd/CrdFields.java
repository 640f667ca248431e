package dev.artie.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Flattens the generated CRD's spec schema into one row per leaf field: path, type, default. */
final class CrdFields {
    record Field(String path, String type, String defaultValue, String description) {}

    private CrdFields() {}

    static List<Field> specFields(String crdYaml) {
        JsonNode crd = Serialization.unmarshal(crdYaml, JsonNode.class);
        JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        var fields = new ArrayList<Field>();
        walk("spec", spec, fields);
        return fields;
    }

    private static void walk(String path, JsonNode schema, List<Field> out) {
        String type = schema.path("type").asText();
        if (schema.has("properties")) {
            Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields();
            while (it.hasNext()) {
                var entry = it.next();
                walk(path + "." + entry.getKey(), entry.getValue(), out);
            }
            return;
        }
        if ("array".equals(type) && schema.path("items").has("properties")) {
            walk(path + "[]", schema.get("items"), out);
            return;
        }
        String shownType = switch (type) {
            case "array" -> schema.path("items").path("type").asText() + "[]";
            case "object" ->
                "map[string]" + schema.path("additionalProperties").path("type").asText();
            default -> type;
        };
        String defaultValue = schema.has("default") ? schema.get("default").asText() : "";
        out.add(new Field(
                path, shownType, defaultValue, schema.path("description").asText()));
    }
}
