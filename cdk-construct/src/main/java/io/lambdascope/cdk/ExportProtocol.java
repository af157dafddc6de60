package io.lambdascope.cdk;

/** Wire format of the extension's export requests (`LAMBDASCOPE_EXPORT_PROTOCOL`). */
public enum ExportProtocol {
    /** OTLP/HTTP with protobuf bodies, what every OTLP backend accepts. */
    HTTP_PROTOBUF("http/protobuf"),
    /** OTLP/HTTP with JSON bodies. */
    HTTP_JSON("http/json");

    private final String value;

    ExportProtocol(String value) {
        this.value = value;
    }

    /**
     * The value of the variable.
     *
     * @return the value of `LAMBDASCOPE_EXPORT_PROTOCOL`
     */
    public String value() {
        return value;
    }
}
