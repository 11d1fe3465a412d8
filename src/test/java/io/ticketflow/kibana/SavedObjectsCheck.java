package io.ticketflow.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.kibana.SavedObjectsFile.Reference;
import io.ticketflow.kibana.SavedObjectsFile.SavedObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks what Kibana would only find out at import or when a panel renders: references, Lens layer wiring, dashboard
 * layout, and every field a visualization or search uses against our index templates. Collects problems instead of
 * stopping at the first, so one run lists everything to fix.
 */
final class SavedObjectsCheck {

    /** Lens visualization types Kibana 8.8+ and 9.x render. */
    static final Set<String> LENS_TYPES = Set.of("lnsXY", "lnsMetric", "lnsPie", "lnsDatatable", "lnsGauge",
            "lnsHeatmap", "lnsTagcloud", "lnsLegacyMetric", "lnsMosaic", "lnsWaffle", "lnsTreemap", "lnsPartition");

    private static final Pattern KQL_FIELD = Pattern.compile("(?<![\\w.@])([A-Za-z_@][\\w.@]*)\\s*:");
    private static final Pattern KQL_QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    private final SavedObjectsFile file;
    private final Map<String, TemplateFields> templatesByDataView;
    private final Map<String, String> pendingKinds;
    final List<String> problems = new ArrayList<>();
    /** data view title (alias) -> fields used by the objects of the file. */
    final Map<String, Set<String>> fieldsUsed = new TreeMap<>();
    private final Map<String, SavedObject> byTypeAndId = new LinkedHashMap<>();
    private final Map<TemplateFields, String> aliasOfTemplate = new java.util.IdentityHashMap<>();

    /**
     * @param templatesByAlias the template behind each alias a data view may point at
     * @param pendingKinds     "alias:field" -> JSON kind ("string", "number") of fields other issues are adding, which
     *                         resolve through dynamic mapping until their template mapping lands
     */
    SavedObjectsCheck(SavedObjectsFile file, Map<String, TemplateFields> templatesByAlias,
            Map<String, String> pendingKinds) {
        this.file = file;
        this.templatesByDataView = new LinkedHashMap<>();
        this.pendingKinds = pendingKinds;
        templatesByAlias.forEach((alias, template) -> aliasOfTemplate.put(template, alias));
        for (SavedObject o : file.objects()) {
            if (byTypeAndId.put(o.type() + ":" + o.id(), o) != null) {
                problem(o, "duplicate id");
            }
            if (o.type().equals("index-pattern")) {
                String title = o.attributes().path("title").asText();
                TemplateFields template = templatesByAlias.get(title);
                if (template == null) {
                    problem(o, "data view title '" + title + "' is none of our aliases " + templatesByAlias.keySet());
                }
                else {
                    templatesByDataView.put(o.id(), template);
                }
            }
        }
        Set<String> ids = new HashSet<>();
        for (SavedObject o : file.objects()) {
            if (!ids.add(o.id())) {
                problem(o, "id used by two objects; Kibana's UI and the import's conflict handling key on it");
            }
        }
    }

    SavedObjectsCheck run() {
        for (SavedObject o : file.objects()) {
            checkVersions(o);
            checkReferencesResolve(o);
            switch (o.type()) {
                case "index-pattern" -> checkDataView(o);
                case "search" -> checkSearch(o);
                case "lens" -> checkLens(o);
                case "dashboard" -> checkDashboard(o);
                default -> problem(o, "type " + o.type() + " is not one this file is expected to ship");
            }
        }
        return this;
    }

    /**
     * Root fields every 8.8+ Kibana accepts. Later ones (managed, created_by ...) would be rejected by the strict root
     * mapping of an older 8.x saved objects index.
     */
    static final Set<String> ROOT_FIELDS = Set.of("type", "id", "attributes", "references", "coreMigrationVersion",
            "typeMigrationVersion");

    private void checkVersions(SavedObject o) {
        o.raw().fieldNames().forEachRemaining(name -> {
            if (!ROOT_FIELDS.contains(name)) {
                problem(o, "root field '" + name + "' is not one every Kibana from 8.8 on accepts " + ROOT_FIELDS);
            }
        });
        String core = o.raw().path("coreMigrationVersion").asText("");
        String typeVersion = o.raw().path("typeMigrationVersion").asText("");
        if (!core.matches("8\\.\\d+\\.\\d+") || compare(core, "8.8.0") < 0) {
            problem(o, "coreMigrationVersion '" + core + "' must be an 8.x version from 8.8.0 on, so 8.x and 9.x "
                    + "migrate the object on import");
        }
        if (!typeVersion.matches("[78]\\.\\d+\\.\\d+") || (core.matches("8.*") && compare(typeVersion, core) > 0)) {
            problem(o, "typeMigrationVersion '" + typeVersion + "' must be a 7.x/8.x version not above "
                    + "coreMigrationVersion");
        }
        if (o.raw().has("migrationVersion")) {
            problem(o, "has both migrationVersion (pre-8.8) and typeMigrationVersion: keep one");
        }
    }

