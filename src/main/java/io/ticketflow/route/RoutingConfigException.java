package io.ticketflow.route;

import io.ticketflow.config.ConfigFileException;
import java.util.List;

/** A rule file that cannot be used; each problem names the file, the line and the field. */
public class RoutingConfigException extends ConfigFileException {

    public RoutingConfigException(List<String> problems) {
        super(problems);
    }
}
