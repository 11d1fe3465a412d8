package io.ticketflow.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the ticket store lives.
 *
 * @param url         base URL of the cluster; empty means "start the embedded node" (see {@code io.ticketflow.embedded})
 * @param indexPrefix prefix of every index, alias and template name, so several installations can share a cluster
 * @param replicas    replicas per index: 0 for a single node, 1+ in production clusters
 */
@ConfigurationProperties("ticketflow.elasticsearch")
public record ElasticsearchProperties(String url, String indexPrefix, Integer replicas) {

    public ElasticsearchProperties {
        indexPrefix = indexPrefix == null || indexPrefix.isBlank() ? "ticketflow" : indexPrefix;
        replicas = replicas == null ? 0 : replicas;
    }
}
