package org.rnnlab.api;

import java.util.Set;
import java.util.stream.Collectors;
import org.rnnlab.api.spi.Availability;

/**
 * What the registry learned about one provider: for {@code rnnlab backends} and for error messages.
 *
 * @param backend      backend name, or the provider class name when the provider could not even be loaded
 * @param priority     its priority (0 when it could not be loaded)
 * @param kinds        the kinds it offers (empty when it could not be loaded)
 * @param availability the probe's answer, with its reason
 * @param className    the provider class, for diagnosing plugins
 */
public record ProviderStatus(String backend, int priority, Set<String> kinds, Availability availability, String className) {

    /** One line: {@code cpu  priority 100  rnn, gru, lstm  available: pure Java}. */
    public String describe() {
        return describe(10, 14);
    }

    /** One line with the name and kinds padded to the given widths, so that a list of providers lines up. */
    public String describe(int nameWidth, int kindsWidth) {
        return String.format("%-" + nameWidth + "s priority %-4d kinds %-" + kindsWidth + "s %s", backend, priority, kindsText(), availability);
    }

    /** The kinds, sorted, comma-separated ({@code -} when none). */
    public String kindsText() {
        return kinds.isEmpty() ? "-" : kinds.stream().sorted().collect(Collectors.joining(","));
    }
}
