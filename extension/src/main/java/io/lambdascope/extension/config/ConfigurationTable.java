package io.lambdascope.extension.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders {@code docs/configuration.md} from {@link Settings}: the table is generated so that it
 * always says what the code does. A test compares the committed file with {@link #render()}.
 */
public final class ConfigurationTable {

    /** The file, relative to the project root. */
    public static final String FILE = "docs/configuration.md";

    /** How to regenerate the file, for the message of a failing comparison. */
    public static final String REGENERATE_COMMAND =
            "./mvnw -q -pl extension test -Dtest=ConfigurationTableTest -Dlambdascope.docs.write=true";

    private ConfigurationTable() {
    }

    /**
     * Writes the table.
     *
     * @param args the file to write; {@value #FILE} in the working directory when absent
     * @throws IOException when the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : FILE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    /** The whole markdown document. */
    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("""
                # Configuration

                <!-- Generated from io.lambdascope.extension.config.Settings; do not edit by hand.
                     Regenerate with: %s -->

                Lambdascope reads environment variables on the function once, when the extension starts.
                A value that cannot be used is reported once in the extension's log, naming the variable
                and the value (header lists and secrets are shown as `<redacted>`), and the default applies:
                a configuration mistake never breaks the function.

                """.formatted(REGENERATE_COMMAND));
        Group current = null;
        for (Setting<?> setting : Settings.all()) {
            if (setting.group() != current) {
                out.append(current == null ? "" : "\n");
                current = setting.group();
                out.append("## ").append(current.title()).append("\n\n");
                out.append("| variable | type | default | meaning |\n");
                out.append("|---|---|---|---|\n");
            }
            out.append("| `").append(setting.name()).append("` | ")
                    .append(cell(setting.type().name())).append(" | ")
                    .append(cell(setting.defaultText())).append(" | ")
                    .append(cell(setting.description())).append(" |\n");
        }
        out.append("""

                ## Notes

                - Booleans are `true` or `false` in any case; any other text is reported and the default used.
                - Durations are whole milliseconds. Sizes are bytes, or a number with `k`/`KiB` or `m`/`MiB`
                  (powers of 1024).
                - `LAMBDASCOPE_EXPORT_ENDPOINT` must be an `http` or `https` URL. An endpoint on `localhost`,
                  `127.0.0.1` or `::1` at an OTLP port (4317, 4318 or the receiver's configured ports) is the
                  extension's own receiver: it is refused with an error and telemetry goes to the log.
                - The extension never reads `OTEL_EXPORTER_OTLP_*` as its export target: those variables
                  belong to the function's OpenTelemetry SDK and point at the local receiver.
                - `service.name` is `LAMBDASCOPE_SERVICE_NAME`, else `OTEL_SERVICE_NAME`, else
                  `AWS_LAMBDA_FUNCTION_NAME`, else `unknown_service`.
                - `OTEL_RESOURCE_ATTRIBUTES` (`k=v,k2=v2`, percent-decoded) adds resource attributes.
                - `LAMBDASCOPE_SAMPLING` is `all`, `follow-xray` or `ratio:<r>` with `r` from 0 to 1, such as
                  `ratio:0.25`.

                ## Export headers from a secret

                `LAMBDASCOPE_EXPORT_HEADERS_SECRET` names where the export headers are kept:

                | form | read with |
                |---|---|
                | `arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf`, or a secret's name | Secrets Manager `GetSecretValue` (`secretsmanager:GetSecretValue`, and `kms:Decrypt` for a customer key) |
                | `ssm:/path/to/parameter`, `ssm:name`, or `arn:aws:ssm:<region>:<account>:parameter/<name>` | SSM `GetParameter` with decryption (`ssm:GetParameter`, and `kms:Decrypt` for a SecureString) |

                The value is either a header list, `k=v,k2=v2` percent-decoded as in `LAMBDASCOPE_EXPORT_HEADERS`
                (any value with an `=` that is not base64 padding at its end), or a bare token, sent as
                `Authorization: Bearer <token>`. For a JSON secret, add `#<key>` to the reference
                (`my-secret#apiKey`): that key's string is the value. A JSON object without a key named is
                reported, with its keys (never their values).

                - The secret's headers are merged over `LAMBDASCOPE_EXPORT_HEADERS`; on the same name (in any
                  case) the secret's wins.
                - It is read once, when the extension starts, with the function's credentials and in its
                  region (`AWS_REGION`), or the region of the ARN. `AWS_ENDPOINT_URL_SECRETS_MANAGER`,
                  `AWS_ENDPOINT_URL_SSM` and `AWS_ENDPOINT_URL` override the services' endpoints.
                - A 401 or 403 from the backend has it read again, at most once a minute, and the request is
                  sent again at once when the value changed (a rotated secret).
                - While it cannot be read, nothing is exported: telemetry waits in the buffer, within
                  `LAMBDASCOPE_BUFFER_MAX_BYTES`, and the reads are retried after 1 s, 2 s, ... up to a minute.
                  The failure is logged once, naming the secret and the AWS error code, never the value.
                - The AWS SDK pieces it needs (a request signer and an HTTP client) are loaded only when the
                  variable is set.

                ## Function tags

                With `LAMBDASCOPE_TAGS=true` the function's tags join the resource of everything the extension
                exports: the platform's telemetry, captured spans, and what the function's own SDK sends to the
                receiver.

                - Each tag is a resource attribute under the tag's own key (`team`, `cost-center`), AWS's
                  reserved ones included (`aws:cloudformation:stack-name`). A key the resource already has keeps
                  its value: the extension's own attributes (`cloud.region`, `service.name`, ...),
                  `OTEL_RESOURCE_ATTRIBUTES`, and on telemetry from the function's SDK, what the SDK set.
                  `LAMBDASCOPE_REDACT_ATTRIBUTES` drops tags as it drops any attribute.
                - They are read once, in the background, when the extension starts, with the function's
                  credentials and in its region: Lambda `ListTags` on the function's ARN, built from the account
                  id Lambda gives at registration, or learnt with `GetFunction` when it does not. The function's
                  role needs `lambda:ListTags` (and `lambda:GetFunction`); `AWS_ENDPOINT_URL_LAMBDA` and
                  `AWS_ENDPOINT_URL` override Lambda's endpoint.
                - Until they are in, exports wait for them, so that the same telemetry never goes out once
                  without tags and once with: telemetry stays in the buffer for at most
                  `LAMBDASCOPE_EXPORT_TIMEOUT_MS` of waiting in all (time frozen between invocations does not
                  count). The last flush at SHUTDOWN waits for half its time at most.
                - When they cannot be read (access denied, no credentials, no answer in time), one warning names
                  the AWS error code and the permission, and telemetry is exported without tags from then on.
                  Tags changed later are seen by new execution environments only.
                """);
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("\n", " ").replace("|", "\\|");
    }
}
