package io.lambdascope.extension.config;

/**
 * A variable whose value could not be used; its default applies instead.
 *
 * @param variable the environment variable
 * @param shownValue its value as the log may show it ({@code <redacted>} for secrets)
 * @param reason why it was not used, lowercase
 * @param consequence what the extension does instead
 */
public record ConfigurationProblem(String variable, String shownValue, String reason, String consequence) {

    /** One line for the log. */
    public String message() {
        return "%s=%s is not used: %s; %s".formatted(variable, shownValue, reason, consequence);
    }
}
