package io.ticketflow.screen.monitoring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The monitoring formats in use: {@code ticketflow.monitoring.formats-file} when set (replacing the shipped list),
 * else the shipped one. Read at start: a broken file stops the start with its file:line problems.
 */
@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

    @Bean
    MonitoringFormats monitoringFormats(@Value("${ticketflow.monitoring.formats-file:}") String file) {
        return MonitoringFormats.load(file);
    }
}
