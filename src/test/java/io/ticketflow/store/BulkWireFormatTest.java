package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.CreateRequest;
import co.elastic.clients.elasticsearch.core.IndexRequest;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkWireFormatTest {

    private final ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private final BulkWireFormat format = new BulkWireFormat(new JacksonJsonpMapper(json), json);

    /** The action line as the ObjectMapper writes it from maps (what the items were made of before). */
    private String mapLine(String action, String index, String id, Long seqNo, Long term) throws Exception {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("_index", index);
        meta.put("_id", id);
        if (seqNo != null) {
            meta.put("if_seq_no", seqNo);
            meta.put("if_primary_term", term);
        }
        return json.writeValueAsString(Map.of(action, meta));
    }

    private String[] lines(Object request) throws Exception {
        return new String(format.itemOf(request).bytes(), StandardCharsets.UTF_8).split("\n", -1);
    }

    @Test
    void itemLinesAreTheBytesTheMapsGave() throws Exception {
        Map<String, Object> doc = Map.of("subject", "Grüße \"quoted\" \u2028 line", "n", 3);
        String[] index = lines(IndexRequest.of(r -> r.index("bench-raw").id("a\"b\\c<é>").document(doc)));
        assertThat(index).hasSize(3);
        assertThat(index[0]).isEqualTo(mapLine("index", "bench-raw", "a\"b\\c<é>", null, null));
        assertThat(index[1]).isEqualTo(json.writeValueAsString(doc));
        assertThat(index[2]).isEmpty();

        String[] guarded = lines(IndexRequest.of(r -> r.index("t").id("1").ifSeqNo(12L).ifPrimaryTerm(3L).document(doc)));
        assertThat(guarded[0]).isEqualTo(mapLine("index", "t", "1", 12L, 3L))
                .isEqualTo("{\"index\":{\"_index\":\"t\",\"_id\":\"1\",\"if_seq_no\":12,\"if_primary_term\":3}}");

        String[] create = lines(CreateRequest.of(r -> r.index("m").id("x@y").document(doc)));
        assertThat(create[0]).isEqualTo(mapLine("create", "m", "x@y", null, null));
    }
}
