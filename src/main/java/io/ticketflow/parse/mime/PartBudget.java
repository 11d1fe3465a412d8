package io.ticketflow.parse.mime;

import java.util.List;

/**
 * The depth and part limits of one walk, shared by the forwarded messages and unpacked containers inside it: each limit
 * is warned about once.
 */
final class PartBudget {

    private final MimeLimits limits;
    private final List<String> warnings;
    private int parts;
    private boolean depthWarned;

    PartBudget(MimeLimits limits, List<String> warnings) {
        this.limits = limits;
        this.warnings = warnings;
    }

    /** True (with one warning per walk) when a part at this depth is past the nesting limit. */
    boolean tooDeep(int depth) {
        if (depth <= limits.maxDepth()) {
            return false;
        }
        if (!depthWarned) {
            warnings.add("MIME nesting deeper than " + limits.maxDepth() + " levels: deeper parts skipped");
            depthWarned = true;
        }
        return true;
    }

    /** Counts one more MIME part; true (with one warning) when it is past the part limit. */
    boolean overPartLimit() {
        if (++parts <= limits.maxParts()) {
            return false;
        }
        if (parts == limits.maxParts() + 1) {
            warnings.add("more than " + limits.maxParts() + " MIME parts: the rest skipped");
        }
        return true;
    }

    /** Whether a file unpacked from a container at this depth may still be read; counts it as a part if so. */
    boolean mayUnpack(int containerDepth) {
        return !(containerDepth + 1 > limits.maxDepth() || ++parts > limits.maxParts());
    }
}