    private void checkReferencesResolve(SavedObject o) {
        Set<String> names = new HashSet<>();
        for (Reference r : o.references()) {
            if (!names.add(r.name())) {
                problem(o, "reference name '" + r.name() + "' used twice");
            }
            if (!byTypeAndId.containsKey(r.type() + ":" + r.id())) {
                problem(o, "reference '" + r.name() + "' points at " + r.type() + " " + r.id()
                        + ", which is not in the file");
            }
        }
    }

    private void checkDataView(SavedObject o) {
        TemplateFields template = templatesByDataView.get(o.id());
        String timeField = o.attributes().path("timeFieldName").asText("");
        if (template != null) {
            String alias = o.attributes().path("title").asText();
            use(alias, timeField);
            template.mappedField(timeField).filter(f -> f.type().equals("date")).ifPresentOrElse(f -> {
            }, () -> problem(o, "time field '" + timeField + "' is not a date field of " + alias));
        }
    }

    private void checkSearch(SavedObject o) {
        JsonNode source = o.attributes().path("kibanaSavedObjectMeta").path("searchSourceJSON");
        String refName = source.path("indexRefName").asText("");
        Reference ref = reference(o, refName);
        if (ref == null || !ref.type().equals("index-pattern")) {
            problem(o, "searchSourceJSON.indexRefName '" + refName + "' has no index-pattern reference");
            return;
        }
        TemplateFields template = templatesByDataView.get(ref.id());
        if (template == null) {
            return;
        }
        checkQuery(o, template, source.path("query"), "query");
        for (JsonNode column : o.attributes().path("columns")) {
            checkField(o, template, column.asText(), null, false, "column");
        }
        for (JsonNode sort : o.attributes().path("sort")) {
            checkField(o, template, sort.path(0).asText(), null, true, "sort");
            if (!Set.of("asc", "desc").contains(sort.path(1).asText())) {
                problem(o, "sort direction '" + sort.path(1).asText() + "' is neither asc nor desc");
            }
        }
    }

