package io.lambdascope.extension.tags;

import java.util.Map;
import java.util.Optional;

/**
 * Attributes added to the resource of everything exported, known only some time after start.
 * Thread-safe.
 */
public interface ResourceTags {

    /** None: the resource is complete from the start. */
    ResourceTags NONE = deadlineNanos -> Optional.of(Map.of());

    /**
     * The attributes, waiting for a fetch in progress at most until the deadline.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @return the attributes (empty when there are none or they cannot be had); empty while they are
     *         still being fetched, when the export should wait rather than go out without them
     */
    Optional<Map<String, String>> await(long deadlineNanos);
}
