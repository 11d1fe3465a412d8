package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one Elasticsearch client of the application (8.19 client: speaks to ES 8 and 9 servers). */
@Configuration(proxyBeanMethods = false)
class ElasticsearchClientConfiguration {

    @Bean(destroyMethod = "close")
    RestClient elasticsearchRestClient(ElasticsearchProperties properties) {
        if (properties.url() == null || properties.url().isBlank()) {
            throw new IllegalStateException("ticketflow.elasticsearch.url is not set and no embedded node was started");
        }
        return RestClient.builder(HttpHost.create(properties.url()))
                .setRequestConfigCallback(c -> c.setConnectTimeout(5_000).setSocketTimeout(30_000))
                // Ticketflow sends no credentials, but the low-level client puts a Basic scheme per node into an
                // auth cache, which the HTTP client reads back through Java deserialization on every request (to
                // find nothing to send): without the cache that per-request work is gone, and nothing else changes
                .setHttpClientConfigCallback(b -> b.disableAuthCaching())
                .build();
    }

    @Bean
    ElasticsearchClient elasticsearchClient(RestClient restClient, ElasticsearchProperties properties) {
        ObjectMapper mapper = documentMapper();
        ElasticsearchTransport transport = new RestClientTransport(restClient, new JacksonJsonpMapper(mapper));
        ElasticsearchProperties.Batching batching = properties.batching();
        if (batching.enabled()) {
            transport = new CoalescingTransport(transport, restClient, mapper, batching);
        }
        return new ElasticsearchClient(transport);
    }

    /** How documents are written to and read from the store (the client's JSON mapper). */
    static ObjectMapper documentMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** The batching figures under /actuator/metrics (ticketflow.elasticsearch.*), when batching is on. */
    @Bean
    MeterBinder elasticsearchBatchingMetrics(ElasticsearchClient client) {
        return registry -> {
            if (client._transport() instanceof CoalescingTransport coalescing) {
                coalescing.bindTo(registry);
            }
        };
    }
}