    private void checkLens(SavedObject o) {
        JsonNode attributes = o.attributes();
        String visualizationType = attributes.path("visualizationType").asText("");
        if (!LENS_TYPES.contains(visualizationType)) {
            problem(o, "visualizationType '" + visualizationType + "' is not a Lens visualization");
        }
        JsonNode state = attributes.path("state");
        JsonNode datasources = state.path("datasourceStates");
        for (Iterator<String> names = datasources.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("formBased", "textBased").contains(name)) {
                problem(o, "datasource '" + name + "' is not formBased (the 8.6+ name) or textBased");
            }
        }
        JsonNode layers = datasources.path("formBased").path("layers");
        if (layers.isEmpty()) {
            problem(o, "no formBased layer");
        }
        Set<String> columnIds = new HashSet<>();
        Set<String> layerIds = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = layers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> layer = it.next();
            layerIds.add(layer.getKey());
            Reference ref = reference(o, "indexpattern-datasource-layer-" + layer.getKey());
            if (ref == null || !ref.type().equals("index-pattern")) {
                problem(o, "layer " + layer.getKey() + " has no reference 'indexpattern-datasource-layer-"
                        + layer.getKey() + "' to a data view");
                continue;
            }
            TemplateFields template = templatesByDataView.get(ref.id());
            checkLayer(o, layer.getKey(), layer.getValue(), template, columnIds);
            if (template != null) {
                checkQuery(o, template, state.path("query"), "state.query");
            }
        }
        for (Reference r : o.references()) {
            if (r.name().startsWith("indexpattern-datasource-layer-")
                    && !layerIds.contains(r.name().substring("indexpattern-datasource-layer-".length()))) {
                problem(o, "reference '" + r.name() + "' names no layer");
            }
        }
        Set<String> accessors = new LinkedHashSet<>();
        collectAccessors(state.path("visualization"), accessors, layerIds, o);
        for (String accessor : accessors) {
            if (!columnIds.contains(accessor)) {
                problem(o, "visualization uses column '" + accessor + "', which no layer defines");
            }
        }
        for (String column : columnIds) {
            if (!accessors.contains(column)) {
                problem(o, "column '" + column + "' is defined but the visualization does not show it");
            }
        }
    }

    private void checkLayer(SavedObject o, String layerId, JsonNode layer, TemplateFields template,
            Set<String> columnIds) {
        JsonNode columns = layer.path("columns");
        Set<String> order = new LinkedHashSet<>();
        layer.path("columnOrder").forEach(c -> order.add(c.asText()));
        Set<String> defined = new LinkedHashSet<>();
        columns.fieldNames().forEachRemaining(defined::add);
        if (!order.equals(defined)) {
            problem(o, "layer " + layerId + ": columnOrder " + order + " does not list exactly the columns " + defined);
        }
        columnIds.addAll(defined);
        for (Iterator<Map.Entry<String, JsonNode>> it = columns.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode column = entry.getValue();
            String where = "column " + entry.getKey();
            String operation = column.path("operationType").asText("");
            String field = column.path("sourceField").asText("");
            String dataType = column.path("dataType").asText("");
            if (column.path("label").asText("").isBlank()) {
                problem(o, where + " has no label");
            }
            if (operation.equals("count")) {
                if (!field.equals("___records___")) {
                    problem(o, where + ": count must use sourceField ___records___");
                }
            }
            else if (template != null) {
                if (field.isEmpty()) {
                    problem(o, where + ": operation " + operation + " without sourceField");
                }
                else {
                    checkField(o, template, field, dataType, true, where);
                }
            }
            boolean bucketed = Set.of("terms", "date_histogram", "range", "filters").contains(operation);
            if (column.path("isBucketed").asBoolean() != bucketed) {
                problem(o, where + ": isBucketed does not match operation " + operation);
            }
            if (operation.equals("percentile")) {
                int p = column.path("params").path("percentile").asInt(-1);
                if (p <= 0 || p >= 100) {
                    problem(o, where + ": percentile must be between 0 and 100");
                }
            }
            if (operation.equals("terms")) {
                JsonNode orderBy = column.path("params").path("orderBy");
                if (orderBy.path("type").asText().equals("column")
                        && !defined.contains(orderBy.path("columnId").asText())) {
                    problem(o, where + ": terms ordered by column '" + orderBy.path("columnId").asText()
                            + "', which the layer does not define");
                }
            }
            if (template != null && column.has("filter")) {
                checkQuery(o, template, column.path("filter"), where + " filter");
            }
        }
    }

    /** Column ids named by the visualization state, for each visualization type's own keys. */
    private void collectAccessors(JsonNode node, Set<String> out, Set<String> layerIds, SavedObject o) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode value = e.getValue();
                if (key.equals("layerId") && !layerIds.contains(value.asText())) {
                    problem(o, "visualization names layer '" + value.asText() + "', which the datasource lacks");
                }
                if (Set.of("xAccessor", "splitAccessor", "metricAccessor", "secondaryMetricAccessor", "maxAccessor",
                        "breakdownByAccessor", "columnId", "accessor").contains(key) && value.isTextual()) {
                    out.add(value.asText());
                }
                else if (Set.of("accessors", "primaryGroups", "secondaryGroups", "metrics").contains(key)
                        && value.isArray()) {
                    value.forEach(v -> out.add(v.asText()));
                }
                else {
                    collectAccessors(value, out, layerIds, o);
                }
            }
        }
        else if (node.isArray()) {
            node.forEach(v -> collectAccessors(v, out, layerIds, o));
        }
    }

    private void checkDashboard(SavedObject o) {
        JsonNode panels = o.attributes().path("panelsJSON");
        if (!panels.isArray() || panels.isEmpty()) {
            problem(o, "panelsJSON is not a non-empty array");
            return;
        }
        Set<String> usedReferences = new HashSet<>();
        Set<String> panelIndexes = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : panels) {
            String index = panel.path("panelIndex").asText("");
            String where = "panel " + index;
            if (index.isEmpty() || !panelIndexes.add(index)) {
                problem(o, where + ": panelIndex missing or not unique");
            }
            JsonNode grid = panel.path("gridData");
            int x = grid.path("x").asInt(-1);
            int y = grid.path("y").asInt(-1);
            int w = grid.path("w").asInt(0);
            int h = grid.path("h").asInt(0);
            if (!grid.path("i").asText().equals(index)) {
                problem(o, where + ": gridData.i must equal panelIndex");
            }
            if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > 48) {
                problem(o, where + ": gridData outside the 48-column grid");
            }
            for (int[] b : boxes) {
                if (x < b[0] + b[2] && b[0] < x + w && y < b[1] + b[3] && b[1] < y + h) {
                    problem(o, where + ": overlaps another panel");
                }
            }
            boxes.add(new int[] { x, y, w, h });
            String refName = panel.path("panelRefName").asText("");
            if (refName.isEmpty()) {
                problem(o, where + ": no panelRefName (panels embedded by value are not used in this file)");
                continue;
            }
            Reference ref = reference(o, index + ":" + refName);
            if (ref == null) {
                problem(o, where + ": no reference named '" + index + ":" + refName + "'");
                continue;
            }
            usedReferences.add(ref.name());
            if (!ref.type().equals(panel.path("type").asText())) {
                problem(o, where + ": panel type " + panel.path("type").asText() + " but reference to " + ref.type());
            }
        }
        for (Reference r : o.references()) {
            if (!usedReferences.contains(r.name())) {
                problem(o, "reference '" + r.name() + "' is used by no panel");
            }
        }
        if (!o.attributes().path("kibanaSavedObjectMeta").path("searchSourceJSON").isObject()) {
            problem(o, "kibanaSavedObjectMeta.searchSourceJSON must hold a JSON object");
        }
        if (!o.attributes().path("optionsJSON").isObject()) {
            problem(o, "optionsJSON must hold a JSON object");
        }
    }

    private void checkQuery(SavedObject o, TemplateFields template, JsonNode query, String where) {
        if (query.isMissingNode()) {
            return;
        }
        if (!query.path("language").asText().equals("kuery")) {
            problem(o, where + ": language must be kuery");
        }
        for (String field : kqlFields(query.path("query").asText(""))) {
            checkField(o, template, field, null, false, where);
        }
    }

    static Set<String> kqlFields(String kql) {
        Set<String> fields = new LinkedHashSet<>();
        Matcher m = KQL_FIELD.matcher(KQL_QUOTED.matcher(kql).replaceAll("\"\""));
        while (m.find()) {
            fields.add(m.group(1));
        }
        return fields;
    }

    /**
     * @param lensDataType the Lens column's dataType, checked against the mapping; null for searches and queries
     * @param aggregate    whether Kibana aggregates or sorts on it (then it must have doc values, not be text)
     */
    private void checkField(SavedObject o, TemplateFields template, String field, String lensDataType,
            boolean aggregate, String where) {
        String alias = aliasOfTemplate.get(template);
        use(alias, field);
        String pendingKind = pendingKinds.get(alias + ":" + field);
        var resolved = pendingKind == null ? template.mappedField(field) : template.resolve(field, pendingKind);
        if (resolved.isEmpty()) {
            problem(o, where + ": field '" + field + "' is not in the " + alias + " index template"
                    + (pendingKind == null ? "" : " and would not be indexed when it arrives"));
            return;
        }
        TemplateFields.Field f = resolved.get();
        if (!f.searchable() && !aggregate) {
            problem(o, where + ": field '" + field + "' is not indexed, so it cannot be searched");
        }
        if (aggregate && !f.aggregatable()) {
            problem(o, where + ": field '" + field + "' (" + f.type() + ") cannot be aggregated or sorted on");
        }
        if (lensDataType != null && !lensDataType.equals(kibanaType(f.type()))) {
            problem(o, where + ": dataType " + lensDataType + " but '" + field + "' is " + f.type() + " ("
                    + kibanaType(f.type()) + " in Kibana)");
        }
    }

    static String kibanaType(String esType) {
        return switch (esType) {
            case "keyword", "constant_keyword", "wildcard", "text", "match_only_text", "version" -> "string";
            case "long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float",
                    "unsigned_long" -> "number";
            case "date", "date_nanos" -> "date";
            case "boolean" -> "boolean";
            case "ip" -> "ip";
            default -> esType;
        };
    }

    private void use(String alias, String field) {
        fieldsUsed.computeIfAbsent(alias, a -> new TreeSet<>()).add(field);
    }

    private static Reference reference(SavedObject o, String name) {
        return o.references().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    private void problem(SavedObject o, String message) {
        problems.add(file.source() + ":" + o.line() + " " + o.type() + " " + o.id() + ": " + message);
    }

    private static int compare(String a, String b) {
        Matcher ma = VERSION.matcher(a);
        Matcher mb = VERSION.matcher(b);
        if (!ma.matches() || !mb.matches()) {
            return 0;
        }
        for (int i = 1; i <= 3; i++) {
            int c = Integer.compare(Integer.parseInt(ma.group(i)), Integer.parseInt(mb.group(i)));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
